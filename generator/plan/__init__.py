"""Plan stage: Catalog → the list of pages to render, with their contexts.

Everything that is more than a loop or a condition lives here, not in the
templates: reverse indexes (a partner's actions, a role's steps), facets of the
catalogues, durations and totals, previous/next lessons.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from ..academies import academy_name
from ..catalog import Catalog
from ..dates import french_date
from ..kinds import KIT_NAMES
from .actions import action_page
from .catalogue import duration_bucket, kit_pages
from .contacts import interlocutor_pages, role_cards
from .courses import PLANNER_DAYS, clock, course_card, course_pages, planner_limits, timeline_phases
from .directory import partner_pages
from .guide import guide_pages
from .pages import Page, SitePlan, theme_text
from .paths import (
    ACADEMIES_PATH,
    ACCESSIBILITY_PATH,
    CONTACTS_PATH,
    HOME_PATH,
    KIT_SLUGS,
    LEGAL_PATH,
    PARTNERS_PATH,
    action_kits,
    action_path,
    course_path,
    kit_path,
    planner_path,
    preferred_action_path,
    relative,
    self_assessment_path,
    target_path,
)
from .text import fold, plain_text

__all__ = [
    "KIT_SLUGS",
    "PLANNER_DAYS",
    "Page",
    "SitePlan",
    "action_kits",
    "action_path",
    "clock",
    "duration_bucket",
    "fold",
    "plain_text",
    "plan",
    "planner_limits",
    "preferred_action_path",
    "relative",
    "role_cards",
    "target_path",
    "timeline_phases",
]


# How the home page invites each kit's readers in, and whom they work with.
DOORS = {
    "teams": ("Je fais partie d'une équipe éducative", "à mener avec les entreprises"),
    "companies": ("Je représente une entreprise", "à mener avec les collèges et les lycées"),
}


def _home(catalog: Catalog) -> Page:
    kits = [
        {
            "door": DOORS[kit][0],
            "with": DOORS[kit][1],
            "title": catalog.kits[kit].title,
            "path": kit_path(kit),
            "count": len(catalog.actions_in_kit(kit)),
        }
        for kit in KIT_NAMES
    ]
    courses = [course_card(bundle) for bundle in catalog.courses.values()]
    edition = catalog.edition
    context = {
        "title": catalog.title or "Passerelles École–entreprise",
        "edition": f"l'académie {academy_name(edition.academy, of=True)}" if edition else None,
        "kits": kits,
        "courses": courses,
        "contacts_path": CONTACTS_PATH,
        "academies_path": ACADEMIES_PATH,
        "partners_path": PARTNERS_PATH,
    }
    description = "Kits d'accompagnement École–entreprise et formations en ligne."
    return Page(HOME_PATH, "home.md.j2", "Accueil", None, context, description)


# when the national accessibility declaration was made (a new one: change this date)
NATIONAL_DECLARATION = datetime.date(2026, 11, 29)
NATIONAL_SITE = "Passerelles École–entreprise"


def _about(catalog: Catalog) -> list[Page]:
    """The two static pages every public site owes its readers (RGAA, LCEN)."""
    legal = catalog.legal
    links = {
        "accessibility": ACCESSIBILITY_PATH,
        "legal_path": LEGAL_PATH,
        "legal": legal,
        "site": catalog.title or NATIONAL_SITE,
        # the edition's own declaration date, else the national declaration's
        "declared_on": french_date(catalog.accessibility_date or NATIONAL_DECLARATION),
        # a functional channel, never a person's address: the content's GitLab tickets,
        # else the publisher's functional mailbox
        "feedback_url": f"{catalog.forge.rstrip('/')}/-/issues"
        if catalog.forge
        else (f"mailto:{legal.contact}" if legal and legal.contact else None),
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


def _nav(catalog: Catalog) -> list[Any]:
    courses = []
    for bundle in catalog.courses.values():
        entries: list[Any] = [{"Présentation": course_path(bundle.id)}]
        if bundle.course.week_planner is not None:
            entries.append({theme_text(bundle.course.week_planner.title): planner_path(bundle.id)})
        if bundle.course.self_assessment is not None:
            entries.append(
                {theme_text(bundle.course.self_assessment.title): self_assessment_path(bundle.id)}
            )
        courses.append({theme_text(bundle.course.title): entries})
    return [
        {"Accueil": HOME_PATH},
        {theme_text(catalog.kits["teams"].title): kit_path("teams")},
        {theme_text(catalog.kits["companies"].title): kit_path("companies")},
        {"Qui contacter à chaque étape": CONTACTS_PATH},
        {"Trouver votre académie": ACADEMIES_PATH},
        {"Partenaires": PARTNERS_PATH},
        *([{"Formations": courses}] if courses else []),
        {
            "À propos": [
                {"Déclaration d'accessibilité": ACCESSIBILITY_PATH},
                {"Mentions légales": LEGAL_PATH},
            ]
        },
    ]


def plan(catalog: Catalog, downloads: Mapping[str, list[dict[str, str]]] | None = None) -> SitePlan:
    """Every page of the site, in a stable order, and the sidebar; `downloads` are the
    packages of each course the build publishes (see `pipeline`)."""
    pages = [_home(catalog)]
    for kit in KIT_NAMES:
        pages.extend(kit_pages(catalog, kit))
        pages.extend(
            action_page(catalog, kit, aid, action)
            for aid, action in catalog.actions_in_kit(kit).items()
        )
    pages.extend(partner_pages(catalog))
    pages.extend(interlocutor_pages(catalog))
    for bundle in catalog.courses.values():
        pages.extend(course_pages(catalog, bundle, (downloads or {}).get(bundle.id)))
    pages.extend(guide_pages())
    pages.extend(_about(catalog))
    return SitePlan(pages=pages, nav=_nav(catalog))
