"""The order in which a question's choices are shown, the same in the site and in
the course packages: shuffled at build time, stably (same content, same order)."""

from __future__ import annotations

import hashlib


def choice_order(lesson_key: str, question_index: int, count: int) -> list[int]:
    """Indexes of the YAML choices in display order, for question `question_index`
    (0-based) of lesson `lesson_key` (« COURSE/LESSON »).

    Editors tend to write the right answer first; a reader who knows that learns
    nothing from the quiz. Sorting by a hash of the place and of each choice's
    index is a permutation that depends on nothing but the content's ids, so two
    builds give the same bytes.
    """

    def rank(index: int) -> bytes:
        return hashlib.sha256(f"{lesson_key}#{question_index}#{index}".encode()).digest()

    return sorted(range(count), key=rank)
