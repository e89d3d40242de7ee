"""« Vérifié le … » : what a page shows of its file's review record."""

from __future__ import annotations

from typing import Any

from ..dates import french_date
from ..models import Review
from ..official_texts import official_texts


def review_entry(review: Review | None) -> dict[str, Any] | None:
    """The review date in French and the texts relied on (title, address, date), or None
    for a file without a record."""
    if review is None:
        return None
    texts = official_texts()
    return {
        "checked": french_date(review.checked),
        "iso": review.checked.isoformat(),
        "texts": [
            {
                "title": texts[t].title,
                "url": texts[t].url,
                "date": french_date(texts[t].date),
                "replaced": texts[t].replaced,
            }
            for t in review.texts
        ],
    }
