"""« Vérifié le … » : what a page shows of its file's review record."""

from __future__ import annotations

from dataclasses import dataclass

from generator.format.dates import french_date
from generator.format.models import Review
from generator.format.official_texts import official_texts


@dataclass(frozen=True, kw_only=True)
class ReviewedText:
    """An official text a file was checked against."""

    title: str
    url: str
    date: str  # in French
    replaced: bool


@dataclass(frozen=True, kw_only=True)
class ReviewEntry:
    checked: str  # the review date in French
    iso: str
    texts: list[ReviewedText]


def review_entry(review: Review | None) -> ReviewEntry | None:
    """The review date in French and the texts relied on (title, address, date), or None
    for a file without a record."""
    if review is None:
        return None
    texts = official_texts()
    return ReviewEntry(
        checked=french_date(review.checked),
        iso=review.checked.isoformat(),
        texts=[
            ReviewedText(
                title=texts[t].title,
                url=texts[t].url,
                date=french_date(texts[t].date),
                replaced=texts[t].replaced,
            )
            for t in review.texts
        ],
    )
