"""Site search in French, in Chromium, as readers type it: on the served site and on the
offline copy opened from the disk.

The queries and the pages that answer them are in tests/search_queries.yml, written from
the content's titles and file names. Each query's expected page must be among the first
three distinct pages found; no two results may share a title without naming their kit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import Browser, Page, expect

from generator.check.catalog import Catalog
from generator.check.validate import validate

ROOT = Path(__file__).resolve().parents[2]
QUERIES = yaml.safe_load((ROOT / "tests" / "search_queries.yml").read_text("utf-8"))
TOP = 3
PENDING = "…"
Result = tuple[str, str, list[str]]  # page path, title, titles of the links under it


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return validate(ROOT)


def site_path(href: str, root: str) -> str:
    """A result's link as a page path of the published site (« formations/x/ »)."""
    path = urlsplit(href).path[len(urlsplit(root).path) :]
    path = re.sub(r"(^|/)index\.html$", r"\1", path)
    return re.sub(r"\.html$", "/", path)


def search(page: Page, query: str, root: str) -> list[Result]:
    """Type the query in Material's search box; the pages found, in order."""
    box = page.locator("input.md-search__input")
    meta = page.locator(".md-search-result__meta")
    if not box.evaluate("el => el === document.activeElement"):
        box.click()
    expect(meta).not_to_have_text(re.compile("Initialisation"))
    meta.evaluate(f"el => el.textContent = '{PENDING}'")
    box.fill(query)
    box.press("End")  # Material reads the box on keyup
    expect(meta).not_to_have_text(PENDING)
    found = page.eval_on_selector_all(
        ".md-search-result__item",
        """items => items.map(li => [
            li.querySelector('a.md-search-result__link').href,
            li.querySelector('h1').textContent.trim(),
            [...li.querySelectorAll('h2')].map(h => h.textContent.trim())])""",
    )
    return [(site_path(href, root), title, subtitles) for href, title, subtitles in found]


def search_all(page: Page, root: str) -> dict[str, list[Result]]:
    errors: list[str] = []
    page.on("console", lambda m: m.type in {"error", "warning"} and errors.append(m.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    results = {q["query"]: search(page, q["query"], root) for q in QUERIES}
    assert not errors, f"erreurs dans la console : {errors}"
    return results


@pytest.fixture(scope="module")
def served_results(browser: Browser, site_url: str) -> Iterator[dict[str, list[Result]]]:
    page = browser.new_page()
    page.goto(site_url)
    yield search_all(page, site_url)
    page.close()


@pytest.fixture(scope="module")
def offline_results(browser: Browser, unpacked: Path) -> Iterator[dict[str, list[Result]]]:
    page = browser.new_page()
    page.goto(unpacked.as_uri())
    yield search_all(page, unpacked.parent.as_uri() + "/")
    page.close()


def rank(results: list[Result], expected: list[str]) -> int | None:
    pages = list(dict.fromkeys(path for path, _, _ in results))
    return next((i for i, path in enumerate(pages, 1) if path in expected), None)


def describe(results: list[Result]) -> str:
    return " | ".join(f"{title} ({path})" for path, title, _ in results[:5]) or "aucun résultat"


def check_found(found: list[Result], entry: Any) -> None:
    position = rank(found, entry["expect"])
    top = 1 if entry.get("first") else TOP
    assert position is not None and position <= top, describe(found)
    # the editors' guide is out of the readers' search
    assert not [path for path, _, _ in found if path.startswith("contribuer/")], describe(found)


@pytest.mark.parametrize("entry", QUERIES, ids=[q["query"] for q in QUERIES])
def test_served_search_finds_the_page(served_results: dict[str, list[Result]], entry: Any) -> None:
    check_found(served_results[entry["query"]], entry)


@pytest.mark.parametrize("entry", QUERIES, ids=[q["query"] for q in QUERIES])
def test_offline_search_finds_the_page(
    offline_results: dict[str, list[Result]], entry: Any
) -> None:
    check_found(offline_results[entry["query"]], entry)


def kit_names(catalog: Catalog) -> list[str]:
    return [kit.title for kit in catalog.kits.values()]


@pytest.mark.parametrize("copy", ["served_results", "offline_results"])
def test_no_two_results_share_a_title_without_naming_their_kit(
    request: pytest.FixtureRequest, catalog: Catalog, copy: str
) -> None:
    kits = kit_names(catalog)
    for query, results in request.getfixturevalue(copy).items():
        titles = [title for _, title, _ in results]
        for title in {t for t in titles if titles.count(t) > 1}:
            assert any(kit in title for kit in kits), f"« {query} » : « {title} » en double"


def test_an_action_is_found_once_with_each_kit_offered(
    served_results: dict[str, list[Result]], catalog: Catalog
) -> None:
    action = catalog.actions["visite-d-entreprise"]
    assert action.for_teams and action.for_companies  # the content puts it in both kits
    results = [r for r in served_results["visite d'entreprise"] if r[1] == action.title]
    assert len(results) == 1
    assert results[0][2][:2] == kit_names(catalog)


def test_accents_elisions_and_stop_words_change_nothing(page: Page, site_url: str) -> None:
    page.goto(site_url)
    first = {q: search(page, q, site_url)[:3] for q in ["pôle élève", "pole eleve", "POLE ÉLÈVE"]}
    assert first["pôle élève"] and len({str(v) for v in first.values()}) == 1, first
    assert search(page, "l'entreprise", site_url)[:5] == search(page, "entreprise", site_url)[:5]
    assert (
        search(page, "le stage de l'élève", site_url)[:5]
        == search(page, "stage élève", site_url)[:5]
    )
    # a query of stop words alone finds nothing, instead of every page
    assert search(page, "de la", site_url) == []


def test_the_index_loads_when_the_reader_searches(page: Page, site_url: str) -> None:
    """The served site searches with Pagefind: its files are fetched at the first search,
    never before, and lunr's documents (the offline copy's search) never. The search
    worker itself starts when the search box takes the focus, not with the page."""
    loaded: list[str] = []
    page.context.on("request", lambda r: loaded.append(urlsplit(r.url).path))
    page.goto(site_url + "equipes/")
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    assert not [p for p in loaded if "/pagefind/" in p], "index chargé sans recherche"
    assert not [p for p in loaded if "/workers/" in p], "moteur de recherche démarré sans recherche"
    page.locator("input.md-search__input").focus()
    expect(page.locator(".md-search-result__meta")).to_have_text("Taper pour démarrer la recherche")
    assert [p for p in loaded if p.endswith("/workers/search-fr.js")]
    assert search(page, "stage", site_url)
    assert "/pagefind/pagefind.js" in loaded
    assert [p for p in loaded if p.startswith("/pagefind/fragment/")]
    # what a result shows travels as Pagefind's filters; the search never filters
    assert not [p for p in loaded if p.startswith("/pagefind/filter/")]
    assert not [p for p in loaded if p.endswith("search_docs.js")]


def test_the_page_fetches_settings_and_the_worker_the_documents(built_site: Path) -> None:
    stub = (built_site / "search" / "search_index.json").read_bytes()
    docs = built_site / "search" / "search_docs.js"
    assert len(stub) < 2_000 and b'"docs":[]' in stub
    assert docs.stat().st_size > 50 * len(stub)
    assert b'"pagefind":"pagefind/pagefind.js"' in stub


# --------------------------------------------------------------------------- issue 29


def test_from_the_companies_kit_a_result_opens_the_companies_view(
    page: Page, site_url: str, catalog: Catalog
) -> None:
    action = catalog.actions["visite-d-entreprise"]
    assert action.for_teams and action.for_companies
    for kit_slug in ("entreprises", "equipes"):
        page.goto(f"{site_url}{kit_slug}/")
        found = search(page, "visite d'entreprise", site_url)
        assert found[0][1] == action.title, describe(found)
        assert found[0][0] == f"{kit_slug}/actions/visite-d-entreprise/", describe(found)
    # the kits' views under the result look like links
    view = page.locator(".md-search-result__link.pa-search-view h2").first
    expect(view).to_have_css("text-decoration-line", "underline")
    page.locator(".md-search-result__item").first.locator("a").first.click()
    expect(page).to_have_url(re.compile(r"/equipes/actions/visite-d-entreprise/"))


def test_a_result_shows_the_text_of_its_page(page: Page, site_url: str, catalog: Catalog) -> None:
    """The served search's results show what Pagefind carries beside its index (the text,
    the location: pagefind_index.page_html), as the page says it."""
    course = catalog.courses["esprit-d-entreprendre"].course
    page.goto(site_url)
    found = search(page, "magistere", site_url)
    assert found[0][:2] == ("formations/esprit-d-entreprendre/", course.title), describe(found)
    # Material shows a result's text when no section of its page scores as high
    first = page.locator(".md-search-result__item").first.locator("article")
    expect(first.locator("p").first).to_have_text(course.summary)


def test_results_name_missing_words_as_typed_never_as_stems(page: Page, site_url: str) -> None:
    page.goto(site_url)
    search(page, "intervenants xylophones", site_url)
    terms = page.locator(".md-search-result__terms").all_inner_texts()
    missing = {w for t in terms for w in t.split(":", 1)[-1].split()}
    assert missing, "some result misses a word"
    assert missing <= {"intervenants", "xylophones"}, missing


def test_a_synonym_is_not_said_missing(page: Page, site_url: str) -> None:
    page.goto(site_url)
    found = search(page, "présenter mon métier", site_url)
    assert found, "found through the synonyms"
    terms = " ".join(page.locator(".md-search-result__terms").all_inner_texts())
    for site_word in ("rencontre", "professionnel", "classe", "rencontr", "professionnel"):
        assert site_word not in terms


def test_back_from_a_result_brings_the_query_back(page: Page, site_url: str) -> None:
    page.goto(site_url + "entreprises/")
    query = "convention de stage"
    found = search(page, query, site_url)
    assert found
    page.locator(".md-search-result__item a.md-search-result__link").first.click()
    expect(page).not_to_have_url(re.compile(r"/entreprises/$"))
    page.go_back()
    box = page.locator("input.md-search__input")
    expect(box).to_have_value(query)
    expect(page.locator(".md-search-result__item").first).to_be_visible()
