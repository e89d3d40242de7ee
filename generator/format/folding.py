"""How French words are compared, in one place: lower case, without accents nor ligatures
(`fold`), and with one plural rule (`singular`). The catalogue's text filter, the
glossary, the search index and the hints of French values all fold this way."""

from __future__ import annotations

import functools
import re
import sys
import unicodedata

_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})
# What separates the words of a glossary term in a text: anything but a letter or a digit
# (« école-entreprise » is written « école entreprise » once a search index has its words).
_SEPARATORS = re.compile(r"\W+")


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
    if text.isascii():  # no accent nor ligature: lower case is all there is to do
        return text.lower()
    return without_accents(text.casefold().translate(_LIGATURES))


def singular(word: str) -> str:
    """A folded word without its plural mark: « comités locaux » → « comite local »,
    « élèves » → « eleve » (short words kept: « des », « pas »)."""
    if len(word) > 4 and word.endswith("aux"):
        return word[:-3] + "al"
    return word[:-1] if len(word) > 3 and word[-1] in "sx" else word


def term_words(text: str) -> str:
    """The text folded, word by word in the singular, one space between words: where a
    glossary term is looked for (« périodes de formations » writes « période de formation »)."""
    return " ".join(singular(word) for word in _SEPARATORS.split(fold(text)) if word)
