"""Where each generated page lives, and links between pages."""

from __future__ import annotations

import posixpath

from .. import labels
from ..catalog import KIT_NAMES, Catalog
from ..models import Action

KIT_SLUGS = labels.KIT_DIRS
REFERENCE_PATH = "format.md"


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
    if kind == "course":
        return course_path(target)
    if kind == "planner":
        return planner_path(target)
    if kind == "self-assessment":
        return self_assessment_path(target)
    course, lesson = target.split("/", 1)
    return lesson_path(course, lesson)
