"""Pages of the courses: course home (modules, timeline, totals), lessons with
the course's outline and previous/next, the week planner and the self-assessment
grid with the lesson that follows it."""

from __future__ import annotations

from collections import Counter
from typing import Any

from .. import labels, prose
from ..catalog import Catalog, CourseBundle
from ..kinds import SELF_ASSESSMENT, kit_for_audience
from ..models import WEEK_DAYS, Lesson, PlannerLimits, SampleWeek
from ..quiz import choice_order
from .pages import Page
from .paths import course_path, lesson_path, planner_path, self_assessment_path
from .review import review_entry


def course_card(bundle: CourseBundle) -> dict[str, Any]:
    total = sum(lesson.duration_minutes for lesson in bundle.lessons.values())
    return {
        "id": bundle.id,
        "title": bundle.course.title,
        "summary": bundle.course.summary,
        "audience": labels.AUDIENCES[bundle.course.audience],
        "modality": labels.COURSE_MODALITIES[bundle.course.modality],
        "total": labels.minutes(total),
        "lessons": len(bundle.lessons),
        "path": course_path(bundle.id),
    }


def _lesson_entry(bundle: CourseBundle, lid: str) -> dict[str, Any]:
    lesson = bundle.lessons[lid]
    return {
        "id": lid,
        "title": lesson.title,
        "path": lesson_path(bundle.id, lid),
        "minutes": lesson.duration_minutes,
        "duration": labels.minutes(lesson.duration_minutes),
        "modality": lesson.modality,
        "modality_label": labels.LESSON_MODALITIES[lesson.modality],
        "has_quiz": bool(lesson.quiz),
    }


def _modules(bundle: CourseBundle) -> list[dict[str, Any]]:
    modules = []
    for module in bundle.course.modules:
        lessons = [_lesson_entry(bundle, lid) for lid in module.lessons]
        modules.append(
            {
                "id": module.id,
                "title": module.title,
                "summary": module.summary,
                "lessons": lessons,
                "duration": labels.minutes(sum(item["minutes"] for item in lessons)),
            }
        )
    return modules


def _by_modality(lessons: list[dict[str, Any]]) -> list[dict[str, Any]]:
    minutes: Counter[str] = Counter()
    for lesson in lessons:
        minutes[lesson["modality"]] += lesson["minutes"]
    return [
        {
            "modality": m,
            "label": labels.LESSON_MODALITIES[m],
            "minutes": minutes[m],
            "duration": labels.minutes(minutes[m]),
            "lessons": sum(1 for item in lessons if item["modality"] == m),
        }
        for m in labels.LESSON_MODALITIES
        if minutes[m]
    ]


def _tools(bundle: CourseBundle) -> list[dict[str, str]]:
    course, cid = bundle.course, bundle.id
    tools = []
    if course.week_planner is not None:
        tools.append({"title": course.week_planner.title, "path": planner_path(cid)})
    if course.self_assessment is not None:
        tools.append({"title": course.self_assessment.title, "path": self_assessment_path(cid)})
    return tools


def course_home(
    catalog: Catalog, bundle: CourseBundle, downloads: list[dict[str, str]] | None = None
) -> Page:
    cid, course = bundle.id, bundle.course
    modules = _modules(bundle)
    lessons = [lesson for module in modules for lesson in module["lessons"]]
    total = sum(lesson["minutes"] for lesson in lessons)
    context = {
        "course": course,
        "course_id": cid,
        "modules": modules,
        "lesson_count": len(lessons),
        "total": labels.minutes(total),
        "total_minutes": total,
        "audience": labels.AUDIENCES[course.audience],
        "modality": labels.COURSE_MODALITIES[course.modality],
        "hybrid": is_hybrid(bundle),
        "by_modality": _by_modality(lessons),
        "timeline": timeline_phases(lessons),
        "first_lesson": lessons[0]["path"],
        "extras": _tools(bundle),
        # The course packages offered for download (templates/export/guide.md.j2):
        # filled by the build once they are written.
        # the course's packages for Moodle/M@gistère and Open edX, when the build made them
        "downloads": downloads or [],
        "review": review_entry(course.review),
    }
    source = catalog.sources[("course", cid)]
    kit = kit_for_audience(course.audience)
    keywords = {
        "keywords": [
            *labels.COURSE_SEARCH_KEYWORDS,
            *labels.COURSE_AUDIENCE_KEYWORDS[course.audience],
        ]
    }
    return Page(
        course_path(cid),
        "course.md.j2",
        course.title,
        source,
        context,
        course.summary,
        kit,
        search=keywords,
    )


def quiz_context(lesson_key: str, questions: list[Any]) -> list[dict[str, Any]]:
    """Questions with their choices in display order (shuffled stably, see `quiz`)."""
    return [
        {
            "question": q,
            # More than one right choice: checkboxes (« plusieurs réponses possibles »).
            "multiple": sum(c.correct for c in q.choices) > 1,
            "choices": [q.choices[i] for i in choice_order(lesson_key, n, len(q.choices))],
        }
        for n, q in enumerate(questions)
    ]


def is_hybrid(bundle: CourseBundle) -> bool:
    """Whether lessons say where they happen: in a course given wholly online,
    « à distance » on every lesson would tell the reader nothing."""
    return bundle.course.modality == "hybrid"


def outline(bundle: CourseBundle, current: str) -> list[dict[str, Any]]:
    """The course's modules and numbered lessons, as a lesson page lists them."""
    number = 0
    modules = []
    for module in _modules(bundle):
        lessons = []
        for entry in module["lessons"]:
            number += 1
            lessons.append({**entry, "number": number, "current": entry["id"] == current})
        modules.append({"title": module["title"], "lessons": lessons})
    return modules


def lesson_page(catalog: Catalog, bundle: CourseBundle, position: int) -> Page:
    order = bundle.lesson_order()
    cid, lid = bundle.id, order[position]
    lesson = bundle.lessons[lid]
    module = next(m for m in bundle.course.modules if lid in m.lessons)
    context = {
        "lesson": lesson,
        "lesson_id": lid,
        "course_id": cid,
        "course": {"title": bundle.course.title, "path": course_path(cid)},
        "module": module,
        "position": position + 1,
        "count": len(order),
        "duration": labels.minutes(lesson.duration_minutes),
        "modality_label": labels.LESSON_MODALITIES[lesson.modality],
        "hybrid": is_hybrid(bundle),
        "outline": outline(bundle, lid),
        "activities": [
            {
                "activity": a,
                "kind_label": labels.ACTIVITY_KINDS[a.kind],
                "duration": labels.minutes(a.duration_minutes),
            }
            for a in lesson.activities
        ],
        "quiz": quiz_context(f"{cid}/{lid}", lesson.quiz),
        "previous": _neighbour(bundle, order[position - 1]) if position > 0 else None,
        "next": _neighbour(bundle, order[position + 1]) if position + 1 < len(order) else None,
        "review": review_entry(lesson.review),
    }
    source = catalog.sources[("lesson", f"{cid}/{lid}")]
    kit = kit_for_audience(bundle.course.audience)
    path = lesson_path(cid, lid)
    return Page(path, "lesson.md.j2", lesson.title, source, context, lesson.objectives[0], kit)


def _tool_pages(catalog: Catalog, bundle: CourseBundle) -> list[Page]:
    cid, course = bundle.id, bundle.course
    common = {"course_id": cid, "course": {"title": course.title, "path": course_path(cid)}}
    source = catalog.sources[("course", cid)]
    kit = kit_for_audience(course.audience)
    pages = []
    if course.week_planner is not None:
        planner = course.week_planner
        context = {
            **common,
            "planner": planner,
            "limits": planner_limits(planner.limits),
            "days": list(PLANNER_DAYS),
            "samples": [sample_week(sample) for sample in planner.samples],
        }
        path = planner_path(cid)
        pages.append(
            Page(path, "planner.md.j2", planner.title, source, context, planner.title, kit)
        )
    if course.self_assessment is not None:
        grid = course.self_assessment
        after = lesson_after_grid(bundle)
        context = {
            **common,
            "grid": grid,
            "next_lesson": None if after is None else _neighbour(bundle, after),
        }
        path = self_assessment_path(cid)
        pages.append(
            Page(path, "self_assessment.md.j2", grid.title, source, context, grid.title, kit)
        )
    return pages


def _links_to_grid(text: str, course_id: str) -> bool:
    _, links = prose.inspect(text)
    return any(link.kind == SELF_ASSESSMENT.link and link.target == course_id for link in links)


def _grid_links(lesson: Lesson, course_id: str) -> tuple[bool, bool]:
    """Whether the lesson sends to the course's grid: (from an activity, from its body)."""
    in_activities = any(_links_to_grid(a.instructions, course_id) for a in lesson.activities)
    return in_activities, _links_to_grid(lesson.body, course_id)


def lesson_after_grid(bundle: CourseBundle) -> str | None:
    """The lesson a reader goes on to once the self-assessment grid is filled in: the
    one after the lesson that sends to the grid. An activity that sends there is where
    the grid is filled in, so it wins over a mention in a lesson's body; among several,
    the last in course order. None when no lesson sends there, or the last one does."""
    order = bundle.lesson_order()
    links = [_grid_links(bundle.lessons[lid], bundle.id) for lid in order]
    for wanted in (0, 1):
        linking = [i for i, found in enumerate(links) if found[wanted]]
        if linking:
            after = linking[-1] + 1
            return order[after] if after < len(order) else None
    return None


def course_pages(
    catalog: Catalog, bundle: CourseBundle, downloads: list[dict[str, str]] | None = None
) -> list[Page]:
    home = course_home(catalog, bundle, downloads)
    lessons = [lesson_page(catalog, bundle, i) for i in range(len(bundle.lesson_order()))]
    return [home, *lessons, *_tool_pages(catalog, bundle)]


def timeline_phases(lessons: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The hybrid sequence: runs of consecutive lessons in the same modality (« temps »)."""
    phases: list[dict[str, Any]] = []
    for position, lesson in enumerate(lessons, start=1):
        if not phases or phases[-1]["modality"] != lesson["modality"]:
            phases.append(
                {
                    "number": len(phases) + 1,
                    "modality": lesson["modality"],
                    "label": lesson["modality_label"],
                    "minutes": 0,
                    "lessons": [],
                }
            )
        phase = phases[-1]
        phase["minutes"] += lesson["minutes"]
        phase["lessons"].append({**lesson, "position": position})
    for phase in phases:
        phase["duration"] = labels.minutes(phase["minutes"])
    return phases


PLANNER_DAYS = tuple(day.capitalize() for day in WEEK_DAYS)


def sample_week(sample: SampleWeek) -> dict[str, Any]:
    """A sample week as its table shows it, each day with its place in the planner."""
    days = []
    for day in sample.days:
        pause = ""
        if day.break_start and day.break_end:
            pause = f"{clock(day.break_start)} – {clock(day.break_end)}"
        days.append(
            {
                "index": WEEK_DAYS.index(day.day) + 1,
                "label": day.day.capitalize(),
                "hours": f"{clock(day.start)} – {clock(day.end)}",
                "pause": pause,
                "model": day,
            }
        )
    return {"title": sample.title, "days": days}


def clock(value: str) -> str:
    """« 06:00 » → « 6 h », « 16:30 » → « 16 h 30 »."""
    hours, mins = value.split(":")
    return f"{int(hours)} h" + (f" {mins}" if mins != "00" else "")


def planner_limits(limits: PlannerLimits) -> dict[str, str | None]:
    """The week planner's limits, written the way the page states them (None: not set)."""
    rest = limits.min_daily_rest_hours
    return {
        "max_day": labels.minutes(round(limits.max_hours_per_day * 60)),
        "max_week": labels.minutes(round(limits.max_hours_per_week * 60)),
        "earliest": clock(limits.earliest_start),
        "latest": clock(limits.latest_end),
        "break_after": labels.minutes(round(limits.break_after_hours * 60)),
        "break_minutes": f"{limits.break_minutes} minutes",
        "min_rest": None if rest is None else labels.minutes(round(rest * 60)),
        "rest_days": None if limits.weekly_rest_days is None else str(limits.weekly_rest_days),
    }


def _neighbour(bundle: CourseBundle, lid: str) -> dict[str, str]:
    return {"title": bundle.lessons[lid].title, "path": lesson_path(bundle.id, lid)}
