"""The académies data file: the 30 académies in the order of the model's ids, each with its
label, the right elision after « académie », its région académique and https:// addresses on
its own domain."""

from __future__ import annotations

import dataclasses
import datetime
import re
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from generator.format.academies import academies
from generator.format.models import ACADEMIES as IDS

DATA = Path(__file__).resolve().parents[2] / "generator" / "data" / "academies.yml"
ACADEMIES: dict[str, dict[str, Any]] = yaml.safe_load(DATA.read_text("utf-8"))

REQUIRED = {"name", "of", "region", "site", "contact"}

# The contact's fields by level, as the data file's header states them.
CONTACT_REQUIRED = {
    "school-company": {"level", "service", "url", "ask", "source", "checked"},
    "directory": {"level", "service", "url", "ask", "source", "checked"},
    # nothing verified: nothing that could have been unverified
    "none": {"level", "ask", "checked"},
}
CONTACT_OPTIONAL = {"phone", "address", "form"}

# The State's directory of public services (l'annuaire de l'administration).
DIRECTORY = "lannuaire.service-public.gouv.fr"
# Official sites a contact may be read on, besides the académie's own domain.
OFFICIAL = ("service-public.gouv.fr", "education.gouv.fr")

# « 04 72 80 60 60 » (a French number: 0 and nine digits in pairs), or E.164 (+, a
# country code, at most 15 digits), spaces allowed between groups.
FRENCH_PHONE = re.compile(r"0[1-9](?: \d{2}){4}")
E164_PHONE = re.compile(r"\+[1-9]\d{0,2}(?: ?\d){4,14}")

# A person's name comes with a civility; none may appear in what the file says.
CIVILITY = re.compile(r"\b(?:M\.|MM\.|Mme|Mmes|Mlle|Madame|Monsieur|Docteur|Dr)\s", re.IGNORECASE)

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
    assert set(entry) == REQUIRED, f"{academy} : champs {sorted(entry)}"
    for key in ("name", "of", "region", "site"):
        assert isinstance(entry[key], str) and entry[key].strip(), f"{academy} : {key} vide"
    # the name is the one the models' id stands for: letters and order of the id
    assert _slug(entry["name"]) == academy


@pytest.mark.parametrize("academy", IDS)
def test_site_is_https_on_the_academys_domain(academy: str) -> None:
    site = ACADEMIES[academy]["site"]
    assert _on_domain(site, _domain(academy)), f"{academy} : {site}"


def _phone_form(phone: str) -> bool:
    digits = phone.replace(" ", "")
    return bool(FRENCH_PHONE.fullmatch(phone) or E164_PHONE.fullmatch(phone)) and (
        len(digits) <= 16
    )


def _official(url: str, academy: str) -> bool:
    return _on_domain(url, _domain(academy)) or any(_on_domain(url, d) for d in OFFICIAL)


@pytest.mark.parametrize("academy", IDS)
def test_contact_fields_by_level(academy: str) -> None:
    contact = ACADEMIES[academy]["contact"]
    level = contact.get("level")
    assert level in CONTACT_REQUIRED, f"{academy} : niveau {level!r}"
    keys = set(contact)
    assert CONTACT_REQUIRED[level] <= keys, f"{academy} : manque {CONTACT_REQUIRED[level] - keys}"
    allowed = CONTACT_REQUIRED[level] | (CONTACT_OPTIONAL if level != "none" else set())
    assert keys <= allowed, f"{academy} : champs en trop {keys - allowed}"
    for key in keys - {"checked"}:
        assert isinstance(contact[key], str) and contact[key].strip(), f"{academy} : {key} vide"


@pytest.mark.parametrize("academy", IDS)
def test_contact_checked_on_a_date_not_in_the_future(academy: str) -> None:
    checked = ACADEMIES[academy]["contact"]["checked"]
    assert isinstance(checked, datetime.date), f"{academy} : date {checked!r}"
    assert checked <= datetime.date.today(), f"{academy} : vérifié le {checked}, dans le futur"


@pytest.mark.parametrize("academy", IDS)
def test_contact_addresses_are_official(academy: str) -> None:
    contact = ACADEMIES[academy]["contact"]
    site = ACADEMIES[academy]["site"]
    if contact["level"] == "school-company":
        # the service's own page, on the académie's domain, not its home page
        assert _on_domain(contact["url"], _domain(academy)), f"{academy} : {contact['url']}"
        assert contact["url"].rstrip("/") != site.rstrip("/")
    if contact["level"] == "directory":
        assert _on_domain(contact["url"], DIRECTORY), f"{academy} : {contact['url']}"
    for key in ("url", "source", "form"):
        if key in contact:
            assert _official(contact[key], academy), f"{academy} : {key} {contact[key]}"


@pytest.mark.parametrize("academy", IDS)
def test_contact_phone_form(academy: str) -> None:
    phone = ACADEMIES[academy]["contact"].get("phone")
    if phone is not None:
        assert _phone_form(phone), f"{academy} : téléphone « {phone} »"


@pytest.mark.parametrize("academy", IDS)
def test_no_personal_name(academy: str) -> None:
    contact = ACADEMIES[academy]["contact"]
    for key in ("service", "ask", "address"):
        if key in contact:
            assert not CIVILITY.search(contact[key]), f"{academy} : {key} « {contact[key]} »"


def test_the_loader_reads_every_contact() -> None:
    loaded = academies()
    for ident, entry in ACADEMIES.items():
        contact = loaded[ident].contact
        assert contact.level == entry["contact"]["level"]
        assert contact.ask == entry["contact"]["ask"]
        assert contact.checked == entry["contact"]["checked"]
        assert contact.source == entry["contact"].get("source")


def test_checked_date_in_french() -> None:
    contact = next(iter(academies().values())).contact
    first = dataclasses.replace(contact, checked=datetime.date(2026, 12, 1))
    assert first.checked_fr == "1er décembre 2026"
    assert dataclasses.replace(contact, checked=datetime.date(2025, 8, 21)).checked_fr == (
        "21 août 2025"
    )


def test_phone_rule() -> None:
    for good in ("04 72 80 60 60", "05 90 21 64 00", "+33 4 72 80 60 60", "+33472806060"):
        assert _phone_form(good), good
    for bad in (
        "4 72 80 60 60",
        "04-72-80-60-60",
        "04 72 80 60",
        "0472806060x",
        "+33 4 72 80 60 60 12 34 56 78",
    ):
        assert not _phone_form(bad), bad


def test_civility_rule() -> None:
    assert CIVILITY.search("Contactez Mme Martin")
    assert CIVILITY.search("M. Durand, chargé de mission")
    assert not CIVILITY.search("Demandez la mission école-entreprise (DRAFPIC).")


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
    assert _official(f"https://{DIRECTORY}/x", "lille")
    assert not _official("https://issuu.com/academie/docs/x", "lille")
    assert _on_domain("https://ac-lille.fr/", "ac-lille.fr")
    assert not _on_domain("http://www.ac-lille.fr/", "ac-lille.fr")
    assert not _on_domain("https://www.fake-ac-lille.fr/", "ac-lille.fr")
    assert not _on_domain("https://ac-lille.fr.example.org/", "ac-lille.fr")
