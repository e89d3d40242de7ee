"""Plan stage: Catalog → the list of pages to render, with their contexts.

Everything that is more than a loop or a condition lives here, not in the
templates: reverse indexes (a partner's actions, a role's steps), facets of the
catalogues, durations and totals, previous/next lessons.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypedDict

from generator.check.catalog import Catalog
from generator.format.academies import academy_name
from generator.format.dates import french_date
from generator.format.kinds import KIT_NAMES
from generator.format.models import Legal
from generator.plan.actions import action_addresses, action_page
from generator.plan.catalogue import duration_bucket, kit_pages
from generator.plan.contacts import interlocutor_pages, role_cards
from generator.plan.courses import (
    PLANNER_DAYS,
    CourseCard,
    clock,
    course_card,
    course_outlines,
    planner_limits,
    timeline_phases,
)
from generator.plan.directory import partner_pages
from generator.plan.guide import guide_pages
from generator.plan.pages import CourseOutline, NavEntry, Page, SitePlan, theme_text
from generator.plan.paths import (
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
from generator.plan.text import fold, plain_text

__all__ = [
    "KIT_SLUGS",
    "PLANNER_DAYS",
    "CourseOutline",
    "Page",
    "SitePlan",
    "action_kits",
    "action_path",
    "clock",
    "course_outlines",
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


@dataclass(frozen=True, kw_only=True)
class KitDoor:
    """A kit as the home page invites its readers in."""

    door: str
    with_whom: str  # whom its readers run the actions with
    title: str
    path: str
    count: int


class HomeContext(TypedDict):
    title: str
    edition: str | None
    kits: list[KitDoor]
    courses: list[CourseCard]
    contacts_path: str
    academies_path: str
    partners_path: str


def _home(catalog: Catalog) -> Page:
    kits = [
        KitDoor(
            door=DOORS[kit][0],
            with_whom=DOORS[kit][1],
            title=catalog.kits[kit].title,
            path=kit_path(kit),
            count=len(catalog.actions_in_kit(kit)),
        )
        for kit in KIT_NAMES
    ]
    courses = [course_card(bundle) for bundle in catalog.courses.values()]
    edition = catalog.edition
    context = HomeContext(
        title=catalog.title or "Passerelles École–entreprise",
        edition=f"l'académie {academy_name(edition.academy, of=True)}" if edition else None,
        kits=kits,
        courses=courses,
        contacts_path=CONTACTS_PATH,
        academies_path=ACADEMIES_PATH,
        partners_path=PARTNERS_PATH,
    )
    description = "Kits d'accompagnement École–entreprise et formations en ligne."
    return Page(
        path=HOME_PATH,
        template="home.md.j2",
        title="Accueil",
        source=None,
        context=context,
        description=description,
    )


# when the national accessibility declaration was made (a new one: change this date)
NATIONAL_DECLARATION = datetime.date(2026, 11, 29)
NATIONAL_SITE = "Passerelles École–entreprise"


class AboutContext(TypedDict):
    accessibility: str
    legal_path: str
    legal: Legal | None
    site: str
    declared_on: str
    feedback_url: str | None


def _about(catalog: Catalog) -> list[Page]:
    """The two static pages every public site owes its readers (RGAA, LCEN)."""
    legal = catalog.legal
    links = AboutContext(
        accessibility=ACCESSIBILITY_PATH,
        legal_path=LEGAL_PATH,
        legal=legal,
        site=catalog.title or NATIONAL_SITE,
        # the edition's own declaration date, else the national declaration's
        declared_on=french_date(catalog.accessibility_date or NATIONAL_DECLARATION),
        # a functional channel, never a person's address: the content's GitLab tickets,
        # else the publisher's functional mailbox
        feedback_url=f"{catalog.forge.rstrip('/')}/-/issues"
        if catalog.forge
        else (f"mailto:{legal.contact}" if legal and legal.contact else None),
    )
    return [
        Page(
            path=ACCESSIBILITY_PATH,
            template="pages/accessibilite.md.j2",
            title="Déclaration d'accessibilité",
            source=None,
            context=links,
            description="État de conformité du site au RGAA, tests réalisés, contenus non "
            "accessibles et voies de recours.",
        ),
        Page(
            path=LEGAL_PATH,
            template="pages/mentions-legales.md.j2",
            title="Mentions légales",
            source=None,
            context=links,
            description="Éditeur, hébergement et données personnelles : aucune n'est collectée.",
        ),
    ]


def _nav(catalog: Catalog, kit_titles: Mapping[str, str]) -> list[NavEntry]:
    courses: list[NavEntry] = []
    for bundle in catalog.courses.values():
        entries: list[NavEntry] = [{"Présentation": course_path(bundle.id)}]
        if bundle.course.week_planner is not None:
            entries.append({theme_text(bundle.course.week_planner.title): planner_path(bundle.id)})
        if bundle.course.self_assessment is not None:
            entries.append(
                {theme_text(bundle.course.self_assessment.title): self_assessment_path(bundle.id)}
            )
        courses.append({theme_text(bundle.course.title): entries})
    formations: list[NavEntry] = [{"Formations": courses}] if courses else []
    return [
        {"Accueil": HOME_PATH},
        {kit_titles["teams"]: kit_path("teams")},
        {kit_titles["companies"]: kit_path("companies")},
        {"Qui contacter à chaque étape": CONTACTS_PATH},
        {"Trouver votre académie": ACADEMIES_PATH},
        {"Partenaires": PARTNERS_PATH},
        *formations,
        {
            "À propos": [
                {"Déclaration d'accessibilité": ACCESSIBILITY_PATH},
                {"Mentions légales": LEGAL_PATH},
            ]
        },
    ]


def plan(catalog: Catalog, *, courses: dict[str, CourseOutline] | None = None) -> SitePlan:
    """Every page of the site, in a stable order, the sidebar, and the course packages
    the site offers: each course home's, made and sized when that page is rendered.
    `courses`: the courses' outlines, when the caller already has them."""
    pages = [_home(catalog)]
    for kit in KIT_NAMES:
        pages.extend(kit_pages(catalog, kit))
        pages.extend(
            action_page(catalog, kit, aid, action)
            for aid, action in catalog.actions_in_kit(kit).items()
        )
    pages.extend(partner_pages(catalog))
    pages.extend(interlocutor_pages(catalog))
    courses = course_outlines(catalog) if courses is None else courses
    for outline in courses.values():
        pages.extend(outline.pages.values())
    pages.extend(guide_pages())
    pages.extend(_about(catalog))
    kit_titles = {kit: theme_text(catalog.kits[kit].title) for kit in KIT_NAMES}
    return SitePlan(
        pages=pages,
        nav=_nav(catalog, kit_titles),
        courses=courses,
        actions=action_addresses(catalog),
        kit_titles=kit_titles,
    )
