"""Validate stage: the whole content tree → a Catalog, or every mistake at once.

Three parts, each in its module: finding the files (`discover`), each file
against its model (`fields`), and the references between files (`references`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import kinds
from .catalog import Catalog, CourseBundle
from .discover import discover
from .errors import ContentError, Problem
from .fields import check_model
from .load import Document, LoadError, load_file, printable
from .references import Parsed, check_references


def parse_all(content: Path) -> tuple[list[Parsed], list[Problem]]:
    """Every content file loaded and checked against its model, and the problems met."""
    found = discover(content)
    problems = list(found.problems)
    parsed: list[Parsed] = []
    for item in found.found:
        try:
            doc = load_file(content, item.file)
        except LoadError as exc:
            problems.append(exc.problem)
            parsed.append(Parsed(item.kind, item.id, Document(found.rel(item.file), None), None))
            continue
        model = check_model(doc, kinds.KINDS[item.kind].model, problems)
        parsed.append(Parsed(item.kind, item.id, doc, model))
    return parsed, problems


def validate(content: Path) -> Catalog:
    """Validate the content folder; raise ContentError listing every mistake."""
    parsed, problems = parse_all(content.resolve())
    problems.extend(check_references(parsed))
    if problems:
        # one problem, one line: no control character from a key or a file name
        raise ContentError(
            Problem(printable(p.path), p.line, p.column, printable(p.message), p.code)
            for p in problems
        )
    return catalog_of(parsed)


def catalog_of(parsed: list[Parsed]) -> Catalog:
    by_kind: dict[str, dict[str, Any]] = {name: {} for name in kinds.KINDS}
    sources: dict[tuple[str, str], str] = {}
    for item in parsed:
        by_kind[item.kind][item.id] = item.model
        sources[(item.kind, item.id)] = item.doc.path
    courses: dict[str, CourseBundle] = {}
    for cid, course in sorted(by_kind[kinds.COURSE.name].items()):
        order = [lesson for module in course.modules for lesson in module.lessons]
        lessons = by_kind[kinds.LESSON.name]
        courses[cid] = CourseBundle(cid, course, {lid: lessons[f"{cid}/{lid}"] for lid in order})
    return Catalog(
        actions=dict(sorted(by_kind[kinds.ACTION.name].items())),
        partners=dict(sorted(by_kind[kinds.PARTNER.name].items())),
        interlocutors=dict(sorted(by_kind[kinds.INTERLOCUTOR.name].items())),
        kits={k: by_kind[kinds.KIT.name][k] for k in kinds.KIT_NAMES},
        courses=courses,
        sources=sources,
    )
