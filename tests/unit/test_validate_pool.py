"""Validation's per-file checks on several processes (issue 30): the same catalog and the
same problems, in the same order, as one process; the pool only when it pays.

The trees are the fixture set grown with actions written here, each a copy of
`stage-3e.yml` under a title of its own; the broken files are broken here too, so every
expected id, title and broken file comes from the YAML the test writes."""

from __future__ import annotations

import concurrent.futures
import dataclasses
import multiprocessing
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.check import pool, validate
from generator.check.cache import CheckCache
from generator.check.catalog import Catalog
from generator.check.snapshot import File
from generator.diagnostics.errors import ContentError, Problem
from generator.run.processes import JOBS_VARIABLE

GROWN = 40  # actions added to the fixture set's 5: 62 files in all


def grow(content: Path, count: int = GROWN) -> dict[str, str]:
    """`count` more actions in `content`, copies of stage-3e under their own title; their
    ids and titles."""
    model = (content / "kits/actions/stage-3e.yml").read_text("utf-8")
    first_line = "title: Stage d'observation de 3e\n"
    assert model.startswith(first_line)
    added = {}
    for number in range(count):
        ident, title = f"stage-copie-{number:02d}", f"Stage d'observation, copie {number}"
        text = model.replace(first_line, f"title: {title}\n", 1)
        (content / f"kits/actions/{ident}.yml").write_text(text, "utf-8")
        added[ident] = title
    return added


def break_some(content: Path) -> set[str]:
    """Mistakes of every sort, each in its own file: YAML that does not read, a field of
    the wrong type, forbidden Markdown, a link to no page, an unknown partner. The files."""
    actions = content / "kits/actions"
    edits = {
        "stage-copie-03.yml": ("format: internship", "format: [internship"),  # YAML
        "stage-copie-11.yml": ("levels: [3e]", "levels: 3e"),  # the model
        "stage-copie-17.yml": ("Restitution en classe.", "<script>x</script>"),  # Markdown
        "stage-copie-25.yml": ("lesson:tuteurs/pourquoi-accueillir", "lesson:tuteurs/absente"),
        "stage-copie-36.yml": ("partners: [plateforme-stages]", "partners: [inconnu]"),
    }
    for name, (old, new) in edits.items():
        path = actions / name
        text = path.read_text("utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), "utf-8")
    return {f"kits/actions/{name}" for name in edits}


class Watch:
    """The pools validation starts, and the files checked by this very process (`here`)
    and by the processes it forks (`elsewhere`, counted in memory they share)."""

    def __init__(self) -> None:
        self.pools: list[int] = []
        self.here = 0
        self.elsewhere = multiprocessing.get_context("fork").Value("i", 0)
        self.parent, self.factory, self.check = os.getpid(), pool._executor, validate._check_file

    def executor(self, processes: int) -> concurrent.futures.Executor:
        self.pools.append(processes)
        return self.factory(processes)

    def checked(self, file: File) -> Any:
        if os.getpid() == self.parent:
            self.here += 1
        else:
            with self.elsewhere.get_lock():
                self.elsewhere.value += 1
        return self.check(file)

    def counts(self) -> tuple[list[int], int, int]:
        return self.pools, self.here, self.elsewhere.value


@pytest.fixture
def watch(monkeypatch: pytest.MonkeyPatch) -> Watch:
    watching = Watch()
    monkeypatch.setattr(pool, "_executor", watching.executor)
    monkeypatch.setattr(validate, "_check_file", watching.checked)
    return watching


def run(content: Path, **options: Any) -> Catalog | list[Problem]:
    """Validate `content` from an empty cache (never a file): its catalog, or its problems."""
    try:
        return validate.validate_all(content, cache=CheckCache(None, "test"), **options).catalog
    except ContentError as error:
        return error.problems


def with_jobs(monkeypatch: pytest.MonkeyPatch, jobs: int, least: int = 1) -> None:
    monkeypatch.setenv(JOBS_VARIABLE, str(jobs))
    monkeypatch.setenv(pool.MIN_FILES_VARIABLE, str(least))


def listed(catalog: Catalog) -> dict[str, list[tuple[str, str]]]:
    """What a reader sees of a catalog: each kind's ids and titles, in order."""
    return {
        "actions": [(i, a.title) for i, a in catalog.actions.items()],
        "partners": [(i, p.name) for i, p in catalog.partners.items()],
        "interlocutors": [(i, r.role) for i, r in catalog.interlocutors.items()],
        "kits": [(i, k.title) for i, k in catalog.kits.items()],
        "lessons": [
            (c, i, s.title) for c, b in catalog.courses.items() for i, s in b.lessons.items()
        ],
        "sources": list(catalog.sources.items()),
    }


def differing(one: Catalog, other: Catalog) -> list[str]:
    """The fields of two catalogs that differ (a Catalog is only equal to itself)."""
    return [
        f.name for f in dataclasses.fields(one) if getattr(one, f.name) != getattr(other, f.name)
    ]


def located(problems: list[Problem]) -> list[tuple[str, str, int, int, str]]:
    return [(p.code, p.path, p.line, p.column, p.message) for p in problems]


def test_a_pool_of_two_finds_the_catalog_of_one_process(
    minimal: Path, monkeypatch: pytest.MonkeyPatch, watch: Watch
) -> None:
    added = grow(minimal)
    files = sum(1 for _ in minimal.rglob("*.yml"))
    with_jobs(monkeypatch, 1)
    alone = run(minimal)
    assert watch.counts() == ([], files, 0)
    with_jobs(monkeypatch, 2)
    shared = run(minimal)
    # two processes forked, each file checked there once, none here
    pools, here, elsewhere = watch.counts()
    assert (pools, here - files, elsewhere) == ([2], 0, files)
    assert isinstance(alone, Catalog) and isinstance(shared, Catalog)
    assert listed(shared) == listed(alone)
    assert [(i, t) for i, t in listed(shared)["actions"] if i in added] == sorted(added.items())
    assert differing(shared, alone) == []  # every model, link and warning
    assert shared.links


def test_a_pool_of_two_finds_the_problems_of_one_process(
    minimal: Path, monkeypatch: pytest.MonkeyPatch, watch: Watch
) -> None:
    grow(minimal)
    broken = break_some(minimal)
    files = sum(1 for _ in minimal.rglob("*.yml"))
    with_jobs(monkeypatch, 1)
    alone = run(minimal)
    with_jobs(monkeypatch, 2)
    shared = run(minimal)
    pools, here, elsewhere = watch.counts()
    assert (pools, here - files, elsewhere) == ([2], 0, files)
    assert isinstance(alone, list) and isinstance(shared, list)
    assert located(shared) == located(alone)
    assert {p.path for p in shared} == broken


def test_the_pool_waits_for_enough_files_to_check(
    minimal: Path, monkeypatch: pytest.MonkeyPatch, watch: Watch
) -> None:
    grow(minimal)
    files = sum(1 for _ in minimal.rglob("*.yml"))
    with_jobs(monkeypatch, 2, least=files + 1)
    assert isinstance(run(minimal), Catalog)
    assert watch.pools == []
    with_jobs(monkeypatch, 2, least=files)
    assert isinstance(run(minimal), Catalog)
    assert watch.pools == [2]


def test_no_pool_with_one_job_in_the_preview_or_for_files_already_checked(
    minimal: Path, monkeypatch: pytest.MonkeyPatch, watch: Watch
) -> None:
    grow(minimal)
    with_jobs(monkeypatch, 1)
    run(minimal)
    with_jobs(monkeypatch, 2)
    run(minimal, preview=True)
    assert watch.pools == []
    cache = CheckCache(None, "test")
    validate.validate_all(minimal, cache=cache)  # checks every file, in a pool
    validate.validate_all(minimal, cache=cache)  # every file in the cache: none to check
    assert watch.pools == [2]


def test_the_default_threshold_is_a_number_of_files(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(pool.MIN_FILES_VARIABLE, raising=False)
    monkeypatch.setenv(JOBS_VARIABLE, "2")
    assert pool.processes_for(pool.MIN_FILES - 1, preview=False) == 1
    assert pool.processes_for(pool.MIN_FILES, preview=False) == 2


def failing_on(name: str, original: Callable[[File], Any]) -> Callable[[File], Any]:
    def check(file: File) -> Any:
        if file.name.endswith(name):
            raise RuntimeError(f"vérification impossible : {file.name}")
        return original(file)

    return check


def test_an_exception_in_a_process_is_the_one_of_this_process(
    minimal: Path, monkeypatch: pytest.MonkeyPatch, watch: Watch
) -> None:
    grow(minimal)
    # the processes are forked from this one: they check with the same failing function
    monkeypatch.setattr(validate, "_check_file", failing_on("copie-07.yml", validate._check_file))
    with_jobs(monkeypatch, 2)
    with pytest.raises(RuntimeError, match="vérification impossible : kits/actions/stage-copie-07"):
        run(minimal)
    assert watch.pools == [2]


def test_a_process_that_dies_leaves_its_files_to_this_process(
    minimal: Path, monkeypatch: pytest.MonkeyPatch, watch: Watch
) -> None:
    grow(minimal)
    broken = break_some(minimal)
    with_jobs(monkeypatch, 1)
    alone = run(minimal)
    parent, original = os.getpid(), validate._check_file

    def dying(file: File) -> Any:
        if os.getpid() != parent:  # in a forked process
            os._exit(3)  # a process killed (out of memory) in the middle of its files
        return original(file)

    monkeypatch.setattr(validate, "_check_file", dying)
    with_jobs(monkeypatch, 2)
    shared = run(minimal)
    assert watch.pools == [2]
    assert isinstance(alone, list) and isinstance(shared, list)
    assert located(shared) == located(alone)
    assert {p.path for p in shared} == broken


def test_a_check_that_does_not_pickle_is_done_again_here(
    minimal: Path, monkeypatch: pytest.MonkeyPatch, watch: Watch
) -> None:
    grow(minimal)
    files = sum(1 for _ in minimal.rglob("*.yml"))
    with_jobs(monkeypatch, 1)
    alone = run(minimal)
    parent, original = os.getpid(), validate._check_file

    def unpicklable(file: File) -> Any:
        entry = original(file)
        if os.getpid() == parent:
            return entry
        return dataclasses.replace(entry, texts=(lambda: None,))  # a lambda does not pickle

    monkeypatch.setattr(validate, "_check_file", unpicklable)
    with_jobs(monkeypatch, 2)
    shared = run(minimal)
    # every file checked there, then here again: its check could not come back
    assert watch.counts() == ([2], 2 * files, files)
    assert isinstance(alone, Catalog) and isinstance(shared, Catalog)
    assert listed(shared) == listed(alone)
    assert differing(shared, alone) == []
