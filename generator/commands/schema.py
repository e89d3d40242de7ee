"""`passerelles schema`: the JSON Schemas of the format, for editors' autocompletion."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from ..kinds import KINDS


def register(commands: Any) -> None:
    parser = commands.add_parser("schema", help="écrit les schémas JSON du format")
    parser.add_argument("--out", type=Path, required=True, help="dossier de sortie")
    parser.set_defaults(run=run)


def schema_of(name: str) -> dict[str, Any]:
    schema = KINDS[name].model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def run(args: argparse.Namespace) -> int:
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    for name in KINDS:
        target = out / f"{name}.schema.json"
        text = json.dumps(schema_of(name), ensure_ascii=False, indent=2) + "\n"
        target.write_text(text, "utf-8")
        print(target)
    return 0
