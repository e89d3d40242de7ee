"""The cycle collector (generator/check/heap.py): off while files are read and checked, given
back afterwards, and never switched on by a nested step; off during the preview's rebuilds,
with one collection after each."""

from __future__ import annotations

import gc
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from generator.check import validate as validate_module
from generator.check.heap import IdleCollection, without_cycle_collection
from generator.preview import server as preview


def test_validation_runs_without_the_collector_and_gives_it_back() -> None:
    assert gc.isenabled()
    with without_cycle_collection():
        assert not gc.isenabled()
        with without_cycle_collection():  # nested: still off, and not switched on early
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_validating_content_reads_it_without_the_collector(
    minimal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    check = validate_module.check_references

    def watched(parsed: list[Any], *settings: Any) -> Any:
        seen.append(gc.isenabled())
        return check(parsed, *settings)

    monkeypatch.setattr(validate_module, "check_references", watched)
    catalog = validate_module.validate(minimal)
    assert seen == [False] and gc.isenabled()
    assert catalog.actions  # the content was read all the same


# ----------------------------------------------------------------- the preview's rebuilds


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def _garbage_cycle() -> weakref.ref[_Cycle]:
    """A cycle nothing refers to: only the cycle collector frees it."""
    return weakref.ref(_Cycle())


def _until(condition: Callable[[], bool], timeout: float = 10) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.01)
    return False


def test_a_rebuild_runs_without_the_collector_and_one_collection_follows_it() -> None:
    collection = IdleCollection(delay=0.05)
    try:
        with collection.rebuilding():
            assert not gc.isenabled()
            left = _garbage_cycle()
        assert left() is not None and not gc.isenabled()  # nothing collected yet
        assert _until(lambda: left() is None)  # collected after the delay…
        assert _until(gc.isenabled)  # …and the collector back on until the next rebuild
    finally:
        collection.close()
    assert gc.isenabled()


def test_a_save_during_the_wait_keeps_its_rebuild_free_of_collections() -> None:
    collection = IdleCollection(delay=0.02)
    try:
        with collection.rebuilding():
            pass
        with collection.rebuilding():  # before the first rebuild's collection
            time.sleep(0.2)  # long past the first collection's delay
            assert not gc.isenabled()
            left = _garbage_cycle()
            time.sleep(0.05)
            assert left() is not None  # the first collection never ran inside this rebuild
        assert _until(lambda: left() is None)
    finally:
        collection.close()
    assert gc.isenabled()


def test_closing_the_preview_gives_the_collector_back_at_once() -> None:
    collection = IdleCollection(delay=60)
    with collection.rebuilding():
        pass
    assert not gc.isenabled()
    collection.close()
    assert gc.isenabled()


def test_the_preview_rebuilds_after_its_first_build_without_the_collector(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import mkdocs.commands.build

    seen: list[tuple[bool, bool]] = []

    def build(config: Any, *, serve_url: str, dirty: bool) -> None:
        seen.append((dirty, gc.isenabled()))

    monkeypatch.setattr(mkdocs.commands.build, "build", build)
    collection = IdleCollection(delay=0.01)
    server = SimpleNamespace(root="")
    rebuild = preview._builder(
        preview.Preview(tmp_path, tmp_path),
        lambda: SimpleNamespace(site_url=None, plugins={}),
        "http://127.0.0.1:8000/",
        server,
        collection,
        tmp_path,
    )
    try:
        rebuild()
        rebuild()
    finally:
        collection.close()
    # the first, whole build keeps the collector: it converts every page and leaves
    # each page's cycles behind; the rebuilds after a save convert a few
    assert seen == [(False, True), (True, False)]
    assert server.root == str(tmp_path)
