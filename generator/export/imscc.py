"""IMS Common Cartridge 1.1 (the version Moodle restores): the modules as
sections, each lesson a webcontent page, each quiz a QTI 1.2 assessment."""

from __future__ import annotations

import html
from typing import Any

from generator.check.catalog import Catalog
from generator.export.lesson_html import (
    LessonDoc,
    QuizQuestion,
    Rendering,
    render_course,
    unwrapped,
)
from generator.export.scorm12 import package_paths
from generator.export.templates import (
    PRESENTATION_PAGE,
    PRESENTATION_TITLE,
    STYLESHEET,
    lesson_page,
    presentation_page,
    relative_links,
    render,
    tools_and_assets,
)
from generator.plan.pages import CourseOutline

MULTIPLE_CHOICE = "cc.multiple_choice.v0p1"
MULTIPLE_RESPONSE = "cc.multiple_response.v0p1"


def files(catalog: Catalog, outline: CourseOutline, site_url: str | None) -> dict[str, bytes]:
    """Every file of the cartridge, by its path inside it."""
    pages = package_paths(outline)
    course = render_course(Rendering(catalog, outline, site_url, relative_links(pages)))
    # A quiz is imported as the platform's own quiz, away from the lesson's files:
    # links in its explanations can only lead to the published site.
    outside = Rendering(catalog, outline, site_url, lambda _path: {})
    out: dict[str, bytes] = {}
    quizzes: dict[str, str] = {}
    for lesson in course.lessons():
        out[pages[lesson.site_path]] = lesson_page(course, lesson, pages[lesson.site_path])
        if lesson.quiz:
            quizzes[lesson.id] = f"quiz/{lesson.id}/assessment.xml"
            out[quizzes[lesson.id]] = assessment(catalog, outside, lesson)
    files, shared = tools_and_assets(course, {STYLESHEET})
    out.update(files)
    out[PRESENTATION_PAGE] = presentation_page(course)
    out["imsmanifest.xml"] = render(
        "imscc-manifest.xml.j2",
        identifier=f"passerelles-{outline.id}",
        course=course,
        pages=pages,
        quizzes=quizzes,
        shared=shared,
        presentation=PRESENTATION_PAGE,
        presentation_title=PRESENTATION_TITLE,
    )
    return out


def assessment(catalog: Catalog, outside: Rendering, lesson: LessonDoc) -> bytes:
    questions = catalog.courses[outside.course_id].lessons[lesson.id].quiz
    items = []
    for question in lesson.quiz:
        explanation = questions[question.number - 1].explanation
        explained = (
            unwrapped(outside.markdown(explanation, lesson.site_path)) if explanation else None
        )
        items.append(_item(lesson.id, question, explained))
    return render(
        "qti-assessment.xml.j2",
        ident=f"A-{lesson.id}",
        title=f"Quiz : {lesson.title}",
        items=items,
    )


def _item(lesson_id: str, question: QuizQuestion, explanation_html: str | None) -> dict[str, Any]:
    n = question.number
    return {
        "ident": f"Q-{lesson_id}-{n}",
        "number": n,
        "multiple": question.multiple,
        "profile": MULTIPLE_RESPONSE if question.multiple else MULTIPLE_CHOICE,
        "cardinality": "Multiple" if question.multiple else "Single",
        "response": f"R-{n}",
        # mattext holds HTML: plain text is escaped once for HTML (and once more
        # for XML by the template).
        "text_html": unwrapped(html.escape(question.text, quote=False)),
        "explanation_html": explanation_html,
        "choices": [
            {
                "ident": f"C-{n}-{choice.index + 1}",
                "html": unwrapped(html.escape(choice.text, quote=False)),
                "correct": choice.correct,
                "feedback_html": unwrapped(html.escape(choice.feedback, quote=False)),
            }
            for choice in question.choices
        ],
    }
