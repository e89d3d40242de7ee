"""The pages of a course as they travel in its packages.

One source: each lesson, the week planner and the self-assessment grid are
planned by the site's own plan stage, rendered by the site's own templates and
turned into HTML by Python-Markdown with the site's extensions
(`prose_html.site_html`). Only the links change (see `links.py`), and the quiz,
which each format writes in its own way, is given here as data.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import jinja2

from generator.check.catalog import Catalog
from generator.export.links import Linker, clean_html
from generator.format import labels
from generator.format.kinds import kit_for_audience
from generator.format.models import Question
from generator.format.quiz import choice_order
from generator.markdown.links import published
from generator.markdown.site_html import site_html
from generator.plan.pages import CourseOutline, Page
from generator.render.jinja import environment as site_environment

# Where each tool page travels in a package, and the scripts it needs (the
# site's own, from overrides/assets/js/).
TOOL_PAGES = {
    "planner": ("outils/planning.html", ("passerelles.js", "planner.js")),
    "self-assessment": ("outils/autopositionnement.html", ("passerelles.js", "self-assessment.js")),
}
_TRAILING_RULE = re.compile(r"(\s*<hr />)+\s*$")
_PRE = re.compile(r"(<pre\b.*?</pre>)", re.DOTALL)
_LINE_BREAKS = re.compile(r"\s*\n\s*")

# For a package page being written (by its site path): the href of every page
# of the package, as seen from it.
InsideLinks = Callable[[str], Mapping[str, str]]


@dataclass(frozen=True)
class QuizChoice:
    index: int  # position in the YAML, which identifies the choice
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class QuizQuestion:
    number: int  # 1-based
    text: str
    multiple: bool
    choices: tuple[QuizChoice, ...]  # in display order
    explanation_html: str | None


@dataclass(frozen=True)
class LessonDoc:
    id: str
    title: str
    site_path: str
    html: str  # the lesson without its quiz
    quiz: tuple[QuizQuestion, ...]


@dataclass(frozen=True)
class ModuleDoc:
    id: str
    title: str
    summary: str
    lessons: tuple[LessonDoc, ...]


@dataclass(frozen=True)
class ToolDoc:
    kind: str  # "planner" or "self-assessment"
    title: str
    site_path: str
    package_path: str
    scripts: tuple[str, ...]
    html: str


@dataclass(frozen=True)
class CourseDoc:
    id: str
    title: str
    summary: str
    description_html: str
    modules: tuple[ModuleDoc, ...]
    tools: tuple[ToolDoc, ...]

    def lessons(self) -> list[LessonDoc]:
        return [lesson for module in self.modules for lesson in module.lessons]


@dataclass(frozen=True)
class Rendering:
    """How one format writes links: the pages it carries, new windows or not."""

    catalog: Catalog
    outline: CourseOutline  # the course's pages, as the plan made them
    site_url: str | None
    inside: InsideLinks
    new_window: bool = False

    @property
    def course_id(self) -> str:
        return self.outline.id

    def linker(self, site_path: str) -> Linker:
        # links to actions lead to the view of the kit whose readers take the course
        kit = kit_for_audience(self.catalog.courses[self.course_id].course.audience)
        return Linker(self.catalog, self.site_url, self.inside(site_path), kit)

    def markdown(self, text: str, site_path: str) -> str:
        """A Markdown field as HTML, its internal links resolved for this package."""
        resolve = self.linker(site_path).resolver()
        html = site_html(published(text, resolve))
        return clean_html(html, new_window=self.new_window)


def course_site_paths(outline: CourseOutline) -> dict[str, tuple[str, str]]:
    """Site path → (« lesson », lesson id) or (« tool », planner | self-assessment), for
    every page of the course that travels in its packages."""
    found = {path: ("lesson", lesson_id) for lesson_id, path in outline.lessons.items()}
    found.update({path: ("tool", kind) for kind, path in outline.tools.items()})
    return found


def render_course(rendering: Rendering) -> CourseDoc:
    outline = rendering.outline
    bundle = rendering.catalog.courses[outline.id]
    # the course's own pages (home, lessons, tools), as the site's plan made them
    pages = outline.pages
    modules = []
    for module in bundle.course.modules:
        lessons = tuple(
            _lesson(rendering, pages[outline.lessons[lid]], lid) for lid in module.lessons
        )
        modules.append(ModuleDoc(module.id, module.title, module.summary, lessons))
    tools = tuple(_tool(rendering, pages[path], kind) for kind, path in outline.tools.items())
    course = bundle.course
    return CourseDoc(
        id=outline.id,
        title=course.title,
        summary=course.summary,
        description_html=rendering.markdown(course.description, outline.home),
        modules=tuple(modules),
        tools=tools,
    )


def _lesson(rendering: Rendering, page: Page, lesson_id: str) -> LessonDoc:
    # The packages' platforms give the way from one lesson to the next, and each
    # format writes the quiz its own way: the site's page without both.
    context = {**page.context, "quiz": [], "previous": None, "next": None}
    html = _site_page_html(rendering, page, context)
    lesson = rendering.catalog.courses[rendering.course_id].lessons[lesson_id]
    key = f"{rendering.course_id}/{lesson_id}"
    quiz = tuple(
        _question(rendering, page.path, key, number, question)
        for number, question in enumerate(lesson.quiz, start=1)
    )
    return LessonDoc(lesson_id, lesson.title, page.path, html, quiz)


def _question(
    rendering: Rendering, site_path: str, key: str, number: int, question: Question
) -> QuizQuestion:
    order = choice_order(key, number - 1, len(question.choices))
    choices = tuple(
        QuizChoice(
            i, question.choices[i].text, question.choices[i].correct, question.choices[i].feedback
        )
        for i in order
    )
    explanation = question.explanation
    return QuizQuestion(
        number=number,
        text=question.question,
        multiple=sum(choice.correct for choice in question.choices) > 1,
        choices=choices,
        explanation_html=rendering.markdown(explanation, site_path) if explanation else None,
    )


def _tool(rendering: Rendering, page: Page, kind: str) -> ToolDoc:
    package_path, scripts = TOOL_PAGES[kind]
    html = _site_page_html(rendering, page, page.context)
    return ToolDoc(kind, page.title, page.path, package_path, scripts, html)


def _site_page_html(rendering: Rendering, page: Page, context: Mapping[str, object]) -> str:
    """A page of the site, rendered by its own template, as HTML for a package."""
    linker = rendering.linker(page.path)
    resolve = linker.resolver()
    template = _site_templates().get_template(page.template)
    markdown = template.render(
        **context,
        page=page,
        labels=labels,
        md=lambda text: published(text, resolve),
        rel=linker.href,
    )
    html = clean_html(site_html(markdown), new_window=rendering.new_window)
    return _TRAILING_RULE.sub("", html)


def unwrapped(html: str) -> str:
    """HTML without the line breaks of its wrapped source lines (outside <pre>): an
    importer that reads text with line breaks (Moodle's, for feedback) would make
    each one a <br>."""
    parts = _PRE.split(html.strip())
    return "".join(
        part if index % 2 else _LINE_BREAKS.sub(" ", part) for index, part in enumerate(parts)
    )


@functools.cache
def _site_templates() -> jinja2.Environment:
    return site_environment()
