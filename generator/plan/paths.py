"""Where each generated page lives, and links between pages: the only place that
builds a page's path."""

from __future__ import annotations

import posixpath
from collections.abc import Callable

from generator.check.catalog import Catalog
from generator.format import kinds
from generator.format.models import Action

KIT_SLUGS = {kit.name: kit.slug for kit in kinds.KITS.values()}

HOME_PATH = "index.md"
PARTNERS_PATH = "partenaires/index.md"
CONTACTS_PATH = "interlocuteurs/index.md"
ACADEMIES_PATH = "academies/index.md"
# The editors' guide: linked from the footer, not from the readers' menu.
GUIDE_PATH = "contribuer/index.md"
GUIDE_NEW_ACTION_PATH = "contribuer/ajouter-une-action.md"
REFERENCE_PATH = "contribuer/format.md"
GUIDE_MESSAGES_PATH = "contribuer/messages.md"
GUIDE_PUBLISHING_PATH = "contribuer/publication.md"
ACCESSIBILITY_PATH = "a-propos/accessibilite.md"
LEGAL_PATH = "a-propos/mentions-legales.md"
OPEN_DATA_JSON = "donnees/actions.json"
OPEN_DATA_CSV = "donnees/actions.csv"
DOWNLOADS_DIR = "telechargements"


def action_path(kit: str, action_id: str) -> str:
    return f"{KIT_SLUGS[kit]}/actions/{action_id}.md"


def kit_path(kit: str) -> str:
    return f"{KIT_SLUGS[kit]}/index.md"


def contacts_path(kit: str) -> str:
    """« Qui contacter à chaque étape », at the table of this kit."""
    return f"{CONTACTS_PATH}#{KIT_SLUGS[kit]}"


def partner_path(partner_id: str) -> str:
    return f"partenaires/{partner_id}.md"


def interlocutor_path(role_id: str) -> str:
    return f"interlocuteurs/{role_id}.md"


def course_path(course_id: str) -> str:
    return f"formations/{course_id}/{kinds.COURSE_HOME_SLUG}.md"


def lesson_path(course_id: str, lesson_id: str) -> str:
    return f"formations/{course_id}/{lesson_id}.md"


def planner_path(course_id: str) -> str:
    return f"formations/{course_id}/{kinds.PLANNER.slug}.md"


def self_assessment_path(course_id: str) -> str:
    return f"formations/{course_id}/{kinds.SELF_ASSESSMENT.slug}.md"


def page_url(path: str) -> str:
    """The address of a generated page under the site's root, with directory URLs."""
    stem = path.removesuffix(".md")
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/"


def relative(from_page: str, target: str) -> str:
    """A link from one generated page to another, as MkDocs resolves it.

    Both are paths inside the docs folder: the common folders are dropped and each
    remaining folder of `from_page` is climbed with « .. » (posixpath.relpath would ask
    the operating system for the current folder on each of the site's many links).
    """
    here = [p for p in posixpath.dirname(from_page).split("/") if p]
    there = target.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:]) or "."


def action_kits(action: Action) -> list[str]:
    return [k for k in kinds.KIT_NAMES if action.view(k) is not None]


def preferred_action_path(action: Action, action_id: str, kit: str | None) -> str:
    """The kit view of an action that fits the reader of the page a link is written in."""
    kits = action_kits(action)
    return action_path(kit if kit in kits else kits[0], action_id)


def _lesson_path(target: str) -> str:
    course, lesson = target.split("/", 1)
    return lesson_path(course, lesson)


_BY_LINK: dict[str, Callable[[str], str]] = {
    kinds.PARTNER.link or "": partner_path,
    kinds.INTERLOCUTOR.link or "": interlocutor_path,
    kinds.COURSE.link or "": course_path,
    kinds.PLANNER.link: planner_path,
    kinds.SELF_ASSESSMENT.link: self_assessment_path,
    kinds.LESSON.link or "": _lesson_path,
}


def target_path(catalog: Catalog, prefix: str, target: str, kit: str | None) -> str:
    """The page an internal link `prefix:target` leads to, for a reader of `kit`."""
    if prefix == kinds.ACTION.link:
        return preferred_action_path(catalog.actions[target], target, kit)
    return _BY_LINK[prefix](target)
