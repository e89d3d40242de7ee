"""Moodle backups (.mbz): the files Moodle's restore reads, each where
moodle_backup.xml says, and what the YAML says the course holds: a section per
module (title, summary), a page per lesson, a quiz per lesson quiz whose
questions score exactly the right answers, with each choice's feedback and the
explanation, links between lessons as Moodle's encoded links, the pages' own
files, completion and grades. Expected values come from the YAML (read with
PyYAML in export_support), never from the exporter."""

from __future__ import annotations

import hashlib
import html
import itertools
import re
from pathlib import Path

import pytest
from export_support import (
    ROOT,
    YamlQuestion,
    archive_files,
    package,
    yaml_courses,
)
from lxml import etree

COURSES = yaml_courses(ROOT)
NULL = "$@NULL@$"
# What each activity folder holds for Moodle's restore (restore_activity_task and
# the steps it runs), besides the module's own file (page.xml, quiz.xml).
ACTIVITY_FILES = {
    "module.xml",
    "inforef.xml",
    "grades.xml",
    "grade_history.xml",
    "roles.xml",
    "filters.xml",
    "comments.xml",
    "calendar.xml",
    "competencies.xml",
    "completion.xml",
}
ROOT_FILES = {
    "moodle_backup.xml",
    "files.xml",
    "questions.xml",
    "gradebook.xml",
    "roles.xml",
    "users.xml",
    "groups.xml",
    "scales.xml",
    "outcomes.xml",
    "completion.xml",
    "course/course.xml",
    "course/inforef.xml",
}


@pytest.fixture(scope="module")
def packages(exported_without_site: Path) -> Path:
    """The packages every module shares, made once per run."""
    return exported_without_site


def _files(packages: Path, course_id: str) -> dict[str, bytes]:
    return archive_files(package(packages, course_id, "moodle"))


def _xml(files: dict[str, bytes], name: str) -> etree._Element:
    return etree.fromstring(files[name])


def _text(node: etree._Element, path: str) -> str:
    found = node.findtext(path)
    assert found is not None, path
    return found


def _plain(fragment: str) -> str:
    """The text of an HTML fragment, spaces collapsed."""
    text = re.sub(r"<[^>]+>", "", fragment)
    return " ".join(html.unescape(text).split())


def _activities(files: dict[str, bytes]) -> list[dict[str, str]]:
    main = _xml(files, "moodle_backup.xml")
    return [
        {child.tag: child.text or "" for child in activity}
        for activity in main.iterfind("information/contents/activities/activity")
    ]


@pytest.mark.parametrize("course_id", sorted(COURSES))
def test_every_folder_moodle_restores_is_there(packages: Path, course_id: str) -> None:
    files = _files(packages, course_id)
    assert set(files) >= ROOT_FILES
    main = _xml(files, "moodle_backup.xml")
    info = main.find("information")
    assert _text(info, "details/detail/type") == "course"
    assert _text(info, "details/detail/format") == "moodle2"
    # restored by 4.5 LTS and later: no newer version than 4.5's
    assert int(_text(info, "moodle_version")) <= 2024100700
    assert int(_text(info, "backup_version")) >= 2022020200  # the question bank format of 4.0+
    for activity in _activities(files):
        folder = activity["directory"]
        assert folder == f"activities/{activity['modulename']}_{activity['moduleid']}"
        assert {f"{folder}/{name}" for name in ACTIVITY_FILES} <= set(files), folder
        module = _xml(files, f"{folder}/module.xml")
        assert module.get("id") == activity["moduleid"]
        assert _text(module, "modulename") == activity["modulename"]
        own = _xml(files, f"{folder}/{activity['modulename']}.xml")
        assert own.get("moduleid") == activity["moduleid"]
        assert own.get("modulename") == activity["modulename"]
    for section in main.iterfind("information/contents/sections/section"):
        folder = _text(section, "directory")
        assert f"{folder}/section.xml" in files and f"{folder}/inforef.xml" in files
    # every activity and section is included by the backup's settings
    settings = {_text(s, "name"): _text(s, "value") for s in info.iterfind("settings/setting")}
    for activity in _activities(files):
        assert settings[f"{activity['modulename']}_{activity['moduleid']}_included"] == "1"


@pytest.mark.parametrize("course_id", sorted(COURSES))
def test_course_sections_pages_and_quizzes_follow_the_yaml(packages: Path, course_id: str) -> None:
    course = COURSES[course_id]
    files = _files(packages, course_id)
    about = _xml(files, "course/course.xml")
    assert _text(about, "fullname") == course.title
    # a short name that survives any restore: the course id, ASCII
    assert _text(about, "shortname") == course_id
    assert course.summary in _plain(_text(about, "summary"))
    assert _text(about, "enablecompletion") == "1"
    main = _xml(files, "moodle_backup.xml")
    sections = {}
    for entry in main.iterfind("information/contents/sections/section"):
        section = _xml(files, f"{_text(entry, 'directory')}/section.xml")
        sections[int(_text(section, "number"))] = section
    first_words = " ".join(course.description.split()[:6])
    assert first_words in _plain(_text(sections[0], "summary"))
    activities = {a["moduleid"]: a for a in _activities(files)}
    for number, module in enumerate(course.modules, start=1):
        section = sections[number]
        assert _text(section, "name") == module.title
        assert _plain(_text(section, "summary")) == module.summary
        sequence = _text(section, "sequence").split(",")
        found = [(activities[cmid]["modulename"], activities[cmid]["title"]) for cmid in sequence]
        expected = []
        for lesson in module.lessons:
            expected.append(("page", lesson.title))
            if lesson.quiz:
                expected.append(("quiz", f"Quiz : {lesson.title}"))
        assert found == expected
    tools = len(sections) - 1 - len(course.modules)
    assert tools == (1 if course.has_planner or course.has_self_assessment else 0)


def _questions(files: dict[str, bytes]) -> dict[str, etree._Element]:
    """Question bank entry id → its question element."""
    bank = _xml(files, "questions.xml")
    found = {}
    for entry in bank.iterfind("question_category/question_bank_entries/question_bank_entry"):
        (question,) = entry.findall("question_version/question_versions/questions/question")
        found[entry.get("id") or ""] = question
    return found


def _score(answers: list[etree._Element], chosen: set[int]) -> float:
    """A multichoice question's mark for the chosen answers (Moodle's rule: the
    sum of their fractions, kept between 0 and 1)."""
    total = sum(float(_text(answers[i], "fraction")) for i in chosen)
    return min(1.0, max(0.0, total))


def _check_question(question: etree._Element, expected: YamlQuestion) -> None:
    assert _text(question, "qtype") == "multichoice"
    assert _plain(_text(question, "questiontext")) == " ".join(expected.text.split())
    plugin = question.find("plugin_qtype_multichoice_question")
    assert plugin is not None
    assert _text(plugin, "multichoice/single") == ("0" if expected.multiple else "1")
    answers = plugin.findall("answers/answer")
    by_text = {_plain(_text(a, "answertext")): a for a in answers}
    assert sorted(by_text) == sorted(" ".join(c.text.split()) for c in expected.choices)
    ordered = [by_text[" ".join(c.text.split())] for c in expected.choices]
    for choice, answer in zip(expected.choices, ordered, strict=True):
        assert _plain(_text(answer, "feedback")) == " ".join(choice.feedback.split())
        assert "\n" not in _text(answer, "feedback")
    right = set(expected.correct)
    sizes = range(1, len(ordered) + 1) if expected.multiple else (1,)
    for size in sizes:
        for chosen in itertools.combinations(range(len(ordered)), size):
            mark = _score(ordered, set(chosen))
            assert (abs(mark - 1) < 1e-6) == (set(chosen) == right), (expected.text, chosen)
    if expected.multiple:
        assert _score(ordered, set(range(len(ordered)))) < 1e-6, "tout cocher ne rapporte rien"
    general = _text(question, "generalfeedback")
    assert "\n" not in general
    if expected.explanation:
        # the explanation's Markdown as text: emphasis and link targets dropped
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", expected.explanation)
        words = " ".join(re.sub(r"[*_`]", "", text).split()[:3])
        assert words in _plain(general)
    else:
        assert general == ""


@pytest.mark.parametrize("course_id", sorted(COURSES))
def test_each_quiz_scores_exactly_the_right_answers(packages: Path, course_id: str) -> None:
    course = COURSES[course_id]
    files = _files(packages, course_id)
    questions = _questions(files)
    quizzes = {a["title"]: a for a in _activities(files) if a["modulename"] == "quiz"}
    assert len(quizzes) == sum(1 for lesson in course.lessons() if lesson.quiz)
    for lesson in course.lessons():
        if not lesson.quiz:
            continue
        folder = quizzes[f"Quiz : {lesson.title}"]["directory"]
        quiz = _xml(files, f"{folder}/quiz.xml").find("quiz")
        assert quiz is not None
        instances = quiz.findall("question_instances/question_instance")
        assert len(instances) == len(lesson.quiz)
        assert float(_text(quiz, "sumgrades")) == len(lesson.quiz)
        assert sum(float(_text(i, "maxmark")) for i in instances) == len(lesson.quiz)
        for instance, expected in zip(instances, lesson.quiz, strict=True):
            entry = _text(instance, "question_reference/questionbankentryid")
            _check_question(questions[entry], expected)
        # feedback and right answers shown after each check and in the review
        for option in ("specificfeedback", "generalfeedback", "rightanswer", "correctness"):
            assert int(_text(quiz, f"review{option}")) & 0x11110 == 0x11110, option
        grades = _xml(files, f"{folder}/grades.xml")
        item = grades.find("grade_items/grade_item")
        assert item is not None
        assert float(_text(item, "grademax")) == float(_text(quiz, "grade"))
        assert 0 < float(_text(item, "gradepass")) <= float(_text(item, "grademax"))
        assert _text(item, "hidden") == "0"
        module = _xml(files, f"{folder}/module.xml")
        assert _text(module, "completion") == "2"
        assert _text(module, "completionpassgrade") == "1"
        assert _text(module, "completiongradeitemnumber") == "0"


@pytest.mark.parametrize("course_id", sorted(COURSES))
def test_links_between_lessons_are_moodle_links(packages: Path, course_id: str) -> None:
    files = _files(packages, course_id)
    pages = {a["moduleid"] for a in _activities(files) if a["modulename"] == "page"}
    linked = set()
    for name, data in files.items():
        if not name.endswith(".xml"):
            continue
        text = data.decode("utf-8")
        assert "lecons/" not in text and "lesson:" not in text, name
        linked |= set(re.findall(r"\$@PAGEVIEWBYID\*(\d+)@\$", text))
    assert linked, "aucun lien entre leçons"
    assert linked <= pages


@pytest.mark.parametrize("course_id", sorted(COURSES))
def test_pages_carry_their_files_and_are_complete_when_viewed(
    packages: Path, course_id: str
) -> None:
    files = _files(packages, course_id)
    listed = {}
    for entry in _xml(files, "files.xml").iterfind("file"):
        content = files[f"files/{_text(entry, 'contenthash')[:2]}/{_text(entry, 'contenthash')}"]
        assert hashlib.sha1(content).hexdigest() == _text(entry, "contenthash")
        assert len(content) == int(_text(entry, "filesize"))
        listed[entry.get("id")] = entry
    scripts_seen = set()
    for activity in _activities(files):
        if activity["modulename"] != "page":
            continue
        folder = activity["directory"]
        context = _xml(files, f"{folder}/page.xml").get("contextid")
        content = _text(_xml(files, f"{folder}/page.xml"), "page/content")
        refs = [
            _text(f, "id") for f in _xml(files, f"{folder}/inforef.xml").iterfind("fileref/file")
        ]
        own = {
            _text(listed[r], "filepath") + _text(listed[r], "filename")
            for r in refs
            if _text(listed[r], "contextid") == context
        }
        used = set(re.findall(r'"@@PLUGINFILE@@(/[^"]+)"', content))
        assert used and used == own, folder
        scripts_seen |= {u for u in used if u.endswith(".js")}
        module = _xml(files, f"{folder}/module.xml")
        assert _text(module, "completion") == "2"
        assert _text(module, "completionview") == "1"
    course = COURSES[course_id]
    if course.has_planner:
        assert "/commun/planner.js" in scripts_seen
    if course.has_self_assessment:
        assert "/commun/self-assessment.js" in scripts_seen


def test_the_checks_can_fail(packages: Path) -> None:
    """A multi-answer question where ticking everything gives full marks is caught."""
    course = next(c for c in COURSES.values() if any(q.multiple for q in c.questions()))
    files = _files(packages, course.id)
    question = next(q for q in course.questions() if q.multiple)
    lesson = next(lesson for lesson in course.lessons() if question in lesson.quiz)
    bank = _questions(files)
    quizzes = {a["title"]: a for a in _activities(files) if a["modulename"] == "quiz"}
    quiz = _xml(files, f"{quizzes[f'Quiz : {lesson.title}']['directory']}/quiz.xml")
    slot = lesson.quiz.index(question)
    entry = quiz.findall("quiz/question_instances/question_instance")[slot]
    node = bank[_text(entry, "question_reference/questionbankentryid")]
    for fraction in node.iterfind(".//answer/fraction"):
        if float(fraction.text or 0) < 0:
            fraction.text = "0.0000000"
    with pytest.raises(AssertionError):
        _check_question(node, question)
