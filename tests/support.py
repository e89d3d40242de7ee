"""Helpers shared by the tests that run the real command line."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from filelock import FileLock

from generator.search.index import read_docs

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "generator.commands.cli"]
# The browser of every test that drives one: Debian's chromium-headless-shell, built from the
# same source and version as Debian's `chromium`, without the desktop browser around the
# engine: the headless build Playwright itself launches (never a downloaded browser; the
# full browser's headless mode costs about three times its CPU a page, README « Tests »).
# .ci/packages.sh installs it.
CHROMIUM = shutil.which("chromium-headless-shell") or "/usr/bin/chromium-headless-shell"
# HYPOTHESIS_PROFILE=long (README « Tests »): the property tests search much further.
LONG_PROFILE = os.environ.get("HYPOTHESIS_PROFILE") == "long"


def shared_folder(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """A folder made once per test session and read by every module and every xdist worker:
    the first worker to ask makes it under a lock in the temporary root they share, the
    others wait and reuse it. `make` fills the (absent) folder it is given; the tests only
    read the result."""
    root = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    target = root / "shared" / name
    ready = target.parent / f"{name}.ready"
    target.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(target.parent / f"{name}.lock")):
        if not ready.exists():
            if target.exists():
                shutil.rmtree(target)
            make(target)
            assert target.is_dir(), f"{name}: rien n'a été fait"
            ready.touch()
    return target


def copy_shipped_content(target: Path) -> Path:
    """A private copy of the shipped kits/ and mooc/, outside the repository."""
    for folder in ("kits", "mooc"):
        shutil.copytree(ROOT / folder, target / folder)
    return target


def copy_in_order(source_folders: list[Path], target: Path, *, reverse: bool) -> Path:
    """Copy file by file, in sorted or reverse order (tmpfs lists in creation order); in
    reverse order, every file dated 2001-01-01."""
    target.mkdir(parents=True)
    files = sorted(
        (f for folder in source_folders for f in folder.rglob("*") if f.is_file()),
        reverse=reverse,
    )
    for file in files:
        base = next(folder for folder in source_folders if file.is_relative_to(folder))
        destination = target / base.name / file.relative_to(base)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file, destination)
        if reverse:
            os.utime(destination, (978_307_200, 978_307_200))
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


# Transitions and animations off, for tests that judge an end state. Through the CSS object
# model: the site's Content-Security-Policy refuses a <style> element a test would add.
_NO_TRANSITIONS = """() => {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync("*, *::before, *::after { transition: none !important; animation: none !important; }");
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}"""


def without_transitions(page: Any) -> None:
    """Focus styles, panels and results judged in their end state: no waiting for fades."""
    page.evaluate(_NO_TRANSITIONS)


# axe-core options for the WCAG 2.1 AA audits of the browser tests.
WCAG_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


# --------------------------------------------------------------------------- hostile corpus
# Each case is a folder of tests/fixtures/hostile/ (see test_hostile.py for its keys).

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = FIXTURES / "hostile"
CASES = sorted(p for p in CORPUS.iterdir() if (p / "case.yml").is_file())


def load_case(case: Path) -> dict[str, Any]:
    spec = yaml.safe_load((case / "case.yml").read_text("utf-8"))
    assert isinstance(spec, dict) and spec.get("about"), case
    assert ("expect" in spec) != bool(spec.get("valid")), f"{case.name}: expect ou valid"
    return spec


def build_case(case: Path, target: Path) -> Path:
    """A copy of the minimal set turned into the case's input; returns `target`."""
    spec = load_case(case)
    shutil.copytree(FIXTURES / "minimal", target)
    for edit in spec.get("replace", []):
        path = target / edit["file"]
        text = path.read_text("utf-8")
        assert edit["old"] in text, f"{case.name}: {edit['old']!r} absent de {edit['file']}"
        path.write_text(text.replace(edit["old"], edit["new"], 1), "utf-8")
    for rel in spec.get("remove", []):
        path = target / rel
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    for move in spec.get("rename", []):
        destination = target / move["to"]
        destination.parent.mkdir(parents=True, exist_ok=True)
        os.replace(target / move["from"], destination)
    for copy in spec.get("copy", []):
        shutil.copyfile(target / copy["from"], target / copy["to"])
    for overlay in sorted(case.rglob("*")):
        if overlay.is_file() and overlay.name != "case.yml":
            destination = target / overlay.relative_to(case)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(overlay, destination)
    for link in spec.get("symlink", []):
        (target / link["path"]).symlink_to(link["target"])
    if "repeat" in spec:
        rule = spec["repeat"]
        path = target / rule["file"]
        raw = path.read_bytes()
        marker = rule["marker"].encode()
        assert marker in raw, f"{case.name}: marqueur absent"
        path.write_bytes(raw.replace(marker, rule["text"].encode() * rule["times"]))
    return target


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serving(directory: Path) -> Iterator[str]:
    """`directory` served on 127.0.0.1 for a browser; yields its base URL (ending with /)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def count_parses(monkeypatch: Any) -> list[str]:
    """The paths of the content files validation parses from now on, in order."""
    from generator.check import validate

    parsed: list[str] = []
    original = validate.parse

    def counting(path: str, raw: bytes) -> Any:
        parsed.append(path)
        return original(path, raw)

    monkeypatch.setattr(validate, "parse", counting)
    return parsed


def search_sections(parser_class: type, html: str) -> list[tuple[Any, ...]]:
    """What Material's search parser (or a subclass) keeps of `html`: each section, with
    its heading's element, id and depth, its title and its text."""
    parser = parser_class()
    parser.feed(html)
    parser.close()
    return [(s.el.tag, s.el.attrs, s.id, s.depth, s.title, s.text) for s in parser.data]
