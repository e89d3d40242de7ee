"""Every legal statement cites an official text: sources and legal resources are
https:// on a host of tests/official_sources.yml, or one of its reasoned exceptions."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from generator.check.catalog import Catalog
from generator.check.validate import validate
from generator.format.models import Resource, Source

ROOT = Path(__file__).resolve().parents[2]
POLICY = yaml.safe_load(
    (Path(__file__).resolve().parents[1] / "official_sources.yml").read_text("utf-8")
)


def _cited(catalog: Catalog) -> Iterator[tuple[str, Source | Resource]]:
    entities: list[tuple[str, object]] = [
        *((f"action {i}", a) for i, a in catalog.actions.items()),
        *((f"partenaire {i}", p) for i, p in catalog.partners.items()),
        *((f"rôle {i}", r) for i, r in catalog.interlocutors.items()),
    ]
    for cid, bundle in catalog.courses.items():
        course = bundle.course
        for tool in (course.week_planner, course.self_assessment):
            if tool is not None:
                entities.append((f"formation {cid}", tool))
        entities.extend((f"leçon {cid}/{lid}", lesson) for lid, lesson in bundle.lessons.items())
    for name, entity in entities:
        for source in getattr(entity, "sources", []):
            yield name, source
        for resource in getattr(entity, "resources", []):
            if resource.kind == "legal":
                yield name, resource


def _official(url: str) -> bool:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return parts.scheme == "https" and any(
        host == domain or host.endswith("." + domain) for domain in POLICY["official"]
    )


def test_every_exception_has_its_reason() -> None:
    for url, reason in (POLICY["exceptions"] or {}).items():
        assert url.startswith("https://"), url
        assert isinstance(reason, str) and len(reason.split()) >= 5, url


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return validate(ROOT)


def test_sources_and_legal_resources_are_official(catalog: Catalog) -> None:
    exceptions = POLICY["exceptions"] or {}
    wrong = sorted(
        f"{name}: {item.url}"
        for name, item in _cited(catalog)
        if not _official(item.url) and item.url not in exceptions
    )
    assert not wrong, "\n".join(wrong)


def test_no_exception_is_left_unused(catalog: Catalog) -> None:
    used = {item.url for _name, item in _cited(catalog)}
    assert set(POLICY["exceptions"] or {}) <= used


def test_the_policy_catches_what_it_must() -> None:
    assert _official("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038610314")
    assert not _official("http://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038610314")
    assert not _official("https://lexbase.fr/texte-de-loi/code-de-leducationd3319/L7593MAH.html")
    assert not _official("https://legifrance.gouv.fr.example.com/")
