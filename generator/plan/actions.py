"""An action's page, as each kit's readers see it."""

from __future__ import annotations

from typing import Any

from .. import labels
from ..catalog import Catalog
from ..models import STEP_KEYS, Action
from .catalogue import card_summary
from .pages import Page
from .paths import action_kits, action_path, interlocutor_path, kit_path, partner_path


def action_page(catalog: Catalog, kit: str, aid: str, action: Action) -> Page:
    path = action_path(kit, aid)
    other_kits = [k for k in action_kits(action) if k != kit]
    steps = [
        {
            "key": key,
            "label": labels.STEPS[key],
            "text": action.step_text(kit, key),
            "roles": [
                {"title": catalog.interlocutors[r].role, "path": interlocutor_path(r)}
                for r in action.steps.get(key).interlocutors
            ],
        }
        for key in STEP_KEYS
    ]
    partners = [
        {
            "name": catalog.partners[p].name,
            "acronym": catalog.partners[p].acronym,
            "path": partner_path(p),
        }
        for p in action.partners
    ]
    return Page(
        path,
        "action.md.j2",
        action.title,
        catalog.sources[("action", aid)],
        {
            "action": action,
            "kit_name": kit,
            "kit": {"title": catalog.kits[kit].title, "path": kit_path(kit)},
            "view": action.view(kit),
            "steps": steps,
            "partners": partners,
            "format_label": labels.FORMATS[action.format],
            "level_labels": [labels.LEVELS[lv] for lv in action.levels],
            "objective_labels": [labels.OBJECTIVES[o] for o in action.objectives],
            "duration": labels.duration(action.duration.value, action.duration.unit),
            "other_view": [
                {"title": catalog.kits[k].title, "path": action_path(k, aid)} for k in other_kits
            ],
        },
        card_summary(action, kit),
        kit=kit,
    )


def actions_with(catalog: Catalog, predicate: Any) -> list[dict[str, Any]]:
    """Actions matching `predicate(action) -> list of step labels or True`."""
    found = []
    for aid, action in catalog.actions.items():
        match = predicate(action)
        if match:
            found.append(
                {
                    "title": action.title,
                    "views": [
                        {"kit": catalog.kits[k].title, "path": action_path(k, aid)}
                        for k in action_kits(action)
                    ],
                    "steps": match if isinstance(match, list) else [],
                }
            )
    return found
