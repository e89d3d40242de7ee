"""The catalogues on a phone (390 × 844), as a teacher uses them: the actions first,
filters that answer on screen, counts that follow the filters, 44 px targets, the
« pour les élèves / pour les personnels » facet, and the way back from an action to the
same filtered list at the same place. Expected values come from the YAML."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route, ViewportSize, expect

from generator.check.catalog import Catalog
from generator.check.validate import validate
from generator.format.models import Action
from generator.plan.paths import KIT_SLUGS

ROOT = Path(__file__).resolve().parents[2]
MARGIN = 16  # px catalogue.js keeps between the count and the screen's edge
PHONE: ViewportSize = {"width": 390, "height": 844}
KITS = list(KIT_SLUGS)
VISIBLE_CARDS = ".pa-catalogue .pa-card:not([hidden])"
BACK_FRAGMENT = "depuis-une-action"  # the back-link contract of the action pages
MIN_TARGET = 44

# The « Durée » choices as the kits promise them to their readers (the reasons are in
# generator/plan/catalogue.py): a school day of 8 hours, a week of 5 days, a month of 4
# weeks, a school year of 36 weeks; up to a half-day, up to a day, up to two weeks, under
# six months, longer.
SCHOOL_HOURS = {"hour": 1, "day": 8, "week": 40, "month": 160, "year": 1440}
DURATION_CHOICES = (("hours", 4), ("day", 8), ("weeks", 80), ("months", 959))


def duration_choice(action: Action) -> str:
    hours = action.duration.value * SCHOOL_HOURS[action.duration.unit]
    return next((name for name, limit in DURATION_CHOICES if hours <= limit), "year")


# The school year's terms, and the months of each (the « Période » filter); an action
# « at any time » falls in every term.
TERMS = {
    "term1": ("september", "october", "november", "december"),
    "term2": ("january", "february", "march"),
    "term3": ("april", "may", "june"),
}


def period_terms(action: Action) -> set[str]:
    if action.period is None:
        return set()
    if action.period == "anytime":
        return set(TERMS)
    return {t for t, months in TERMS.items() if action.period == t or action.period in months}


def facet_values(action: Action, name: str) -> set[str]:
    """The values of one filter of the kits' catalogues that an action has."""
    values: dict[str, set[str]] = {
        "period": period_terms(action),
        "level": set(action.levels),
        "duration": {duration_choice(action)},
        "format": {action.format},
        "objective": set(action.objectives),
        "participants": {action.participants},
    }
    return values[name]


def expected_counts(
    actions: dict[str, Action], shown: list[tuple[str, str]], choices: dict[str, set[str]]
) -> dict[tuple[str, str], int]:
    """Each offered option's count: the actions matching every other active filter and
    this option (OR inside a filter, AND across filters)."""

    def passes(action: Action, skip: str) -> bool:
        return all(
            not wanted or facet_values(action, name) & wanted
            for name, wanted in choices.items()
            if name != skip
        )

    return {
        (name, value): sum(
            1 for a in actions.values() if passes(a, name) and value in facet_values(a, name)
        )
        for name, value in shown
    }


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return validate(ROOT)


@pytest.fixture
def phone(page: Page) -> Iterator[Page]:
    """A phone-sized page that must end the test without a console error."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_viewport_size(PHONE)
    yield page
    assert not errors, errors


def settle(page: Page) -> None:
    """Wait until a smooth scroll has ended: the same scroll position for 5 frames."""
    page.wait_for_function(
        """() => new Promise(done => {
          let last = -1, still = 0;
          const look = () => {
            still = scrollY === last ? still + 1 : 0;
            last = scrollY;
            if (still >= 5) done(true); else requestAnimationFrame(look);
          };
          requestAnimationFrame(look);
        })"""
    )


def on_screen(page: Page, selector: str) -> dict[str, float]:
    """Where the first element matching `selector` stands in the window."""
    return page.locator(selector).first.evaluate(
        """e => {
          const r = e.getBoundingClientRect();
          const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
          return {top: r.top, bottom: r.bottom, height: r.height, header, window: innerHeight};
        }"""
    )


def open_filters(page: Page) -> None:
    summary = page.locator("form.pa-filters summary")
    if page.locator("form.pa-filters details[open]").count() == 0:
        summary.click()
    expect(page.locator("form.pa-filters details")).to_have_attribute("open", "")


def shown_ids(page: Page, expected: set[str]) -> set[str]:
    expect(page.locator(VISIBLE_CARDS)).to_have_count(len(expected))
    return set(page.locator(VISIBLE_CARDS).evaluate_all("cs => cs.map(c => c.dataset.id)"))


def option_counts(page: Page) -> dict[tuple[str, str], int]:
    """Each checkbox option of the form and the count it shows, « (N) », once the list is
    no longer busy loading the rest of the catalogue."""
    expect(page.locator(".pa-catalogue[aria-busy=true]")).to_have_count(0)
    rows = page.locator("form.pa-filters input[type=checkbox]").evaluate_all(
        """boxes => boxes.map(b => [b.name, b.value,
             b.closest('label').querySelector('.pa-filters__count').textContent])"""
    )
    return {(name, value): int(text.strip("()")) for name, value, text in rows}


def narrowing_level(actions: dict[str, Action]) -> str:
    """A level that some actions of the kit have and others not, « 4e » if it does."""
    levels = ["4e", *sorted({lv for a in actions.values() for lv in a.levels})]
    for level in levels:
        having = [a for a in actions.values() if level in a.levels]
        if 0 < len(having) < len(actions):
            return level
    pytest.fail("no level narrows the catalogue")


# --------------------------------------------------------------------------- the catalogue first


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kit", KITS)
def test_first_card_within_one_and_a_half_screens(
    phone: Page, site_url: str, catalog: Catalog, kit: str, scheme: str
) -> None:
    phone.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    phone.goto(site_url + KIT_SLUGS[kit] + "/")
    total = len(catalog.actions_in_kit(kit))
    title = phone.locator(".pa-catalogue .pa-card").first.locator(".pa-card__title a")
    bottom = title.evaluate("a => a.getBoundingClientRect().bottom + scrollY")
    assert bottom <= 1.5 * PHONE["height"], f"first card's title ends at {bottom} px"
    # The introduction and « Par où commencer » are folded, their summaries in sight.
    folds = phone.locator("details.pa-fold")
    expect(folds).to_have_count(2)
    for i in range(2):
        assert folds.nth(i).evaluate("d => d.open") is False
        expect(folds.nth(i).locator("summary")).to_be_visible()
    # « Voir les N actions », in the first screen, leads to the catalogue.
    jump = phone.get_by_role("link", name=f"Voir les {total} actions")
    assert jump.evaluate("a => a.getBoundingClientRect().bottom") <= PHONE["height"]
    jump.click()
    settle(phone)
    heading = on_screen(phone, "#catalogue")
    assert heading["header"] <= heading["top"] and heading["bottom"] <= heading["window"]


# --------------------------------------------------------------------------- filters that answer


@pytest.mark.parametrize("kit", KITS)
def test_a_ticked_filter_shows_the_count_and_first_result(
    phone: Page, site_url: str, catalog: Catalog, kit: str
) -> None:
    actions = catalog.actions_in_kit(kit)
    level = narrowing_level(actions)
    expected = {aid for aid, a in actions.items() if level in a.levels}
    phone.goto(site_url + KIT_SLUGS[kit] + "/")
    expect(phone.locator(".pa-count")).to_have_attribute("role", "status")
    expect(phone.locator(".pa-count")).to_have_attribute("aria-live", "polite")
    open_filters(phone)
    box = phone.locator(f"input[name=level][value='{level}']")
    box.scroll_into_view_if_needed()
    settle(phone)
    before = on_screen(phone, ".pa-count")
    before_tick = phone.evaluate("scrollY")
    box.check()
    assert shown_ids(phone, expected) == expected
    expect(phone.locator(".pa-count")).to_have_text(f"{len(expected)} actions")
    settle(phone)
    count = on_screen(phone, ".pa-count")
    assert count["header"] <= count["top"] and count["bottom"] <= count["window"], count
    # the page moved no further than what brings the count into view (issue 29): the
    # count, below the screen before, now stands at its bottom edge, the box just
    # ticked as high up as it can stay
    assert before["bottom"] > before["window"], "the count starts below the screen"
    assert count["bottom"] >= count["window"] - MARGIN - 2, count
    assert phone.evaluate("scrollY") > before_tick

    # A change whose count is already in view does not move the page (the box is in
    # sight, so that ticking it does not scroll either).
    # « Découvrir », which every action has, in the last facet just above the count
    pupils = phone.locator("input[name=objective][value='discover']")
    expect(pupils).to_be_in_viewport(ratio=1)
    before = phone.evaluate("scrollY")
    pupils.check()
    assert shown_ids(phone, expected) == expected
    settle(phone)
    assert phone.evaluate("scrollY") == before


@pytest.mark.parametrize("kit", KITS)
def test_facet_counts_follow_the_filters(
    page: Page, site_url: str, catalog: Catalog, kit: str
) -> None:
    actions = catalog.actions_in_kit(kit)
    page.goto(site_url + KIT_SLUGS[kit] + "/")
    open_filters(page)
    offered = list(option_counts(page))
    choices: dict[str, set[str]] = {}
    assert option_counts(page) == expected_counts(actions, offered, choices)

    level = narrowing_level(actions)
    page.locator(f"input[name=level][value='{level}']").check()
    choices["level"] = {level}
    assert option_counts(page) == expected_counts(actions, offered, choices)
    # An option that leaves nothing stays offered, and says 0.
    zero = [key for key, n in expected_counts(actions, offered, choices).items() if n == 0]
    assert zero, "with one level, some option should leave no action"
    for name, value in zero:
        expect(page.locator(f"input[name={name}][value='{value}']")).to_be_visible()

    short = "hours"
    page.locator(f"input[name=duration][value='{short}']").check()
    choices["duration"] = {short}
    assert option_counts(page) == expected_counts(actions, offered, choices)
    expected = {
        aid for aid, a in actions.items() if level in a.levels and duration_choice(a) == short
    }
    assert shown_ids(page, expected) == expected


@pytest.mark.parametrize("kit", KITS)
def test_every_value_the_cards_show_is_offered(
    page: Page, site_url: str, catalog: Catalog, kit: str
) -> None:
    """Facets never hide what every card shows: « Découvrir », on every card, is
    offered with the count of every card (issue 29)."""
    actions = catalog.actions_in_kit(kit)
    page.goto(site_url + KIT_SLUGS[kit] + "/")
    offered = option_counts(page)
    for name in ("participants", "level", "duration", "period", "format", "objective"):
        having: dict[str, int] = {}
        for action in actions.values():
            for value in facet_values(action, name):
                having[value] = having.get(value, 0) + 1
        for value, n in having.items():
            assert offered.get((name, value)) == n, (name, value, n)


# --------------------------------------------------------------------------- who takes part


@pytest.mark.parametrize("kit", KITS)
def test_a_level_hides_the_staff_actions(
    page: Page, site_url: str, catalog: Catalog, kit: str
) -> None:
    actions = catalog.actions_in_kit(kit)
    staff = {aid for aid, a in actions.items() if a.participants == "staff"}
    assert staff, "the kit should have actions for staff"
    expected = {aid for aid, a in actions.items() if "4e" in a.levels}
    page.goto(site_url + KIT_SLUGS[kit] + "/")
    open_filters(page)
    page.locator("input[name=level][value='4e']").check()
    shown = shown_ids(page, expected)
    assert shown == expected and not shown & staff
    page.locator("input[name=level][value='4e']").uncheck()
    page.locator("input[name=participants][value=staff]").check()
    assert shown_ids(page, staff) == staff
    # Their cards say who takes part instead of an empty list of levels.
    for aid in staff:
        meta = page.locator(f".pa-card[data-id='{aid}'] .pa-card__meta")
        expect(meta).to_contain_text("Pour les personnels")
        expect(meta).not_to_contain_text(re.compile(r"·\s*·"))


# --------------------------------------------------------------------------- targets


_TOO_SMALL = """
els => els.filter(e => e.getClientRects().length).map(e => {
  const r = e.getBoundingClientRect();
  return [e.outerHTML.slice(0, 80), Math.round(r.width), Math.round(r.height)];
}).filter(([, w, h]) => w < 44 || h < 44)
"""

# For each card: is the card's own title link what a tap finds at its corners and centre?
_CARD_TAPS = """
cards => cards.map(card => {
  card.scrollIntoView({block: 'center'});
  const link = card.querySelector('.pa-card__title a');
  const r = card.getBoundingClientRect();
  const points = [[r.left + 4, r.top + 4], [r.left + r.width / 2, r.top + r.height / 2],
                  [r.right - 4, r.bottom - 4]];
  const missed = points.filter(([x, y]) => {
    const hit = document.elementFromPoint(x, y);
    return !hit || hit.closest('a') !== link;
  });
  return [card.dataset.id, Math.round(r.height), missed.length];
}).filter(([, h, missed]) => h < 44 || missed > 0)
"""


@pytest.mark.parametrize("path", [*(f"{slug}/" for slug in KIT_SLUGS.values()), "partenaires/"])
def test_controls_and_cards_are_44_px(phone: Page, site_url: str, path: str) -> None:
    phone.goto(site_url + path)
    open_filters(phone)
    # One filter on, so that « Effacer les filtres » shows.
    phone.locator("form.pa-filters input[type=checkbox]").first.check()
    expect(phone.get_by_role("button", name="Effacer les filtres")).to_be_visible()
    controls = phone.locator(
        "form.pa-filters label:has(input[type=checkbox]), form.pa-filters input[type=search], "
        "form.pa-filters select, form.pa-filters summary, form.pa-filters button, "
        ".pa-jump, details.pa-fold > summary"
    )
    assert controls.count() > 3
    assert controls.evaluate_all(_TOO_SMALL) == []
    phone.get_by_role("button", name="Effacer les filtres").click()
    cards = phone.locator(".pa-catalogue .pa-card:not([hidden])")
    assert cards.count() > 1
    assert cards.evaluate_all(_CARD_TAPS) == []


# --------------------------------------------------------------------------- the way back


def filter_and_open_a_card(page: Page, url: str, box: str, rank: int) -> dict[str, Any]:
    """Tick the filter `box`, put the card at `rank` 300 px down the screen, and open its
    page by tapping below its title: where the reader was."""
    page.goto(url)
    open_filters(page)
    page.locator(box).check()
    settle(page)
    card = page.locator(VISIBLE_CARDS).nth(rank)
    card.evaluate("c => window.scrollBy(0, c.getBoundingClientRect().top - 300)")
    settle(page)
    place = {
        "id": card.get_attribute("data-id"),
        "top": card.evaluate("c => c.getBoundingClientRect().top"),
        "url": page.url,
    }
    # A tap where the summary is: the title's link covers the whole card.
    box = card.locator("p:not(.pa-card__title)").first.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page).to_have_url(re.compile(rf"/{place['id']}/$"))
    return place


def assert_back_in_place(page: Page, place: dict[str, Any], box: str) -> None:
    expect(page).to_have_url(place["url"])
    expect(page.locator(box)).to_be_checked()
    settle(page)
    top = page.locator(f".pa-card[data-id='{place['id']}']").evaluate(
        "c => c.getBoundingClientRect().top"
    )
    assert abs(top - place["top"]) <= 2, (top, place)


@pytest.mark.parametrize("kit", KITS)
def test_back_link_restores_filters_and_place(
    phone: Page, site_url: str, catalog: Catalog, kit: str
) -> None:
    box = f"input[name=level][value='{narrowing_level(catalog.actions_in_kit(kit))}']"
    kit_url = site_url + KIT_SLUGS[kit] + "/"
    place = filter_and_open_a_card(phone, kit_url, box, 2)
    # The action page's « Retour au kit », pointed at the catalogue's fragment.
    back = phone.locator("article a.pa-back-to-kit")
    expect(back).to_have_count(1)
    # catalogue.js points it there when the action page has loaded: waited for, not raced
    expect(back).to_have_js_property("href", kit_url + "#" + BACK_FRAGMENT)
    back.click()
    assert_back_in_place(phone, place, box)


def test_back_link_to_the_directory_restores_filters_and_place(
    phone: Page, site_url: str, catalog: Catalog
) -> None:
    kinds = [p.kind for p in catalog.partners.values()]
    box = f"input[name=kind][value='{max(set(kinds), key=kinds.count)}']"
    assert kinds.count(max(set(kinds), key=kinds.count)) > 2
    place = filter_and_open_a_card(phone, site_url + "partenaires/", box, 2)
    # What a link back to the directory ending with the fragment does.
    phone.goto(site_url + "partenaires/#" + BACK_FRAGMENT)
    assert_back_in_place(phone, place, box)


def no_store(route: Route) -> None:
    """The page as served, marked « no-store »: Chromium then keeps no copy of it in its
    back/forward cache and loads it again, as a phone short of memory does."""
    response = route.fetch()
    route.fulfill(response=response, headers={**response.headers, "cache-control": "no-store"})


def test_back_button_restores_filters_and_place(
    phone: Page, site_url: str, catalog: Catalog
) -> None:
    # A page the browser keeps whole in its back/forward cache comes back as it was left;
    # this is the other case, the page loaded again (Playwright's Chromium has no such
    # cache, and « no-store » keeps any Chromium from using it).
    phone.route(re.compile(r"/equipes/(\?.*)?$"), no_store)
    box = f"input[name=level][value='{narrowing_level(catalog.actions_in_kit('teams'))}']"
    place = filter_and_open_a_card(phone, site_url + KIT_SLUGS["teams"] + "/", box, 3)
    phone.go_back()
    assert_back_in_place(phone, place, box)
    navigation = phone.evaluate("performance.getEntriesByType('navigation')[0].type")
    assert navigation == "back_forward"


# --------------------------------------------------------------------------- without JavaScript


def test_without_javascript_the_page_still_leads_to_the_actions(
    browser: Browser, site_url: str, catalog: Catalog
) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(site_url + KIT_SLUGS["teams"] + "/#" + BACK_FRAGMENT)
    expect(page.locator("form.pa-filters")).to_be_hidden()
    count = on_screen(page, ".pa-count")
    assert count["top"] >= 0 and count["bottom"] <= count["window"]
    expect(page.locator("details.pa-fold summary").first).to_be_visible()
    total = len(catalog.actions_in_kit("teams"))
    expect(page.locator(".pa-jump")).to_have_attribute("href", "#catalogue")
    expect(page.locator(".pa-jump")).to_have_text(f"Voir les {total} actions")
    context.close()


# --------------------------------------------------------------------------- partner directory


def test_directory_counts_follow_the_filters(page: Page, site_url: str, catalog: Catalog) -> None:
    partners = catalog.partners
    kind = max(
        {p.kind for p in partners.values()},
        key=lambda k: sum(1 for p in partners.values() if p.kind == k),
    )
    page.goto(site_url + "partenaires/")
    open_filters(page)
    page.locator(f"input[name=kind][value='{kind}']").check()
    of_kind = [p for p in partners.values() if p.kind == kind]
    counts = option_counts(page)
    for (name, value), n in counts.items():
        if name == "scope":
            assert n == sum(1 for p in of_kind if p.scope == value), value
        else:
            assert n == sum(1 for p in partners.values() if p.kind == value), value
    options = page.locator("select[name=academy] option:not([value=''])").evaluate_all(
        "os => os.map(o => [o.value, o.textContent])"
    )
    assert options
    for value, text in options:
        n = sum(1 for p in of_kind if p.scope == "national" or value in p.academies)
        assert text.endswith(f"({n})"), (value, text)


def test_an_edition_can_preselect_its_academie(page: Page, site_url: str, catalog: Catalog) -> None:
    academy = next(a for p in catalog.partners.values() for a in p.academies)
    expected = {
        pid
        for pid, p in catalog.partners.items()
        if p.scope == "national" or academy in p.academies
    }

    def preselect(route: Route) -> None:
        html = route.fetch().text()
        route.fulfill(
            body=html.replace(
                f'<option value="{academy}">', f'<option value="{academy}" selected>'
            ),
            content_type="text/html; charset=utf-8",
        )

    page.route(re.compile(r"/partenaires/$"), preselect)
    page.goto(site_url + "partenaires/")
    expect(page.locator("select[name=academy]")).to_have_value(academy)
    assert shown_ids(page, expected) == expected
    page.get_by_role("button", name="Effacer les filtres").click()
    assert shown_ids(page, set(catalog.partners)) == set(catalog.partners)
    expect(page).to_have_url(re.compile(r"\?academy=$"))
    page.reload()
    assert shown_ids(page, set(catalog.partners)) == set(catalog.partners)


def test_no_page_says_echelle_national(built_site: Path) -> None:
    wrong = [
        str(path.relative_to(built_site))
        for path in built_site.rglob("*.html")
        if re.search(r"échelle nationa(l|ux)\b", path.read_text("utf-8"), re.IGNORECASE)
    ]
    assert not wrong, wrong
