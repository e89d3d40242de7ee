"""`passerelles links`: does every external address of the content still answer?

Each address is reported where it is written, `file:line:col: URL → ce qui s'est passé`,
in the formats of `generator.report` (text, GitHub annotations, GitLab Code Quality).
Exit code 1 when a link is broken; redirects to another site and sites that refuse
robots are warnings. Results are cached in `CONTENT/build/links-cache.json`.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ContentError, Problem
from ..linkcheck import Outcome, Results, check
from ..report import FORMATS, Format, format_problems, path_prefix
from ..urls import UrlUse, collect

CACHE_FILE = Path("build") / "links-cache.json"
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_AGE = 24.0
DEFAULT_CONCURRENCY = 8
_SEVERITY = {"broken": "major", "warning": "minor"}


@dataclass(frozen=True, order=True)
class LinkProblem(Problem):
    """A link that did not answer as it should; `code` and `severity` go to CI reports."""

    code: str = "lien"
    severity: str = "major"


def _number(kind: type, *, minimum: float, strict: bool) -> Any:
    def parse(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"« {text} » n'est pas un nombre") from None
        if value < minimum or (strict and value == minimum):
            bound = "supérieur à" if strict else "au moins"
            raise argparse.ArgumentTypeError(f"doit être {bound} {minimum:g} (reçu {text})")
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
    return parser


def run(args: argparse.Namespace) -> int:
    content: Path = args.content.resolve()
    prefix = path_prefix(content)
    try:
        uses = collect(content)
    except ContentError as exc:
        return _content_errors(exc, args.format, prefix)
    results = check(
        (use.url for use in uses),
        content / CACHE_FILE,
        timeout=args.timeout,
        concurrency=args.concurrency,
        max_age_hours=args.max_age,
    )
    problems = link_problems(uses, results.outcomes)
    summary = _summary(results, args.max_age)
    print(format_problems(problems, args.format, severity="major", summary=summary, prefix=prefix))
    if args.format != "text":
        print(summary, file=sys.stderr)
    if results.cache_error:
        print(f"Cache des liens non enregistré ({results.cache_error})", file=sys.stderr)
    return 1 if any(o.verdict == "broken" for o in results.outcomes.values()) else 0


def link_problems(uses: list[UrlUse], outcomes: dict[str, Outcome]) -> list[LinkProblem]:
    """One problem per place where an address that is not plainly fine is written."""
    problems = []
    for use in uses:
        outcome = outcomes[use.url]
        if outcome.verdict == "ok":
            continue
        problems.append(
            LinkProblem(
                use.path,
                use.line,
                use.column,
                f"{use.url} → {outcome.detail}",
                code=outcome.code,
                severity=_SEVERITY[outcome.verdict],
            )
        )
    return sorted(problems)


def _content_errors(exc: ContentError, fmt: Format, prefix: str) -> int:
    count = len(exc.problems)
    summary = f"{_plural(count, 'erreur')} dans le contenu : liens non vérifiés."
    report = format_problems(exc.problems, fmt, summary=summary, prefix=prefix)
    print(report, file=sys.stderr if fmt == "text" else sys.stdout)
    if fmt != "text":
        print(summary, file=sys.stderr)
    return 1


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count <= 1 else plural or word + 's'}"


def _summary(results: Results, max_age: float) -> str:
    outcomes = results.outcomes.values()
    broken = sum(o.verdict == "broken" for o in outcomes)
    warnings = sum(o.verdict == "warning" for o in outcomes)
    checked = _plural(len(results.outcomes), "adresse vérifiée", "adresses vérifiées")
    cached = f"{results.cached} d'après le cache de moins de {max_age:g} h".replace(".", ",")
    return (
        f"{checked} ({results.asked} interrogée{'s' if results.asked > 1 else ''}, {cached}) : "
        f"{_plural(broken, 'lien cassé', 'liens cassés')}, {warnings} à vérifier."
    )
