"""The Content-Security-Policy in Chromium: every page of the shipped site, of a test
edition, of the offline copy (from file://) and of the course packages loads with its
policy and reports no violation; the widgets still work under it; and a script slipped
into a page is blocked and reported.

Violations are collected with a `securitypolicyviolation` listener installed before any
script of the page runs (an init script, which no policy of the page governs)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from export_support import ROOT, package, unpack, yaml_courses
from playwright.sync_api import Page, Route, expect
from support import run_build, serving

from generator.trust import csp

LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`);
});
"""
EDITION = ROOT / "tests/fixtures/edition"
# A loaded page's policies and the violations it reported, read in one round trip.
_AFTER_LOAD = """() => [
  document.querySelectorAll('meta[http-equiv="Content-Security-Policy"]').length,
  window.__csp,
]"""


def _pages(site: Path) -> list[str]:
    found = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert found
    return found


def _violations(page: Page, base: str, pages: list[str]) -> list[str]:
    page.add_init_script(LISTEN)
    found = []
    for name in pages:
        page.goto(base + name)  # returns once the page's load event has fired
        policies, violations = page.evaluate(_AFTER_LOAD)
        if policies != 1:
            found.append(f"{name}: pas de politique")
        found.extend(f"{name}: {v}" for v in violations)
    return found


def test_every_page_of_the_shipped_site(page: Page, site_url: str, built_site: Path) -> None:
    assert _violations(page, site_url, _pages(built_site)) == []


@pytest.fixture(scope="module")
def edition_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    content = tmp_path_factory.mktemp("edition") / "edition"
    shutil.copytree(EDITION, content)
    site = content / "site"
    result = run_build(content, site)
    assert result.returncode == 0, result.stderr
    with serving(site) as url:
        yield url, site


def test_every_page_of_a_test_edition(page: Page, edition_site: tuple[str, Path]) -> None:
    url, site = edition_site
    assert _violations(page, url, _pages(site)) == []


def test_every_page_of_the_offline_copy_and_its_search(page: Page, unpacked: Path) -> None:
    folder = unpacked.parent
    assert _violations(page, folder.as_uri() + "/", _pages(folder)) == []
    page.goto(unpacked.as_uri())
    page.locator("h1").first.wait_for()
    # the frame that stands in for the search worker from file:// waits for a search
    page.wait_for_load_state("load")
    assert page.locator("iframe").count() == 0
    # with the keyboard, as a reader: each key is an event Material's search answers
    page.keyboard.press("/")
    page.keyboard.type("stage")
    page.locator(".md-search-result__item").first.wait_for(timeout=60_000)
    assert page.locator("iframe").count() == 1
    assert page.evaluate("window.__csp") == []


@pytest.fixture(scope="module")
def packages(
    tmp_path_factory: pytest.TempPathFactory, exported: Path
) -> Iterator[tuple[str, list[str]]]:
    out = exported
    folder = tmp_path_factory.mktemp("servis")
    pages = []
    for fmt in ("scorm12", "imscc"):
        for course_id in sorted(yaml_courses(ROOT)):
            target = unpack(package(out, course_id, fmt), folder / fmt / course_id)
            pages.extend(
                p.relative_to(folder).as_posix()
                for p in sorted(target.rglob("*.html"))
                if p.parts[-2] in ("lecons", "outils")
            )
    with serving(folder) as url:
        yield url, pages


def test_every_package_page_with_the_stricter_policy(
    page: Page, packages: tuple[str, list[str]]
) -> None:
    url, pages = packages
    assert _violations(page, url, pages) == []
    page.goto(url + pages[0])
    shown = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert shown == csp.PACKAGE_POLICY
    assert "'unsafe-inline'" not in shown and "default-src 'none'" in shown


def test_widgets_work_under_the_policy(page: Page, site_url: str, built_site: Path) -> None:
    """The catalogue's filters, a quiz and the palette toggle, in use under the policy
    (each widget has its own browser tests; they all run under it too)."""
    page.add_init_script(LISTEN)
    page.goto(site_url + "equipes/")
    cards = page.locator(".pa-card:visible")
    before = cards.count()
    page.locator("form.pa-filters input[name=format]").first.check()
    # the filter may first load the kit's data file: wait until the cards change
    expect(cards).not_to_have_count(before)
    assert 0 < cards.count() < before
    lesson = next(
        p
        for p in sorted(built_site.glob("formations/*/*/index.html"))
        if "pa-question" in p.read_text("utf-8")
    )
    page.goto(site_url + lesson.parent.relative_to(built_site).as_posix() + "/")
    form = page.locator("form.pa-question").first
    form.locator("input").first.check()
    form.get_by_role("button", name="Vérifier").click()
    result = form.locator(".pa-question__result")
    result.wait_for()
    assert result.inner_text().strip()
    page.locator("label[for^=__palette]").first.click()
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    assert page.evaluate("window.__csp") == []


def test_an_injected_inline_script_and_handler_are_blocked(page: Page, site_url: str) -> None:
    """A page into which a script and an event handler are slipped (as a defect of the
    tool would): the browser runs neither and reports both."""

    def inject(route: Route) -> None:
        html = route.fetch().text()
        slipped = (
            '<img src="data:," onerror="window.__ran = 1"><script>window.__ran = 2</script></body>'
        )
        route.fulfill(body=html.replace("</body>", slipped), content_type="text/html")

    page.add_init_script(LISTEN)
    page.route(site_url + "equipes/", inject)
    page.goto(site_url + "equipes/")
    page.wait_for_function("window.__csp.length >= 2")
    assert page.evaluate("window.__ran") is None
    reported = page.evaluate("window.__csp")
    assert len(reported) >= 2, reported
    assert all(v.startswith("script-src") for v in reported), reported
