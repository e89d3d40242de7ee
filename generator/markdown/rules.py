"""Markdown fields: what editors may write, checked before anything is generated.

Checking uses markdown-it-py (a CommonMark parser) so that what counts as a link or as
raw HTML is decided by the specification, not by a regular expression; a text that
could hold markup is also rendered the way the site renders it (`prose_html`), and the
HTML checked against what plain Markdown can produce.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from markdown_it.token import Token

from generator.diagnostics import messages
from generator.format.schemes import FORBIDDEN_SCHEMES
from generator.markdown.links import (
    EXTERNAL,
    INTERNAL,
    INTERNAL_KINDS,
    LINK_TARGET,
    PARSER,
    REF_DEF,
    code_ranges,
    inside,
)
from generator.markdown.site_html import site_html
from generator.run import memo

MAX_LEVEL = 13  # markdown-it nesting level: 6 nested lists reach 13 (each list and item is one)
MAX_BRACKETS = 400


@dataclass(frozen=True)
class Finding:
    """A problem inside a Markdown text, `line` counted from 0 inside the text."""

    line: int
    message: messages.Message
    values: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class InternalLink:
    kind: str
    target: str
    line: int


def _walk(tokens: list[Token]) -> Iterator[tuple[Token, int]]:
    for token in tokens:
        line = token.map[0] if token.map else 0
        yield token, line
        for child in token.children or []:
            yield child, line


def _too_heavy(text: str, tokens: list[Token]) -> list[Finding]:
    """What would make Python-Markdown fail or crawl: checked before anything else."""
    findings = []
    deep = next((t for t in tokens if t.level > MAX_LEVEL), None)
    if deep is not None:
        # Python-Markdown renders nested blocks recursively: a deep pile of « - » or
        # « > » would stop the site build on a RecursionError.
        findings.append(Finding(deep.map[0] if deep.map else 0, messages.MD_TOO_DEEP))
    brackets = text.count("[")
    if brackets > MAX_BRACKETS:
        # Python-Markdown's link search grows with the cube of unmatched « [ »:
        # 20 000 of them would keep the site build busy for minutes.
        line = _first_line(text, re.compile(r"\["))
        values = {"count": brackets, "max": MAX_BRACKETS}
        findings.append(Finding(line, messages.MD_BRACKETS, values))
    return findings


def _parsed_findings(tokens: list[Token], links: list[InternalLink]) -> list[Finding]:
    """Raw HTML, images and links that CommonMark sees; internal links go to `links`."""
    findings = []
    for token, line in _walk(tokens):
        if token.type in ("html_block", "html_inline"):
            snippet = token.content.strip().splitlines()[0][:40] if token.content.strip() else ""
            findings.append(Finding(line, messages.MD_HTML, {"snippet": snippet}))
        elif token.type == "image":
            findings.append(Finding(line, messages.MD_IMAGE))
        elif token.type == "link_open":
            href = str(token.attrs.get("href", ""))
            internal = INTERNAL.match(href)
            if internal:
                links.append(InternalLink(internal.group(1), internal.group(2), line))
            elif not EXTERNAL.match(href):
                findings.append(Finding(line, *_bad_link(href)))
    return findings


def _rewritable_links(text: str, tokens: list[Token], links: list[InternalLink]) -> None:
    """What `rewrite_links` will rewrite is checked too, even where CommonMark sees no
    link (« [x](lesson:a b) »): a target left unchecked would break the build."""
    seen = {(link.kind, link.target) for link in links}
    code = code_ranges(text, tokens)
    for pattern in (LINK_TARGET, REF_DEF):
        for match in pattern.finditer(text):
            if inside(match.start(), code):
                continue  # `[x](action:a)` in code is shown as typed, never resolved
            key = (match.group("kind"), match.group("target"))
            if key not in seen:
                seen.add(key)
                line = text.count("\n", 0, match.start("kind"))
                links.append(InternalLink(key[0], key[1], line))


def inspect(text: str) -> tuple[list[Finding], list[InternalLink]]:
    """Report forbidden constructs and list the internal links of a Markdown text."""
    findings, links = _inspected(text)
    return list(findings), list(links)


# The preview checks the whole content again after each save: a text already checked is
# not parsed again (the content of a large edition is tens of thousands of texts).
@memo.memoized(maxsize=200_000)
def _inspected(text: str) -> tuple[tuple[Finding, ...], tuple[InternalLink, ...]]:
    indented = _indented_start(text)
    if indented is not None:
        return (indented,), ()
    findings, links = inspect_uncached(text)
    return tuple(findings), tuple(links)


# What could make markdown-it see a link, an image, raw HTML or an attribute list, or make
# `rewrite_links` rewrite anything: without any of them, a text holds nothing to report but
# too deep a nesting.
_MARKUP = re.compile(r"[\[\]<{]")
# The start of a line that may open or continue containers (« > », list markers and their
# indentation; a tab counts as up to 4 columns), when it is longer than one character.
_LONG_PREFIX = re.compile(r"^[ \t>*+\-0-9.)]{2,}", re.MULTILINE)
# Each container open on a line takes at least one column of that start: a quote its
# « > », a list item its marker or its indentation. A list makes two levels (the list and
# the item), a paragraph's text one more: a start of N columns nests at most to 2 N + 1.
_MAX_PREFIX = (MAX_LEVEL - 1) // 2


def is_plain(text: str) -> bool:
    """Whether `text` needs no CommonMark parse: no markup markdown-it could read as a link,
    an image, raw HTML or attributes, and no line starting deep enough to nest past
    MAX_LEVEL. Six texts in ten of the shipped content are such plain prose."""
    if _MARKUP.search(text):
        return False
    if "\r" in text:  # markdown-it ends a line at « \r » too
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return all(
        len(m.group()) + 3 * m.group().count("\t") <= _MAX_PREFIX
        for m in _LONG_PREFIX.finditer(text)
    )


# The first line with anything on it, when it is indented by four columns or a tab.
_INDENTED_START = re.compile(r"\A((?:[ \t]*\n)*)(?: {4}| {0,3}\t)")


def _indented_start(text: str) -> Finding | None:
    """Where a template places a text (after a list, in a list item) decides what an
    indented start is: refused, so that the text parses alone as it does on the page."""
    start = _INDENTED_START.match(text)
    if start and start.end() < len(text.rstrip()):
        return Finding(start.group(1).count("\n"), messages.MD_INDENTED_START)
    return None


def inspect_uncached(text: str) -> tuple[list[Finding], list[InternalLink]]:
    if is_plain(text):
        return [], []
    return parse_and_inspect(text)


def parse_and_inspect(text: str) -> tuple[list[Finding], list[InternalLink]]:
    tokens = PARSER.parse(text)
    links: list[InternalLink] = []
    findings = _too_heavy(text, tokens)
    if findings:
        return findings, links
    findings = _parsed_findings(tokens, links)
    _rewritable_links(text, tokens, links)
    if not findings and needs_render(text):
        findings.extend(rendered_findings(text))
    return findings, links


# --------------------------------------------------------------------------- rendered check
#
# markdown-it (CommonMark) and Python-Markdown (what MkDocs really uses) do not
# agree on every input: `\\<img src=x onerror=…>` is escaped text for the first
# and raw HTML for the second, `<svg/onload=…>` is text for one and a tag for
# the other, and `{: onclick=… }` is nothing for CommonMark but an attribute
# list for the site's `attr_list` extension. So a text that could hold markup
# is also rendered the way the site renders it, and the HTML is checked
# against what plain Markdown can produce.

_TRIGGERS = re.compile(r"[<{\[]")
# With « [ » alone, Python-Markdown can only write an address where a « ]( » is followed
# by it (or a reference definition « ]: » gives one): when no other character could bring
# markup or hide an address (raw HTML and autolinks « < », attribute lists « { »,
# entities « & », escapes « \ », images « ![ »), and every address after a « ]( » is one
# the site accepts, the rendered HTML holds nothing the control could refuse.
_RENDER_NEEDED = re.compile(r"[<{&\\]|!\[|\]\s*:")
_DESTINATION = re.compile(r"\]\(\s*<?([^\s)>]*)")


def needs_render(text: str) -> bool:
    """Whether `text` must also be rendered the way the site renders it to be checked."""
    if not _TRIGGERS.search(text):
        return False
    if _RENDER_NEEDED.search(text):
        return True
    return not all(_LINK_ALLOWED.match(m.group(1)) for m in _DESTINATION.finditer(text))


_SAFE_TAGS = frozenset(
    [
        "p",
        "a",
        "em",
        "strong",
        "code",
        "pre",
        "span",
        "div",
        "ul",
        "ol",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "hr",
        "br",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "dl",
        "dt",
        "dd",
        "details",
        "summary",
        "label",
        "input",
    ]
)
_SAFE_ATTRIBUTES = frozenset(
    [
        "href",
        "title",
        "id",
        "name",
        "class",
        "start",
        "type",
        "checked",
        "disabled",
        "colspan",
        "rowspan",
        "open",
    ]
)
# what markdown-it accepts, and the heading anchors of `toc`
_LINK_ALLOWED = re.compile(f"{EXTERNAL.pattern}|{INTERNAL.pattern}|^#[^\\s]*$", re.IGNORECASE)
_TEXT_ALIGN = re.compile(r"^text-align: (left|right|center);$")
_ATTRIBUTE_SYNTAX = re.compile(r"\{[^}\n]*\}")


class _Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bad_tags: list[str] = []
        self.bad_attributes: list[str] = []
        self.bad_urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _SAFE_TAGS:
            self.bad_tags.append(tag)
        for name, value in attrs:
            if name == "style" and value and _TEXT_ALIGN.match(value):
                continue
            if name not in _SAFE_ATTRIBUTES:
                self.bad_attributes.append(name)
            elif name == "href" and not _LINK_ALLOWED.match(value or ""):
                self.bad_urls.append(value or "")

    handle_startendtag = handle_starttag


def _first_line(text: str, pattern: re.Pattern[str]) -> int:
    for number, line in enumerate(text.splitlines()):
        if pattern.search(line):
            return number
    return 0


@memo.memoized(maxsize=4096)  # `serve` checks the same texts again
def rendered_findings(text: str) -> tuple[Finding, ...]:
    try:
        html = site_html(text)
    except RecursionError:
        return (Finding(0, messages.MD_TOO_DEEP),)
    findings: list[Finding] = []
    if "{" in text and "}" in text and site_html(text, with_attributes=False) != html:
        findings.append(Finding(_first_line(text, _ATTRIBUTE_SYNTAX), messages.MD_ATTRIBUTES))
        return tuple(findings)
    scan = _Scan()
    scan.feed(html)
    scan.close()
    if scan.bad_tags:
        tag = scan.bad_tags[0]
        line = _first_line(text, re.compile(re.escape("<" + tag), re.IGNORECASE))
        findings.append(Finding(line, messages.MD_HTML, {"snippet": f"<{tag}"}))
    elif scan.bad_attributes:
        name = scan.bad_attributes[0]
        line = _first_line(text, re.compile(re.escape(name), re.IGNORECASE))
        findings.append(Finding(line, messages.MD_ATTRIBUTE, {"name": name}))
    elif scan.bad_urls:
        line = _first_line(text, re.compile(r"[\[<]"))
        findings.append(Finding(line, *_bad_link(scan.bad_urls[0])))
    return tuple(findings)


def _bad_link(href: str) -> tuple[messages.Message, dict[str, Any]]:
    if re.search(r"\s", href.strip()):
        return messages.LINK_SPACE, {"href": href[:60]}
    scheme = href.split(":", 1)[0].lower() if ":" in href else ""
    if scheme in FORBIDDEN_SCHEMES:
        return messages.LINK_SCHEME_FORBIDDEN, {"scheme": scheme}
    if ":" in href and scheme not in INTERNAL_KINDS:
        kinds = ", ".join(f"{k}:" for k in INTERNAL_KINDS)
        return messages.LINK_KIND_UNKNOWN, {"scheme": scheme, "kinds": kinds}
    return messages.LINK_NOT_ALLOWED, {"href": href[:60]}
