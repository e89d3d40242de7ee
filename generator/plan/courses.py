"""Pages of the courses: course home (modules, timeline, totals), lessons with
the course's outline and previous/next, the week planner and the self-assessment
grid with the lesson that follows it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypedDict

from generator.check.catalog import Catalog, CourseBundle
from generator.format import labels
from generator.format.kinds import COURSE, LESSON, PLANNER, SELF_ASSESSMENT, kit_for_audience
from generator.format.models import (
    WEEK_DAYS,
    Activity,
    Choice,
    Course,
    Lesson,
    Module,
    PlannerLimits,
    Question,
    SampleDay,
    SampleWeek,
    SelfAssessment,
    WeekPlanner,
)
from generator.format.quiz import choice_order
from generator.plan.pages import CourseOutline, Link, Page, Search
from generator.plan.paths import course_path, lesson_path, planner_path, self_assessment_path
from generator.plan.review import ReviewEntry, review_entry


@dataclass(frozen=True, kw_only=True)
class CourseCard:
    """A course as the home page lists it."""

    id: str
    title: str
    summary: str
    audience: str
    modality: str
    total: str
    lessons: int
    path: str


@dataclass(frozen=True, kw_only=True)
class LessonEntry:
    """A lesson as the course's home, its timeline and the lessons' outline list it."""

    id: str
    title: str
    path: str
    minutes: int
    duration: str
    modality: str
    modality_label: str
    has_quiz: bool


@dataclass(frozen=True, kw_only=True)
class ModuleEntry:
    id: str
    title: str
    summary: str
    lessons: list[LessonEntry]
    duration: str


@dataclass(frozen=True, kw_only=True)
class ModalityShare:
    """The time a course spends in one modality (« à distance », « en présentiel »)."""

    modality: str
    label: str
    minutes: int
    duration: str
    lessons: int


@dataclass(frozen=True, kw_only=True)
class PhaseLesson(LessonEntry):
    """A lesson in the timeline, with its number in the course."""

    position: int


@dataclass(frozen=True, kw_only=True)
class Phase:
    """A run of consecutive lessons in the same modality (« temps »)."""

    number: int
    modality: str
    label: str
    minutes: int
    duration: str
    lessons: list[PhaseLesson]


@dataclass(frozen=True, kw_only=True)
class OutlineLesson:
    id: str
    title: str
    path: str
    number: int
    current: bool


@dataclass(frozen=True, kw_only=True)
class OutlineModule:
    title: str
    lessons: list[OutlineLesson]


@dataclass(frozen=True, kw_only=True)
class ActivityEntry:
    activity: Activity
    kind_label: str
    duration: str


@dataclass(frozen=True, kw_only=True)
class QuizEntry:
    """A question with its choices in display order."""

    question: Question
    multiple: bool  # more than one right choice: checkboxes
    choices: list[Choice]


@dataclass(frozen=True, kw_only=True)
class SampleDayRow:
    index: int  # the day's place in the planner, from 1
    label: str
    hours: str
    pause: str
    model: SampleDay


@dataclass(frozen=True, kw_only=True)
class SampleWeekTable:
    title: str
    days: list[SampleDayRow]


@dataclass(frozen=True, kw_only=True)
class LimitsText:
    """The week planner's limits, written the way the page states them (None: not set)."""

    max_day: str
    max_week: str
    earliest: str
    latest: str
    break_after: str
    break_minutes: str
    min_rest: str | None
    rest_days: str | None


class CourseHomeContext(TypedDict):
    course: Course
    course_id: str
    modules: list[ModuleEntry]
    lesson_count: int
    total: str
    total_minutes: int
    audience: str
    modality: str
    hybrid: bool
    by_modality: list[ModalityShare]
    timeline: list[Phase]
    first_lesson: str
    extras: list[Link]
    # the course's packages for Moodle/M@gistère and Open edX (templates/export/guide.md.j2)
    downloads: list[dict[str, str]]
    review: ReviewEntry | None


class LessonContext(TypedDict):
    lesson: Lesson
    lesson_id: str
    course_id: str
    course: Link
    module: Module
    position: int
    count: int
    duration: str
    modality_label: str
    hybrid: bool
    outline: list[OutlineModule]
    activities: list[ActivityEntry]
    quiz: list[QuizEntry]
    previous: Link | None
    next: Link | None
    review: ReviewEntry | None


class PlannerContext(TypedDict):
    course_id: str
    course: Link
    planner: WeekPlanner
    limits: LimitsText
    days: list[str]
    samples: list[SampleWeekTable]


class SelfAssessmentContext(TypedDict):
    course_id: str
    course: Link
    grid: SelfAssessment
    next_lesson: Link | None


def course_card(bundle: CourseBundle) -> CourseCard:
    total = sum(lesson.duration_minutes for lesson in bundle.lessons.values())
    return CourseCard(
        id=bundle.id,
        title=bundle.course.title,
        summary=bundle.course.summary,
        audience=labels.AUDIENCES[bundle.course.audience],
        modality=labels.COURSE_MODALITIES[bundle.course.modality],
        total=labels.minutes(total),
        lessons=len(bundle.lessons),
        path=course_path(bundle.id),
    )


def _lesson_entry(bundle: CourseBundle, lid: str) -> LessonEntry:
    lesson = bundle.lessons[lid]
    return LessonEntry(
        id=lid,
        title=lesson.title,
        path=lesson_path(bundle.id, lid),
        minutes=lesson.duration_minutes,
        duration=labels.minutes(lesson.duration_minutes),
        modality=lesson.modality,
        modality_label=labels.LESSON_MODALITIES[lesson.modality],
        has_quiz=bool(lesson.quiz),
    )


def _modules(bundle: CourseBundle) -> list[ModuleEntry]:
    modules = []
    for module in bundle.course.modules:
        lessons = [_lesson_entry(bundle, lid) for lid in module.lessons]
        modules.append(
            ModuleEntry(
                id=module.id,
                title=module.title,
                summary=module.summary,
                lessons=lessons,
                duration=labels.minutes(sum(item.minutes for item in lessons)),
            )
        )
    return modules


def _by_modality(lessons: list[LessonEntry]) -> list[ModalityShare]:
    minutes: Counter[str] = Counter()
    for lesson in lessons:
        minutes[lesson.modality] += lesson.minutes
    return [
        ModalityShare(
            modality=m,
            label=labels.LESSON_MODALITIES[m],
            minutes=minutes[m],
            duration=labels.minutes(minutes[m]),
            lessons=sum(1 for item in lessons if item.modality == m),
        )
        for m in labels.LESSON_MODALITIES
        if minutes[m]
    ]


def _tools(bundle: CourseBundle) -> list[Link]:
    course, cid = bundle.course, bundle.id
    tools = []
    if course.week_planner is not None:
        tools.append(Link(title=course.week_planner.title, path=planner_path(cid)))
    if course.self_assessment is not None:
        tools.append(Link(title=course.self_assessment.title, path=self_assessment_path(cid)))
    return tools


def course_home(catalog: Catalog, bundle: CourseBundle) -> Page:
    cid, course = bundle.id, bundle.course
    modules = _modules(bundle)
    lessons = [lesson for module in modules for lesson in module.lessons]
    total = sum(lesson.minutes for lesson in lessons)
    context = CourseHomeContext(
        course=course,
        course_id=cid,
        modules=modules,
        lesson_count=len(lessons),
        total=labels.minutes(total),
        total_minutes=total,
        audience=labels.AUDIENCES[course.audience],
        modality=labels.COURSE_MODALITIES[course.modality],
        hybrid=is_hybrid(bundle),
        by_modality=_by_modality(lessons),
        timeline=timeline_phases(lessons),
        first_lesson=lessons[0].path,
        extras=_tools(bundle),
        downloads=[],  # filled where the page is rendered (SitePlan.courses)
        review=review_entry(course.review),
    )
    keywords = Search(
        keywords=[*labels.COURSE_SEARCH_KEYWORDS, *labels.COURSE_AUDIENCE_KEYWORDS[course.audience]]
    )
    return Page(
        path=course_path(cid),
        template="course.md.j2",
        title=course.title,
        source=catalog.source(COURSE, cid),
        context=context,
        description=course.summary,
        kit=kit_for_audience(course.audience),
        search=keywords,
    )


def quiz_context(lesson_key: str, questions: list[Question]) -> list[QuizEntry]:
    """Questions with their choices in display order (shuffled stably, see `quiz`)."""
    return [
        QuizEntry(
            question=q,
            multiple=sum(c.correct for c in q.choices) > 1,
            choices=[q.choices[i] for i in choice_order(lesson_key, n, len(q.choices))],
        )
        for n, q in enumerate(questions)
    ]


def is_hybrid(bundle: CourseBundle) -> bool:
    """Whether lessons say where they happen: in a course given wholly online,
    « à distance » on every lesson would tell the reader nothing."""
    return bundle.course.modality == "hybrid"


def outline(bundle: CourseBundle, current: str) -> list[OutlineModule]:
    """The course's modules and numbered lessons, as a lesson page lists them."""
    number = 0
    modules = []
    for module in _modules(bundle):
        lessons = []
        for entry in module.lessons:
            number += 1
            lessons.append(
                OutlineLesson(
                    id=entry.id,
                    title=entry.title,
                    path=entry.path,
                    number=number,
                    current=entry.id == current,
                )
            )
        modules.append(OutlineModule(title=module.title, lessons=lessons))
    return modules


def _course_link(bundle: CourseBundle) -> Link:
    return Link(title=bundle.course.title, path=course_path(bundle.id))


def lesson_page(catalog: Catalog, bundle: CourseBundle, position: int) -> Page:
    order = bundle.lesson_order()
    cid, lid = bundle.id, order[position]
    lesson = bundle.lessons[lid]
    context = LessonContext(
        lesson=lesson,
        lesson_id=lid,
        course_id=cid,
        course=_course_link(bundle),
        module=next(m for m in bundle.course.modules if lid in m.lessons),
        position=position + 1,
        count=len(order),
        duration=labels.minutes(lesson.duration_minutes),
        modality_label=labels.LESSON_MODALITIES[lesson.modality],
        hybrid=is_hybrid(bundle),
        outline=outline(bundle, lid),
        activities=[
            ActivityEntry(
                activity=a,
                kind_label=labels.ACTIVITY_KINDS[a.kind],
                duration=labels.minutes(a.duration_minutes),
            )
            for a in lesson.activities
        ],
        quiz=quiz_context(f"{cid}/{lid}", lesson.quiz),
        previous=_neighbour(bundle, order[position - 1]) if position > 0 else None,
        next=_neighbour(bundle, order[position + 1]) if position + 1 < len(order) else None,
        review=review_entry(lesson.review),
    )
    return Page(
        path=lesson_path(cid, lid),
        template="lesson.md.j2",
        title=lesson.title,
        source=catalog.source(LESSON, f"{cid}/{lid}"),
        context=context,
        description=lesson.objectives[0],
        kit=kit_for_audience(bundle.course.audience),
    )


def _tool_pages(catalog: Catalog, bundle: CourseBundle) -> list[Page]:
    cid, course = bundle.id, bundle.course
    source = catalog.source(COURSE, cid)
    kit = kit_for_audience(course.audience)
    pages = []
    if course.week_planner is not None:
        planner = course.week_planner
        planner_context = PlannerContext(
            course_id=cid,
            course=_course_link(bundle),
            planner=planner,
            limits=planner_limits(planner.limits),
            days=list(PLANNER_DAYS),
            samples=[sample_week(sample) for sample in planner.samples],
        )
        pages.append(
            Page(
                path=planner_path(cid),
                template="planner.md.j2",
                title=planner.title,
                source=source,
                context=planner_context,
                description=planner.title,
                kit=kit,
            )
        )
    if course.self_assessment is not None:
        grid = course.self_assessment
        after = lesson_after_grid(catalog, bundle)
        grid_context = SelfAssessmentContext(
            course_id=cid,
            course=_course_link(bundle),
            grid=grid,
            next_lesson=None if after is None else _neighbour(bundle, after),
        )
        pages.append(
            Page(
                path=self_assessment_path(cid),
                template="self_assessment.md.j2",
                title=grid.title,
                source=source,
                context=grid_context,
                description=grid.title,
                kit=kit,
            )
        )
    return pages


# Where a course's lessons link to its self-assessment grid: lesson id → (from an
# activity, from the lesson's body).
GridLinks = Mapping[str, tuple[bool, bool]]


def grid_links(catalog: Catalog, bundle: CourseBundle) -> GridLinks:
    """Which lessons send to the course's grid, from the links validation found."""
    found: dict[str, tuple[bool, bool]] = {}
    for lid in bundle.lessons:
        places = {
            link.loc[0]
            for link in catalog.links.get((LESSON.name, f"{bundle.id}/{lid}"), ())
            if link.prefix == SELF_ASSESSMENT.link and link.target == bundle.id
        }
        found[lid] = ("activities" in places, "body" in places)
    return found


def lesson_after_grid(catalog: Catalog, bundle: CourseBundle) -> str | None:
    """The lesson a reader goes on to once the self-assessment grid is filled in: the
    one after the lesson that sends to the grid. An activity that sends there is where
    the grid is filled in, so it wins over a mention in a lesson's body; among several,
    the last in course order. None when no lesson sends there, or the last one does."""
    order = bundle.lesson_order()
    grid_linked = grid_links(catalog, bundle)
    links = [grid_linked[lid] for lid in order]
    for wanted in (0, 1):
        linking = [i for i, found in enumerate(links) if found[wanted]]
        if linking:
            after = linking[-1] + 1
            return order[after] if after < len(order) else None
    return None


def course_pages(catalog: Catalog, bundle: CourseBundle) -> list[Page]:
    home = course_home(catalog, bundle)
    lessons = [lesson_page(catalog, bundle, i) for i in range(len(bundle.lesson_order()))]
    return [home, *lessons, *_tool_pages(catalog, bundle)]


def course_outline(catalog: Catalog, bundle: CourseBundle) -> CourseOutline:
    """The course's pages (`course_pages`), each found by what it is: what the site
    publishes and what the course's packages carry."""
    cid = bundle.id
    pages = {page.path: page for page in course_pages(catalog, bundle)}
    tools = {
        tool.link: path
        for tool, path in (
            (PLANNER, planner_path(cid)),
            (SELF_ASSESSMENT, self_assessment_path(cid)),
        )
        if path in pages
    }
    return CourseOutline(
        id=cid,
        home=course_path(cid),
        lessons={lid: lesson_path(cid, lid) for lid in bundle.lesson_order()},
        tools=tools,
        pages=pages,
    )


def course_outlines(catalog: Catalog) -> dict[str, CourseOutline]:
    """Every course's outline, by course id, in the catalog's order."""
    return {cid: course_outline(catalog, bundle) for cid, bundle in catalog.courses.items()}


def timeline_phases(lessons: list[LessonEntry]) -> list[Phase]:
    """The hybrid sequence: runs of consecutive lessons in the same modality (« temps »)."""
    runs: list[list[PhaseLesson]] = []
    for position, lesson in enumerate(lessons, start=1):
        if not runs or runs[-1][0].modality != lesson.modality:
            runs.append([])
        runs[-1].append(PhaseLesson(**vars(lesson), position=position))
    return [
        Phase(
            number=number,
            modality=run[0].modality,
            label=run[0].modality_label,
            minutes=sum(item.minutes for item in run),
            duration=labels.minutes(sum(item.minutes for item in run)),
            lessons=run,
        )
        for number, run in enumerate(runs, start=1)
    ]


PLANNER_DAYS = tuple(day.capitalize() for day in WEEK_DAYS)


def sample_week(sample: SampleWeek) -> SampleWeekTable:
    """A sample week as its table shows it, each day with its place in the planner."""
    days = []
    for day in sample.days:
        pause = ""
        if day.break_start and day.break_end:
            pause = f"{clock(day.break_start)} – {clock(day.break_end)}"
        days.append(
            SampleDayRow(
                index=WEEK_DAYS.index(day.day) + 1,
                label=day.day.capitalize(),
                hours=f"{clock(day.start)} – {clock(day.end)}",
                pause=pause,
                model=day,
            )
        )
    return SampleWeekTable(title=sample.title, days=days)


def clock(value: str) -> str:
    """« 06:00 » → « 6 h », « 16:30 » → « 16 h 30 »."""
    hours, mins = value.split(":")
    return f"{int(hours)} h" + (f" {mins}" if mins != "00" else "")


def planner_limits(limits: PlannerLimits) -> LimitsText:
    """The week planner's limits, written the way the page states them (None: not set)."""
    rest = limits.min_daily_rest_hours
    return LimitsText(
        max_day=labels.minutes(round(limits.max_hours_per_day * 60)),
        max_week=labels.minutes(round(limits.max_hours_per_week * 60)),
        earliest=clock(limits.earliest_start),
        latest=clock(limits.latest_end),
        break_after=labels.minutes(round(limits.break_after_hours * 60)),
        break_minutes=f"{limits.break_minutes} minutes",
        min_rest=None if rest is None else labels.minutes(round(rest * 60)),
        rest_days=None if limits.weekly_rest_days is None else str(limits.weekly_rest_days),
    )


def _neighbour(bundle: CourseBundle, lid: str) -> Link:
    return Link(title=bundle.lessons[lid].title, path=lesson_path(bundle.id, lid))
