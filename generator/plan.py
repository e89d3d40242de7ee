"""Plan stage: Catalog → the list of pages to render, with their contexts.

Everything that is more than a loop or a condition lives here, not in the
templates: reverse indexes (a partner's actions, a role's steps), facets of the
catalogues, durations and totals, previous/next lessons.
"""

from __future__ import annotations

import posixpath
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt

from . import labels, reference
from .catalog import KIT_NAMES, Catalog, CourseBundle
from .models import Action, PlannerLimits

REFERENCE_PATH = "format.md"
STEP_KEYS = ("prepare", "supervise", "lead", "follow_up")
KIT_SLUGS = labels.KIT_DIRS


@dataclass(frozen=True)
class Page:
    """One Markdown page of the generated docs tree."""

    path: str
    template: str
    title: str
    source: str | None
    context: dict[str, Any] = field(default_factory=dict)
    description: str | None = None


@dataclass(frozen=True)
class SitePlan:
    pages: list[Page]
    nav: list[Any]


# --------------------------------------------------------------------------- paths


def action_path(kit: str, action_id: str) -> str:
    return f"{KIT_SLUGS[kit]}/actions/{action_id}.md"


def kit_path(kit: str) -> str:
    return f"{KIT_SLUGS[kit]}/index.md"


def partner_path(partner_id: str) -> str:
    return f"partenaires/{partner_id}.md"


def interlocutor_path(role_id: str) -> str:
    return f"interlocuteurs/{role_id}.md"


def course_path(course_id: str) -> str:
    return f"formations/{course_id}/index.md"


def lesson_path(course_id: str, lesson_id: str) -> str:
    return f"formations/{course_id}/{lesson_id}.md"


def planner_path(course_id: str) -> str:
    return f"formations/{course_id}/planning.md"


def self_assessment_path(course_id: str) -> str:
    return f"formations/{course_id}/autopositionnement.md"


ACCESSIBILITY_PATH = "a-propos/accessibilite.md"
LEGAL_PATH = "a-propos/mentions-legales.md"


def relative(from_page: str, target: str) -> str:
    """A link from one generated page to another, as MkDocs resolves it."""
    return posixpath.relpath(target, posixpath.dirname(from_page) or ".")


def action_kits(action: Action) -> list[str]:
    return [k for k in KIT_NAMES if getattr(action, f"for_{k}") is not None]


def preferred_action_path(action: Action, action_id: str, from_page: str) -> str:
    """The kit view of an action that fits the page a link is written in."""
    kits = action_kits(action)
    for kit in kits:
        if from_page.startswith(KIT_SLUGS[kit] + "/"):
            return action_path(kit, action_id)
    return action_path(kits[0], action_id)


def target_path(catalog: Catalog, kind: str, target: str, from_page: str) -> str:
    if kind == "action":
        return preferred_action_path(catalog.actions[target], target, from_page)
    if kind == "partner":
        return partner_path(target)
    if kind == "interlocutor":
        return interlocutor_path(target)
    course, lesson = target.split("/", 1)
    return lesson_path(course, lesson)


# --------------------------------------------------------------------------- facets


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
    view = getattr(action, f"for_{kit}")
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


# --------------------------------------------------------------------------- pages


def _home(catalog: Catalog) -> Page:
    kits = [
        {
            "name": kit,
            "title": catalog.kits[kit].title,
            "path": kit_path(kit),
            "count": len(catalog.actions_in_kit(kit)),
        }
        for kit in KIT_NAMES
    ]
    courses = [_course_card(bundle) for bundle in catalog.courses.values()]
    return Page(
        "index.md",
        "home.md.j2",
        "Accueil",
        None,
        {"kits": kits, "courses": courses},
        "Kits d'accompagnement École–entreprise et formations en ligne.",
    )


def _course_card(bundle: CourseBundle) -> dict[str, Any]:
    total = sum(lesson.duration_minutes for lesson in bundle.lessons.values())
    return {
        "id": bundle.id,
        "title": bundle.course.title,
        "summary": bundle.course.summary,
        "audience": labels.AUDIENCES[bundle.course.audience],
        "modality": labels.COURSE_MODALITIES[bundle.course.modality],
        "total": labels.minutes(total),
        "lessons": len(bundle.lessons),
        "path": course_path(bundle.id),
    }


def _kit(catalog: Catalog, kit: str) -> Page:
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
            "contacts_path": f"interlocuteurs/index.md#{KIT_SLUGS[kit]}",
        },
        model.title,
    )


def _action(catalog: Catalog, kit: str, aid: str, action: Action) -> Page:
    path = action_path(kit, aid)
    other_kits = [k for k in action_kits(action) if k != kit]
    steps = [
        {
            "key": key,
            "label": labels.STEPS[key],
            "text": getattr(action.steps, key).text,
            "roles": [
                {"title": catalog.interlocutors[r].role, "path": interlocutor_path(r)}
                for r in getattr(action.steps, key).interlocutors
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
            "view": getattr(action, f"for_{kit}"),
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
        action.summary,
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


def _partners(catalog: Catalog) -> list[Page]:
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
        "partenaires/index.md",
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
            for role in getattr(action.steps, key).interlocutors:
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


def _interlocutors(catalog: Catalog) -> list[Page]:
    pages = []
    for rid, role in catalog.interlocutors.items():
        actions = _actions_with(
            catalog,
            lambda a, rid=rid: [
                labels.STEPS[k] for k in STEP_KEYS if rid in getattr(a.steps, k).interlocutors
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
        "interlocuteurs/index.md",
        "interlocutors.md.j2",
        "Qui contacter à chaque étape",
        None,
        {"tables": tables, "roles": roles, "steps": list(labels.STEPS.values())},
        "Les rôles à contacter à chaque étape des actions.",
    )
    return [index, *pages]


def _course(catalog: Catalog, bundle: CourseBundle) -> list[Page]:
    cid, course = bundle.id, bundle.course
    order = bundle.lesson_order()
    modules = []
    by_modality: Counter[str] = Counter()
    for module in course.modules:
        lessons = []
        for lid in module.lessons:
            lesson = bundle.lessons[lid]
            by_modality[lesson.modality] += lesson.duration_minutes
            lessons.append(
                {
                    "id": lid,
                    "title": lesson.title,
                    "path": lesson_path(cid, lid),
                    "minutes": lesson.duration_minutes,
                    "duration": labels.minutes(lesson.duration_minutes),
                    "modality": lesson.modality,
                    "modality_label": labels.LESSON_MODALITIES[lesson.modality],
                    "has_quiz": bool(lesson.quiz),
                }
            )
        minutes = sum(item["minutes"] for item in lessons)
        modules.append(
            {
                "id": module.id,
                "title": module.title,
                "summary": module.summary,
                "lessons": lessons,
                "duration": labels.minutes(minutes),
            }
        )
    total = sum(by_modality.values())
    lessons_in_order = [lesson for module in modules for lesson in module["lessons"]]
    extras = []
    if course.week_planner is not None:
        extras.append({"title": course.week_planner.title, "path": planner_path(cid)})
    if course.self_assessment is not None:
        extras.append({"title": course.self_assessment.title, "path": self_assessment_path(cid)})
    home = Page(
        course_path(cid),
        "course.md.j2",
        course.title,
        catalog.sources[("course", cid)],
        {
            "course": course,
            "course_id": cid,
            "modules": modules,
            "lesson_count": len(order),
            "total": labels.minutes(total),
            "total_minutes": total,
            "audience": labels.AUDIENCES[course.audience],
            "modality": labels.COURSE_MODALITIES[course.modality],
            "by_modality": [
                {
                    "modality": m,
                    "label": labels.LESSON_MODALITIES[m],
                    "minutes": by_modality[m],
                    "duration": labels.minutes(by_modality[m]),
                    "lessons": sum(1 for item in lessons_in_order if item["modality"] == m),
                }
                for m in labels.LESSON_MODALITIES
                if by_modality[m]
            ],
            "timeline": timeline_phases(lessons_in_order),
            "first_lesson": lesson_path(cid, order[0]),
            "extras": extras,
        },
        course.summary,
    )
    pages = [home]
    module_of = {lid: m for m in course.modules for lid in m.lessons}
    for i, lid in enumerate(order):
        lesson = bundle.lessons[lid]
        neighbours = {
            "previous": _neighbour(bundle, order[i - 1]) if i > 0 else None,
            "next": _neighbour(bundle, order[i + 1]) if i + 1 < len(order) else None,
        }
        pages.append(
            Page(
                lesson_path(cid, lid),
                "lesson.md.j2",
                lesson.title,
                catalog.sources[("lesson", f"{cid}/{lid}")],
                {
                    "lesson": lesson,
                    "lesson_id": lid,
                    "course_id": cid,
                    "course": {"title": course.title, "path": course_path(cid)},
                    "module": module_of[lid],
                    "position": i + 1,
                    "count": len(order),
                    "duration": labels.minutes(lesson.duration_minutes),
                    "modality_label": labels.LESSON_MODALITIES[lesson.modality],
                    "activities": [
                        {
                            "activity": a,
                            "kind_label": labels.ACTIVITY_KINDS[a.kind],
                            "duration": labels.minutes(a.duration_minutes),
                        }
                        for a in lesson.activities
                    ],
                    # More than one right choice: checkboxes (« plusieurs réponses possibles »).
                    "quiz": [
                        {"question": q, "multiple": sum(c.correct for c in q.choices) > 1}
                        for q in lesson.quiz
                    ],
                    **neighbours,
                },
                lesson.objectives[0],
            )
        )
    if course.week_planner is not None:
        pages.append(
            Page(
                planner_path(cid),
                "planner.md.j2",
                course.week_planner.title,
                catalog.sources[("course", cid)],
                {
                    "planner": course.week_planner,
                    "course_id": cid,
                    "course": {"title": course.title, "path": course_path(cid)},
                    "limits": planner_limits(course.week_planner.limits),
                    "days": list(PLANNER_DAYS),
                },
                course.week_planner.title,
            )
        )
    if course.self_assessment is not None:
        pages.append(
            Page(
                self_assessment_path(cid),
                "self_assessment.md.j2",
                course.self_assessment.title,
                catalog.sources[("course", cid)],
                {
                    "grid": course.self_assessment,
                    "course_id": cid,
                    "course": {"title": course.title, "path": course_path(cid)},
                },
                course.self_assessment.title,
            )
        )
    return pages


def timeline_phases(lessons: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The hybrid sequence: runs of consecutive lessons in the same modality (« temps »)."""
    phases: list[dict[str, Any]] = []
    for position, lesson in enumerate(lessons, start=1):
        if not phases or phases[-1]["modality"] != lesson["modality"]:
            phases.append(
                {
                    "number": len(phases) + 1,
                    "modality": lesson["modality"],
                    "label": lesson["modality_label"],
                    "minutes": 0,
                    "lessons": [],
                }
            )
        phase = phases[-1]
        phase["minutes"] += lesson["minutes"]
        phase["lessons"].append({**lesson, "position": position})
    for phase in phases:
        phase["duration"] = labels.minutes(phase["minutes"])
    return phases


PLANNER_DAYS = ("Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi")


def clock(value: str) -> str:
    """« 06:00 » → « 6 h », « 16:30 » → « 16 h 30 »."""
    hours, mins = value.split(":")
    return f"{int(hours)} h" + (f" {mins}" if mins != "00" else "")


def planner_limits(limits: PlannerLimits) -> dict[str, str]:
    """The week planner's limits, written the way the page states them."""
    return {
        "max_day": labels.minutes(round(limits.max_hours_per_day * 60)),
        "max_week": labels.minutes(round(limits.max_hours_per_week * 60)),
        "earliest": clock(limits.earliest_start),
        "latest": clock(limits.latest_end),
        "break_after": labels.minutes(round(limits.break_after_hours * 60)),
        "break_minutes": f"{limits.break_minutes} minutes",
    }


def _neighbour(bundle: CourseBundle, lid: str) -> dict[str, str]:
    return {"title": bundle.lessons[lid].title, "path": lesson_path(bundle.id, lid)}


def _about() -> list[Page]:
    """The two static pages every public site owes its readers (RGAA, LCEN)."""
    links = {
        "accessibility": ACCESSIBILITY_PATH,
        "legal": LEGAL_PATH,
        # The content forge's tracker, as in mkdocs.yml's repo_url: a functional
        # channel, never a person's address.
        "feedback_url": "https://forge.apps.education.fr/passerelles/contenus/-/issues",
    }
    return [
        Page(
            ACCESSIBILITY_PATH,
            "pages/accessibilite.md.j2",
            "Déclaration d'accessibilité",
            None,
            links,
            "État de conformité du site au RGAA, tests réalisés, contenus non accessibles et voies de recours.",
        ),
        Page(
            LEGAL_PATH,
            "pages/mentions-legales.md.j2",
            "Mentions légales",
            None,
            links,
            "Éditeur, hébergement et données personnelles : aucune n'est collectée.",
        ),
    ]


def nav_title(value: str) -> str:
    """A content title for the sidebar: MkDocs and Material print it unescaped."""
    return " ".join(value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").split())


def _nav(catalog: Catalog) -> list[Any]:
    courses = []
    for bundle in catalog.courses.values():
        entries: list[Any] = [{"Présentation": course_path(bundle.id)}]
        if bundle.course.week_planner is not None:
            entries.append({nav_title(bundle.course.week_planner.title): planner_path(bundle.id)})
        if bundle.course.self_assessment is not None:
            entries.append(
                {nav_title(bundle.course.self_assessment.title): self_assessment_path(bundle.id)}
            )
        courses.append({nav_title(bundle.course.title): entries})
    return [
        {"Accueil": "index.md"},
        {nav_title(catalog.kits["teams"].title): kit_path("teams")},
        {nav_title(catalog.kits["companies"].title): kit_path("companies")},
        {"Qui contacter à chaque étape": "interlocuteurs/index.md"},
        {"Partenaires": "partenaires/index.md"},
        *([{"Formations": courses}] if courses else []),
        {"Format des contenus": REFERENCE_PATH},
        {
            "À propos": [
                {"Déclaration d'accessibilité": ACCESSIBILITY_PATH},
                {"Mentions légales": LEGAL_PATH},
            ]
        },
    ]


def plan(catalog: Catalog) -> SitePlan:
    """Every page of the site, in a stable order, and the sidebar."""
    pages = [_home(catalog)]
    for kit in KIT_NAMES:
        pages.append(_kit(catalog, kit))
        pages.extend(
            _action(catalog, kit, aid, action)
            for aid, action in catalog.actions_in_kit(kit).items()
        )
    pages.extend(_partners(catalog))
    pages.extend(_interlocutors(catalog))
    for bundle in catalog.courses.values():
        pages.extend(_course(catalog, bundle))
    pages.append(
        Page(
            REFERENCE_PATH,
            "reference.md.j2",
            "Format des contenus",
            None,
            {"sections": reference.sections()},
            "Le format YAML des kits et des formations, champ par champ.",
        )
    )
    pages.extend(_about())
    return SitePlan(pages=pages, nav=_nav(catalog))
