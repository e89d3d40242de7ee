"""The catalogues' plan: durations filed as a teacher means them, no filter option that
filters nothing, the introduction folded after its first paragraph, the facts line of a
staff action, and the académie an edition preselects."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.models import Duration, DurationUnit
from generator.plan.catalogue import card_facts, duration_bucket, kit_page, split_lede
from generator.plan.directory import partner_pages
from generator.render import environment, render_page
from generator.validate import validate

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("value", "unit", "bucket"),
    [
        (2, "hour", "hours"),
        (0.5, "day", "hours"),  # a half-day visit
        (8, "hour", "day"),  # the 8 hours of preparation for the stage: not « days »
        (1, "day", "day"),
        (5, "day", "weeks"),  # the observation stage
        (56, "hour", "weeks"),  # a week in a company, with its preparation
        (2, "week", "weeks"),
        (1, "month", "months"),
        (3, "month", "months"),
        (6, "month", "year"),
        (1, "year", "year"),
    ],
)
def test_durations_are_filed_by_their_real_length(
    minimal: Path, value: float, unit: DurationUnit, bucket: str
) -> None:
    action = next(iter(validate(minimal).actions.values()))
    changed = action.model_copy(update={"duration": Duration(value=value, unit=unit)})
    assert duration_bucket(changed) == bucket


def test_no_option_that_every_action_has() -> None:
    catalog = validate(ROOT)
    for kit in ("teams", "companies"):
        actions = catalog.actions_in_kit(kit)
        facets = kit_page(catalog, kit).context["facets"]
        # Every action of the shipped kits has « Découvrir »: it would filter nothing.
        assert all("discover" in a.objectives for a in actions.values())
        assert "discover" not in {o["value"] for o in facets["objective"]}
        for options in facets.values():
            assert all(0 < o["count"] < len(actions) for o in options)


def test_the_introduction_folds_after_its_first_paragraph() -> None:
    lede, more = split_lede("Premier paragraphe,\nsur deux lignes.\n\n## Titre\n\nSuite.")
    assert lede == "Premier paragraphe,\nsur deux lignes."
    assert more == "## Titre\n\nSuite."
    assert split_lede("## Titre d'abord\n\nTexte.") == ("", "## Titre d'abord\n\nTexte.")


def test_a_staff_action_says_who_takes_part() -> None:
    catalog = validate(ROOT)
    staff = [a for a in catalog.actions.values() if a.participants == "staff"]
    assert staff
    for action in staff:
        facts = card_facts(action)
        assert "Pour les personnels" in facts
        assert not re.search(r"·\s*·", facts)


def test_an_edition_preselects_its_academie(minimal: Path) -> None:
    catalog = validate(minimal)
    academy = next(a for p in catalog.partners.values() for a in p.academies)
    directory = partner_pages(catalog, academy=academy)[0]
    page = render_page(environment(), catalog, directory).decode()
    assert f'<option value="{academy}" selected>' in page
    assert page.count(" selected>") == 1
    plain = render_page(environment(), catalog, partner_pages(catalog)[0]).decode()
    assert " selected>" not in plain
