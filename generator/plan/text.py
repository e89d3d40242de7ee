"""Text helpers of the plan stage: folding for filters, the words of a Markdown text."""

from __future__ import annotations

import unicodedata

from markdown_it import MarkdownIt

_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})


def fold(text: str) -> str:
    """Lower case without accents: what the text filter compares (catalogue.js folds the
    typed words the same way: « eleve » finds « élève », « oeuvre » finds « œuvre »)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_PLAIN = MarkdownIt("commonmark")


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
