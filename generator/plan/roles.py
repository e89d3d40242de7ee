"""A role as a reader meets it next to a step: whom, how to reach them, and where to
find the local service (the académie's, or the edition's own contacts)."""

from __future__ import annotations

from typing import Any

from .. import kinds, labels
from ..catalog import Catalog
from ..models import LocalContact
from .paths import ACADEMIES_PATH, interlocutor_path


def contact_entry(contact: LocalContact) -> dict[str, Any]:
    return {
        "service": contact.service,
        "email": contact.email,
        "phone": contact.phone,
        "tel": "".join(c for c in contact.phone if c.isdigit() or c == "+")
        if contact.phone
        else None,
        "url": contact.url,
        "note": contact.note,
    }


# The role levels whose service an académie's page helps find (a basin's, an académie's);
# « Trouver votre académie » is offered beside these roles only.
ACADEMY_LEVELS = ("basin", "academy")


def acts_with_readers(catalog: Catalog, kit: str, rid: str) -> bool:
    """Whether a role is the readers of `kit` themselves or their own team: a role of
    their side held inside their own establishment or company (level `school`). It acts
    at the step with them; the readers are never sent to contact it."""
    role = catalog.interlocutors[rid]
    return role.side in kinds.KITS[kit].own_sides and role.level == "school"


def role_entry(catalog: Catalog, rid: str) -> dict[str, Any]:
    """What a page shows of a role beside a step: its title, how to reach it, where."""
    role = catalog.interlocutors[rid]
    return {
        "id": rid,
        "title": role.role,
        "path": interlocutor_path(rid),
        "side": role.side,
        "side_label": labels.SIDES[role.side],
        "contact": role.contact,
        "local": [contact_entry(c) for c in catalog.local_contacts(rid)],
        "academies_path": ACADEMIES_PATH if role.level in ACADEMY_LEVELS else None,
    }


def step_people(
    catalog: Catalog, kit: str, roles: list[str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The roles a step names, as the readers of `kit` meet them: who acts (the readers
    and their own team), then whom they contact."""
    acting = [role_entry(catalog, r) for r in roles if acts_with_readers(catalog, kit, r)]
    contacts = [role_entry(catalog, r) for r in roles if not acts_with_readers(catalog, kit, r)]
    return acting, contacts
