"""A file against its model: pydantic's errors as located French problems.

Each pydantic error type maps to one declared message; the format's own rules
raise their declared message as their error type (see `Message.error`).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.check.yaml_reader import Document, Loc, printable
from generator.diagnostics import messages
from generator.diagnostics.errors import Position, Problem
from generator.format.labels import french_code
from generator.format.models import nested_model

Values = dict[str, Any]


def _fmt(value: Any) -> str:
    text = str(value)
    return printable(text if len(text) <= 40 else text[:37] + "…")


def _allowed(ctx: Values) -> str:
    return str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")


def _count(ctx: Values, key: str) -> Values:
    count = ctx.get(key, 1)
    return {"min": count, "max": count, "s": "s" if count > 1 else ""}


# pydantic error type → (message, its values from the error's context and input)
_BY_TYPE: dict[str, tuple[messages.Message, Callable[[Values, Any], Values]]] = {
    "literal_error": (
        messages.VALUE_NOT_ALLOWED,
        lambda ctx, v: {"value": _fmt(v), "allowed": _allowed(ctx)},
    ),
    "string_too_long": (
        messages.TEXT_TOO_LONG,
        lambda ctx, v: {"length": len(str(v)), "max": ctx.get("max_length")},
    ),
    "string_too_short": (messages.TEXT_EMPTY, lambda ctx, v: {}),
    "list_type": (messages.LIST_EXPECTED, lambda ctx, v: {}),
    "tuple_type": (messages.LIST_EXPECTED, lambda ctx, v: {}),
    "model_type": (messages.OBJECT_EXPECTED, lambda ctx, v: {}),
    "dict_type": (messages.OBJECT_EXPECTED, lambda ctx, v: {}),
    "model_attributes_type": (messages.OBJECT_EXPECTED, lambda ctx, v: {}),
    "too_short": (messages.TOO_FEW, lambda ctx, v: _count(ctx, "min_length")),
    "too_long": (messages.TOO_MANY, lambda ctx, v: _count(ctx, "max_length")),
    "int_type": (messages.INTEGER_EXPECTED, lambda ctx, v: {"value": _fmt(v)}),
    "int_parsing": (messages.INTEGER_EXPECTED, lambda ctx, v: {"value": _fmt(v)}),
    "int_from_float": (messages.INTEGER_EXPECTED, lambda ctx, v: {"value": _fmt(v)}),
    "float_type": (messages.NUMBER_EXPECTED, lambda ctx, v: {"value": _fmt(v)}),
    "float_parsing": (messages.NUMBER_EXPECTED, lambda ctx, v: {"value": _fmt(v)}),
    "bool_type": (messages.BOOLEAN_EXPECTED, lambda ctx, v: {"value": _fmt(v)}),
    "bool_parsing": (messages.BOOLEAN_EXPECTED, lambda ctx, v: {"value": _fmt(v)}),
    **{
        kind: (messages.DATE_EXPECTED, lambda ctx, v: {"value": _fmt(v)})
        for kind in (
            "date_type",
            "date_parsing",
            "date_from_datetime_parsing",
            "date_from_datetime_inexact",
        )
    },
    "greater_than": (messages.GREATER_THAN, lambda ctx, v: {"gt": ctx.get("gt")}),
    "less_than_equal": (messages.AT_MOST, lambda ctx, v: {"le": ctx.get("le")}),
}


def entity_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class that holds the last element of `loc`."""
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        info = current.model_fields.get(str(part))
        if info is None:
            return current
        current = nested_model(info.annotation)
    return current


def data_loc(data: Any, loc: tuple[Any, ...]) -> Loc:
    """Drop the union-member tags pydantic adds to `loc` (« float », « int »…)."""
    kept: list[str | int] = []
    current: Any = data
    for i, part in enumerate(loc):
        if (isinstance(current, dict) and isinstance(part, str) and part in current) or (
            isinstance(current, list) and isinstance(part, int) and part < len(current)
        ):
            current = current[part]  # type: ignore[index]
            kept.append(part)
        elif (i == len(loc) - 1 and isinstance(current, dict)) or isinstance(part, int):
            kept.append(part)
    return tuple(kept)


def _close_key(name: str, model: type[BaseModel], holder_loc: Loc) -> tuple[str | None, list[str]]:
    holder = entity_at(model, holder_loc)
    allowed = sorted(holder.model_fields) if holder else []
    hint = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
    return (hint[0] if hint else None), allowed


def _unknown_key(name: str, model: type[BaseModel], loc: Loc) -> tuple[messages.Message, Values]:
    hint, allowed = _close_key(name, model, loc[:-1])
    if hint:
        return messages.KEY_UNKNOWN_TYPO, {"key": _fmt(name), "hint": hint}
    return messages.KEY_UNKNOWN, {"key": _fmt(name), "allowed": ", ".join(allowed)}


def _text_expected(doc: Document, loc: Loc, value: Any) -> tuple[messages.Message, Values]:
    read_as = doc.implicit_type(loc)
    if read_as:
        return messages.TEXT_READ_AS, {"read_as": read_as, "value": _fmt(value)}
    return messages.TEXT_EXPECTED, {}


def describe(
    err: Any, doc: Document, loc: Loc, model: type[BaseModel]
) -> tuple[messages.Message, Values, bool]:
    """The declared message of a pydantic error, its values, and « point at the key »."""
    kind: str = err["type"]
    ctx: Values = err.get("ctx") or {}
    value = err.get("input")
    if kind == "missing":
        return messages.FIELD_MISSING, {"name": str(loc[-1]) if loc else "document"}, False
    if kind == "extra_forbidden":
        return (*_unknown_key(str(loc[-1]), model, loc), True)
    if kind in messages.MESSAGES:  # the format's own rules and types
        return messages.MESSAGES[kind], ctx, False
    if kind == "string_type":
        return (*_text_expected(doc, loc, value), False)
    if kind == "literal_error":
        code = french_code(value, _allowed(ctx).split(", "))
        if code is not None:
            return messages.VALUE_FRENCH, {"value": _fmt(value), "code": code}, False
    if kind in _BY_TYPE:
        message, values = _BY_TYPE[kind]
        return message, values(ctx, value), False
    return messages.VALUE_INVALID, {"detail": err.get("msg", kind)}, False


def _misspelt(loc: Loc, errors: list[Any], doc: Document, model: type[BaseModel]) -> bool:
    """Whether a missing field is there under a misspelt key, reported as unknown."""
    for err in errors:
        if err["type"] != "extra_forbidden":
            continue
        extra = data_loc(doc.data, tuple(err["loc"]))
        if extra[:-1] == loc[:-1] and _close_key(str(extra[-1]), model, extra[:-1])[0] == loc[-1]:
            return True
    return False


def _values(data: Any, loc: Loc = ()) -> Iterator[tuple[Loc, Any]]:
    """Every scalar value of a loaded file, with where it is."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _values(value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _values(value, (*loc, i))
    else:
        yield loc, data


def placeholders(doc: Document) -> dict[Loc, Position]:
    """Every value that still holds the marker `passerelles new` writes, at the marker's line.

    Checked on the loaded data rather than in the models' text types: the marker
    must fail in every field (a number, an id, a choice as well as a text) with its
    own message, and the line of a block of text (« | ») is known only here.
    """
    found: dict[Loc, Position] = {}
    for loc, value in _values(doc.data):
        if not isinstance(value, str) or messages.PLACEHOLDER_TEXT not in value:
            continue
        where = doc.locate(loc)
        if loc in doc.block_scalars:  # the text starts on the line after « | »
            before = value[: value.index(messages.PLACEHOLDER_TEXT)]
            where = Position(where.line + 1 + before.count("\n"), where.column)
        found[loc] = where
    return found


def check_model(doc: Document, model: type[BaseModel], problems: list[Problem]) -> Any:
    """The validated model of `doc`, or None with its problems added to `problems`."""
    marked = placeholders(doc)
    for at in marked.values():
        marker = messages.PLACEHOLDER_TEXT
        problems.append(
            Problem.of(doc.path, at.line, at.column, messages.PLACEHOLDER, marker=marker)
        )
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        errors = exc.errors()
        reported: set[Loc] = set(marked)  # a placeholder says it already, whatever the type
        for err in errors:
            loc = data_loc(doc.data, tuple(err["loc"]))
            if err["type"] == "missing" and _misspelt(loc, errors, doc, model):
                continue  # « clé inconnue … vouliez-vous dire » says it already
            if loc in reported and err["type"] != "extra_forbidden":
                continue  # a union reports once per member: keep the first
            reported.add(loc)
            message, values, on_key = describe(err, doc, loc, model)
            where = loc[:-1] if err["type"] == "missing" else loc
            problems.append(doc.problem(where, message, at_key=on_key, **values))
        return None
