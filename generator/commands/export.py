"""`passerelles export COURSE|--all --format scorm12|imscc|olx|moodle|all --out DIR`:
a course's packages for the platforms where it is taken (Moodle/M@gistère,
Open edX/FUN-MOOC, any SCORM 1.2 player)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from generator.check.validate import validate
from generator.commands.common import add_content, print_problems
from generator.diagnostics import messages
from generator.diagnostics.errors import ContentError
from generator.export import (
    FORMATS,
    EpochError,
    ExportError,
    SiteUrlError,
    check_course,
    export_all,
    export_lesson_scorm,
)
from generator.plan.courses import course_outline
from generator.publish.site import source_date

ALL = "all"


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "export",
        help="écrit les paquets d'une formation (SCORM 1.2, IMS Common Cartridge, Open edX, "
        "sauvegarde Moodle)",
        description=(
            "Écrit les paquets d'une formation, ou de toutes : FORMATION-scorm12.zip "
            "(SCORM 1.2), FORMATION.imscc (IMS Common Cartridge 1.1, pour Moodle et "
            "M@gistère), FORMATION-olx.tar.gz (Open edX, pour FUN-MOOC) et FORMATION.mbz "
            "(sauvegarde Moodle 4.5 ou 5.0, pour M@gistère et Moodle)."
        ),
    )
    parser.add_argument(
        "course", nargs="?", metavar="FORMATION", help="identifiant de la formation (dossier mooc/)"
    )
    parser.add_argument("--all", action="store_true", help="toutes les formations")
    parser.add_argument(
        "--format",
        required=True,
        choices=[*FORMATS, ALL],
        help="scorm12, imscc, olx, moodle, ou all pour les quatre",
    )
    add_content(parser)
    parser.add_argument("--out", type=Path, required=True, help="dossier où écrire les paquets")
    parser.add_argument(
        "--site-url",
        default=None,
        help="adresse du site publié : les liens vers les fiches y mènent "
        "(sans elle, ils deviennent du texte simple)",
    )
    parser.add_argument(
        "--scorm-per-lesson",
        action="store_true",
        help="avec scorm12 ou all : écrit aussi un paquet SCORM par leçon "
        "(FORMATION-LEÇON-scorm12.zip), pour les plateformes qui ne gardent qu'une note "
        "par paquet (Open edX et son SCORM XBlock)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """0 when every package asked for is written, 1 otherwise (with a French message)."""
    if bool(args.course) == bool(args.all):
        return _refuse(messages.EXPORT_WHICH_COURSE())
    content = Path(args.content).resolve()
    try:
        catalog = validate(content)
    except ContentError as exc:
        return print_problems(exc)
    formats = list(FORMATS) if args.format == ALL else [args.format]
    try:
        if not args.all:
            check_course(catalog, args.course)
        chosen = sorted(catalog.courses) if args.all else [args.course]
        # the course pages as the site's plan makes them: the packages carry the same
        outlines = [course_outline(catalog, catalog.courses[cid]) for cid in chosen]
        # Without SOURCE_DATE_EPOCH, the date of the content's last commit, as for
        # `build`: two exports of one commit are the same bytes on any day.
        with source_date(content):
            written = export_all(catalog, outlines, formats, args.out, site_url=args.site_url)
            if args.scorm_per_lesson and "scorm12" in formats:
                for outline in outlines:
                    written += export_lesson_scorm(
                        catalog, outline, args.out, site_url=args.site_url
                    )
    except (ExportError, SiteUrlError, EpochError) as exc:
        return _refuse(str(exc))
    for path in written:
        print(path)
    return 0


def _refuse(reason: str) -> int:
    print(messages.EXPORT_REFUSED(reason=reason), file=sys.stderr)
    return 1
