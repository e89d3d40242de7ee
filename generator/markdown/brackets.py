"""Python-Markdown's links and images, their brackets found from the brackets only.

For each « [ » that may open a link or an image, Python-Markdown 3.11 asks where its
bracket closes. It answers from a table of every position of the text, built one
character after the other in Python (`LinkInlineProcessor._findBracketEnds`), and builds
it again each time a link of the text is replaced: a paragraph of ten links is read ten
times. On this site's pages (lists of actions, roles, partners, all links) that was a
fifth of the whole conversion, in the build's busiest stage.

`BracketEnds` gives the same answer for every position of the text from the brackets
alone: between two brackets the depth does not change, so every position there closes
at the same place. `FasterLinks` hands it to every link and image processor of a
Markdown instance; the HTML is the same, byte for byte (tests/unit/test_brackets.py
compares both answers on any text). With a Python-Markdown that no longer has the
method, nothing is replaced and the conversion is Python-Markdown's own.
"""

from __future__ import annotations

import bisect
import re

import markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import LinkInlineProcessor

_BRACKET = re.compile(r"[\[\]]")
# Python-Markdown's own table of the closing brackets, which `BracketEnds` stands for
REPLACED = "_findBracketEnds"


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


class FasterLinks(Extension):
    """Every link and image processor of the Markdown instance finds its brackets with
    `BracketEnds`. Loaded after the other extensions, to see their processors too."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        if REPLACED not in vars(LinkInlineProcessor):
            return
        for processor in md.inlinePatterns:
            if isinstance(processor, LinkInlineProcessor):
                setattr(processor, REPLACED, BracketEnds)
