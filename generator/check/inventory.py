"""The ids at hand: each file of a kind in a content folder and its bases, with its
title and where it comes from, read from the files themselves (so it answers while the
content still holds mistakes). `passerelles list` prints it; `passerelles new` names the
ids a new file may refer to."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.check.discover import discover
from generator.check.layers import stack
from generator.check.yaml_reader import printable
from generator.format import kinds

# the key of each kind's files that says what it is
TITLE_KEYS = {
    kinds.ACTION.name: "title",
    kinds.PARTNER.name: "name",
    kinds.INTERLOCUTOR.name: "role",
    kinds.COURSE.name: "title",
}
LOCAL = "édition"


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    origin: str  # « national », a base's folder, « édition » (or « . » without edition)
    hidden: bool = False  # hidden by the edition (hide:)


def entries(content: Path, kind: kinds.Kind) -> list[Entry]:
    """Every file of `kind` in `content` and its bases, sorted by id."""
    layers = stack(content)
    hide = layers.edition.hide if layers.edition else None
    hidden = set(getattr(hide, f"{kind.name}s", [])) if hide else set()
    found = []
    for layer in layers.layers:
        origin = layer.prefix.rstrip("/") or (LOCAL if layers.layered else ".")
        for item in discover(layer.root, layer.prefix, layered=layers.layered).found:
            if item.kind == kind.name:
                title = _title(item.file, TITLE_KEYS.get(kind.name, "title"))
                found.append(
                    Entry(item.id, title, origin, bool(layer.prefix) and item.id in hidden)
                )
    return sorted(found, key=lambda e: e.id)


def _title(file: Path, key: str) -> str:
    """The file's title as written, or « ? » when the file cannot be read as YAML."""
    try:
        data = yaml.safe_load(file.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return "?"
    value = data.get(key) if isinstance(data, dict) else None
    return printable(" ".join(str(value).split())) if value is not None else "?"
