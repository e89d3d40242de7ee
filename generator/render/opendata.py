"""The action catalogue as open data (JSON and CSV), from the same Catalog, at the
addresses the plan gave each action."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from typing import Any

from generator.check.catalog import Catalog
from generator.format import labels
from generator.format.kinds import ACTION, COMPANIES, TEAMS
from generator.plan.pages import ActionAddress

# Where each action is published, by action id (`SitePlan.actions`).
Addresses = Mapping[str, ActionAddress]

CSV_COLUMNS = (
    "id",
    "titre",
    "resume",
    "format",
    "participants",
    "niveaux",
    "objectifs",
    "duree",
    "duree_unite",
    "kits",
    "partenaires",
    "url_equipes",
    "url_entreprises",
    "source",
    "verifie_le",
    "textes_verifies",
)


def _record(catalog: Catalog, aid: str, address: ActionAddress) -> dict[str, Any]:
    action = catalog.actions[aid]
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
        "kits": list(address.kits),
        "partenaires": list(action.partners),
        "url_equipes": address.urls.get(TEAMS.name),
        "url_entreprises": address.urls.get(COMPANIES.name),
        # « national », or the académie whose edition adds this action
        "source": catalog.origin(ACTION, aid),
        # the review record: when the action was last checked, against which texts
        "verifie_le": action.review.checked.isoformat() if action.review else None,
        "textes_verifies": list(action.review.texts) if action.review else [],
    }


def actions_json(catalog: Catalog, addresses: Addresses) -> bytes:
    records = [_record(catalog, aid, addresses[aid]) for aid in catalog.actions]
    payload = {
        "description": "Actions des kits École–entreprise",
        "formats": labels.FORMATS,
        "objectifs": labels.OBJECTIVES,
        "actions": records,
    }
    return (json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode()


# OWASP's CSV injection guidance: a spreadsheet runs a cell whose first meaningful
# character starts a formula, even after spaces or control characters, and a tab or a
# carriage return at the start is read as one by some of them.
_FORMULA_STARTS = frozenset("=+-@")
_LEADING = "".join(chr(c) for c in range(33))  # spaces and C0 control characters
_QUIETED_FIRST = frozenset("\t\r")


def csv_cell(value: object) -> str:
    """A value as a cell that no spreadsheet reads as a formula: an apostrophe in front
    when it could start one. Line breaks stay in the value; the writer quotes every cell."""
    text = " ".join(value) if isinstance(value, list) else ("" if value is None else str(value))
    if text[:1] in _QUIETED_FIRST or text.lstrip(_LEADING)[:1] in _FORMULA_STARTS:
        return "'" + text
    return text


def actions_csv(catalog: Catalog, addresses: Addresses) -> bytes:
    buffer = io.StringIO()
    # every cell quoted: a line break inside a value stays in its cell, never starts a row
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(CSV_COLUMNS)
    for aid in catalog.actions:
        record = _record(catalog, aid, addresses[aid])
        writer.writerow([csv_cell(record[c]) for c in CSV_COLUMNS])
    return buffer.getvalue().encode("utf-8")
