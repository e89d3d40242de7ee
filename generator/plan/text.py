"""Text helpers of the plan stage: folding for filters, the words of a Markdown text."""

from __future__ import annotations

import functools
import sys
import unicodedata

from markdown_it import MarkdownIt

from .. import memo

_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})


@functools.cache
def _combining_marks() -> dict[int, None]:
    """Every combining mark of Unicode (912 of them), as a table for str.translate."""
    return {c: None for c in range(sys.maxunicode + 1) if unicodedata.combining(chr(c))}


def without_accents(text: str) -> str:
    """The text decomposed, without its combining marks: « élève » → « eleve ». One
    str.translate call: the glossary and the search fold every page's text."""
    return unicodedata.normalize("NFKD", text).translate(_combining_marks())


def fold(text: str) -> str:
    """Lower case without accents: what the text filter compares (catalogue.js folds the
    typed words the same way: « eleve » finds « élève », « oeuvre » finds « œuvre »)."""
    return without_accents(text.casefold().translate(_LIGATURES))


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
