"""The Catalog: the whole content, validated, as plain immutable values."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from generator.diagnostics.errors import Problem
from generator.format.kinds import KIND_OF_LINK, Kind
from generator.format.models import (
    Action,
    Course,
    Edition,
    Interlocutor,
    Kit,
    Legal,
    Lesson,
    LocalContact,
    Partner,
)

NATIONAL = "national"


@dataclass(frozen=True)
class FoundLink:
    """An internal link of a file: where its text is in the file, and where it leads."""

    loc: tuple[str | int, ...]
    prefix: str  # action, lesson, self-assessment…
    target: str


@dataclass(frozen=True)
class CourseBundle:
    """A course with its lessons in module order."""

    id: str
    course: Course
    lessons: dict[str, Lesson]

    def lesson_order(self) -> list[str]:
        return [lesson for module in self.course.modules for lesson in module.lessons]


@dataclass(frozen=True, eq=False)  # one catalog is itself: hashable, for caches keyed by it
class Catalog:
    """Everything that validated; each entity's YAML path is kept for edit links."""

    actions: dict[str, Action]
    partners: dict[str, Partner]
    interlocutors: dict[str, Interlocutor]
    kits: dict[str, Kit]
    courses: dict[str, CourseBundle]
    sources: dict[tuple[str, str], str] = field(default_factory=dict)
    edition: Edition | None = None
    # where each entity comes from: NATIONAL, or the académie id of a local file
    origins: dict[tuple[str, str], str] = field(default_factory=dict)
    # what an edition hides of its base: links to it are shown as plain text
    hidden: frozenset[tuple[str, str]] = frozenset()
    title: str | None = None  # the site's name, from edition.yml or publication.yml
    legal: Legal | None = None
    forge: str | None = None  # the content's GitLab project (edit links, issues)
    # when the accessibility declaration was made (edition.yml or publication.yml)
    accessibility_date: datetime.date | None = None
    # what validation warns of without stopping publication (located, with their fix)
    warnings: tuple[Problem, ...] = ()
    # the internal links validation found in each file's Markdown texts, with the place
    # of their text in the file (("body",), ("activities", 0, "instructions")…)
    links: dict[tuple[str, str], tuple[FoundLink, ...]] = field(default_factory=dict)

    def source(self, kind: Kind, ident: str) -> str:
        """The YAML file an entity of `kind` comes from (edit links, packages)."""
        return self.sources[(kind.name, ident)]

    def publishes(self, prefix: str, target: str) -> bool:
        """Whether the page a link `prefix:target` leads to is published (an edition may
        hide some of its base's actions and partners)."""
        return (KIND_OF_LINK.get(prefix, prefix), target) not in self.hidden

    def origin(self, kind: Kind, ident: str) -> str:
        """NATIONAL, or the académie whose edition adds this entity."""
        return self.origins.get((kind.name, ident), NATIONAL)

    def local_contacts(self, role: str) -> list[LocalContact]:
        return list(self.edition.contacts.get(role, [])) if self.edition else []

    def actions_in_kit(self, kit: str) -> dict[str, Action]:
        return {aid: a for aid, a in self.actions.items() if a.view(kit) is not None}
