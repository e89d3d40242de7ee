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
        "academies_path": ACADEMIES_PATH,
    }


def reachable_roles(catalog: Catalog, kit: str, roles: list[str]) -> list[dict[str, Any]]:
    """The roles of a step that the readers of `kit` contact: never their own side."""
    own = kinds.KITS[kit].own_sides
    return [role_entry(catalog, r) for r in roles if catalog.interlocutors[r].side not in own]
