"""The courses imported into a real Moodle (PHP and PostgreSQL on 127.0.0.1, in a
temporary folder), from the source archive named by $PASSERELLES_MOODLE_SRC
(.ci/run passes ../shared/lms/moodle-src.tar.xz when it is there; see
tests/moodle_site.py). Skips, saying so, when no source is given.

Each course's .mbz is restored with Moodle's admin/cli/restore_backup.php, its
.imscc through Moodle's Common Cartridge converter, its SCORM package added as
an activity; then the database says what a learner gets. Expected values come
from the YAML. About 5 minutes on 2 shared cores, most of it Moodle's installer.
"""

from __future__ import annotations

import contextlib
import html
import os
import re
import shutil
import signal
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from export_support import ROOT, YamlCourse, YamlQuestion, export_folder, package, yaml_courses
from lms_sources import MOODLE_ENV, source
from moodle_site import Moodle, Postgres, free_port, postgres_user, unpack
from playwright.sync_api import BrowserType, Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from support import CHROMIUM

from generator.check.validate import validate
from generator.plan import PLANNER_DAYS

pytestmark = pytest.mark.slow

COURSES = yaml_courses(ROOT)


@dataclass
class Site:
    moodle: Moodle
    mbz: dict[str, int]  # course id → the restored course's id (restore_backup.php)
    mbz_web: dict[str, int]  # the same, restored as the web wizard does
    imscc: dict[str, int]
    scorm: dict[str, int]  # course id → the SCORM activity's course module id


def _plain(fragment: object) -> str:
    text = re.sub(r"<[^>]+>", "", str(fragment or ""))
    return " ".join(html.unescape(text).split())


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    archive = source(MOODLE_ENV)
    if shutil.which("php") is None:
        pytest.fail("php est introuvable : installez php8.2-cli et ses extensions (voir .ci/run)")
    work = tmp_path_factory.mktemp("moodle")
    # PostgreSQL runs as a non-root user, who must reach its folder: one of its own
    pg_parent = Path(tempfile.mkdtemp(prefix="passerelles-pg-"))
    pg_parent.chmod(0o755)
    db = Postgres(pg_parent / "pg", free_port(), postgres_user())
    db.start()
    try:
        moodle = Moodle(unpack(archive, work / "src"), work / "data", db, free_port())
        moodle.install()
        out = work / "paquets"
        export_folder(ROOT, out, site_url=None)
        found = Site(moodle, {}, {}, {}, {})
        for course_id in sorted(COURSES):
            mbz = moodle.adapt(package(out, course_id, "moodle"), work / f"{course_id}.mbz")
            found.mbz[course_id] = moodle.restore_mbz(mbz)
            found.mbz_web[course_id] = moodle.restore_archive(mbz)
            found.imscc[course_id] = moodle.restore_archive(package(out, course_id, "imscc"))
            found.scorm[course_id] = moodle.add_scorm(
                package(out, course_id, "scorm12"), found.imscc[course_id]
            )
        yield found
    finally:
        db.stop()
        shutil.rmtree(pg_parent, ignore_errors=True)


def _modules(site: Site, course: int) -> list[dict[str, object]]:
    return site.moodle.db.rows(
        f"""select cm.id, m.name as kind, cs.section, cm.completion, cm.completionview,
                   cm.completionpassgrade, cm.completiongradeitemnumber,
                   coalesce(p.name, q.name, '') as title
              from mdl_course_modules cm
              join mdl_modules m on m.id = cm.module
              join mdl_course_sections cs on cs.id = cm.section
              left join mdl_page p on m.name = 'page' and p.id = cm.instance
              left join mdl_quiz q on m.name = 'quiz' and q.id = cm.instance
             where cm.course = {course}
             order by cs.section, position(',' || cm.id || ',' in ',' || cs.sequence || ',')"""
    )


def _answers(site: Site, course: int) -> list[dict[str, object]]:
    """Every answer of every quiz question of a course, in slot and answer order."""
    return site.moodle.db.rows(
        f"""select qz.name as quiz, qz.sumgrades, qz.grade, qs.slot, qs.maxmark,
                   q.questiontext, q.generalfeedback, a.answer, a.fraction, a.feedback,
                   qz.reviewspecificfeedback, qz.reviewrightanswer
              from mdl_quiz qz
              join mdl_quiz_slots qs on qs.quizid = qz.id
              join mdl_course_modules cm on cm.instance = qz.id
                   and cm.module = (select id from mdl_modules where name = 'quiz')
              join mdl_context ctx on ctx.instanceid = cm.id and ctx.contextlevel = 70
              join mdl_question_references qr on qr.itemid = qs.id
                   and qr.component = 'mod_quiz' and qr.questionarea = 'slot'
                   and qr.usingcontextid = ctx.id
              join mdl_question_versions qv on qv.questionbankentryid = qr.questionbankentryid
              join mdl_question q on q.id = qv.questionid
              join mdl_question_answers a on a.question = q.id
             where qz.course = {course}
             order by qz.id, qs.slot, a.id"""
    )


def _by_question(
    site: Site, restored: int, course: YamlCourse
) -> list[tuple[YamlQuestion, dict[str, dict[str, object]]]]:
    """Each YAML question of the course with its answers in Moodle, by answer text."""
    grouped: dict[str, list[dict[str, object]]] = {}
    for row in _answers(site, restored):
        grouped.setdefault(_plain(row["questiontext"]), []).append(row)
    assert len(grouped) == len(course.questions())
    return [
        (q, {_plain(r["answer"]): r for r in grouped[" ".join(q.text.split())]})
        for q in course.questions()
    ]


# ------------------------------------------------------------------ the .mbz route


@pytest.mark.parametrize("course_id", sorted(COURSES))
def test_mbz_course_names_survive(site: Site, course_id: str) -> None:
    """Restored as the web wizard does (restore_backup.php renames every new course
    « Restore as a new course »), the course keeps its title and its short name."""
    (row,) = site.moodle.db.rows(
        f"select fullname, shortname from mdl_course where id = {site.mbz_web[course_id]}"
    )
    assert row == {"fullname": COURSES[course_id].title, "shortname": course_id}


@pytest.mark.parametrize("course_id", sorted(COURSES))
def test_mbz_sections_pages_and_quizzes(site: Site, course_id: str) -> None:
    course = COURSES[course_id]
    restored = site.mbz[course_id]
    sections = {
        int(str(row["section"])): row
        for row in site.moodle.db.rows(
            f"select section, name, summary from mdl_course_sections where course = {restored}"
        )
    }
    for number, module in enumerate(course.modules, start=1):
        assert sections[number]["name"] == module.title
        assert _plain(sections[number]["summary"]) == module.summary
    first_words = " ".join(course.description.split()[:6])
    assert first_words in _plain(sections[0]["summary"])
    modules = _modules(site, restored)
    for number, module in enumerate(course.modules, start=1):
        found = [(m["kind"], m["title"]) for m in modules if m["section"] == number]
        expected: list[tuple[str, str]] = []
        for lesson in module.lessons:
            expected.append(("page", lesson.title))
            if lesson.quiz:
                expected.append(("quiz", f"Quiz : {lesson.title}"))
        assert found == expected
    for m in modules:
        if m["kind"] == "page":
            assert (m["completion"], m["completionview"]) == (2, 1), m
        else:
            assert (m["completion"], m["completionpassgrade"]) == (2, 1), m
            assert m["completiongradeitemnumber"] == 0, m


@pytest.mark.parametrize("course_id", sorted(COURSES))
def test_mbz_answer_keys_feedback_and_grades(site: Site, course_id: str) -> None:
    course = COURSES[course_id]
    restored = site.mbz[course_id]
    for question, by_text in _by_question(site, restored, course):
        rows = list(by_text.values())
        for choice in question.choices:
            row = by_text[" ".join(choice.text.split())]
            fraction = float(str(row["fraction"]))
            assert (fraction > 0) == choice.correct, (question.text, choice.text)
            assert _plain(row["feedback"]) == " ".join(choice.feedback.split())
        total = sum(float(str(r["fraction"])) for r in rows)
        if question.multiple:
            assert total <= 1e-6, "tout cocher ne doit rien rapporter"
        if question.explanation:
            assert _plain(rows[0]["generalfeedback"])
            assert "\n" not in str(rows[0]["generalfeedback"])
        assert int(str(rows[0]["reviewspecificfeedback"])) & 0x11110 == 0x11110
        assert int(str(rows[0]["reviewrightanswer"])) & 0x11110 == 0x11110
    quizzes = site.moodle.db.rows(
        f"""select q.name, q.sumgrades, q.grade, gi.grademax, gi.gradepass, gi.hidden,
                   (select count(*) from mdl_quiz_slots s where s.quizid = q.id) as slots
              from mdl_quiz q
              join mdl_grade_items gi on gi.itemmodule = 'quiz' and gi.iteminstance = q.id
             where q.course = {restored}"""
    )
    assert len(quizzes) == sum(1 for lesson in course.lessons() if lesson.quiz)
    for quiz in quizzes:
        assert float(str(quiz["sumgrades"])) == quiz["slots"]
        assert float(str(quiz["grade"])) == float(str(quiz["grademax"]))
        assert 0 < float(str(quiz["gradepass"])) <= float(str(quiz["grademax"]))
        assert quiz["hidden"] == 0


@pytest.mark.parametrize("course_id", sorted(COURSES))
def test_mbz_links_between_lessons_lead_to_the_restored_pages(site: Site, course_id: str) -> None:
    restored = site.mbz[course_id]
    pages = {m["id"] for m in _modules(site, restored) if m["kind"] == "page"}
    contents = site.moodle.db.rows(f"select content from mdl_page where course = {restored}")
    linked = set()
    for row in contents:
        text = str(row["content"])
        assert "$@" not in text, "lien encodé non résolu"
        linked |= {int(n) for n in re.findall(r"/mod/page/view\.php\?id=(\d+)", text)}
    assert linked and linked <= pages


@pytest.mark.parametrize("course_id", sorted(COURSES))
def test_mbz_tools_carry_their_scripts(site: Site, course_id: str) -> None:
    course: YamlCourse = COURSES[course_id]
    restored = site.mbz[course_id]
    names = {
        str(row["filename"])
        for row in site.moodle.db.rows(
            f"""select f.filename from mdl_files f
                  join mdl_context ctx on ctx.id = f.contextid and ctx.contextlevel = 70
                  join mdl_course_modules cm on cm.id = ctx.instanceid
                 where cm.course = {restored} and f.component = 'mod_page'
                   and f.filearea = 'content' and f.filename <> '.'"""
        )
    }
    assert "passerelles-export.css" in names
    assert ("planner.js" in names) == course.has_planner
    assert ("self-assessment.js" in names) == course.has_self_assessment


# ------------------------------------------------------------------ the other routes


@pytest.mark.parametrize("course_id", sorted(COURSES))
def test_imscc_route_what_the_converter_gives(site: Site, course_id: str) -> None:
    """The cartridge: every page, quiz and question, each module in its own section,
    the answer keys right; what the converter decides is asserted as the guide says
    (quiz review options off, marks out of 10, multi-answer without penalty)."""
    course = COURSES[course_id]
    restored = site.imscc[course_id]
    modules = _modules(site, restored)
    pages = [m for m in modules if m["kind"] == "page"]
    extra = 1 + (1 if course.has_planner else 0) + (1 if course.has_self_assessment else 0)
    assert len(pages) == len(course.lessons()) + extra  # presentation and tools
    sections = site.moodle.db.rows(
        f"select section, summary from mdl_course_sections where course = {restored}"
    )
    summaries = {_plain(s["summary"]) for s in sections}
    assert {m.title for m in course.modules} <= summaries
    for question, by_text in _by_question(site, restored, course):
        rows = list(by_text.values())
        for choice in question.choices:
            fraction = float(str(by_text[" ".join(choice.text.split())]["fraction"]))
            assert (fraction > 0) == choice.correct, (question.text, choice.text)
        assert int(str(rows[0]["reviewspecificfeedback"])) == 0  # the converter's choice


@pytest.mark.parametrize("course_id", sorted(COURSES))
def test_scorm_route_one_sco_per_lesson(site: Site, course_id: str) -> None:
    course = COURSES[course_id]
    rows = site.moodle.db.rows(
        f"""select s.scormtype, s.title from mdl_scorm_scoes s
              join mdl_course_modules cm on cm.instance = s.scorm
               and cm.module = (select id from mdl_modules where name = 'scorm')
             where cm.id = {site.scorm[course_id]}"""
    )
    # Moodle keeps the manifest's titles as HTML
    scos = [html.unescape(str(r["title"])) for r in rows if r["scormtype"] == "sco"]
    assert scos == [lesson.title for lesson in course.lessons()]


# ------------------------------------------------------------------ as a learner, in Chromium

LEARNER = ("apprenant", "Apprenant-1")


@pytest.fixture(scope="module")
def learner(site: Site, browser_type: BrowserType) -> Iterator[Page]:
    """A learner enrolled in the restored courses, logged in, in Debian's Chromium
    (`support.CHROMIUM`); every request that is not to 127.0.0.1 blocked (the theme asks for
    other hosts).

    The browser is launched from pytest-playwright's one Playwright of the session: a
    second sync_playwright() cannot start while that one runs (as it does once a browser
    test came first)."""
    site.moodle.add_learner(*LEARNER, [*site.mbz.values(), *site.imscc.values()])
    servers = site.moodle.serve()
    try:
        browser = browser_type.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            context = browser.new_context()
            context.route(re.compile(r"^(?!http://127\.0\.0\.1[:/])"), lambda r: r.abort())
            page = context.new_page()
            page.goto(f"{site.moodle.url}/login/index.php")
            page.fill("#username", LEARNER[0])
            page.fill("#password", LEARNER[1])
            page.click("#loginbtn")
            page.wait_for_load_state()
            assert "/login/" not in page.url
            yield page
        finally:
            browser.close()
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)  # the server and its workers
            server.wait(timeout=30)


def _cmid(site: Site, course: int, kind: str, title: str) -> int:
    (row,) = site.moodle.db.rows(
        f"""select cm.id from mdl_course_modules cm
              join mdl_modules m on m.id = cm.module and m.name = '{kind}'
              join mdl_{kind} x on x.id = cm.instance
             where cm.course = {course} and x.name = '{title.replace("'", "''")}'"""
    )
    return int(str(row["id"]))


def _tick_right_answers(question: Locator, expected: YamlQuestion) -> None:
    """Tick the right choices: each input is labelled by « a. TEXT » (aria-labelledby)."""
    right = {" ".join(c.text.split()) for c in expected.choices if c.correct}
    labels = question.locator("[data-region=answer-label]")
    for index in range(labels.count()):
        label = labels.nth(index)
        if " ".join(label.locator(".flex-fill").inner_text().split()) in right:
            question.locator(f'[aria-labelledby="{label.get_attribute("id")}"]').check()


@pytest.mark.parametrize("course_id", sorted(COURSES))
def test_learner_sees_feedback_and_a_perfect_attempt_scores_100(
    site: Site, learner: Page, course_id: str
) -> None:
    course = COURSES[course_id]
    lesson = next(
        (lsn for lsn in course.lessons() if any(q.multiple for q in lsn.quiz)),
        next(lsn for lsn in course.lessons() if lsn.quiz),
    )
    by_text = {" ".join(q.text.split()): q for q in lesson.quiz}
    cmid = _cmid(site, site.mbz[course_id], "quiz", f"Quiz : {lesson.title}")
    page = learner
    page.goto(f"{site.moodle.url}/mod/quiz/view.php?id={cmid}")
    page.get_by_role(
        "button", name=re.compile("Attempt quiz|Continue your attempt|Re-attempt quiz")
    ).click()
    page.wait_for_load_state()
    for number in range(1, len(lesson.quiz) + 1):
        question = page.locator(".que").nth(number - 1)
        expected = by_text[" ".join(question.locator(".qtext").inner_text().split())]
        _tick_right_answers(question, expected)
        question.get_by_role("button", name=re.compile("^Check")).click()
        page.wait_for_load_state()
        question = page.locator(".que").nth(number - 1)
        # after the check: the feedback of each choice ticked, the explanation, the answer
        feedback = " ".join(question.locator(".specificfeedback, .feedback").all_inner_texts())
        for choice in expected.choices:
            if choice.correct:
                assert " ".join(choice.feedback.split()) in " ".join(feedback.split())
        if expected.explanation:
            assert question.locator(".generalfeedback").inner_text().strip()
        assert question.locator(".rightanswer").count() == 1
    page.get_by_role("button", name=re.compile("Finish attempt")).click()
    page.get_by_role("button", name="Submit all and finish").first.click()
    confirm = page.get_by_role("dialog").get_by_role("button", name="Submit all and finish")
    with contextlib.suppress(PlaywrightTimeout):
        confirm.click(timeout=5000)  # the confirmation Moodle asks for
    page.wait_for_url(re.compile(r"/mod/quiz/review\.php"))
    grade = page.locator("table.quizreviewsummary").inner_text()
    assert re.search(r"Grade\s+100(\.0+)? out of 100", grade), grade
    count = len(lesson.quiz)
    assert re.search(rf"Marks\s+{count}(\.0+)?/{count}(\.0+)?", grade), grade


@pytest.mark.parametrize("course_id", sorted(COURSES))
def test_learner_follows_every_link_between_lessons(
    site: Site, learner: Page, course_id: str
) -> None:
    restored = site.mbz[course_id]
    contents = site.moodle.db.rows(f"select content from mdl_page where course = {restored}")
    links = {
        href
        for row in contents
        for href in re.findall(r'href="([^"]*/mod/page/view\.php\?id=\d+)"', str(row["content"]))
    }
    assert links
    for href in sorted(links):
        response = learner.request.get(href)
        assert response.status == 200, href
        assert "/login/" not in response.url, href


def test_learner_planner_warns_when_a_day_is_too_long(site: Site, learner: Page) -> None:
    course_id = next(c for c, course in sorted(COURSES.items()) if course.has_planner)
    planner = validate(ROOT).courses[course_id].course.week_planner
    assert planner is not None
    cmid = _cmid(site, site.mbz[course_id], "page", planner.title)
    learner.goto(f"{site.moodle.url}/mod/page/view.php?id={cmid}")
    monday = learner.get_by_role("group", name=PLANNER_DAYS[0], exact=True)
    start = 8 * 60
    over = start + round(planner.limits.max_hours_per_day * 60) + 60  # a 30 min pause
    monday.get_by_label("Arrivée").fill("08:00")
    monday.get_by_label("Début de la pause").fill("12:00")
    monday.get_by_label("Fin de la pause").fill("12:30")
    monday.get_by_label("Départ").fill(f"{over // 60:02d}:{over % 60:02d}")
    end = monday.get_by_label("Départ")
    expect(end).to_have_attribute("aria-invalid", "true")
    limit = f"{planner.limits.max_hours_per_day:g} h"
    expect(learner.locator(f"#{end.get_attribute('aria-describedby')}")).to_contain_text(
        f"plus que la limite de {limit} par jour"
    )


@pytest.mark.parametrize("course_id", sorted(COURSES))
def test_learner_scorm_link_to_another_lesson_opens_it_in_the_player(
    site: Site, learner: Page, course_id: str
) -> None:
    """In Moodle's SCORM player, a link to another lesson opens that lesson's SCO in
    the player (tracked), not a window of its own."""
    page = learner
    popups: list[str] = []
    page.on("popup", lambda popup: popups.append(popup.url))
    page.goto(f"{site.moodle.url}/mod/scorm/view.php?id={site.scorm[course_id]}")
    # the lesson reads its manifest once it has found the player: wait until it is read
    with page.expect_response(lambda r: r.url.endswith("/imsmanifest.xml")) as manifest:
        page.get_by_role("button", name=re.compile("Enter|Continue")).click()
    assert manifest.value.finished() is None
    frame = page.frame_locator("#scorm_object")
    link = frame.locator('main a[href$=".html"]:not([href*="/"])').first
    target = str(link.get_attribute("href"))
    link.click()
    page.wait_for_function(
        "name => Array.from(document.querySelectorAll('#scorm_object')).some("
        "f => f.contentWindow && f.contentWindow.location.href.endsWith('/lecons/' + name))",
        arg=target,
    )
    assert "loadSCO.php" in str(page.locator("#scorm_object").get_attribute("src"))
    assert popups == []


def test_learner_scorm_quiz_reaches_the_report_and_the_gradebook(site: Site, learner: Page) -> None:
    """A SCORM lesson's quiz, all right: Moodle records « passed », the score, one
    interaction per question, and the activity's grade (average of the lessons, as
    the guide advises) is 100."""
    course_id, lesson = next(
        (cid, lsn) for cid, c in sorted(COURSES.items()) for lsn in c.lessons() if lsn.quiz
    )
    cmid = site.scorm[course_id]
    page = learner
    page.goto(f"{site.moodle.url}/mod/scorm/view.php?id={cmid}")
    page.get_by_role("button", name=re.compile("Enter|Continue")).click()
    frame = page.frame_locator("#scorm_object")
    page.locator("a[data-scoid]", has_text=lesson.title).first.click()  # the player's contents
    forms = frame.locator("form.pa-question")
    forms.first.wait_for()
    for index, question in enumerate(lesson.quiz):
        for choice in question.correct:
            forms.nth(index).get_by_label(question.choices[choice].text, exact=True).check()
        forms.nth(index).get_by_role("button", name="Vérifier").click()
    expect(frame.locator(".pa-quiz-score")).to_contain_text("Ce résultat est enregistré")
    page.goto(f"{site.moodle.url}/course/view.php?id={site.imscc[course_id]}")  # LMSFinish
    values = site.moodle.db.rows(
        f"""select e.element, v.value, s.title from mdl_scorm_scoes_value v
              join mdl_scorm_element e on e.id = v.elementid
              join mdl_scorm_scoes s on s.id = v.scoid
              join mdl_course_modules cm on cm.instance = s.scorm
               and cm.module = (select id from mdl_modules where name = 'scorm')
             where cm.id = {cmid}"""
    )
    # Moodle keeps the manifest's titles as HTML
    found = {
        str(v["element"]): str(v["value"])
        for v in values
        if html.unescape(str(v["title"])) == lesson.title
    }
    assert found["cmi.core.lesson_status"] == "passed"
    assert found["cmi.core.score.raw"] == "100"
    results = [k for k, v in found.items() if re.fullmatch(r"cmi\.interactions_\d+\.result", k)]
    assert len(results) == len(lesson.quiz)
    assert {found[k] for k in results} == {"correct"}
    (grade,) = site.moodle.db.rows(
        f"""select gg.finalgrade from mdl_grade_grades gg
              join mdl_grade_items gi on gi.id = gg.itemid and gi.itemmodule = 'scorm'
              join mdl_course_modules cm on cm.instance = gi.iteminstance and cm.id = {cmid}
              join mdl_user u on u.id = gg.userid and u.username = '{LEARNER[0]}'"""
    )
    assert float(str(grade["finalgrade"])) == 100
