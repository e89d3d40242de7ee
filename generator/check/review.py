"""Review records, read back: which content files are due for a new check.

A file is reported, at the line where the reason is written, when
- it has no review record (`review-missing`, at its first line);
- its last check (`review.checked`) is older than the age set (`review-stale`), or later
  than today, a typing slip (`review-future`; validation cannot say it: its result is
  kept in a cache, and must not change with the day);
- it relies on an official text the list marks replaced: named in `review.texts`
  (`review-text-replaced`), or cited by a source or resource whose address is the text's
  address (`source-text-replaced`; « www. », the scheme and a trailing « / » aside).

These are warnings: the content stays publishable; `passerelles review --strict` makes
them fail a CI job.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.check.catalog import Catalog
from generator.check.layers import Stack
from generator.check.validate import validate_all
from generator.check.yaml_reader import Document, LoadError, Loc, load_file
from generator.diagnostics import messages
from generator.diagnostics.errors import ContentError, Problem
from generator.format import kinds
from generator.format.dates import french_date
from generator.format.models import Resource, Review, Source
from generator.format.official_texts import OfficialText, official_texts, same_address

DEFAULT_MAX_AGE_DAYS = 365


@dataclass(frozen=True)
class ReviewReport:
    """The warnings of `passerelles review`, and how many files they concern."""

    problems: list[Problem]
    files: int  # content files examined

    @property
    def flagged(self) -> int:
        return len({p.path for p in self.problems})


def entity(catalog: Catalog, kind: str, ident: str) -> BaseModel:
    """The validated model of one content file, from its kind and id."""
    if kind == kinds.LESSON.name:
        course, lesson = ident.split("/", 1)
        return catalog.courses[course].lessons[lesson]
    if kind == kinds.COURSE.name:
        return catalog.courses[ident].course
    flat: dict[str, dict[str, Any]] = {
        kinds.ACTION.name: catalog.actions,
        kinds.PARTNER.name: catalog.partners,
        kinds.INTERLOCUTOR.name: catalog.interlocutors,
        kinds.KIT.name: catalog.kits,
    }
    found: BaseModel = flat[kind][ident]
    return found


def cited_addresses(model: BaseModel, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Where each source and resource of a file gives its address, at any depth."""
    if isinstance(model, Source | Resource):
        yield (*loc, "url"), model.url
        return
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            yield from cited_addresses(value, (*loc, name))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from cited_addresses(item, (*loc, name, i))


class _Texts:
    """The list of official texts, as the checks read it."""

    def __init__(self, texts: dict[str, OfficialText]) -> None:
        self.texts = texts
        self.replaced_at = {same_address(t.url): t for t in texts.values() if t.replaced}

    def by(self, text: OfficialText) -> str:
        """« par « … » » when the list names the text in force."""
        if text.replaced_by is None:
            return ""
        return f" par « {self.texts[text.replaced_by].title} »"


def _findings(
    review: Review | None, model: BaseModel, texts: _Texts, today: datetime.date, max_age: int
) -> list[tuple[Loc, messages.Message, dict[str, Any]]]:
    found: list[tuple[Loc, messages.Message, dict[str, Any]]] = []
    if review is None:
        found.append(((), messages.REVIEW_MISSING, {}))
    else:
        days = (today - review.checked).days
        checked = french_date(review.checked)
        if days > max_age:
            values = {"checked": checked, "days": days, "max_age": f"{max_age} jours"}
            found.append((("review", "checked"), messages.REVIEW_STALE, values))
        elif days < 0:
            found.append((("review", "checked"), messages.REVIEW_FUTURE, {"checked": checked}))
        for i, ident in enumerate(review.texts):
            text = texts.texts.get(ident)
            if text is not None and text.replaced:
                values = {"title": text.title, "by": texts.by(text)}
                found.append((("review", "texts", i), messages.REVIEW_TEXT_REPLACED, values))
    for loc, url in cited_addresses(model):
        cited = texts.replaced_at.get(same_address(url))
        if cited is not None:
            values = {"title": cited.title, "by": texts.by(cited)}
            found.append((loc, messages.SOURCE_TEXT_REPLACED, values))
    return found


def review_report(
    content: Path,
    *,
    max_age_days: int = DEFAULT_MAX_AGE_DAYS,
    today: datetime.date | None = None,
    texts: dict[str, OfficialText] | None = None,
    local_only: bool = False,
) -> ReviewReport:
    """Every review warning of the content folder (see the module's docstring); with
    `local_only`, of its own files only, not of its base's (an académie edition reviews
    its own files, the national team the national ones).

    Raises ContentError when the content does not validate."""
    validated = validate_all(content.resolve())
    catalog = validated.catalog
    checks = _Texts(texts if texts is not None else official_texts())
    day = today or datetime.date.today()
    problems: list[Problem] = []
    base = tuple(layer.prefix for layer in validated.stack.layers if layer.prefix)
    files = sorted(catalog.sources.items(), key=lambda item: item[1])
    if local_only:
        files = [(key, rel) for key, rel in files if not rel.startswith(base)]
    for (kind, ident), rel in files:
        model = entity(catalog, kind, ident)
        review: Review | None = getattr(model, "review", None)
        findings = _findings(review, model, checks, day, max_age_days)
        if all(loc == () for loc, _message, _values in findings):
            # at the first line: no need to read the file again for its positions
            problems.extend(Problem.of(rel, 1, 1, message, **v) for _loc, message, v in findings)
            continue
        doc = _document(validated.stack, rel)
        problems.extend(doc.problem(loc, message, **values) for loc, message, values in findings)
    return ReviewReport(sorted(problems), len(files))


def _document(stack: Stack, rel: str) -> Document:
    """A file read again for its positions, from its layer (« national/… » for a file of
    an edition's base)."""
    layer = max(
        (layer for layer in stack.layers if rel.startswith(layer.prefix)),
        key=lambda layer: len(layer.prefix),
    )
    try:
        return load_file(layer.root, layer.root / rel.removeprefix(layer.prefix), layer.prefix)
    except LoadError as exc:  # changed on disk since it was validated
        raise ContentError([exc.problem]) from None
