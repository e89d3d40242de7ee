"""The downloadable copy: `passerelles build --offline` writes a zip that works from file://.

The zip is unpacked and opened in Chromium straight from the disk: search finds
« stage », links lead from page to page, nothing is requested from anywhere.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Route, expect

from generator.plan.catalogue import PAGE_SIZE
from generator.publish.site import OFFLINE_FOLDER, OFFLINE_ZIP, zip_site

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def file_page(page: Page) -> Iterator[tuple[Page, dict[str, list[str]]]]:
    """A page that records console errors and blocks any request that is not file://."""
    seen: dict[str, list[str]] = {"requests": [], "errors": []}

    def block(route: Route) -> None:
        seen["requests"].append(route.request.url)
        route.abort("blockedbyclient")

    page.context.route(lambda url: urlsplit(url).scheme in {"http", "https", "ws", "wss"}, block)
    page.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
    page.on("pageerror", lambda error: seen["errors"].append(str(error)))
    yield page, seen


def test_published_home_page_links_to_the_zip(offline_site: Path) -> None:
    home = (offline_site / "index.html").read_text("utf-8")
    assert f'href="{OFFLINE_ZIP}"' in home
    assert zipfile.is_zipfile(offline_site / OFFLINE_ZIP)


def test_normal_build_has_no_zip_and_no_link(built_site: Path) -> None:
    assert not (built_site / OFFLINE_ZIP).exists()
    assert OFFLINE_ZIP not in (built_site / "index.html").read_text("utf-8")


def test_zip_holds_a_copy_for_the_disk(offline_site: Path) -> None:
    with zipfile.ZipFile(offline_site / OFFLINE_ZIP) as archive:
        names = set(archive.namelist())
        home = archive.read(f"{OFFLINE_FOLDER}/index.html").decode()
    assert f"{OFFLINE_FOLDER}/search/search_index.js" in names
    assert f"{OFFLINE_FOLDER}/assets/vendor/iframe-worker/shim.js" in names
    assert f"{OFFLINE_FOLDER}/assets/vendor/iframe-worker/LICENSE" in names
    # pages as files (no directory URLs), the shim from the copy itself, no link to itself
    assert 'href="equipes/index.html"' in home
    assert '<script src="assets/vendor/iframe-worker/shim.js">' in home
    assert OFFLINE_ZIP not in home
    assert "unpkg.com" not in home


def test_same_site_gives_the_same_zip(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text("<p>accueil</p>", "utf-8")
    (site / "a" / "page.html").write_text("<p>page</p>", "utf-8")
    zip_site(site, tmp_path / "un.zip")
    (site / "index.html").touch()  # a later build: same bytes, newer date
    zip_site(site, tmp_path / "deux.zip")
    assert (tmp_path / "un.zip").read_bytes() == (tmp_path / "deux.zip").read_bytes()


@pytest.mark.browser
def test_offline_copy_searches_and_navigates_from_the_disk(
    file_page: tuple[Page, dict[str, list[str]]], unpacked: Path
) -> None:
    page, seen = file_page
    page.goto(unpacked.as_uri())
    expect(page.locator("h1")).to_contain_text("Passerelles")
    # Search, with the keyboard: the index comes from search_index.js, the worker runs
    # in an iframe (the iframe-worker shim), since file:// allows neither fetch nor Worker.
    page.keyboard.press("/")
    page.keyboard.type("stage")
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible()
    expect(page.locator(".md-search-result__item mark").first).to_have_text(
        re.compile("stage", re.IGNORECASE)
    )
    page.locator(".md-search-result__link").first.click()
    expect(page).to_have_url(_html_page())
    expect(page.locator("article h1")).to_be_visible()
    # From page to page through the navigation, still on the disk.
    page.goto(unpacked.as_uri())
    page.get_by_role("link", name="Je représente une entreprise").click()
    expect(page).to_have_url(_ends_with("/entreprises/index.html"))
    # The rest of the catalogue comes from the kit's cartes.js, a script: it loads from
    # the disk, where fetch() would not.
    total = int(page.locator(".pa-count").get_attribute("data-total") or 0)
    shown = page.locator(".pa-catalogue .pa-card:not([hidden])")
    expect(shown).to_have_count(min(total, PAGE_SIZE))
    if total > PAGE_SIZE:
        page.get_by_role("button", name="Afficher plus d'actions").click()
        expect(shown).to_have_count(min(total, 2 * PAGE_SIZE))
        expect(shown.nth(PAGE_SIZE).locator("a")).to_have_attribute("href", re.compile(r"\.html$"))
    page.locator(".pa-card a").first.click()
    expect(page).to_have_url(_html_page("/entreprises/actions/"))
    page.locator("footer").get_by_role("link", name="Mentions légales").click()
    expect(page).to_have_url(_ends_with("/a-propos/mentions-legales.html"))
    expect(page.locator("h1")).to_contain_text("Mentions légales")
    assert not seen["requests"], f"requêtes hors du disque : {seen['requests']}"
    assert not seen["errors"], f"erreurs dans la console : {seen['errors']}"


def _html_page(folder: str = "/") -> re.Pattern[str]:
    return re.compile(rf"^file://.*{re.escape(folder)}[^/]+\.html(\?[^#]*)?(#.*)?$")


def _ends_with(suffix: str) -> re.Pattern[str]:
    return re.compile(rf"^file://.*{re.escape(suffix)}$")
