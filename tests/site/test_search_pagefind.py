"""The served site's Pagefind index (generator/search/pagefind_index.py), on small hand-written
documents; what readers get from it in a browser is tested in tests/browser/test_search.py
(the queries of tests/search_queries.yml on the served site)."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import cbor2
import pagefind_bin
import pytest
import yaml

from generator.run import processes
from generator.search.index import STOP_WORDS, PageSearch, split_index
from generator.search.pagefind_index import (
    ACRONYM_MARK,
    FOLDER,
    QUERY_FILE,
    QUERY_STOP_WORDS,
    folded,
    page_html,
    publish,
    query_settings,
)
from generator.trust import csp

ROOT = Path(__file__).resolve().parents[2]
SYNONYMS = yaml.safe_load((ROOT / "generator/data/synonyms.yml").read_text("utf-8"))
ACTION = "equipes/actions/rencontre/"
VIEWS = (("", "Kit pour les équipes éducatives"), ("entreprises/actions/rencontre/", "Kit E"))


def material_index() -> dict[str, object]:
    return {
        "config": {"lang": ["fr"], "separator": "[\\s]+", "fields": {}},
        "docs": [
            {"location": "", "title": "Accueil", "text": "<p>Le pôle de l'élève.</p>"},
            {"location": ACTION, "title": "Rencontre avec un professionnel en classe",
             "text": "<p>Un métier présenté aux élèves.</p>"},
            {"location": ACTION + "#1-preparer", "title": "1. Préparer",
             "text": "<p>Les questions sur M@gistère.</p>"},
        ],
    }  # fmt: skip


def tagged(kind: str, page: str) -> dict[str, str]:
    """A page's values of a kind of Pagefind's (`meta`, `filter`), by name."""
    return dict(re.findall(rf'data-pagefind-{kind}="(\w+)">([^<]*)<', page))


def test_a_document_becomes_a_weighted_page_with_what_a_result_shows() -> None:
    doc = {"location": ACTION, "title": "Rencontre avec un professionnel en classe",
           "text": "<p>L'élève écoute.</p>", "body": "atelier métier", "keywords": "CLEE"}  # fmt: skip
    page = page_html(doc, "", [("equipes/x/", "Kit A")], ())
    assert '<h1 data-pagefind-weight="10">rencontre professionnel classe</h1>' in page
    assert '<p data-pagefind-weight="0.5">atelier metier</p>' in page  # folded, as queries
    # an acronym of the glossary written in capitals is one word of its own
    assert f'<p data-pagefind-weight="5">clee{ACRONYM_MARK}</p>' in page
    # what a result shows is in filters, whose words Pagefind does not index (the
    # text's are, once, folded), never in metadata, whose words it would index again
    assert tagged("meta", page) == {}
    shown = tagged("filter", page)
    assert shown["title"] == doc["title"] and shown["loc"] == "/" + ACTION
    assert shown["text"] == "L'élève écoute."  # what the result shows, accents kept
    assert json.loads(shown["views"]) == [["equipes/x/", "Kit A"]]
    assert "parent" not in shown  # a page's own document: no page above it
    # all of it in a block Pagefind leaves out of the page's words
    assert '<div data-pagefind-ignore><span data-pagefind-filter="title">' in page


def test_a_section_title_weighs_less_and_only_capitals_make_an_acronym() -> None:
    section = {"location": ACTION + "#etapes", "title": "Étapes avec le CLEE", "text": "",
               "body": "le clee et la face cachée"}  # fmt: skip
    page = page_html(section, "Rencontre avec un professionnel en classe", [], ())
    assert f'<h1 data-pagefind-weight="5">etapes clee{ACRONYM_MARK}</h1>' in page
    assert tagged("filter", page)["parent"] == "Rencontre avec un professionnel en classe"
    # « clee » and « face » in lower case are words, not the acronyms CLEE and FACE
    assert '<p data-pagefind-weight="0.5">clee face cachee</p>' in page
    assert {"clee", "face"} <= set(query_settings()["acronyms"])


def test_a_page_answers_the_ways_of_saying_things_its_title_holds() -> None:
    entry = next(e for e in SYNONYMS if e["site"] == "rencontre professionnel classe")
    ways = [(tuple(e["reader"]), e["site"]) for e in SYNONYMS]
    title = "Rencontre avec un professionnel en classe"
    page = page_html({"location": ACTION, "title": title, "text": ""}, "", [], ways)
    for way in entry["reader"]:
        words = [folded(w) for w in re.findall(r"\w+", way) if folded(w) not in STOP_WORDS]
        assert " ".join(words) in page, way
    other = page_html({"location": "x/", "title": "Autre chose", "text": ""}, "", [], ways)
    assert folded(entry["reader"][0].split()[0]) not in other


def test_folding_reads_accents_ligatures_and_the_at_sign() -> None:
    assert [folded(w) for w in ("Pôle", "ŒUVRE", "M@gistère")] == ["pole", "oeuvre", "magistere"]


@pytest.mark.parametrize("jobs", ["1", "2"])  # here, or in a process forked meanwhile
def test_publish_writes_the_index_and_points_the_settings_at_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    monkeypatch.setenv(processes.JOBS_VARIABLE, jobs)
    split = split_index(
        material_index(),
        {ACTION: PageSearch(merge=True, alternates=VIEWS)},
        {"CLEE": "comité local"},
    )
    (tmp_path / "search").mkdir()
    indexing = publish(tmp_path, split)
    indexing.finish()  # the build scans its output meanwhile
    assert not indexing.source.exists()  # the documents handed to Pagefind are gone
    folder = tmp_path / FOLDER
    assert (folder / "pagefind.js").is_file() and (folder / "wasm.fr.pagefind").is_file()
    assert len(list((folder / "fragment").iterdir())) == len(split.docs["docs"])
    assert not list(folder.glob("pagefind-*ui*")), "Pagefind's own interfaces are not served"
    # no filter index (the worker never filters; Pagefind 1.5.2 writes them in a random
    # order): the metadata index the entry names lists none, and every page
    assert not (folder / "filter").exists()
    entry = json.loads((folder / "pagefind-entry.json").read_text("utf-8"))
    named = folder / f"pagefind.{entry['languages']['fr']['hash']}.pf_meta"
    assert [p.name for p in folder.glob("*.pf_meta")] == [named.name]
    meta = cbor2.loads(gzip.decompress(named.read_bytes()).removeprefix(b"pagefind_dcd"))
    assert meta[3] == [] and len(meta[1]) == len(split.docs["docs"])
    stub = json.loads((tmp_path / "search" / "search_index.json").read_text("utf-8"))
    assert stub["docs"] == []
    own = stub["config"]["passerelles"]
    assert own["pagefind"] == f"{FOLDER}/pagefind.js" and own["query"] == f"{FOLDER}/{QUERY_FILE}"
    query = json.loads((folder / QUERY_FILE).read_text("utf-8"))
    assert set(query["stop"]) == STOP_WORDS | QUERY_STOP_WORDS
    assert [[list(e["reader"]), e["site"]] for e in SYNONYMS] == query["synonyms"]


def test_the_binary_ships_in_the_wheel() -> None:
    """Nothing is downloaded when the index is written: the binary is in the package."""
    binary = pagefind_bin.get_executable()
    assert binary.is_file() and Path(pagefind_bin.__file__).parent in binary.parents


def test_only_the_served_site_allows_webassembly() -> None:
    served, offline = csp.policy(()), csp.policy((), offline=True)
    script = next(d for d in served.split("; ") if d.startswith("script-src"))
    assert script == "script-src 'self' 'wasm-unsafe-eval'"
    assert "wasm" not in offline and "unsafe-eval'" not in served.replace("'wasm-unsafe-eval'", "")
