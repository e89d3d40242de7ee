"""Helpers shared by the tests that run the real command line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from generator.search_index import read_docs

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "generator.cli"]


def copy_shipped_content(target: Path) -> Path:
    """A private copy of the shipped kits/ and mooc/, outside the repository."""
    for folder in ("kits", "mooc"):
        shutil.copytree(ROOT / folder, target / folder)
    return target


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`passerelles ARGS` in a child process, as an editor would run it."""
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    environment.update(env or {})
    return subprocess.run(
        [*CLI, *args], capture_output=True, text=True, check=False, timeout=600, env=environment
    )


def run_build(
    content: Path, site: Path, *extra: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return run_cli("build", *extra, "--content", str(content), "--site", str(site), env=env)


def search_docs(site: Path) -> list[dict[str, str]]:
    """The documents of a built site's search: Material fetches search_index.json (its
    settings, no document) and the search worker loads them from search/search_docs.js."""
    docs: list[dict[str, str]] = read_docs(site)["docs"]
    return docs


# axe-core options for the WCAG 2.1 AA audits of the browser tests.
WCAG_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
