"""The HTML scanner of the safe-output tests: what a page may carry (the site's own
scripts, no event handler, no `javascript:` address), shared by the site's and the
packages' tests."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import material
from support import search_docs

from generator.format.schemes import url_scheme

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
