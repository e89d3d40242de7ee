"""What the browser tests of the kits' catalogues share: a kit page shows its cards
PAGE_SIZE at a time, « Afficher plus » adding the next ones."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from generator.plan.catalogue import PAGE_SIZE

CARDS = ".pa-catalogue .pa-card"
VISIBLE_CARDS = ".pa-catalogue .pa-card:not([hidden])"


def show_all(page: Page, expected: int) -> None:
    """« Afficher plus » pressed until the list holds the `expected` cards the count says."""
    more = page.locator(".pa-more button")
    expect(page.locator(".pa-count")).to_have_text(re.compile(rf"^{expected} "))
    for _ in range(expected // PAGE_SIZE):
        if not more.is_visible():
            break
        shown = page.locator(VISIBLE_CARDS).count()
        more.click()
        expect(page.locator(VISIBLE_CARDS)).to_have_count(min(expected, shown + PAGE_SIZE))
    expect(more).to_be_hidden()


def shown_ids(page: Page, expected: set[str]) -> set[str]:
    """The ids of the cards left visible, once as many as expected are."""
    show_all(page, len(expected))
    expect(page.locator(VISIBLE_CARDS)).to_have_count(len(expected))
    return set(page.locator(VISIBLE_CARDS).evaluate_all("cs => cs.map(c => c.dataset.id)"))


def shown_order(page: Page, expected: int) -> list[str]:
    """The ids of the visible cards in the list's order, once all `expected` show."""
    show_all(page, expected)
    expect(page.locator(VISIBLE_CARDS)).to_have_count(expected)
    return page.locator(VISIBLE_CARDS).evaluate_all("cs => cs.map(c => c.dataset.id)")
