"""Pages of the two kits: catalogues with their facets, action pages, partners,
« Qui contacter à chaque étape » and the reverse indexes behind them."""

from __future__ import annotations

import unicodedata
from collections import Counter
from typing import Any

from markdown_it import MarkdownIt

from .. import labels
from ..catalog import Catalog
from ..kinds import KIT_NAMES
from ..models import STEP_KEYS, Action
from .pages import Page
from .paths import (
    CONTACTS_PATH,
    KIT_SLUGS,
    PARTNERS_PATH,
    action_kits,
    action_path,
    contacts_path,
    interlocutor_path,
    kit_path,
    partner_path,
)

_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})


def fold(text: str) -> str:
    """Lower case without accents: what the text filter compares (catalogue.js folds the
    typed words the same way: « eleve » finds « élève », « oeuvre » finds « œuvre »)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_PLAIN = MarkdownIt("commonmark")


def plain_text(markdown: str) -> str:
    """The words of a Markdown text, without its syntax (link targets, emphasis marks)."""
    words = [
        child.content
        for token in _PLAIN.parse(markdown)
        if token.type == "inline"
        for child in token.children or []
        if child.type in ("text", "code_inline")
    ]
    return " ".join(" ".join(words).split())


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


def _facet(counts: Counter[str], names: dict[str, str]) -> list[dict[str, Any]]:
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
        "summary": action.summary,
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
            " ".join([action.title, action.summary, plain_text(view.role) if view else ""])
        ),
    }


def kit_page(catalog: Catalog, kit: str) -> Page:
    actions = catalog.actions_in_kit(kit)
    entries = [_catalogue_entry(catalog, kit, aid, a) for aid, a in actions.items()]
    facets = {
        "format": _facet(Counter(e["format"] for e in entries), labels.FORMATS),
        "level": _facet(Counter(lv for e in entries for lv in e["levels"]), labels.LEVELS),
        "objective": _facet(
            Counter(o for e in entries for o in e["objectives"]), labels.OBJECTIVES_SHORT
        ),
        "duration": _facet(Counter(e["duration_bucket"] for e in entries), labels.DURATION_BUCKETS),
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
        action.view(kit).summary or action.summary if action.view(kit) else action.summary,
        kit=kit,
    )


def _actions_with(catalog: Catalog, predicate: Any) -> list[dict[str, Any]]:
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


def partner_pages(catalog: Catalog) -> list[Page]:
    entries = []
    pages = []
    for pid, partner in catalog.partners.items():
        actions = _actions_with(catalog, lambda a, pid=pid: pid in a.partners)
        academies = [labels.ACADEMIES[a] for a in partner.academies]
        entries.append(
            {
                "id": pid,
                "name": partner.name,
                "acronym": partner.acronym,
                "kind": partner.kind,
                "kind_label": labels.PARTNER_KINDS[partner.kind],
                "scope": partner.scope,
                "scope_label": labels.SCOPES[partner.scope],
                "academies": list(partner.academies),
                "academy_labels": academies,
                # What the académie filter compares: a national partner works in all of them.
                "academy_filter": ["*"] if partner.scope == "national" else list(partner.academies),
                "path": partner_path(pid),
                "action_count": len(actions),
            }
        )
        pages.append(
            Page(
                partner_path(pid),
                "partner.md.j2",
                partner.name,
                catalog.sources[("partner", pid)],
                {
                    "partner": partner,
                    "kind_label": labels.PARTNER_KINDS[partner.kind],
                    "scope_label": labels.SCOPES[partner.scope],
                    "academy_labels": academies,
                    "actions": actions,
                },
                partner.name,
            )
        )
    facets = {
        "kind": _facet(Counter(e["kind"] for e in entries), labels.PARTNER_KINDS),
        "scope": _facet(Counter(e["scope"] for e in entries), labels.SCOPES),
        "academy": _facet(_academy_counts(entries), labels.ACADEMIES),
    }
    index = Page(
        PARTNERS_PATH,
        "partners.md.j2",
        "Partenaires",
        None,
        {"entries": entries, "facets": facets},
        "Les organisations qui aident écoles et entreprises à travailler ensemble.",
    )
    return [index, *pages]


def _academy_counts(entries: list[dict[str, Any]]) -> Counter[str]:
    """Partners the directory shows for each académie: its own, and the national ones."""
    national = sum(1 for e in entries if e["academy_filter"] == ["*"])
    counts = Counter(a for e in entries for a in e["academy_filter"] if a != "*")
    return Counter({a: counts[a] + national for a in labels.ACADEMIES})


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
        actions = _actions_with(
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
