"""The académies data file: the 30 académies in the order of the model's ids, each with its
label, the right elision after « académie », its région académique and https:// addresses on
its own domain."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from generator.models import ACADEMIES as IDS

DATA = Path(__file__).resolve().parent.parent / "generator" / "data" / "academies.yml"
ACADEMIES: dict[str, dict[str, Any]] = yaml.safe_load(DATA.read_text("utf-8"))

REQUIRED = {"name", "of", "region", "site", "confirmed"}
OPTIONAL = {"school_company"}

# Each académie's site is ac-<id>.fr, except where its id is not its domain:
DOMAINS = {
    # the académie is named after Clermont-Ferrand, its domain keeps only « clermont »
    "clermont-ferrand": "ac-clermont.fr",
    # the id carries the article of « La Réunion », the domain does not
    "la-reunion": "ac-reunion.fr",
}

# Since the reform of 1 January 2016 the 30 académies make up 18 régions académiques
# (13 in mainland France and Corsica, 5 overseas).
REGIONS_ACADEMIQUES = 18


def _domain(academy: str) -> str:
    return DOMAINS.get(academy, f"ac-{academy}.fr")


def _on_domain(url: str, domain: str) -> bool:
    parts = urlsplit(url)
    host = parts.hostname or ""
    return parts.scheme == "https" and (host == domain or host.endswith("." + domain))


def _slug(name: str) -> str:
    plain = unicodedata.normalize("NFD", name).encode("ascii", "ignore").decode()
    return "-".join(plain.lower().replace("-", " ").split())


def _starts_with_vowel(name: str) -> bool:
    first = unicodedata.normalize("NFD", name)[0]
    return first.upper() in "AEIOU"


def test_the_thirty_academies_in_the_order_of_the_model() -> None:
    assert list(ACADEMIES) == list(IDS)
    assert len(ACADEMIES) == 30


@pytest.mark.parametrize("academy", IDS)
def test_fields(academy: str) -> None:
    entry = ACADEMIES[academy]
    assert REQUIRED <= set(entry) <= REQUIRED | OPTIONAL, f"{academy} : champs {sorted(entry)}"
    for key in ("name", "of", "region", "site"):
        assert isinstance(entry[key], str) and entry[key].strip(), f"{academy} : {key} vide"
    # the name is the one the models' id stands for: letters and order of the id
    assert _slug(entry["name"]) == academy


@pytest.mark.parametrize("academy", IDS)
def test_site_is_https_on_the_academys_domain(academy: str) -> None:
    site = ACADEMIES[academy]["site"]
    assert _on_domain(site, _domain(academy)), f"{academy} : {site}"


@pytest.mark.parametrize("academy", IDS)
def test_school_company_page_only_when_confirmed(academy: str) -> None:
    entry = ACADEMIES[academy]
    assert isinstance(entry["confirmed"], bool)
    assert entry["confirmed"] == ("school_company" in entry), (
        f"{academy} : une page non confirmée ne figure pas dans « school_company »"
    )
    page = entry.get("school_company")
    if page is None:
        return
    assert set(page) == {"title", "url"}
    assert isinstance(page["title"], str) and page["title"].strip()
    assert _on_domain(page["url"], _domain(academy)), f"{academy} : {page['url']}"
    assert page["url"].rstrip("/") != entry["site"].rstrip("/")


@pytest.mark.parametrize("academy", IDS)
def test_elision_after_academie(academy: str) -> None:
    name = ACADEMIES[academy]["name"]
    of = ACADEMIES[academy]["of"]
    if _starts_with_vowel(name):
        assert of == f"d'{name}", f"{academy} : « {of} »"
    else:
        assert of.startswith("de ") and of.endswith(name), f"{academy} : « {of} »"
        assert "'" not in of


@pytest.mark.parametrize(
    ("academy", "of"),
    [
        # the forms the issues ask for
        ("orleans-tours", "d'Orléans-Tours"),
        ("la-reunion", "de La Réunion"),
        ("aix-marseille", "d'Aix-Marseille"),
        ("normandie", "de Normandie"),
        ("amiens", "d'Amiens"),
        ("lille", "de Lille"),
    ],
)
def test_known_forms(academy: str, of: str) -> None:
    assert ACADEMIES[academy]["of"] == of


def test_vowel_rule_sees_accents_and_the_article() -> None:
    assert _starts_with_vowel("Orléans-Tours")
    assert _starts_with_vowel("Évry")
    assert not _starts_with_vowel("La Réunion")
    assert not _starts_with_vowel("Besançon")


def test_regions_academiques() -> None:
    regions = {entry["region"] for entry in ACADEMIES.values()}
    assert len(regions) == REGIONS_ACADEMIQUES
    # an académie alone in its région académique bears its name
    for academy in ("corse", "normandie", "guadeloupe", "guyane", "martinique", "mayotte"):
        assert ACADEMIES[academy]["region"] == ACADEMIES[academy]["name"]


def test_domain_rule_rejects_look_alikes() -> None:
    assert _on_domain("https://www.ac-lille.fr/x", "ac-lille.fr")
    assert _on_domain("https://ac-lille.fr/", "ac-lille.fr")
    assert not _on_domain("http://www.ac-lille.fr/", "ac-lille.fr")
    assert not _on_domain("https://www.fake-ac-lille.fr/", "ac-lille.fr")
    assert not _on_domain("https://ac-lille.fr.example.org/", "ac-lille.fr")
