"""The JSON Schemas of the format, for editors' checks as they type, and the VS Code
setting that maps each content folder to its schema.

Written from the models (`model_json_schema`), so the schema, the validation and
the format reference cannot drift apart; only what pydantic writes for Python
readers is adjusted for editors: French titles, JSON Schema's own names for bounds.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from generator.format import kinds
from generator.format.models import Edition

DIALECT = "https://json-schema.org/draft/2020-12/schema"
# The folder of the repository that holds the written schemas (`passerelles schema --out`).
SCHEMA_DIR = "schema"

# pydantic keeps `Field(gt=0)` of a number that may be an int or a float under its own
# names, which JSON Schema ignores; these are the keywords an editor checks.
_BOUNDS = {"gt": "exclusiveMinimum", "ge": "minimum", "lt": "exclusiveMaximum", "le": "maximum"}
_MAPS = ("properties", "$defs", "patternProperties")
_LISTS = ("anyOf", "allOf", "oneOf", "prefixItems")
_SINGLE = ("items", "additionalProperties", "not", "if", "then", "else", "contains")


def _auto_title(name: str) -> str:
    """The title pydantic gives a field (« follow_up » → « Follow Up »): English, dropped."""
    return name.replace("_", " ").title()


def _adjust(node: Any, generated_title: str | None = None) -> None:
    if not isinstance(node, dict):
        return
    for pydantic_name, keyword in _BOUNDS.items():
        if pydantic_name in node:
            node[keyword] = node.pop(pydantic_name)
    if generated_title is not None and node.get("title") == generated_title:
        del node["title"]  # editors read the French description instead
    for key in _MAPS:
        for name, sub in (node.get(key) or {}).items():
            _adjust(sub, _auto_title(name) if key == "properties" else name)
    for key in _LISTS:
        for sub in node.get(key) or []:
            _adjust(sub)
    for key in _SINGLE:
        _adjust(node.get(key))


# edition.yml, the file an académie's editors touch most, is no content kind: its schema
# is written beside theirs, under this name
EDITION = "edition"


def schema_of(name: str) -> dict[str, Any]:
    """The JSON Schema of one kind of content file (or of edition.yml), titled in French."""
    if name == EDITION:
        model: type[Any] = Edition
        title = f"Édition académique ({kinds.EDITION_FILE})"
    else:
        kind = kinds.KINDS[name]
        model, title = kind.model, f"{kind.title} ({kind.where})"
    schema = copy.deepcopy(model.model_json_schema())
    _adjust(schema)
    return {"$schema": DIALECT, **schema, "title": f"Passerelles — {title}"}


def schema_files() -> dict[str, str]:
    """Every schema file, by name, as `passerelles schema` writes it."""
    return {
        f"{name}.schema.json": json.dumps(schema_of(name), ensure_ascii=False, indent=2) + "\n"
        for name in (*kinds.KINDS, EDITION)
    }


def file_patterns(kind: kinds.Kind) -> list[str]:
    """The files of a kind, as glob patterns from the content folder's root."""
    if kind is kinds.KIT:
        return [f"/{file}" for file in kinds.KIT_FILES.values()]
    if kind is kinds.COURSE:
        return [f"/{kinds.MOOC_DIR}/*/{kinds.COURSE_FILE}"]
    if kind is kinds.LESSON:
        return [f"/{kinds.MOOC_DIR}/*/{kinds.LESSONS_DIR}/*{kinds.EXTENSION}"]
    return [f"/{kind.folder}/*{kinds.EXTENSION}"]


def editor_settings(schema_dir: str = SCHEMA_DIR) -> dict[str, Any]:
    """VS Code's `yaml.schemas` (YAML extension by Red Hat): each schema → its files.

    The schema paths are relative to the workspace folder; each pattern is matched
    against the end of a file's path, so the files of a content folder opened as the
    workspace, or of any content folder inside it, find their schema.
    """
    mapping = {
        f"{schema_dir}/{name}.schema.json": file_patterns(kind)
        for name, kind in kinds.KINDS.items()
    }
    mapping[f"{schema_dir}/{EDITION}.schema.json"] = [f"/{kinds.EDITION_FILE}"]
    return {"yaml.schemas": mapping}


def editor_files(schema_dir: str = SCHEMA_DIR) -> dict[str, str]:
    """The VS Code files of a content folder: the schema mapping, and the YAML extension
    recommended to whoever opens the folder."""
    recommended = {"recommendations": ["redhat.vscode-yaml"]}
    return {
        ".vscode/settings.json": json.dumps(editor_settings(schema_dir), indent=2) + "\n",
        ".vscode/extensions.json": json.dumps(recommended, indent=2) + "\n",
    }
