"""`passerelles new`: the skeleton of a new content file, written from the models.

Each field is preceded by its description (the models' `Field(description=…)`, the
same text as the JSON Schema and the format reference), and every value to write
is the one marker `messages.PLACEHOLDER_TEXT`, which validation refuses at its
line until it is replaced. Choices get their first allowed value, with the list
in the comment; optional fields are written commented out.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.check.inventory import entries
from generator.check.yaml_reader import LoadError, load_file
from generator.diagnostics import messages
from generator.format import kinds
from generator.format.ids import is_valid_id
from generator.format.models import Action, FieldType, field_type

MARK = messages.PLACEHOLDER_TEXT
WIDTH = 92

# The kinds an editor creates one file at a time (the two kits are fixed files).
NEW_KINDS: tuple[str, ...] = (
    kinds.ACTION.name,
    kinds.PARTNER.name,
    kinds.INTERLOCUTOR.name,
    kinds.COURSE.name,
    kinds.LESSON.name,
)

# Optional in the model, yet asked for by one of its rules in a new file: an action
# for pupils gives their levels, and an action belongs to at least one kit.
ALSO_WRITTEN: dict[type[BaseModel], frozenset[str]] = {
    Action: frozenset({"levels", "for_teams"}),
}

_HEADER = (
    "{title} : {path}, créé par « passerelles new ». {doc}",
    "Remplacez chaque « {mark} » en suivant le commentaire qui le précède : tant qu'il en "
    "reste un, la validation le signale à sa ligne et rien n'est publié. Les choix ont déjà "
    "une valeur permise ; changez-la si besoin. Les champs facultatifs sont en commentaire : "
    "pour en utiliser un, retirez le « # » au début de ses lignes.",
)


class Refused(Exception):
    """The file cannot be created; the message says why, in French."""


@dataclass(frozen=True)
class Created:
    path: Path
    rel: str
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Shape:
    """What a field holds, as far as its skeleton is concerned."""

    kind: Literal["value", "markdown", "choice", "list", "object"]
    values: tuple[str, ...] = ()
    item: _Shape | None = None
    model: type[BaseModel] | None = None


def _shape(found: FieldType) -> _Shape:
    if found.kind == "markdown":
        return _Shape("markdown")
    if found.kind == "union":
        return _shape(found.members[0]) if len(found.members) == 1 else _Shape("value")
    if found.kind == "choice":
        return _Shape("choice", values=tuple(str(a) for a in found.values))
    if found.kind == "list" and found.item is not None:
        return _Shape("list", item=_shape(found.item))
    if found.kind == "object":
        return _Shape("object", model=found.model)
    return _Shape("value")  # a text, a number, true or false: all to be written


@dataclass
class _Entry:
    """One field of a skeleton: its description, then its lines."""

    comments: list[str]
    lines: list[str]


def _comments(info: FieldInfo, shape: _Shape, pad: str) -> list[str]:
    text = info.description or ""
    choice = shape if shape.kind == "choice" else shape.item
    if choice is not None and choice.kind == "choice":
        text += f" Valeurs permises : {', '.join(choice.values)}."
    return _wrap(text, f"{pad}# ")


def _wrap(text: str, prefix: str) -> list[str]:
    return textwrap.wrap(
        text,
        WIDTH,
        initial_indent=prefix,
        subsequent_indent=prefix,
        break_on_hyphens=False,
        break_long_words=False,
    )


def _scalar(value: str) -> str:
    """A choice as YAML reads it back: quoted if it would be read as something else."""
    return value if yaml.safe_load(f"[{value}]") == [value] else json.dumps(value)


def _list_lines(name: str, item: _Shape, depth: int, full: bool) -> list[str]:
    pad = "  " * depth
    if item.kind == "choice":
        return [f"{pad}{name}: [{_scalar(item.values[0])}]"]
    if item.kind != "object" or item.model is None:
        return [f"{pad}{name}:", f"{pad}  - {MARK}"]
    entries = _entries(item.model, depth + 2, full=full)
    inner = "  " * (depth + 2)
    first = entries[0]
    if first.lines and not first.lines[0].lstrip().startswith("#"):
        # the item's first field on the « - » line, its description just above
        first.comments = [f"{pad}  {c[len(inner) :]}" for c in first.comments]
        first.lines[0] = f"{pad}  - {first.lines[0][len(inner) :]}"
        return [f"{pad}{name}:", *_flatten(entries)]
    return [f"{pad}{name}:", f"{pad}  -", *_flatten(entries)]


def _value_lines(name: str, shape: _Shape, depth: int, full: bool) -> list[str]:
    pad = "  " * depth
    if shape.kind == "markdown":
        return [f"{pad}{name}: |", f"{pad}  {MARK}"]
    if shape.kind == "choice":
        return [f"{pad}{name}: {_scalar(shape.values[0])}"]
    if shape.kind == "list" and shape.item is not None:
        return _list_lines(name, shape.item, depth, full)
    if shape.kind == "object" and shape.model is not None:
        return [f"{pad}{name}:", *_flatten(_entries(shape.model, depth + 1, full=full))]
    return [f"{pad}{name}: {MARK}"]


def _commented(lines: list[str], pad: str) -> list[str]:
    return [f"{pad}# {line[len(pad) :]}" for line in lines]


def _entries(model: type[BaseModel], depth: int, *, full: bool) -> list[_Entry]:
    """The fields of `model`. Not `full` (inside a commented-out block), its optional fields
    are left out: a comment inside a comment would be hard to use."""
    pad = "  " * depth
    entries = []
    # an object of optional fields only (the steps a kit's readers live otherwise) shows them
    # all inside its block: there is nothing else to show
    all_optional = not any(info.is_required() for info in model.model_fields.values())
    for name, info in model.model_fields.items():
        optional = not info.is_required() and name not in ALSO_WRITTEN.get(model, ())
        if optional and not full:
            if not all_optional:
                continue
            optional = False
        shape = _shape(field_type(info.annotation, info.metadata))
        lines = _value_lines(name, shape, depth, full and not optional)
        if optional:
            lines = _commented(lines, pad)
        entries.append(_Entry(_comments(info, shape, pad), lines))
    return entries


def _flatten(entries: list[_Entry], blank: bool = False) -> list[str]:
    lines: list[str] = []
    for entry in entries:
        if blank and lines:
            lines.append("")
        lines.extend(entry.comments)
        lines.extend(entry.lines)
    return lines


def skeleton(kind: kinds.Kind, rel: str, at_hand: dict[str, list[str]] | None = None) -> str:
    """The text of a new file of `kind`, to be written at `rel` (for its header), naming
    under it the ids `at_hand` it may refer to (what they are for → the ids)."""
    doc = " ".join((kind.model.__doc__ or "").split())
    values = {"title": kind.title, "path": rel, "doc": doc, "mark": MARK}
    first, second = (_wrap(part.format(**values), "# ") for part in _HEADER)
    ids = []
    for what, known in (at_hand or {}).items():
        ids += ["#", *_wrap(f"{what} : {', '.join(known) or '(aucun)'}.", "# ")]
    body = _flatten(_entries(kind.model, 0, full=True), blank=True)
    return "\n".join([*first, "#", *second, *ids, "", *body]) + "\n"


# What a new action may name, and which ids: `passerelles list` gives them with titles.
_ACTION_REFERENCES = (
    ("Rôles à nommer dans steps (interlocutors: [ID], `passerelles list interlocutors`)",
     kinds.INTERLOCUTOR),
    ("Partenaires à nommer dans partners (`passerelles list partners`)", kinds.PARTNER),
    ("Actions à nommer dans next (action:ID, `passerelles list actions`)", kinds.ACTION),
)  # fmt: skip


def _at_hand(content: Path, kind: kinds.Kind) -> dict[str, list[str]]:
    if kind is not kinds.ACTION:
        return {}
    return {
        what: [e.id for e in entries(content, target) if not e.hidden]
        for what, target in _ACTION_REFERENCES
    }


def _refuse(message: messages.Message, **values: Any) -> Refused:
    return Refused(message(**values))


def _checked_id(value: str) -> str:
    if not is_valid_id(value):
        raise _refuse(messages.NEW_ID_INVALID, id=value)
    return value


def _target(content: Path, kind: kinds.Kind, ident: str) -> Path:
    """Where the new file goes; refuses a malformed id and a lesson of an unknown course."""
    if kind is kinds.COURSE:
        return content / kinds.MOOC_DIR / _checked_id(ident) / kinds.COURSE_FILE
    if kind is kinds.LESSON:
        course, _, lesson = ident.partition("/")
        if not lesson:
            raise _refuse(messages.NEW_LESSON_ID, id=ident)
        course_file = content / kinds.MOOC_DIR / _checked_id(course) / kinds.COURSE_FILE
        if not course_file.is_file():
            rel = course_file.relative_to(content).as_posix()
            raise _refuse(messages.NEW_COURSE_UNKNOWN, course=course, path=rel)
        if _checked_id(lesson) in kinds.RESERVED_LESSON_IDS:
            raise _refuse(messages.LESSON_ID_RESERVED, id=lesson)
        return course_file.parent / kinds.LESSONS_DIR / f"{lesson}{kinds.EXTENSION}"
    assert kind.folder is not None
    return content / kind.folder / f"{_checked_id(ident)}{kinds.EXTENSION}"


def _lesson_line(content: Path, course_file: Path, lesson: str) -> str:
    """What to add to the course: its last module's lessons, then the new one."""
    listed: list[str] = []
    try:
        modules = load_file(content, course_file).data.get("modules")
    except LoadError:
        modules = None
    if isinstance(modules, list) and modules and isinstance(modules[-1], dict):
        lessons = modules[-1].get("lessons")
        if isinstance(lessons, list):
            listed = [str(x) for x in lessons if isinstance(x, str) and MARK not in x]
    rel = course_file.relative_to(content).as_posix()
    return messages.NEW_LESSON_LINE(path=rel, lesson=lesson, lessons=", ".join([*listed, lesson]))


def create(content: Path, kind_name: str, ident: str) -> Created:
    """Write the skeleton of a new `kind_name` file named `ident`; refuse an existing file."""
    kind = kinds.KINDS[kind_name]
    if not (content / kinds.KITS_DIR).is_dir() and not (content / kinds.MOOC_DIR).is_dir():
        raise _refuse(messages.CONTENT_NOT_FOUND)
    path = _target(content, kind, ident)
    rel = path.relative_to(content).as_posix()
    if path.exists():
        raise _refuse(messages.NEW_EXISTS, path=rel)
    text = skeleton(kind, rel, _at_hand(content, kind))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as out:
        out.write(text)
    notes = [messages.NEW_CREATED(path=rel, marker=MARK)]
    if kind is kinds.LESSON:
        notes.append(_lesson_line(content, path.parent.parent / kinds.COURSE_FILE, path.stem))
    return Created(path, rel, notes)
