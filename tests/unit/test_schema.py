from __future__ import annotations

import datetime
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from generator.check.discover import discover
from generator.check.validate import validate
from generator.check.yaml_reader import load_file
from generator.commands.cli import main
from generator.diagnostics.errors import ContentError, Problem
from generator.format.kinds import KINDS
from generator.format.schemas import editor_files, schema_files


def test_schema_command_writes_one_schema_per_file_kind(tmp_path: Path) -> None:
    assert main(["schema", "--out", str(tmp_path)]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        f"{k}.schema.json"
        for k in ("action", "course", "edition", "interlocutor", "kit", "lesson", "partner")
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


# --------------------------------------------------------------------------- editors' files

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_DIR = ROOT / "schema"

# What a JSON Schema can say, by the message validation prints for it: unknown keys,
# values outside their list, wrong types, missing fields, lengths, bounds, patterns.
EXPRESSIBLE = {
    "field-missing",
    "key-unknown",
    "key-unknown-typo",
    "value-not-allowed",
    "text-read-as",
    "text-expected",
    "text-too-long",
    "text-empty",
    "url-invalid",
    "time-invalid",
    "ref-invalid",
    "list-expected",
    "object-expected",
    "too-few",
    "too-many",
    "integer-expected",
    "number-expected",
    "boolean-expected",
    "greater-than",
    "at-most",
    "action-levels-missing",
    "action-levels-for-staff",
}


def written_schema(kind: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text("utf-8"))
    return data


def schema_errors(kind: str, data: Any) -> list[str]:
    """The errors of `data` against the written schema, under JSON Schema 2020-12 (the
    schema's dialect) and draft 7 (what VS Code's YAML extension checks with)."""
    schema = written_schema(kind)
    found = []
    for validator in (jsonschema.Draft202012Validator, jsonschema.Draft7Validator):
        validator.check_schema(schema)
        found.extend(e.message for e in validator(schema).iter_errors(as_json(data)))
    return found


def as_json(data: Any) -> Any:
    """`data` as an editor's YAML extension hands it to JSON Schema: the date of a review
    record is its text (`format: date`); elsewhere a date PyYAML read stays one, so that
    a title YAML takes for a date is still refused."""
    if isinstance(data, dict) and isinstance(data.get("review"), dict):
        review = data["review"]
        if isinstance(review.get("checked"), datetime.date):
            return {**data, "review": {**review, "checked": review["checked"].isoformat()}}
    return data


def content_files(content: Path) -> list[tuple[str, Path]]:
    found = discover(content)
    assert not found.problems
    return [(item.kind, item.file) for item in found.found]


def test_the_committed_schemas_are_those_the_command_writes(tmp_path: Path) -> None:
    assert main(["schema", "--out", str(tmp_path)]) == 0
    written = {p.name: p.read_text("utf-8") for p in tmp_path.iterdir()}
    committed = {p.name: p.read_text("utf-8") for p in SCHEMA_DIR.glob("*.json")}
    # after a change to generator/format/models.py: passerelles schema --out schema
    assert committed == written


def _undescribed(node: Any, where: str) -> list[str]:
    """Properties without a description, or with pydantic's English title."""
    if not isinstance(node, dict):
        return []
    wrong = []
    for key, sub in (node.get("properties") or {}).items():
        if not sub.get("description") or "title" in sub:
            wrong.append(f"{where}.{key}")
        wrong.extend(_undescribed(sub, f"{where}.{key}"))
    for sub in node.get("$defs", {}).values():
        wrong.extend(_undescribed(sub, where))
    return wrong


def test_schemas_speak_french_to_editors() -> None:
    for name, kind in KINDS.items():
        schema = written_schema(name)
        assert schema["title"].startswith(f"Passerelles — {kind.title} (")
        assert schema["description"] == " ".join((kind.model.__doc__ or "").split())
        assert _undescribed(schema, name) == []
    assert _undescribed({"properties": {"x": {"title": "X", "description": "d"}}}, "t") == ["t.x"]


def test_number_bounds_are_json_schema_keywords() -> None:
    duration = written_schema("action")["$defs"]["Duration"]["properties"]["value"]
    assert (duration["exclusiveMinimum"], duration["maximum"]) == (0, 1000)
    assert "gt" not in duration and "le" not in duration
    assert schema_errors("action", {"duration": {"value": 0, "unit": "day"}})


def _matches(pattern: str, path: str) -> bool:
    """How the YAML extension matches a `yaml.schemas` pattern: the end of the file's path,
    « * » standing for any characters (yaml-language-server, FilePatternAssociation)."""
    regex = re.sub(r"[-\\{}+?|^$.,\[\]()#\s]", lambda m: "\\" + m.group(), pattern)
    return re.search(regex.replace("*", ".*") + "$", path) is not None


def test_vscode_maps_each_content_folder_to_its_schema() -> None:
    for name, text in editor_files().items():
        assert (ROOT / name).read_text("utf-8") == text, name
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text("utf-8"))
    mapping: dict[str, list[str]] = settings["yaml.schemas"]
    for schema in mapping:
        assert (ROOT / schema).is_file(), schema
    for kind, file in content_files(ROOT):
        uri = file.resolve().as_uri()
        matched = [s for s, patterns in mapping.items() if any(_matches(p, uri) for p in patterns)]
        assert matched == [f"schema/{kind}.schema.json"], (file, matched)


def test_every_shipped_file_agrees_with_its_schema() -> None:
    files = content_files(ROOT)
    assert len(files) > 50
    for kind, file in files:
        data = load_file(ROOT, file).data
        assert schema_errors(kind, data) == [], file


@pytest.fixture(scope="module")
def expressible_cases(
    tmp_path_factory: pytest.TempPathFactory,
) -> list[tuple[str, Path, list[Problem]]]:
    """The hostile cases whose every mistake is one a JSON Schema can express."""
    from support import CASES, build_case

    kept = []
    for case in CASES:
        content = build_case(case, tmp_path_factory.mktemp(case.name) / "contenu")
        try:
            validate(content)
        except ContentError as exc:
            if all(p.code in EXPRESSIBLE for p in exc.problems):
                kept.append((case.name, content, exc.problems))
    return kept


def test_the_schemas_reject_what_they_can_express_of_the_hostile_corpus(
    expressible_cases: list[tuple[str, Path, list[Problem]]],
) -> None:
    codes = {p.code for _, _, problems in expressible_cases for p in problems}
    # unknown keys, wrong enums, wrong types at least
    assert {"key-unknown-typo", "value-not-allowed", "list-expected", "number-expected"} <= codes
    assert len(expressible_cases) >= 10
    for name, content, problems in expressible_cases:
        kinds_by_path = {f.relative_to(content).as_posix(): k for k, f in content_files(content)}
        for path in {p.path for p in problems}:
            data = load_file(content, content / path).data
            assert schema_errors(kinds_by_path[path], data), f"{name}: {path} accepté"
        # the other files of the case are untouched, and accepted
        others = set(kinds_by_path) - {p.path for p in problems}
        assert all(
            not schema_errors(kinds_by_path[o], load_file(content, content / o).data)
            for o in others
        ), name


def test_init_gives_an_edition_the_same_checks_as_you_type(tmp_path: Path) -> None:
    folder = tmp_path / "academie"
    assert main(["init", str(folder), "--academy", "lille"]) == 0
    for name, text in schema_files().items():
        assert (folder / "schema" / name).read_text("utf-8") == text
    settings = json.loads((folder / ".vscode" / "settings.json").read_text("utf-8"))
    assert set(settings["yaml.schemas"]) == {f"schema/{k}.schema.json" for k in (*KINDS, "edition")}
    assert settings["yaml.schemas"]["schema/edition.schema.json"] == ["/edition.yml"]
    assert all((folder / schema).is_file() for schema in settings["yaml.schemas"])
    # edition.yml, the file editors touch most, is checked as they type: the one init
    # wrote passes, an unknown académie and an unknown key do not
    schema = json.loads((folder / "schema/edition.schema.json").read_text("utf-8"))
    edition = yaml.safe_load((folder / "edition.yml").read_text("utf-8"))
    jsonschema.validate(edition, schema)
    for bad in ({**edition, "academy": "lile"}, {**edition, "contact": {}}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)
