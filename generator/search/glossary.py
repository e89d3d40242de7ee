"""The site's glossary (data/glossary.yml): each acronym is spelled out at its first use
on a page, in words (a tooltip would not show on a touch screen).

The page's HTML is read as text between tags: headings, code and scripts are left as
they are, and an acronym already spelled out before its first use, or just after it
(« PFMP (période de formation en milieu professionnel) »), is left alone.
"""

from __future__ import annotations

import functools
import html
import re

import yaml

from generator.format.folding import term_words
from generator.run import bundle, memo

GLOSSARY_FILE = bundle.data_file("glossary.yml")
# How far after an acronym its expansion still counts as spelling it out (characters).
NEAR = 160
_TAG = re.compile(r"(<[^>]+>)")
# An opening or closing tag of an element whose text is not prose.
_SKIPPED_TAG = re.compile(
    r"<\s*(/\s*)?(?:code|pre|script|style|h[1-6]|title)(?![a-zA-Z0-9])", re.IGNORECASE
)


@functools.cache
def entries() -> dict[str, str | None]:
    """Every name of the glossary: its expansion, or None for a word written as it is."""
    data = yaml.safe_load(GLOSSARY_FILE.read_text("utf-8")) or {}
    return {str(k): (str(v) if v is not None else None) for k, v in data.items()}


@functools.cache  # looked up for each acronym of each page
def expansions() -> dict[str, str]:
    """The acronyms the site spells out, with their expansion."""
    return {k: v for k, v in entries().items() if v is not None}


# The term matcher: the glossary's page filter and the search index find terms this way.


def spellings(acronyms: tuple[str, ...], *, capitalized: bool) -> dict[str, str]:
    """How a text may write each acronym (« PFMP », and « Pfmp » when `capitalized`)."""
    found: dict[str, str] = {}
    for acronym in acronyms:
        found.setdefault(acronym, acronym)
        if capitalized:
            found.setdefault(acronym[:1] + acronym[1:].lower(), acronym)
    return found


@functools.cache
def acronym_pattern(written: tuple[str, ...]) -> re.Pattern[str]:
    """Every spelling of `written` in one pattern, longest first, as whole words."""
    names = sorted(written, key=len, reverse=True)
    # the lookahead on first letters lets the engine skip most positions at once
    firsts = "".join(sorted({re.escape(n[0]) for n in names}))
    alternatives = "|".join(re.escape(n) for n in names)
    return re.compile(rf"(?=[{firsts}])(?<![\w@])(?:{alternatives})(?![\w@])")


@functools.cache
def _expansion_words(expansion: str) -> str:
    return f" {term_words(expansion)} "


def writes(words: str, expansion: str) -> bool:
    """Whether a text, as `term_words` gives it, writes `expansion` as whole words, in
    the singular or the plural (« périodes de formations » writes « période de formation »)."""
    return _expansion_words(expansion) in f" {words} "


# A page's prose is folded piece by piece, and most pieces (headings of steps, roles,
# labels) come back on page after page: each is folded once per run
_prose_words = memo.memoized(maxsize=200_000)(term_words)


def _acronyms() -> re.Pattern[str]:
    return acronym_pattern(tuple(expansions()))


def _text_segments(parts: list[str]) -> list[int]:
    """Indexes of the parts that are text a reader reads as prose (not code, headings).
    `parts` alternate text and tag (`_TAG.split`): even indexes are text."""
    inside = 0  # skipped elements open around the current text
    found = []
    for index in range(0, len(parts), 2):
        if not inside and parts[index].strip():
            found.append(index)
        tag = parts[index + 1] if index + 1 < len(parts) else ""
        skipped = _SKIPPED_TAG.match(tag)
        if skipped is None:
            continue
        if skipped.group(1):
            inside = max(0, inside - 1)
        elif not tag.endswith("/>"):
            inside += 1
    return found


def spell_out(page: str) -> str:
    """`page` (HTML) with each glossary acronym spelled out after its first use in prose."""
    acronyms = _acronyms()
    if acronyms.search(html.unescape(page)) is None:  # none on the page, prose or not
        return page
    parts = _TAG.split(page)
    prose = _text_segments(parts)
    texts = [html.unescape(parts[i]) for i in prose]
    firsts: dict[str, tuple[int, int]] = {}  # acronym → (text, end of its first use)
    for position, text in enumerate(texts):
        for match in acronyms.finditer(text):
            firsts.setdefault(match.group(), (position, match.end()))
    starts, total = [], 0
    for text in texts:
        starts.append(total)
        total += len(text) + 1
    whole = " ".join(texts)
    # term_words(a + " " + b) is term_words(a) and term_words(b) joined: each text is
    # folded once, and only the window after an acronym's first use is folded again
    last = max((position for position, _end in firsts.values()), default=0)
    folded = [_prose_words(text) for text in texts[:last]]
    # from the last first use back: an addition never moves an offset still to be used
    for acronym, (position, end) in sorted(firsts.items(), key=lambda i: i[1], reverse=True):
        at = starts[position] + end
        before = " ".join(f for f in folded[:position] if f)
        window = term_words(whole[starts[position] : at + NEAR])
        expansion = expansions()[acronym]
        if writes(f"{before} {window}", expansion):
            continue  # spelled out before, or just after
        index = prose[position]
        cut = _html_offset(parts[index], end)
        parts[index] = (
            f"{parts[index][:cut]} ({html.escape(expansion, quote=False)}){parts[index][cut:]}"
        )
    return "".join(parts)


def _html_offset(segment: str, text_offset: int) -> int:
    """Where, in an HTML text segment, the unescaped text's offset `text_offset` falls."""
    seen = 0
    i = 0
    while i < len(segment) and seen < text_offset:
        if segment[i] == "&":
            end = segment.find(";", i)
            if end != -1 and end - i <= 10:
                i = end + 1
                seen += 1
                continue
        i += 1
        seen += 1
    return i
