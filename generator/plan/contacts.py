"""Whom to contact: « Qui contacter à chaque étape », each role's page, and the national
« Trouver votre académie » page that every « Comment le joindre » leads to."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TypedDict

from generator.check.catalog import Catalog
from generator.format import kinds, labels
from generator.format.academies import Contact, academies
from generator.format.models import STEP_KEYS, Interlocutor
from generator.plan.actions import ActionEntry, action_entries, reverse_index
from generator.plan.pages import Link, Page
from generator.plan.paths import (
    ACADEMIES_PATH,
    CONTACTS_PATH,
    KIT_SLUGS,
    action_path,
    interlocutor_path,
)
from generator.plan.review import ReviewEntry, review_entry
from generator.plan.roles import (
    ContactEntry,
    RoleEntry,
    acts_with_readers,
    contact_entry,
    role_entry,
)


@dataclass(frozen=True, kw_only=True)
class StepActions:
    """The actions of a kit where a role helps at one step."""

    label: str
    actions: list[Link]


@dataclass(frozen=True, kw_only=True)
class RoleCard(RoleEntry):
    """A role on « Qui contacter à chaque étape », with the actions where, by step (none
    listed past MAX_LISTED: its own page lists them, the card says how many)."""

    steps: list[StepActions]
    action_count: int


class RoleContext(TypedDict):
    role: Interlocutor
    entry: RoleEntry
    side_label: str
    level_label: str
    actions: list[ActionEntry]
    contacts_path: str
    review: ReviewEntry | None


@dataclass(frozen=True, kw_only=True)
class KitContacts:
    """A kit's table on « Qui contacter à chaque étape »."""

    kit: str
    anchor: str
    title: str
    cards: list[RoleCard]


class ContactsContext(TypedDict):
    kits: list[KitContacts]
    steps: list[str]
    academies_path: str


@dataclass(frozen=True, kw_only=True)
class LocalContacts:
    """An edition's own contacts for one role."""

    title: str
    path: str
    contacts: list[ContactEntry]


@dataclass(frozen=True, kw_only=True)
class AcademyEntry:
    name: str
    of: str
    site: str
    contact: Contact
    current: bool  # the académie of this edition


@dataclass(frozen=True, kw_only=True)
class Region:
    name: str
    academies: list[AcademyEntry]


class AcademiesContext(TypedDict):
    regions: list[Region]
    count: int
    found: int
    directory: int
    local: list[LocalContacts]
    contacts_path: str


# Beyond this many actions, a role card on « Qui contacter » links to the role's page
# instead of listing them all (a catalogue of thousands of actions stays readable).
MAX_LISTED = 15


def role_cards(catalog: Catalog, kit: str) -> list[RoleCard]:
    """One card per role the readers of `kit` contact, with the actions where, by step."""
    where: dict[str, dict[str, list[Link]]] = {}
    for aid, action in catalog.actions_in_kit(kit).items():
        for key in STEP_KEYS:
            for rid in action.steps.get(key).interlocutors:
                if acts_with_readers(catalog, kit, rid):
                    continue
                by_step = where.setdefault(rid, {k: [] for k in STEP_KEYS})
                by_step[key].append(Link(title=action.title, path=action_path(kit, aid)))
    cards = []
    for rid in sorted(where, key=lambda r: (catalog.interlocutors[r].side, r)):
        steps = [
            StepActions(label=labels.STEPS[key], actions=actions)
            for key, actions in where[rid].items()
            if actions
        ]
        count = len({a.path for key in STEP_KEYS for a in where[rid][key]})
        # a role named in many actions: its own page lists them, the card says how many
        listed = steps if count <= MAX_LISTED else []
        entry = role_entry(catalog, rid)
        cards.append(RoleCard(**vars(entry), steps=listed, action_count=count))
    return cards


def _role_page(catalog: Catalog, rid: str, by_role: dict[str, dict[str, list[str]]]) -> Page:
    role = catalog.interlocutors[rid]
    actions = action_entries(catalog, by_role.get(rid, {}))
    context = RoleContext(
        role=role,
        entry=role_entry(catalog, rid),
        side_label=labels.SIDES[role.side],
        level_label=labels.ROLE_LEVELS[role.level],
        actions=actions,
        contacts_path=CONTACTS_PATH,
        review=review_entry(role.review),
    )
    return Page(
        path=interlocutor_path(rid),
        template="interlocutor.md.j2",
        title=role.role,
        source=catalog.source(kinds.INTERLOCUTOR, rid),
        context=context,
        description=role.role,
    )


def interlocutor_pages(catalog: Catalog) -> list[Page]:
    by_role = reverse_index(catalog).by_role
    pages = [_role_page(catalog, rid, by_role) for rid in catalog.interlocutors]
    kits = [
        KitContacts(
            kit=kit,
            anchor=KIT_SLUGS[kit],
            title=catalog.kits[kit].title,
            cards=role_cards(catalog, kit),
        )
        for kit in kinds.KIT_NAMES
    ]
    index = Page(
        path=CONTACTS_PATH,
        template="interlocutors.md.j2",
        title="Qui contacter à chaque étape",
        source=None,
        context=ContactsContext(
            kits=kits, steps=list(labels.STEPS.values()), academies_path=ACADEMIES_PATH
        ),
        description="Les rôles à contacter à chaque étape des actions, et comment les joindre.",
    )
    return [index, *pages, academies_page(catalog)]


def _local_contacts(catalog: Catalog) -> list[LocalContacts]:
    """The edition's own contacts, role by role (none on the national site)."""
    if catalog.edition is None:
        return []
    return [
        LocalContacts(
            title=catalog.interlocutors[rid].role,
            path=interlocutor_path(rid),
            contacts=[contact_entry(c) for c in contacts],
        )
        for rid, contacts in catalog.edition.contacts.items()
        if rid in catalog.interlocutors
    ]


def academies_page(catalog: Catalog) -> Page:
    regions: dict[str, list[AcademyEntry]] = defaultdict(list)
    for academy in academies().values():
        regions[academy.region].append(
            AcademyEntry(
                name=academy.name,
                of=academy.of,
                site=academy.site,
                contact=academy.contact,
                current=catalog.edition is not None and catalog.edition.academy == academy.id,
            )
        )
    levels = Counter(a.contact.level for a in academies().values())
    context = AcademiesContext(
        regions=[Region(name=r, academies=regions[r]) for r in sorted(regions)],
        count=len(academies()),
        found=levels["school-company"],
        directory=levels["directory"],
        local=_local_contacts(catalog),
        contacts_path=CONTACTS_PATH,
    )
    return Page(
        path=ACADEMIES_PATH,
        template="academies.md.j2",
        title="Trouver votre académie",
        source=None,
        context=context,
        description="Le site de chaque académie, le contact vérifié pour chacune et ce qu'il "
        "faut y demander.",
    )
