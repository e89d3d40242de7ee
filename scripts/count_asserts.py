"""Count the checks written in the test suite: `assert` statements and `pytest.raises`
calls, read from the syntax tree of every Python file under tests/ (helpers included).

    python scripts/count_asserts.py            # the working tree
    python scripts/count_asserts.py af128e7    # the tests of a commit, read through git

A static count: a check inside a loop or a parametrized test counts once. It says whether a
change of the tests kept as many checks as before, not how many run.
"""

from __future__ import annotations

import argparse
import ast
import subprocess
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _is_raises(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    target = node.func
    return (
        isinstance(target, ast.Attribute)
        and target.attr == "raises"
        and isinstance(target.value, ast.Name)
        and target.value.id == "pytest"
    )


def count(source: str) -> Counter[str]:
    """The asserts and the pytest.raises of one file."""
    found: Counter[str] = Counter()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assert):
            found["assert"] += 1
        elif _is_raises(node):
            found["pytest.raises"] += 1
    return found


def _sources(revision: str | None) -> dict[str, str]:
    """Every tests/**/*.py, by path, from the working tree or from `revision`."""
    if revision is None:
        return {
            p.relative_to(ROOT).as_posix(): p.read_text("utf-8")
            for p in sorted((ROOT / "tests").rglob("*.py"))
        }
    listed = subprocess.run(
        ["git", "ls-tree", "-r", "--name-only", revision, "tests"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return {
        path: subprocess.run(
            ["git", "show", f"{revision}:{path}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for path in listed
        if path.endswith(".py")
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revision", nargs="?", help="a git revision (default: working tree)")
    revision = parser.parse_args().revision
    total: Counter[str] = Counter()
    for source in _sources(revision).values():
        total += count(source)
    where = revision or "working tree"
    print(
        f"{where}: {total['assert']} assert + {total['pytest.raises']} pytest.raises"
        f" = {total.total()}"
    )


if __name__ == "__main__":
    main()
