"""Cross-references: every id a file names must exist, and each Markdown text
must follow the rules of `prose_rules`, with its internal links resolved."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeVar

from pydantic import BaseModel

from generator.check.catalog import NATIONAL
from generator.check.yaml_reader import Document, Loc
from generator.diagnostics import messages
from generator.diagnostics.errors import Problem
from generator.format import kinds, labels
from generator.format.models import (
    STEP_KEYS,
    Action,
    Course,
    Entity,
    FieldType,
    Lesson,
    Review,
    field_type,
)
from generator.format.official_texts import WHERE as TEXTS_WHERE
from generator.format.official_texts import official_texts
from generator.markdown.rules import Finding, InternalLink, inspect

M = TypeVar("M", bound=Entity)


class TextCheck(NamedTuple):
    """What `prose_rules` found in one Markdown text of a file: mistakes and internal links."""

    loc: Loc
    findings: tuple[Finding, ...]
    links: tuple[InternalLink, ...]


@dataclass
class Parsed:
    """One content file after its model check (model None if it failed)."""

    kind: str
    id: str
    doc: Document
    model: Entity | None
    origin: str = NATIONAL  # NATIONAL, or the académie id of an edition's own file
    texts: tuple[TextCheck, ...] = ()  # its Markdown texts that hold a mistake or a link

    def checked(self, model: type[M]) -> M:
        """The validated model, of the class its kind is checked with (only called on a
        file whose model check passed)."""
        if not isinstance(self.model, model):
            raise TypeError(f"{self.doc.path}: {model.__name__} expected")
        return self.model


class Targets:
    """The ids each internal link prefix may point at."""

    def __init__(self, parsed: list[Parsed]) -> None:
        self.ids: dict[str, set[str]] = {prefix: set() for prefix in kinds.LINK_KINDS}
        for item in parsed:
            link = kinds.KINDS[item.kind].link
            if link:
                self.ids[link].add(item.id)
            if item.kind == kinds.COURSE.name and item.model is not None:
                # a course's tools are pages of their own: [planning](planner:COURSE)
                for tool in kinds.COURSE_TOOLS:
                    if getattr(item.model, tool.field) is not None:
                        self.ids[tool.link].add(item.id)

    def exists(self, prefix: str, target: str) -> bool:
        return target in self.ids.get(prefix, set())

    def dangling(self, prefix: str, target: str) -> tuple[messages.Message, dict[str, Any]]:
        what, where = kinds.link_target_where(prefix)
        values: dict[str, Any] = {"what": what, "target": target, "where": where}
        hint = difflib.get_close_matches(target, sorted(self.ids.get(prefix, ())), n=1, cutoff=0.6)
        if hint:
            return messages.REF_UNKNOWN_TYPO, {**values, "hint": hint[0]}
        return messages.REF_UNKNOWN, values


def _is_markdown(found: FieldType) -> bool:
    """A Markdown text, or one when given (`Markdown | None`)."""
    return found.kind == "markdown" or any(_is_markdown(m) for m in found.members)


def markdown_fields(model: BaseModel, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every Markdown text of a validated file, with where it is."""
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        here = (*loc, name)
        if isinstance(value, str) and _is_markdown(field_type(info.annotation, info.metadata)):
            yield here, value
        elif isinstance(value, BaseModel):
            yield from markdown_fields(value, here)
        else:
            yield from _nested_markdown(value, here)


def _nested_markdown(value: object, here: Loc) -> Iterator[tuple[Loc, str]]:
    """The Markdown texts of the models inside a list or a mapping (edition contacts)."""
    if isinstance(value, BaseModel):
        yield from markdown_fields(value, here)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _nested_markdown(item, (*here, i))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _nested_markdown(item, (*here, key))


def check_texts(model: BaseModel) -> tuple[TextCheck, ...]:
    """Each Markdown text of a validated file checked by `prose_rules`, where it found anything."""
    checks = []
    for loc, text in markdown_fields(model):
        findings, links = inspect(text)
        if findings or links:
            checks.append(TextCheck(loc, tuple(findings), tuple(links)))
    return tuple(checks)


def _text_start(doc: Document, loc: Loc) -> tuple[int, int]:
    """The line of a text's first line, and its column (the text of « | » starts below)."""
    base = doc.locate(loc)
    return base.line + (1 if loc in doc.block_scalars else 0), base.column


def _check_markdown(item: Parsed, targets: Targets, out: list[Problem]) -> None:
    doc = item.doc
    for check in item.texts:
        # located only when a problem is found: the file's positions are read then
        for f in {(f.line, f.message.code): f for f in reversed(check.findings)}.values():
            first_line, column = _text_start(doc, check.loc)
            out.append(Problem.of(doc.path, first_line + f.line, column, f.message, **f.values))
        for link in check.links:
            if link.kind == kinds.LESSON.link and "/" not in link.target:
                message, values = messages.LESSON_LINK_INCOMPLETE, {"target": link.target}
            elif not targets.exists(link.kind, link.target):
                message, values = targets.dangling(link.kind, link.target)
            else:
                continue
            first_line, column = _text_start(doc, check.loc)
            out.append(Problem.of(doc.path, first_line + link.line, column, message, **values))


def _check_duplicates(doc: Document, loc: Loc, values: list[str], out: list[Problem]) -> None:
    seen: set[str] = set()
    for i, value in enumerate(values):
        if value in seen:
            out.append(doc.problem((*loc, i), messages.DUPLICATE_IN_LIST, value=value))
        seen.add(value)


def _check_ids(
    doc: Document, loc: Loc, prefix: str, ids: list[str], targets: Targets, out: list[Problem]
) -> None:
    _check_duplicates(doc, loc, ids, out)
    for i, target in enumerate(ids):
        if not targets.exists(prefix, target):
            message, values = targets.dangling(prefix, target)
            out.append(doc.problem((*loc, i), message, **values))


def _check_action(item: Parsed, targets: Targets, out: list[Problem]) -> None:
    action = item.checked(Action)
    doc = item.doc
    _check_duplicates(doc, ("levels",), list(action.levels), out)
    _check_duplicates(doc, ("objectives",), list(action.objectives), out)
    _check_ids(doc, ("partners",), kinds.PARTNER.link or "", action.partners, targets, out)
    for step in STEP_KEYS:
        roles = action.steps.get(step).interlocutors
        loc = ("steps", step, "interlocutors")
        _check_ids(doc, loc, kinds.INTERLOCUTOR.link or "", roles, targets, out)
    for kit in kinds.KIT_NAMES:
        view = action.view(kit)
        for i, ref in enumerate(view.next if view else []):
            prefix, target = ref.split(":", 1)
            here: Loc = (f"for_{kit}", "next", i)
            if prefix not in targets.ids:
                kinds_list = ", ".join(f"{k}:" for k in kinds.LINK_KINDS)
                out.append(
                    doc.problem(here, messages.LINK_KIND_UNKNOWN, scheme=prefix, kinds=kinds_list)
                )
            elif not targets.exists(prefix, target):
                message, values = targets.dangling(prefix, target)
                out.append(doc.problem(here, message, **values))


def _check_review(item: Parsed, out: list[Problem]) -> None:
    """The texts a review record names are in the list of official texts."""
    review: Review | None = getattr(item.model, "review", None)
    if review is None:
        return
    known = official_texts()
    loc = ("review", "texts")
    _check_duplicates(item.doc, loc, review.texts, out)
    for i, ident in enumerate(review.texts):
        if ident in known:
            continue
        hint = difflib.get_close_matches(ident, sorted(known), n=1, cutoff=0.6)
        values: dict[str, Any] = {"target": ident, "where": TEXTS_WHERE}
        if hint:
            message, values = messages.OFFICIAL_TEXT_UNKNOWN_TYPO, {**values, "hint": hint[0]}
        else:
            message = messages.OFFICIAL_TEXT_UNKNOWN
        out.append(item.doc.problem((*loc, i), message, **values))


def check_references(parsed: list[Parsed], settings: Iterable[Parsed] = ()) -> list[Problem]:
    """Every cross-reference problem of the files whose model validated; of `settings`
    (edition.yml: no content kind, no target of a link), the Markdown texts only."""
    targets = Targets(parsed)
    lessons = {p.id: p for p in parsed if p.kind == kinds.LESSON.name}
    out: list[Problem] = []
    for item in parsed:
        if item.model is None:
            continue
        _check_markdown(item, targets, out)
        _check_review(item, out)
        if item.kind == kinds.ACTION.name:
            _check_action(item, targets, out)
        elif item.kind == kinds.COURSE.name:
            check_course(item, lessons, out)
    for item in settings:
        _check_markdown(item, targets, out)
    return out


def check_course(item: Parsed, lessons: dict[str, Parsed], out: list[Problem]) -> None:
    """A course's modules against its lessons folder: each lesson listed once."""
    course = item.checked(Course)
    listed = _listed_lessons(item, lessons, out)
    own = {key.split("/", 1)[1]: p for key, p in lessons.items() if key.split("/", 1)[0] == item.id}
    for lesson_id, lesson in own.items():
        if lesson_id in kinds.RESERVED_LESSON_IDS:
            out.append(Problem.of(lesson.doc.path, 1, 1, messages.LESSON_ID_RESERVED, id=lesson_id))
        if lesson_id not in listed:
            out.append(
                Problem.of(
                    lesson.doc.path,
                    1,
                    1,
                    messages.LESSON_UNLISTED,
                    lesson=lesson_id,
                    path=item.doc.path,
                )
            )
    # The total is checked only when every lesson is sound: a mistake in one
    # lesson must not show up a second time as a wrong total.
    sound = set(listed) == set(own) and all(p.model is not None for p in own.values())
    if course.total_hours is not None and sound:
        minutes = sum(own[lid].checked(Lesson).duration_minutes for lid in listed)
        if abs(minutes - course.total_hours * 60) > 1e-6:
            out.append(
                item.doc.problem(
                    ("total_hours",),
                    messages.TOTAL_HOURS,
                    declared=labels.number(course.total_hours),
                    computed=labels.number(minutes / 60),
                    minutes=minutes,
                )
            )
    _check_competences(item, out)


def _listed_lessons(item: Parsed, lessons: dict[str, Parsed], out: list[Problem]) -> list[str]:
    course = item.checked(Course)
    doc = item.doc
    listed: dict[str, str] = {}
    module_ids: set[str] = set()
    for m, module in enumerate(course.modules):
        if module.id in module_ids:
            out.append(doc.problem(("modules", m, "id"), messages.MODULE_DUPLICATE, id=module.id))
        module_ids.add(module.id)
        for i, lesson in enumerate(module.lessons):
            loc = ("modules", m, "lessons", i)
            if lesson in listed:
                message = messages.LESSON_LISTED_TWICE
                out.append(doc.problem(loc, message, lesson=lesson, module=listed[lesson]))
                continue
            listed[lesson] = module.id
            if f"{item.id}/{lesson}" not in lessons:
                path = f"{doc.path.rsplit('/', 1)[0]}/{kinds.LESSONS_DIR}/{lesson}{kinds.EXTENSION}"
                out.append(doc.problem(loc, messages.LESSON_MISSING, lesson=lesson, path=path))
    return list(listed)


def _check_competences(item: Parsed, out: list[Problem]) -> None:
    grid = item.checked(Course).self_assessment
    if grid is None:
        return
    seen: set[str] = set()
    for a, area in enumerate(grid.areas):
        for c, competence in enumerate(area.competences):
            if competence.id in seen:
                loc = ("self_assessment", "areas", a, "competences", c, "id")
                out.append(item.doc.problem(loc, messages.COMPETENCE_DUPLICATE, id=competence.id))
            seen.add(competence.id)


def hidden_uses(own: list[Parsed], hidden: set[tuple[str, str]]) -> list[Problem]:
    """Warnings for an edition's own files naming what the edition hides: a link shown
    as plain text, an entry of `partners:` or `next:` dropped from the page."""
    out: list[Problem] = []
    for item in own:
        if item.model is None:
            continue
        for check in item.texts:
            for link in check.links:
                kind = kinds.KIND_OF_LINK.get(link.kind, link.kind)
                if (kind, link.target) in hidden:
                    line, column = _text_start(item.doc, check.loc)
                    what = kinds.KINDS[kind].article
                    message = messages.EDITION_LINK_TO_HIDDEN
                    out.append(
                        Problem.of(
                            item.doc.path,
                            line + link.line,
                            column,
                            message,
                            what=what,
                            id=link.target,
                        )
                    )
        if item.kind == kinds.ACTION.name:
            out.extend(_dropped(item, hidden))
    return out


def _dropped(item: Parsed, hidden: set[tuple[str, str]]) -> Iterator[Problem]:
    action = item.checked(Action)
    named: list[tuple[Loc, str, str]] = [
        (("partners", i), kinds.PARTNER.name, pid) for i, pid in enumerate(action.partners)
    ]
    for kit in kinds.KIT_NAMES:
        view = action.view(kit)
        for i, ref in enumerate(view.next if view else []):
            prefix, target = ref.split(":", 1)
            named.append(
                ((f"for_{kit}", "next", i), kinds.KIND_OF_LINK.get(prefix, prefix), target)
            )
    for loc, kind, ident in named:
        if (kind, ident) in hidden:
            what = kinds.KINDS[kind].article
            yield item.doc.problem(loc, messages.EDITION_HIDDEN_DROPPED, what=what, id=ident)
