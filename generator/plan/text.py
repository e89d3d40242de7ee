"""Text helpers of the plan stage: folding for filters, the words of a Markdown text."""

from __future__ import annotations

from markdown_it import MarkdownIt

from generator.format.folding import fold
from generator.run import memo

__all__ = ["fold", "plain_text"]

_PLAIN = MarkdownIt("commonmark")


@memo.memoized(maxsize=65_536)  # the preview plans every page again after each save
def plain_text(markdown: str) -> str:
    """The words of a Markdown text, without its syntax (link targets, emphasis marks)."""
    words = [
        child.content
        for token in _PLAIN.parse(markdown)
        if token.type == "inline"
        for child in token.children or []
        if child.type in ("text", "code_inline")
    ]
    return " ".join(" ".join(words).split())
