"""The shipped content validates and holds what the kits and courses promise."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from generator.check.catalog import Catalog
from generator.check.validate import validate
from generator.format.models import FORMATS, LEVELS, OBJECTIVES

ROOT = Path(__file__).resolve().parents[2]


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
        "immersion-en-entreprise-des-nouveaux-cadres",
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


def test_courses_announce_their_total_hours(catalog: Catalog) -> None:
    # the validator checks that a declared total equals the sum of the lessons
    assert set(catalog.courses) == {"accueillir-un-eleve-de-3e", "esprit-d-entreprendre"}
    assert all(b.course.total_hours is not None for b in catalog.courses.values())


STAFF_ACTIONS = (
    "etalement-des-dates-de-stage",
    "rencontre-enseignants-entreprises-du-bassin",
    "immersion-en-entreprise-des-nouveaux-cadres",
)
STEPS = ("prepare", "supervise", "lead", "follow_up")


def test_actions_for_staff_carry_no_pupil_levels(catalog: Catalog) -> None:
    for aid in STAFF_ACTIONS:
        action = catalog.actions[aid]
        assert action.participants == "staff" and not action.levels, aid


def test_every_companies_card_has_its_own_summary(catalog: Catalog) -> None:
    for aid, action in catalog.actions.items():
        view = action.for_companies
        if view is not None:
            assert view.summary and view.summary != action.summary, aid


def test_each_company_kit_step_names_someone_on_the_school_side(catalog: Catalog) -> None:
    for aid, action in catalog.actions.items():
        if action.for_companies is None:
            continue
        for step in STEPS:
            roles = getattr(action.steps, step).interlocutors
            sides = {catalog.interlocutors[r].side for r in roles}
            assert sides & {"school", "intermediary"}, f"{aid} {step}"


def test_stage_actions_end_with_what_comes_next(catalog: Catalog) -> None:
    course = "accueillir-un-eleve-de-3e"
    for aid, action in catalog.actions.items():
        if action.format != "internship" or action.participants != "pupils":
            continue
        if action.for_companies is not None:
            assert {f"planner:{course}", f"course:{course}"} <= set(action.for_companies.next), aid
        if action.for_teams is not None:
            around = {"action:preparer-le-stage", "action:restitution-du-stage"} - {f"action:{aid}"}
            assert around & set(action.for_teams.next), aid
