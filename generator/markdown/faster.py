"""Python-Markdown's inline conversion, faster, with the same HTML byte for byte.

Converting Markdown is most of a build's time, and the inline step (links, emphasis,
code) most of that. Two of its costs are Python-Markdown's own, and `FasterMarkdown`
(an extension the plugin appends last to the site's) removes both:

- **The brackets of links and images.** For each « [ » that may open a link or an
  image, Python-Markdown 3.11 asks where its bracket closes. It answers from a table of
  every position of the text, built one character after the other in Python
  (`LinkInlineProcessor._findBracketEnds`), and builds it again each time a link of the
  text is replaced: a paragraph of ten links is read ten times. On this site's pages
  (lists of actions, roles, partners, all links) that was a fifth of the conversion.
  `BracketEnds` gives the same answer for every position of the text from the brackets
  alone: between two brackets the depth does not change, so every position there closes
  at the same place.
- **The patterns that cannot match.** Each piece of text is handed to each of the 14
  inline patterns in turn (code, escapes, links, images, automatic links, line breaks,
  HTML, entities, emphasis), and a pattern that finds nothing still costs a call of
  Python (`InlineProcessor.__applyPattern`: the ancestors checked, an iterator made).
  Most pieces of prose hold none of what starts a pattern. `skip_unmatched` looks for
  the pattern's expression first, in C, from where Python-Markdown would look, and
  moves on to the next pattern when it is not there, as Python-Markdown does when it
  finds nothing (the next pattern starts at the beginning of the text); when it is
  there, Python-Markdown's own step runs, unchanged.

tests/unit/test_faster_markdown.py compares both with Python-Markdown's own answers on
any text. With a Python-Markdown that no longer has a method replaced here, that part is
left out and the conversion is Python-Markdown's own.
"""

from __future__ import annotations

import bisect
import re
import types
from collections.abc import Callable

import markdown
from markdown import util
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor as InlinePattern
from markdown.inlinepatterns import LinkInlineProcessor
from markdown.treeprocessors import InlineProcessor

_BRACKET = re.compile(r"[\[\]]")
# Python-Markdown's own table of the closing brackets, which `BracketEnds` stands for
REPLACED = "_findBracketEnds"
# Python-Markdown's steps of the inline conversion (private, hence their mangled names):
# the one that tries every pattern on a text, replaced; the one that applies a pattern
HANDLE = "_InlineProcessor__handleInline"
APPLY = "_InlineProcessor__applyPattern"


class BracketEnds:
    """For each position of `data`, the position just after the « ] » that closes a
    bracket opened before it, or None if none does (what Python-Markdown's table holds)."""

    __slots__ = ("_closes", "_starts")

    def __init__(self, data: str) -> None:
        # The text cut after each bracket: the pieces, where each starts, its depth
        starts, depths = [0], [0]
        depth = 0
        for found in _BRACKET.finditer(data):
            depth += 1 if found.group() == "[" else -1
            starts.append(found.end())
            depths.append(depth)
        # A piece closes where the first later piece of lower depth starts
        closes: list[int | None] = [None] * len(starts)
        waiting: list[int] = []  # pieces whose close is not found yet, deepest last
        for piece, level in enumerate(depths):
            while waiting and depths[waiting[-1]] > level:
                closes[waiting.pop()] = starts[piece]
            waiting.append(piece)
        self._starts, self._closes = starts, closes

    def __getitem__(self, index: int) -> int | None:
        return self._closes[bisect.bisect_right(self._starts, index) - 1]


def skip_unmatched(self: InlineProcessor, data: str, patternIndex: int = 0) -> str:
    """Python-Markdown's `__handleInline`, which skips a pattern whose expression is not
    in `data` from `start` on: Python-Markdown's own step would find no match either, and
    return the text unchanged with the search restarting at 0 for the next pattern. Only
    the patterns of Python-Markdown 3 (`InlineProcessor`) are searched so; an older
    `Pattern` matches a slice of the text, and is always handed to Python-Markdown."""
    if isinstance(data, util.AtomicString):
        return data
    apply: Callable[..., tuple[str, bool, int]] = getattr(self, APPLY)
    patterns = self.inlinePatterns
    start = 0
    while patternIndex < len(patterns):
        pattern = patterns[patternIndex]
        if isinstance(pattern, InlinePattern) and pattern.compiled_re.search(data, start) is None:
            patternIndex, start = patternIndex + 1, 0
            continue
        data, matched, start = apply(pattern, data, patternIndex, start)
        if not matched:
            patternIndex += 1
    return data


class FasterMarkdown(Extension):
    """The faster table of brackets for every link and image processor, and the skipping
    of patterns that cannot match for the inline step. Loaded after the other extensions,
    to see their processors too."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        if REPLACED in vars(LinkInlineProcessor):
            for processor in md.inlinePatterns:
                if isinstance(processor, LinkInlineProcessor):
                    setattr(processor, REPLACED, BracketEnds)
        if "inline" not in md.treeprocessors or not {HANDLE, APPLY} <= vars(InlineProcessor).keys():
            return
        inline = md.treeprocessors["inline"]
        if type(inline) is InlineProcessor:  # not another extension's own inline step
            setattr(inline, HANDLE, types.MethodType(skip_unmatched, inline))
