"""Accessibility, privacy and small screens, checked in Chromium on one page of each type.

On every page, in one browser tab (one test a page, which says every problem it finds):
in light and in dark mode, axe-core finds no WCAG 2.0/2.1 A or AA violation; no request
leaves 127.0.0.1, the console shows no error; every element reached with Tab shows a
visible focus; the page does not scroll sideways at 360 px. The interactive widgets are
driven with the keyboard alone, and the last tests show that each check does catch what
it is meant to catch.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, expect
from support import without_transitions

from generator.check.validate import validate
from generator.plan import paths

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-results" / "mobile-360"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE = Axe()
LOCAL_HOSTS = {"127.0.0.1"}
SCHEMES = {"clair": ("light", "default"), "sombre": ("dark", "slate")}
# Enough Tab presses to go round the longest page (the editors' list of messages: 424 stops
# today); a round that does not end within them fails.
MAX_TAB_STOPS = 1000
UNFINISHED_ROUND = "la touche Tab ne fait pas le tour de la page"


def _url(md_path: str) -> str:
    """The address of a generated page, relative to the site root (directory URLs)."""
    if md_path == "index.md":
        return ""
    if md_path.endswith("/index.md"):
        return md_path.removesuffix("index.md")
    return md_path.removesuffix(".md") + "/"


def _page_types() -> dict[str, str]:
    """One page of every type of the shipped content, by a readable name."""
    catalog = validate(ROOT)
    pages = {"accueil": ""}
    for kit, slug in paths.KIT_SLUGS.items():
        pages[f"kit-{slug}"] = _url(paths.kit_path(kit))
        first = next(iter(catalog.actions_in_kit(kit)))
        pages[f"action-{slug}"] = _url(paths.action_path(kit, first))
    pages["qui-contacter"] = _url(paths.CONTACTS_PATH)
    pages["academies"] = _url(paths.ACADEMIES_PATH)
    pages["role"] = _url(paths.interlocutor_path(next(iter(catalog.interlocutors))))
    pages["partenaires"] = _url(paths.PARTNERS_PATH)
    pages["partenaire"] = _url(paths.partner_path(next(iter(catalog.partners))))
    quiz_lesson = None
    for cid, bundle in catalog.courses.items():
        pages[f"formation-{cid}"] = _url(paths.course_path(cid))
        if quiz_lesson is None:
            quiz_lesson = next(
                (
                    paths.lesson_path(cid, lid)
                    for lid in bundle.lesson_order()
                    if bundle.lessons[lid].quiz
                ),
                None,
            )
        if bundle.course.week_planner is not None:
            pages[f"planning-{cid}"] = _url(paths.planner_path(cid))
        if bundle.course.self_assessment is not None:
            pages[f"autopositionnement-{cid}"] = _url(paths.self_assessment_path(cid))
    assert quiz_lesson is not None, "the shipped content has no lesson with a quiz"
    pages["lecon-avec-quiz"] = _url(quiz_lesson)
    pages["accessibilite"] = _url(paths.ACCESSIBILITY_PATH)
    pages["mentions-legales"] = _url(paths.LEGAL_PATH)
    pages["contribuer"] = _url(paths.GUIDE_PATH)
    pages["contribuer-action"] = _url(paths.GUIDE_NEW_ACTION_PATH)
    pages["contribuer-messages"] = _url(paths.GUIDE_MESSAGES_PATH)
    pages["page-introuvable"] = "404.html"
    return pages


PAGES = _page_types()


# --------------------------------------------------------------------------- watching


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    # French readers: 24 h time fields, French number formats.
    return {**browser_context_args, "locale": "fr-FR"}


@dataclass
class Watch:
    """What a page did that it should not: requests to other hosts, console errors."""

    foreign: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert not self.foreign, f"requêtes vers un autre hôte : {self.foreign}"
        assert not self.errors, f"erreurs dans la console : {self.errors}"


def _is_foreign(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname not in LOCAL_HOSTS


def watch(page: Page) -> Watch:
    """Record every request to another host (the browser of these tests sends them to a
    proxy that does not exist, so none leaves the machine: conftest.py), and every console
    error. Listening, not intercepting: a route would turn the browser's cache off and stop
    each request for a round trip through Python, three times the cost of a page."""
    seen = Watch()

    def record(request: Request) -> None:
        if _is_foreign(request.url):
            seen.foreign.append(request.url)

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            seen.errors.append(message.text)

    page.context.on("request", record)
    page.on("console", console)
    page.on("pageerror", lambda error: seen.errors.append(str(error)))
    return seen


@pytest.fixture
def watched(page: Page) -> Iterator[tuple[Page, Watch]]:
    yield page, watch(page)


def axe_violations(page: Page) -> list[dict[str, Any]]:
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    return list(AXE.run(page, options=options).response["violations"])


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])}) {v['help']}")
        for node in v["nodes"][:5]:
            checks = node.get("any", []) + node.get("all", []) + node.get("none", [])
            message = checks[0]["message"] if checks else ""
            lines.append(f"  {' '.join(map(str, node['target']))} : {message}")
    return "\n".join(lines)


def open_page(page: Page, base: str, path: str, scheme: str = "light") -> None:
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.goto(base + path)
    # Material sets the palette from the colour scheme the reader's system prefers.
    expected = "slate" if scheme == "dark" else "default"
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", expected)
    page.wait_for_load_state("load")


def search(page: Page, query: str) -> None:
    """Search with the keyboard, as a reader would: « / » opens the search box."""
    page.keyboard.press("/")
    expect(page.locator(".md-search__input")).to_be_focused()
    page.keyboard.type(query)
    expect(page.locator(".md-search-result__item").first).to_be_visible()


# --------------------------------------------------------------------------- every page


@pytest.mark.parametrize("scheme", list(SCHEMES), ids=list(SCHEMES))
def test_search_results_are_accessible(
    watched: tuple[Page, Watch], site_url: str, scheme: str
) -> None:
    page, seen = watched
    open_page(page, site_url, "", SCHEMES[scheme][0])
    search(page, "stage")
    expect(page.locator(".md-search-result__meta")).to_contain_text(
        re.compile(r"\d+ documents? trouvés?")
    )
    expect(page.locator(".md-search-result__item mark").first).to_have_text(
        re.compile("stage", re.IGNORECASE)
    )
    violations = axe_violations(page)
    assert not violations, describe(violations)
    seen.assert_clean()


# The focused element's state, judged in the page: `el` is document.activeElement.
_STATE_OF = """
el => {
  if (!el || el === document.body) return null;
  // Material fades some controls in on focus (skip link, permalinks): judge the end state.
  for (const a of el.getAnimations()) {
    if (a.effect && a.effect.getComputedTiming().iterations !== Infinity) a.finish();
  }
  const ring = (e, shadow) => {
    const style = getComputedStyle(e);
    return (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
      || (shadow && style.boxShadow !== "none");
  };
  const rect = el.getBoundingClientRect();
  const hidden = rect.width < 2 || rect.height < 2 || getComputedStyle(el).opacity === "0";
  // The ring may be drawn around the control or around what shows it: its label (a
  // styled checkbox, Material's palette switch, whose ring is on the label after it)
  // or a close ancestor (`label:has(input:focus-visible)`). Only outlines count there:
  // a box shadow on a container is usually there all the time.
  const around = [...(el.labels || [])];
  if (el.nextElementSibling && el.nextElementSibling.tagName === "LABEL") {
    around.push(el.nextElementSibling);
  }
  for (let up = el.parentElement, i = 0; up && i < 3; up = up.parentElement, i++) around.push(up);
  const label = (el.getAttribute("aria-label") || el.textContent || el.value || "").trim();
  return {
    key: el.outerHTML.slice(0, 200),
    description: el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ").join(".") : "") + " « " + label.slice(0, 40) + " »",
    visible: (!hidden && ring(el, true)) || around.some(e => ring(e, false)),
  };
}
"""
# After each Tab (on its keyup, when the focus has moved), the page notes where the focus is.
_RECORD_TABS = f"""
() => {{
  const stateOf = {_STATE_OF};
  window.__tabStops = [];
  window.addEventListener("keyup", event => {{
    if (event.key === "Tab") window.__tabStops.push(stateOf(document.activeElement));
  }}, true);
}}
"""
TAB_BATCH = 20  # Tab presses between two readings of what the page noted


def tab_through(page: Page, limit: int = MAX_TAB_STOPS) -> tuple[list[dict[str, Any]], bool]:
    """Every element Tab reaches, once round the page, with whether its focus shows; and
    whether the round ended within `limit` presses. The page notes the focus after each
    press (one reading per batch of presses instead of one per press)."""
    without_transitions(page)
    page.evaluate(_RECORD_TABS)
    pressed = 0
    stops: list[dict[str, Any]] = []
    while pressed < limit:
        batch = min(TAB_BATCH, limit - pressed)
        for _ in range(batch):
            page.keyboard.press("Tab")
        pressed += batch
        stops, ended = _round(page.evaluate("window.__tabStops"))
        if ended:
            return stops, True
    return stops, False


def _round(states: list[dict[str, Any] | None]) -> tuple[list[dict[str, Any]], bool]:
    """The stops of one round among the states noted after each press, and whether the
    round ended: the focus left the page after its first stop, or came back to one."""
    stops: list[dict[str, Any]] = []
    seen: set[str] = set()
    for state in states:
        if state is None:
            if stops:
                return stops, True
            continue
        if state["key"] in seen:
            return stops, True
        seen.add(state["key"])
        stops.append(state)
    return stops, False


def overflow(page: Page) -> int:
    """By how many pixels the page is wider than its window (> 0: it scrolls sideways)."""
    return int(
        page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
    )


def _focus_problems(stops: list[dict[str, Any]], complete: bool) -> list[str]:
    """What is wrong with a round of Tab: too few stops, stops whose focus is unseen, or no
    end to the round."""
    problems = []
    if len(stops) < 3:
        problems.append(f"la touche Tab n'atteint que {len(stops)} éléments")
    invisible = [s["description"] for s in stops if not s["visible"]]
    if invisible:
        problems.append(f"focus invisible sur : {invisible}")
    if not complete:
        problems.append(UNFINISHED_ROUND)
    return problems


@pytest.mark.parametrize("name", list(PAGES), ids=list(PAGES))
def test_page_is_accessible_private_error_free_by_keyboard_and_on_a_phone(
    watched: tuple[Page, Watch], site_url: str, name: str
) -> None:
    """Each check of a page, in one browser tab: axe in dark then in light mode, no
    request to another host nor console error; every element Tab reaches shows its focus;
    no sideways scroll at 360 px. Every problem found is said at once."""
    page, seen = watched
    problems: list[str] = []
    # Dark first: Material keeps the palette it chose (and would again, on the change of
    # scheme), so the storage is cleared and the next visit is a new reader's. A light
    # visit comes between the dark one and the window's resizing (after a dark visit, a
    # resized window was seen in the dark palette on a loaded machine).
    for scheme, (media, _) in reversed(SCHEMES.items()):
        open_page(page, site_url, PAGES[name], media)
        violations = axe_violations(page)
        if violations:
            problems.append(f"axe, mode {scheme} :\n{describe(violations)}")
        if media == "dark":
            page.evaluate("() => { localStorage.clear(); sessionStorage.clear() }")
            page.goto("about:blank")
    # Tab on the light page axe has just read
    problems.extend(_focus_problems(*tab_through(page)))
    page.set_viewport_size({"width": 360, "height": 740})
    open_page(page, site_url, PAGES[name])
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
    extra = overflow(page)
    if extra > 0:
        problems.append(f"la page défile horizontalement : {extra} px de trop à 360 px")
    assert not problems, "\n".join(problems)
    seen.assert_clean()


# --------------------------------------------------------------------------- widgets by keyboard


def tab_to(page: Page, selector: str, limit: int = MAX_TAB_STOPS) -> None:
    """Press Tab until the focused element matches `selector` (it must be reachable)."""
    without_transitions(page)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "s => !!document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
    pytest.fail(f"aucun élément « {selector} » n'est atteint avec la touche Tab")


def assert_focus_visible(page: Page) -> None:
    state = page.evaluate(f"() => ({_STATE_OF})(document.activeElement)")
    assert state is not None and state["visible"], f"focus invisible : {state}"


def _visible_cards(page: Page) -> int:
    return page.locator(".pa-catalogue .pa-card:visible").count()


@pytest.mark.parametrize("kit", list(paths.KIT_SLUGS.values()))
def test_catalogue_filters_work_with_the_keyboard(
    watched: tuple[Page, Watch], site_url: str, kit: str
) -> None:
    page, seen = watched
    open_page(page, site_url, f"{kit}/")
    form = page.locator("form.pa-filters")
    # catalogue.js shows the form when it starts: hidden, the widget is broken (a failure)
    expect(form, "filtres non activés par catalogue.js (formulaire masqué)").to_be_visible()
    total = int(page.locator(".pa-count").get_attribute("data-total") or 0)
    shown = _visible_cards(page)  # a kit page shows its first cards, the rest on demand
    # A format that only some actions have, by the counts the build wrote for the whole
    # catalogue: checking it must narrow the list to them.
    formats = page.locator("form.pa-filters input[name=format]")
    counts = {
        formats.nth(i).get_attribute("value"): int(
            re.sub(r"\D", "", formats.nth(i).locator("xpath=..").inner_text().split("(")[-1])
        )
        for i in range(formats.count())
    }
    wanted = next((v for v, n in counts.items() if 0 < n < total), None)
    if wanted is None:
        pytest.skip("toutes les actions de ce kit ont le même format")
    expected = counts[wanted]
    tab_to(page, f"form.pa-filters input[name=format][value='{wanted}']")
    assert_focus_visible(page)
    page.keyboard.press("Space")
    expect(page.locator(".pa-count")).to_have_text(re.compile(rf"^{expected} "))
    expect(page.locator(".pa-catalogue .pa-card:visible")).to_have_count(min(expected, shown))
    expect(
        page.locator(f".pa-catalogue .pa-card:visible:not([data-format='{wanted}'])")
    ).to_have_count(0)
    page.keyboard.press("Space")
    expect(page.locator(".pa-count")).to_have_text(re.compile(rf"^{total} "))
    expect(page.locator(".pa-catalogue .pa-card:visible")).to_have_count(shown)
    seen.assert_clean()


def test_quiz_works_with_the_keyboard(watched: tuple[Page, Watch], site_url: str) -> None:
    page, seen = watched
    open_page(page, site_url, PAGES["lecon-avec-quiz"])
    question = page.locator("form.pa-question").first
    expect(question).to_be_visible()
    tab_to(page, "form.pa-question input[type=radio]")
    assert_focus_visible(page)
    page.keyboard.press("Space")
    expect(question.locator("input[type=radio]").first).to_be_checked()
    page.keyboard.press("ArrowDown")  # native radio group: the arrow moves and selects
    expect(question.locator("input[type=radio]").nth(1)).to_be_checked()
    before = question.inner_text()
    buttons = question.locator("button, input[type=submit]")
    expect(
        buttons.first, "quiz non activé par quiz.js (aucun bouton pour vérifier)"
    ).to_be_attached()
    tab_to(page, "form.pa-question button, form.pa-question input[type=submit]")
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(question).not_to_have_text(before)
    seen.assert_clean()


def test_checklist_works_with_the_keyboard(watched: tuple[Page, Watch], site_url: str) -> None:
    page, seen = watched
    open_page(page, site_url, PAGES["action-equipes"])
    boxes = page.locator("article input[type=checkbox]:not([disabled])")
    expect(boxes.first, "listes de vérification non activées par checklist.js").to_be_attached()
    tab_to(page, "article input[type=checkbox]:not([disabled])")
    assert_focus_visible(page)
    focused = page.locator("article input[type=checkbox]:focus")
    was = focused.is_checked()
    page.keyboard.press("Space")
    expect(focused).to_be_checked(checked=not was)
    seen.assert_clean()


def test_lesson_progress_works_with_the_keyboard(
    watched: tuple[Page, Watch], site_url: str
) -> None:
    page, seen = watched
    open_page(page, site_url, PAGES["lecon-avec-quiz"])
    done = page.locator(".pa-lesson-done")
    expect(done, "suivi de progression non activé par progress.js").to_be_visible()
    expect(done.locator("button").first, "progress.js n'a pas mis son bouton").to_be_visible()
    before = done.inner_text()
    tab_to(page, ".pa-lesson-done button")
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(done).not_to_have_text(before)
    seen.assert_clean()


def test_week_planner_works_with_the_keyboard(watched: tuple[Page, Watch], site_url: str) -> None:
    page, seen = watched
    planner = next(name for name in PAGES if name.startswith("planning-"))
    open_page(page, site_url, PAGES[planner])
    form = page.locator(".pa-planner")
    start = form.locator("input[type=time]").first
    expect(start, "planificateur non mis en place (aucun champ horaire)").to_be_attached()
    earliest = form.get_attribute("data-earliest") or "08:00"
    hours, minutes = (int(part) for part in earliest.split(":"))
    too_early = f"{max(hours - 1, 0):02d}{minutes:02d}"  # typed into a 24 h time field
    tab_to(page, ".pa-planner input[type=time]")
    assert_focus_visible(page)
    page.keyboard.type(too_early)
    if not start.input_value():
        # Chromium draws time fields in its own UI language: in English a third part,
        # AM/PM, has to be typed too (« A »: before noon).
        page.keyboard.type("A")
    expect(start).to_have_value(f"{too_early[:2]}:{too_early[2:]}")
    page.keyboard.press("Tab")
    expect(start).to_have_attribute("aria-invalid", "true")
    seen.assert_clean()


def test_self_assessment_works_with_the_keyboard(
    watched: tuple[Page, Watch], site_url: str
) -> None:
    page, seen = watched
    grid = next(name for name in PAGES if name.startswith("autopositionnement-"))
    open_page(page, site_url, PAGES[grid])
    first = page.locator(".pa-self-assessment fieldset").first
    expect(first).to_be_visible()
    tab_to(page, ".pa-self-assessment input[type=radio]")
    assert_focus_visible(page)
    page.keyboard.press("Space")
    expect(first.locator("input[type=radio]").first).to_be_checked()
    page.keyboard.press("ArrowRight")
    expect(first.locator("input[type=radio]").nth(1)).to_be_checked()
    seen.assert_clean()


# --------------------------------------------------------------------------- the checks catch


def test_axe_catches_an_image_without_alt(page: Page, site_url: str) -> None:
    open_page(page, site_url, "")
    assert "image-alt" not in {v["id"] for v in axe_violations(page)}
    page.evaluate(
        """() => {
          const img = document.createElement("img");
          img.src = "assets/images/favicon.png";
          document.querySelector("article").prepend(img);
        }"""
    )
    assert "image-alt" in {v["id"] for v in axe_violations(page)}


def test_request_recorder_catches_another_host(browser: Browser, site_url: str) -> None:
    # The site's Content-Security-Policy stops such a request before it leaves (see
    # browser/test_csp.py): the recorder is checked with the policy set aside.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    seen = watch(page)
    open_page(page, site_url, "")
    seen.assert_clean()
    # A reserved top-level domain: the request is refused in the browser (conftest.py's
    # proxy), and would go nowhere even if it were not.
    with page.expect_event("requestfailed") as failed:
        page.evaluate("() => fetch('https://tiers.example/suivi.js').catch(() => null)")
    assert failed.value.failure is not None and "PROXY" in failed.value.failure
    assert seen.foreign == ["https://tiers.example/suivi.js"]
    with pytest.raises(AssertionError, match="autre hôte"):
        seen.assert_clean()
    context.close()


def test_console_recorder_catches_an_error(watched: tuple[Page, Watch], site_url: str) -> None:
    page, seen = watched
    open_page(page, site_url, "")
    page.evaluate("() => console.error('Passerelles : erreur de test')")
    assert seen.errors == ["Passerelles : erreur de test"]


def test_focus_check_catches_a_hidden_outline(page: Page, site_url: str) -> None:
    open_page(page, site_url, "")
    page.evaluate(
        """() => {
          const button = document.createElement("button");
          button.textContent = "Sans contour";
          button.style.outline = "none";
          button.style.boxShadow = "none";
          document.querySelector("article").prepend(button);
        }"""
    )
    stops, _ = tab_through(page)
    stop = next((s for s in stops if "Sans contour" in s["description"]), None)
    assert stop is not None, "le bouton ajouté n'est pas atteint avec la touche Tab"
    assert not stop["visible"], stop


def test_focus_check_says_when_tab_does_not_go_round(page: Page, site_url: str) -> None:
    open_page(page, site_url, "")
    stops, complete = tab_through(page, limit=5)
    assert not complete and 0 < len(stops) <= 5
    assert UNFINISHED_ROUND in _focus_problems(stops, complete)


def test_scroll_check_catches_a_too_wide_element(page: Page, site_url: str) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    open_page(page, site_url, "")
    page.evaluate(
        """() => {
          const wide = document.createElement("div");
          wide.style.width = "1000px";
          wide.textContent = "trop large";
          document.querySelector("article").append(wide);
        }"""
    )
    assert overflow(page) > 0


def test_footer_links_to_the_accessibility_statement_and_legal_notice(
    page: Page, site_url: str
) -> None:
    open_page(page, site_url, PAGES["action-equipes"])
    footer = page.locator(".md-footer")
    footer.get_by_role("link", name="Déclaration d'accessibilité").click()
    expect(page.locator("h1")).to_contain_text("Déclaration d'accessibilité")
    expect(page.locator("article")).to_contain_text(
        re.compile(r"non conforme|partiellement conforme")
    )
    expect(page.locator("article")).to_contain_text("Défenseur des droits")
    page.locator(".md-footer").get_by_role("link", name="Mentions légales").click()
    expect(page.locator("h1")).to_contain_text("Mentions légales")
    expect(page.locator("article")).to_contain_text("aucune donnée personnelle")
