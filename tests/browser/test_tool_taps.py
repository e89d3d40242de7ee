"""Each tool one tap from the text that names it (issue 29), on a phone: the links
written in the YAML text of the stage action and of the EntreComp lesson are on their
pages, under the words the text uses, and lead to the tool."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from generator.check.catalog import Catalog
from generator.check.validate import validate
from generator.plan.paths import (
    action_path,
    lesson_path,
    page_url,
    planner_path,
    self_assessment_path,
)

ROOT = Path(__file__).resolve().parents[2]
PHONE = {"width": 390, "height": 844}
LINK = re.compile(r"\[([^\]]*)\]\(([a-z-]+):([^)\s]+)\)")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return validate(ROOT)


def _target(prefix: str, target: str) -> str:
    if prefix == "planner":
        return page_url(planner_path(target))
    if prefix == "self-assessment":
        return page_url(self_assessment_path(target))
    course, lesson = target.split("/")
    return page_url(lesson_path(course, lesson))


def _tap_each(page: Page, site_url: str, where: str, text: str, prefixes: set[str]) -> int:
    links = [m for m in LINK.finditer(text) if m.group(2) in prefixes]
    for match in links:
        page.goto(f"{site_url}{where}")
        label, prefix, target = match.groups()
        link = page.locator("article").get_by_role("link", name=label, exact=True).first
        expect(link).to_be_visible()
        link.click()
        expect(page).to_have_url(f"{site_url}{_target(prefix, target)}")
    return len(links)


def test_the_stage_action_links_the_planner_and_the_lesson_where_it_names_them(
    page: Page, site_url: str, catalog: Catalog
) -> None:
    page.set_viewport_size(PHONE)
    action = catalog.actions["stage-observation-3e"]
    assert action.for_companies is not None and action.for_companies.steps is not None
    companies = page_url(action_path("companies", "stage-observation-3e"))
    teams = page_url(action_path("teams", "stage-observation-3e"))
    steps = action.for_companies.steps
    tapped = _tap_each(page, site_url, companies, steps.prepare or "", {"planner"})
    tapped += _tap_each(page, site_url, companies, steps.supervise or "", {"lesson"})
    tapped += _tap_each(page, site_url, teams, action.steps.supervise.text, {"lesson"})
    assert tapped >= 3


def test_the_entrecomp_lesson_links_the_grid(page: Page, site_url: str, catalog: Catalog) -> None:
    page.set_viewport_size(PHONE)
    lesson = catalog.courses["esprit-d-entreprendre"].lessons["le-cadre-entrecomp"]
    where = page_url(lesson_path("esprit-d-entreprendre", "le-cadre-entrecomp"))
    assert _tap_each(page, site_url, where, lesson.body, {"self-assessment"}) >= 1
