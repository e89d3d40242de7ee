"""`passerelles validate`: check everything, print every mistake at once."""

from __future__ import annotations

import argparse
from typing import Any

from generator.check.heap import without_cycle_collection
from generator.check.validate import validate
from generator.commands.common import add_content, add_format
from generator.diagnostics import messages
from generator.diagnostics.errors import ContentError, plural
from generator.diagnostics.report import emit, path_prefix


def register(commands: Any) -> None:
    parser = commands.add_parser("validate", help="vérifie tout le contenu")
    add_content(parser)
    add_format(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    # the program ends with the report: a collection of what validation kept, on the
    # way out, would only cost time, the more so as the content grows
    with without_cycle_collection():
        return _report(args)


def _report(args: argparse.Namespace) -> int:
    try:
        catalog = validate(args.content)
    except ContentError as exc:
        emit(exc.problems, args.format, prefix=path_prefix(args.content))
        return 1
    lessons = sum(len(b.lessons) for b in catalog.courses.values())
    summary = messages.CONTENT_VALID(
        actions=len(catalog.actions),
        partners=len(catalog.partners),
        interlocutors=len(catalog.interlocutors),
        courses=len(catalog.courses),
        lessons=lessons,
    )
    warnings = list(catalog.warnings)
    if warnings:
        summary += f" {messages.CONTENT_WARNINGS(count=len(warnings), s=plural(len(warnings)))}"
    emit(warnings, args.format, summary=summary, prefix=path_prefix(args.content))
    return 0
