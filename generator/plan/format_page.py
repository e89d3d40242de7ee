"""The format reference page, generated from the models: declared once, shown
to editors in the site as in their editor's JSON Schema."""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel

from generator.format.kinds import KINDS
from generator.format.models import FieldType, field_type, nested_model

_VALUE_NAMES: dict[object, str] = {
    str: "texte",
    int: "nombre entier",
    float: "nombre",
    bool: "`true` \\| `false`",
}


def _is_number(found: FieldType) -> bool:
    return found.kind == "value" and found.base in (int, float)


def _type(found: FieldType) -> str:
    """How the format page names what a field holds."""
    if found.kind == "markdown":
        return "Markdown"
    if found.kind == "identifier":
        return "identifiant"
    if found.kind == "choice":
        return " \\| ".join(f"`{a}`" for a in found.values)
    if found.kind == "list" and found.item is not None:
        return f"liste de {_type(found.item)}"
    if found.kind == "union":
        if all(_is_number(m) for m in found.members):
            return "nombre"
        return " ou ".join(_type(m) for m in found.members)
    if found.kind == "object":
        return "objet"
    base = found.base
    return _VALUE_NAMES.get(base, getattr(base, "__name__", str(base)))


def fields(model: type[BaseModel], prefix: str = "") -> list[dict[str, str]]:
    """One row per field, nested objects flattened as `parent.child`."""
    rows = []
    for name, info in model.model_fields.items():
        key = f"{prefix}{name}"
        rows.append(
            {
                "name": key,
                "type": _type(field_type(info.annotation, info.metadata)),
                "required": "oui" if info.is_required() else "non",
                "description": info.description or "",
            }
        )
        nested = nested_model(info.annotation)
        if nested is not None:
            suffix = "[]." if typing.get_origin(info.annotation) is list else "."
            rows.extend(fields(nested, f"{key}{suffix}"))
    return rows


def sections() -> list[dict[str, Any]]:
    return [
        {
            "title": kind.title,
            "path": kind.where,
            "doc": (kind.model.__doc__ or "").strip(),
            "rows": fields(kind.model),
        }
        for kind in KINDS.values()
    ]
