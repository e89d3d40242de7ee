"""Role titles name both genders (the forms of the 2024 Bulletin officiel): a
title with a masculine noun of a function also carries its feminine form."""

from __future__ import annotations

import re
from pathlib import Path

from generator.check.validate import validate

ROOT = Path(__file__).resolve().parents[2]

# masculine → feminine, for the nouns and participles of functions used in roles
FEMININE = {
    "tuteur": "tutrice",
    "chef": "cheffe",
    "professeur": "professeure",
    "animateur": "animatrice",
    "chargé": "chargée",
    "conseiller": "conseillère",
    "référent": "référente",
    "directeur": "directrice",
    "délégué": "déléguée",
    "inspecteur": "inspectrice",
    "formateur": "formatrice",
    "coordonnateur": "coordonnatrice",
    "mentor": "mentore",
}


def masculine_only(title: str) -> list[str]:
    words = re.findall(r"[\wéèêàç]+", title.casefold())
    return [w for w in words if w in FEMININE and FEMININE[w] not in words]


def test_the_check_sees_a_masculine_only_title() -> None:
    assert masculine_only("Tuteur en entreprise") == ["tuteur"]
    assert masculine_only("Tuteur ou tutrice en entreprise") == []
    assert masculine_only("Cheffe ou chef d'établissement") == []


def test_no_role_title_is_in_the_masculine_alone() -> None:
    catalog = validate(ROOT)
    wrong = {rid: masculine_only(r.role) for rid, r in catalog.interlocutors.items()}
    assert not {rid: words for rid, words in wrong.items() if words}
