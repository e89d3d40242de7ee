"""How often the data path climbs back up: a static call graph from `pipeline.generate`.

    python scripts/data_path.py [GENERATOR_FOLDER ...]

Each module has a stage, in the order the content flows (below). From `pipeline.generate`,
every function reachable through calls the source names statically is visited once
(a call of a function imported from another module, of `module.function`, of a class —
its `__init__`/`__post_init__` —, of a function or method of the same module or class, and
the methods called or handed on through a local name given an instance of a class of the
same module).
A *move* is a call from a function of one stage module to a function of another stage
module; a *climb* is a move into an earlier stage (the plan calling the checking stage
again, the render asking the plan, the check asking the publishing stage for a
fingerprint). Calls into the shared vocabulary (format: models, kinds, ids, messages,
problems) are neither: every stage speaks it. Calls through an object whose type the
source does not name (`cache.get(...)`) are not followed: the count is a lower bound,
the same way for every tree it measures. Prints, for each folder given (default: this
checkout's `generator/`), the moves, the climbs and each climb.
"""

from __future__ import annotations

import ast
import sys
from collections import deque
from pathlib import Path

# The stage of each module, in the order the content flows; None: the shared vocabulary.
# Two tables, one per layout of the code, with the same yardstick: the flat layout of
# before the folders (a module's name), and the folders by stage (a folder's name, or a
# module's dotted name inside its folder where it differs from its folder).
FLAT_STAGES: dict[str, int | None] = {
    # the entry: the pipeline drives the stages
    "pipeline": 0,
    # format and diagnostics: the vocabulary every stage speaks
    **dict.fromkeys(
        [
            "models", "kinds", "ids", "labels", "academies", "schemas", "catalog", "fields",
            "messages", "errors", "report", "dates", "official_texts", "bundle", "memo",
            "folding",
        ],
        None,
    ),
    # check: find, read, check
    **dict.fromkeys(
        ["snapshot", "layers", "discover", "load", "check_cache", "references", "validate",
         "heap"],
        1,
    ),
    **dict.fromkeys(["prose", "prose_rules", "prose_links", "prose_html"], 2),  # Markdown
    "plan": 3,
    **dict.fromkeys(["render", "render_memo", "opendata", "glossary", "urls"], 4),
    "write": 5,
    "export": 6,  # the course packages, written with the pages
    **dict.fromkeys(["page_links", "search_index", "site_config", "csp", "output_scan",
                     "plugin", "preview"], 7),
    **dict.fromkeys(["stamp", "publish", "init_edition", "inventory", "review", "linkcheck",
                     "public_http", "scaffold", "reference", "quiz"], 8),
}  # fmt: skip
FOLDER_STAGES: dict[str, int | None] = {
    "generate": 0,
    **dict.fromkeys(["run", "diagnostics", "format", "check.catalog", "check.model_errors"],
                    None),
    "check": 1,
    "check.stamp": 8, "check.inventory": 8, "check.review": 8,
    "markdown": 2,
    "plan": 3,
    "plan.format_page": 8,
    "render": 4, "search.glossary": 4, "linkcheck.urls": 4,
    "render.write": 5,
    "export": 6,
    **dict.fromkeys(["search", "trust", "mkdocs", "preview"], 7),
    **dict.fromkeys(["publish", "linkcheck", "authoring", "commands"], 8),
    "format.quiz": 8,
}  # fmt: skip
Layout = dict[str, int | None]


Function = tuple[str, str]  # (module, qualified name)


def stage(module: str, layout: Layout) -> int | None:
    """The stage of `generator.x.y`: that of `x.y` if the table names it, else of `x`."""
    parts = module.split(".")
    inner = ".".join(parts[1:3])
    if inner in layout:
        return layout[inner]
    name = parts[1] if len(parts) > 1 else parts[0]
    return layout.get(name, 8)


class Module:
    def __init__(self, name: str, path: Path, package: bool) -> None:
        self.name = name
        self.tree = ast.parse(path.read_text("utf-8"))
        self.package = name if package else name.rsplit(".", 1)[0]
        self.functions: dict[str, ast.AST] = {}
        self.imports: dict[str, str] = {}  # local name → "module" or "module:attr"
        for node in self.tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.functions[node.name] = node
            elif isinstance(node, ast.ClassDef):
                self.functions[node.name] = node
                for item in node.body:
                    if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        self.functions[f"{node.name}.{item.name}"] = item
            elif isinstance(node, ast.ImportFrom):
                self._import_from(node)

    def _import_from(self, node: ast.ImportFrom) -> None:
        base = node.module or ""
        if node.level:
            parts = self.package.split(".")
            parent = ".".join(parts[: len(parts) - node.level + 1])
            base = f"{parent}.{base}" if base else parent
        if not base.startswith("generator"):
            return
        for alias in node.names:
            self.imports[alias.asname or alias.name] = f"{base}:{alias.name}"


def modules(root: Path) -> dict[str, Module]:
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        name = ".".join(parts).removesuffix(".__init__")
        found[name] = Module(name, path, path.name == "__init__.py")
    return found


def _target(mods: dict[str, Module], ref: str) -> Function | None:
    """The function a `module:attr` import names (a submodule import gives None)."""
    module, attr = ref.split(":")
    if f"{module}.{attr}" in mods:
        return None
    owner = mods.get(module)
    if owner is None:
        return None
    if attr in owner.functions:
        return (module, attr)
    if attr in owner.imports:  # re-exported by a package's __init__
        return _target(mods, owner.imports[attr])
    return None


def _class_entry(mods: dict[str, Module], function: Function) -> list[Function]:
    module, name = function
    if isinstance(mods[module].functions.get(name), ast.ClassDef):
        return [(module, f"{name}.{m}") for m in ("__init__", "__post_init__", "__call__")
                if f"{name}.{m}" in mods[module].functions]  # fmt: skip
    return [function]


def calls(mods: dict[str, Module], function: Function) -> set[Function]:
    module_name, qualified = function
    module = mods[module_name]
    node = module.functions[qualified]
    owner_class = qualified.split(".")[0] if "." in qualified else None
    found: set[Function] = set()
    # `made = _CoursePackages(...)` then `made.files()` or `fill=made.fill`: the methods of
    # a class of this module, called or handed on through a local name, are followed too
    local_classes = {
        target.id: assign.value.func.id
        for assign in ast.walk(node)
        if isinstance(assign, ast.Assign)
        and isinstance(assign.value, ast.Call)
        and isinstance(assign.value.func, ast.Name)
        and isinstance(module.functions.get(assign.value.func.id), ast.ClassDef)
        for target in assign.targets
        if isinstance(target, ast.Name)
    }
    for attribute in ast.walk(node):
        if (
            isinstance(attribute, ast.Attribute)
            and isinstance(attribute.value, ast.Name)
            and attribute.value.id in local_classes
        ):
            method = f"{local_classes[attribute.value.id]}.{attribute.attr}"
            if method in module.functions:
                found.add((module_name, method))
    for call in ast.walk(node):
        if not isinstance(call, ast.Call):
            continue
        func = call.func
        target: Function | None = None
        if isinstance(func, ast.Name):
            if func.id in module.functions:
                target = (module_name, func.id)
            elif func.id in module.imports:
                target = _target(mods, module.imports[func.id])
        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            holder = func.value.id
            if (
                holder == "self"
                and owner_class
                and f"{owner_class}.{func.attr}" in module.functions
            ):
                target = (module_name, f"{owner_class}.{func.attr}")
            elif holder in module.imports:
                ref = module.imports[holder]
                submodule = ref.replace(":", ".")
                if submodule in mods:
                    target = _target(mods, f"{submodule}:{func.attr}")
        if target is not None:
            found.update(_class_entry(mods, target))
    return found


def measure(root: Path) -> tuple[int, list[tuple[Function, Function]]]:
    mods = modules(root)
    folders = "generator.generate.pipeline" in mods
    layout = FOLDER_STAGES if folders else FLAT_STAGES
    start = ("generator.generate.pipeline" if folders else "generator.pipeline", "generate")
    seen = {start}
    todo = deque([start])
    moves = 0
    climbs = []
    while todo:
        caller = todo.popleft()
        for callee in sorted(calls(mods, caller)):
            here, there = stage(caller[0], layout), stage(callee[0], layout)
            if caller[0] != callee[0] and here is not None and there is not None:
                moves += 1
                if there < here:
                    climbs.append((caller, callee))
            if callee not in seen and there is not None:
                seen.add(callee)
                todo.append(callee)
    return moves, climbs


def main(argv: list[str]) -> int:
    roots = [Path(a) for a in argv] or [Path(__file__).resolve().parent.parent / "generator"]
    for root in roots:
        moves, climbs = measure(root)
        print(f"{root}: {moves} moves from pipeline.generate, {len(climbs)} climb back up")
        for (a_mod, a_fn), (b_mod, b_fn) in climbs:
            print(f"  {a_mod}.{a_fn} → {b_mod}.{b_fn}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
