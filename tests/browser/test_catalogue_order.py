"""A catalogue that sorts and says when (issue 29), on a phone, with expected values
read from the YAML: cards by title, by duration with the sort in the URL, by relevance
with the text filter; the period on the cards and its filter."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from catalogue_cards import shown_order
from playwright.sync_api import Page, expect

from generator.check.catalog import Catalog
from generator.check.validate import validate
from generator.format.models import Action
from generator.plan.paths import KIT_SLUGS

ROOT = Path(__file__).resolve().parents[2]
PHONE = {"width": 390, "height": 844}
CARDS = ".pa-catalogue .pa-card"
SHOWN = ".pa-catalogue .pa-card:not([hidden])"
# a school day of 8 hours, a week of 5 days, a month of 4 weeks, a year of 36 weeks
SCHOOL_HOURS = {"hour": 1, "day": 8, "week": 40, "month": 160, "year": 1440}
TERM3 = ("april", "may", "june", "term3")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return validate(ROOT)


def _french(title: str) -> str:
    plain = unicodedata.normalize("NFKD", title.casefold().replace("œ", "oe"))
    return "".join(c for c in plain if not unicodedata.combining(c))


def _hours(action: Action) -> float:
    return action.duration.value * SCHOOL_HOURS[action.duration.unit]


def _ids(page: Page, selector: str = CARDS) -> list[str]:
    return page.locator(selector).evaluate_all("cs => cs.map(c => c.dataset.id)")


def _open(page: Page) -> None:
    if page.locator("form.pa-filters details[open]").count() == 0:
        page.locator("form.pa-filters summary").click()


@pytest.mark.parametrize("kit", list(KIT_SLUGS))
def test_cards_by_title_then_by_duration_with_the_sort_in_the_url(
    page: Page, site_url: str, catalog: Catalog, kit: str
) -> None:
    page.set_viewport_size(PHONE)
    actions = catalog.actions_in_kit(kit)
    by_title = sorted(actions, key=lambda aid: (_french(actions[aid].title), aid))
    url = f"{site_url}{KIT_SLUGS[kit]}/"
    page.goto(url)
    assert shown_order(page, len(by_title)) == by_title

    _open(page)
    page.get_by_label("Trier par").select_option("duree")
    rank = {aid: i for i, aid in enumerate(by_title)}
    by_hours = sorted(actions, key=lambda aid: (_hours(actions[aid]), rank[aid]))
    expect(page).to_have_url(f"{url}?tri=duree")
    assert shown_order(page, len(by_hours)) == by_hours
    page.reload()
    assert shown_order(page, len(by_hours)) == by_hours
    expect(page.get_by_label("Trier par")).to_have_value("duree")


def test_the_text_filter_ranks_the_stage_3e_first(
    page: Page, site_url: str, catalog: Catalog
) -> None:
    page.set_viewport_size(PHONE)
    actions = catalog.actions_in_kit("teams")
    # the observation stage of 3e, that a reader typing « stage 3e » wants: a stage
    # (its format), for 3e only, the two words in its title
    wanted = "stage-observation-3e"
    stage = actions[wanted]
    assert stage.format == "internship" and stage.levels == ["3e"]
    assert {"stage", "3e"} <= set(_french(stage.title).replace("'", " ").split())
    page.goto(f"{site_url}{KIT_SLUGS['teams']}/")
    page.get_by_label("Rechercher dans les actions").fill("stage 3e")
    expect(page.locator(SHOWN).first).to_have_attribute("data-id", wanted)
    # cleared: back to the title order
    page.get_by_label("Rechercher dans les actions").fill("")
    by_title = sorted(actions, key=lambda aid: (_french(actions[aid].title), aid))
    expect(page.locator(SHOWN).first).to_have_attribute("data-id", by_title[0])


def test_the_period_is_on_the_card_and_filters(page: Page, site_url: str, catalog: Catalog) -> None:
    page.set_viewport_size(PHONE)
    actions = catalog.actions_in_kit("teams")
    june = [aid for aid, a in actions.items() if a.period == "june"]
    assert june, "an action of the teams' kit happens in June"
    in_term3 = {aid for aid, a in actions.items() if a.period in (*TERM3, "anytime")}
    page.goto(f"{site_url}{KIT_SLUGS['teams']}/")
    for aid in june:
        expect(page.locator(f'{CARDS}[data-id="{aid}"] .pa-card__meta')).to_contain_text("En juin")
    _open(page)
    page.locator("input[name=period][value=term3]").check()
    expect(page.locator(".pa-count")).to_have_text(
        f"{len(in_term3)} action" + ("s" if len(in_term3) > 1 else "")
    )
    assert set(_ids(page, SHOWN)) == in_term3
    expect(page).to_have_url(f"{site_url}{KIT_SLUGS['teams']}/?period=term3")


def test_the_text_filter_stems_as_the_search_does(
    page: Page, site_url: str, catalog: Catalog
) -> None:
    """« rencontres professionnelles » finds the action titled with « professionnel »:
    the French stemmer of the search, not only plural endings dropped."""
    actions = catalog.actions_in_kit("teams")
    wanted = "rencontre-professionnel-en-classe"
    assert "professionnel " in _french(actions[wanted].title) + " "
    assert "professionnelles" not in _french(actions[wanted].title)
    page.set_viewport_size(PHONE)
    page.goto(f"{site_url}{KIT_SLUGS['teams']}/")
    page.get_by_label("Rechercher dans les actions").fill("rencontres professionnelles")
    expect(page.locator(SHOWN).first).to_have_attribute("data-id", wanted)
