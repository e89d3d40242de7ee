"""What several commands share: the content option, logging, printing problems."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from generator.diagnostics.errors import ContentError, plural
from generator.diagnostics.messages import Message
from generator.diagnostics.report import FORMATS, Format, emit
from generator.format import kinds
from generator.run import bundle


def content_folder(value: str) -> Path:
    """A content folder, or « national »: the national content shipped with the tool."""
    return bundle.national_content() if value == kinds.NATIONAL_BASE else Path(value)


def add_content(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument(
        "--content",
        type=content_folder,
        default=Path("."),
        metavar="DOSSIER",
        help="dossier qui contient kits/ et mooc/, ou edition.yml (défaut : dossier courant) ; "
        f"« {kinds.NATIONAL_BASE} » : le contenu national livré avec Passerelles",
    )
    return parser


def add_verbose(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-v", "--verbose", action="store_true", help="journal détaillé")


def add_config(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, default=None, help="mkdocs.yml à utiliser")


def setup_logging(verbose: bool) -> None:
    """MkDocs' log on stderr, one line a message, as `mkdocs build` prints it."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    logger.propagate = False


def add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (lisible), github (annotations GitHub Actions) ou gitlab (rapport Code "
        "Quality en JSON, à garder comme rapport « codequality » du job) ; défaut : text",
    )


def print_content_errors(exc: ContentError, fmt: Format, prefix: str, summary: Message) -> int:
    """The content's errors, when a command that reads valid content only cannot run:
    `summary` says what was not done."""
    count = len(exc.problems)
    emit(exc.problems, fmt, summary=summary(count=count, s=plural(count)), prefix=prefix)
    return 1


def print_problems(exc: ContentError) -> int:
    print(exc.report(), file=sys.stderr)
    return 1
