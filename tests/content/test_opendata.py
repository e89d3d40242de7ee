"""Open data: donnees/actions.json and donnees/actions.csv hold exactly the catalog's actions."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.check.catalog import Catalog
from generator.check.validate import validate
from generator.format.models import Action
from generator.plan import plan
from generator.plan.actions import action_addresses
from generator.render.jinja import render
from generator.render.opendata import actions_csv

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return validate(ROOT)


@pytest.fixture(scope="module")
def files(catalog: Catalog) -> dict[str, bytes]:
    return render(catalog, plan(catalog)).files


def _expected(aid: str, action: Action) -> dict[str, Any]:
    """What a record must say, read from the catalog without the generator's helpers."""
    return {
        "id": aid,
        "titre": action.title,
        "resume": action.summary,
        "format": action.format,
        "participants": action.participants,
        "niveaux": list(action.levels),
        "objectifs": list(action.objectives),
        "duree": action.duration.value,
        "duree_unite": action.duration.unit,
        "kits": [
            slug
            for slug, view in (("equipes", action.for_teams), ("entreprises", action.for_companies))
            if view is not None
        ],
        "partenaires": list(action.partners),
        "url_equipes": f"equipes/actions/{aid}/" if action.for_teams else None,
        "url_entreprises": f"entreprises/actions/{aid}/" if action.for_companies else None,
        # the shipped content is the national one: no edition adds to it
        "source": "national",
        "verifie_le": action.review.checked.isoformat() if action.review else None,
        "textes_verifies": list(action.review.texts) if action.review else [],
    }


def test_json_holds_exactly_the_catalog_actions(catalog: Catalog, files: dict[str, bytes]) -> None:
    payload = json.loads(files["donnees/actions.json"].decode("utf-8"))
    records = payload["actions"]
    assert [r["id"] for r in records] == list(catalog.actions)
    for record in records:
        assert record == _expected(record["id"], catalog.actions[record["id"]])


def test_csv_holds_exactly_the_catalog_actions(catalog: Catalog, files: dict[str, bytes]) -> None:
    rows = list(csv.DictReader(io.StringIO(files["donnees/actions.csv"].decode("utf-8"))))
    assert [r["id"] for r in rows] == list(catalog.actions)
    for row in rows:
        want = _expected(row["id"], catalog.actions[row["id"]])
        got: dict[str, Any] = {
            **row,
            "niveaux": row["niveaux"].split(),
            "objectifs": row["objectifs"].split(),
            "duree": float(row["duree"]),
            "kits": row["kits"].split(),
            "partenaires": row["partenaires"].split(),
            "url_equipes": row["url_equipes"] or None,
            "url_entreprises": row["url_entreprises"] or None,
            "verifie_le": row["verifie_le"] or None,
            "textes_verifies": row["textes_verifies"].split(),
        }
        assert got == want


def test_the_urls_of_the_open_data_are_pages_of_the_site(
    catalog: Catalog, files: dict[str, bytes]
) -> None:
    records = json.loads(files["donnees/actions.json"].decode("utf-8"))["actions"]
    for record in records:
        for key in ("url_equipes", "url_entreprises"):
            if record[key]:
                assert record[key].rstrip("/") + ".md" in files, record[key]


def test_both_kits_link_the_open_data(files: dict[str, bytes]) -> None:
    for kit in ("equipes", "entreprises"):
        page = files[f"{kit}/index.md"].decode("utf-8")
        assert "(../donnees/actions.json)" in page
        assert "(../donnees/actions.csv)" in page


def test_csv_cells_cannot_become_spreadsheet_formulas(minimal: Path) -> None:
    action = minimal / "kits/actions/mini-entreprise.yml"
    text = action.read_text("utf-8")
    action.write_text(text.replace("title: Mini-entreprise", 'title: "=HYPERLINK(1)"'), "utf-8")
    catalog = validate(minimal)
    rows = list(
        csv.reader(
            io.StringIO(render(catalog, plan(catalog)).files["donnees/actions.csv"].decode())
        )
    )
    titles = {row[0]: row[1] for row in rows[1:]}
    assert titles["mini-entreprise"] == "'=HYPERLINK(1)"
    assert titles["stage-3e"] == "Stage d'observation de 3e"


CSV_INJECTION = ROOT / "tests" / "fixtures" / "opendata" / "csv-injection.yml"
INJECTIONS = yaml.safe_load(CSV_INJECTION.read_text("utf-8"))["cells"]


@pytest.mark.parametrize("field", ["title", "summary"])
def test_no_value_starts_a_row_or_a_formula(minimal: Path, field: str) -> None:
    """Each hostile value, put past validation into one action, comes back from the CSV
    as the fixture says: one row per action, the value in its own cell."""
    catalog = validate(minimal)
    victim = next(iter(catalog.actions))
    column = {"title": "titre", "summary": "resume"}[field]
    for case in INJECTIONS:
        action = catalog.actions[victim].model_copy(update={field: case["value"]})
        hostile = replace(catalog, actions={**catalog.actions, victim: action})
        raw = actions_csv(hostile, action_addresses(hostile)).decode("utf-8")
        rows = list(csv.reader(io.StringIO(raw, newline="")))
        assert [row[0] for row in rows[1:]] == list(catalog.actions), case
        assert all(len(row) == len(rows[0]) for row in rows), case
        cells = dict(zip(rows[0], rows[1 + list(catalog.actions).index(victim)], strict=True))
        assert cells[column] == case["cell"], case
        # every cell quoted, the victim's row included: its line breaks stay inside quotes
        assert raw.startswith('"id","titre",'), raw[:40]
        assert f'\n"{victim}","' in raw, case
