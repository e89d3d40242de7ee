"""The validation cache: a file whose bytes did not change is not read again, and what
comes back from the cache is what reading it would give, problems and positions included."""

from __future__ import annotations

import contextlib
import json
import os
import pickle
from pathlib import Path
from typing import Any

import pytest
from support import copy_shipped_content, count_parses, run_cli

from generator.check import cache as check_cache
from generator.check import validate
from generator.check.cache import CACHE_DIR_ENV, CheckCache
from generator.diagnostics.errors import ContentError

VISIT = "kits/actions/visite-atelier.yml"


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_DIR_ENV, str(folder))
    return folder


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths of the files parsed, in order (each test starts with no file in memory:
    the next run is then a new process's, which has only the cache on disk)."""
    return count_parses(monkeypatch)


def new_run(content: Path) -> validate.Validated:
    return validate.validate_all(content)  # nothing is kept in memory between runs


def content_files(content: Path) -> list[str]:
    return sorted(p.relative_to(content).as_posix() for p in content.rglob("*.yml"))


def line_of(file: Path, needle: str) -> int:
    lines = file.read_text("utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_a_second_run_reads_no_file_again(minimal: Path, cache_dir: Path, reads: list[str]) -> None:
    first = new_run(minimal)
    assert sorted(reads) == content_files(minimal)
    reads.clear()
    second = new_run(minimal)
    assert reads == []
    for part in ("actions", "partners", "interlocutors", "kits", "courses", "sources"):
        assert getattr(second.catalog, part) == getattr(first.catalog, part), part
    assert [p.name for p in cache_dir.iterdir()] == [
        next(cache_dir.iterdir()).name
    ]  # one cache per content folder


def test_an_edited_file_alone_is_read_again(
    minimal: Path, cache_dir: Path, reads: list[str]
) -> None:
    new_run(minimal)
    visit = minimal / VISIT
    visit.write_text(visit.read_text("utf-8").replace("Visite d'un atelier", "Visite d'usine"))
    reads.clear()
    catalog = new_run(minimal).catalog
    assert reads == [VISIT]
    assert catalog.actions["visite-atelier"].title == "Visite d'usine"


def test_problems_come_back_from_the_cache_with_their_lines(
    minimal: Path, cache_dir: Path, reads: list[str]
) -> None:
    """A file refused by its model, another whose references are broken: the second run
    reads neither again and reports the same problems at the same lines."""
    visit = minimal / VISIT
    visit.write_text(visit.read_text("utf-8").replace("format: visit", "format: voyage"))
    stage = minimal / "kits/actions/stage-3e.yml"
    text = stage.read_text("utf-8").replace("[plateforme-stages]", "[plateforme-stage]")
    stage.write_text(text.replace("(lesson:tuteurs/pourquoi-accueillir)", "(action:visite)"))
    reports = []
    for _ in range(2):
        reads.clear()
        with pytest.raises(ContentError) as error:
            new_run(minimal)
        reports.append(error.value.report())
    assert reads == []  # the second run took both files' problems from the cache
    assert reports[0] == reports[1]
    located = {(p.path, p.line) for p in error.value.problems}
    assert (VISIT, line_of(visit, "format: voyage")) in located
    stage_path = "kits/actions/stage-3e.yml"
    assert (stage_path, line_of(stage, "partners:")) in located
    assert (stage_path, line_of(stage, "(action:visite)")) in located


def test_the_problem_of_a_cached_file_points_at_its_line(
    minimal: Path, cache_dir: Path, reads: list[str]
) -> None:
    """A file read from the cache, valid on its own, whose reference another change breaks:
    its problem is located from its bytes, read again only then."""
    new_run(minimal)
    (minimal / "kits/partners/campus-aero.yml").unlink()
    reads.clear()
    with pytest.raises(ContentError) as error:
        new_run(minimal)
    assert reads == []
    visit = minimal / VISIT
    located = [(p.path, p.line) for p in error.value.problems if "campus-aero" in p.message]
    assert (VISIT, line_of(visit, "partners:")) in located


def test_another_version_of_the_tool_starts_empty(
    minimal: Path, cache_dir: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    new_run(minimal)
    monkeypatch.setattr(check_cache, "tool_fingerprint", lambda: "un autre outil")
    reads.clear()
    new_run(minimal)
    assert sorted(reads) == content_files(minimal)


def test_a_damaged_cache_is_ignored_then_written_again(
    minimal: Path, cache_dir: Path, reads: list[str]
) -> None:
    new_run(minimal)
    (cache,) = cache_dir.iterdir()
    cache.write_bytes(cache.read_bytes()[:100])
    reads.clear()
    new_run(minimal)
    assert sorted(reads) == content_files(minimal)
    reads.clear()
    new_run(minimal)
    assert reads == []


def test_a_cache_that_cannot_be_written_changes_nothing(
    minimal: Path, tmp_path: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "un-fichier"
    blocked.write_text("pas un dossier")
    monkeypatch.setenv(CACHE_DIR_ENV, str(blocked / "cache"))
    for _ in range(2):
        reads.clear()
        catalog = new_run(minimal).catalog
        assert sorted(reads) == content_files(minimal)
        assert "visite-atelier" in catalog.actions
    assert list(tmp_path.glob("**/*.tmp")) == []


def test_the_cache_forgets_files_that_are_gone(minimal: Path, cache_dir: Path) -> None:
    new_run(minimal)
    visit = minimal / "kits/actions/rencontre-metier.yml"
    visit.unlink()
    with contextlib.suppress(ContentError):  # another file may name it: the cache is
        new_run(minimal)  # written all the same
    (cache,) = cache_dir.iterdir()
    paths = [meta["path"] for meta, _model in entries(cache)]
    assert sorted(paths) == content_files(minimal)


def test_the_program_keeps_its_cache_where_it_is_told(minimal: Path, tmp_path: Path) -> None:
    folder = tmp_path / "ailleurs"
    first = run_cli("validate", "--content", str(minimal), env={CACHE_DIR_ENV: str(folder)})
    assert first.returncode == 0, first.stderr
    assert len(list(folder.glob("checks-*.jsonl"))) == 1
    visit = minimal / VISIT
    visit.write_text(visit.read_text("utf-8").replace("format: visit", "format: voyage"))
    second = run_cli("validate", "--content", str(minimal), env={CACHE_DIR_ENV: str(folder)})
    assert second.returncode == 1
    assert f"{VISIT}:{line_of(visit, 'format: voyage')}:" in second.stderr


def test_a_preview_writes_its_cache_once(minimal: Path, cache_dir: Path, reads: list[str]) -> None:
    """The preview checks again after each save from what it holds in memory: the cache on
    disk is written at its first check, not after each save (thousands of files)."""
    checks = CheckCache.of(minimal)  # the preview session's
    validate.validate_all(minimal, preview=True, cache=checks)
    (cache,) = cache_dir.iterdir()
    written = cache.read_bytes()
    visit = minimal / VISIT
    visit.write_text(visit.read_text("utf-8").replace("Visite d'un atelier", "Visite d'usine"))
    reads.clear()
    catalog = validate.validate_all(minimal, preview=True, cache=checks).catalog
    assert reads == [VISIT]
    assert catalog.actions["visite-atelier"].title == "Visite d'usine"
    assert cache.read_bytes() == written
    validate.validate_all(minimal)  # a one-off command of the same process writes it
    assert cache.read_bytes() != written


def entries(cache: Path) -> list[tuple[dict[str, Any], Any]]:
    """(check, model) of each entry of a cache file: JSON lines after the tool's line."""
    lines = [json.loads(line) for line in cache.read_text("utf-8").splitlines()]
    return list(zip(lines[1::2], lines[2::2], strict=True))


def write_entries(cache: Path, stored: list[tuple[dict[str, Any], Any]]) -> None:
    head = cache.read_text("utf-8").splitlines()[0]
    lines = [head, *(json.dumps(part) for entry in stored for part in entry)]
    cache.write_text("\n".join(lines) + "\n", "utf-8")


PARTS = ("actions", "partners", "interlocutors", "kits", "courses", "sources")


def _outcome(content: Path) -> tuple[list[Any], str]:
    """The catalog's parts, or the report of the problems, of a new run."""
    try:
        catalog = new_run(content).catalog
    except ContentError as error:
        return [], error.report()
    return [getattr(catalog, part) for part in PARTS], ""


class _Payload:
    """What a hostile cache would hold: unpickled, it makes the folder `marker` (a real
    payload would run any command the same way)."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return (os.mkdir, (str(self.marker),))


def test_a_pickle_planted_in_the_cache_is_never_run(
    minimal: Path, cache_dir: Path, reads: list[str], tmp_path: Path
) -> None:
    proof = tmp_path / "la-charge-marche"
    pickle.loads(pickle.dumps(_Payload(proof)))  # the payload does run when unpickled
    assert proof.exists()
    cold = _outcome(minimal)  # written by the tool itself, into an empty cache
    (written,) = cache_dir.iterdir()
    marker = tmp_path / "execute"
    payload = pickle.dumps(_Payload(marker))
    file = check_cache.CheckCache.of(minimal).file
    assert file == written
    for planted in (written, written.with_suffix(".pickle")):  # the name of format 1 too
        planted.write_bytes(payload)
    reads.clear()
    assert _outcome(minimal) == cold
    assert not marker.exists()
    assert sorted(reads) == content_files(minimal)  # every file checked again
    assert len(entries(written)) == len(content_files(minimal))  # and written again, as JSON


def test_entries_that_do_not_read_back_are_checked_again(
    minimal: Path, cache_dir: Path, reads: list[str]
) -> None:
    """Damaged entries whose digest still matches their file: each file is read again and
    the results are those of a run without cache; the other entries are used."""
    visit = minimal / VISIT
    visit.write_text(visit.read_text("utf-8").replace("Un adulte", "Un <b>adulte</b>"), "utf-8")
    cold = _outcome(minimal)
    assert "HTML" in cold[1]  # a Markdown finding, with its values, comes from the cache
    (cache,) = cache_dir.iterdir()
    stored = entries(cache)
    damages: list[tuple[str, Any]] = [
        ("model", "{ pas du json"),
        ("model", {"__class__": "os.system", "title": 1}),
        ("problems", [["a", "ligne", 1, "message", "code"]]),
        ("texts", [[["steps"], [[0, "code-inconnu", {}]], []]]),
        ("digest", 12),
        ("kind", "inconnu"),
    ]
    damaged = []
    for index, (field_name, value) in enumerate(damages):
        meta, _model = stored[index]
        damaged.append(meta["path"])
        if field_name == "model":
            stored[index] = (meta, value)
        else:
            meta[field_name] = value
    write_entries(cache, stored)
    reads.clear()
    assert _outcome(minimal) == cold
    assert sorted(reads) == sorted(damaged)  # another kind: not this file's entry
    reads.clear()
    assert _outcome(minimal) == cold
    assert reads == []


def test_the_shipped_content_reads_back_the_same_from_the_cache(
    tmp_path: Path, cache_dir: Path, reads: list[str]
) -> None:
    content = copy_shipped_content(tmp_path / "contenu")
    cold = _outcome(content)
    assert cold[0] and not cold[1]
    reads.clear()
    assert _outcome(content) == cold
    assert reads == []
