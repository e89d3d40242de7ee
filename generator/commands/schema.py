"""`passerelles schema`: the JSON Schemas of the format, for editors' autocompletion."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from generator.format.schemas import schema_files


def register(commands: Any) -> None:
    parser = commands.add_parser("schema", help="écrit les schémas JSON du format")
    parser.add_argument("--out", type=Path, required=True, help="dossier de sortie")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    for name, text in schema_files().items():
        target = out / name
        target.write_text(text, "utf-8")
        print(target)
    return 0
