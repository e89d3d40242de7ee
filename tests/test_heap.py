"""The cycle collector during validation (generator/heap.py): off while files are read and
checked, given back afterwards, and never switched on by a nested step."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest

from generator import validate as validate_module
from generator.heap import without_cycle_collection


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

    def watched(parsed: list[Any]) -> Any:
        seen.append(gc.isenabled())
        return check(parsed)

    monkeypatch.setattr(validate_module, "check_references", watched)
    catalog = validate_module.validate(minimal)
    assert seen == [False] and gc.isenabled()
    assert catalog.actions  # the content was read all the same
