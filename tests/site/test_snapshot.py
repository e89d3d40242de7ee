"""One snapshot of the content per run, and memos owned by a session, never by the process.

A real `passerelles build --offline` of the small fixture content reads each content file
once (the stamp, the validation, the site and its offline copy all use the one snapshot);
after it, nothing reachable from the tool's modules holds a word of the content; a preview
session keeps its checked files, packages and memos from one rebuild to the next.
"""

from __future__ import annotations

import builtins
import functools
import gc
import io
import shutil
import sys
import types
from collections import Counter, deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from support import count_parses

from generator.check import snapshot, validate
from generator.commands import cli
from generator.format import kinds
from generator.generate.pipeline import Session
from generator.mkdocs import site_config
from generator.mkdocs.plugin import PasserellesPlugin
from generator.run import bundle, memo

# a word no fixture or template writes: found somewhere, it came from the content
MARKER = "zorglubesque"
ACTION = "kits/actions/visite-atelier.yml"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _mark(content: Path) -> None:
    path = content / ACTION
    text = path.read_text("utf-8")
    assert "Une demi-journée" in text
    path.write_text(text.replace("Une demi-journée", f"Une demi-journée {MARKER}", 1), "utf-8")


def _count_opens(monkeypatch: pytest.MonkeyPatch, *roots: Path) -> Counter[str]:
    """Every opening of a YAML file under `roots`, by its path (builtins.open, and io.open
    that pathlib's read_bytes/read_text use); the generated Markdown (build/docs) is not
    content."""
    opened: Counter[str] = Counter()
    resolved = [root.resolve() for root in roots]
    original: Callable[..., Any] = io.open

    def counting(file: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, (str, Path)):
            path = Path(file).resolve()
            if path.suffix == ".yml" and any(path.is_relative_to(r) for r in resolved):
                opened[str(path)] += 1
        return original(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", counting)
    monkeypatch.setattr(io, "open", counting)
    return opened


def _yaml_files(*folders: Path) -> list[str]:
    return sorted(str(p.resolve()) for folder in folders for p in folder.rglob("*.yml"))


def _build_counting(
    content: Path, site: Path, monkeypatch: pytest.MonkeyPatch, *roots: Path
) -> Counter[str]:
    opened = _count_opens(monkeypatch, content, *roots)
    status = cli.main(["build", "--content", str(content), "--site", str(site), "--offline"])
    monkeypatch.undo()
    assert status == 0
    assert (site / "index.html").is_file() and (site / "passerelles-hors-ligne.zip").is_file()
    return opened


def test_a_build_reads_each_content_file_once(
    minimal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _yaml_files(minimal)
    assert len(expected) > 10  # the kits, the actions, partners, roles, a course
    opened = _build_counting(minimal, tmp_path / "site", monkeypatch)
    assert dict(opened) == dict.fromkeys(expected, 1)


def test_an_edition_build_reads_each_file_of_its_layers_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """edition.yml once (it was read by every computation of the layers), the edition's
    own files and its national base's kits and courses once each."""
    edition = tmp_path / "edition"
    shutil.copytree(FIXTURES / "edition", edition)
    national = bundle.national_content()
    base = [national / kinds.KITS_DIR, national / kinds.MOOC_DIR]
    expected = _yaml_files(edition, *base)
    assert str(edition / kinds.EDITION_FILE) in expected
    opened = _build_counting(edition, tmp_path / "site", monkeypatch, *base)
    assert dict(opened) == dict.fromkeys(expected, 1)


def test_the_counter_sees_a_second_read(minimal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The counting above sees what pathlib and open read: a second read would fail it."""
    opened = _count_opens(monkeypatch, minimal)
    snapshot.take(minimal)
    (minimal / ACTION).read_bytes()
    monkeypatch.undo()
    assert opened[str((minimal / ACTION).resolve())] == 2
    assert set(opened) == set(_yaml_files(minimal))


# --------------------------------------------------------------------------- nothing held


def _module_dicts() -> set[int]:
    return {id(vars(m)) for m in list(sys.modules.values()) if isinstance(m, types.ModuleType)}


def _holders_of(word: str) -> list[str]:
    """The generator modules' globals from which a text or bytes holding `word` can be
    reached (through containers, objects and functools caches, not through other modules
    nor classes of other packages)."""
    module_dicts = _module_dicts()
    needle = word.encode()
    found = []
    for name, module in list(sys.modules.items()):
        if not name.startswith("generator") or not isinstance(module, types.ModuleType):
            continue
        for attr, value in vars(module).items():
            if _reaches(value, word, needle, module_dicts):
                found.append(f"{name}.{attr}")
    return found


def _reaches(start: object, word: str, needle: bytes, module_dicts: set[int]) -> bool:
    seen: set[int] = set()
    todo = deque([start])
    while todo:
        obj = todo.popleft()
        if id(obj) in seen or id(obj) in module_dicts or isinstance(obj, types.ModuleType):
            continue
        seen.add(id(obj))
        if isinstance(obj, str):
            if word in obj:
                return True
            continue
        if isinstance(obj, (bytes, bytearray)):
            if needle in obj:
                return True
            continue
        if isinstance(obj, type) and not obj.__module__.startswith("generator"):
            continue
        todo.extend(gc.get_referents(obj))
    return False


def test_after_a_one_off_build_no_module_holds_content(minimal: Path, tmp_path: Path) -> None:
    _mark(minimal)
    site = tmp_path / "site"
    assert cli.main(["build", "--content", str(minimal), "--site", str(site), "--offline"]) == 0
    assert MARKER in (site / "entreprises/actions/visite-atelier/index.html").read_text("utf-8")
    gc.collect()
    assert _holders_of(MARKER) == []
    assert memo.active() is None


def test_the_walk_finds_content_in_a_functools_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """What the test above walks: a module global, and what a functools cache holds."""
    probe = functools.lru_cache(maxsize=8)(str.upper)
    monkeypatch.setattr(validate, "_probe", probe, raising=False)
    assert _holders_of(MARKER) == []
    probe(f"texte {MARKER}")
    assert _holders_of(MARKER) == ["generator.check.validate._probe"]


def test_a_build_with_a_preview_session_alive_holds_content(minimal: Path, tmp_path: Path) -> None:
    """The walk finds content the way a module-level preview state held it."""
    _mark(minimal)
    session = Session(minimal, preview=True)
    session.generate(tmp_path / "docs")
    validate._held_session = session  # type: ignore[attr-defined]
    try:
        assert "generator.check.validate._held_session" in _holders_of(MARKER)
    finally:
        del validate._held_session  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- the preview


def test_the_preview_session_owns_its_caches_across_rebuilds(
    minimal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed = count_parses(monkeypatch)
    session = Session(minimal, preview=True)
    docs = tmp_path / "apercu"
    session.generate(docs)
    every = sorted(p.relative_to(minimal).as_posix() for p in minimal.rglob("*.yml"))
    assert sorted(parsed) == every  # a fresh cache file: all checked
    assert session.checks is not None and session.memo is not None
    assert session.packages and session.memos.size() > 0
    packages = dict(session.packages)
    assert memo.active() is None  # the session's memos are used only while it generates

    _mark(minimal)
    parsed.clear()
    session.generate(docs)
    assert parsed == [ACTION]  # the session's checked files: only the edited one again
    assert session.packages.keys() == packages.keys()  # no course file changed
    assert MARKER in (docs / "entreprises/actions/visite-atelier.md").read_text("utf-8")


def test_only_a_preview_gives_the_plugin_a_session(minimal: Path, tmp_path: Path) -> None:
    config = site_config.load(minimal, site_dir=tmp_path / "site")
    serving, building = PasserellesPlugin(), PasserellesPlugin()
    for plugin, command in ((serving, "serve"), (building, "build")):
        plugin.load_config(dict(config.plugins[site_config.PLUGIN].config))
        plugin.on_startup(command=command, dirty=False)
        plugin.on_config(config)
    assert serving.preview is not None
    assert serving.preview.generation.content == minimal.resolve()
    assert serving.preview.generation.checks is not None
    assert building.preview is None and building.build is None
    first = serving.preview
    serving.on_config(config)  # the next rebuild of the same preview: the same session
    assert serving.preview is first
