"""Dates the French way, for pages and messages."""

from __future__ import annotations

import datetime

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def french_date(day: datetime.date) -> str:
    """« 6 décembre 2026 », « 1er janvier 2026 »."""
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {MONTHS[day.month - 1]} {day.year}"
