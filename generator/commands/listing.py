"""`passerelles list actions|partners|interlocutors|courses`: the ids at hand.

An edition names national ids (roles in `contacts`, actions in `hide`, links) that live
inside the installed tool: this lists each with its title and where it comes from, read
from the files themselves, so it answers even while the content holds mistakes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml

from .. import kinds
from ..discover import discover
from ..layers import stack
from ..load import printable
from .common import add_content

# what `list` shows: the kind, and the key of its files that says what it is
LISTED = {
    "actions": (kinds.ACTION, "title"),
    "partners": (kinds.PARTNER, "name"),
    "interlocutors": (kinds.INTERLOCUTOR, "role"),
    "courses": (kinds.COURSE, "title"),
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
    kind, key = LISTED[args.what]
    layers = stack(args.content)
    hidden = set(getattr(layers.edition.hide, args.what, [])) if layers.edition else set()
    rows = []
    for layer in layers.layers:
        origin = layer.prefix.rstrip("/") or ("édition" if layers.layered else ".")
        for found in discover(layer.root, layer.prefix, layered=layers.layered).found:
            if found.kind == kind.name:
                masked = " (masqué par l'édition)" if found.id in hidden and layer.prefix else ""
                rows.append((found.id, _title(found.file, key), origin + masked))
    if not rows:
        print(f"Aucun fichier dans {kind.where}", file=sys.stderr)
        return 0
    width = max(len(ident) for ident, _, _ in rows)
    for ident, title, origin in sorted(rows):
        print(f"{ident.ljust(width)}  {title}  [{origin}]")
    return 0


def _title(file: Path, key: str) -> str:
    """The file's title as written, or « ? » when the file cannot be read as YAML."""
    try:
        data = yaml.safe_load(file.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return "?"
    value = data.get(key) if isinstance(data, dict) else None
    return printable(" ".join(str(value).split())) if value is not None else "?"
