"""A kit's catalogue at 1,000 actions (bench/synthetic.py): the page sends its first
cards, and the filters, counts, URL state, « Afficher plus » with the keyboard, axe and
the pages for readers without JavaScript work over the whole catalogue. Expected values
come from the generated content, validated here (issue 30)."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from catalogue_cards import VISIBLE_CARDS, shown_ids
from playwright.sync_api import Browser, Page, expect
from support import run_build, serving
from test_a11y import axe_violations, describe

from generator.check.catalog import Catalog
from generator.check.validate import validate
from generator.format import labels
from generator.plan.catalogue import PAGE_SIZE, catalogue_entries

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
ACTIONS = 1000


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The synthetic content of ACTIONS actions and its built site."""
    content = tmp_path_factory.mktemp("grand") / "contenu"
    made = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "synthetic.py"),
            str(content),
            "--actions",
            str(ACTIONS),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    site = content.parent / "site"
    result = run_build(content, site)
    assert result.returncode == 0, result.stderr
    return content, site


@pytest.fixture(scope="module")
def catalog(large: tuple[Path, Path]) -> Catalog:
    return validate(large[0])


@pytest.fixture(scope="module")
def url(large: tuple[Path, Path]) -> Iterator[str]:
    with serving(large[1]) as base:
        yield base + "equipes/"


def _count(n: int) -> str:
    return f"{n} action{'s' if n > 1 else ''}"


def test_the_page_sends_its_first_cards_only(large: tuple[Path, Path], catalog: Catalog) -> None:
    total = len(catalog.actions_in_kit("teams"))
    assert total > 10 * PAGE_SIZE
    html = (large[1] / "equipes" / "index.html").read_text("utf-8")
    assert html.count('class="pa-card"') == PAGE_SIZE
    assert f'data-total="{total}"' in html
    # well under the 1 MB the page weighed at 1,000 actions with every card
    assert len(html.encode()) < 150_000


def test_filters_counts_and_url_over_the_whole_catalogue(
    page: Page, url: str, catalog: Catalog
) -> None:
    actions = catalog.actions_in_kit("teams")
    fmt = "visit"
    level = next(lv for lv in labels.LEVELS if any(lv in a.levels for a in actions.values()))
    expected = {aid for aid, a in actions.items() if a.format == fmt and level in a.levels}
    by_format = {aid for aid, a in actions.items() if a.format == fmt}
    assert 0 < len(expected) < len(by_format) < len(actions)
    page.goto(url)
    expect(page.locator(".pa-count")).to_have_text(_count(len(actions)))
    page.locator(f"input[name=format][value='{fmt}']").check()
    expect(page.locator(".pa-count")).to_have_text(_count(len(by_format)))
    # each level's count: the actions of this format having it
    for value in labels.LEVELS:
        n = sum(1 for aid in by_format if value in actions[aid].levels)
        box = page.locator(f"input[name=level][value='{value}']")
        if box.count():
            expect(box.locator("xpath=..").locator(".pa-filters__count")).to_have_text(f"({n})")
    page.locator(f"input[name=level][value='{level}']").check()
    expect(page.locator(".pa-count")).to_have_text(_count(len(expected)))
    expect(page).to_have_url(re.compile(rf"[?&]format={fmt}(&|$)"))
    expect(page).to_have_url(re.compile(rf"[?&]level={level}(&|$)"))
    assert shown_ids(page, expected) == expected

    # the same URL, opened again, shows the same list
    again = page.context.new_page()
    again.goto(page.url)
    expect(again.locator(f"input[name=level][value='{level}']")).to_be_checked()
    assert shown_ids(again, expected) == expected
    again.close()


def test_more_cards_with_the_keyboard_and_axe(page: Page, url: str, catalog: Catalog) -> None:
    ids = [e["id"] for e in catalogue_entries(catalog, "teams")]
    page.goto(url)
    expect(page.locator(".pa-pages")).to_be_hidden()
    page.locator(".pa-more button").focus()
    page.keyboard.press("Enter")
    expect(page.locator(VISIBLE_CARDS)).to_have_count(2 * PAGE_SIZE)
    expect(page.locator(VISIBLE_CARDS).nth(PAGE_SIZE).locator("a")).to_be_focused()
    shown = page.locator(VISIBLE_CARDS).evaluate_all("cs => cs.map(c => c.dataset.id)")
    assert shown == ids[: 2 * PAGE_SIZE]
    # a card made from the data file links where the page's own cards do
    link = page.locator(VISIBLE_CARDS).nth(PAGE_SIZE).locator("a")
    expect(link).to_have_attribute("href", f"actions/{ids[PAGE_SIZE]}/")
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_without_javascript_the_pages_lead_through_the_catalogue(
    browser: Browser, url: str, catalog: Catalog
) -> None:
    ids = [e["id"] for e in catalogue_entries(catalog, "teams")]
    count = -(-len(ids) // PAGE_SIZE)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url)
    expect(page.locator("form.pa-filters")).to_be_hidden()
    page.get_by_role("link", name="Page suivante").click()
    expect(page.locator("h1")).to_contain_text(f"page 2 sur {count}")
    cards = page.locator(".pa-catalogue .pa-card")
    assert cards.evaluate_all("cs => cs.map(c => c.dataset.id)") == ids[PAGE_SIZE : 2 * PAGE_SIZE]
    page.goto(f"{url}page-{count}/")
    assert cards.evaluate_all("cs => cs.map(c => c.dataset.id)") == ids[(count - 1) * PAGE_SIZE :]
    expect(page.get_by_role("link", name="Page suivante")).to_have_count(0)
    page.get_by_role("link", name="Page précédente").click()
    expect(page.locator("h1")).to_contain_text(f"page {count - 1} sur {count}")
    context.close()
