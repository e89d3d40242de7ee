"""`passerelles export COURSE|--all --format scorm12|imscc|olx|all --out DIR`: a
course's packages for the platforms where it is taken (Moodle/M@gistère,
Open edX/FUN-MOOC, any SCORM 1.2 player)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import ContentError
from ..export import FORMATS, EpochError, ExportError, SiteUrlError, export_all, export_course
from ..validate import validate

ALL = "all"


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:  # type: ignore[type-arg]
    """Add the `export` command to the CLI's subparsers."""
    sub = subparsers.add_parser(
        "export",
        help="écrit les paquets d'une formation (SCORM 1.2, IMS Common Cartridge, Open edX)",
        description=(
            "Écrit les paquets d'une formation, ou de toutes : COURS-scorm12.zip (SCORM 1.2), "
            "COURS.imscc (IMS Common Cartridge 1.1, pour Moodle et M@gistère) et "
            "COURS-olx.tar.gz (Open edX, pour FUN-MOOC)."
        ),
    )
    sub.add_argument(
        "course", nargs="?", metavar="FORMATION", help="identifiant de la formation (dossier mooc/)"
    )
    sub.add_argument("--all", action="store_true", help="toutes les formations")
    sub.add_argument(
        "--format",
        required=True,
        choices=[*FORMATS, ALL],
        help="scorm12, imscc, olx, ou all pour les trois",
    )
    sub.add_argument(
        "--content",
        type=Path,
        default=Path("."),
        help="dossier qui contient kits/ et mooc/ (défaut : dossier courant)",
    )
    sub.add_argument("--out", type=Path, required=True, help="dossier où écrire les paquets")
    sub.add_argument(
        "--site-url",
        default=None,
        help="adresse du site publié : les liens vers les fiches y mènent "
        "(sans elle, ils deviennent du texte simple)",
    )
    sub.set_defaults(handler=run)
    return sub


def run(args: argparse.Namespace) -> int:
    """Exit code 0 when every package asked for is written, 1 otherwise (message in French)."""
    if bool(args.course) == bool(args.all):
        return _refuse("indiquez une formation, ou --all pour toutes les formations (pas les deux)")
    try:
        catalog = validate(Path(args.content).resolve())
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    formats = list(FORMATS) if args.format == ALL else [args.format]
    try:
        if args.all:
            written = export_all(catalog, formats, args.out, site_url=args.site_url)
        else:
            written = [
                export_course(catalog, args.course, fmt, args.out, site_url=args.site_url)
                for fmt in formats
            ]
    except (ExportError, SiteUrlError, EpochError) as exc:
        return _refuse(str(exc))
    except OSError as exc:
        where = f" : {exc.filename}" if exc.filename else ""
        return _refuse(f"écriture impossible{where} ({exc.strerror or exc})")
    for path in written:
        print(path)
    return 0


def _refuse(message: str) -> int:
    print(f"passerelles export : {message}", file=sys.stderr)
    return 1
