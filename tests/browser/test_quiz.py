"""The lesson quiz in Chromium: « Vérifier » shows the chosen choice's feedback and
the explanation, by mouse and by keyboard, checking every question shows the score
(each question counted at its first check), and the answers stay reachable without
JavaScript."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Locator, Page, expect
from support import WCAG_AA, without_transitions

from generator.check.validate import validate
from generator.format.models import Lesson, Question

ROOT = Path(__file__).resolve().parents[2]
COURSE = "accueillir-un-eleve-de-3e"


@pytest.fixture(scope="module")
def quiz_lesson() -> tuple[str, Lesson]:
    """The first lesson with at least two questions, the first one explained."""
    bundle = validate(ROOT).courses[COURSE]
    for lid in bundle.lesson_order():
        lesson = bundle.lessons[lid]
        if len(lesson.quiz) >= 2 and lesson.quiz[0].explanation:
            return lid, lesson
    raise AssertionError("no lesson with a quiz")


@pytest.fixture
def errors(page: Page) -> list[str]:
    """Script errors and console errors of the page, as they happen."""
    found: list[str] = []
    page.on("pageerror", lambda error: found.append(str(error)))
    page.on("console", lambda m: found.append(m.text) if m.type == "error" else None)
    return found


def _open(page: Page, site_url: str, lid: str) -> None:
    page.goto(f"{site_url}formations/{COURSE}/{lid}/")
    # no transitions: colours are read when final (axe, focus outline)
    without_transitions(page)


def _question(page: Page, index: int) -> Locator:
    return page.locator("form.pa-question").nth(index)


def _plain(text: str) -> str:
    """The words of a Markdown field as a reader sees them."""
    words: list[str] = []
    parser = HTMLParser()
    parser.handle_data = lambda data: words.extend(data.split())  # type: ignore[method-assign]
    parser.feed(markdown.markdown(text))
    return " ".join(words)


def _wrong_and_right(question: Question) -> tuple[int, int]:
    wrong = next(i for i, c in enumerate(question.choices) if not c.correct)
    right = next(i for i, c in enumerate(question.choices) if c.correct)
    return wrong, right


def test_a_wrong_then_a_right_answer_show_their_feedback(
    page: Page, site_url: str, quiz_lesson: tuple[str, Lesson], errors: list[str]
) -> None:
    lid, lesson = quiz_lesson
    _open(page, site_url, lid)
    question = lesson.quiz[0]
    form = _question(page, 0)
    answers = page.locator("details.pa-answers").first
    result = form.locator(".pa-question__result")
    expect(result).to_have_attribute("role", "status")
    # the answers wait until the question has been checked once
    expect(answers).to_be_hidden()

    form.get_by_role("button", name="Vérifier").click()
    expect(result).to_contain_text("Choisissez une réponse")

    wrong, right = _wrong_and_right(question)
    form.get_by_label(question.choices[wrong].text, exact=True).check()
    form.get_by_role("button", name="Vérifier").click()
    expect(result).to_contain_text("Ce n'est pas la bonne réponse")
    expect(result).to_contain_text(question.choices[wrong].feedback)
    expect(result).not_to_contain_text(question.choices[right].feedback)
    assert question.explanation, "pick a question with an explanation"
    explanation = result.locator(".pa-question__explanation")
    expect(explanation).to_be_visible()
    assert " ".join(explanation.inner_text().split()) == _plain(question.explanation)
    expect(answers).to_be_visible()

    form.get_by_label(question.choices[right].text, exact=True).check()
    expect(result).to_be_empty()  # a new choice clears the old verdict
    form.get_by_role("button", name="Vérifier").click()
    expect(result).to_contain_text("Bonne réponse")
    expect(result).to_contain_text(question.choices[right].feedback)
    expect(result).not_to_contain_text(question.choices[wrong].feedback)
    # the other questions are untouched
    expect(_question(page, 1).locator(".pa-question__result")).to_be_empty()
    assert errors == []


def _answer(form: Locator, question: Question, right: bool) -> None:
    """Check the right choices of a question (all of them), or one wrong choice."""
    wrong, _ = _wrong_and_right(question)
    chosen = [c for c in question.choices if c.correct] if right else [question.choices[wrong]]
    for choice in chosen:
        form.get_by_label(choice.text, exact=True).check()
    form.get_by_role("button", name="Vérifier").click()


def test_checking_every_question_shows_the_score(
    page: Page, site_url: str, quiz_lesson: tuple[str, Lesson], errors: list[str]
) -> None:
    lid, lesson = quiz_lesson
    page.set_viewport_size({"width": 390, "height": 844})
    _open(page, site_url, lid)
    score = page.locator(".pa-quiz__score")
    expect(score).to_have_attribute("role", "status")
    total = len(lesson.quiz)
    for index, question in enumerate(lesson.quiz):
        expect(score).to_be_empty()  # not before every question has been checked
        _answer(_question(page, index), question, right=index > 0)
    right = total - 1
    answers = "bonnes réponses" if right > 1 else "bonne réponse"
    expected = f"Votre résultat : {right} {answers} sur {total} à la première vérification."
    expect(score).to_have_text(expected)
    # trying again after reading the feedback does not change the score
    first = _question(page, 0)
    for choice in lesson.quiz[0].choices:
        first.get_by_label(choice.text, exact=True).set_checked(choice.correct)
    first.get_by_role("button", name="Vérifier").click()
    expect(first.locator(".pa-question__verdict")).to_contain_text("Bonne réponse")
    expect(score).to_have_text(expected)
    assert errors == []


def test_the_quiz_works_with_the_keyboard_alone(
    page: Page, site_url: str, quiz_lesson: tuple[str, Lesson]
) -> None:
    lid, lesson = quiz_lesson
    _open(page, site_url, lid)
    question = lesson.quiz[1]
    form = _question(page, 1)
    first = form.locator("input[type=radio]").first
    first.focus()
    page.keyboard.press("Space")
    expect(first).to_be_checked()
    # arrows move the choice inside the radio group
    page.keyboard.press("ArrowDown")
    second = form.locator("input[type=radio]").nth(1)
    expect(second).to_be_checked()
    expect(second).to_be_focused()
    page.keyboard.press("Tab")
    check = form.get_by_role("button", name="Vérifier")
    expect(check).to_be_focused()
    outline = check.evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline != "none"  # focus is visible
    page.keyboard.press("Enter")
    # the second choice on screen (choices are shown shuffled), found in the YAML by its text
    shown = form.locator("label").nth(1).inner_text().strip()
    expected = next(c for c in question.choices if c.text == shown)
    expect(form.locator(".pa-question__result")).to_contain_text(expected.feedback)
    verdict = "Bonne réponse" if expected.correct else "Ce n'est pas la bonne réponse"
    expect(form.locator(".pa-question__verdict")).to_contain_text(verdict)


def test_the_checked_quiz_meets_wcag_aa(
    page: Page, site_url: str, quiz_lesson: tuple[str, Lesson]
) -> None:
    lid, lesson = quiz_lesson
    _open(page, site_url, lid)
    for index, question in enumerate(lesson.quiz[:2]):
        wrong, right = _wrong_and_right(question)
        form = _question(page, index)
        form.get_by_label(question.choices[wrong if index else right].text, exact=True).check()
        form.get_by_role("button", name="Vérifier").click()
        expect(form.locator(".pa-question__verdict")).to_be_visible()
    for scheme in ("default", "slate"):
        page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
        results = Axe().run(page, context={"include": [[".md-content"]]}, options=WCAG_AA)
        assert results.violations_count == 0, results.generate_report()


def test_a_question_with_several_right_choices_wants_them_all(
    page: Page, site_url: str, errors: list[str]
) -> None:
    bundle = validate(ROOT).courses[COURSE]
    lid, index, question = next(
        (lid, i, q)
        for lid in bundle.lesson_order()
        for i, q in enumerate(bundle.lessons[lid].quiz)
        if sum(c.correct for c in q.choices) > 1
    )
    _open(page, site_url, lid)
    form = _question(page, index)
    expect(form.locator("legend")).to_contain_text("plusieurs réponses possibles")
    boxes = form.get_by_role("checkbox")
    expect(boxes).to_have_count(len(question.choices))
    result = form.locator(".pa-question__result")
    right = [c for c in question.choices if c.correct]

    form.get_by_label(right[0].text, exact=True).check()
    form.get_by_role("button", name="Vérifier").click()
    expect(result).to_contain_text("il y a d'autres bonnes réponses")
    expect(result).to_contain_text(right[0].feedback)

    for choice in right[1:]:
        form.get_by_label(choice.text, exact=True).check()
    form.get_by_role("button", name="Vérifier").click()
    expect(result).to_contain_text("Bonne réponse")
    for choice in right:
        expect(result).to_contain_text(choice.feedback)

    wrong = next(c for c in question.choices if not c.correct)
    form.get_by_label(wrong.text, exact=True).check()
    form.get_by_role("button", name="Vérifier").click()
    expect(result).to_contain_text("au moins un choix coché est faux")
    expect(result).to_contain_text(wrong.feedback)
    assert errors == []


def test_without_javascript_the_answers_are_in_a_disclosure(
    browser: Browser, site_url: str, quiz_lesson: tuple[str, Lesson]
) -> None:
    lid, lesson = quiz_lesson
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site_url}formations/{COURSE}/{lid}/")
        expect(page.get_by_role("button", name="Vérifier")).to_have_count(0)
        answers = page.locator("details.pa-answers")
        expect(answers).to_have_count(len(lesson.quiz))
        first = answers.first
        first.locator("summary").click()
        for choice in lesson.quiz[0].choices:
            expect(first).to_contain_text(choice.feedback)
    finally:
        context.close()
