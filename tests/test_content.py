"""The shipped content validates and holds what the kits and courses promise."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from generator.catalog import Catalog
from generator.models import FORMATS, LEVELS, OBJECTIVES
from generator.validate import validate

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return validate(ROOT)


def test_every_format_level_and_objective_is_covered(catalog: Catalog) -> None:
    formats = Counter(a.format for a in catalog.actions.values())
    assert all(formats[f] >= 3 for f in FORMATS), formats
    assert {lv for a in catalog.actions.values() for lv in a.levels} == set(LEVELS)
    assert {o for a in catalog.actions.values() for o in a.objectives} == set(OBJECTIVES)


def test_counts_of_the_kits(catalog: Catalog) -> None:
    assert len(catalog.actions) >= 16
    assert len(catalog.partners) >= 14
    assert len(catalog.interlocutors) >= 10
    assert {side for r in catalog.interlocutors.values() for side in [r.side]} == {
        "school",
        "company",
        "intermediary",
    }


def test_the_seed_actions_are_there(catalog: Catalog) -> None:
    for aid in (
        "stage-observation-3e",
        "stage-observation-seconde",
        "preparer-le-stage",
        "restitution-du-stage",
        "visite-d-entreprise",
        "rencontre-professionnel-en-classe",
        "intervention-reserve-citoyenne",
        "mini-entreprise",
        "pole-de-stages-sans-reseau",
        "etalement-des-dates-de-stage",
    ):
        assert aid in catalog.actions


def test_the_six_campus_of_measure_4_each_have_their_academie(catalog: Catalog) -> None:
    expected = {
        "campus-production-culinaire-poitiers": "poitiers",
        "campus-relation-client-aix-marseille": "aix-marseille",
        "campus-numerique-rennes": "rennes",
        "campus-ferroviaire-eco-mobilite-lille": "lille",
        "campus-cosmetique-pharmaceutique-orleans-tours": "orleans-tours",
        "campus-aeronautique-spatial-toulouse": "toulouse",
    }
    for pid, academy in expected.items():
        assert catalog.partners[pid].academies == [academy]


def test_the_cnee_is_not_presented_as_a_partner(catalog: Catalog) -> None:
    assert not any((p.acronym or "") == "CNEE" for p in catalog.partners.values())


def test_legal_statements_have_sources(catalog: Catalog) -> None:
    for aid in ("stage-observation-3e", "stage-observation-seconde"):
        assert catalog.actions[aid].sources, aid


def test_courses_total_hours_match_their_lessons(catalog: Catalog) -> None:
    assert set(catalog.courses) == {"accueillir-un-eleve-de-3e", "esprit-d-entreprendre"}
    for bundle in catalog.courses.values():
        minutes = sum(lesson.duration_minutes for lesson in bundle.lessons.values())
        assert bundle.course.total_hours is not None
        assert minutes == bundle.course.total_hours * 60
