"""The registry of content kinds: each kind of file, declared once.

Everything that depends on the list of kinds (which files to look for, which
model validates them, how editors name them, which internal links point at
them, the names of their JSON Schemas, the slugs of their pages' addresses) reads
it from here. Page addresses are built by the plan stage (`plan/paths.py`) from these
slugs.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.format.models import Action, Course, Entity, Interlocutor, Kit, Lesson, Partner

KITS_DIR = "kits"
MOOC_DIR = "mooc"
LESSONS_DIR = "lessons"
COURSE_FILE = "course.yml"
EXTENSION = ".yml"
EDITION_FILE = "edition.yml"  # an académie edition: the national content plus a local layer
PUBLICATION_FILE = "publication.yml"  # a site without edition: its name and legal notice
NATIONAL_BASE = "national"  # `base: national` in edition.yml: the content shipped with the tool


@dataclass(frozen=True)
class Kind:
    """A kind of content file."""

    name: str  # what the code calls it, and the name of its JSON Schema
    model: type[Entity]
    title: str  # how editors call it (format reference)
    article: str  # « l'action », in messages
    where: str  # where its files live, as editors read it
    folder: str | None = None  # the folder of its files, for kinds with one file per id
    link: str | None = None  # prefix of the internal links to it: [texte](action:ID)


ACTION = Kind(
    "action",
    Action,
    "Action",
    "l'action",
    f"{KITS_DIR}/actions/ID{EXTENSION}",
    folder=f"{KITS_DIR}/actions",
    link="action",
)
PARTNER = Kind(
    "partner",
    Partner,
    "Partenaire",
    "le partenaire",
    f"{KITS_DIR}/partners/ID{EXTENSION}",
    folder=f"{KITS_DIR}/partners",
    link="partner",
)
INTERLOCUTOR = Kind(
    "interlocutor",
    Interlocutor,
    "Interlocuteur",
    "l'interlocuteur",
    f"{KITS_DIR}/interlocutors/ID{EXTENSION}",
    folder=f"{KITS_DIR}/interlocutors",
    link="interlocutor",
)
KIT = Kind(
    "kit",
    Kit,
    "Kit",
    "le kit",
    f"{KITS_DIR}/teams{EXTENSION}, {KITS_DIR}/companies{EXTENSION}",
)
COURSE = Kind(
    "course",
    Course,
    "Formation",
    "la formation",
    f"{MOOC_DIR}/FORMATION/{COURSE_FILE}",
    link="course",
)
LESSON = Kind(
    "lesson",
    Lesson,
    "Leçon",
    "la leçon",
    f"{MOOC_DIR}/FORMATION/{LESSONS_DIR}/ID{EXTENSION}",
    link="lesson",
)

KINDS: dict[str, Kind] = {k.name: k for k in (ACTION, PARTNER, INTERLOCUTOR, KIT, COURSE, LESSON)}
FLAT_KINDS = tuple(k for k in KINDS.values() if k.folder)


@dataclass(frozen=True)
class CourseTool:
    """A page a course may carry besides its lessons (its own link prefix)."""

    link: str
    field: str  # the course.yml key that declares it
    article: str
    slug: str  # its page's name in the course's folder (formations/COURSE/SLUG.md)
    # How a text names the tool (lower case): a text that names it links to it, so that
    # the tool is one tap away where it is spoken of (tests/content/test_content.py).
    words: tuple[str, ...] = ()


PLANNER = CourseTool(
    "planner",
    "week_planner",
    "le planificateur de la formation",
    "planning",
    words=("planificateur",),
)
SELF_ASSESSMENT = CourseTool(
    "self-assessment",
    "self_assessment",
    "la grille d'autopositionnement de la formation",
    "autopositionnement",
    words=("grille de positionnement", "grille d'autopositionnement"),
)
COURSE_TOOLS = (PLANNER, SELF_ASSESSMENT)

COURSE_HOME_SLUG = "index"  # a course's home page: formations/COURSE/index.md
# Lesson ids that would take the address of a course's home or of one of its tools.
RESERVED_LESSON_IDS = frozenset({COURSE_HOME_SLUG, *(tool.slug for tool in COURSE_TOOLS)})

# The kind each internal link prefix leads to (`action:` → action).
KIND_OF_LINK: dict[str, str] = {k.link: k.name for k in KINDS.values() if k.link}

# Every prefix an internal link may have, in the order editors read them.
LINK_KINDS: tuple[str, ...] = (
    *(k.link for k in KINDS.values() if k.link and k is not LESSON),
    *(t.link for t in COURSE_TOOLS),
    LESSON.link or "",
)


def link_target_where(prefix: str) -> tuple[str, str]:
    """How a message names the target of a link prefix: (article, where it lives)."""
    for kind in KINDS.values():
        if kind.link == prefix:
            return kind.article, kind.where.rsplit("/", 1)[0] + "/"
    tool = next(t for t in COURSE_TOOLS if t.link == prefix)
    return tool.article, f"{COURSE.where} ({tool.field})"


@dataclass(frozen=True)
class KitName:
    """One of the two kits, and which readers it speaks to."""

    name: str  # teams | companies: the file name and the action's view (for_teams)
    file: str
    slug: str  # the folder of its pages in the site, the anchor of its contacts table
    audience: str  # the course audience (course.yml) that matches this kit's readers
    # the role side (interlocutors' `side`) its readers are on: its roles inside their own
    # establishment or company act with them at a step, they are never whom to contact
    own_sides: tuple[str, ...] = ()


TEAMS = KitName("teams", f"{KITS_DIR}/teams{EXTENSION}", "equipes", "teams", own_sides=("school",))
COMPANIES = KitName(
    "companies",
    f"{KITS_DIR}/companies{EXTENSION}",
    "entreprises",
    "companies",
    own_sides=("company",),
)
KITS = {k.name: k for k in (TEAMS, COMPANIES)}
KIT_NAMES: tuple[str, ...] = (TEAMS.name, COMPANIES.name)
KIT_FILES = {k.name: k.file for k in (TEAMS, COMPANIES)}


def kit_for_audience(audience: str) -> str | None:
    """The kit whose readers a course (`course.yml` audience) speaks to."""
    return next((k.name for k in (TEAMS, COMPANIES) if k.audience == audience), None)
