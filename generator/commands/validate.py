"""`passerelles validate`: check everything, print every mistake at once."""

from __future__ import annotations

import argparse
from typing import Any

from ..errors import ContentError
from ..validate import validate
from .common import add_content, print_problems


def register(commands: Any) -> None:
    parser = commands.add_parser("validate", help="vérifie tout le contenu")
    add_content(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        catalog = validate(args.content)
    except ContentError as exc:
        return print_problems(exc)
    lessons = sum(len(b.lessons) for b in catalog.courses.values())
    print(
        f"Contenu valide : {len(catalog.actions)} actions, {len(catalog.partners)} partenaires, "
        f"{len(catalog.interlocutors)} interlocuteurs, {len(catalog.courses)} formations, "
        f"{lessons} leçons."
    )
    return 0
