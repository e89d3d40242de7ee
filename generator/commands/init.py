"""`passerelles init DIR --academy ID`: start an académie edition."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from generator.diagnostics import messages
from generator.format.academies import academies
from generator.publish.new_edition import accepts, create


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "init", help="crée le dossier de l'édition d'une académie (contenu local, CI)"
    )
    parser.add_argument("folder", type=Path, metavar="DOSSIER", help="dossier à créer")
    parser.add_argument(
        "--academy", required=True, metavar="ID", help="identifiant de l'académie (lille…)"
    )
    parser.add_argument(
        "--index-url",
        default=None,
        metavar="ADRESSE",
        help="index de paquets où la CI de l'édition trouve Passerelles (défaut : le registre "
        'du projet national ; "" : PyPI)',
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    folder: Path = args.folder.resolve()
    known = academies()
    if args.academy not in known:
        allowed = ", ".join(known)
        print(messages.INIT_ACADEMY_UNKNOWN(academy=args.academy, allowed=allowed), file=sys.stderr)
        return 1
    if not accepts(folder):
        print(messages.INIT_NOT_EMPTY(folder=folder), file=sys.stderr)
        return 1
    written = create(folder, args.academy, index_url=args.index_url)
    academy = known[args.academy].of
    readme = folder / "README.md"
    print(
        messages.EDITION_CREATED(academy=academy, folder=folder, count=len(written), readme=readme)
    )
    return 0
