"""`passerelles serve`: the live preview."""

from __future__ import annotations

import argparse
from typing import Any

from generator.commands.common import add_config, add_content, add_verbose, setup_logging
from generator.preview.server import serve


def register(commands: Any) -> None:
    parser = commands.add_parser("serve", help="aperçu en direct")
    add_content(parser)
    parser.add_argument("--dev-addr", default="127.0.0.1:8000", help="adresse:port du serveur")
    parser.add_argument(
        "--poll",
        action="store_true",
        help="guette les enregistrements en relisant les fichiers (dossier partagé avec un "
        "conteneur Docker ou une machine virtuelle, lecteur réseau) : à essayer si l'aperçu "
        "ne suit pas vos enregistrements",
    )
    add_config(parser)
    add_verbose(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from mkdocs.exceptions import Abort, ConfigurationError

    setup_logging(args.verbose)
    try:
        serve(args.content, explicit=args.config, dev_addr=args.dev_addr, poll=args.poll)
    except (Abort, ConfigurationError) as exc:
        print(exc)
        return 1
    return 0
