"""`passerelles links`: does every external address of the content still answer?

Each address is reported where it is written, `file:line:col: URL → ce qui s'est passé`,
in the formats of `generator.diagnostics.report` (text, GitHub annotations, GitLab Code Quality).
Exit code 1 when a link is broken; redirects to another site, sites that refuse
robots and addresses left unchecked when the time budget (`--budget`) ran out are
warnings. Only public addresses are requested (see `generator.linkcheck.public_http`). Results are cached in `CONTENT/build/links-cache.json`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from generator.commands.common import print_content_errors
from generator.diagnostics import messages
from generator.diagnostics.errors import ContentError
from generator.diagnostics.report import FORMATS, emit_findings, path_prefix
from generator.linkcheck.check import check, link_problems, summary_of
from generator.linkcheck.urls import collect

CACHE_FILE = Path("build") / "links-cache.json"
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_AGE = 24.0
DEFAULT_CONCURRENCY = 8
DEFAULT_BUDGET = 300.0  # seconds for a whole run: a CI job that always ends


def _number(kind: type, *, minimum: float, strict: bool) -> Any:
    def parse(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(messages.OPTION_NOT_NUMBER(text=text)) from None
        if value < minimum or (strict and value == minimum):
            bound = messages.OPTION_NOT_ABOVE if strict else messages.OPTION_TOO_SMALL
            raise argparse.ArgumentTypeError(bound(minimum=f"{minimum:g}", text=text))
        return value

    return parse


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add `links` to the `passerelles` sub-commands."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "links",
        help="vérifie que les liens externes du contenu répondent",
        description="Vérifie chaque adresse http(s) du contenu (ressources, sources, sites des "
        "partenaires, liens des textes) et signale les liens cassés à leur ligne.",
    )
    parser.add_argument(
        "--content",
        type=Path,
        default=Path("."),
        metavar="DOSSIER",
        help="dossier qui contient kits/ et mooc/ (défaut : dossier courant)",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (lisible), github (annotations GitHub Actions) ou gitlab "
        "(rapport Code Quality en JSON) ; défaut : text",
    )
    parser.add_argument(
        "--timeout",
        type=_number(float, minimum=0, strict=True),
        default=DEFAULT_TIMEOUT,
        metavar="SECONDES",
        help=f"temps laissé à chaque adresse pour répondre (défaut : {DEFAULT_TIMEOUT:g})",
    )
    parser.add_argument(
        "--max-age",
        type=_number(float, minimum=0, strict=False),
        default=DEFAULT_MAX_AGE,
        metavar="HEURES",
        help="un résultat plus récent est repris du cache sans interroger le site ; "
        f"0 pour tout vérifier à nouveau (défaut : {DEFAULT_MAX_AGE:g})",
    )
    parser.add_argument(
        "--concurrency",
        type=_number(int, minimum=1, strict=False),
        default=DEFAULT_CONCURRENCY,
        metavar="N",
        help=f"nombre de requêtes en même temps (défaut : {DEFAULT_CONCURRENCY})",
    )
    parser.add_argument(
        "--budget",
        type=_number(float, minimum=0, strict=True),
        default=DEFAULT_BUDGET,
        metavar="SECONDES",
        help="temps total de la vérification ; les adresses qu'elle n'a pas eu le temps de "
        f"demander sont signalées « non vérifiées » (défaut : {DEFAULT_BUDGET:g})",
    )
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    content: Path = args.content.resolve()
    prefix = path_prefix(content)
    try:
        uses = collect(content)
    except ContentError as exc:
        return print_content_errors(exc, args.format, prefix, messages.LINKS_NOT_CHECKED)
    results = check(
        (use.url for use in uses),
        content / CACHE_FILE,
        timeout=args.timeout,
        concurrency=args.concurrency,
        max_age_hours=args.max_age,
        budget=args.budget,
    )
    problems = link_problems(uses, results.outcomes)
    summary = summary_of(results, args.max_age)
    emit_findings(problems, args.format, severity="major", summary=summary, prefix=prefix)
    if results.cache_error:
        print(messages.LINKS_CACHE_NOT_SAVED(reason=results.cache_error), file=sys.stderr)
    return 1 if any(o.verdict == "broken" for o in results.outcomes.values()) else 0
