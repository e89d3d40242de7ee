"""Open edX OLX (the course format Studio imports): a chapter per module, a
sequential per lesson, the lesson as an html component, one problem per quiz
question, the tools in a last chapter. All under one top folder in the tar.gz."""

from __future__ import annotations

import html
import json
import re
import time
from html.entities import html5
from typing import Any

from markupsafe import Markup

from generator.check.catalog import Catalog
from generator.export.lesson_html import (
    CourseDoc,
    LessonDoc,
    QuizQuestion,
    Rendering,
    course_site_paths,
    render_course,
)
from generator.export.scorm12 import MASTERY_SCORE
from generator.export.templates import STYLESHEET, asset, render
from generator.plan.pages import CourseOutline

ORG = "passerelles"
RUN = "export"
STATIC = "/static/"
_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
_XML_ENTITIES = {"amp", "lt", "gt", "quot", "apos"}
ONE_YEAR = 365 * 24 * 3600


def url_names(outline: CourseOutline) -> dict[str, str]:
    """Site path → url_name of the sequential that shows it (the target of /jump_to_id/)."""
    return {
        site_path: f"{'l' if kind == 'lesson' else 'o'}-{name}"
        for site_path, (kind, name) in course_site_paths(outline).items()
    }


def files(
    catalog: Catalog, outline: CourseOutline, site_url: str | None, epoch: int
) -> dict[str, bytes]:
    """Every file of the course folder, by its path inside it."""
    jumps = {path: f"/jump_to_id/{name}" for path, name in url_names(outline).items()}
    course = render_course(Rendering(catalog, outline, site_url, lambda _path: jumps))
    out: dict[str, bytes] = {
        "course.xml": render("olx/root.xml.j2", run=RUN, org=ORG, number=outline.id),
        "about/overview.html": render(
            "olx/overview.html.j2", course=course, description=Markup(course.description_html)
        ),
        "policies/assets.json": b"{}\n",
    }
    chapters = []
    for module in course.modules:
        chapters.append(f"m-{module.id}")
        sequentials = [_lesson(out, lesson) for lesson in module.lessons]
        out[f"chapter/m-{module.id}.xml"] = render(
            "olx/chapter.xml.j2", title=module.title, children=sequentials
        )
    statics = {STYLESHEET}
    if course.tools:
        chapters.append("m_outils")
        tools = []
        for tool in course.tools:
            name = f"o-{tool.kind}"
            tools.append(name)
            statics.update(tool.scripts)
            _component_tree(out, name, tool.title, _html(tool.html, tool.scripts))
        out["chapter/m_outils.xml"] = render("olx/chapter.xml.j2", title="Outils", children=tools)
    out[f"course/{RUN}.xml"] = render("olx/course.xml.j2", course=course, chapters=chapters)
    graded = sum(1 for lesson in course.lessons() if lesson.quiz)
    out[f"policies/{RUN}/policy.json"] = _json(_policy(course, epoch))
    out[f"policies/{RUN}/grading_policy.json"] = _json(_grading(graded))
    for name in sorted(statics):
        out[f"static/{name}"] = asset(name)
    return out


def _lesson(out: dict[str, bytes], lesson: LessonDoc) -> str:
    # Ids have no « _ »: the suffixes keep every url_name of the course unique.
    name = f"l-{lesson.id}"
    verticals = [f"{name}_texte"]
    out[f"html/{name}_page.xml"] = render(
        "olx/html.xml.j2", filename=f"{name}_page", title=lesson.title
    )
    out[f"html/{name}_page.html"] = _html(lesson.html, ())
    out[f"vertical/{name}_texte.xml"] = render(
        "olx/vertical.xml.j2", title=lesson.title, children=[("html", f"{name}_page")]
    )
    if lesson.quiz:
        problems = [f"{name}_q{q.number}" for q in lesson.quiz]
        for question, problem in zip(lesson.quiz, problems, strict=True):
            out[f"problem/{problem}.xml"] = render("olx/problem.xml.j2", **_problem(question))
        verticals.append(f"{name}_quiz")
        out[f"vertical/{name}_quiz.xml"] = render(
            "olx/vertical.xml.j2",
            title=f"Quiz : {lesson.title}",
            children=[("problem", p) for p in problems],
        )
    out[f"sequential/{name}.xml"] = render(
        "olx/sequential.xml.j2", title=lesson.title, graded=bool(lesson.quiz), children=verticals
    )
    return name


def _component_tree(out: dict[str, bytes], name: str, title: str, body: bytes) -> None:
    """A sequential with one vertical holding one html component (a tool page)."""
    out[f"html/{name}_page.xml"] = render("olx/html.xml.j2", filename=f"{name}_page", title=title)
    out[f"html/{name}_page.html"] = body
    out[f"vertical/{name}_texte.xml"] = render(
        "olx/vertical.xml.j2", title=title, children=[("html", f"{name}_page")]
    )
    out[f"sequential/{name}.xml"] = render(
        "olx/sequential.xml.j2", title=title, graded=False, children=[f"{name}_texte"]
    )


def _html(content: str, scripts: tuple[str, ...]) -> bytes:
    return render(
        "olx/component.html.j2",
        content=Markup(content),
        static=STATIC,
        stylesheet=STYLESHEET,
        scripts=scripts,
    )


def _problem(question: QuizQuestion) -> dict[str, Any]:
    # Open edX shows the text of <label>, <choice> and <choicehint> as HTML: plain
    # text is escaped once for HTML here, and once more for XML by the template.
    explanation = question.explanation_html
    return {
        "title": f"Question {question.number}",
        "multiple": question.multiple,
        "text": _as_html(question.text),
        "choices": [
            {
                "correct": choice.correct,
                "text": _as_html(choice.text),
                "feedback": _as_html(choice.feedback),
            }
            for choice in question.choices
        ],
        "weight": 1,
        "explanation": Markup(xml_safe(explanation)) if explanation else None,
    }


def _as_html(text: str) -> str:
    return html.escape(text, quote=False)


def xml_safe(fragment: str) -> str:
    """HTML from Python-Markdown, fit inside an XML file: named entities beyond XML's
    five become numeric references (`&nbsp;` would not parse as XML)."""

    def numeric(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in _XML_ENTITIES:
            return match.group(0)
        chars = html5.get(f"{name};")
        if chars is None:
            return f"&amp;{name};"
        return "".join(f"&#x{ord(c):x};" for c in chars)

    return _ENTITY.sub(numeric, fragment)


def _policy(course: CourseDoc, epoch: int) -> dict[str, Any]:
    # Open edX needs a start and an end; the team that runs the course sets its
    # own in Studio. The start is the export's date, the end a year later.
    start = epoch - epoch % 86400
    return {
        f"course/{RUN}": {
            "display_name": course.title,
            "language": "fr",
            "start": _iso(start),
            "end": _iso(start + ONE_YEAR),
            "course_image": "",
            "showanswer": "attempted",
            # Open edX shows it as HTML on the course's about page: plain text, escaped
            "short_description": html.escape(course.summary),
        }
    }


def _grading(graded: int) -> dict[str, Any]:
    return {
        "GRADER": [
            {
                "type": "Quiz",
                "short_label": "Quiz",
                "min_count": max(graded, 1),
                "drop_count": 0,
                "weight": 1.0,
            }
        ],
        "GRADE_CUTOFFS": {"Pass": MASTERY_SCORE / 100},
    }


def _iso(seconds: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def _json(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
