"""`passerelles new KIND ID`: start a content file from its commented skeleton."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from generator.authoring.scaffold import NEW_KINDS, Refused, create
from generator.commands.common import add_content


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "new",
        help="crée le squelette commenté d'un nouveau fichier de contenu",
        description="Écrit un nouveau fichier dans le bon dossier, chaque champ précédé de sa "
        "description ; chaque « À COMPLÉTER » est à remplacer avant publication.",
    )
    parser.add_argument("kind", choices=NEW_KINDS, metavar="TYPE", help=", ".join(NEW_KINDS))
    parser.add_argument(
        "id", metavar="ID", help="identifiant du fichier (FORMATION/LEÇON pour une leçon)"
    )
    add_content(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        created = create(args.content, args.kind, args.id)
    except Refused as exc:
        print(exc, file=sys.stderr)
        return 1
    print("\n\n".join(created.notes))
    return 0
