"""Course progress in Chromium: lessons marked done on their page show as done on
the course home after a reload, with the count and « Reprendre »; it all stays in
the browser."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, Request, expect
from support import WCAG_AA

from generator.catalog import CourseBundle
from generator.validate import validate

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
COURSE = "accueillir-un-eleve-de-3e"


@pytest.fixture(scope="module")
def bundle() -> CourseBundle:
    return validate(ROOT).courses[COURSE]


def _mark_done(page: Page, site_url: str, lid: str) -> None:
    page.goto(f"{site_url}formations/{COURSE}/{lid}/")
    toggle = page.get_by_role("button", name="J'ai terminé cette leçon")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".pa-lesson-done__status")).to_have_text("Leçon marquée comme terminée.")


def test_two_lessons_done_show_on_the_course_home(
    page: Page, site_url: str, bundle: CourseBundle
) -> None:
    requests: list[str] = []

    def record(request: Request) -> None:
        requests.append(request.url)

    page.on("request", record)
    order = bundle.lesson_order()
    first, third = order[0], order[2]
    _mark_done(page, site_url, first)
    _mark_done(page, site_url, third)

    home = f"{site_url}formations/{COURSE}/"
    page.goto(home)
    page.reload()
    done = page.locator(".pa-lesson-link--done")
    expect(done).to_have_count(2)
    assert [done.nth(i).get_attribute("data-lesson") for i in range(2)] == [first, third]
    expect(done.first).to_contain_text("terminée")
    expect(
        page.locator(".pa-lesson-link:not(.pa-lesson-link--done) .pa-lesson-state")
    ).to_have_count(0)
    expect(page.locator(".pa-progress__count")).to_have_text(
        f"2 leçons terminées sur {len(order)}."
    )
    # « Reprendre » leads to the first lesson not done: the second one
    resume = page.get_by_role("link", name="Reprendre")
    expect(resume).to_contain_text(bundle.lessons[order[1]].title)
    resume.click()
    expect(page).to_have_url(f"{site_url}formations/{COURSE}/{order[1]}/")

    # kept in this browser, under one key per course, and sent nowhere
    stored = page.evaluate(f"localStorage.getItem('passerelles:progression:{COURSE}')")
    assert stored is not None and first in stored and third in stored
    assert all(url.startswith(site_url) for url in requests), requests


def test_a_lesson_can_be_unmarked_and_progress_cleared(
    page: Page, site_url: str, bundle: CourseBundle
) -> None:
    order = bundle.lesson_order()
    _mark_done(page, site_url, order[0])
    page.reload()
    toggle = page.get_by_role("button", name="J'ai terminé cette leçon")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "false")
    _mark_done(page, site_url, order[1])

    page.goto(f"{site_url}formations/{COURSE}/")
    expect(page.locator(".pa-progress__count")).to_have_text(f"1 leçon terminée sur {len(order)}.")
    expect(page.get_by_role("link", name="Reprendre")).to_contain_text(
        bundle.lessons[order[0]].title
    )
    page.add_style_tag(content="*, *::before { transition: none !important; }")
    results = Axe().run(page, context={"include": [[".md-content"]]}, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()

    page.get_by_role("button", name="Effacer ma progression").click()
    expect(page.locator(".pa-progress__count")).to_have_text(f"0 leçon terminée sur {len(order)}.")
    expect(page.locator(".pa-progress__count")).to_be_focused()
    expect(page.locator(".pa-lesson-link--done")).to_have_count(0)
    expect(page.get_by_role("link", name="Reprendre")).to_have_count(0)
