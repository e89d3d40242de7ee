"""One fold and one plural rule: the glossary's page filter and the search index find
the same glossary terms in a text."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.format.folding import fold, term_words
from generator.search import glossary
from generator.search.index import glossary_terms

ACRONYM, EXPANSION = "CLEE", "comité local école-entreprise"


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("Les comités locaux école-entreprise du bassin", True),
        ("le Comité local école-entreprise", True),
        ("un comité école-entreprise", False),
        ("les comités localement", False),
    ],
)
def test_the_glossary_and_the_search_agree_on_an_expansion(text: str, written: bool) -> None:
    assert glossary.writes(term_words(text), EXPANSION) is written
    assert glossary_terms(text, {ACRONYM: EXPANSION}) == ([ACRONYM] if written else [])


def test_a_page_that_spells_the_expansion_in_the_plural_is_not_spelled_out_again() -> None:
    page = f"<p>Les comités locaux école-entreprise ({ACRONYM}) se réunissent.</p>"
    assert glossary.expansions()[ACRONYM] == EXPANSION
    assert glossary.spell_out(page) == page
    assert "(comité local école-entreprise)" in glossary.spell_out(f"<p>Le {ACRONYM}.</p>")


def test_fold_opens_ligatures_and_drops_accents() -> None:
    assert fold("Œuvre d'ÉLÈVE") == "oeuvre d'eleve"


def test_a_hyphenated_expansion_is_found_in_words_split_by_the_index() -> None:
    """The search index keeps a page's words without their hyphens: the expansion is
    still found there."""
    assert glossary_terms("auprès comité local école entreprise", {ACRONYM: EXPANSION}) == [ACRONYM]


@given(st.text(alphabet=string.printable))
def test_ascii_text_folds_as_any_other_text(text: str) -> None:
    """ASCII text takes a shorter way (lower case only): it folds as it would beside an
    accented letter, which takes the whole way."""
    assert fold(text + "é") == fold(text) + "e"


def test_an_acronym_written_as_an_entity_is_spelled_out_too() -> None:
    """The page is read as a reader reads it: « &#67;LEE » is « CLEE »."""
    page = "<p>Le &#67;LEE se réunit.</p>"
    assert f"&#67;LEE ({EXPANSION})" in glossary.spell_out(page)
    assert glossary.spell_out("<p>Aucun sigle ici.</p>") == "<p>Aucun sigle ici.</p>"
