"""The 30 académies: names, the French form « de Lille » / « d'Amiens », région
académique, official site and the most specific contact verified for each (its
school–company service, or the rectorat's entry in the State's directory), with what
to ask for, the page it was read on and the date.

Read from `data/academies.yml`, shipped with the package (its header documents the
fields); its ids are the models' `Academy` enumeration, and tests/unit/test_academies.py
checks the form of every field.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass
from typing import Any, Literal, get_args

import yaml

from generator.format.dates import french_date
from generator.run import bundle

DATA = bundle.data_file("academies.yml")

# How specific the verified contact is, from the most to the least.
Level = Literal["school-company", "directory", "none"]
LEVELS: tuple[Level, ...] = get_args(Level)


@dataclass(frozen=True)
class Contact:
    level: Level
    ask: str  # what to ask for, in French
    checked: datetime.date  # when it was read (for "none": when nothing was found)
    service: str | None = None
    url: str | None = None
    phone: str | None = None
    address: str | None = None
    form: str | None = None
    source: str | None = None  # the page everything above was read on

    @property
    def tel(self) -> str | None:
        """The number for a tel: link, as written (a national number dials from France)."""
        if self.phone is None:
            return None
        return "".join(c for c in self.phone if c.isdigit() or c == "+")

    @property
    def checked_fr(self) -> str:
        """« 6 décembre 2026 »."""
        return french_date(self.checked)


@dataclass(frozen=True)
class Academy:
    id: str
    name: str
    of: str  # « de Lille », « d'Amiens »: what follows « académie »
    region: str
    site: str
    contact: Contact


def _contact(entry: dict[str, Any]) -> Contact:
    if entry["level"] not in LEVELS:
        raise ValueError(f"academies.yml: level {entry['level']!r} not in {LEVELS}")
    return Contact(**entry)


@functools.cache
def academies() -> dict[str, Academy]:
    data = yaml.safe_load(DATA.read_text("utf-8"))
    return {
        ident: Academy(
            ident,
            entry["name"],
            entry["of"],
            entry["region"],
            entry["site"],
            _contact(entry["contact"]),
        )
        for ident, entry in data.items()
    }


def academy_name(ident: str, *, of: bool = False) -> str:
    """« Orléans-Tours », or with `of` « d'Orléans-Tours »."""
    academy = academies()[ident]
    return academy.of if of else academy.name
