"""« Qui contacter à chaque étape » and each role's page."""

from __future__ import annotations

from typing import Any

from .. import labels
from ..catalog import Catalog
from ..kinds import KIT_NAMES
from ..models import STEP_KEYS
from .actions import actions_with
from .pages import Page
from .paths import CONTACTS_PATH, KIT_SLUGS, action_path, interlocutor_path


def contact_table(catalog: Catalog, kit: str) -> list[dict[str, Any]]:
    """Rows of « Qui contacter à chaque étape »: roles × steps, from the kit's actions."""
    cells: dict[str, dict[str, list[str]]] = {}
    for aid, action in catalog.actions_in_kit(kit).items():
        for key in STEP_KEYS:
            for role in action.steps.get(key).interlocutors:
                cells.setdefault(role, {k: [] for k in STEP_KEYS})[key].append(aid)
    rows = []
    for role in sorted(cells, key=lambda r: (catalog.interlocutors[r].side, r)):
        rows.append(
            {
                "role": catalog.interlocutors[role].role,
                "side": labels.SIDES[catalog.interlocutors[role].side],
                "path": interlocutor_path(role),
                "steps": [
                    [
                        {"title": catalog.actions[a].title, "path": action_path(kit, a)}
                        for a in cells[role][key]
                    ]
                    for key in STEP_KEYS
                ],
            }
        )
    return rows


def interlocutor_pages(catalog: Catalog) -> list[Page]:
    pages = []
    for rid, role in catalog.interlocutors.items():
        actions = actions_with(
            catalog,
            lambda a, rid=rid: [
                labels.STEPS[k] for k in STEP_KEYS if rid in a.steps.get(k).interlocutors
            ],
        )
        pages.append(
            Page(
                interlocutor_path(rid),
                "interlocutor.md.j2",
                role.role,
                catalog.sources[("interlocutor", rid)],
                {
                    "role": role,
                    "side_label": labels.SIDES[role.side],
                    "level_label": labels.ROLE_LEVELS[role.level],
                    "actions": actions,
                },
                role.role,
            )
        )
    tables = [
        {
            "kit": kit,
            "anchor": KIT_SLUGS[kit],
            "title": catalog.kits[kit].title,
            "rows": contact_table(catalog, kit),
        }
        for kit in KIT_NAMES
    ]
    roles = [
        {
            "role": r.role,
            "side": labels.SIDES[r.side],
            "level": labels.ROLE_LEVELS[r.level],
            "path": interlocutor_path(rid),
        }
        for rid, r in sorted(catalog.interlocutors.items(), key=lambda i: (i[1].side, i[0]))
    ]
    index = Page(
        CONTACTS_PATH,
        "interlocutors.md.j2",
        "Qui contacter à chaque étape",
        None,
        {"tables": tables, "roles": roles, "steps": list(labels.STEPS.values())},
        "Les rôles à contacter à chaque étape des actions.",
    )
    return [index, *pages]
