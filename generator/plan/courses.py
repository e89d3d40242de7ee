"""Pages of the courses: course home (modules, timeline, totals), lessons with
previous/next, the week planner and the self-assessment grid."""

from __future__ import annotations

from collections import Counter
from typing import Any

from .. import labels
from ..catalog import Catalog, CourseBundle
from ..models import PlannerLimits
from .pages import Page
from .paths import course_path, lesson_path, planner_path, self_assessment_path


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


def course_pages(catalog: Catalog, bundle: CourseBundle) -> list[Page]:
    cid, course = bundle.id, bundle.course
    order = bundle.lesson_order()
    modules = []
    by_modality: Counter[str] = Counter()
    for module in course.modules:
        lessons = []
        for lid in module.lessons:
            lesson = bundle.lessons[lid]
            by_modality[lesson.modality] += lesson.duration_minutes
            lessons.append(
                {
                    "id": lid,
                    "title": lesson.title,
                    "path": lesson_path(cid, lid),
                    "minutes": lesson.duration_minutes,
                    "duration": labels.minutes(lesson.duration_minutes),
                    "modality": lesson.modality,
                    "modality_label": labels.LESSON_MODALITIES[lesson.modality],
                    "has_quiz": bool(lesson.quiz),
                }
            )
        minutes = sum(item["minutes"] for item in lessons)
        modules.append(
            {
                "id": module.id,
                "title": module.title,
                "summary": module.summary,
                "lessons": lessons,
                "duration": labels.minutes(minutes),
            }
        )
    total = sum(by_modality.values())
    lessons_in_order = [lesson for module in modules for lesson in module["lessons"]]
    extras = []
    if course.week_planner is not None:
        extras.append({"title": course.week_planner.title, "path": planner_path(cid)})
    if course.self_assessment is not None:
        extras.append({"title": course.self_assessment.title, "path": self_assessment_path(cid)})
    home = Page(
        course_path(cid),
        "course.md.j2",
        course.title,
        catalog.sources[("course", cid)],
        {
            "course": course,
            "course_id": cid,
            "modules": modules,
            "lesson_count": len(order),
            "total": labels.minutes(total),
            "total_minutes": total,
            "audience": labels.AUDIENCES[course.audience],
            "modality": labels.COURSE_MODALITIES[course.modality],
            "by_modality": [
                {
                    "modality": m,
                    "label": labels.LESSON_MODALITIES[m],
                    "minutes": by_modality[m],
                    "duration": labels.minutes(by_modality[m]),
                    "lessons": sum(1 for item in lessons_in_order if item["modality"] == m),
                }
                for m in labels.LESSON_MODALITIES
                if by_modality[m]
            ],
            "timeline": timeline_phases(lessons_in_order),
            "first_lesson": lesson_path(cid, order[0]),
            "extras": extras,
        },
        course.summary,
    )
    pages = [home]
    module_of = {lid: m for m in course.modules for lid in m.lessons}
    for i, lid in enumerate(order):
        lesson = bundle.lessons[lid]
        neighbours = {
            "previous": _neighbour(bundle, order[i - 1]) if i > 0 else None,
            "next": _neighbour(bundle, order[i + 1]) if i + 1 < len(order) else None,
        }
        pages.append(
            Page(
                lesson_path(cid, lid),
                "lesson.md.j2",
                lesson.title,
                catalog.sources[("lesson", f"{cid}/{lid}")],
                {
                    "lesson": lesson,
                    "lesson_id": lid,
                    "course_id": cid,
                    "course": {"title": course.title, "path": course_path(cid)},
                    "module": module_of[lid],
                    "position": i + 1,
                    "count": len(order),
                    "duration": labels.minutes(lesson.duration_minutes),
                    "modality_label": labels.LESSON_MODALITIES[lesson.modality],
                    "activities": [
                        {
                            "activity": a,
                            "kind_label": labels.ACTIVITY_KINDS[a.kind],
                            "duration": labels.minutes(a.duration_minutes),
                        }
                        for a in lesson.activities
                    ],
                    # More than one right choice: checkboxes (« plusieurs réponses possibles »).
                    "quiz": [
                        {"question": q, "multiple": sum(c.correct for c in q.choices) > 1}
                        for q in lesson.quiz
                    ],
                    **neighbours,
                },
                lesson.objectives[0],
            )
        )
    if course.week_planner is not None:
        pages.append(
            Page(
                planner_path(cid),
                "planner.md.j2",
                course.week_planner.title,
                catalog.sources[("course", cid)],
                {
                    "planner": course.week_planner,
                    "course_id": cid,
                    "course": {"title": course.title, "path": course_path(cid)},
                    "limits": planner_limits(course.week_planner.limits),
                    "days": list(PLANNER_DAYS),
                },
                course.week_planner.title,
            )
        )
    if course.self_assessment is not None:
        pages.append(
            Page(
                self_assessment_path(cid),
                "self_assessment.md.j2",
                course.self_assessment.title,
                catalog.sources[("course", cid)],
                {
                    "grid": course.self_assessment,
                    "course_id": cid,
                    "course": {"title": course.title, "path": course_path(cid)},
                },
                course.self_assessment.title,
            )
        )
    return pages


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


PLANNER_DAYS = ("Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi")


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
    }


def _neighbour(bundle: CourseBundle, lid: str) -> dict[str, str]:
    return {"title": bundle.lessons[lid].title, "path": lesson_path(bundle.id, lid)}
