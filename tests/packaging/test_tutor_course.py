"""The tutor course (issue 4): what the course promises, the markup its pages hand
to quiz.js, progress.js and planner.js, and the way through it (issue 14): each
lesson's outline of the course, the « leçon suivante » bar after the quiz, the
modality said only where it varies, the download block."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from generator.check.catalog import Catalog, CourseBundle
from generator.check.validate import validate
from generator.plan import PLANNER_DAYS, clock, plan, planner_limits
from generator.plan.courses import LimitsText
from generator.render.jinja import environment, render, render_page

ROOT = Path(__file__).resolve().parents[2]
COURSE = "accueillir-un-eleve-de-3e"
# The Markdown extensions of mkdocs.yml that the course pages rely on.
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "pymdownx.details"]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return validate(ROOT)


@pytest.fixture(scope="module")
def course(catalog: Catalog) -> CourseBundle:
    return catalog.courses[COURSE]


@pytest.fixture(scope="module")
def pages(catalog: Catalog) -> dict[str, str]:
    """The generated Markdown of the shipped content, by path."""
    return {path: data.decode() for path, data in render(catalog, plan(catalog)).files.items()}


class Elements(HTMLParser):
    """Every start tag of an HTML fragment, in order, with its attributes."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {k: v or "" for k, v in attrs}))

    def having(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        """Elements of that tag whose attributes hold these values (`class_` for class)."""
        wanted = {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()}
        return [
            a
            for t, a in self.found
            if t == tag
            and all(
                v in a.get(k, "").split() if k == "class" else a.get(k) == v
                for k, v in wanted.items()
            )
        ]


def html_of(page: str) -> str:
    body = page.split("---\n", 2)[2]  # drop the front matter
    return markdown.markdown(body, extensions=EXTENSIONS)


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# --------------------------------------------------------------------------- the counts


def test_modules_and_lessons(course: CourseBundle) -> None:
    assert len(course.course.modules) >= 5
    assert len(course.lessons) >= 12
    assert sorted(course.lesson_order()) == sorted(course.lessons)


def test_every_lesson_is_complete(course: CourseBundle) -> None:
    for lid, lesson in course.lessons.items():
        assert lesson.objectives and all(o.strip() for o in lesson.objectives), lid
        assert len(lesson.body.split()) >= 80, f"{lid}: body too short"
        assert lesson.activities, f"{lid}: no activity"
        assert lesson.key_points and all(k.strip() for k in lesson.key_points), lid


def test_quizzes(course: CourseBundle) -> None:
    with_quiz = [lid for lid, lesson in course.lessons.items() if lesson.quiz]
    assert len(with_quiz) >= 8, with_quiz
    for lid in with_quiz:
        quiz = course.lessons[lid].quiz
        assert 2 <= len(quiz) <= 5, f"{lid}: {len(quiz)} questions"
        for question in quiz:
            assert len(question.choices) >= 2, (lid, question.question)
            assert any(c.correct for c in question.choices), (lid, question.question)
            assert not all(c.correct for c in question.choices), (lid, question.question)
            for choice in question.choices:
                assert choice.feedback.strip(), (lid, choice.text)


def test_the_topics_of_the_issue_are_covered(course: CourseBundle) -> None:
    text = fold(
        " ".join(
            " ".join([lesson.title, lesson.body, *lesson.objectives, *lesson.key_points])
            for lesson in course.lessons.values()
        )
    )
    for topic in (
        "convention",
        "assurance",
        "accident",
        "harcelement",
        "observer",
        "communiquer",
        "comprendre",
        "s'impliquer",
        "rapport",
        "restitution",
        "appreciation",
        "pole",
        "discrimin",
        "20 h et 6 h",
    ):
        assert topic in text, topic


def test_the_planner_limits_are_those_of_the_2024_convention(course: CourseBundle) -> None:
    planner = course.course.week_planner
    assert planner is not None
    limits = planner.limits
    assert (limits.max_hours_per_day, limits.max_hours_per_week) == (7, 35)
    assert (limits.earliest_start, limits.latest_end) == ("06:00", "20:00")
    assert (limits.break_after_hours, limits.break_minutes) == (4.5, 30)
    assert limits.min_daily_rest_hours == 14  # 14 consecutive hours between two days
    assert planner.sources
    # the 14 h daily rest of under-16s (code du travail, L. 3164-1) cites its source
    assert any("L. 3164-1" in source.title for source in planner.sources)


# --------------------------------------------------------------------------- the pages


def test_course_home_marks_every_lesson_for_progress(
    course: CourseBundle, pages: dict[str, str]
) -> None:
    html = Elements(html_of(pages[f"formations/{COURSE}/index.md"]))
    items = html.having("li", class_="pa-lesson-link")
    assert [item["data-lesson"] for item in items] == course.lesson_order()
    (progress,) = html.having("span", class_="pa-progress")
    assert progress["data-course"] == COURSE
    assert progress["data-total"] == str(len(course.lessons))


def test_lesson_quiz_markup(course: CourseBundle, pages: dict[str, str]) -> None:
    lid = next(lid for lid in course.lesson_order() if course.lessons[lid].quiz)
    lesson = course.lessons[lid]
    source = html_of(pages[f"formations/{COURSE}/{lid}.md"])
    html = Elements(source)
    tags = [tag for tag, _ in html.found]
    assert len(html.having("form", class_="pa-question")) == len(lesson.quiz)
    assert tags.count("fieldset") == tags.count("legend") == len(lesson.quiz)
    answers = html.having("details", class_="pa-answers")
    assert len(answers) == len(lesson.quiz)
    for qi, question in enumerate(lesson.quiz, start=1):
        radios = html.having("input", type="radio", name=f"q{qi}")
        # every choice once, with its feedback and its verdict, in the build's shuffled order
        shown = sorted((r["data-feedback"], r["data-correct"] == "true") for r in radios)
        assert shown == sorted((c.feedback, c.correct) for c in question.choices)
        for radio in radios:
            assert html.having("label", **{"for": radio["id"]}), radio["id"]
    # a question with several right choices is a checkbox group, and says so
    multiple = next(
        (lid, qi, q)
        for lid in course.lesson_order()
        for qi, q in enumerate(course.lessons[lid].quiz, start=1)
        if sum(c.correct for c in q.choices) > 1
    )
    other = Elements(html_of(pages[f"formations/{COURSE}/{multiple[0]}.md"]))
    boxes = other.having("input", name=f"q{multiple[1]}")
    assert {b["type"] for b in boxes} == {"checkbox"}
    assert other.having("form", data_question=str(multiple[1]), data_multiple="true")
    # each disclosure follows its form (quiz.js finds it as the next sibling)
    assert source.count("</form>\n<details") == len(lesson.quiz)
    (done,) = html.having("p", class_="pa-lesson-done")
    assert done["data-lesson"] == f"{COURSE}/{lid}" and "hidden" in done


def test_planner_markup(course: CourseBundle, pages: dict[str, str]) -> None:
    planner = course.course.week_planner
    assert planner is not None
    html = Elements(html_of(pages[f"formations/{COURSE}/planning.md"]))
    (form,) = html.having("form", class_="pa-planner")
    limits = planner.limits
    assert form["data-course"] == COURSE
    assert float(form["data-max-day"]) == limits.max_hours_per_day
    assert float(form["data-max-week"]) == limits.max_hours_per_week
    assert form["data-earliest"] == limits.earliest_start
    assert form["data-latest"] == limits.latest_end
    assert float(form["data-break-after"]) == limits.break_after_hours
    assert int(form["data-break-minutes"]) == limits.break_minutes
    assert float(form["data-min-rest"]) == limits.min_daily_rest_hours
    # Monday to Saturday, as the convention's timetable (issue 29)
    assert len(html.having("fieldset", class_="pa-day")) == len(PLANNER_DAYS) == 6
    assert int(form["data-rest-days"]) == limits.weekly_rest_days
    inputs = [a for t, a in html.found if t == "input"]
    assert len(inputs) == 7 * len(PLANNER_DAYS)
    labelled = {a["for"] for a in html.having("label")}
    assert all(i["id"] in labelled for i in inputs)
    assert len(html.having("tr", data_day="1")) == 1
    assert len([a for t, a in html.found if t == "tr" and "data-day" in a]) == 6
    for source in planner.sources:
        assert html.having("a", href=source.url), source.url


def test_planner_limits_are_written_the_french_way(course: CourseBundle) -> None:
    assert clock("06:00") == "6 h" and clock("16:30") == "16 h 30"
    planner = course.course.week_planner
    assert planner is not None
    assert planner_limits(planner.limits) == LimitsText(
        max_day="7 h",
        max_week="35 h",
        earliest="6 h",
        latest="20 h",
        break_after="4 h 30",
        break_minutes="30 minutes",
        min_rest="14 h",
        rest_days="2",
    )
    unset = planner.limits.model_copy(update={"min_daily_rest_hours": None})
    assert planner_limits(unset).min_rest is None


def test_the_planner_page_states_the_daily_rest(pages: dict[str, str]) -> None:
    page = pages[f"formations/{COURSE}/planning.md"]
    limits = page.split("## Les limites à respecter", 1)[1].split("Sources de ces limites", 1)[0]
    assert (
        "- un repos d'au moins **14 h** d'affilée entre le départ d'un jour "
        "et l'arrivée du lendemain ;" in limits
    )
    assert "d'affilée ;\n- un repos" in limits  # one list
    # the weekly rest as its last item, Saturday said in words
    assert "\n- **2 jours de repos consécutifs** par semaine : un samedi de présence" in limits


# --------------------------------------------------------------------------- way through the course


def _header(page: str) -> str:
    """The line under a page's title: « Leçon N sur M de … · module … · durée »."""
    body = page.split("---\n", 2)[2]
    return body.split("\n# ", 1)[1].split("\n\n", 2)[1]


def test_each_lesson_lists_the_course_lessons_in_the_page(
    course: CourseBundle, pages: dict[str, str]
) -> None:
    order = course.lesson_order()
    for lid in order:
        source = html_of(pages[f"formations/{COURSE}/{lid}.md"])
        html = Elements(source)
        (outline,) = html.having("details", class_="pa-outline")
        assert outline["data-course"] == COURSE
        items = html.having("li", class_="pa-outline__item")
        assert [item["data-lesson"] for item in items] == order
        current = [item["data-lesson"] for item in items if item.get("aria-current") == "page"]
        assert current == [lid]
        # every other lesson is a link; the outline comes before the objectives
        links = {a["href"] for a in html.having("a", class_="pa-outline__title")}
        assert links == {f"{other}.md" for other in order if other != lid}
        assert source.index('<details class="pa-outline"') < source.index("<h2>Objectifs</h2>")


def test_the_done_and_next_bar_follows_the_quiz(
    course: CourseBundle, pages: dict[str, str]
) -> None:
    order = course.lesson_order()
    for position, lid in enumerate(order):
        lesson = course.lessons[lid]
        source = html_of(pages[f"formations/{COURSE}/{lid}.md"])
        bar = source.index('<div class="pa-lesson-bar"')
        before, after = source[:bar], source[bar:]
        if lesson.quiz:
            assert before.rstrip().endswith("</div>")  # the quiz's own block closes just before
            assert before.rindex('<div class="pa-quiz"') > before.rindex("<h2>")
        elif lesson.activities:
            assert before.rindex("<h2>") == before.index("<h2>Activités</h2>")
        for later in ("À retenir", "Ressources", "Sources"):
            assert f"<h2>{later}</h2>" not in before, (lid, later)
        end = after.index("</div>")
        (done,) = Elements(after[:end]).having("p", class_="pa-lesson-done")
        assert done["data-lesson"] == f"{COURSE}/{lid}"
        if position + 1 < len(order):
            following = course.lessons[order[position + 1]]
            (link,) = Elements(after[:end]).having("a", class_="pa-next-lesson")
            assert link["href"] == f"{order[position + 1]}.md"
            assert f"Leçon suivante : {following.title}" in after[:end]
        else:
            (link,) = Elements(after[:end]).having("a", class_="pa-course-back")
            assert link["href"] == "index.md"


def test_a_course_wholly_online_does_not_repeat_its_modality(
    course: CourseBundle, pages: dict[str, str]
) -> None:
    assert course.course.modality == "online"
    for lid in course.lesson_order():
        header = _header(pages[f"formations/{COURSE}/{lid}.md"])
        assert header.startswith("Leçon ") and "distance" not in header, header
    home = pages[f"formations/{COURSE}/index.md"]
    entries = [line for line in home.splitlines() if line.startswith("- [")]
    assert len(entries) == len(course.lessons) + len(
        [t for t in (course.course.week_planner, course.course.self_assessment) if t]
    )
    assert not any("distance" in line for line in entries)


def test_the_course_facts_are_one_line(course: CourseBundle, pages: dict[str, str]) -> None:
    html = html_of(pages[f"formations/{COURSE}/index.md"])
    assert "<table>" not in html
    (facts,) = re.findall(r'<p class="pa-course-facts">(.*?)</p>', html)
    assert f"{len(course.lessons)}&nbsp;leçons" in facts
    assert "En ligne" in facts


def test_the_course_home_offers_downloads_only_when_there_are(
    catalog: Catalog, pages: dict[str, str]
) -> None:
    home = pages[f"formations/{COURSE}/index.md"]
    assert "Emporter la formation" not in home
    site = plan(catalog)
    (page,) = [p for p in site.pages if p.path == f"formations/{COURSE}/index.md"]
    assert page.context["downloads"] == []
    name = f"{COURSE}-scorm12.zip"
    download = {
        "label": "SCORM 1.2",
        "format": "scorm12",
        "platforms": "Moodle",
        "name": name,
        "href": f"../../telechargements/{name}",
        "size": "48 ko",
    }
    filled = dataclasses.replace(page, context={**page.context, "downloads": [download]})
    text = render_page(environment(), catalog, filled, kit_titles=site.kit_titles).decode()
    assert "\n## Emporter la formation sur une plateforme { data-search-exclude }\n" in text
    assert f"[{name}](../../telechargements/{name}) (48 ko)" in text
    # after the modules: the guide's headings do not break the page's outline
    assert text.index("## Les modules") < text.index("## Emporter la formation")
