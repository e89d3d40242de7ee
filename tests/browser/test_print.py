"""An action page as a fiche: printed without the site around it, with its checklist
tickable on screen (kept in this browser) and printed as boxes."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest
from playwright.sync_api import Browser, Page, expect

from generator.check.catalog import Catalog
from generator.check.validate import validate

ROOT = Path(__file__).resolve().parents[2]
# The page's own external links (not the « edit » button, not a link showing its address).
EXTERNAL = "article a[href^='http']:not(.md-content__button):not(.pa-url)"
# What the site puts around a page; none of it belongs on paper.
SITE_PARTS = (
    ".md-header",
    ".md-search",
    ".md-sidebar--primary",
    ".md-sidebar--secondary",
    ".md-footer",
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return validate(ROOT)


@dataclass(frozen=True)
class Fiche:
    path: str
    title: str
    checklist: list[str]


@pytest.fixture(scope="module")
def action(catalog: Catalog) -> Fiche:
    """The teams' view of an action with external links and at least two checklist items."""
    for aid, a in catalog.actions_in_kit("teams").items():
        assert a.for_teams is not None
        if (a.resources or a.sources) and len(a.for_teams.checklist) >= 2:
            return Fiche(f"equipes/actions/{aid}/", a.title, list(a.for_teams.checklist))
    pytest.fail("no action of the teams' kit has external links and a checklist")


@pytest.fixture(autouse=True)
def no_console_error(page: Page) -> Iterator[None]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield
    assert not errors, errors


def _squeeze(text: str) -> str:
    return "".join(text.split())


# --------------------------------------------------------------------------- print


def test_print_hides_the_site_and_shows_link_targets(
    page: Page, site_url: str, action: Fiche
) -> None:
    page.goto(site_url + action.path)
    for selector in SITE_PARTS:
        expect(page.locator(selector).first).to_be_visible()
    expect(page.locator(".pa-noprint")).to_be_visible()

    page.emulate_media(media="print")
    for selector in SITE_PARTS:
        expect(page.locator(selector).first).to_be_hidden()
    expect(page.locator(".pa-noprint")).to_be_hidden()
    expect(page.locator(".pa-checklist__tools")).to_be_hidden()
    expect(page.locator("article h1")).to_be_visible()

    external = page.locator(EXTERNAL).first
    href = external.get_attribute("href")
    after = external.evaluate("a => getComputedStyle(a, '::after').content")
    assert after == '" (" attr(href) ")"' or href in after, after
    internal = page.locator("article a[href^='../']").first
    assert internal.evaluate("a => getComputedStyle(a, '::after').content") in ("none", "normal")


def test_pdf_of_an_action_has_no_navigation(
    page: Page, site_url: str, action: Fiche, tmp_path: Path
) -> None:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext absent (apt-get install poppler-utils)")
    page.goto(site_url + action.path)
    hrefs = page.locator(EXTERNAL).evaluate_all("links => links.map(a => a.getAttribute('href'))")
    # the article, and the print header that says where the fiche comes from (site, kit)
    article = page.locator("article").inner_text() + page.locator(".pa-print-header").inner_text()
    # Words that only the site's header, sidebars and footer show on screen.
    chrome = {
        text.strip()
        for text in page.locator(
            ".md-header__topic, .md-search__input, .md-nav--primary .md-nav__link, "
            ".md-nav--secondary > .md-nav__title, .md-footer a"
        ).evaluate_all("els => els.map(e => e.getAttribute('placeholder') || e.textContent || '')")
        if text.strip() and text.strip() not in article
    }
    assert len(chrome) >= 5, chrome

    pdf = tmp_path / "fiche.pdf"
    page.pdf(path=pdf, format="A4")
    text = subprocess.run(
        [pdftotext, "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    flat = " ".join(text.split())
    assert " ".join(action.title.split()) in flat
    leaked = [words for words in chrome if " ".join(words.split()) in flat]
    assert not leaked, f"navigation imprimée : {leaked}"
    for href in hrefs:
        assert _squeeze(href) in _squeeze(text), f"adresse absente du PDF : {href}"


# --------------------------------------------------------------------------- checklist


def test_checklist_is_tickable_with_the_keyboard_and_remembered(
    page: Page, site_url: str, action: Fiche
) -> None:
    path, items = action.path, action.checklist
    page.goto(site_url + path)
    boxes = page.locator(".pa-checklist input[type=checkbox]")
    expect(boxes).to_have_count(len(items))
    # Each box is named by its item, and Tab reaches it right after the heading.
    for item in items:
        expect(
            page.get_by_role("checkbox", name=" ".join(item.split()), exact=True)
        ).to_be_enabled()
    page.locator("#liste-de-verification .headerlink").focus()
    page.keyboard.press("Tab")
    expect(boxes.first).to_be_focused()
    page.keyboard.press("Space")
    expect(boxes.first).to_be_checked()
    status = page.locator(".pa-checklist__status")
    expect(status).to_have_text(f"1 point sur {len(items)} coché")

    page.reload()
    expect(boxes.first).to_be_checked()
    expect(boxes.nth(1)).not_to_be_checked()
    # Another page does not share it.
    other = page.context.new_page()
    other.goto(site_url + path.replace("equipes/", "entreprises/", 1))
    if other.locator(".pa-checklist").count():
        expect(other.locator(".pa-checklist input[type=checkbox]").first).not_to_be_checked()
    other.close()

    page.get_by_role("button", name="Tout décocher").click()
    expect(boxes.first).not_to_be_checked()
    page.reload()
    expect(boxes.first).not_to_be_checked()
    expect(status).to_have_text(f"0 point sur {len(items)} coché")


def test_checklist_prints_as_boxes(page: Page, site_url: str, action: Fiche) -> None:
    page.goto(site_url + action.path)
    boxes = page.locator(".pa-checklist input[type=checkbox]")
    page.locator(".pa-checklist__text").first.click()  # a click on the text ticks
    expect(boxes.first).to_be_checked()
    page.emulate_media(media="print")
    indicators = page.locator(".pa-checklist .task-list-indicator")
    empty = indicators.nth(1).evaluate(
        "i => { const s = getComputedStyle(i, '::before');"
        " return [s.borderTopStyle, parseFloat(s.borderTopWidth), s.content]; }"
    )
    assert empty[0] == "solid" and empty[1] > 0 and empty[2] in ('""', "none", "normal"), empty
    ticked = indicators.first.evaluate("i => getComputedStyle(i, '::before').content")
    assert re.fullmatch(r'"✓"', ticked), ticked


def test_without_javascript_the_checklist_is_empty_boxes(
    browser: Browser, site_url: str, action: Fiche
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + action.path)
    boxes = page.locator(".pa-checklist input[type=checkbox]")
    expect(boxes).to_have_count(len(action.checklist))
    for i in range(boxes.count()):
        expect(boxes.nth(i)).to_be_disabled()
        expect(boxes.nth(i)).not_to_be_checked()
    page.emulate_media(media="print")
    border = page.locator(".pa-checklist .task-list-indicator").first.evaluate(
        "i => getComputedStyle(i, '::before').borderTopStyle"
    )
    assert border == "solid"
    context.close()


def test_the_printed_fiche_says_where_it_comes_from(
    page: Page, site_url: str, action: Fiche, tmp_path: Path, catalog: Catalog
) -> None:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext absent (apt-get install poppler-utils)")
    page.goto(site_url + action.path)
    button = page.get_by_role("button", name="Imprimer la fiche")
    expect(button).to_be_visible()
    pdf = tmp_path / "fiche.pdf"
    page.pdf(path=pdf, format="A4")  # fires beforeprint: the address and today's date
    text = subprocess.run(
        [pdftotext, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert catalog.kits["teams"].title in flat
    assert _squeeze(site_url + action.path) in _squeeze(text)
    today = page.evaluate(
        "new Date().toLocaleDateString('fr-FR', {day: 'numeric', month: 'long', year: 'numeric'})"
    )
    assert f"imprimé le {today}" in flat
    assert "Imprimer la fiche" not in flat
    # one list of links: no address printed twice in « Ressources » and « Sources » (the
    # review line under the title names the texts the page was checked against, which a
    # source may cite too: it is no list of links)
    hrefs = page.locator(EXTERNAL).evaluate_all(
        "links => links.filter(a => !a.closest('.pa-review')).map(a => a.href)"
    )
    assert hrefs, "the fiche links its resources and sources"
    assert len(hrefs) == len(set(hrefs)), hrefs


# --------------------------------------------------------------------------- issue 29

STAGE = "stage-observation-3e"
A4_PAGES = 2
FILL_IN = ("Classe :", "Dates :", "Contact local")


def _pdf_text(page: Page, tmp_path: Path) -> tuple[int, str]:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext absent (apt-get install poppler-utils)")
    pdf = tmp_path / "fiche.pdf"
    page.pdf(path=pdf, format="A4")  # fires beforeprint: print.js writes the addresses
    pages = len(pypdf.PdfReader(pdf).pages)
    text = subprocess.run(
        [pdftotext, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return pages, text


def _printed_internal_links(page: Page, root: str) -> set[str]:
    """The addresses, from the site's root, of the internal links paper shows."""
    page.emulate_media(media="print")
    hrefs = page.locator("article a[href]").evaluate_all(
        """links => links
          .filter(a => !/^([a-z]+:|#)/i.test(a.getAttribute('href')))
          .filter(a => !a.closest('.pa-print-header, .headerlink'))
          .filter(a => a.getClientRects().length > 0)
          .map(a => { const u = new URL(a.href); u.hash = ''; return u.href; })"""
    )
    page.emulate_media(media="null")  # back to no emulation: page.pdf() prints
    assert all(h.startswith(root) for h in hrefs), hrefs
    return {"/" + h[len(root) :] for h in hrefs}


@pytest.mark.parametrize("kit", ["equipes", "entreprises"])
def test_the_stage_fiche_prints_on_two_pages_with_lines_to_fill(
    page: Page, site_url: str, catalog: Catalog, tmp_path: Path, kit: str
) -> None:
    action = catalog.actions[STAGE]
    page.goto(f"{site_url}{kit}/actions/{STAGE}/")
    expect(page.locator(".pa-print-fill")).to_be_hidden()  # on paper only
    addresses = _printed_internal_links(page, site_url)
    assert len(addresses) >= 5, addresses
    pages, text = _pdf_text(page, tmp_path)
    assert pages <= A4_PAGES, f"{pages} pages"
    flat = " ".join(text.split())
    assert " ".join(action.title.split()) in flat
    for words in FILL_IN:
        assert words in flat, words
    squeezed = _squeeze(text)
    for address in addresses:  # each internal link's address, once
        assert squeezed.count(f"({_squeeze(address)})") == 1, address
    # a role name with its lines close: no 44 px tap target on paper
    assert "Trouvervotreacadémie" not in squeezed


def test_the_offline_copy_prints_the_same_fiche(page: Page, unpacked: Path, tmp_path: Path) -> None:
    page.goto((unpacked.parent / "equipes" / "actions" / f"{STAGE}.html").as_uri())
    root = unpacked.parent.as_uri() + "/"
    addresses = _printed_internal_links(page, root)
    pages, text = _pdf_text(page, tmp_path)
    assert pages <= A4_PAGES, f"{pages} pages"
    flat = " ".join(text.split())
    for words in FILL_IN:
        assert words in flat, words
    squeezed = _squeeze(text)
    for address in addresses:
        assert squeezed.count(f"({_squeeze(address)})") == 1, address
