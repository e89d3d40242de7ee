"""The SCORM 1.2 lessons in Chromium, with a real SCORM 1.2 runtime as the LMS.

A harness page sets npm scorm-again's `Scorm12API` as `window.API` (with the
mastery score read from the package's manifest, as an LMS does) and opens a SCO
of the unzipped package in a frame, or as a window it opened. Expected answers
and scores come from the YAML."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from export_support import ROOT, YamlLesson, package, unpack
from export_support import yaml_courses as read_courses
from lxml import etree
from npm_cache import RUNTIME_PACKAGE, npm_package
from playwright.sync_api import FrameLocator, Page, Request
from support import serving

COURSES = read_courses(ROOT)
CP = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"
ADLCP = "{http://www.adlnet.org/xsd/adlcp_rootv1p2}"
TIMESPAN = re.compile(r"^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$")
HARNESS = """<!DOCTYPE html>
<html lang="fr">
<head><meta charset="utf-8"><title>Harnais SCORM 1.2</title><link rel="icon" href="data:,">
<script src="scorm12.js"></script></head>
<body>
<script>
window.calls = [];
window.start = function (mastery) {
  var api = new Scorm12API({ logLevel: 4 });
  if (mastery) api.loadFromJSON({ student_data: { mastery_score: mastery } }, "cmi");
  ["LMSInitialize", "LMSFinish", "LMSCommit", "LMSSetValue"].forEach(function (name) {
    var original = api[name].bind(api);
    api[name] = function () {
      var args = Array.prototype.slice.call(arguments);
      var result = original.apply(null, args);
      window.calls.push([name].concat(args, [String(result)]));
      return result;
    };
  });
  window.API = api;
};
</script>
<iframe id="sco" title="Leçon" width="800" height="300"></iframe>
</body>
</html>
"""


def _pick(quiz: bool) -> tuple[str, YamlLesson]:
    """A lesson with a quiz of two questions or more, one with several right answers,
    or a lesson without quiz: (course id, lesson)."""
    for course_id, course in sorted(COURSES.items()):
        for lesson in course.lessons():
            if quiz and len(lesson.quiz) >= 2 and any(q.multiple for q in lesson.quiz):
                return course_id, lesson
            if not quiz and not lesson.quiz:
                return course_id, lesson
    raise AssertionError("aucune leçon de ce genre dans le contenu livré")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, exported: Path) -> Iterator[str]:
    """The harness, the runtime and each course's unzipped SCORM package (pkg/COURSE/)."""
    folder = tmp_path_factory.mktemp("harnais")
    out = exported
    (folder / "harness.html").write_text(HARNESS, "utf-8")
    runtime = npm_package(*RUNTIME_PACKAGE) / "dist" / "scorm12.js"
    shutil.copyfile(runtime, folder / "scorm12.js")
    for course_id in COURSES:
        unpack(package(out, course_id, "scorm12"), folder / "pkg" / course_id)
    with serving(folder) as url:
        yield url


@pytest.fixture
def watched(page: Page, served: str) -> Iterator[dict[str, list[str]]]:
    """Console errors and every request, recorded while the test runs."""
    seen: dict[str, list[str]] = {"errors": [], "requests": []}
    page.on("pageerror", lambda error: seen["errors"].append(str(error)))
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)

    def record(request: Request) -> None:
        seen["requests"].append(request.url)

    page.context.on("request", record)
    yield seen
    page.context.remove_listener("request", record)
    # the harness loads itself and the runtime; the lessons, only files of their package
    harness = {f"{served}harness.html", f"{served}scorm12.js"}
    outside = [
        url
        for url in seen["requests"]
        if url not in harness and not url.startswith((f"{served}pkg/", "data:", "about:"))
    ]
    assert any(url.startswith(f"{served}pkg/") for url in seen["requests"])
    assert outside == [], "requête hors du paquet"
    assert seen["errors"] == []


def _mastery(folder_url: str, course_id: str, lesson_id: str, page: Page) -> str | None:
    """The lesson's adlcp:masteryscore, read from the manifest as an LMS would."""
    text = page.request.get(f"{folder_url}pkg/{course_id}/imsmanifest.xml").body()
    manifest = etree.fromstring(text)
    resource = manifest.find(f".//{CP}resource[@href='lecons/{lesson_id}.html']")
    assert resource is not None
    item = manifest.find(f".//{CP}item[@identifierref='{resource.get('identifier')}']")
    assert item is not None
    return item.findtext(f"{ADLCP}masteryscore")


def _open_sco(page: Page, served: str, course_id: str, lesson_id: str) -> FrameLocator:
    page.goto(f"{served}harness.html")
    page.evaluate("mastery => start(mastery)", _mastery(served, course_id, lesson_id, page))
    page.evaluate(
        "src => { document.getElementById('sco').src = src; }",
        f"pkg/{course_id}/lecons/{lesson_id}.html",
    )
    page.wait_for_function("calls.some(c => c[0] === 'LMSInitialize')")
    return page.frame_locator("#sco")


def _cmi(page: Page, element: str) -> str:
    return str(page.evaluate(f"String(API.cmi.{element})"))


def _calls(page: Page, name: str) -> list[list[str]]:
    return [call for call in page.evaluate("calls") if call[0] == name]


def _answer(
    frame: FrameLocator | Page, lesson: YamlLesson, right: list[bool], start: int = 0
) -> None:
    """Answer each question (from form `start`), right or wrong, then check it."""
    forms = frame.locator("form.pa-question")
    for index, (question, good) in enumerate(zip(lesson.quiz, right, strict=True), start):
        form = forms.nth(index)
        wrong = next(i for i, c in enumerate(question.choices) if not c.correct)
        wanted = question.correct if good else [wrong]
        for choice_index in wanted:
            form.get_by_label(question.choices[choice_index].text, exact=True).check()
        form.get_by_role("button", name="Vérifier").click()


def _check_interactions(page: Page, lesson: YamlLesson, right: list[bool]) -> None:
    """One « choice » interaction per question, as `_answer` answered it: the choices
    ticked and the right ones as letters (a for the YAML's first choice)."""
    # the elements are write-only in SCORM 1.2: read from the calls the runtime accepted
    by_index: dict[int, dict[str, str]] = {}
    for _name, element, value, result in _calls(page, "LMSSetValue"):
        match = re.fullmatch(r"cmi\.interactions\.(\d+)\.(.+)", element)
        if match:
            assert result == "true", (element, value)
            by_index.setdefault(int(match[1]), {})[match[2]] = value
    assert sorted(by_index) == list(range(len(lesson.quiz)))
    assert page.evaluate("API.cmi.interactions._count") == len(lesson.quiz)
    found = [
        {
            "id": by_index[i]["id"],
            "type": by_index[i]["type"],
            "result": by_index[i]["result"],
            "response": by_index[i]["student_response"],
            "pattern": by_index[i]["correct_responses.0.pattern"],
        }
        for i in sorted(by_index)
    ]
    for number, (question, good, got) in enumerate(
        zip(lesson.quiz, right, found, strict=True), start=1
    ):
        letters = [chr(97 + i) for i in question.correct]
        wrong = next(i for i, c in enumerate(question.choices) if not c.correct)
        assert got["id"] == f"{lesson.id}-q{number}"
        assert got["type"] == "choice"
        assert got["result"] == ("correct" if good else "wrong")
        assert got["pattern"] == ",".join(letters)
        assert got["response"] == (",".join(letters) if good else chr(97 + wrong))


def _leave(page: Page) -> None:
    page.evaluate("document.getElementById('sco').src = 'about:blank'")
    page.wait_for_function("calls.some(c => c[0] === 'LMSFinish')")


def _check_finish(page: Page) -> None:
    (finish,) = _calls(page, "LMSFinish")
    assert finish[-1] == "true"
    times = [c[2] for c in _calls(page, "LMSSetValue") if c[1] == "cmi.core.session_time"]
    assert len(times) == 1 and TIMESPAN.match(times[0]), times
    names = [c[0] for c in page.evaluate("calls")]
    assert names[-1] == "LMSFinish" and "LMSCommit" in names


@pytest.mark.parametrize(
    ("pattern", "status"),
    [("juste", "passed"), ("faux", "failed"), ("une-sur-deux", "failed")],
)
def test_quiz_score_and_status(
    page: Page, served: str, watched: dict[str, list[str]], pattern: str, status: str
) -> None:
    course_id, lesson = _pick(quiz=True)
    count = len(lesson.quiz)
    right = {
        "juste": [True] * count,
        "faux": [False] * count,
        "une-sur-deux": [i % 2 == 0 for i in range(count)],
    }[pattern]
    frame = _open_sco(page, served, course_id, lesson.id)
    assert _cmi(page, "core.lesson_status") == "incomplete"
    _answer(frame, lesson, right)
    expected = round(100 * sum(right) / count)
    assert _cmi(page, "core.score.raw") == str(expected)
    assert _cmi(page, "core.score.min") == "0"
    assert _cmi(page, "core.score.max") == "100"
    assert _cmi(page, "core.lesson_status") == status
    assert (expected >= 80) == (status == "passed")
    assert f"soit {expected} sur 100" in (frame.locator(".pa-quiz-score").text_content() or "")
    _check_interactions(page, lesson, right)
    _leave(page)
    _check_finish(page)
    assert _cmi(page, "core.lesson_status") == status


def test_only_the_first_check_of_a_question_counts(
    page: Page, served: str, watched: dict[str, list[str]]
) -> None:
    course_id, lesson = _pick(quiz=True)
    frame = _open_sco(page, served, course_id, lesson.id)
    question = lesson.quiz[0]
    first = frame.locator("form.pa-question").first
    wrong = next(c for c in question.choices if not c.correct)
    first.get_by_label(wrong.text, exact=True).check()
    first.get_by_role("button", name="Vérifier").click()
    # corrected and checked again: right now, but its first check was wrong
    if question.multiple:
        first.get_by_label(wrong.text, exact=True).uncheck()
    for index in question.correct:
        first.get_by_label(question.choices[index].text, exact=True).check()
    first.get_by_role("button", name="Vérifier").click()
    assert first.locator(".pa-question__result").get_attribute("data-verdict") == "right"
    rest = YamlLesson(lesson.id, lesson.title, lesson.quiz[1:])
    _answer(frame, rest, [True] * len(rest.quiz), start=1)
    expected = round(100 * (len(lesson.quiz) - 1) / len(lesson.quiz))
    assert _cmi(page, "core.score.raw") == str(expected)


def test_lesson_without_quiz_is_completed_at_its_end(
    page: Page, served: str, watched: dict[str, list[str]]
) -> None:
    course_id, lesson = _pick(quiz=False)
    frame = _open_sco(page, served, course_id, lesson.id)
    assert _cmi(page, "core.lesson_status") == "incomplete"
    page.wait_for_timeout(300)
    assert _cmi(page, "core.lesson_status") == "incomplete"  # the end is not reached yet
    frame.locator(".pa-lesson-end").scroll_into_view_if_needed()
    page.wait_for_function("API.cmi.core.lesson_status === 'completed'")
    assert _cmi(page, "core.score.raw") == ""
    _leave(page)
    _check_finish(page)


def test_the_api_is_found_in_the_window_that_opened_the_lesson(
    page: Page, served: str, watched: dict[str, list[str]]
) -> None:
    course_id, lesson = _pick(quiz=False)
    page.goto(f"{served}harness.html")
    page.evaluate("start(null)")
    with page.expect_popup() as opened:
        page.evaluate("src => window.open(src)", f"pkg/{course_id}/lecons/{lesson.id}.html")
    popup = opened.value
    popup.wait_for_load_state()
    page.wait_for_function("calls.some(c => c[0] === 'LMSInitialize')")
    popup.close()
    page.wait_for_function("calls.some(c => c[0] === 'LMSFinish')")
    _check_finish(page)


def test_without_an_lms_the_lesson_is_a_plain_page(
    page: Page, served: str, watched: dict[str, list[str]]
) -> None:
    course_id, lesson = _pick(quiz=True)
    page.goto(f"{served}pkg/{course_id}/lecons/{lesson.id}.html")
    _answer(page, lesson, [True] * len(lesson.quiz))
    result = page.locator("form.pa-question").first.locator(".pa-question__result")
    assert result.get_attribute("data-verdict") == "right"
    score = page.locator(".pa-quiz-score").text_content() or ""
    assert "soit 100 sur 100" in score and "enregistré" not in score
    assert page.evaluate("typeof window.API") == "undefined"


def _linked_lesson(page: Page, served: str) -> tuple[str, YamlLesson, YamlLesson]:
    """A lesson whose page links to another lesson of its package: (course id, from, to)."""
    for course_id, course in sorted(COURSES.items()):
        by_id = {lesson.id: lesson for lesson in course.lessons()}
        for lesson in course.lessons():
            text = page.request.get(f"{served}pkg/{course_id}/lecons/{lesson.id}.html").text()
            for target in re.findall(r'<a href="([a-z0-9-]+)\.html"', text):
                if target in by_id and target != lesson.id:
                    return course_id, lesson, by_id[target]
    raise AssertionError("aucune leçon ne renvoie à une autre")


def test_a_link_to_another_lesson_opens_it_from_the_players_table_of_contents(
    page: Page, served: str, watched: dict[str, list[str]]
) -> None:
    """In a player whose page lists the lessons (as Moodle's table of contents does,
    each entry marked data-scoid), a link to another lesson asks the player to open
    it, tracked, instead of a window."""
    course_id, lesson, target = _linked_lesson(page, served)
    titles = [other.title for other in COURSES[course_id].lessons()]
    page.goto(f"{served}harness.html")
    page.evaluate(
        """titles => titles.forEach(title => {
             const entry = document.createElement("a");
             entry.href = "#"; entry.textContent = title; entry.dataset.scoid = "1";
             entry.addEventListener("click", event => {
               event.preventDefault();
               window.opened = (window.opened || []).concat([title]);
             });
             document.body.appendChild(entry);
           })""",
        titles,
    )
    page.evaluate("mastery => start(mastery)", _mastery(served, course_id, lesson.id, page))
    with page.expect_response(lambda response: response.url.endswith("/imsmanifest.xml")):
        page.evaluate(
            "src => { document.getElementById('sco').src = src; }",
            f"pkg/{course_id}/lecons/{lesson.id}.html",
        )
    page.wait_for_function("calls.some(c => c[0] === 'LMSInitialize')")
    frame = page.frame_locator("#sco")
    frame.locator(f'a[href="{target.id}.html"]').first.click()
    page.wait_for_function("window.opened && window.opened.length === 1")
    assert page.evaluate("window.opened") == [target.title]
    assert len(page.context.pages) == 1  # no new window
    _check_finish(page)
