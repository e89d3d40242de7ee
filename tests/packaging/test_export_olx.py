"""Open edX OLX archives: one top folder, a course that olxcleaner (the OLX
validator on PyPI) passes with no error, a chapter per module, a sequential per
lesson and one problem per quiz question, as the YAML says."""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

import olxcleaner
import pytest
from export_support import (
    ROOT,
    YamlQuestion,
    archive_names,
    export_folder,
    package,
    unpack,
    yaml_courses,
)
from lxml import etree
from olxcleaner.exceptions import ErrorLevel
from support import CORPUS, build_case

COURSES = yaml_courses(ROOT)
TOP = "course"


@pytest.fixture(scope="module")
def packages(exported: Path) -> Path:
    """The packages every module shares, made once per run."""
    return exported


@pytest.fixture(scope="module")
def courses(packages: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each course's OLX archive, unpacked: course id → the top folder."""
    unpacked = tmp_path_factory.mktemp("olx")
    return {
        cid: unpack(package(packages, cid, "olx"), unpacked / cid) / TOP for cid in sorted(COURSES)
    }


@pytest.mark.parametrize("course_id", sorted(COURSES))
def test_one_top_folder(packages: Path, course_id: str) -> None:
    names = archive_names(package(packages, course_id, "olx"))
    assert {name.split("/")[0] for name in names} == {TOP}
    assert f"{TOP}/course.xml" in names


@pytest.mark.parametrize("course_id", sorted(COURSES))
def test_olxcleaner_finds_no_error(courses: dict[str, Path], course_id: str) -> None:
    course, errors, _ = olxcleaner.validate(str(courses[course_id]), steps=8)
    assert course is not None
    found = [f"{e.level} {e.name} {e.filename}: {e.description}" for e in errors.errors]
    # the default failure level of olxcleaner's command line is ERROR
    assert not errors.return_error(ErrorLevel.ERROR.value), found
    assert found == []  # not even a warning


def test_olxcleaner_can_fail(courses: dict[str, Path], tmp_path: Path) -> None:
    """The validation can fail: a chapter pointing at a missing sequential is an error."""
    course_id = sorted(COURSES)[0]
    broken = tmp_path / TOP
    shutil.copytree(courses[course_id], broken)
    chapter = next((broken / "chapter").glob("m-*.xml"))
    chapter.write_text(chapter.read_text("utf-8").replace('url_name="l-', 'url_name="x-', 1))
    _, errors, _ = olxcleaner.validate(str(broken), steps=8)
    assert errors.return_error(ErrorLevel.ERROR.value), [e.name for e in errors.errors]


def _xml(path: Path) -> etree._Element:
    return etree.parse(str(path)).getroot()


@pytest.mark.parametrize("course_id", sorted(COURSES))
def test_structure_follows_the_yaml(courses: dict[str, Path], course_id: str) -> None:
    yaml_course = COURSES[course_id]
    folder = courses[course_id]
    root = _xml(folder / "course.xml")
    run = root.get("url_name")
    policy = json.loads((folder / "policies" / run / "policy.json").read_text("utf-8"))
    settings = policy[f"course/{run}"]
    assert settings["language"] == "fr"
    assert settings["display_name"] == yaml_course.title
    assert (folder / "policies" / run / "grading_policy.json").is_file()
    chapters = [c.get("url_name") for c in _xml(folder / "course" / f"{run}.xml")]
    problems = 0
    for module, chapter in zip(yaml_course.modules, chapters, strict=False):
        node = _xml(folder / "chapter" / f"{chapter}.xml")
        assert node.get("display_name") == module.title
        sequentials = [s.get("url_name") for s in node.iterfind("sequential")]
        assert len(sequentials) == len(module.lessons)
        for lesson, sequential in zip(module.lessons, sequentials, strict=True):
            seq = _xml(folder / "sequential" / f"{sequential}.xml")
            assert seq.get("display_name") == lesson.title
            found = []
            for vertical in seq.iterfind("vertical"):
                unit = _xml(folder / "vertical" / f"{vertical.get('url_name')}.xml")
                assert unit.find("html") is not None or unit.find("problem") is not None
                found += [p.get("url_name") for p in unit.iterfind("problem")]
            assert len(found) == len(lesson.quiz), lesson.id
            for name, question in zip(found, lesson.quiz, strict=True):
                _check_problem(_xml(folder / "problem" / f"{name}.xml"), question)
            problems += len(found)
            assert (seq.get("graded") == "true") == bool(lesson.quiz)
    assert problems == len(yaml_course.questions())
    assert len(list((folder / "problem").glob("*.xml"))) == problems


def _check_problem(problem: etree._Element, question: YamlQuestion) -> None:
    kind = "choiceresponse" if question.multiple else "multiplechoiceresponse"
    (response,) = [child for child in problem if child.tag.endswith("response")]
    assert response.tag == kind
    # Open edX reads these texts as HTML: they hold the YAML's text, escaped once
    assert html.unescape(response.findtext("label") or "") == question.text
    group = response.find("checkboxgroup" if question.multiple else "choicegroup")
    choices = group.findall("choice")
    by_text = {html.unescape((c.text or "").strip()): c for c in choices}
    assert sorted(by_text) == sorted(c.text for c in question.choices)
    for choice in question.choices:
        node = by_text[choice.text]
        assert node.get("correct") == ("true" if choice.correct else "false")
        (hint,) = node.findall("choicehint")
        assert html.unescape(hint.text or "") == choice.feedback
    assert (problem.find("solution") is not None) == bool(question.explanation)


def test_hostile_text_still_makes_a_valid_course(tmp_path: Path) -> None:
    """Markup-like text in every field: the OLX still parses and validates."""
    (case,) = CORPUS.glob("*-ok-hostile-text")
    content = build_case(case, tmp_path / "contenu")
    written = export_folder(content, tmp_path / "paquets")
    (olx,) = [path for name, path in written.items() if name.endswith("-olx.tar.gz")]
    course = unpack(olx, tmp_path / "olx") / TOP
    _, errors, _ = olxcleaner.validate(str(course), steps=8)
    assert [e.name for e in errors.errors] == []
