"""`passerelles ARGS`, timed from inside: how long MkDocs' build() and our generation took.

    python bench/instrumented.py build --content DIR --site DIR

Runs the worktree's `generator.commands.cli.main(ARGS)` unchanged, with two wrappers
installed first (before `generator.commands.cli` is imported, so that whatever binds
them by name binds the wrappers):

- `generator.generate.pipeline.generate`: time of each call (the CLI's own call and the
  one the MkDocs hook or plugin makes before each build);
- `mkdocs.commands.build.build`: time of each MkDocs build.

Each time is taken twice: wall clock and CPU time of the process.

« MkDocs alone » is then build() minus the generation run inside it. The times
go, as JSON, to the file named by BENCH_REPORT (nothing is written otherwise).

With BENCH_FULL_NAV=1, every action page is added to the sidebar (a section at
the end of the nav, set after our own on_pre_build): the baseline that shows
what listing every page would cost.
"""

from __future__ import annotations

import functools
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STEPS = ("generate", "mkdocs_build", "generate_in_build")
TIMES: dict[str, list[float]] = {k: [] for s in STEPS for k in (s, f"{s}_cpu")}
_INSIDE_BUILD: list[bool] = []


def _timed(name: str, call: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(call)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start, cpu = time.perf_counter(), time.process_time()
        if name == "mkdocs_build":
            _INSIDE_BUILD.append(True)
        try:
            return call(*args, **kwargs)
        finally:
            elapsed, used = time.perf_counter() - start, time.process_time() - cpu
            if name == "mkdocs_build":
                _INSIDE_BUILD.pop()
            names = [name, "generate_in_build"] if name == "generate" and _INSIDE_BUILD else [name]
            for step in names:
                TIMES[step].append(elapsed)
                TIMES[f"{step}_cpu"].append(used)

    return wrapper


class FullNav:
    """A plugin that appends every generated action page to the sidebar."""

    def on_pre_build(self, config: Any) -> None:
        docs = Path(config.docs_dir)
        pages = sorted(p.relative_to(docs).as_posix() for p in docs.glob("*/actions/*.md"))
        config.nav = [*(config.nav or []), {"Toutes les actions (banc d'essai)": pages}]


FullNav.on_pre_build.mkdocs_priority = -100  # type: ignore[attr-defined]  # after ours


def _install() -> None:
    import mkdocs.commands.build as mkdocs_build

    import generator.generate.pipeline as pipeline

    pipeline.generate = _timed("generate", pipeline.generate)
    original_build = mkdocs_build.build

    def build(config: Any, *args: Any, **kwargs: Any) -> Any:
        if os.environ.get("BENCH_FULL_NAV") == "1":
            config.plugins["bench-full-nav"] = FullNav()
        return original_build(config, *args, **kwargs)

    mkdocs_build.build = _timed("mkdocs_build", build)


def main() -> int:
    _install()
    from generator.commands.cli import main as cli_main

    code = 1
    try:
        code = cli_main(sys.argv[1:])
    finally:
        report = os.environ.get("BENCH_REPORT")
        if report:
            Path(report).write_text(json.dumps({"exit": code, **TIMES}), "utf-8")
    return code


if __name__ == "__main__":
    sys.exit(main())
