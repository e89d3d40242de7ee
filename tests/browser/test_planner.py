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

from generator.check.validate import validate
from generator.format.models import WEEK_DAYS, PlannerLimits, SampleDay, WeekPlanner
from generator.plan import PLANNER_DAYS

ROOT = Path(__file__).resolve().parents[2]
COURSE = "accueillir-un-eleve-de-3e"
PERSON = "Personne rencontrée (un rôle, pas un nom)"
PHONE = {"width": 390, "height": 844}


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
    week_days = PLANNER_DAYS[:5]  # a five-day week, Saturday left free
    for index, name in enumerate(week_days):
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
    friday = _day(planner, week_days[-1])
    expect(friday.get_by_label("Départ")).to_have_value("16:30")
    expect(friday.get_by_label("Activité")).to_have_value(activity)

    pdf = pypdf.PdfReader(io.BytesIO(planner.pdf(format="A4")))
    assert len(pdf.pages) == 1
    text = " ".join(pdf.pages[0].extract_text().split())
    for index, name in enumerate(week_days):
        assert name in text
        assert f"Service {index + 1}" in text
    assert "30 h de présence" in text
    assert "Arrivée" not in text  # the form itself is not printed, only the sheet


# --------------------------------------------------------------------------- issue 29


@pytest.fixture(scope="module")
def planner_model() -> WeekPlanner:
    planner = validate(ROOT).courses[COURSE].course.week_planner
    assert planner is not None
    return planner


def test_an_empty_planner_says_it_is_empty(planner: Page) -> None:
    status = planner.locator(".pa-planner__status")
    expect(status).to_contain_text("Le planning est vide")
    expect(status).not_to_contain_text("respecte")


def test_six_days_and_a_saturday_keeps_two_rest_days(
    planner: Page, planner_model: WeekPlanner
) -> None:
    """Monday to Saturday, as the convention's timetable; a Saturday of presence needs
    the Monday free (two consecutive days of rest with the Sunday), as L. 3164-2 says."""
    assert [d.capitalize() for d in WEEK_DAYS] == list(PLANNER_DAYS)
    legends = planner.locator("fieldset.pa-day legend")
    expect(legends).to_have_text(list(PLANNER_DAYS))
    rest_days = planner_model.limits.weekly_rest_days
    assert rest_days == 2
    limits_list = planner.locator("article ul").first
    expect(limits_list).to_contain_text(f"{rest_days} jours de repos consécutifs")
    expect(limits_list).to_contain_text("un samedi de présence, si la convention le prévoit")
    assert any("l3164-2" in s.url for s in planner_model.sources)
    expect(planner.locator('article a[href*="l3164-2"]')).to_have_count(1)

    for name in PLANNER_DAYS:  # short days: only the weekly rest can be wrong
        _fill_times(_day(planner, name), 9 * 60, None, 12 * 60)
    saturday = _day(planner, PLANNER_DAYS[5]).get_by_label("Arrivée")
    expect(saturday).to_have_attribute("aria-invalid", "true")
    expect(_message(saturday)).to_contain_text(f"{rest_days} jours de repos consécutifs")
    expect(_message(saturday)).to_contain_text("laissez le lundi sans présence")

    monday = _day(planner, PLANNER_DAYS[0])
    monday.get_by_label("Arrivée").fill("")
    monday.get_by_label("Départ").fill("")
    expect(saturday).not_to_have_attribute("aria-invalid", "true")
    expect(planner.locator(".pa-planner__status")).to_have_text("Le planning respecte les limites.")


def _worked(day: SampleDay) -> int:
    pause = 0
    if day.break_start and day.break_end:
        pause = _minutes(day.break_end) - _minutes(day.break_start)
    return _minutes(day.end) - _minutes(day.start) - pause


def _hours(minutes: int) -> str:
    return f"{minutes // 60} h" + (f" {minutes % 60:02d}" if minutes % 60 else "")


def test_each_sample_week_fills_the_planner_within_the_limits(
    planner: Page, planner_model: WeekPlanner
) -> None:
    planner.set_viewport_size(PHONE)
    titles = [s.title for s in planner_model.samples]
    assert len(titles) >= 4 and any("boulangerie" in t for t in titles)
    planner.on("dialog", lambda dialog: dialog.accept())
    for sample in planner_model.samples:
        details = planner.locator("details.pa-sample").filter(has_text=f"Exemple : {sample.title}")
        details.locator("summary").click()
        details.get_by_role("button", name="Reprendre cet exemple dans le planning").click()
        by_day = {d.day: d for d in sample.days}
        for day_name, label in zip(WEEK_DAYS, PLANNER_DAYS, strict=True):
            day = _day(planner, label)
            wanted = by_day.get(day_name)
            expect(day.get_by_label("Arrivée")).to_have_value(wanted.start if wanted else "")
            expect(day.get_by_label("Départ")).to_have_value(wanted.end if wanted else "")
            expect(day.get_by_label("Service")).to_have_value(wanted.service if wanted else "")
            expect(day.get_by_label(PERSON)).to_have_value(wanted.person if wanted else "")
        total = _hours(sum(_worked(d) for d in sample.days))
        expect(planner.locator(".pa-planner__week")).to_contain_text(
            f"Total de la semaine : {total} de présence"
        )
        expect(planner.locator(".pa-planner__status")).to_contain_text(
            "Le planning respecte les limites."
        )
        expect(planner.locator("fieldset.pa-day--invalid")).to_have_count(0)
        details.locator("summary").click()
    assert planner.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
