"""The format reference page, generated from the models: declared once, shown
to editors in the site as in their editor's JSON Schema."""

from __future__ import annotations

import types
import typing
from typing import Any, Literal

from pydantic import BaseModel

from .kinds import KINDS
from .models import Identifier, MarkdownText, nested_model


def _type(annotation: Any, metadata: list[Any]) -> str:
    if any(isinstance(m, MarkdownText) for m in metadata):
        return "Markdown"
    if any(isinstance(m, Identifier) for m in metadata):
        return "identifiant"
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _type(args[0], list(args[1:]))
    if origin is Literal:
        return " \\| ".join(f"`{a}`" for a in args)
    if origin is list:
        return f"liste de {_type(args[0], [])}"
    if origin in (typing.Union, types.UnionType):
        kept = [a for a in args if a is not type(None)]
        if all(a in (int, float) or typing.get_origin(a) is typing.Annotated for a in kept) and {
            typing.get_args(a)[0] if typing.get_origin(a) is typing.Annotated else a for a in kept
        } <= {int, float}:
            return "nombre"
        return " ou ".join(_type(a, []) for a in kept)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "objet"
    return {str: "texte", int: "nombre entier", float: "nombre", bool: "`true` \\| `false`"}.get(
        annotation, getattr(annotation, "__name__", str(annotation))
    )


def fields(model: type[BaseModel], prefix: str = "") -> list[dict[str, str]]:
    """One row per field, nested objects flattened as `parent.child`."""
    rows = []
    for name, info in model.model_fields.items():
        key = f"{prefix}{name}"
        rows.append(
            {
                "name": key,
                "type": _type(info.annotation, info.metadata),
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
