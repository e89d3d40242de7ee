"""The M@gistère module on l'esprit d'entreprendre (issue 5).

The counts are read from the YAML itself (not through the generator), and the
per-modality totals and the timeline shown on the course home are read back from
the HTML of a real, strict build of a copy of the shipped content.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.check.validate import validate
from generator.plan import plan
from generator.plan.courses import lesson_after_grid
from generator.render.jinja import render

ROOT = Path(__file__).resolve().parents[2]
COURSE_ID = "esprit-d-entreprendre"
COURSE_DIR = ROOT / "mooc" / COURSE_ID
MODALITIES = {"distance", "on-site"}


# --------------------------------------------------------------------------- the YAML


@dataclass(frozen=True)
class RawCourse:
    course: dict[str, Any]
    lessons: dict[str, dict[str, Any]]

    @property
    def order(self) -> list[str]:
        return [lid for module in self.course["modules"] for lid in module["lessons"]]

    def minutes_by_modality(self) -> Counter[str]:
        totals: Counter[str] = Counter()
        for lid in self.order:
            totals[self.lessons[lid]["modality"]] += self.lessons[lid]["duration_minutes"]
        return totals


@pytest.fixture(scope="module")
def raw() -> RawCourse:
    course = yaml.safe_load((COURSE_DIR / "course.yml").read_text("utf-8"))
    lessons = {
        path.stem: yaml.safe_load(path.read_text("utf-8"))
        for path in sorted((COURSE_DIR / "lessons").glob("*.yml"))
    }
    return RawCourse(course, lessons)


def test_a_hybrid_course_for_teams_of_6_or_9_hours(raw: RawCourse) -> None:
    assert raw.course["audience"] == "teams"
    assert raw.course["modality"] == "hybrid"
    # the validator checks that the lessons add up to it
    assert raw.course["total_hours"] in (6, 9)


def test_at_least_4_modules_and_10_lessons_each_used_once(raw: RawCourse) -> None:
    assert len(raw.course["modules"]) >= 4
    assert len(raw.order) >= 10
    assert sorted(raw.order) == sorted(raw.lessons), "every lesson file in exactly one module"


def test_distance_and_on_site_work_alternate(raw: RawCourse) -> None:
    modalities = [raw.lessons[lid]["modality"] for lid in raw.order]
    assert set(modalities) == MODALITIES
    switches = sum(1 for a, b in itertools.pairwise(modalities) if a != b)
    assert switches >= 1, modalities


def test_at_least_4_lessons_end_with_a_quiz_or_a_self_assessment(raw: RawCourse) -> None:
    checked = [
        lid
        for lid in raw.order
        if raw.lessons[lid].get("quiz")
        or any(a["kind"] == "self-assessment" for a in raw.lessons[lid].get("activities", []))
    ]
    assert len(checked) >= 4, checked


def test_the_seed_activities_are_used(raw: RawCourse) -> None:
    kinds = {a["kind"] for lesson in raw.lessons.values() for a in lesson.get("activities", [])}
    assert {"workshop", "peer-exchange", "self-assessment", "case-study"} <= kinds


def test_entrecomp_is_the_competence_frame_with_its_source(raw: RawCourse) -> None:
    grid = raw.course["self_assessment"]
    sources = grid["sources"]
    assert any("EntreComp" in s["title"] and s["url"].startswith("https://") for s in sources), (
        sources
    )
    lesson_sources = [
        s
        for lesson in raw.lessons.values()
        for s in lesson.get("sources", []) + lesson.get("resources", [])
    ]
    assert any("EntreComp" in s["title"] for s in lesson_sources)
    assert len(grid["areas"]) == 3
    assert [len(area["competences"]) for area in grid["areas"]] == [5, 5, 5]
    ids = [c["id"] for area in grid["areas"] for c in area["competences"]]
    assert len(set(ids)) == 15
    assert len(grid["levels"]) >= 2


# --------------------------------------------------------------------------- the built HTML


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self) -> str:
        parts = [c if isinstance(c, str) else c.text() for c in self.children]
        return " ".join("".join(parts).split())

    def find_all(self, tag: str, cls: str) -> list[Node]:
        found = []
        for child in self.children:
            if isinstance(child, Node):
                if child.tag == tag and cls in child.classes:
                    found.append(child)
                found.extend(child.find_all(tag, cls))
        return found


_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "wbr",
}


class _TreeBuilder(HTMLParser):
    """Just enough of an HTML tree for the generated pages (well nested, as MkDocs writes them)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def shown_minutes(text: str) -> int:
    """« 45 min », « 3 h », « 1 h 35 » as a reader sees them, back to minutes."""
    match = re.fullmatch(r"(?:(\d+) h(?: (\d{2}))?|(\d+) min)", text.strip())
    assert match, f"durée illisible : {text!r}"
    hours, rest, only_minutes = match.groups()
    if only_minutes is not None:
        return int(only_minutes)
    return int(hours) * 60 + int(rest or 0)


@pytest.fixture(scope="module")
def course_home(dated_sites: tuple[Path, Path]) -> Node:
    """The course's home in a build of the shipped content (tests/conftest.py, which checks
    that MkDocs warns of nothing)."""
    page = dated_sites[0] / "formations" / COURSE_ID / "index.html"
    return parse(page.read_text("utf-8"))


@pytest.mark.slow
def test_totals_on_the_course_home_are_the_sums_of_the_lessons(
    raw: RawCourse, course_home: Node
) -> None:
    expected = raw.minutes_by_modality()
    (totals,) = course_home.find_all("ul", "pa-totals")
    items = totals.find_all("li", "pa-totals__item")
    assert {item.attrs["data-modality"] for item in items} == MODALITIES
    for item in items:
        modality = item.attrs["data-modality"]
        assert int(item.attrs["data-minutes"]) == expected[modality], modality
        strong = [c for c in item.children if isinstance(c, Node) and c.tag == "strong"]
        assert len(strong) == 1, item.text()
        assert shown_minutes(strong[0].text()) == expected[modality], item.text()
        count = sum(1 for lid in raw.order if raw.lessons[lid]["modality"] == modality)
        assert f"({count} leçon" in item.text(), item.text()


@pytest.mark.slow
def test_the_timeline_follows_the_lessons_in_order(raw: RawCourse, course_home: Node) -> None:
    (timeline,) = course_home.find_all("ol", "pa-timeline")
    phases = timeline.find_all("li", "pa-timeline__phase")
    items = timeline.find_all("li", "pa-timeline__item")
    titles = [item.find_all("span", "pa-timeline__title")[0].text() for item in items]
    assert titles == [" ".join(raw.lessons[lid]["title"].split()) for lid in raw.order]
    for item, lid in zip(items, raw.order, strict=True):
        lesson = raw.lessons[lid]
        assert item.attrs["data-modality"] == lesson["modality"]
        duration = item.find_all("span", "pa-timeline__duration")[0].text()
        assert shown_minutes(duration) == lesson["duration_minutes"], lid
    # one « temps » per run of lessons in the same modality, each labelled in words
    modalities = [raw.lessons[lid]["modality"] for lid in raw.order]
    runs = [m for i, m in enumerate(modalities) if i == 0 or modalities[i - 1] != m]
    assert [p.attrs["data-modality"] for p in phases] == runs
    labels = {"distance": "À distance", "on-site": "Présentiel"}
    for number, phase in enumerate(phases, start=1):
        head = phase.find_all("p", "pa-timeline__head")[0]
        assert head.text().startswith(f"Temps {number}")
        assert labels[phase.attrs["data-modality"]] in head.text()
        lessons_minutes = sum(
            int(i.attrs["data-minutes"]) for i in phase.find_all("li", "pa-timeline__item")
        )
        assert int(phase.attrs["data-minutes"]) == lessons_minutes
        shown = phase.find_all("span", "pa-timeline__phase-duration")[0].text()
        assert shown_minutes(shown) == lessons_minutes
        icons = phase.find_all("span", "pa-modality__icon")
        assert icons and all(icon.attrs.get("aria-hidden") == "true" for icon in icons)


# --------------------------------------------------------------------------- the way through (issue 14)


def _opening_the_grid(raw: RawCourse) -> list[str]:
    """Lessons with an activity that links to the grid, read from the YAML."""
    link = f"(self-assessment:{COURSE_ID})"
    return [
        lid
        for lid in raw.order
        if any(link in a["instructions"] for a in raw.lessons[lid].get("activities", []))
    ]


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    catalog = validate(ROOT)
    return {path: data.decode() for path, data in render(catalog, plan(catalog)).files.items()}


def test_the_grid_leads_to_the_lesson_after_the_one_that_opens_it(
    raw: RawCourse, rendered: dict[str, str]
) -> None:
    opening = _opening_the_grid(raw)
    assert opening, "a lesson must send to the grid"
    following = raw.order[raw.order.index(opening[-1]) + 1]
    catalog = validate(ROOT)
    assert lesson_after_grid(catalog, catalog.courses[COURSE_ID]) == following
    grid_page = rendered[f"formations/{COURSE_ID}/autopositionnement.md"]
    title = raw.lessons[following]["title"]
    # in the result shown after the last answer, and at the end of the page for everyone
    assert grid_page.count(f"[{title}]({following}.md)") == 2
    # the grid has its own name, apart from the lesson that opens it
    grid_title = raw.course["self_assessment"]["title"]
    assert grid_title not in {lesson["title"] for lesson in raw.lessons.values()}
    lesson_page = rendered[f"formations/{COURSE_ID}/{opening[-1]}.md"]
    assert "](autopositionnement.md)" in lesson_page


def test_a_hybrid_course_says_where_each_lesson_happens(
    raw: RawCourse, rendered: dict[str, str]
) -> None:
    words = {"distance": "à distance", "on-site": "présentiel"}
    for lid in raw.order:
        page = rendered[f"formations/{COURSE_ID}/{lid}.md"]
        header = page.split("\n# ", 1)[1].split("\n\n", 2)[1]
        assert header.endswith(f" · {words[raw.lessons[lid]['modality']]}"), header
