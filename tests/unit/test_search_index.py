"""The search index rewrite (generator/search/index.py), on small hand-written indexes.

What readers get from it in a browser is tested in tests/browser/test_search.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from generator.search.glossary import expansions
from generator.search.index import (
    SHOWN_TEXT,
    WORKER,
    PageSearch,
    body_words,
    glossary_terms,
    read_docs,
    rewrite_page,
    split_index,
    write_split_index,
)

CONFIG = {"lang": ["fr"], "separator": "[\\s]+", "pipeline": ["stopWordFilter"], "fields": {}}
ACTION = "equipes/actions/visite/"
OTHER_VIEW = "entreprises/actions/visite/"
GLOSSARY = {"CLEE": "comité local école-entreprise", "PFMP": "période de formation"}

ROOT = Path(__file__).resolve().parents[2]


def index() -> dict[str, object]:
    return {
        "config": CONFIG,
        "docs": [
            {"location": "", "title": "Accueil", "text": "<p>Le CLEE du bassin.</p>"},
            {
                "location": ACTION,
                "title": "Visite",
                "text": "<p>Une visite d'atelier.</p> <p>Votre rôle : choisir.</p>",
            },
            {
                "location": ACTION + "#1-preparer",
                "title": "1. Préparer",
                "text": "<p>Les élèves.</p>",
            },
            {
                "location": ACTION + "#2-encadrer",
                "title": "2. Encadrer",
                "text": "<p>élèves, sécurité</p>",
            },
            {
                "location": "partenaires/x/",
                "title": "X",
                "text": "<p>Des comités locaux école-entreprise.</p>",
            },
            {"location": "partenaires/x/#contact", "title": "Contact", "text": "<p>Écrire.</p>"},
        ],
    }


def pages() -> dict[str, PageSearch]:
    views = ((ACTION, "Kit pour les équipes"), (OTHER_VIEW, "Kit pour les entreprises"))
    return {ACTION: PageSearch(keywords=("sortie",), merge=True, alternates=views)}


def test_rewriting_page_by_page_gives_the_index_rewritten_at_once() -> None:
    """The plugin rewrites each page's sections as soon as Material indexed them (the
    index of a large site never holds every page's whole text): same documents."""
    raw = index()
    docs = list(raw["docs"])  # type: ignore[call-overload]
    by_page: dict[str, list[dict[str, str]]] = {}
    for doc in docs:
        by_page.setdefault(doc["location"].split("#")[0], []).append(doc)
    rewritten = [
        doc
        for location, sections in by_page.items()
        for doc in rewrite_page(sections, pages().get(location, PageSearch()), GLOSSARY)
    ]
    assert len(rewritten) < len(docs)  # the action's sections became one document
    at_once = split_index(raw, pages(), GLOSSARY)
    page_by_page = split_index({**raw, "docs": rewritten}, pages(), GLOSSARY, rewritten=True)
    assert page_by_page.docs == at_once.docs
    assert page_by_page.stub == at_once.stub


def test_material_fetches_its_settings_without_documents() -> None:
    split = split_index(index(), pages(), GLOSSARY)
    stub = json.loads(split.stub_json())
    assert stub["docs"] == []
    assert {k: stub["config"][k] for k in CONFIG} == CONFIG
    assert stub["config"]["passerelles"]["docs"].startswith("search_docs.js?v=")


def test_the_documents_version_changes_with_them() -> None:
    changed = index()
    changed["docs"][0]["text"] = "<p>Autre texte.</p>"  # type: ignore[index]
    first = split_index(index(), pages(), GLOSSARY).stub["config"]["passerelles"]["docs"]
    second = split_index(changed, pages(), GLOSSARY).stub["config"]["passerelles"]["docs"]
    assert first != second


def test_a_merged_page_is_one_document_with_its_words_hidden() -> None:
    docs = split_index(index(), pages(), GLOSSARY).docs["docs"]
    action = [d for d in docs if d["location"].startswith(ACTION)]
    assert len(action) == 1
    assert action[0]["title"] == "Visite"
    assert action[0]["text"] == "<p>Une visite d'atelier.</p>"  # its first paragraph
    words = action[0]["body"].split()
    # each word once (« élève » is « élèves »), no stop word, none of the title and text,
    # no section number (« 1. Préparer »: every action has a step 1)
    assert words == ["Préparer", "élèves", "Encadrer", "sécurité"]


def test_other_pages_keep_their_sections() -> None:
    docs = split_index(index(), pages(), GLOSSARY).docs["docs"]
    assert [d["location"] for d in docs if d["location"].startswith("partenaires/")] == [
        "partenaires/x/",
        "partenaires/x/#contact",
    ]


def test_a_long_section_shows_its_first_paragraph_and_keeps_its_other_words() -> None:
    long = index()
    first = "<p>Le partenaire accueille des classes.</p>"
    rest = "<ul><li>Visites d'ateliers de menuiserie</li></ul>" + "<p>Encore.</p>" * 80
    long["docs"][5]["text"] = first + rest  # type: ignore[index]
    assert len(first + rest) > SHOWN_TEXT
    docs = {d["location"]: d for d in split_index(long, pages(), GLOSSARY).docs["docs"]}
    contact = docs["partenaires/x/#contact"]
    assert contact["text"] == first
    assert contact["body"].split() == ["Visites", "ateliers", "menuiserie", "Encore"]
    # a short text is left as it is
    assert docs["partenaires/x/"]["text"] == "<p>Des comités locaux école-entreprise.</p>"
    assert "body" not in docs["partenaires/x/"]


def test_alternates_are_offered_under_the_page() -> None:
    alternates = split_index(index(), pages(), GLOSSARY).docs["alternates"]
    assert alternates == {
        "titles": ["Kit pour les équipes", "Kit pour les entreprises"],
        "pages": {ACTION: [["", 0], [OTHER_VIEW, 1]]},  # "": the page itself
    }


def test_keywords_and_both_forms_of_an_acronym() -> None:
    docs = {d["location"]: d for d in split_index(index(), pages(), GLOSSARY).docs["docs"]}
    assert docs[""]["keywords"] == "comité local école-entreprise"
    assert docs["partenaires/x/"]["keywords"] == "CLEE"  # plural, accents, « locaux »
    assert docs[ACTION]["keywords"] == "sortie"
    assert "keywords" not in docs["partenaires/x/#contact"]


def test_glossary_terms_need_whole_words() -> None:
    assert glossary_terms("Les PFMP de seconde", GLOSSARY) == ["période de formation"]
    assert glossary_terms("Les Pfmp de seconde", GLOSSARY) == ["période de formation"]
    assert glossary_terms("PFMPS, pfmp, xPFMP", GLOSSARY) == []
    assert glossary_terms("périodes de formations", GLOSSARY) == ["PFMP"]
    assert glossary_terms("période de la formation", GLOSSARY) == []


def test_body_words_without_markup_or_entities() -> None:
    text = "<p>Sécurité &amp; santé &lt;b&gt; l’atelier, l'atelier</p>"
    assert body_words([text]) == "Sécurité santé b atelier"


def test_body_words_leave_out_stop_words_written_with_an_accent() -> None:
    # « à » is a stop word as « la » is: neither tells a page apart, whatever its accent
    assert body_words(["Un stage à la ferme, À Paris"]) == "stage ferme Paris"


def test_the_glossary_spells_out_the_acronyms_readers_type() -> None:
    raw = yaml.safe_load((ROOT / "generator/data/glossary.yml").read_text("utf-8"))
    glossary = expansions()
    # the acronyms with an expansion; the names written as they are (~) need none
    assert glossary == {str(k): str(v) for k, v in raw.items() if v is not None}
    for acronym in ("PFMP", "CLEE", "CEE", "PsyEN", "MOOC", "M@gistère"):
        assert glossary[acronym].strip(), acronym
    assert all(acronym != expansion for acronym, expansion in glossary.items())


def test_the_index_is_split_only_for_a_site_with_the_worker(tmp_path: Path) -> None:
    material = json.dumps(index())
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text(material, "utf-8")
    write_split_index(tmp_path, pages())
    assert (tmp_path / "search" / "search_index.json").read_text("utf-8") == material
    assert not (tmp_path / "search" / "search_docs.js").exists()
    (tmp_path / WORKER).parent.mkdir(parents=True)
    (tmp_path / WORKER).write_text("// worker", "utf-8")
    write_split_index(tmp_path, pages())
    assert json.loads((tmp_path / "search" / "search_index.json").read_text("utf-8"))["docs"] == []
    assert len(read_docs(tmp_path)["docs"]) == 4


def test_documents_are_packed_as_arrays_and_read_back(tmp_path: Path) -> None:
    split = split_index(index(), pages(), GLOSSARY)
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_docs.js").write_text(split.docs_script(), "utf-8")
    packed = json.loads(split.docs_script().partition("=")[2].rstrip().rstrip(";"))
    assert packed["docs"][0] == [
        "",
        "Accueil",
        "<p>Le CLEE du bassin.</p>",
        "",
        split.docs["docs"][0]["keywords"],
    ]
    assert all(len(doc) >= 3 for doc in packed["docs"])
    assert read_docs(tmp_path)["docs"] == split.docs["docs"]
    assert packed["alternates"]["pages"][ACTION] == [["", 0], [OTHER_VIEW, 1]]
