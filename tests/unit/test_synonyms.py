"""The readers' ways of saying things (generator/data/synonyms.yml) travel with the search
documents, and the editors' guide stays out of the readers' search (issue 29)."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.plan.guide import guide_pages
from generator.search.index import split_index, synonyms

DATA = Path(__file__).resolve().parents[2] / "generator" / "data" / "synonyms.yml"


def test_each_entry_has_ways_of_saying_and_site_words() -> None:
    entries = yaml.safe_load(DATA.read_text("utf-8"))
    assert len(entries) >= 10
    for entry in entries:
        assert set(entry) == {"reader", "site"}, entry
        assert entry["reader"] and all(isinstance(w, str) and w.strip() for w in entry["reader"])
        assert isinstance(entry["site"], str) and entry["site"].strip()


def test_the_synonyms_travel_with_the_documents() -> None:
    entries = yaml.safe_load(DATA.read_text("utf-8"))
    index = {"config": {"lang": ["fr"]}, "docs": []}
    docs = split_index(index, {}, {}).docs
    assert docs["synonyms"] == [[e["reader"], e["site"]] for e in entries]
    assert len(synonyms()) == len(entries)


def test_the_editors_guide_is_out_of_the_readers_search() -> None:
    pages = guide_pages()
    assert pages
    assert all(page.search == {"exclude": True} for page in pages)
