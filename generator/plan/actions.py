"""An action's page, as each kit's readers see it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TypedDict

from generator.check.catalog import Catalog
from generator.format import kinds, labels
from generator.format.models import STEP_KEYS, Action
from generator.format.models import KitView as ActionView
from generator.plan.catalogue import card_summary
from generator.plan.origin import origin_mark
from generator.plan.pages import ActionAddress, Alternate, Link, Page, Search, theme_text
from generator.plan.paths import (
    ACADEMIES_PATH,
    KIT_SLUGS,
    action_kits,
    action_path,
    kit_path,
    page_url,
    partner_path,
    target_path,
)
from generator.plan.review import ReviewEntry, review_entry
from generator.plan.roles import RoleEntry, step_people


@dataclass(frozen=True, kw_only=True)
class StepEntry:
    """One of the four steps of an action, as the readers of a kit read it."""

    key: str
    label: str
    text: str
    acting: list[RoleEntry]  # the readers and their own team
    roles: list[RoleEntry]  # whom they contact


@dataclass(frozen=True, kw_only=True)
class PartnerLink:
    name: str
    acronym: str | None
    path: str


@dataclass(frozen=True, kw_only=True)
class KitLink:
    """An action seen from one kit: the kit's title and the page."""

    kit: str
    path: str


@dataclass(frozen=True, kw_only=True)
class ActionEntry:
    """An action a role or a partner page lists, with its views and the steps concerned."""

    title: str
    views: list[KitLink]
    steps: list[str]


class ActionContext(TypedDict):
    action: Action
    kit_name: str
    acting_label: str
    kit: Link
    view: ActionView | None
    steps: list[StepEntry]
    partners: list[PartnerLink]
    format_label: str
    level_labels: list[str]
    objective_labels: list[str]
    duration: str
    other_view: list[Link]
    next: list[Link]
    academies_path: str
    participants_label: str
    origin: str | None
    review: ReviewEntry | None


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


def next_pages(catalog: Catalog, kit: str, action: Action) -> list[Link]:
    """« Et ensuite » : the pages the readers of `kit` open after this action."""
    view = action.view(kit)
    found = []
    for ref in view.next if view else []:
        prefix, target = ref.split(":", 1)
        if not catalog.publishes(prefix, target):
            continue
        found.append(
            Link(
                title=_next_title(catalog, prefix, target),
                path=target_path(catalog, prefix, target, kit),
            )
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


def _steps(catalog: Catalog, kit: str, action: Action) -> list[StepEntry]:
    steps = []
    for key in STEP_KEYS:
        acting, contacts = step_people(catalog, kit, action.steps.get(key).interlocutors)
        steps.append(
            StepEntry(
                key=key,
                label=labels.STEPS[key],
                text=action.step_text(kit, key),
                acting=acting,
                roles=contacts,
            )
        )
    return steps


def action_page(catalog: Catalog, kit: str, aid: str, action: Action) -> Page:
    path = action_path(kit, aid)
    other_kits = [k for k in action_kits(action) if k != kit]
    steps = _steps(catalog, kit, action)
    partners = [
        PartnerLink(
            name=catalog.partners[p].name,
            acronym=catalog.partners[p].acronym,
            path=partner_path(p),
        )
        for p in action.partners
        if p in catalog.partners  # an edition may hide a national partner
    ]
    return Page(
        path=path,
        template="action.md.j2",
        title=action.title,
        source=catalog.source(kinds.ACTION, aid),
        context=ActionContext(
            action=action,
            kit_name=kit,
            acting_label=labels.ACTING[kit],
            kit=Link(title=catalog.kits[kit].title, path=kit_path(kit)),
            view=action.view(kit),
            steps=steps,
            partners=partners,
            format_label=labels.FORMATS[action.format],
            level_labels=[labels.LEVELS[lv] for lv in action.levels],
            objective_labels=[labels.OBJECTIVES[o] for o in action.objectives],
            duration=labels.duration(action.duration.value, action.duration.unit),
            other_view=[
                Link(title=catalog.kits[k].title, path=action_path(k, aid)) for k in other_kits
            ],
            next=next_pages(catalog, kit, action),
            academies_path=ACADEMIES_PATH,
            participants_label=labels.PARTICIPANTS[action.participants],
            origin=origin_mark(catalog, kinds.ACTION, aid),
            review=review_entry(action.review),
        ),
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


def action_entries(catalog: Catalog, found: dict[str, list[str]]) -> list[ActionEntry]:
    """Each action of `found` (action → the steps concerned) with its views in both kits."""
    return [
        ActionEntry(
            title=catalog.actions[aid].title,
            views=[
                KitLink(kit=catalog.kits[k].title, path=action_path(k, aid))
                for k in action_kits(catalog.actions[aid])
            ],
            steps=[labels.STEPS[key] for key in steps],
        )
        for aid, steps in found.items()
    ]


def action_addresses(catalog: Catalog) -> dict[str, ActionAddress]:
    """Where each action of the catalog is published (in the catalog's order): the kits
    that show it and the address of each view, for the open data."""
    found = {}
    for aid, action in catalog.actions.items():
        kits = action_kits(action)
        found[aid] = ActionAddress(
            kits=tuple(KIT_SLUGS[kit] for kit in kits),
            urls={kit: page_url(action_path(kit, aid)) for kit in kits},
        )
    return found
