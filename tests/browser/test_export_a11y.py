"""Every page of every course package in Chromium, on a 360 px wide screen: no
axe violation (WCAG 2.1 A and AA), no sideways scrolling, no console error and
no request that leaves the package.

SCORM and cartridge pages are opened as they are; an Open edX html component
is a fragment, shown here in a bare page the way Open edX shows it, with its
`/static/` links pointed at the course's static folder (what Studio does); a
Moodle Page's content too, next to the page's own files (its file area)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from export_support import (
    ROOT,
    archive_files,
    moodle_pages,
    package,
    unpack,
    yaml_courses,
)
from lxml import etree
from playwright.sync_api import Page, Request
from support import WCAG_AA, serving

from generator.export import FORMATS

COURSES = sorted(yaml_courses(ROOT))
AXE = Axe()
PHONE = {"width": 360, "height": 740}
OLX_SHELL = """<!DOCTYPE html>
<html lang="fr">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><link rel="icon" href="data:,"></head>
<body><main>
{body}
</main></body>
</html>
"""


def _olx_pages(course: Path, shown: Path) -> None:
    """Each html component (and the course's about page), in a bare page under `shown`."""
    static = "../../course/static/"
    for xml in sorted((course / "html").glob("*.xml")):
        title = etree.parse(str(xml)).getroot().get("display_name")
        body = (course / "html" / f"{xml.stem}.html").read_text("utf-8")
        html = OLX_SHELL.format(title=title, body=body.replace('"/static/', f'"{static}'))
        (shown / "html" / f"{xml.stem}.html").write_text(html, "utf-8")
    about = (course / "about" / "overview.html").read_text("utf-8")
    page = OLX_SHELL.format(title="Présentation", body=about)
    (shown / "about" / "overview.html").write_text(page, "utf-8")


def _moodle_pages(mbz: Path, shown: Path) -> list[str]:
    """Each Page of a Moodle backup in a bare page under `shown`, with its own files."""
    found = []
    files = archive_files(mbz)
    for name, data in moodle_pages(files).items():
        target = shown / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if name.endswith("/page.html"):
            activity = etree.fromstring(files[name.replace(".html", ".xml")])
            title = activity.findtext("page/name") or ""
            data = OLX_SHELL.format(title=title, body=data.decode("utf-8")).encode()
            found.append(str(target.relative_to(shown.parent)))
        target.write_bytes(data)
    return sorted(found)


@pytest.fixture(scope="module")
def served(
    tmp_path_factory: pytest.TempPathFactory, exported: Path
) -> Iterator[tuple[str, dict[str, list[str]]]]:
    """The unpacked packages on 127.0.0.1, and the pages of each, by « format/course »."""
    out = exported
    folder = tmp_path_factory.mktemp("servis")
    pages: dict[str, list[str]] = {}
    for fmt in FORMATS:
        for course_id in COURSES:
            key = f"{fmt}/{course_id}"
            if fmt == "moodle":
                target = folder / fmt / course_id
                pages[key] = _moodle_pages(package(out, course_id, fmt), target / "vues")
                continue
            target = unpack(package(out, course_id, fmt), folder / fmt / course_id)
            if fmt == "olx":
                shown = target / "vues"
                (shown / "html").mkdir(parents=True)
                (shown / "about").mkdir()
                _olx_pages(target / "course", shown)
                pages[key] = sorted(str(p.relative_to(target)) for p in shown.rglob("*.html"))
            else:
                pages[key] = sorted(
                    str(p.relative_to(target))
                    for p in target.rglob("*.html")
                    if p.parts[-2] in ("lecons", "outils")
                )
    with serving(folder) as url:
        yield url, pages


def _describe(violations: list[dict[str, Any]]) -> str:
    return "; ".join(
        f"{v['id']} ({len(v['nodes'])}) : {v['nodes'][0]['target']}" for v in violations
    )


@pytest.mark.parametrize("course_id", COURSES)
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_page_is_accessible_on_a_phone_and_self_contained(
    page: Page, served: tuple[str, dict[str, list[str]]], fmt: str, course_id: str
) -> None:
    base, pages = served
    root = f"{base}{fmt}/{course_id}/"
    errors: list[str] = []
    outside: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    def record(request: Request) -> None:
        if not request.url.startswith(root) and not request.url.startswith("data:"):
            outside.append(request.url)

    page.on("request", record)
    page.set_viewport_size(PHONE)
    problems = []
    assert pages[f"{fmt}/{course_id}"]
    for name in pages[f"{fmt}/{course_id}"]:
        page.goto(root + name)
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.lang") == "fr", name
        violations = AXE.run(page, options=WCAG_AA).response["violations"]
        if violations:
            problems.append(f"{name}: {_describe(violations)}")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            problems.append(f"{name}: défilement horizontal de {overflow} px à 360 px")
    assert problems == []
    assert outside == []
    assert errors == []


def test_a_checked_quiz_stays_accessible(
    page: Page, served: tuple[str, dict[str, list[str]]]
) -> None:
    """The quiz once checked (verdicts, feedback, score) in a SCORM lesson."""
    base, pages = served
    for course_id in COURSES:
        for name in pages[f"scorm12/{course_id}"]:
            page.goto(f"{base}scorm12/{course_id}/{name}")
            forms = page.locator("form.pa-question")
            if forms.count() == 0:
                continue
            for index in range(forms.count()):
                form = forms.nth(index)
                form.locator("input").first.check()
                form.get_by_role("button", name="Vérifier").click()
            assert page.locator(".pa-quiz-score").is_visible()
            violations = AXE.run(page, options=WCAG_AA).response["violations"]
            assert violations == [], _describe(violations)
            return
    raise AssertionError("aucune leçon avec quiz")
