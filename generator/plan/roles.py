"""A role as a reader meets it next to a step: whom, how to reach them, and where to
find the local service (the académie's, or the edition's own contacts)."""

from __future__ import annotations

from dataclasses import dataclass

from generator.check.catalog import Catalog
from generator.format import kinds, labels
from generator.format.models import LocalContact
from generator.plan.paths import ACADEMIES_PATH, interlocutor_path


@dataclass(frozen=True, kw_only=True)
class ContactEntry:
    """An edition's own contact for a role (a service, never a person)."""

    service: str
    email: str | None
    phone: str | None
    tel: str | None  # the phone number as a tel: link dials it
    url: str | None
    note: str | None


@dataclass(frozen=True, kw_only=True)
class RoleEntry:
    """What a page shows of a role beside a step: its title, how to reach it, where."""

    id: str
    title: str
    path: str
    side: str
    side_label: str
    contact: str
    local: list[ContactEntry]
    academies_path: str | None  # « Trouver votre académie », for a basin's or académie's role


def contact_entry(contact: LocalContact) -> ContactEntry:
    return ContactEntry(
        service=contact.service,
        email=contact.email,
        phone=contact.phone,
        tel="".join(c for c in contact.phone if c.isdigit() or c == "+") if contact.phone else None,
        url=contact.url,
        note=contact.note,
    )


# The role levels whose service an académie's page helps find (a basin's, an académie's);
# « Trouver votre académie » is offered beside these roles only.
ACADEMY_LEVELS = ("basin", "academy")


def acts_with_readers(catalog: Catalog, kit: str, rid: str) -> bool:
    """Whether a role is the readers of `kit` themselves or their own team: a role of
    their side held inside their own establishment or company (level `school`). It acts
    at the step with them; the readers are never sent to contact it."""
    role = catalog.interlocutors[rid]
    return role.side in kinds.KITS[kit].own_sides and role.level == "school"


def role_entry(catalog: Catalog, rid: str) -> RoleEntry:
    role = catalog.interlocutors[rid]
    return RoleEntry(
        id=rid,
        title=role.role,
        path=interlocutor_path(rid),
        side=role.side,
        side_label=labels.SIDES[role.side],
        contact=role.contact,
        local=[contact_entry(c) for c in catalog.local_contacts(rid)],
        academies_path=ACADEMIES_PATH if role.level in ACADEMY_LEVELS else None,
    )


def step_people(
    catalog: Catalog, kit: str, roles: list[str]
) -> tuple[list[RoleEntry], list[RoleEntry]]:
    """The roles a step names, as the readers of `kit` meet them: who acts (the readers
    and their own team), then whom they contact."""
    acting = [role_entry(catalog, r) for r in roles if acts_with_readers(catalog, kit, r)]
    contacts = [role_entry(catalog, r) for r in roles if not acts_with_readers(catalog, kit, r)]
    return acting, contacts
