"""The last step of a build and of an export: every output is read back and checked
against what the project itself writes.

Validation already refuses every construct that could run; this scan is the second
wall, over what is really published (pages, search documents, package pages, QTI and
OLX files), whatever template, plugin or theme wrote it. Anything that could run or
load from elsewhere fails the build or the export: an element that embeds (iframe,
object…), an event-handler attribute, a `javascript:` address, a script the site does
not ship, an inline script that is not one of Material's (by hash), a policy that is
not the expected one.
"""

from __future__ import annotations

import json
import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from generator.format.schemes import SAFE_SCHEMES, url_scheme
from generator.plan import cards_data
from generator.run.processes import forked_map, jobs, min_pages
from generator.trust import csp

SCAN_CHUNK = 32  # pages handed to a process at a time

FORBIDDEN_TAGS = frozenset(
    {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal",
     "foreignobject", "animate", "set", "handler", "listener", "import"}
)  # fmt: skip
# Attributes whose value a browser follows as an address.
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "poster", "cite", "data",
     "background", "ping", "srcset", "codebase", "manifest", "lowsrc", "dynsrc"}
)  # fmt: skip
_CSS_DANGER = re.compile(r"expression\s*\(|javascript:|url\s*\(|@import|behavior\s*:", re.I)
# The only style attribute Markdown writes: a table column's alignment.
_TEXT_ALIGN = re.compile(r"text-align: (left|right|center);")


@dataclass(frozen=True)
class Problem:
    """Something in an output file that the project never writes."""

    file: str  # the output file, relative to the site or the package
    what: str  # what was found, in French


# ----------------------------------------------------------------------------- HTML
#
# Pages are parsed by Lexbor (selectolax), an HTML5 parser that builds the tree a browser
# builds: what the scan sees is what a reader's browser would run, « <img/src=x/onerror=…> »
# included, and it reads a large site about ten times faster than html.parser.


def scan_html(
    html: str,
    script_ok: Callable[[dict[str, str | None], str], str | None],
    *,
    meta_ok: Callable[[str], str | None] | None = None,
) -> list[str]:
    """What is wrong in one HTML document or fragment, in French."""
    found: list[str] = []
    policies: list[str] = []
    for node in LexborHTMLParser(html).root.traverse(include_text=False):  # type: ignore[union-attr]
        tag = node.tag or ""
        if tag.startswith("-"):  # comments and the doctype
            continue
        if tag in FORBIDDEN_TAGS:
            found.append(f"élément <{tag}>")
        attrs = dict(node.attributes)
        for name, value in attrs.items():
            problem = _attribute(tag, name, value or "")
            if problem:
                found.append(problem)
        if tag == "script":
            problem = script_ok(attrs, node.text(deep=True))
            if problem:
                found.append(problem)
        elif tag == "meta" and (attrs.get("http-equiv") or ""):
            equiv = (attrs.get("http-equiv") or "").lower()
            if equiv == "content-security-policy":
                policies.append(attrs.get("content") or "")
            else:
                found.append(f"<meta http-equiv=« {equiv} »>")
    if meta_ok is not None:
        problem = meta_ok(policies[0] if len(policies) == 1 else "")
        if problem:
            found.append(problem)
    return found


def _attribute(tag: str, name: str, value: str) -> str | None:
    name = name.lower()
    if name.startswith("on"):
        return f"attribut « {name} » sur <{tag}>"
    if name in URL_ATTRIBUTES and not _safe_address(tag, name, value):
        return f"adresse « {value[:60]} » sur <{tag}>"
    if name == "style" and (_CSS_DANGER.search(value) or not _TEXT_ALIGN.fullmatch(value)):
        return f"style « {value[:60]} » sur <{tag}>"
    if name == "srcdoc":
        return f"attribut « srcdoc » sur <{tag}>"
    return None


def _safe_address(tag: str, name: str, value: str) -> bool:
    scheme = url_scheme(value)
    if scheme == "data":
        return tag == "link" and value.strip() == "data:,"  # a package page's empty icon
    if name == "srcset":
        return all(url_scheme(part.strip()) in SAFE_SCHEMES for part in value.split(","))
    return scheme in SAFE_SCHEMES


def no_script(attrs: dict[str, str | None], body: str) -> str | None:
    """For fragments (search documents, package texts): no script of any kind."""
    return "élément <script>"


# ----------------------------------------------------------------------------- the site


def base_url(page: str) -> str:
    """The relative address of the site's root from a page (as MkDocs gives its templates)."""
    depth = page.count("/")
    return "/".join([".."] * depth) if depth else "."


@dataclass(frozen=True)
class SiteRules:
    """What one built site may hold: its policy by depth and the scripts it ships."""

    policy: csp.SitePolicy
    scripts: frozenset[str]  # site paths of the script files the site's pages may load
    root: str = "/"  # the site's path on its host (from site_url): where 404.html starts

    def for_page(self, page: str) -> tuple[Callable[..., str | None], Callable[[str], str | None]]:
        # 404.html is served at any address: MkDocs writes its links from the site's root
        bases = (base_url(page), self.root) if page == "404.html" else (base_url(page),)
        hashes = frozenset().union(*(self.policy.hashes(b) for b in bases))
        expected = {self.policy(b) for b in bases}

        def script_ok(attrs: dict[str, str | None], body: str) -> str | None:
            src = attrs.get("src")
            if src is not None:
                return None if self._shipped(page, src) else f"script inconnu « {src[:60]} »"
            kind = (attrs.get("type") or "").lower()
            if kind == "application/json" and attrs.get("id") == "__config":
                return _json_problem(body)
            if csp.script_hash(body) in hashes:
                return None
            return f"script en ligne inconnu « {' '.join(body.split())[:60]} »"

        def meta_ok(found: str) -> str | None:
            return None if found in expected else "politique de sécurité (CSP) absente ou autre"

        return script_ok, meta_ok

    def _shipped(self, page: str, src: str) -> bool:
        if url_scheme(src) or src.startswith("//"):
            return False
        path = src.split("?", 1)[0].split("#", 1)[0]
        if path.startswith("/"):  # 404.html: from the site's path on its host
            root = self.root if path.startswith(self.root) else "/"
            target = posixpath.normpath(path[len(root) :])
        else:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
        return target in self.scripts


def _json_problem(body: str) -> str | None:
    try:
        json.loads(body)
    except ValueError:
        return "configuration de Material illisible (JSON)"
    return None


def scan_site(
    site: Path, rules: SiteRules, *, pages: Collection[str] | None = None
) -> Iterator[Problem]:
    """Every page and every search document of a built site; with `pages` (a preview's
    quick rebuild), only those pages, relative to the site folder."""
    paths = sorted(site.rglob("*.html")) if pages is None else [site / p for p in sorted(pages)]

    def scan(index: int) -> list[Problem]:
        page = paths[index].relative_to(site).as_posix()
        script_ok, meta_ok = rules.for_page(page)
        found = scan_html(paths[index].read_text("utf-8"), script_ok, meta_ok=meta_ok)
        return [Problem(page, what) for what in found]

    # a whole site's pages read on every core when there are enough of them to pay
    processes = jobs() if pages is None and len(paths) >= min_pages() else 1
    if processes > 1:
        for problems in forked_map(scan, len(paths), processes, SCAN_CHUNK):
            yield from problems
    else:
        for index in range(len(paths)):
            yield from scan(index)
    if pages is None:
        yield from scan_search(site)
    yield from scan_cards(site)


def scan_cards(site: Path) -> Iterator[Problem]:
    """A kit's data file (generator/plan/cards_data.py) is loaded as a script: it must be
    exactly one JSON value of cards, whose texts catalogue.js shows as text."""
    for path in sorted(site.rglob(cards_data.FILE_NAME)):
        rel = path.relative_to(site).as_posix()
        found = cards_data.read(path.read_text("utf-8"))
        if found is None:
            yield Problem(rel, "fichier de cartes qui n'est pas une seule valeur JSON")
            continue
        cards = found[1].get("cards") if isinstance(found[1], dict) else None
        if not isinstance(cards, list) or not all(_card_ok(card) for card in cards):
            yield Problem(rel, "fichier de cartes de forme inattendue")


def _card_ok(card: object) -> bool:
    """A card of a data file: texts, and its data-* attributes (texts with simple names)."""
    if not isinstance(card, dict) or set(card) != {"title", "origin", "summary", "facts", "data"}:
        return False
    data = card["data"]
    texts = [card[key] for key in ("title", "facts")]
    return (
        all(isinstance(v, str) for v in texts)
        and all(isinstance(card[k], (str, type(None))) for k in ("origin", "summary"))
        and isinstance(data, dict)
        and all(re.fullmatch("[a-z]+", k) and isinstance(v, str) for k, v in data.items())
    )


def scan_search(site: Path) -> Iterator[Problem]:
    """Material shows a search document's title and text as HTML."""
    from generator.search.index import DOCS_FILE, read_docs  # only sites with search have one

    if not (site / "search" / DOCS_FILE).is_file():
        return
    data = read_docs(site)
    for doc in data["docs"]:
        for key in ("title", "text"):
            for what in scan_html(str(doc.get(key, "")), no_script):
                yield Problem(f"search/{DOCS_FILE} ({doc['location']})", what)
    for title in data.get("alternates", {}).get("titles", []):
        for what in scan_html(str(title), no_script):
            yield Problem(f"search/{DOCS_FILE}", what)


# ----------------------------------------------------------------------------- packages


def scan_package(files: Mapping[str, bytes]) -> Iterator[Problem]:
    """Every page, QTI and OLX file of a course package, before it is written."""
    for name, data in sorted(files.items()):
        if name.endswith((".html", ".htm")):
            yield from _package_page(files, name, data.decode("utf-8"))
        elif name.endswith(".xml"):
            yield from _xml_file(name, data)


def _package_page(files: Mapping[str, bytes], name: str, html: str) -> Iterator[Problem]:
    folder = posixpath.dirname(name)

    def script_ok(attrs: dict[str, str | None], body: str) -> str | None:
        src = attrs.get("src")
        if src is None or body.strip():
            return "script en ligne"
        path = src.split("?", 1)[0]
        if path.startswith("/static/"):  # OLX: Open edX serves the course's static/ there
            target = path.lstrip("/")
        else:
            target = posixpath.normpath(posixpath.join(folder, path))
        return None if not url_scheme(src) and target in files else f"script inconnu « {src} »"

    full_page = "<html" in html[:500].lower()

    def meta_ok(found: str) -> str | None:
        if not full_page:
            return None  # an OLX component, shown inside the platform's own page
        return None if found == csp.PACKAGE_POLICY else "politique de sécurité (CSP) absente"

    for what in scan_html(html, script_ok, meta_ok=meta_ok):
        yield Problem(name, what)


def _xml_file(name: str, data: bytes) -> Iterator[Problem]:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        yield Problem(name, f"XML mal formé ({exc})")
        return
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1].lower() if isinstance(element.tag, str) else ""
        if tag == "script" or tag in FORBIDDEN_TAGS:
            yield Problem(name, f"élément <{tag}>")
        for attribute, value in element.attrib.items():
            local = attribute.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                yield Problem(name, f"attribut « {local} » sur <{tag}>")
            elif local in URL_ATTRIBUTES and url_scheme(value) not in SAFE_SCHEMES:
                yield Problem(name, f"adresse « {value[:60]} » sur <{tag}>")
        if tag == "mattext" and (element.get("texttype") or "").lower() == "text/html":
            for what in scan_html(element.text or "", no_script):
                yield Problem(name, what)
