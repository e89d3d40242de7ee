"""The catalogue of each kit: its page, the cards, the facets of the filters."""

from __future__ import annotations

from collections import Counter
from typing import Any

from .. import labels
from ..catalog import Catalog
from ..models import Action
from .pages import Page
from .paths import action_path, contacts_path, kit_path
from .text import fold, plain_text

_HOURS_PER_UNIT = {"hour": 1, "day": 7, "week": 35, "month": 140, "year": 1000}


def duration_bucket(action: Action) -> str:
    """Which « durée » filter an action falls in (a school year counts as « year »)."""
    hours = action.duration.value * _HOURS_PER_UNIT[action.duration.unit]
    if hours < 7:
        return "hours"
    if hours < 35:
        return "days"
    if hours < 500:
        return "weeks"
    return "year"


def facet(counts: Counter[str], names: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {"value": key, "label": label, "count": counts[key]}
        for key, label in names.items()
        if counts[key]
    ]


def _catalogue_entry(catalog: Catalog, kit: str, aid: str, action: Action) -> dict[str, Any]:
    view = action.view(kit)
    return {
        "id": aid,
        "title": action.title,
        "summary": card_summary(action, kit),
        "format": action.format,
        "format_label": labels.FORMATS[action.format],
        "levels": list(action.levels),
        "level_labels": [labels.LEVELS[lv] for lv in action.levels],
        "objectives": list(action.objectives),
        "objective_labels": [labels.OBJECTIVES_SHORT[o] for o in action.objectives],
        "duration": labels.duration(action.duration.value, action.duration.unit),
        "duration_bucket": duration_bucket(action),
        "path": action_path(kit, aid),
        "search": fold(
            " ".join(
                [action.title, card_summary(action, kit), plain_text(view.role) if view else ""]
            )
        ),
    }


def card_summary(action: Action, kit: str) -> str:
    """The summary the readers of `kit` see: their own, else the common one."""
    view = action.view(kit)
    return (view.summary if view is not None else None) or action.summary


def kit_page(catalog: Catalog, kit: str) -> Page:
    actions = catalog.actions_in_kit(kit)
    entries = [_catalogue_entry(catalog, kit, aid, a) for aid, a in actions.items()]
    facets = {
        "format": facet(Counter(e["format"] for e in entries), labels.FORMATS),
        "level": facet(Counter(lv for e in entries for lv in e["levels"]), labels.LEVELS),
        "objective": facet(
            Counter(o for e in entries for o in e["objectives"]), labels.OBJECTIVES_SHORT
        ),
        "duration": facet(Counter(e["duration_bucket"] for e in entries), labels.DURATION_BUCKETS),
    }
    other = "companies" if kit == "teams" else "teams"
    model = catalog.kits[kit]
    return Page(
        kit_path(kit),
        "kit.md.j2",
        model.title,
        catalog.sources[("kit", kit)],
        {
            "kit": model,
            "kit_name": kit,
            "audience": labels.KIT_AUDIENCE[kit],
            "entries": entries,
            "facets": facets,
            "other_kit": {"title": catalog.kits[other].title, "path": kit_path(other)},
            "contacts_path": contacts_path(kit),
        },
        model.title,
        kit=kit,
    )
