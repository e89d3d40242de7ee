"""The editors' guide (« Contribuer »): pages for the people who write the content.

What the guide lists is read from where the tool declares it, when the site is
planned: the messages from `generator/diagnostics/messages.py`, the fields from the models,
the folders from the registry of kinds, a skeleton from `passerelles new` itself.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from generator.authoring import scaffold
from generator.diagnostics import messages
from generator.format import kinds, schemas
from generator.plan import format_page as reference
from generator.plan.pages import Page, Search
from generator.plan.paths import (
    GUIDE_MESSAGES_PATH,
    GUIDE_NEW_ACTION_PATH,
    GUIDE_PATH,
    GUIDE_PUBLISHING_PATH,
    REFERENCE_PATH,
    action_path,
    page_url,
)

EXAMPLE_ACTION = "visite-du-port"
PREVIEW_ADDRESS = "http://127.0.0.1:8000/"


def shown(message: messages.Message) -> str:
    """A message as editors read it, each value it names left as « … »."""
    return " ".join(message(**dict.fromkeys(message.fields, "…")).split())


@dataclass(frozen=True, kw_only=True)
class MessageEntry:
    """A message as the editors' guide lists it."""

    code: str
    text: str
    cause: str
    fix: str


@dataclass(frozen=True, kw_only=True)
class MessageFamily:
    id: str
    title: str
    messages: list[MessageEntry]


def message_families() -> list[MessageFamily]:
    """Every declared message, by family in the order of `messages.FAMILIES`."""
    families = []
    for family, title in messages.FAMILIES.items():
        listed = [
            MessageEntry(code=m.code, text=shown(m), cause=m.cause, fix=m.fix)
            for m in messages.MESSAGES.values()
            if m.family == family
        ]
        if listed:
            families.append(MessageFamily(id=family, title=title, messages=listed))
    return families


def _links() -> dict[str, str]:
    return {
        "guide_path": GUIDE_PATH,
        "new_action_path": GUIDE_NEW_ACTION_PATH,
        "reference_path": REFERENCE_PATH,
        "messages_path": GUIDE_MESSAGES_PATH,
        "publishing_path": GUIDE_PUBLISHING_PATH,
    }


def _new_action() -> dict[str, str]:
    rel = f"{kinds.ACTION.folder}/{EXAMPLE_ACTION}{kinds.EXTENSION}"
    # the first fields of the skeleton `passerelles new` writes, after its header
    excerpt = "\n\n".join(scaffold.skeleton(kinds.ACTION, rel).split("\n\n")[1:4])
    kit = kinds.TEAMS.name
    return {
        **_links(),
        "example_id": EXAMPLE_ACTION,
        "file": rel,
        "marker": messages.PLACEHOLDER_TEXT,
        "placeholder_code": messages.PLACEHOLDER.code,
        "excerpt": excerpt,
        "preview": PREVIEW_ADDRESS,
        "action_address": PREVIEW_ADDRESS + page_url(action_path(kit, EXAMPLE_ACTION)),
        "schema_dir": schemas.SCHEMA_DIR,
        "kit_field": f"for_{kit}",
    }


# The editors' guide stays out of the readers' search: « mini entreprise » must find the
# action, not « Ajouter une action » (issue 29). The guide is reached from its own menu.
GUIDE_SEARCH = Search(exclude=True)


def guide_pages() -> list[Page]:
    """The pages of « Contribuer », in reading order, out of the site's search."""
    pages = [
        Page(
            path=GUIDE_PATH,
            template="guide/index.md.j2",
            title="Contribuer",
            source=None,
            context={**_links(), "new_kinds": scaffold.NEW_KINDS, "schema_dir": schemas.SCHEMA_DIR},
            description="Écrire et publier le contenu des kits et des formations : le guide des rédacteurs.",
        ),
        Page(
            path=GUIDE_NEW_ACTION_PATH,
            template="guide/new_action.md.j2",
            title="Ajouter une action en cinq minutes",
            source=None,
            context=_new_action(),
            description="Créer une action avec passerelles new, la voir dans l'aperçu, la proposer.",
        ),
        Page(
            path=REFERENCE_PATH,
            template="reference.md.j2",
            title="Format des contenus",
            source=None,
            context={
                **_links(),
                "sections": reference.sections(),
                "schema_dir": schemas.SCHEMA_DIR,
            },
            description="Le format YAML des kits et des formations, champ par champ.",
        ),
        Page(
            path=GUIDE_MESSAGES_PATH,
            template="guide/messages.md.j2",
            title="Messages d'erreur",
            source=None,
            context={**_links(), "families": message_families(), "count": len(messages.MESSAGES)},
            description="Chaque message que Passerelles peut afficher, sa cause et la façon de le corriger.",
        ),
        Page(
            path=GUIDE_PUBLISHING_PATH,
            template="guide/publishing.md.j2",
            title="De la branche au site publié",
            source=None,
            context=_links(),
            description="Le chemin d'une modification : branche, demande de fusion, vérifications, relecture, "
            "publication.",
        ),
    ]
    return [dataclasses.replace(page, search=GUIDE_SEARCH) for page in pages]
