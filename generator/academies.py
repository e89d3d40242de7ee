"""The 30 académies: names, the French form « de Lille » / « d'Amiens », région
académique, official site and, where one was found, their school–company page.

Read from `data/academies.yml`, shipped with the package; its ids are the models'
`Academy` enumeration (tests/test_academies.py keeps them equal).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data" / "academies.yml"


@dataclass(frozen=True)
class Academy:
    id: str
    name: str
    of: str  # « de Lille », « d'Amiens »: what follows « académie »
    region: str
    site: str
    school_company: tuple[str, str] | None  # (title, url) of its school–company page


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
            (entry["school_company"]["title"], entry["school_company"]["url"])
            if entry.get("school_company")
            else None,
        )
        for ident, entry in data.items()
    }


def academy_name(ident: str, *, of: bool = False) -> str:
    """« Orléans-Tours », or with `of` « d'Orléans-Tours »."""
    academy = academies()[ident]
    return academy.of if of else academy.name
