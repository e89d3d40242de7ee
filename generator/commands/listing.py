"""`passerelles list actions|partners|interlocutors|courses`: the ids at hand.

An edition names national ids (roles in `contacts`, actions in `hide`, links) that live
inside the installed tool: this lists each with its title and where it comes from."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from generator.check.inventory import entries
from generator.commands.common import add_content
from generator.diagnostics import messages
from generator.format import kinds

LISTED = {
    "actions": kinds.ACTION,
    "partners": kinds.PARTNER,
    "interlocutors": kinds.INTERLOCUTOR,
    "courses": kinds.COURSE,
}


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "list",
        help="liste les identifiants d'un type de contenu (national et local)",
        description="Donne, pour chaque fichier d'un type, son identifiant (à écrire dans "
        "edition.yml, dans next:, partners: ou un lien), son titre et d'où il vient : "
        "national, ou le dossier de l'édition.",
    )
    parser.add_argument("what", choices=list(LISTED), metavar="TYPE", help=", ".join(LISTED))
    add_content(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    kind = LISTED[args.what]
    rows = entries(args.content, kind)
    if not rows:
        print(messages.LIST_EMPTY(where=kind.where), file=sys.stderr)
        return 0
    width = max(len(row.id) for row in rows)
    for row in rows:
        origin = row.origin + (" (masqué par l'édition)" if row.hidden else "")
        print(f"{row.id.ljust(width)}  {row.title}  [{origin}]")
    return 0
