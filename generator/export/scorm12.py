"""SCORM 1.2: one SCO per lesson, the modules as organization items.

Each lesson page loads `scorm12.js`, which finds the LMS's API, reports the
lesson `completed` when its end is reached, or its quiz score (`passed` or
`failed` against the mastery score), and ends the session when the page is left.
"""

from __future__ import annotations

import dataclasses

from generator.check.catalog import Catalog
from generator.export.lesson_html import (
    TOOL_PAGES,
    CourseDoc,
    ModuleDoc,
    Rendering,
    course_site_paths,
    render_course,
)
from generator.export.templates import (
    STYLESHEET,
    lesson_page,
    relative_links,
    render,
    tools_and_assets,
)
from generator.plan.pages import CourseOutline

# The score, out of 100, from which a lesson's quiz is passed: all right up to four
# questions, four out of five.
MASTERY_SCORE = 80
LESSON_SCRIPTS = ("passerelles.js", "quiz.js", "scorm12.js")


def package_paths(outline: CourseOutline) -> dict[str, str]:
    """Site path → path in the package, for every page of the course it carries."""
    paths = {}
    for site_path, (kind, name) in course_site_paths(outline).items():
        paths[site_path] = TOOL_PAGES[name][0] if kind == "tool" else f"lecons/{name}.html"
    return paths


def files(
    catalog: Catalog, outline: CourseOutline, site_url: str | None, lesson_id: str | None = None
) -> dict[str, bytes]:
    """Every file of the package, by its path inside it; with `lesson_id`, the package
    of that lesson alone (its links to other pages lead to the site, or become text)."""
    pages = package_paths(outline)
    if lesson_id is not None:
        pages = {sp: path for sp, path in pages.items() if path == f"lecons/{lesson_id}.html"}
    course = render_course(
        Rendering(catalog, outline, site_url, relative_links(pages), new_window=True)
    )
    if lesson_id is not None:
        course = _only(course, lesson_id)
    out: dict[str, bytes] = {}
    for lesson in course.lessons():
        path = pages[lesson.site_path]
        mastery = MASTERY_SCORE if lesson.quiz else None
        out[path] = lesson_page(
            course, lesson, path, scripts=LESSON_SCRIPTS, sco=True, mastery=mastery
        )
    files, shared = tools_and_assets(course, {STYLESHEET, *LESSON_SCRIPTS})
    out.update(files)
    out["imsmanifest.xml"] = render(
        "scorm12-manifest.xml.j2",
        identifier=f"passerelles-{outline.id}" + (f"-{lesson_id}" if lesson_id else ""),
        course=course,
        pages=pages,
        shared=shared,
        mastery=MASTERY_SCORE,
    )
    return out


def _only(course: CourseDoc, lesson_id: str) -> CourseDoc:
    """The course reduced to one lesson, in its module, without the tools."""
    for module in course.modules:
        for lesson in module.lessons:
            if lesson.id == lesson_id:
                alone = ModuleDoc(module.id, module.title, module.summary, (lesson,))
                return dataclasses.replace(course, modules=(alone,), tools=())
    raise KeyError(lesson_id)
