"""An action's page, as each kit's readers see it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from .. import kinds, labels
from ..catalog import Catalog
from ..models import STEP_KEYS, Action
from .catalogue import card_summary
from .origin import origin_mark
from .pages import Alternate, Page, Search, theme_text
from .paths import (
    ACADEMIES_PATH,
    action_kits,
    action_path,
    kit_path,
    partner_path,
    target_path,
)
from .review import review_entry
from .roles import step_people


def _next_title(catalog: Catalog, prefix: str, target: str) -> str:
    """The title of the page an internal reference `prefix:target` leads to."""
    if prefix == kinds.ACTION.link:
        return catalog.actions[target].title
    if prefix == kinds.PARTNER.link:
        return catalog.partners[target].name
    if prefix == kinds.INTERLOCUTOR.link:
        return catalog.interlocutors[target].role
    if prefix == kinds.LESSON.link:
        cid, lid = target.split("/", 1)
        return catalog.courses[cid].lessons[lid].title
    course = catalog.courses[target].course
    if prefix == kinds.PLANNER.link and course.week_planner is not None:
        return course.week_planner.title
    if prefix == kinds.SELF_ASSESSMENT.link and course.self_assessment is not None:
        return course.self_assessment.title
    return course.title


def next_pages(catalog: Catalog, kit: str, action: Action) -> list[dict[str, str]]:
    """« Et ensuite » : the pages the readers of `kit` open after this action."""
    view = action.view(kit)
    found = []
    for ref in view.next if view else []:
        prefix, target = ref.split(":", 1)
        if not catalog.publishes(prefix, target):
            continue
        found.append(
            {
                "title": _next_title(catalog, prefix, target),
                "path": target_path(catalog, prefix, target, kit),
            }
        )
    return found


def action_search(catalog: Catalog, kit: str, aid: str, action: Action) -> Search:
    """Search indexes an action once, from its first kit, and offers each kit's view."""
    kits = action_kits(action)
    if kit != kits[0]:
        return Search(exclude=True)
    if len(kits) == 1:
        return Search(merge=True)
    views = [
        Alternate(title=theme_text(catalog.kits[k].title), path=action_path(k, aid)) for k in kits
    ]
    return Search(merge=True, alternates=views)


def _steps(catalog: Catalog, kit: str, action: Action) -> list[dict[str, Any]]:
    steps = []
    for key in STEP_KEYS:
        acting, contacts = step_people(catalog, kit, action.steps.get(key).interlocutors)
        steps.append(
            {
                "key": key,
                "label": labels.STEPS[key],
                "text": action.step_text(kit, key),
                "acting": acting,
                "roles": contacts,
            }
        )
    return steps


def action_page(catalog: Catalog, kit: str, aid: str, action: Action) -> Page:
    path = action_path(kit, aid)
    other_kits = [k for k in action_kits(action) if k != kit]
    steps = _steps(catalog, kit, action)
    partners = [
        {
            "name": catalog.partners[p].name,
            "acronym": catalog.partners[p].acronym,
            "path": partner_path(p),
        }
        for p in action.partners
        if p in catalog.partners  # an edition may hide a national partner
    ]
    return Page(
        path=path,
        template="action.md.j2",
        title=action.title,
        source=catalog.source(kinds.ACTION, aid),
        context={
            "action": action,
            "kit_name": kit,
            "acting_label": labels.ACTING[kit],
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
            "next": next_pages(catalog, kit, action),
            "academies_path": ACADEMIES_PATH,
            "participants_label": labels.PARTICIPANTS[action.participants],
            "origin": origin_mark(catalog, "action", aid),
            "review": review_entry(action.review),
        },
        description=card_summary(action, kit),
        kit=kit,
        search=action_search(catalog, kit, aid, action),
    )


@dataclass(frozen=True)
class ReverseIndex:
    """Who takes part where, read once from the actions: a partner's actions, a role's
    actions with the steps where it is named (never typed twice by editors)."""

    by_partner: dict[str, list[str]]
    by_role: dict[str, dict[str, list[str]]]  # role → action → step keys


def reverse_index(catalog: Catalog) -> ReverseIndex:
    by_partner: dict[str, list[str]] = defaultdict(list)
    by_role: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for aid, action in catalog.actions.items():
        for pid in dict.fromkeys(action.partners):
            by_partner[pid].append(aid)
        for key in STEP_KEYS:
            for rid in action.steps.get(key).interlocutors:
                by_role[rid].setdefault(aid, []).append(key)
    return ReverseIndex(dict(by_partner), dict(by_role))


def action_entries(catalog: Catalog, found: dict[str, list[str]]) -> list[dict[str, Any]]:
    """Each action of `found` (action → the steps concerned) with its views in both kits."""
    return [
        {
            "title": catalog.actions[aid].title,
            "views": [
                {"kit": catalog.kits[k].title, "path": action_path(k, aid)}
                for k in action_kits(catalog.actions[aid])
            ],
            "steps": [labels.STEPS[key] for key in steps],
        }
        for aid, steps in found.items()
    ]
