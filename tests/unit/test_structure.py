"""The shape of the code, kept true for every later change: short functions, thin
command modules, one registry for the content kinds, stages that only look back."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from generator import kinds

PACKAGE = Path(__file__).resolve().parents[2] / "generator"
MODULES = {
    ".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__"): p
    for p in PACKAGE.rglob("*.py")
}
MAX_FUNCTION_LINES = 60
MAX_COMMAND_LINES = 150

# The pipeline's stages, in order: a module may import its own stage or an earlier one.
STAGES = {
    "load": {"generator.load"},
    "validate": {
        "generator.discover",
        "generator.fields",
        "generator.references",
        "generator.validate",
    },
    "plan": {m for m in MODULES if m == "generator.plan" or m.startswith("generator.plan.")},
    "render": {"generator.render", "generator.opendata"},
    "write": {"generator.write"},
}
# What drives the stages; no stage may import it.
_DRIVER_NAMES = {"pipeline", "plugin", "preview", "publish", "cli", "commands"}
DRIVERS = {m for m in MODULES if m.split(".")[1:2] and m.split(".")[1] in _DRIVER_NAMES}


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text("utf-8"), str(path))


def _imports(module: str, path: Path) -> set[str]:
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
                found.add(candidate if candidate in MODULES else base)
    return {m for m in found if m in MODULES and m != module}


GRAPH = {module: _imports(module, path) for module, path in MODULES.items()}


def test_the_import_graph_is_read() -> None:
    assert "generator.validate" in GRAPH["generator.pipeline"]
    assert "generator.models" in GRAPH["generator.kinds"]


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


def _stage(module: str) -> int | None:
    for index, members in enumerate(STAGES.values()):
        if module in members:
            return index
    return None


def test_no_stage_imports_a_later_stage_or_a_driver() -> None:
    wrong = []
    for module, targets in GRAPH.items():
        here = _stage(module)
        if here is None:
            continue
        for target in targets:
            there = _stage(target)
            if target in DRIVERS or (there is not None and there > here):
                wrong.append(f"{module} → {target}")
    assert not wrong


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
    command_files = [PACKAGE / "cli.py", *sorted((PACKAGE / "commands").glob("*.py"))]
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
        if module != "generator.kinds"
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
