"""The plan's pages are typed values, and the plan reuses what validation found."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from generator.check.catalog import Catalog
from generator.check.validate import validate
from generator.format import kinds
from generator.plan import CourseOutline, plan
from generator.plan.courses import lesson_after_grid
from generator.run.processes import JOBS_VARIABLE

ROOT = Path(__file__).resolve().parents[2]
COURSE_ID = "esprit-d-entreprendre"  # a course with a self-assessment grid


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return validate(ROOT)


def test_reserved_lesson_ids_are_the_names_of_a_course_s_other_pages(catalog: Catalog) -> None:
    """A lesson id refused by validation is exactly a name the plan gives to a course's
    home or tools (the shipped courses have both tools between them): the two read one
    registry."""
    pages = [page.path for page in plan(catalog).pages]
    names = set()
    for cid, bundle in catalog.courses.items():
        folder = f"formations/{cid}/"
        inside = {p.removeprefix(folder).removesuffix(".md") for p in pages if p.startswith(folder)}
        names |= inside - set(bundle.lessons)
    assert names == kinds.RESERVED_LESSON_IDS


def test_the_plan_reads_the_links_validation_found(catalog: Catalog) -> None:
    """The lesson after the grid comes from `Catalog.links`: without them the plan finds
    no lesson sending to the grid (lesson texts are not parsed again)."""
    bundle = catalog.courses[COURSE_ID]
    sending = [
        lid
        for lid, lesson in bundle.lessons.items()
        if any(f"(self-assessment:{COURSE_ID})" in a.instructions for a in lesson.activities)
    ]
    assert sending
    order = bundle.lesson_order()
    assert lesson_after_grid(catalog, bundle) == order[order.index(sending[-1]) + 1]
    assert lesson_after_grid(dataclasses.replace(catalog, links={}), bundle) is None


def test_every_page_is_built_with_a_context_of_values_not_of_dicts_for_course_pages(
    catalog: Catalog,
) -> None:
    """Course pages hand their templates frozen values: a template cannot change them."""
    folder = f"formations/{COURSE_ID}/"
    lesson = next(
        p for p in plan(catalog).pages if p.path.startswith(folder) and p.template == "lesson.md.j2"
    )
    entry = lesson.context["outline"][0].lessons[0]  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.title = "changé"


def test_the_plan_declares_the_packages_that_rendering_makes_and_sizes(
    minimal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Planning makes no package: the course home declares them, and the sizes it shows
    are those of the packages written beside the pages."""
    import generator.generate.pipeline as pipeline
    from generator.export import file_size
    from generator.plan.paths import course_path

    catalog = validate(minimal)
    assert catalog.courses
    made: list[str] = []
    real = pipeline.packages

    def counting(
        catalog: Catalog, outlines: list[CourseOutline], **kwargs: Any
    ) -> dict[str, bytes]:
        made.extend(outline.id for outline in outlines)
        return real(catalog, outlines, **kwargs)

    monkeypatch.setattr(pipeline, "packages", counting)
    # made in this process, where they are counted (tests/site/test_parallel.py checks the
    # packages a build on several cores makes in other processes)
    monkeypatch.setenv(JOBS_VARIABLE, "1")
    site = plan(catalog)
    assert {cid: o.home for cid, o in site.courses.items()} == {
        cid: course_path(cid) for cid in catalog.courses
    }
    assert made == []
    docs = tmp_path / "docs"
    pipeline.generate(minimal, docs)
    assert sorted(made) == sorted(catalog.courses)
    for cid in catalog.courses:
        home = (docs / course_path(cid)).read_text("utf-8")
        written = sorted((docs / "telechargements").glob(f"{cid}*"))
        assert written
        for package in written:
            assert f"[{package.name}](../../telechargements/{package.name})" in home
            assert f"({file_size(package.stat().st_size)})" in home


def test_a_course_s_outline_holds_the_pages_the_site_plans(catalog: Catalog) -> None:
    """What the packages carry is what the site plan made, not a second plan: each outline
    page is the very page of the site's plan, its lessons in the order of course.yml, and
    a tool only where course.yml declares it."""
    site = plan(catalog)
    planned = {id(page) for page in site.pages}
    assert sorted(site.courses) == sorted(catalog.courses)
    for cid, outline in site.courses.items():
        course = catalog.courses[cid].course
        assert all(id(page) in planned for page in outline.pages.values())
        order = [lid for module in course.modules for lid in module.lessons]
        assert list(outline.lessons) == order
        for lid, path in outline.lessons.items():
            assert outline.pages[path].context["lesson_id"] == lid
        declared = {
            kind.link
            for kind in (kinds.PLANNER, kinds.SELF_ASSESSMENT)
            if getattr(course, kind.field) is not None
        }
        assert set(outline.tools) == declared
        assert outline.pages[outline.home].template == "course.md.j2"
