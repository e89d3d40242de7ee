"""The catalogues' plan: durations filed as a teacher means them, facets that offer what
every card shows, « Public » first, cards in title order, the period of an action, the
introduction folded after its first paragraph, the facts line of a staff action, and
the académie an edition preselects."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from generator.check.catalog import Catalog
from generator.check.validate import validate
from generator.format.models import Duration, DurationUnit
from generator.plan import Page, cards_data, plan
from generator.plan.catalogue import (
    PAGE_SIZE,
    card_facts,
    cards_file,
    catalogue_entries,
    duration_bucket,
    kit_pages,
    split_lede,
)
from generator.plan.directory import partner_pages
from generator.render.jinja import environment, render_page

ROOT = Path(__file__).resolve().parents[2]


def _rendered(catalog: Catalog, page: Page) -> str:
    """One planned page as Markdown, with the kits' titles the site's plan gives the theme."""
    return render_page(environment(), catalog, page, kit_titles=plan(catalog).kit_titles).decode()


@pytest.mark.parametrize(
    ("value", "unit", "bucket"),
    [
        (2, "hour", "hours"),
        (0.5, "day", "hours"),  # a half-day visit
        (8, "hour", "day"),  # the 8 hours of preparation for the stage: not « days »
        (1, "day", "day"),
        (5, "day", "weeks"),  # the observation stage
        (56, "hour", "weeks"),  # a week in a company, with its preparation
        (2, "week", "weeks"),
        (1, "month", "months"),
        (3, "month", "months"),
        (6, "month", "year"),
        (1, "year", "year"),
    ],
)
def test_durations_are_filed_by_their_real_length(
    minimal: Path, value: float, unit: DurationUnit, bucket: str
) -> None:
    action = next(iter(validate(minimal).actions.values()))
    changed = action.model_copy(update={"duration": Duration(value=value, unit=unit)})
    assert duration_bucket(changed) == bucket


def test_facets_never_hide_what_every_card_shows() -> None:
    """Every action of the shipped kits has « Découvrir », and every card says so: the
    facet offers it too, with the count of every card (issue 29)."""
    catalog = validate(ROOT)
    for kit in ("teams", "companies"):
        actions = catalog.actions_in_kit(kit)
        facets = kit_pages(catalog, kit)[0].context["facets"]
        assert all("discover" in a.objectives for a in actions.values())
        offered = {o["value"]: o["count"] for o in facets["objective"]}
        assert offered["discover"] == len(actions)
        shown = {o for a in actions.values() for o in a.objectives}
        assert set(offered) == shown
        for options in facets.values():
            assert all(0 < o["count"] <= len(actions) for o in options)


def test_public_comes_first_and_period_is_a_facet() -> None:
    catalog = validate(ROOT)
    page = _rendered(catalog, kit_pages(catalog, "teams")[0])
    facets = re.findall(r'data-facet="([a-z]+)"', page)
    assert facets[0] == "participants"
    assert "period" in facets


def _french_order(title: str) -> str:
    plain = unicodedata.normalize("NFKD", title.casefold().replace("œ", "oe"))
    return "".join(c for c in plain if not unicodedata.combining(c))


def test_cards_are_in_title_order() -> None:
    catalog = validate(ROOT)
    for kit in ("teams", "companies"):
        entries = catalogue_entries(catalog, kit)
        titles = [e["title"] for e in entries]
        expected = sorted(
            (a.title for a in catalog.actions_in_kit(kit).values()), key=_french_order
        )
        assert titles == expected


def test_a_period_is_shown_on_the_card_and_filed_by_term() -> None:
    catalog = validate(ROOT)
    dated = {aid: a for aid, a in catalog.actions.items() if a.period}
    assert dated, "some shipped action says when it happens"
    months = {"june": ("juin", "term3"), "september": ("septembre", "term1")}
    for kit in ("teams", "companies"):
        entries = {e["id"]: e for e in catalogue_entries(catalog, kit)}
        for aid, action in dated.items():
            if aid not in entries or action.period not in months:
                continue
            word, term = months[action.period]
            assert entries[aid]["facts"].endswith(f"En {word}")
            assert entries[aid]["data"]["period"] == term
        undated = [e for i, e in entries.items() if i not in dated]
        assert all(e["data"]["period"] == "" for e in undated)


def test_the_introduction_folds_after_its_first_paragraph() -> None:
    lede, more = split_lede("Premier paragraphe,\nsur deux lignes.\n\n## Titre\n\nSuite.")
    assert lede == "Premier paragraphe,\nsur deux lignes."
    assert more == "## Titre\n\nSuite."
    assert split_lede("## Titre d'abord\n\nTexte.") == ("", "## Titre d'abord\n\nTexte.")


def test_a_staff_action_says_who_takes_part() -> None:
    catalog = validate(ROOT)
    staff = [a for a in catalog.actions.values() if a.participants == "staff"]
    assert staff
    for action in staff:
        facts = card_facts(action)
        assert "Pour les personnels" in facts
        assert not re.search(r"·\s*·", facts)


def test_an_edition_preselects_its_academie(minimal: Path) -> None:
    catalog = validate(minimal)
    academy = next(a for p in catalog.partners.values() for a in p.academies)
    directory = partner_pages(catalog, academy=academy)[0]
    page = _rendered(catalog, directory)
    assert f'<option value="{academy}" selected>' in page
    assert page.count(" selected>") == 1
    plain = _rendered(catalog, partner_pages(catalog)[0])
    assert " selected>" not in plain


def test_a_kit_page_holds_its_first_cards_and_the_pages_the_rest() -> None:
    """The kit page holds the first PAGE_SIZE cards; pages 2, 3… hold the others in the
    same order, each linked to the next and the previous; the data file holds them all."""
    catalog = validate(ROOT)
    for kit in ("teams", "companies"):
        ids = sorted(
            catalog.actions_in_kit(kit),
            key=lambda aid: (_french_order(catalog.actions[aid].title), aid),
        )
        pages = kit_pages(catalog, kit)
        assert len(pages) == -(-len(ids) // PAGE_SIZE)
        paged = [e["id"] for page in pages for e in page.context["entries"]]
        assert paged == ids
        assert all(len(page.context["entries"]) <= PAGE_SIZE for page in pages)
        assert pages[0].context["total"] == len(ids)
        for number, page in enumerate(pages, start=1):
            nav = page.context["pages"]
            assert nav["number"] == number
            assert nav["previous"] == (pages[number - 2].path if number > 1 else None)
            assert nav["next"] == (pages[number].path if number < len(pages) else None)
        assert all(page.search == {"exclude": True} for page in pages[1:])
        path, data = cards_file(catalog, kit)
        found = cards_data.read(data.decode())
        assert found is not None and found[0] == kit
        assert path == pages[0].path.replace("index.md", cards_data.FILE_NAME)
        assert [c["data"]["id"] for c in found[1]["cards"]] == ids
