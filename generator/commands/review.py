"""`passerelles review`: which content files are due for a new check against the law.

Reports, at their line, the files without a review record, those checked longer ago
than `--max-age` days, and those relying on an official text marked replaced in the
list shipped with the tool (see `generator.check.review`). Warnings: exit code 0, unless
`--strict` (then 1 when there is any), so that a CI job can require them fixed.
"""

from __future__ import annotations

import argparse
from typing import Any

from generator.check.review import DEFAULT_MAX_AGE_DAYS, review_report
from generator.commands.common import add_content, add_format, print_content_errors
from generator.diagnostics import messages
from generator.diagnostics.errors import ContentError, plural
from generator.diagnostics.report import emit_findings, path_prefix


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(messages.OPTION_NOT_DAYS(text=text)) from None
    if value < 0:
        raise argparse.ArgumentTypeError(messages.OPTION_TOO_SMALL(minimum=0, text=text))
    return value


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "review",
        help="signale les fichiers à relire (vérification ancienne, texte remplacé)",
        description="Signale à leur ligne les fichiers sans relevé de vérification (review), "
        "ceux vérifiés il y a plus de --max-age jours et ceux qui s'appuient sur un texte "
        "officiel remplacé (dans review.texts, ou par l'adresse d'une source ou ressource).",
    )
    add_content(parser)
    parser.add_argument(
        "--max-age",
        type=_days,
        default=DEFAULT_MAX_AGE_DAYS,
        metavar="JOURS",
        help=f"âge au-delà duquel une vérification est à refaire (défaut : {DEFAULT_MAX_AGE_DAYS})",
    )
    parser.add_argument(
        "--local",
        action="store_true",
        help="dans une édition, ses propres fichiers seulement (pas ceux de sa base nationale)",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="code de sortie 1 s'il y a au moins un avertissement (pour un job de CI)",
    )
    add_format(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    prefix = path_prefix(args.content)
    try:
        report = review_report(args.content, max_age_days=args.max_age, local_only=args.local)
    except ContentError as exc:
        return print_content_errors(exc, args.format, prefix, messages.REVIEW_NOT_CHECKED)
    count = len(report.problems)
    summary = messages.REVIEW_SUMMARY(
        count=report.flagged,
        s=plural(report.flagged),
        total=report.files,
        warnings=count,
        ws=plural(count),
    )
    emit_findings(report.problems, args.format, severity="minor", summary=summary, prefix=prefix)
    return 1 if args.strict and report.problems else 0
