"""Course progress in Chromium, on a phone and on a desktop: a lesson's « leçon
terminée / leçon suivante » bar follows its quiz, answering the whole quiz marks the
lesson done, the lesson's own outline shows the done marks, the course home says
« Reprendre » instead of « Commencer », and erasing the progress asks first. It all
stays in the browser."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Dialog, Locator, Page, Request, expect
from support import WCAG_AA, without_transitions

from generator.check.catalog import CourseBundle
from generator.check.validate import validate

ROOT = Path(__file__).resolve().parents[2]
COURSE = "accueillir-un-eleve-de-3e"
HYBRID = "esprit-d-entreprendre"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def bundles() -> dict[str, CourseBundle]:
    return validate(ROOT).courses


@pytest.fixture(scope="module")
def bundle(bundles: dict[str, CourseBundle]) -> CourseBundle:
    return bundles[COURSE]


def _lesson_url(site_url: str, lid: str, course: str = COURSE) -> str:
    return f"{site_url}formations/{course}/{lid}/"


FINISH = "Marquer la leçon comme terminée"
UNDO = "Marquer comme non terminée"


def _expect_done(page: Page, done: bool) -> None:
    """The lesson's state in words: « ✓ Leçon terminée » and the separate undo, or
    the one button that finishes it; never both."""
    holder = page.locator(".pa-lesson-done")
    expect(holder).to_have_attribute("data-state", "done" if done else "todo")
    finish = page.get_by_role("button", name=FINISH)
    undo = page.get_by_role("button", name=UNDO)
    state = holder.locator(".pa-lesson-done__state")
    if done:
        expect(state).to_be_visible()
        expect(state).to_have_text("✓ Leçon terminée")
        expect(undo).to_be_visible()
        expect(finish).to_have_count(0)
    else:
        expect(finish).to_be_visible()
        expect(state).to_be_hidden()
        expect(undo).to_have_count(0)


def _mark_done(page: Page, site_url: str, lid: str) -> None:
    page.goto(_lesson_url(site_url, lid))
    _expect_done(page, False)
    page.get_by_role("button", name=FINISH).click()
    _expect_done(page, True)
    expect(page.locator(".pa-lesson-done__status")).to_have_text("Leçon marquée comme terminée.")


def _top(locator: Locator) -> float:
    box = locator.bounding_box()
    assert box is not None
    return box["y"]


def _quiz_lesson(bundle: CourseBundle) -> tuple[int, str]:
    """A lesson with a quiz that is not the last one: (position, id)."""
    order = bundle.lesson_order()
    return next((i, lid) for i, lid in enumerate(order[:-1]) if bundle.lessons[lid].quiz)


# --------------------------------------------------------------------------- lesson page


def test_on_a_phone_the_next_lesson_bar_follows_the_quiz(
    page: Page, site_url: str, bundle: CourseBundle
) -> None:
    page.set_viewport_size(PHONE)
    position, lid = _quiz_lesson(bundle)
    lesson = bundle.lessons[lid]
    following = bundle.lessons[bundle.lesson_order()[position + 1]]
    page.goto(_lesson_url(site_url, lid))

    bar = page.locator(".pa-lesson-bar")
    expect(bar).to_have_count(1)
    # in the page's order: the quiz, then the bar, then the key points and the sources
    assert bar.evaluate("e => e.previousElementSibling.classList.contains('pa-quiz')")
    quiz_bottom = page.locator(".pa-quiz").evaluate("e => e.getBoundingClientRect().bottom")
    assert quiz_bottom <= _top(bar)
    later = page.locator("article h2").filter(has_text="À retenir")
    later = later.or_(page.locator("article h2").filter(has_text="Sources"))
    assert later.count() >= 1
    for index in range(later.count()):
        assert _top(bar) < _top(later.nth(index))
    expect(bar.get_by_role("button", name=FINISH)).to_be_visible()
    next_link = bar.get_by_role("link", name=f"Leçon suivante : {following.title}")
    expect(next_link).to_be_visible()
    # no sideways scrolling on the phone, the link's tap target is at least 44 px tall
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    height = next_link.evaluate("e => e.getBoundingClientRect().height")
    assert height >= 44, height
    assert len(lesson.quiz) == page.locator("form.pa-question").count()


def test_answering_every_question_marks_the_lesson_done(
    page: Page, site_url: str, bundle: CourseBundle
) -> None:
    page.set_viewport_size(PHONE)
    _, lid = _quiz_lesson(bundle)
    page.goto(_lesson_url(site_url, lid))
    _expect_done(page, False)
    forms = page.locator("form.pa-question")
    for index in range(forms.count()):
        _expect_done(page, False)
        forms.nth(index).locator("input").first.check()
        forms.nth(index).get_by_role("button", name="Vérifier").click()
    _expect_done(page, True)
    expect(page.locator(".pa-lesson-done__status")).to_have_text(
        "Quiz terminé : leçon marquée comme terminée."
    )
    stored = page.evaluate(f"localStorage.getItem('passerelles:progression:{COURSE}')")
    assert stored is not None and lid in stored


def test_the_lesson_outline_is_folded_and_shows_done_lessons(
    page: Page, site_url: str, bundle: CourseBundle
) -> None:
    page.set_viewport_size(PHONE)
    order = bundle.lesson_order()
    _mark_done(page, site_url, order[0])
    page.goto(_lesson_url(site_url, order[2]))
    outline = page.locator("details.pa-outline")
    summary = outline.locator("summary")
    # folded above the objectives, one line: it does not push the lesson down
    expect(outline).not_to_have_attribute("open", "")
    assert _top(outline) < _top(page.locator("article h2").filter(has_text="Objectifs"))
    assert 44 <= summary.evaluate("e => e.getBoundingClientRect().height") < 80
    expect(summary).to_contain_text(f"(1 sur {len(order)} terminée)")

    # opened with the keyboard
    summary.focus()
    page.keyboard.press("Enter")
    expect(outline).to_have_attribute("open", "")
    items = outline.locator(".pa-outline__item")
    expect(items).to_have_count(len(order))
    assert [items.nth(i).get_attribute("data-lesson") for i in range(len(order))] == order
    for i, lid in enumerate(order):
        expect(items.nth(i)).to_contain_text(bundle.lessons[lid].title)
    expect(items.nth(0)).to_contain_text("terminée")
    expect(items.nth(1)).not_to_contain_text("terminée")
    expect(items.nth(2)).to_have_attribute("aria-current", "page")
    expect(items.nth(2).get_by_role("link")).to_have_count(0)
    items.nth(1).get_by_role("link").click()
    expect(page).to_have_url(_lesson_url(site_url, order[1]))


def test_lessons_stay_out_of_the_sidebar(page: Page, site_url: str, bundle: CourseBundle) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    order = bundle.lesson_order()
    page.goto(_lesson_url(site_url, order[1]))
    sidebar = page.locator(".md-sidebar--primary")
    for lid in order:
        expect(sidebar.locator(f'a[href*="/{lid}/"]')).to_have_count(0)
    expect(page.locator(".md-content .pa-outline__item")).to_have_count(len(order))


def test_without_javascript_the_outline_and_the_next_lesson_work(
    browser: Browser, site_url: str, bundle: CourseBundle
) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    try:
        page = context.new_page()
        order = bundle.lesson_order()
        page.goto(_lesson_url(site_url, order[0]))
        expect(page.get_by_role("button", name=FINISH)).to_have_count(0)
        page.locator("details.pa-outline summary").click()
        expect(page.locator(".pa-outline__item").nth(1).get_by_role("link")).to_be_visible()
        title = bundle.lessons[order[1]].title
        page.get_by_role("link", name=f"Leçon suivante : {title}").click()
        expect(page).to_have_url(_lesson_url(site_url, order[1]))
    finally:
        context.close()


def test_the_last_lesson_leads_back_to_the_course(
    page: Page, site_url: str, bundle: CourseBundle
) -> None:
    page.goto(_lesson_url(site_url, bundle.lesson_order()[-1]))
    bar = page.locator(".pa-lesson-bar")
    expect(bar.get_by_role("link", name="Leçon suivante")).to_have_count(0)
    bar.get_by_role("link", name="Retour à la formation").click()
    expect(page).to_have_url(f"{site_url}formations/{COURSE}/")


def test_modality_is_shown_only_in_a_hybrid_course(
    page: Page, site_url: str, bundles: dict[str, CourseBundle]
) -> None:
    online, hybrid = bundles[COURSE], bundles[HYBRID]
    assert online.course.modality == "online" and hybrid.course.modality == "hybrid"
    page.goto(_lesson_url(site_url, online.lesson_order()[0]))
    header = page.locator("article h1 + p")  # « Leçon 1 sur N de … · module … · durée »
    expect(header).to_contain_text("Leçon 1 sur")
    expect(header).not_to_contain_text("à distance")
    page.goto(f"{site_url}formations/{COURSE}/")
    expect(page.locator(".pa-lesson-link").first).not_to_contain_text("à distance")
    lid = hybrid.lesson_order()[0]
    page.goto(_lesson_url(site_url, lid, HYBRID))
    label = {"distance": "à distance", "on-site": "présentiel"}[hybrid.lessons[lid].modality]
    expect(page.locator("article")).to_contain_text(label)


# --------------------------------------------------------------------------- course home


def test_after_one_lesson_the_course_home_says_reprendre(
    page: Page, site_url: str, bundle: CourseBundle
) -> None:
    requests: list[str] = []

    def record(request: Request) -> None:
        requests.append(request.url)

    page.on("request", record)
    page.set_viewport_size(PHONE)
    order = bundle.lesson_order()
    home = f"{site_url}formations/{COURSE}/"
    page.goto(home)
    expect(page.get_by_role("link", name="Commencer la formation")).to_have_count(1)
    expect(page.get_by_role("link", name="Reprendre")).to_have_count(0)

    first, third = order[0], order[2]
    _mark_done(page, site_url, first)
    page.goto(home)
    # « Reprendre » the first lesson not done, and never « Commencer » beside it
    resume = page.get_by_role("link", name="Reprendre")
    expect(resume).to_have_count(1)
    expect(resume).to_contain_text(bundle.lessons[order[1]].title)
    expect(page.get_by_role("link", name="Commencer")).to_have_count(0)
    expect(page.locator(".pa-progress__count")).to_have_text(f"1 leçon terminée sur {len(order)}.")
    # the facts line and the buttons fit the phone's width
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    _mark_done(page, site_url, third)
    page.goto(home)
    page.reload()
    done = page.locator(".pa-lesson-link--done")
    expect(done).to_have_count(2)
    assert [done.nth(i).get_attribute("data-lesson") for i in range(2)] == [first, third]
    expect(done.first).to_contain_text("terminée")
    expect(
        page.locator(".pa-lesson-link:not(.pa-lesson-link--done) .pa-lesson-state")
    ).to_have_count(0)
    expect(page.locator(".pa-progress__count")).to_have_text(
        f"2 leçons terminées sur {len(order)}."
    )
    page.get_by_role("link", name="Reprendre").click()
    expect(page).to_have_url(_lesson_url(site_url, order[1]))

    # kept in this browser, under one key per course, and sent nowhere
    stored = page.evaluate(f"localStorage.getItem('passerelles:progression:{COURSE}')")
    assert stored is not None and first in stored and third in stored
    assert all(url.startswith(site_url) for url in requests), requests


def test_erasing_progress_asks_first(page: Page, site_url: str, bundle: CourseBundle) -> None:
    order = bundle.lesson_order()
    _mark_done(page, site_url, order[0])
    page.reload()
    _expect_done(page, True)
    page.get_by_role("button", name=UNDO).click()
    _expect_done(page, False)
    expect(page.get_by_role("button", name=FINISH)).to_be_focused()
    _mark_done(page, site_url, order[1])

    page.goto(f"{site_url}formations/{COURSE}/")
    count = page.locator(".pa-progress__count")
    expect(count).to_have_text(f"1 leçon terminée sur {len(order)}.")
    expect(page.get_by_role("link", name="Reprendre")).to_contain_text(
        bundle.lessons[order[0]].title
    )
    without_transitions(page)
    results = Axe().run(page, context={"include": [[".md-content"]]}, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()

    erase = page.get_by_role("button", name="Effacer ma progression")
    questions: list[str] = []

    # cancelled (with the keyboard): nothing changes
    def cancel(dialog: Dialog) -> None:
        questions.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", cancel)
    erase.focus()
    page.keyboard.press("Enter")
    expect(count).to_have_text(f"1 leçon terminée sur {len(order)}.")
    assert questions and "Effacer votre progression" in questions[0]
    expect(page.locator(".pa-lesson-link--done")).to_have_count(1)

    # confirmed: erased, and the start button is back
    page.once("dialog", lambda dialog: dialog.accept())
    erase.click()
    expect(count).to_have_text(f"0 leçon terminée sur {len(order)}.")
    expect(count).to_be_focused()
    expect(page.locator(".pa-lesson-link--done")).to_have_count(0)
    expect(page.get_by_role("link", name="Reprendre")).to_have_count(0)
    expect(page.get_by_role("link", name="Commencer la formation")).to_be_visible()
    expect(page.get_by_role("button", name="Effacer ma progression")).to_have_count(0)
    stored = page.evaluate(f"localStorage.getItem('passerelles:progression:{COURSE}')")
    assert stored is None


# --------------------------------------------------------------------------- day 1, day 2


def _answer(page: Page, bundle: CourseBundle, lid: str) -> tuple[list[list[str]], int]:
    """Answers the lesson's quiz as the YAML says: the first question right (every
    right choice), the others wrong (their first wrong choice). Returns the checked
    choices' texts per question and how many questions are right."""
    forms = page.locator("form.pa-question")
    chosen: list[list[str]] = []
    for index, question in enumerate(bundle.lessons[lid].quiz):
        if index == 0:
            picks = [choice.text for choice in question.choices if choice.correct]
        else:
            picks = [next(choice.text for choice in question.choices if not choice.correct)]
        for pick in picks:
            forms.nth(index).get_by_label(pick, exact=True).check()
        forms.nth(index).get_by_role("button", name="Vérifier").click()
        chosen.append(picks)
    return chosen, 1


def _score(right: int, total: int) -> str:
    answers = "bonnes réponses" if right > 1 else "bonne réponse"
    return f"Votre résultat : {right} {answers} sur {total} à la première vérification."


def test_progress_and_quiz_survive_the_next_day(
    browser: Browser, site_url: str, bundle: CourseBundle
) -> None:
    """Day 1: the quiz finishes the lesson; the tap on the done state that used to undo
    it changes nothing. Day 2, a new browser context with day 1's storage: the course
    home says « Reprendre » and the count, the lesson is still done, and its quiz shows
    the answers, their verdicts and the score."""
    position, lid = _quiz_lesson(bundle)
    order = bundle.lesson_order()
    quiz = bundle.lessons[lid].quiz
    assert len(quiz) >= 2, "a lesson with a quiz of at least two questions"

    day1 = browser.new_context(viewport=PHONE)
    try:
        page = day1.new_page()
        page.goto(_lesson_url(site_url, lid))
        chosen, right = _answer(page, bundle, lid)
        expect(page.locator(".pa-quiz__score")).to_have_text(_score(right, len(quiz)))
        _expect_done(page, True)
        # the reader taps the line that says the lesson is done, as the old toggle invited
        page.locator(".pa-lesson-done__state").click()
        _expect_done(page, True)
        # the undo button is apart from it, and is not the bar's primary button
        undo = page.get_by_role("button", name=UNDO)
        assert "md-button" not in (undo.get_attribute("class") or "")
        storage = day1.storage_state()
    finally:
        day1.close()

    day2 = browser.new_context(viewport=PHONE, storage_state=storage)
    try:
        page = day2.new_page()
        page.goto(f"{site_url}formations/{COURSE}/")
        expect(page.get_by_role("link", name="Commencer la formation")).to_have_count(0)
        expect(page.locator(".pa-progress__count")).to_have_text(
            f"1 leçon terminée sur {len(order)}."
        )
        resume = page.get_by_role("link", name="Reprendre")
        expect(resume).to_contain_text(bundle.lessons[order[0] if position else order[1]].title)

        page.goto(_lesson_url(site_url, lid))
        _expect_done(page, True)
        forms = page.locator("form.pa-question")
        for index, picks in enumerate(chosen):
            for choice in bundle.lessons[lid].quiz[index].choices:
                box = forms.nth(index).get_by_label(choice.text, exact=True)
                assert box.is_checked() == (choice.text in picks), (index, choice.text)
            verdict = "right" if index == 0 else "wrong"
            expect(forms.nth(index).locator(".pa-question__result")).to_have_attribute(
                "data-verdict", verdict
            )
        expect(page.locator(".pa-quiz__score")).to_have_text(_score(right, len(quiz)))

        # undone on day 2, then the page shown again: the restored quiz does not redo it
        page.get_by_role("button", name=UNDO).click()
        _expect_done(page, False)
        page.reload()
        _expect_done(page, False)
        expect(page.locator(".pa-quiz__score")).to_have_text(_score(right, len(quiz)))
    finally:
        day2.close()
