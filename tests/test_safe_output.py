"""Safe output: whatever the content, no script, event handler or `javascript:`
URL reaches the HTML, except the site's own scripts.

Every page of two real builds is scanned with `html.parser`: the shipped
content, and a hostile-but-valid fixture whose text is full of `<`, `&`, `{{`,
backticks, quotes and links (`tests/fixtures/hostile/*-ok-hostile-text/`).
The search index is scanned too: Material shows its entries as HTML.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import material
import pytest
from support import CORPUS, build_case, copy_shipped_content, run_build, search_docs

from generator.prose_rules import url_scheme

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
(HOSTILE_TEXT,) = CORPUS.glob("*-ok-hostile-text")
PAYLOAD = '<img src=x onerror=alert(1)> "q" & {{ x }}'

# Material's inline scripts, by the partial that writes them: the storage
# helpers (`__md_scope`), the colour palette restored before first paint, and
# the anchor that opens a content tab. They are read from the installed theme,
# so a new version of one of them is still recognised, and nothing else is.
MATERIAL_PARTIALS = Path(material.__file__).parent / "templates/partials/javascripts"
MATERIAL_INLINE_SCRIPTS = ("base.html", "palette.html", "content.html")
# Attributes whose value a browser follows as a URL.
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "cite",
    "data",
    "background",
    "ping",
}
FORBIDDEN_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base"}


def _inline_script_patterns() -> list[re.Pattern[str]]:
    patterns = []
    for name in MATERIAL_INLINE_SCRIPTS:
        source = (MATERIAL_PARTIALS / name).read_text("utf-8")
        bodies = re.findall(r"<script>(.*?)</script>", source, re.DOTALL)
        assert bodies, name
        for body in bodies:
            # `{{ base_url }}` and the like become the relative base of a page
            parts = re.split(r"\{\{.*?\}\}", body)
            patterns.append(re.compile(r"[./]*".join(re.escape(p) for p in parts)))
    return patterns


INLINE_SCRIPTS = _inline_script_patterns()


@dataclass
class Findings:
    problems: list[str] = field(default_factory=list)
    tags: set[str] = field(default_factory=set)
    scripts: int = 0
    texts: dict[str, list[str]] = field(default_factory=dict)


class Scanner(HTMLParser):
    """Collects what must never be in a page, and the text of a few elements."""

    WATCHED = ("title", "h1", "a", "li", "td", "th", "summary", "legend", "label", "p")

    def __init__(self, page: Path, site: Path, out: Findings) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.site = site
        self.out = out
        self.script: dict[str, str | None] | None = None
        self.script_text: list[str] = []
        self.open: list[tuple[str, list[str]]] = []

    def problem(self, what: str) -> None:
        self.out.problems.append(f"{self.page.relative_to(self.site)}: {what}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.tags.add(tag)
        if tag in FORBIDDEN_TAGS:
            self.problem(f"élément <{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problem(f"attribut {name}={value!r} sur <{tag}>")
            if name in URL_ATTRIBUTES and url_scheme(value or "") in ("javascript", "vbscript"):
                self.problem(f"URL {value!r} sur <{tag}>")
            if name == "style" and value and re.search(r"expression\(|javascript:", value, re.I):
                self.problem(f"style {value!r}")
            if name == "http-equiv" and (value or "").lower() == "refresh":
                self.problem("meta refresh")
        if tag == "script":
            self.script = dict(attrs)
            self.script_text = []
            self.check_script_src(self.script)
        if tag in self.WATCHED:
            self.open.append((tag, []))

    def check_script_src(self, attrs: dict[str, str | None]) -> None:
        src = attrs.get("src")
        if src is None:
            return
        if url_scheme(src) or src.startswith("//"):
            self.problem(f"script d'un autre site : {src}")
            return
        path = src.split("?")[0]
        # 404.html is served at any depth: MkDocs writes its URLs from the root
        base = self.site if path.startswith("/") else self.page.parent
        target = (base / path.lstrip("/")).resolve()
        if not target.is_relative_to(self.site.resolve()) or not target.is_file():
            self.problem(f"script absent du site : {src}")

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script_text.append(data)
        for _tag, chunks in self.open:
            chunks.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.script is not None:
            self.out.scripts += 1
            self.check_inline_script(self.script, "".join(self.script_text))
            self.script = None
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == tag:
                opened, chunks = self.open.pop(i)
                text = " ".join("".join(chunks).replace("¶", "").split())
                self.out.texts.setdefault(opened, []).append(text)
                break

    def check_inline_script(self, attrs: dict[str, str | None], body: str) -> None:
        if attrs.get("src") is not None:
            if body.strip():
                self.problem("script avec src et contenu")
            return
        if attrs.get("type") == "application/json" and attrs.get("id") == "__config":
            json.loads(body)  # data for Material's bundle, never executed
            return
        if not any(p.fullmatch(body) for p in INLINE_SCRIPTS):
            self.problem(f"script en ligne inconnu : {body[:80]!r}")


def scan_html(html: str, page: Path, site: Path, out: Findings) -> None:
    scanner = Scanner(page, site, out)
    scanner.feed(html)
    scanner.close()


def scan_site(site: Path) -> Findings:
    out = Findings()
    pages = sorted(site.rglob("*.html"))
    assert pages
    for page in pages:
        scan_html(page.read_text("utf-8"), page, site, out)
    docs = search_docs(site)
    assert docs
    for entry in docs:
        where = site / "search" / entry["location"]
        for key in ("title", "text"):
            inner = Findings()
            scan_html(entry[key], where, site, inner)
            out.problems.extend(inner.problems)
            if inner.scripts or inner.tags & {"img", "svg", "script", "iframe"}:
                out.problems.append(f"index de recherche {entry['location']}: {inner.tags}")
    return out


def build(content: Path, site: Path) -> None:
    result = run_build(content, site)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = copy_shipped_content(tmp_path_factory.mktemp("livre"))
    site = content / "site"
    build(content, site)
    return site


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
