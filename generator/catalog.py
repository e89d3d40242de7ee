"""The Catalog: the whole content, validated, as plain immutable values."""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import Action, Course, Interlocutor, Kit, Lesson, Partner


@dataclass(frozen=True)
class CourseBundle:
    """A course with its lessons in module order."""

    id: str
    course: Course
    lessons: dict[str, Lesson]

    def lesson_order(self) -> list[str]:
        return [lesson for module in self.course.modules for lesson in module.lessons]


@dataclass(frozen=True)
class Catalog:
    """Everything that validated; each entity's YAML path is kept for edit links."""

    actions: dict[str, Action]
    partners: dict[str, Partner]
    interlocutors: dict[str, Interlocutor]
    kits: dict[str, Kit]
    courses: dict[str, CourseBundle]
    sources: dict[tuple[str, str], str] = field(default_factory=dict)

    def actions_in_kit(self, kit: str) -> dict[str, Action]:
        return {aid: a for aid, a in self.actions.items() if a.view(kit) is not None}
