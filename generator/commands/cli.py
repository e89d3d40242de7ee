"""Command line: `passerelles COMMAND`. Parses the arguments and hands over to the
command's module (`generator/commands/`).

argparse from the standard library is enough and keeps the tool free of one
more dependency.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from generator import __version__
from generator.commands import (
    build,
    export,
    french,
    init,
    links,
    listing,
    new,
    review,
    schema,
    serve,
    validate,
)
from generator.diagnostics import messages

COMMANDS = (validate, build, serve, new, init, listing, schema, export, links, review)


def parser() -> argparse.ArgumentParser:
    french.install()
    main = argparse.ArgumentParser(
        prog="passerelles",
        description="Publie les kits École–entreprise et leurs formations à partir de YAML.",
    )
    main.add_argument(
        "--version",
        action="version",
        version=f"passerelles {__version__}",
        help="affiche la version",
    )
    commands = main.add_subparsers(
        dest="command", required=True, metavar="COMMANDE", title="commandes"
    )
    for command in COMMANDS:
        command.register(commands)
    return main


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if getattr(args, "content", None) is not None:
        args.content = args.content.resolve()
    try:
        status: int = args.run(args)
    except KeyboardInterrupt:
        return 130
    except OSError as exc:  # a folder that cannot be read or written, a full disk…
        where = f" : {exc.filename}" if exc.filename else ""
        print(messages.FILESYSTEM_ERROR(where=where, reason=exc.strerror or exc), file=sys.stderr)
        return 1
    return status


def console() -> None:
    """The `passerelles` program: `main`, then an immediate exit. Tearing down one by one
    the objects a command leaves (millions after validating 5,000 actions) would keep
    Python busy for seconds; every file is closed and every temporary folder removed by
    then, so the system takes the memory back at once."""
    status = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


if __name__ == "__main__":  # pragma: no cover
    console()
