"""Open edX's own Common Cartridge converter, cc2olx, reads every question of
every cartridge with exactly the right choices marked correct (the answer keys
come from the YAML). cc2olx is installed from the source archive named by
$PASSERELLES_CC2OLX (see tests/lms_sources.py); the test skips without one."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from export_support import ROOT, YamlQuestion, package, yaml_courses
from lms_sources import cc2olx
from lxml import etree

pytestmark = pytest.mark.slow

COURSES = yaml_courses(ROOT)


@pytest.fixture(scope="module")
def converted(
    tmp_path_factory: pytest.TempPathFactory, exported: Path
) -> dict[str, etree._Element]:
    """Each course's cartridge as cc2olx writes it: its course XML, by course id."""
    command = cc2olx()
    out = exported
    found = {}
    for course_id in COURSES:
        target = tmp_path_factory.mktemp(f"olx-{course_id}")
        cartridge = package(out, course_id, "imscc")
        result = subprocess.run(
            [str(command), "-i", str(cartridge), "-r", "folder", "-o", str(target)],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
            cwd=target,
        )
        assert result.returncode == 0, result.stderr[-2000:]
        (course_xml,) = Path(target).glob("*-course.xml")
        found[course_id] = etree.parse(str(course_xml)).getroot()
    return found


def _problems(course: etree._Element) -> dict[str, dict[str, bool]]:
    """Each problem's question text → {choice text: marked correct}."""
    problems = {}
    for problem in course.iter("problem"):
        (response,) = [c for c in problem if c.tag in ("multiplechoiceresponse", "choiceresponse")]
        prompt = response.find("p")
        assert prompt is not None
        text = "".join(prompt.itertext()).strip()
        choices = {
            "".join(choice.itertext()).strip(): choice.get("correct") == "true"
            for choice in response.iter("choice")
        }
        problems[text] = choices
    return problems


def _expected(question: YamlQuestion) -> dict[str, bool]:
    return {choice.text.strip(): choice.correct for choice in question.choices}


@pytest.mark.parametrize("course_id", sorted(COURSES))
def test_cc2olx_marks_exactly_the_right_choices(
    converted: dict[str, etree._Element], course_id: str
) -> None:
    problems = _problems(converted[course_id])
    questions = COURSES[course_id].questions()
    assert questions, "un cours sans question ne prouve rien"
    wrong = [q.text for q in questions if problems.get(q.text.strip()) != _expected(q)]
    assert wrong == [], f"{len(wrong)} question(s) sur {len(questions)} mal lues par cc2olx"
    assert len(problems) == len({q.text.strip() for q in questions})


@pytest.mark.parametrize("course_id", sorted(COURSES))
def test_multi_answer_questions_become_checkbox_problems(
    converted: dict[str, etree._Element], course_id: str
) -> None:
    multiple = {q.text.strip() for q in COURSES[course_id].questions() if q.multiple}
    found = {
        "".join(p.find("choiceresponse/p").itertext()).strip()  # type: ignore[union-attr]
        for p in converted[course_id].iter("problem")
        if p.find("choiceresponse") is not None
    }
    assert found == multiple
