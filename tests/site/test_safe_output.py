"""Safe output: whatever the content, no script, event handler or `javascript:`
URL reaches the HTML, except the site's own scripts.

Every page of two real builds is scanned with `html.parser`: the shipped
content, and a hostile-but-valid fixture whose text is full of `<`, `&`, `{{`,
backticks, quotes and links (`tests/fixtures/hostile/*-ok-hostile-text/`).
The search index is scanned too: Material shows its entries as HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from html_scan import INLINE_SCRIPTS, MATERIAL_PARTIALS, PAYLOAD, Findings, scan_html, scan_site
from support import CORPUS, build_case, run_build

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
(HOSTILE_TEXT,) = CORPUS.glob("*-ok-hostile-text")


def build(content: Path, site: Path) -> None:
    result = run_build(content, site)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def shipped_site(built_site: Path) -> Path:
    """The shipped content's build every module shares (the same default build)."""
    return built_site


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    content = build_case(HOSTILE_TEXT, tmp_path_factory.mktemp("hostile") / "contenu")
    site = content / "site"
    build(content, site)
    yield site


def test_the_scanner_catches_what_it_must(tmp_path: Path) -> None:
    """The scanner itself, on a page that breaks every rule once."""
    site = tmp_path
    page = site / "index.html"
    (site / "own.js").write_text("", "utf-8")
    html = (
        '<script src="own.js"></script>'
        '<script src="https://cdn.example.org/x.js"></script>'
        "<script>alert(1)</script>"
        '<img src="x" onerror="alert(1)">'
        '<a href=" jav&#x09;ascript:alert(1)">x</a>'
        '<iframe src="https://example.org"></iframe>'
    )
    out = Findings()
    scan_html(html, page, site, out)
    joined = "\n".join(out.problems)
    assert "script d'un autre site" in joined
    assert "script en ligne inconnu" in joined
    assert "onerror" in joined
    assert "URL" in joined
    assert "<iframe>" in joined
    assert len(out.problems) == 5, out.problems


def test_material_inline_scripts_are_recognised() -> None:
    assert len(INLINE_SCRIPTS) >= 3
    scope = next(p for p in INLINE_SCRIPTS if "__md_scope" in p.pattern)
    body = (MATERIAL_PARTIALS / "base.html").read_text("utf-8")
    body = re.search(r"<script>(.*?)</script>", body, re.DOTALL)[1]  # type: ignore[index]
    assert scope.fullmatch(re.sub(r"\{\{.*?\}\}", "../..", body))
    assert not scope.fullmatch(re.sub(r"\{\{.*?\}\}", '"+alert(1)+"', body))


def test_the_shipped_site_has_only_its_own_scripts(shipped_site: Path) -> None:
    found = scan_site(shipped_site)
    assert found.problems == []
    assert found.scripts > 0


def test_hostile_text_reaches_no_page_as_markup(hostile_site: Path) -> None:
    found = scan_site(hostile_site)
    assert found.problems == []
    # the payload's <img> never became an element
    assert "img" not in found.tags


def test_hostile_text_comes_out_as_typed(hostile_site: Path) -> None:
    """Plain-text fields: as text in the page title, the heading and the sidebar."""
    page = hostile_site / "equipes/actions/visite-atelier/index.html"
    found = Findings()
    scan_html(page.read_text("utf-8"), page, hostile_site, found)
    assert any(PAYLOAD in t for t in found.texts["title"]), found.texts["title"]
    assert f"Visite {PAYLOAD}" in found.texts["h1"]
    # the sidebar lists the kit by its hostile title, as text
    assert f"Kit {PAYLOAD}" in found.texts["a"] or any(
        f"Kit {PAYLOAD}" in t for t in found.texts.get("li", [])
    )
    # Markdown text: Jinja syntax and markup-like characters shown as typed
    paragraphs = " ".join(found.texts["p"])
    assert "Texte < & > {{ y }} {% raw %}" in paragraphs
    assert "1 < 2" in paragraphs
    # the checklist keeps items that look like Markdown as text
    items = found.texts["li"]
    for typed in ("- tiret", "1986. année", "??? note", "+ plus"):
        assert any(typed in item for item in items), (typed, items)
    # the meta description cannot break out of its attribute
    html = page.read_text("utf-8")
    description = re.search(r'<meta name="description" content="([^"]*)">', html)
    assert description is not None
    assert "onmouseover" in description[1]  # kept, as text inside the attribute


def test_hostile_text_in_course_pages(hostile_site: Path) -> None:
    page = hostile_site / "formations/tuteurs/pourquoi-accueillir/index.html"
    found = Findings()
    scan_html(page.read_text("utf-8"), page, hostile_site, found)
    assert found.problems == []
    assert f"Leçon {PAYLOAD}" in found.texts["h1"]
    assert any(f"Formation {PAYLOAD}" in t for t in found.texts["a"] + found.texts["li"])
