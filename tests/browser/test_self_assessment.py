"""The M@gistère module's pages in a real browser: the EntreComp self-assessment
grid (answers kept in localStorage, summaries, the result after the last answer
with two priorities and the next lesson, print, clear, no-JS fallback) and the
hybrid timeline of the course home (small screens, dark mode, axe)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

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


def lessons_around_the_grid() -> tuple[dict[str, Any], dict[str, Any]]:
    """From the YAML: the last lesson whose activity opens the grid, and the next one."""
    course = yaml.safe_load((ROOT / "mooc" / COURSE_ID / "course.yml").read_text("utf-8"))
    order = [lid for module in course["modules"] for lid in module["lessons"]]
    lessons = {
        lid: yaml.safe_load((ROOT / "mooc" / COURSE_ID / "lessons" / f"{lid}.yml").read_text())
        for lid in order
    }
    link = f"(self-assessment:{COURSE_ID})"
    opening = [
        i
        for i, lid in enumerate(order)
        if any(link in a["instructions"] for a in lessons[lid].get("activities", []))
    ]
    assert opening, "no lesson opens the grid"
    opener, following = order[opening[-1]], order[opening[-1] + 1]
    return {"id": opener, **lessons[opener]}, {"id": following, **lessons[following]}


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


def test_after_the_last_answer_a_result_with_two_priorities_and_the_next_lesson(
    page: Page, site_url: str, grid: dict[str, Any], errors: list[str]
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    levels = grid["levels"]
    everything = [(area, c) for area in grid["areas"] for c in area["competences"]]
    # every competence at the top level but two, at the two lowest levels
    low, lower = everything[-4], everything[6]
    chosen = {c["id"]: len(levels) for _, c in everything}
    chosen[lower[1]["id"]], chosen[low[1]["id"]] = 1, 2
    page.goto(site_url + GRID_PATH)
    result = page.locator(".pa-sa-result")
    message = page.locator(".pa-sa-message")
    ids = list(chosen)
    for cid in ids[:-1]:
        competence(page, cid).get_by_label(levels[chosen[cid] - 1], exact=True).check()
    expect(result).to_be_hidden()
    expect(message).to_be_empty()

    last = ids[-1]
    competence(page, last).get_by_label(levels[chosen[last] - 1], exact=True).check()
    expect(result).to_be_visible()
    # announced: the toolbar's status message, with a link to the result
    expect(message).to_have_attribute("role", "status")
    expect(message).to_contain_text("Grille complète")
    message.get_by_role("link", name="Voir mon bilan").click()
    expect(result.get_by_role("heading", name="Votre bilan")).to_be_focused()

    # a summary per area: how many competences at each level
    areas = result.locator("ul.pa-sa-result__areas > li")
    expect(areas).to_have_count(len(grid["areas"]))
    for index, area in enumerate(grid["areas"]):
        counts = [0] * len(levels)
        for c in area["competences"]:
            counts[chosen[c["id"]] - 1] += 1
        item = areas.nth(index)
        expect(item).to_contain_text(area["title"])
        for level, count in zip(levels, counts, strict=True):
            if count:
                expect(item).to_contain_text(f"{level} : {count}")
            else:
                expect(item).not_to_contain_text(f"{level} :")
    # the two lowest competences, the lowest first
    priorities = result.locator("ol.pa-sa-result__priorities > li")
    expect(priorities).to_have_count(2)
    expect(priorities.nth(0)).to_contain_text(lower[1]["title"])
    expect(priorities.nth(0)).to_contain_text(levels[0])
    expect(priorities.nth(1)).to_contain_text(low[1]["title"])
    expect(priorities.nth(1)).to_contain_text(low[0]["title"])

    # and the way on: the lesson after the one that opens the grid
    _, following = lessons_around_the_grid()
    link = result.get_by_role("link", name=following["title"])
    expect(link).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    axe = Axe().run(page, context=".pa-sa-result")
    assert axe.violations_count == 0, axe.generate_report()
    link.click()
    expect(page).to_have_url(f"{site_url}formations/{COURSE_ID}/{following['id']}/")

    # changing an answer leaves the grid incomplete: the result goes away
    page.go_back()
    expect(result).to_be_visible()
    page.get_by_role("button", name="Effacer mes réponses").click()  # dismissed by default
    expect(result).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Effacer mes réponses").click()
    expect(result).to_be_hidden()


def test_the_grid_has_its_own_name_and_is_linked_from_its_lesson(
    page: Page, site_url: str, grid: dict[str, Any]
) -> None:
    opener, following = lessons_around_the_grid()
    assert grid["title"] != opener["title"]
    page.goto(f"{site_url}formations/{COURSE_ID}/{opener['id']}/")
    links = page.locator(f'article a[href$="{GRID_PATH.split("/")[-2]}/"]')
    assert links.count() >= 1
    links.first.click()
    expect(page).to_have_url(site_url + GRID_PATH)
    expect(page.locator("h1")).to_contain_text(grid["title"])
    # the lesson after the grid is linked at the end of the page, without JavaScript too
    end = page.locator("article > p").get_by_role("link", name=following["title"])
    expect(end).to_be_visible()


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
