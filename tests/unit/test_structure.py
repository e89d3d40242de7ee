"""The shape of the code, kept true for every later change: every module in the folder of
its stage, stages that only look back, short functions, thin command modules, one registry
for the content kinds."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from generator.format import kinds

PACKAGE = Path(__file__).resolve().parents[2] / "generator"
MAX_FUNCTION_LINES = 60
MAX_COMMAND_LINES = 150

# The stages, in the order content goes through them: a module may import a module of its
# own folder or of an earlier one, never a later one.
STAGES = (
    "run",  # what one run stands on: where the tool's files are, what the run keeps
    "diagnostics",  # every message, problems as data, reports
    "format",  # the content format: models, kinds, ids, labels, folding, the tool's data
    "markdown",  # what editors may write in a Markdown field
    "check",  # content folder → Catalog, or every mistake; caches of what changed
    "authoring",  # the skeletons of `passerelles new`: built on the format and the check
    "plan",  # Catalog → pages
    "render",  # pages → Markdown files
    "search",  # the search index of the built site
    "trust",  # the security policy and the scan of every output
    "export",  # course packages
    "generate",  # the pipeline in one call
    "linkcheck",  # external addresses, asked
)
# What drives the stages: MkDocs' plugin, the preview, publishing, the command line. They
# may import any stage and each other (cycles are still refused); no stage imports them.
DRIVERS = ("mkdocs", "preview", "publish", "commands")
# The package itself: its __init__ only.
ROOT = "generator"


def module_map(package: Path) -> dict[str, Path]:
    return {
        ".".join(p.relative_to(package.parent).with_suffix("").parts).removesuffix(".__init__"): p
        for p in package.rglob("*.py")
        if "_bundle" not in p.parts
    }


MODULES = module_map(PACKAGE)


def folder_of(module: str) -> str | None:
    """The stage or driver folder a module lives in, None for one placed nowhere."""
    if module == ROOT:
        return ROOT
    top = module.split(".")[1]
    return top if top in STAGES + DRIVERS else None


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text("utf-8"), str(path))


def _imports(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    found: set[str] = set()
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("generator"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parent = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{parent}.{base}" if base else parent
            if not base.startswith("generator"):
                continue
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in modules else base)
    return {m for m in found if m in modules and m != module}


GRAPH = {module: _imports(module, path, MODULES) for module, path in MODULES.items()}


def wrong_imports(graph: dict[str, set[str]]) -> list[str]:
    """Imports of a later stage, or of a driver from a stage."""
    wrong = []
    for module, targets in graph.items():
        here = folder_of(module)
        if here not in STAGES:
            continue
        for target in targets:
            there = folder_of(target)
            if there in DRIVERS or (there in STAGES and STAGES.index(there) > STAGES.index(here)):
                wrong.append(f"{module} → {target}")
    return sorted(wrong)


def test_the_import_graph_is_read() -> None:
    assert "generator.check.validate" in GRAPH["generator.generate.pipeline"]
    assert "generator.format.models" in GRAPH["generator.format.kinds"]


def test_every_module_lives_in_the_folder_of_its_stage() -> None:
    assert not sorted(m for m in MODULES if folder_of(m) is None)
    # every folder is declared, and every declared folder exists
    folders = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert folders == set(STAGES + DRIVERS)


def test_a_module_placed_nowhere_is_found(tmp_path: Path) -> None:
    package = tmp_path / "generator"
    (package / "check").mkdir(parents=True)
    for path in (package / "__init__.py", package / "check" / "__init__.py"):
        path.write_text("")
    (package / "check" / "validate.py").write_text("")
    (package / "loose.py").write_text("")
    (package / "attic").mkdir()
    (package / "attic" / "__init__.py").write_text("")
    (package / "attic" / "old.py").write_text("")
    placed = {m: folder_of(m) for m in module_map(package)}
    assert placed == {
        "generator": "generator",
        "generator.check": "check",
        "generator.check.validate": "check",
        "generator.loose": None,
        "generator.attic": None,
        "generator.attic.old": None,
    }


def test_no_import_cycle() -> None:
    state: dict[str, str] = {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = "open"
        for target in sorted(GRAPH[module]):
            # a package imports its own submodules to re-export them: not a cycle
            if target.startswith(module + "."):
                continue
            assert state.get(target) != "open", " → ".join([*trail, module, target])
            if target not in state:
                visit(target, [*trail, module])
        state[module] = "done"

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [])


def test_no_stage_imports_a_later_stage_or_a_driver() -> None:
    assert wrong_imports(GRAPH) == []


def test_the_stage_check_sees_a_wrong_import() -> None:
    graph = {
        "generator.check.validate": {"generator.plan.pages", "generator.format.models"},
        "generator.plan.pages": {"generator.mkdocs.plugin"},
        "generator.mkdocs.plugin": {"generator.preview.server", "generator.plan.pages"},
    }
    assert wrong_imports(graph) == [
        "generator.check.validate → generator.plan.pages",
        "generator.plan.pages → generator.mkdocs.plugin",
    ]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_functions_are_short(module: str) -> None:
    long = [
        f"{node.name}: {node.end_lineno - node.lineno + 1} lignes"
        for node in ast.walk(_tree(MODULES[module]))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert not long


def test_command_modules_are_thin() -> None:
    command_files = sorted((PACKAGE / "commands").glob("*.py"))
    assert len(command_files) > 3
    for path in command_files:
        assert len(path.read_text("utf-8").splitlines()) < MAX_COMMAND_LINES, path.name


def _code_strings(path: Path) -> list[str]:
    """String constants that are code, not prose: messages, help and docstrings have spaces."""
    return [
        node.value
        for node in ast.walk(_tree(path))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value.strip()
        and not any(c.isspace() for c in node.value)
    ]


def _registry_words() -> list[str]:
    folders = [k.folder for k in kinds.KINDS.values() if k.folder]
    folders += [f"{kinds.KITS_DIR}/", f"{kinds.MOOC_DIR}/", f"/{kinds.LESSONS_DIR}"]
    return folders + [f"{prefix}:" for prefix in kinds.LINK_KINDS]


def test_only_the_registry_spells_folders_and_link_prefixes() -> None:
    words = _registry_words()
    wrong = {
        f"{module}: {text!r}"
        for module, path in MODULES.items()
        if module != "generator.format.kinds"
        for text in _code_strings(path)
        if any(word in text for word in words)
    }
    assert not wrong


def test_the_check_sees_a_spelt_folder(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text('FOLDER = "kits/actions"\nLINK = "partner:"\nTEXT = "voir kits/ ici"\n')
    words = _registry_words()
    assert [t for t in _code_strings(sample) if any(w in t for w in words)] == [
        "kits/actions",
        "partner:",
    ]
