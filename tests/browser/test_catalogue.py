"""The kits' catalogues, the partner directory, a role's page and the site search,
in Chromium, checked against the catalog (never against hard-coded lists)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from catalogue_cards import CARDS, VISIBLE_CARDS, shown_ids
from playwright.sync_api import Browser, Page, expect
from support import search_docs

from generator.check.catalog import Catalog
from generator.check.validate import validate
from generator.format import labels
from generator.plan import fold
from generator.plan.catalogue import PAGE_SIZE

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return validate(ROOT)


@pytest.fixture(autouse=True)
def clean_page(page: Page) -> Iterator[None]:
    """Every test page: no console error, no request to another host."""
    errors: list[str] = []
    foreign: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "request",
        lambda r: (
            foreign.append(r.url)
            if urlsplit(r.url).scheme in ("http", "https")
            and urlsplit(r.url).hostname != "127.0.0.1"
            else None
        ),
    )
    yield
    assert not errors, errors
    assert not foreign, foreign


def count_text(n: int, one: str, many: str) -> str:
    return f"{n} {many if n > 1 else one}"


def teams_view(catalog: Catalog) -> dict[str, str]:
    """Title, summary (the teams' own when there is one) and role of each action of the
    teams' kit, folded as the filter does."""
    texts = {}
    for aid, a in catalog.actions_in_kit("teams").items():
        view = a.for_teams
        summary = (view.summary if view else None) or a.summary
        texts[aid] = fold(" ".join([a.title, summary, view.role if view else ""]))
    return texts


def format_and_level(catalog: Catalog) -> tuple[str, str, set[str]]:
    """A format and a level that each narrow the teams' kit, and the actions having both."""
    actions = catalog.actions_in_kit("teams")
    for fmt in labels.FORMATS:
        with_format = {aid for aid, a in actions.items() if a.format == fmt}
        for level in labels.LEVELS:
            with_level = {aid for aid, a in actions.items() if level in a.levels}
            both = with_format & with_level
            if both and both != with_format and both != with_level:
                return fmt, level, both
    pytest.fail("no format and level of the teams' kit narrow each other")


# --------------------------------------------------------------------------- kit catalogue


def test_format_and_level_leave_exactly_the_matching_actions(
    page: Page, site_url: str, catalog: Catalog
) -> None:
    fmt, level, expected = format_and_level(catalog)
    page.goto(site_url + "equipes/")
    total = len(catalog.actions_in_kit("teams"))
    expect(page.locator("form.pa-filters")).to_be_visible()
    assert shown_ids(page, set(catalog.actions_in_kit("teams"))) == set(
        catalog.actions_in_kit("teams")
    )
    expect(page.locator(".pa-count")).to_have_text(count_text(total, "action", "actions"))

    page.locator(f"input[name=format][value='{fmt}']").check()
    # The level with the keyboard alone: focus, then Space.
    page.locator(f"input[name=level][value='{level}']").focus()
    page.keyboard.press("Space")
    expect(page.locator(f"input[name=level][value='{level}']")).to_be_checked()

    assert shown_ids(page, expected) == expected
    expect(page.locator(".pa-count")).to_have_text(count_text(len(expected), "action", "actions"))
    expect(page).to_have_url(re.compile(rf"\?(.*&)?format={fmt}(&|$)"))
    expect(page).to_have_url(re.compile(rf"[?&]level={level}(&|$)"))

    page.get_by_role("button", name="Effacer les filtres").click()
    assert len(shown_ids(page, set(catalog.actions_in_kit("teams")))) == total
    expect(page).to_have_url(site_url + "equipes/")


def test_text_filter_ignores_case_and_accents(page: Page, site_url: str, catalog: Catalog) -> None:
    texts = teams_view(catalog)
    expected = {aid for aid, text in texts.items() if "eleve" in text}
    assert expected and expected != set(texts), "« élève » should narrow the teams' kit"
    page.goto(site_url + "equipes/")
    field = page.get_by_label("Rechercher dans les actions")
    field.fill("eleve")
    assert shown_ids(page, expected) == expected
    expect(page.locator(".pa-count")).to_have_text(count_text(len(expected), "action", "actions"))
    field.fill("ÉLÈVE")
    assert shown_ids(page, expected) == expected
    # Two words: both must be found.
    field.fill("eleve zzzz")
    shown_ids(page, set())
    expect(page.locator(".pa-empty")).to_be_visible()
    expect(page.locator(".pa-count")).to_have_text("0 action")


def test_a_filtered_url_reopens_the_same_list(page: Page, site_url: str, catalog: Catalog) -> None:
    fmt, level, by_facets = format_and_level(catalog)
    texts = teams_view(catalog)
    # A word from the title of one of the matching actions narrows the list further.
    first = sorted(by_facets)[0]
    word = max(re.findall(r"\w+", catalog.actions[first].title), key=len)
    expected = {aid for aid in by_facets if fold(word) in texts[aid]}
    page.goto(site_url + "equipes/")
    page.locator(f"input[name=format][value='{fmt}']").check()
    page.locator(f"input[name=level][value='{level}']").check()
    page.get_by_label("Rechercher dans les actions").fill(word)
    assert shown_ids(page, expected) == expected
    expect(page).to_have_url(re.compile(r"[?&]texte="))
    shared = page.url

    again = page.context.new_page()
    again.goto(shared)
    assert shown_ids(again, expected) == expected
    expect(again.locator(f"input[name=format][value='{fmt}']")).to_be_checked()
    expect(again.locator(f"input[name=level][value='{level}']")).to_be_checked()
    expect(again.get_by_label("Rechercher dans les actions")).to_have_value(word)
    # The filter's own parameter does not open Material's search box.
    expect(again.locator("#__search")).not_to_be_checked()
    again.close()


def test_without_javascript_the_pages_hold_every_card(
    browser: Browser, site_url: str, catalog: Catalog
) -> None:
    """Without JavaScript, « Page suivante » leads through the whole catalogue, in the
    order of the titles, PAGE_SIZE cards a page, and « Page précédente » back."""
    expected = sorted(
        catalog.actions_in_kit("teams").items(), key=lambda item: (fold(item[1].title), item[0])
    )
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "equipes/?format=visit&texte=zzzz")
    expect(page.locator("form.pa-filters")).to_be_hidden()
    expect(page.locator(".pa-more")).to_be_hidden()
    seen: list[str] = []
    pages = 0
    while True:
        pages += 1
        cards = page.locator(CARDS)
        assert 0 < cards.count() <= PAGE_SIZE
        for i in range(cards.count()):
            expect(cards.nth(i)).to_be_visible()
        seen.extend(cards.evaluate_all("cs => cs.map(c => c.dataset.id)"))
        following = page.get_by_role("link", name="Page suivante")
        if not following.count():
            break
        following.click()
        expect(page.locator("h1")).to_contain_text(f"page {pages + 1} sur")
    assert seen == [aid for aid, _ in expected]
    assert pages == -(-len(expected) // PAGE_SIZE)
    if pages > 1:
        page.get_by_role("link", name="Page précédente").click()
        expect(page.locator(CARDS).first).to_have_attribute(
            "data-id", expected[(pages - 2) * PAGE_SIZE][0]
        )
    context.close()


def test_more_cards_with_the_keyboard(page: Page, site_url: str, catalog: Catalog) -> None:
    """With JavaScript, « Afficher plus » replaces the pages' links: pressed with the
    keyboard, it adds the next cards and puts the focus on the first of them."""
    total = len(catalog.actions_in_kit("teams"))
    page.goto(site_url + "equipes/")
    expect(page.locator(VISIBLE_CARDS)).to_have_count(min(total, PAGE_SIZE))
    if total <= PAGE_SIZE:
        expect(page.locator(".pa-more")).to_be_hidden()
        return
    expect(page.locator(".pa-pages")).to_be_hidden()
    page.locator(".pa-more button").focus()
    page.keyboard.press("Enter")
    expect(page.locator(VISIBLE_CARDS)).to_have_count(min(total, 2 * PAGE_SIZE))
    first_new = page.locator(VISIBLE_CARDS).nth(PAGE_SIZE).locator("a")
    expect(first_new).to_be_focused()
    expect(page.locator(".pa-count")).to_have_text(count_text(total, "action", "actions"))


# --------------------------------------------------------------------------- partner directory


def test_partner_directory_filters_by_kind_and_academie(
    page: Page, site_url: str, catalog: Catalog
) -> None:
    local = next(
        (p for p in catalog.partners.values() if p.scope != "national" and p.academies), None
    )
    assert local is not None, "the directory needs a partner tied to an académie"
    kind, academy = local.kind, local.academies[0]
    expected = {
        pid
        for pid, p in catalog.partners.items()
        if p.kind == kind and (p.scope == "national" or academy in p.academies)
    }
    assert expected != set(catalog.partners)
    page.goto(site_url + "partenaires/")
    assert len(shown_ids(page, set(catalog.partners))) == len(catalog.partners)
    page.locator(f"input[name=kind][value='{kind}']").check()
    page.locator("select[name=academy]").select_option(academy)
    assert shown_ids(page, expected) == expected
    expect(page.locator(".pa-count")).to_have_text(
        count_text(len(expected), "partenaire", "partenaires")
    )
    expect(page).to_have_url(re.compile(rf"[?&]academy={academy}(&|$)"))

    page.reload()
    assert shown_ids(page, expected) == expected
    expect(page.locator("select[name=academy]")).to_have_value(academy)


# --------------------------------------------------------------------------- a role's page


def test_an_interlocutor_page_lists_its_actions_and_steps(
    page: Page, site_url: str, catalog: Catalog
) -> None:
    steps_of: dict[str, dict[str, list[str]]] = {}
    for aid, action in catalog.actions.items():
        for key, label in labels.STEPS.items():
            for rid in getattr(action.steps, key).interlocutors:
                steps_of.setdefault(rid, {}).setdefault(aid, []).append(label)
    rid = max(steps_of, key=lambda r: len(steps_of[r]))
    page.goto(site_url + f"interlocuteurs/{rid}/")
    items = page.locator("h2:has-text('Dans quelles actions') + ul > li")
    expect(items).to_have_count(len(steps_of[rid]))
    for aid, steps in steps_of[rid].items():
        item = items.filter(has_text=catalog.actions[aid].title)
        expect(item).to_have_count(1)
        expect(item).to_contain_text(", ".join(steps).lower())


# --------------------------------------------------------------------------- site search


def only_apostrophe_entreprise(built_site: Path) -> tuple[str, str]:
    """A page found by « entreprise » only if apostrophes split words: it says
    « l'entreprise » (or « d'entreprise »), never « entreprise(s) » on its own."""
    pages: dict[str, list[str]] = {}
    titles: dict[str, str] = {}
    for doc in search_docs(built_site):
        location = doc["location"].split("#")[0]
        pages.setdefault(location, []).append(f"{doc['title']} {doc['text']} {doc.get('body', '')}")
        if "#" not in doc["location"]:
            titles[location] = doc["title"]
    for location, texts in sorted(pages.items()):
        text = re.sub(r"<[^>]+>", " ", " ".join(texts)).lower()
        tokens = re.split(r"[\s\-,:!=\[\]()\"/.;?«»]+", text)
        if any(t.startswith("entrepr") for t in tokens):
            continue
        if any(re.search(r"\w['’]entreprise\b", t) for t in tokens):
            return location, titles.get(location, "")
    pytest.fail("no page of the built site says only « l'entreprise »")


def test_search_finds_entreprise_in_l_entreprise(
    page: Page, site_url: str, built_site: Path
) -> None:
    location, _title = only_apostrophe_entreprise(built_site)
    page.goto(site_url)
    search = page.locator("input.md-search__input")
    search.click()
    expect(page.locator(".md-search-result__meta")).to_have_text("Taper pour démarrer la recherche")
    # the whole word at once, then a key: one query, whose answer no earlier one follows
    search.fill("entreprise")
    search.press("End")
    expect(page.locator(".md-search-result__meta")).to_have_text(re.compile(r"\d+ documents?"))
    items = page.locator(".md-search-result__list > li")
    target = page.locator(f'.md-search-result__list a[href*="/{location}"]')
    expect(items.first).to_be_visible()
    # Material shows the first results, then more each time the list is scrolled down.
    for _ in range(100):
        if target.count():
            break
        shown = items.count()
        page.locator(".md-search__scrollwrap").evaluate(
            """async el => {
              el.scrollTop = 0;
              await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
              el.scrollTop = el.scrollHeight;
            }"""
        )
        expect(items).not_to_have_count(shown)
    expect(target.first).to_be_attached()
