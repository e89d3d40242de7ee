"""Markdown fields: what editors may write, and how internal links resolve.

Checking uses markdown-it-py (a CommonMark parser) so that what counts as a
link or as raw HTML is decided by the specification, not by a regular
expression. Link validation of markdown-it is switched off: it would turn a
`javascript:` link into plain text silently, and we want to report it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import markdown
from markdown_it import MarkdownIt
from markdown_it.token import Token

from . import memo, messages
from .kinds import LINK_KINDS as INTERNAL_KINDS

_KIND_ALTERNATIVES = "|".join(re.escape(k) for k in INTERNAL_KINDS)
MAX_LEVEL = 13  # markdown-it nesting level: 6 nested lists reach 13 (each list and item is one)
MAX_BRACKETS = 400
_EXTERNAL = re.compile(r"^(https?://[^\s]+|mailto:[^\s]+)$", re.IGNORECASE)
_INTERNAL = re.compile(rf"^({_KIND_ALTERNATIVES}):([^\s]+)$")


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


# An internal link whose target is written in letters, digits and « /_.- » only: markdown-it's
# normalisation (parse the address, recode its host, percent-encode it) gives it back as is.
_SIMPLE_INTERNAL = re.compile(rf"(?:{_KIND_ALTERNATIVES}):[A-Za-z0-9][A-Za-z0-9/_.-]*")


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True})
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    normalize = md.normalizeLink

    def normalize_link(url: str) -> str:
        # a sixth of checking a kit's texts went into normalising its internal links
        return url if _SIMPLE_INTERNAL.fullmatch(url) else normalize(url)

    md.normalizeLink = normalize_link  # type: ignore[method-assign]
    return md


_MD = _parser()


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
            internal = _INTERNAL.match(href)
            if internal:
                links.append(InternalLink(internal.group(1), internal.group(2), line))
            elif not _EXTERNAL.match(href):
                findings.append(Finding(line, *_bad_link(href)))
    return findings


def _rewritable_links(text: str, tokens: list[Token], links: list[InternalLink]) -> None:
    """What `rewrite_links` will rewrite is checked too, even where CommonMark sees no
    link (« [x](lesson:a b) »): a target left unchecked would break the build."""
    seen = {(link.kind, link.target) for link in links}
    code = code_ranges(text, tokens)
    for pattern in (_LINK_TARGET, _REF_DEF):
        for match in pattern.finditer(text):
            if _inside(match.start(), code):
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
    findings, links = _inspect(text)
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


def _plain(text: str) -> bool:
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


def _inspect(text: str) -> tuple[list[Finding], list[InternalLink]]:
    if _plain(text):
        return [], []
    return _parse_and_inspect(text)


def _parse_and_inspect(text: str) -> tuple[list[Finding], list[InternalLink]]:
    tokens = _MD.parse(text)
    links: list[InternalLink] = []
    findings = _too_heavy(text, tokens)
    if findings:
        return findings, links
    findings = _parsed_findings(tokens, links)
    _rewritable_links(text, tokens, links)
    if not findings and _needs_render(text):
        findings.extend(_rendered_findings(text))
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

# The Markdown extensions of mkdocs.yml, plus those MkDocs always adds.
SITE_EXTENSIONS = [
    "toc",
    "tables",
    "fenced_code",
    "admonition",
    "attr_list",
    "def_list",
    "md_in_html",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.tasklist",
]
_EXTENSION_CONFIGS = {"pymdownx.tasklist": {"custom_checkbox": True}, "toc": {"permalink": True}}
_TRIGGERS = re.compile(r"[<{\[]")
# With « [ » alone, Python-Markdown can only write an address where a « ]( » is followed
# by it (or a reference definition « ]: » gives one): when no other character could bring
# markup or hide an address (raw HTML and autolinks « < », attribute lists « { »,
# entities « & », escapes « \ », images « ![ »), and every address after a « ]( » is one
# the site accepts, the rendered HTML holds nothing the control could refuse.
_RENDER_NEEDED = re.compile(r"[<{&\\]|!\[|\]\s*:")
_DESTINATION = re.compile(r"\]\(\s*<?([^\s)>]*)")


def _needs_render(text: str) -> bool:
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
_LINK_ALLOWED = re.compile(f"{_EXTERNAL.pattern}|{_INTERNAL.pattern}|^#[^\\s]*$", re.IGNORECASE)
_TEXT_ALIGN = re.compile(r"^text-align: (left|right|center);$")
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")
_ATTRIBUTE_SYNTAX = re.compile(r"\{[^}\n]*\}")


def url_scheme(url: str) -> str:
    """The scheme a browser sees: whitespace and control characters are ignored."""
    cleaned = _URL_NOISE.sub("", url).lower()
    head = re.split(r"[/?#]", cleaned, maxsplit=1)[0]
    return head.split(":", 1)[0] if ":" in head else ""


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


@functools.cache
def _renderer(with_attributes: bool) -> markdown.Markdown:
    extensions = [e for e in SITE_EXTENSIONS if with_attributes or e != "attr_list"]
    return markdown.Markdown(extensions=extensions, extension_configs=_EXTENSION_CONFIGS)


def site_html(text: str, *, with_attributes: bool = True) -> str:
    """`text` rendered by Python-Markdown with the site's extensions."""
    renderer = _renderer(with_attributes)
    renderer.reset()
    return renderer.convert(text)


def _first_line(text: str, pattern: re.Pattern[str]) -> int:
    for number, line in enumerate(text.splitlines()):
        if pattern.search(line):
            return number
    return 0


@memo.memoized(maxsize=4096)  # `serve` checks the same texts again
def _rendered_findings(text: str) -> tuple[Finding, ...]:
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
    if scheme in ("javascript", "data", "vbscript", "file"):
        return messages.LINK_SCHEME_FORBIDDEN, {"scheme": scheme}
    if ":" in href and scheme not in INTERNAL_KINDS:
        kinds = ", ".join(f"{k}:" for k in INTERNAL_KINDS)
        return messages.LINK_KIND_UNKNOWN, {"scheme": scheme, "kinds": kinds}
    return messages.LINK_NOT_ALLOWED, {"href": href[:60]}


_LINK_TARGET = re.compile(
    rf"(?P<open>\]\(\s*<?)(?P<kind>{_KIND_ALTERNATIVES}):(?P<target>[^\s)>]+)"
)
_REF_DEF = re.compile(
    rf"^(?P<open>[ ]{{0,3}}\[[^\]]+\]:\s*<?)(?P<kind>{_KIND_ALTERNATIVES}):"
    r"(?P<target>\S+?)(?=>|\s|$)",
    re.MULTILINE,
)


_BACKTICKS = re.compile(r"(?<!\\)`+")
# What may open a code block: a fence, or a line indented by four spaces or a tab.
_MAYBE_BLOCK = re.compile(r"```|~~~|^(?: {4}|\t)", re.MULTILINE)


def code_ranges(text: str, tokens: list[Token] | None = None) -> list[tuple[int, int]]:
    """Where `text` holds code (code blocks and `code spans`), as character ranges.

    Links written in code are shown as typed: they are neither checked nor
    rewritten. Blocks come from the CommonMark parser; spans follow CommonMark's
    rule (a run of backticks closed by the next run of the same length).
    """
    ranges: list[tuple[int, int]] = []
    if tokens is None and not _MAYBE_BLOCK.search(text):
        tokens = []  # no fence and no indented line: no code block to look for
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    for token in tokens if tokens is not None else _MD.parse(text):
        if token.type in ("fence", "code_block") and token.map:
            first, last = token.map
            ranges.append((starts[first], starts[min(last, len(starts) - 1)]))
    if "`" not in text:
        return ranges
    runs = [m for m in _BACKTICKS.finditer(text) if not _inside(m.start(), ranges)]
    i = 0
    while i < len(runs):
        width = len(runs[i].group())
        close = next((j for j in range(i + 1, len(runs)) if len(runs[j].group()) == width), None)
        if close is None:
            i += 1
            continue
        ranges.append((runs[i].start(), runs[close].end()))
        i = close + 1
    return ranges


def _inside(offset: int, ranges: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in ranges)


# A whole inline link to a page: its text, and its destination with an optional title.
_WHOLE_LINK = re.compile(
    r"\[(?P<label>(?:[^\[\]\\]|\\.|\[[^\]]*\])*)\]\(\s*<?"
    rf"(?P<kind>{_KIND_ALTERNATIVES}):(?P<target>[^\s)>]+)>?(?:\s+\"[^\"]*\")?\s*\)"
)


def _unlink(text: str, resolve: Callable[[str, str], str | None]) -> str:
    """Inline links to a target that has no page (hidden in an edition) become their text."""

    def swap(match: re.Match[str]) -> str:
        if resolve(match.group("kind"), match.group("target")):
            return match.group(0)
        return match.group("label")

    return _WHOLE_LINK.sub(swap, text)


def _outside_code(text: str, change: Callable[[str], str]) -> str:
    """`text` with `change` applied to what is not code: code is shown as typed."""
    ranges = sorted(code_ranges(text))
    if not ranges:
        return change(text)
    parts, at = [], 0
    for start, end in ranges:
        if start < at:
            continue
        parts.append(change(text[at:start]))
        parts.append(text[start:end])
        at = end
    parts.append(change(text[at:]))
    return "".join(parts)


def published(text: str, resolve: Callable[[str, str], str | None]) -> str:
    """A Markdown text as it is published: its internal links resolved, nothing else
    changed but trailing white space. Its start is never stripped: « ····<b> » is an
    indented code block when checked, and would be raw HTML once its spaces are gone."""
    return rewrite_links(text, resolve).rstrip()


def rewrite_links(text: str, resolve: Callable[[str, str], str | None]) -> str:
    """Replace `kind:target` link destinations by the URL that `resolve` gives; a link
    whose target `resolve` gives no page for (hidden in an edition) becomes its text,
    and a reference definition to it disappears (its uses stay as typed)."""
    if not _LINK_TARGET.search(text) and not _REF_DEF.search(text):
        return text

    def swap(match: re.Match[str]) -> str:
        url = resolve(match.group("kind"), match.group("target"))
        return "" if url is None else match.group("open") + url

    def change(part: str) -> str:
        return _REF_DEF.sub(swap, _LINK_TARGET.sub(swap, _unlink(part, resolve)))

    return _outside_code(text, change)
