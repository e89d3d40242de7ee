"""Someone to call at the end of every path (issue 12), in Chromium on a phone: from an
action step to a real académie site in a few taps, a companies' kit that never sends a
company to itself, and what comes next after a stage. Expected values come from the YAML."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from catalogue_cards import show_all
from playwright.sync_api import Page, expect

from generator.check.catalog import Catalog
from generator.check.validate import validate
from generator.format import kinds
from generator.format.academies import academies
from generator.format.models import STEP_KEYS

ROOT = Path(__file__).resolve().parents[2]
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return validate(ROOT)


@pytest.fixture
def phone(page: Page) -> Iterator[Page]:
    """A phone-sized page that records every request to another host (then blocked)."""
    foreign: list[str] = []

    def route(request_route) -> None:  # type: ignore[no-untyped-def]
        if urlsplit(request_route.request.url).hostname == "127.0.0.1":
            request_route.continue_()
        else:
            foreign.append(request_route.request.url)
            request_route.abort()

    page.route("**/*", route)
    page.set_viewport_size(PHONE)
    yield page
    assert not foreign, foreign


def _roles_of_step(catalog: Catalog, aid: str, kit: str) -> dict[str, list[str]]:
    """The roles the readers of `kit` contact at each step: all but their own side's
    roles inside their own establishment or company (those act with them)."""
    action = catalog.actions[aid]
    own = kinds.KITS[kit].own_sides

    def contacted(rid: str) -> bool:
        role = catalog.interlocutors[rid]
        return not (role.side in own and role.level == "school")

    return {
        key: [r for r in action.steps.get(key).interlocutors if contacted(r)] for key in STEP_KEYS
    }


def test_from_an_action_step_to_an_academie_site_in_two_taps(
    phone: Page, site_url: str, catalog: Catalog
) -> None:
    aid = next(
        a
        for a in catalog.actions_in_kit("teams")
        if any(
            catalog.interlocutors[r].level in ("basin", "academy")
            for roles in _roles_of_step(catalog, a, "teams").values()
            for r in roles
        )
    )
    phone.goto(site_url + f"equipes/actions/{aid}/")
    taps = 0
    link = phone.locator(".pa-who li a", has_text="Trouver votre académie").first
    link.scroll_into_view_if_needed()
    link.click()
    taps += 1
    expect(phone).to_have_url(site_url + "academies/")
    sites = {a.site for a in academies().values()}
    first = phone.locator("a[href^='https://']").filter(has_text="site de l'académie").first
    expect(first).to_be_visible()
    assert first.get_attribute("href") in sites
    # the next tap opens a real académie site: two taps from the step, fewer than three
    taps += 1
    assert taps <= 3


def test_each_step_shows_how_to_reach_each_role(
    phone: Page, site_url: str, catalog: Catalog
) -> None:
    aid = next(
        a
        for a in catalog.actions_in_kit("teams")
        if any(_roles_of_step(catalog, a, "teams").values())
    )
    phone.goto(site_url + f"equipes/actions/{aid}/")
    roles = _roles_of_step(catalog, aid, "teams")
    lists = phone.locator(".pa-who ul")
    expect(lists).to_have_count(sum(1 for r in roles.values() if r))
    items = [r for key in STEP_KEYS for r in roles[key]]
    shown = phone.locator(".pa-who li")
    expect(shown).to_have_count(len(items))
    for index, rid in enumerate(items):
        role = catalog.interlocutors[rid]
        item = shown.nth(index)
        expect(item.locator("a").first).to_have_text(role.role)
        # the « Comment le joindre » line is there, beside the role: its first words
        expect(item).to_contain_text(" ".join(role.contact.split()[:4]))


def test_the_companies_page_of_the_3e_stage(phone: Page, site_url: str, catalog: Catalog) -> None:
    aid = "stage-observation-3e"
    action = catalog.actions[aid]
    phone.goto(site_url + f"entreprises/actions/{aid}/")
    company_roles = [
        catalog.interlocutors[r].role
        for key in STEP_KEYS
        for r in action.steps.get(key).interlocutors
        if catalog.interlocutors[r].side == "company"
    ]
    assert company_roles, "the YAML names a company-side role in this action"
    shown = phone.locator(".pa-who li > p:first-child a").all_inner_texts()
    assert shown and not set(shown) & set(company_roles)
    # what comes next for a company: the tutor course and its week planner
    tutor = next(
        cid
        for cid, b in catalog.courses.items()
        if b.course.audience == "companies" and b.course.week_planner is not None
    )
    after = phone.locator("h2:has-text('Et ensuite') + ul a")
    hrefs = [a.get_attribute("href") or "" for a in after.all()]
    assert any(h.rstrip("/").endswith(f"formations/{tutor}") for h in hrefs), hrefs
    assert any(h.rstrip("/").endswith(f"formations/{tutor}/planning") for h in hrefs), hrefs


def test_a_companies_card_shows_its_own_summary(
    phone: Page, site_url: str, catalog: Catalog
) -> None:
    own = {
        aid: a.for_companies.summary
        for aid, a in catalog.actions_in_kit("companies").items()
        if a.for_companies is not None and a.for_companies.summary
    }
    assert own
    phone.goto(site_url + "entreprises/")
    show_all(phone, len(catalog.actions_in_kit("companies")))
    for aid, summary in own.items():
        card = phone.locator(f".pa-card[data-id='{aid}']")
        expect(card).to_contain_text(" ".join(summary.split()[:8]))
