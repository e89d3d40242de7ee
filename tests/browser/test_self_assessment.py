"""The M@gistère module's pages in a real browser: the EntreComp self-assessment
grid (answers kept in localStorage, summaries, print, clear, no-JS fallback) and
the hybrid timeline of the course home (small screens, dark mode, axe)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
COURSE_ID = "esprit-d-entreprendre"
GRID_PATH = f"formations/{COURSE_ID}/autopositionnement/"
HOME_PATH = f"formations/{COURSE_ID}/"
STORAGE_KEY = f"passerelles:autopositionnement:{COURSE_ID}"


@pytest.fixture(scope="module")
def grid() -> dict[str, Any]:
    course = yaml.safe_load((ROOT / "mooc" / COURSE_ID / "course.yml").read_text("utf-8"))
    return course["self_assessment"]


@pytest.fixture
def errors(page: Page) -> Iterator[list[str]]:
    """Console errors and uncaught exceptions of the page; must stay empty."""
    found: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            found.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: found.append(str(error)))
    yield found
    assert found == []


def competence(page: Page, cid: str) -> Any:
    return page.locator(f'fieldset[data-competence="{cid}"]')


def summaries(page: Page) -> Any:
    return page.locator(".pa-sa-area .pa-sa-summary")


def stored(page: Page) -> dict[str, str] | None:
    raw = page.evaluate(f"window.localStorage.getItem({json.dumps(STORAGE_KEY)})")
    return None if raw is None else json.loads(raw)["answers"]


def test_answers_are_kept_after_a_reload(
    page: Page, site_url: str, grid: dict[str, Any], errors: list[str]
) -> None:
    levels = grid["levels"]
    first, second = grid["areas"][0]["competences"], grid["areas"][1]["competences"]
    answers = {
        first[0]["id"]: 2,  # by mouse, on the label
        first[3]["id"]: len(levels),
        second[1]["id"]: 1,
    }
    page.goto(site_url + GRID_PATH)
    expect(page.locator(".pa-sa-toolbar")).to_be_visible()
    expect(summaries(page).nth(0)).to_have_text("0 compétence sur 5 renseignée")
    for cid, level in answers.items():
        competence(page, cid).get_by_label(levels[level - 1], exact=True).check()
    # one more by keyboard: focus a radio of the group, move with the arrow keys
    keyboard_cid = second[4]["id"]
    competence(page, keyboard_cid).get_by_label(levels[0], exact=True).focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    answers[keyboard_cid] = 2
    expect(competence(page, keyboard_cid).get_by_label(levels[1], exact=True)).to_be_checked()

    expect(summaries(page).nth(0)).to_have_text("2 compétences sur 5 renseignées")
    expect(summaries(page).nth(1)).to_have_text("2 compétences sur 5 renseignées")
    expect(summaries(page).nth(2)).to_have_text("0 compétence sur 5 renseignée")
    assert stored(page) == {cid: str(level) for cid, level in answers.items()}

    page.reload()
    for cid, level in answers.items():
        for index, label in enumerate(levels, start=1):
            radio = competence(page, cid).get_by_label(label, exact=True)
            if index == level:
                expect(radio).to_be_checked()
            else:
                expect(radio).not_to_be_checked()
    untouched = grid["areas"][2]["competences"][0]["id"]
    expect(competence(page, untouched).locator("input:checked")).to_have_count(0)
    expect(summaries(page).nth(0)).to_have_text("2 compétences sur 5 renseignées")
    expect(page.locator(".pa-sa-note")).to_contain_text("4 compétences sur 15 renseignées")


def test_clear_removes_the_answers_after_confirmation(
    page: Page, site_url: str, grid: dict[str, Any], errors: list[str]
) -> None:
    cid = grid["areas"][2]["competences"][2]["id"]
    page.goto(site_url + GRID_PATH)
    competence(page, cid).get_by_label(grid["levels"][2], exact=True).check()
    assert stored(page) == {cid: "3"}
    clear = page.get_by_role("button", name="Effacer mes réponses")

    page.once("dialog", lambda dialog: dialog.dismiss())
    clear.click()
    expect(competence(page, cid).locator("input:checked")).to_have_count(1)
    assert stored(page) == {cid: "3"}

    page.once("dialog", lambda dialog: dialog.accept())
    clear.click()
    expect(page.get_by_role("status")).to_have_text("Vos réponses ont été effacées.")
    expect(page.locator("form.pa-self-assessment input:checked")).to_have_count(0)
    expect(summaries(page).nth(2)).to_have_text("0 compétence sur 5 renseignée")
    assert stored(page) is None
    page.reload()
    expect(page.locator(".pa-sa-toolbar")).to_be_visible()
    expect(page.locator("form.pa-self-assessment input:checked")).to_have_count(0)


def test_print_button_and_print_layout(
    page: Page, site_url: str, grid: dict[str, Any], errors: list[str]
) -> None:
    page.add_init_script("window.print = () => { window.__printed = true; };")
    cid = grid["areas"][0]["competences"][1]["id"]
    page.goto(site_url + GRID_PATH)
    competence(page, cid).get_by_label(grid["levels"][0], exact=True).check()
    page.get_by_role("button", name="Imprimer").click()
    assert page.evaluate("window.__printed === true")
    page.emulate_media(media="print")
    expect(page.locator(".pa-sa-toolbar")).to_be_hidden()
    expect(page.locator(".pa-sa-print-only")).to_be_visible()
    expect(competence(page, cid).get_by_label(grid["levels"][0], exact=True)).to_be_checked()
    expect(page.locator("fieldset.pa-competence")).to_have_count(15)


def test_without_javascript_the_grid_can_be_printed_and_filled_by_hand(
    browser: Browser, site_url: str, grid: dict[str, Any]
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + GRID_PATH)
        expect(page.locator("fieldset.pa-competence")).to_have_count(15)
        first = grid["areas"][0]["competences"][0]
        group = page.get_by_role("group", name=first["title"])
        expect(group.get_by_role("radio")).to_have_count(len(grid["levels"]))
        expect(page.locator(".pa-sa-noscript")).to_be_visible()
        expect(page.locator(".pa-sa-toolbar")).to_have_count(0)
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_timeline_reads_at_360_px_and_passes_axe(
    page: Page, site_url: str, scheme: str, errors: list[str]
) -> None:
    page.set_viewport_size({"width": 360, "height": 800})
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + HOME_PATH)
    expected_scheme = "slate" if scheme == "dark" else "default"
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", expected_scheme)
    timeline = page.locator("ol.pa-timeline")
    expect(timeline).to_be_visible()
    # modality in words in every « temps », not by colour alone
    heads = timeline.locator(".pa-timeline__head")
    assert heads.count() >= 2
    for text in heads.all_inner_texts():
        assert ("À distance" in text) != ("Présentiel" in text), text
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    box = timeline.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360
    axe = Axe().run(page, context={"include": [[".pa-timeline"], [".pa-totals"]]})
    assert axe.violations_count == 0, axe.generate_report()

    page.goto(site_url + GRID_PATH)
    expect(page.locator(".pa-sa-toolbar")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    axe = Axe().run(page, context="form.pa-self-assessment")
    assert axe.violations_count == 0, axe.generate_report()
