"""Internal links of Markdown texts (`[texte](action:ID)`): how they are written, and
how a published text has them rewritten to the pages they lead to. Code is shown as
typed: a link written in code is neither checked nor rewritten."""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.token import Token

from generator.format.kinds import LINK_KINDS as INTERNAL_KINDS

KIND_ALTERNATIVES = "|".join(re.escape(k) for k in INTERNAL_KINDS)
EXTERNAL = re.compile(r"^(https?://[^\s]+|mailto:[^\s]+)$", re.IGNORECASE)
INTERNAL = re.compile(rf"^({KIND_ALTERNATIVES}):([^\s]+)$")

# An internal link whose target is written in letters, digits and « /_.- » only: markdown-it's
# normalisation (parse the address, recode its host, percent-encode it) gives it back as is.
SIMPLE_INTERNAL = re.compile(rf"(?:{KIND_ALTERNATIVES}):[A-Za-z0-9][A-Za-z0-9/_.-]*")


def _parser() -> MarkdownIt:
    """The CommonMark parser of checking. Its link validation is switched off: it would
    turn a `javascript:` link into plain text silently, and we want to report it."""
    md = MarkdownIt("commonmark", {"html": True})
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    normalize = md.normalizeLink

    def normalize_link(url: str) -> str:
        # a sixth of checking a kit's texts went into normalising its internal links
        return url if SIMPLE_INTERNAL.fullmatch(url) else normalize(url)

    md.normalizeLink = normalize_link  # type: ignore[method-assign]
    return md


PARSER = _parser()

LINK_TARGET = re.compile(rf"(?P<open>\]\(\s*<?)(?P<kind>{KIND_ALTERNATIVES}):(?P<target>[^\s)>]+)")
REF_DEF = re.compile(
    rf"^(?P<open>[ ]{{0,3}}\[[^\]]+\]:\s*<?)(?P<kind>{KIND_ALTERNATIVES}):"
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
    for token in tokens if tokens is not None else PARSER.parse(text):
        if token.type in ("fence", "code_block") and token.map:
            first, last = token.map
            ranges.append((starts[first], starts[min(last, len(starts) - 1)]))
    if "`" not in text:
        return ranges
    runs = [m for m in _BACKTICKS.finditer(text) if not inside(m.start(), ranges)]
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


def inside(offset: int, ranges: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in ranges)


# A whole inline link to a page: its text, and its destination with an optional title.
_WHOLE_LINK = re.compile(
    r"\[(?P<label>(?:[^\[\]\\]|\\.|\[[^\]]*\])*)\]\(\s*<?"
    rf"(?P<kind>{KIND_ALTERNATIVES}):(?P<target>[^\s)>]+)>?(?:\s+\"[^\"]*\")?\s*\)"
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
    if not LINK_TARGET.search(text) and not REF_DEF.search(text):
        return text

    def swap(match: re.Match[str]) -> str:
        url = resolve(match.group("kind"), match.group("target"))
        return "" if url is None else match.group("open") + url

    def change(part: str) -> str:
        return REF_DEF.sub(swap, LINK_TARGET.sub(swap, _unlink(part, resolve)))

    return _outside_code(text, change)
