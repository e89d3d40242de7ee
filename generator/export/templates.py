"""The package files written from templates (generator/templates/export/) and the
assets every package carries (its stylesheet and scripts)."""

from __future__ import annotations

import functools
import posixpath
import types
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from generator.export.lesson_html import CourseDoc, LessonDoc, ToolDoc
from generator.run import bundle
from generator.trust.csp import PACKAGE_POLICY

# The site's own scripts: one code for the site and the packages.
SITE_SCRIPTS = bundle.root() / "overrides" / "assets" / "js"
OWN_ASSETS = Path(__file__).resolve().parent / "assets"
STYLESHEET = "passerelles-export.css"
ASSETS_DIR = "commun"


@functools.cache
def environment() -> jinja2.Environment:
    """HTML and XML templates: every value is escaped unless marked as HTML."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(template: str, **context: Any) -> bytes:
    return environment().get_template(f"export/{template}").render(**context).encode("utf-8")


def asset(name: str) -> bytes:
    """A file a package carries: our stylesheet and SCORM runtime, or a site script."""
    own = OWN_ASSETS / name
    return (own if own.is_file() else SITE_SCRIPTS / name).read_bytes()


def assets(names: Iterable[str], folder: str = ASSETS_DIR) -> dict[str, bytes]:
    return {f"{folder}/{name}": asset(name) for name in sorted(set(names))}


def root_of(package_path: str) -> str:
    """The way back to the package root from a page (« ../ » for lecons/x.html)."""
    depth = package_path.count("/")
    return "../" * depth


def lesson_page(
    course: CourseDoc,
    lesson: LessonDoc,
    package_path: str,
    *,
    scripts: tuple[str, ...] = (),
    sco: bool = False,
    mastery: int | None = None,
) -> bytes:
    """A lesson page; as a SCORM SCO (`sco`), with its quiz and the end of the lesson marked."""
    return render(
        "page.html.j2",
        policy=PACKAGE_POLICY,
        title=lesson.title,
        course_title=course.title,
        root=root_of(package_path),
        assets=ASSETS_DIR,
        stylesheet=STYLESHEET,
        content=Markup(lesson.html),
        quiz=lesson.quiz if sco else (),
        lesson_key=f"{course.id}/{lesson.id}",
        mastery=mastery,
        end_marker=sco,
        scripts=scripts,
    )


def tool_page(course: CourseDoc, tool: ToolDoc) -> bytes:
    return plain_page(course, tool.title, tool.html, tool.package_path, tool.scripts)


def plain_page(
    course: CourseDoc, title: str, html: str, package_path: str, scripts: tuple[str, ...] = ()
) -> bytes:
    """A page of the package that is neither a lesson nor a SCO: a tool, the course's
    presentation."""
    return render(
        "page.html.j2",
        policy=PACKAGE_POLICY,
        title=title,
        course_title=course.title,
        root=root_of(package_path),
        assets=ASSETS_DIR,
        stylesheet=STYLESHEET,
        content=Markup(html),
        quiz=(),
        lesson_key="",
        mastery=None,
        end_marker=False,
        scripts=scripts,
    )


PRESENTATION_PAGE = "presentation.html"
PRESENTATION_TITLE = "Présentation du cours"


def presentation_page(course: CourseDoc) -> bytes:
    """The course's presentation: its title, summary and description."""
    html = f"<h1>{escape(course.title)}</h1>\n<p>{escape(course.summary)}</p>\n"
    return plain_page(course, PRESENTATION_TITLE, html + course.description_html, PRESENTATION_PAGE)


def relative_links(locations: Mapping[str, str]) -> Callable[[str], Mapping[str, str]]:
    """For file-based packages: from the page at `site_path`, each page by its relative path.
    The pages of one folder see the others the same way: the table is made once a folder
    (a course's lessons share theirs: it was made for each lesson, a quarter of the time of
    making all the packages at 5,000 actions)."""
    tables: dict[str, Mapping[str, str]] = {}

    def inside(site_path: str) -> Mapping[str, str]:
        here = posixpath.dirname(locations.get(site_path, "")) or "."
        if here not in tables:
            table = {sp: posixpath.relpath(loc, here) for sp, loc in locations.items()}
            tables[here] = types.MappingProxyType(table)
        return tables[here]

    return inside


def tools_and_assets(course: CourseDoc, names: Iterable[str]) -> tuple[dict[str, bytes], list[str]]:
    """The course's tool pages and the shared files its pages use (`names`, plus the
    tools' scripts); and the shared files' paths, which a manifest lists."""
    files = {tool.package_path: tool_page(course, tool) for tool in course.tools}
    shared = assets({*names, *(script for tool in course.tools for script in tool.scripts)})
    return {**files, **shared}, sorted(shared)
