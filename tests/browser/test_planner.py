"""The week planner in Chromium: limits checked as the tutor types, with French
messages tied to their fields; the plan kept in the browser; the printed plan on
one page (counted with pypdf)."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, expect
from support import WCAG_AA, without_transitions

from generator.models import PlannerLimits
from generator.plan import PLANNER_DAYS
from generator.validate import validate

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
COURSE = "accueillir-un-eleve-de-3e"
PERSON = "Personne rencontrée (un rôle, pas un nom)"


@pytest.fixture(scope="module")
def limits() -> PlannerLimits:
    planner = validate(ROOT).courses[COURSE].course.week_planner
    assert planner is not None
    return planner.limits


@pytest.fixture
def planner(page: Page, site_url: str) -> Page:
    page.goto(f"{site_url}formations/{COURSE}/planning/")
    without_transitions(page)
    return page


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _minutes(hhmm: str) -> int:
    hours, mins = hhmm.split(":")
    return int(hours) * 60 + int(mins)


def _day(page: Page, name: str) -> Locator:
    return page.get_by_role("group", name=name, exact=True)


def _fill_times(day: Locator, start: int, pause: tuple[int, int] | None, end: int) -> None:
    day.get_by_label("Arrivée").fill(_hhmm(start))
    if pause:
        day.get_by_label("Début de la pause").fill(_hhmm(pause[0]))
        day.get_by_label("Fin de la pause").fill(_hhmm(pause[1]))
    day.get_by_label("Départ").fill(_hhmm(end))


def _message(field: Locator) -> Locator:
    """The message a field is described by (aria-describedby)."""
    described = field.get_attribute("aria-describedby")
    assert described, "the field has no message"
    return field.page.locator(f"#{described}")


def test_a_day_over_the_daily_limit_is_refused_in_french(
    planner: Page, limits: PlannerLimits
) -> None:
    monday = _day(planner, PLANNER_DAYS[0])
    start = 8 * 60
    pause = (12 * 60, 12 * 60 + 30)
    over = start + round(limits.max_hours_per_day * 60) + 30 + 30  # 30 min too long
    _fill_times(monday, start, pause, over)
    end = monday.get_by_label("Départ")
    expect(end).to_have_attribute("aria-invalid", "true")
    max_day = f"{limits.max_hours_per_day:g} h"
    expect(_message(end)).to_contain_text(f"c'est plus que la limite de {max_day} par jour")
    expect(monday.locator(".pa-day__total")).to_contain_text("Présence :")
    expect(planner.get_by_role("status").filter(has_text="À corriger")).to_contain_text(
        PLANNER_DAYS[0]
    )

    # back within the limit: the message and the invalid state go away
    end.fill(_hhmm(over - 30))
    expect(end).not_to_have_attribute("aria-invalid", "true")
    expect(end).not_to_have_attribute("aria-describedby", "pa-day1-end-message")
    expect(planner.locator(".pa-planner__status")).to_have_text("Le planning respecte les limites.")


def test_night_hours_and_the_missing_break_are_flagged(
    planner: Page, limits: PlannerLimits
) -> None:
    tuesday = _day(planner, PLANNER_DAYS[1])
    earliest = _minutes(limits.earliest_start)
    _fill_times(tuesday, earliest - 30, None, earliest + 5 * 60)
    start = tuesday.get_by_label("Arrivée")
    expect(start).to_have_attribute("aria-invalid", "true")
    expect(_message(start)).to_contain_text("Arrivée trop tôt")
    pause = tuesday.get_by_label("Début de la pause")
    expect(pause).to_have_attribute("aria-invalid", "true")
    expect(_message(pause)).to_contain_text(f"pause d'au moins {limits.break_minutes} minutes")

    wednesday = _day(planner, PLANNER_DAYS[2])
    latest = _minutes(limits.latest_end)
    _fill_times(wednesday, latest - 3 * 60, None, latest + 30)
    end = wednesday.get_by_label("Départ")
    expect(end).to_have_attribute("aria-invalid", "true")
    expect(_message(end)).to_contain_text("Départ trop tard")

    results = Axe().run(planner, context={"include": [[".md-content"]]}, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()


def test_a_short_rest_between_two_days_is_refused_in_french(
    planner: Page, limits: PlannerLimits
) -> None:
    assert limits.min_daily_rest_hours == 14
    monday = _day(planner, PLANNER_DAYS[0])
    tuesday = _day(planner, PLANNER_DAYS[1])
    # each day on its own is within the limits: 19:00 and 07:00 are inside 06:00-20:00
    _fill_times(monday, 15 * 60, None, 19 * 60)
    _fill_times(tuesday, 7 * 60, None, 11 * 60)
    arrival = tuesday.get_by_label("Arrivée")
    expect(arrival).to_have_attribute("aria-invalid", "true")
    expect(arrival).to_have_attribute("aria-describedby", "pa-day2-start-message")
    message = _message(arrival)
    expect(message).to_be_visible()
    expect(message).to_contain_text("Repos trop court : 12 h seulement")
    expect(message).to_contain_text("départ de la veille à 19 h")
    expect(message).to_contain_text("au moins 14 h de repos d'affilée")
    expect(monday.get_by_label("Départ")).not_to_have_attribute("aria-invalid", "true")
    status = planner.locator(".pa-planner__status")
    expect(status).to_have_text(f"À corriger : {PLANNER_DAYS[1]}.")

    # a 09:00 arrival leaves 14 h of rest: the message and the invalid state go away
    arrival.fill(_hhmm(9 * 60))
    expect(arrival).not_to_have_attribute("aria-invalid", "true")
    expect(arrival).not_to_have_attribute("aria-describedby", "pa-day2-start-message")
    expect(planner.locator("#pa-day2-start-message")).to_be_hidden()
    expect(status).to_have_text("Le planning respecte les limites.")


def test_the_plan_is_kept_and_prints_on_one_page(planner: Page, limits: PlannerLimits) -> None:
    activity = (
        "Observer l'accueil du public, la préparation des commandes, le contrôle "
        "qualité puis l'expédition, et poser ses questions à l'équipe du matin"
    )
    for index, name in enumerate(PLANNER_DAYS):
        day = _day(planner, name)
        day.get_by_label("Service").fill(f"Service {index + 1} : logistique et relation client")
        day.get_by_label(PERSON).fill("Responsable adjointe de la logistique régionale")
        day.get_by_label("Activité").fill(activity)
        _fill_times(day, 9 * 60, (12 * 60, 13 * 60 + 30), 16 * 60 + 30)
    week = planner.locator(".pa-planner__week")
    expect(week).to_contain_text("Total de la semaine : 30 h de présence")
    expect(planner.locator(".pa-planner__status")).to_have_text("Le planning respecte les limites.")

    # kept in this browser: a reload gives the plan back
    planner.reload()
    friday = _day(planner, PLANNER_DAYS[-1])
    expect(friday.get_by_label("Départ")).to_have_value("16:30")
    expect(friday.get_by_label("Activité")).to_have_value(activity)

    pdf = pypdf.PdfReader(io.BytesIO(planner.pdf(format="A4")))
    assert len(pdf.pages) == 1
    text = " ".join(pdf.pages[0].extract_text().split())
    for index, name in enumerate(PLANNER_DAYS):
        assert name in text
        assert f"Service {index + 1}" in text
    assert "30 h de présence" in text
    assert "Arrivée" not in text  # the form itself is not printed, only the sheet
