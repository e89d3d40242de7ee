from __future__ import annotations

import json
from pathlib import Path

from generator.cli import main


def test_schema_command_writes_one_schema_per_file_kind(tmp_path: Path) -> None:
    assert main(["schema", "--out", str(tmp_path)]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        f"{k}.schema.json" for k in ("action", "course", "interlocutor", "kit", "lesson", "partner")
    ]
    action = json.loads((tmp_path / "action.schema.json").read_text("utf-8"))
    assert action["additionalProperties"] is False
    assert set(action["required"]) >= {"title", "summary", "format", "steps"}
    # levels: required for pupils' actions only
    assert action["allOf"][0]["else"]["required"] == ["levels"]
    assert action["properties"]["format"]["enum"] == ["visit", "meeting", "internship", "project"]
    # editors see French descriptions in their editor
    assert "une visite" in action["properties"]["format"]["description"]
    partner = json.loads((tmp_path / "partner.schema.json").read_text("utf-8"))
    academies = partner["properties"]["academies"]["items"]["enum"]
    assert len(academies) == 30 and "orleans-tours" in academies
