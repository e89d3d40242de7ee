"""Helpers of the course-export tests: the packages of a content folder, their
files, and what the YAML says they must hold (read here with PyYAML, never
from the exporter)."""

from __future__ import annotations

import re
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from lxml import etree

from generator.check.validate import validate
from generator.export import FORMATS, export_all, package_name
from generator.plan import course_outlines

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://passerelles.example.org/site/"


@dataclass(frozen=True)
class YamlChoice:
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class YamlQuestion:
    text: str
    choices: tuple[YamlChoice, ...]
    explanation: str | None

    @property
    def correct(self) -> list[int]:
        return [i for i, choice in enumerate(self.choices) if choice.correct]

    @property
    def multiple(self) -> bool:
        return len(self.correct) > 1


@dataclass(frozen=True)
class YamlLesson:
    id: str
    title: str
    quiz: tuple[YamlQuestion, ...]


@dataclass(frozen=True)
class YamlModule:
    id: str
    title: str
    summary: str
    lessons: tuple[YamlLesson, ...]


@dataclass(frozen=True)
class YamlCourse:
    id: str
    title: str
    summary: str
    description: str
    modules: tuple[YamlModule, ...]
    has_planner: bool
    has_self_assessment: bool

    def lessons(self) -> list[YamlLesson]:
        return [lesson for module in self.modules for lesson in module.lessons]

    def questions(self) -> list[YamlQuestion]:
        return [q for lesson in self.lessons() for q in lesson.quiz]


def yaml_courses(content: Path) -> dict[str, YamlCourse]:
    """Every course of `content`, read straight from its YAML files."""
    courses = {}
    for course_file in sorted((content / "mooc").glob("*/course.yml")):
        data = yaml.safe_load(course_file.read_text("utf-8"))
        lessons_dir = course_file.parent / "lessons"
        modules = []
        for module in data["modules"]:
            lessons = tuple(_yaml_lesson(lessons_dir, lid) for lid in module["lessons"])
            modules.append(YamlModule(module["id"], module["title"], module["summary"], lessons))
        courses[course_file.parent.name] = YamlCourse(
            id=course_file.parent.name,
            title=data["title"],
            summary=data["summary"],
            description=data["description"],
            modules=tuple(modules),
            has_planner="week_planner" in data,
            has_self_assessment="self_assessment" in data,
        )
    return courses


def _yaml_lesson(folder: Path, lesson_id: str) -> YamlLesson:
    data = yaml.safe_load((folder / f"{lesson_id}.yml").read_text("utf-8"))
    quiz = tuple(
        YamlQuestion(
            text=q["question"],
            choices=tuple(YamlChoice(c["text"], c["correct"], c["feedback"]) for c in q["choices"]),
            explanation=q.get("explanation"),
        )
        for q in data.get("quiz", [])
    )
    return YamlLesson(lesson_id, data["title"], quiz)


# the date of the shared packages (tests/conftest.py) and of the reproducibility tests
EPOCH = 1_700_000_000


def export_folder(content: Path, out: Path, site_url: str | None = SITE_URL) -> dict[str, Path]:
    """Every package of every course of `content`, written in `out`, by file name."""
    catalog = validate(content)
    outlines = course_outlines(catalog).values()
    written = export_all(catalog, outlines, FORMATS, out, site_url=site_url)
    return {path.name: path for path in written}


def package(out: Path, course_id: str, fmt: str) -> Path:
    return out / package_name(course_id, fmt)


def archive_files(path: Path) -> dict[str, bytes]:
    """The files of a zip or tar.gz package, by entry name (folders left out)."""
    if path.name.endswith(".tar.gz"):
        found = {}
        with tarfile.open(path, "r:gz") as archive:
            for member in archive.getmembers():
                if member.isfile():
                    data = archive.extractfile(member)
                    assert data is not None
                    found[member.name] = data.read()
        return found
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist() if not name.endswith("/")}


def archive_names(path: Path) -> list[str]:
    """Every entry name, folders included, in archive order."""
    if path.name.endswith(".tar.gz"):
        with tarfile.open(path, "r:gz") as archive:
            return archive.getnames()
    with zipfile.ZipFile(path) as archive:
        return archive.namelist()


def unpack(path: Path, target: Path) -> Path:
    """The package unpacked into `target` (safe names are checked by the tests)."""
    target.mkdir(parents=True, exist_ok=True)
    for name, data in archive_files(path).items():
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(data)
    return target


def moodle_pages(files: dict[str, bytes]) -> dict[str, bytes]:
    """A Moodle backup's HTML as pages: each Page's content next to its own files
    (@@PLUGINFILE@@ is the page's file area), and the question bank's texts."""
    pages: dict[str, bytes] = {}
    listed = etree.fromstring(files["files.xml"]).iterfind("file")
    by_context: dict[str, list[etree._Element]] = {}
    for entry in listed:
        by_context.setdefault(entry.findtext("contextid") or "", []).append(entry)
    for name, data in files.items():
        if not re.fullmatch(r"activities/page_\d+/page\.xml", name):
            continue
        activity = etree.fromstring(data)
        folder = name.rsplit("/", 1)[0]
        for entry in by_context.get(activity.get("contextid") or "", []):
            digest = entry.findtext("contenthash") or ""
            own = f"{folder}{entry.findtext('filepath')}{entry.findtext('filename')}"
            pages[own] = files[f"files/{digest[:2]}/{digest}"]
        content = activity.findtext("page/content") or ""
        pages[f"{folder}/page.html"] = content.replace("@@PLUGINFILE@@/", "").encode("utf-8")
    bank = etree.fromstring(files["questions.xml"])
    texts = [
        node.text or ""
        for tag in ("questiontext", "generalfeedback", "answertext", "feedback")
        for node in bank.iter(tag)
    ]
    pages["questions.html"] = "\n".join(texts).encode("utf-8")
    return pages
