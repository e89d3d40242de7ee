"""What each content file gave when it was last checked, kept from one run to the next.

Checking one file (its YAML, its model, each of its Markdown texts) depends only on its
bytes and on the tool: a file whose bytes are those of the last run is not read again,
its model, its own problems and what its texts hold are taken from here. What depends on
other files (references, an edition's `hide` and `contacts`) is checked at every run.

One cache file per content folder, in `$PASSERELLES_CACHE_DIR`, else
`$XDG_CACHE_HOME/passerelles`, else `~/.cache/passerelles`. It records the tool's
fingerprint (its own files) and the versions of the libraries that read the content:
when either changes, the cache starts empty. A cache that cannot be read is ignored and
one that cannot be written is left out: the run is the same, only slower.

The file is JSON lines: data, never code. A CI cache may be shared between pipelines, and
a format that runs code when read (pickle) would let whoever writes it run code in the
next job. A first line names the tool; then two lines per file: its own check (kind, path,
digest of its bytes, problems, what its Markdown texts hold, each message by its code),
type-checked by pydantic-core as it is parsed, and its model as the model's own JSON (the
fields as they were given), read back through that model's validation on the first run
that needs it. An entry that does not read back as what it says (damaged, hand-made,
another tool's) is ignored: its file is checked again. What a cache cannot protect: one
who can write it can make a file's own problems disappear from `validate` (never run
code); do not share one cache between pipelines of untrusted merge requests.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import markdown
import markdown_it
import pydantic
import pydantic_core
import pymdownx  # type: ignore[import-untyped]
import yaml

# pydantic reads a TypedDict's fields from this one before Python 3.12 (it requires it)
from typing_extensions import TypedDict

from generator.check.references import TextCheck
from generator.check.stamp import tool_fingerprint
from generator.diagnostics import messages
from generator.diagnostics.errors import Problem
from generator.format import kinds
from generator.markdown.rules import Finding, InternalLink

FORMAT = 3  # 1 was a pickle, 2 had BLAKE2b digests (the snapshot's SHA-256 since)
Key = tuple[str, str]  # (kind, path as reported)


@dataclass(frozen=True)
class Checked:
    """One file's own check: its model (None if refused), its problems, its texts."""

    digest: bytes
    model: Any
    problems: tuple[Problem, ...]
    texts: tuple[TextCheck, ...]


CACHE_DIR_ENV = "PASSERELLES_CACHE_DIR"  # where the caches go, if set


def folder() -> Path:
    """Where the caches are kept."""
    if chosen := os.environ.get(CACHE_DIR_ENV):
        return Path(chosen)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "passerelles"


def _versions() -> str:
    # read from the modules themselves: importlib.metadata would take a tenth of the run
    found = [
        f"PyYAML={yaml.__version__}",
        f"pydantic={pydantic.VERSION}",
        f"pydantic-core={pydantic_core.__version__}",
        f"markdown-it-py={markdown_it.__version__}",
        f"Markdown={markdown.__version__}",
        f"pymdown-extensions={pymdownx.__version__}",
    ]
    return " ".join([sys.version, *found])


# --------------------------------------------------------------------------- the file's lines

_Texts = list[
    tuple[list[str | int], list[tuple[int, str, dict[str, Any]]], list[tuple[str, str, int]]]
]


# strict: a string is not taken for a number, nor a number for a string
@pydantic.with_config(pydantic.ConfigDict(strict=True))
class _Meta(TypedDict):
    """One file's own check apart from its model, as one line of the file."""

    kind: str
    path: str
    digest: str
    problems: list[tuple[str, int, int, str, str]]
    texts: _Texts  # (place in the file, findings (line, message code, values), links)


_META = pydantic.TypeAdapter(_Meta)


@dataclass(frozen=True)
class Stored:
    """One entry as the file holds it: its check's line, parsed, and its model's line (the
    model's JSON, or `null`), kept as bytes until a run needs the model."""

    meta: _Meta
    line: bytes
    model: bytes


def _encode(key: Key, entry: Checked) -> Stored:
    """`entry` as lines of the file (TypeError or ValueError: a value has no JSON form)."""
    meta: _Meta = {
        "kind": key[0],
        "path": key[1],
        "digest": entry.digest.hex(),
        "problems": [(p.path, p.line, p.column, p.message, p.code) for p in entry.problems],
        "texts": [
            (
                list(text.loc),
                [(f.line, f.message.code, f.values) for f in text.findings],
                [(link.kind, link.target, link.line) for link in text.links],
            )
            for text in entry.texts
        ],
    }
    line = json.dumps(meta, ensure_ascii=False, separators=(",", ":")).encode()
    model = entry.model.model_dump_json(exclude_unset=True) if entry.model is not None else None
    return Stored(meta, line, b"null" if model is None else model.encode())


def encoded(key: Key, entry: Checked) -> Stored | None:
    """`entry` as lines of the file; None when a value has no JSON form (the file is then
    checked at each run). Validation's processes encode the files they check."""
    try:
        return _encode(key, entry)
    except (TypeError, ValueError):
        return None


def _decode(stored: Stored) -> Checked:
    """The check an entry holds (any exception: the entry is not a check of this tool)."""
    meta = stored.meta
    model_class = kinds.KINDS[meta["kind"]].model
    model = None if stored.model == b"null" else model_class.model_validate_json(stored.model)
    texts = tuple(
        TextCheck(
            tuple(loc),
            tuple(Finding(line, messages.declared(code), values) for line, code, values in found),
            tuple(InternalLink(*link) for link in links),
        )
        for loc, found, links in meta["texts"]
    )
    problems = tuple(Problem(*row) for row in meta["problems"])
    return Checked(bytes.fromhex(meta["digest"]), model, problems, texts)


def _stored_entries(raw: bytes, tool: str) -> dict[Key, Stored]:
    """The entries of a cache file written by `tool`; a line that is not what it should be
    leaves its entry out (ValueError when the file is not a cache of `tool` at all)."""
    lines = raw.split(b"\n")
    if json.loads(lines[0]) != {"tool": tool}:
        raise ValueError("another tool")
    entries: dict[Key, Stored] = {}
    for line, model in zip(lines[1::2], lines[2::2], strict=False):
        try:
            meta = _META.validate_json(line)
        except pydantic.ValidationError:
            continue
        entries[(meta["kind"], meta["path"])] = Stored(meta, line, model)
    return entries


# --------------------------------------------------------------------------- the cache


class CheckCache:
    """The checked files of one content folder, read from and written to its cache file."""

    def __init__(self, file: Path | None, tool: str) -> None:
        self.file = file
        self.tool = tool
        self.entries: dict[Key, Checked] = {}  # read back or checked by this process
        self.stored: dict[Key, Stored] = {}  # every entry the next file will hold
        self.used: set[Key] = set()
        self.changed = False
        self.saved = False  # whether `save` ran once (a preview saves only then)

    @classmethod
    def of(cls, content: Path) -> CheckCache:
        """The cache of `content`: what its last run left, or nothing."""
        name = hashlib.sha256(str(content.resolve()).encode()).hexdigest()[:24]
        cache = cls(
            folder() / f"checks-{name}.jsonl", f"{FORMAT}\0{tool_fingerprint()}\0{_versions()}"
        )
        cache._read()
        return cache

    def _read(self) -> None:
        if self.file is None:
            return
        with contextlib.suppress(OSError, ValueError):  # absent, damaged or foreign: none
            self.stored = _stored_entries(self.file.read_bytes(), self.tool)

    def get(self, key: Key, raw_digest: bytes) -> Checked | None:
        self.used.add(key)
        entry = self.entries.get(key)
        if entry is None and key in self.stored:
            if self.stored[key].meta["digest"] != raw_digest.hex():
                return None
            try:
                entry = self.entries[key] = _decode(self.stored[key])
            except Exception:  # whatever the entry holds instead, its file is checked again
                del self.stored[key]
                self.changed = True
                return None
        return entry if entry is not None and entry.digest == raw_digest else None

    def put(self, key: Key, entry: Checked, stored: Stored | None = None) -> None:
        """Keep `entry`, and its lines (`stored`, else encoded here) for the file."""
        self.used.add(key)
        self.entries[key] = entry
        self.stored.pop(key, None)
        stored = stored if stored is not None else encoded(key, entry)
        if stored is not None:
            self.stored[key] = stored
        self.changed = True

    def save(self) -> None:
        """Write the files met since the last save, if any changed; forget the others."""
        self.saved = True
        if (self.entries.keys() | self.stored.keys()) - self.used:
            self.entries = {key: self.entries[key] for key in self.used if key in self.entries}
            self.stored = {key: self.stored[key] for key in self.used if key in self.stored}
            self.changed = True
        self.used = set()
        if not self.changed or self.file is None:
            return
        head = json.dumps({"tool": self.tool}, ensure_ascii=False).encode()
        lines = [head, *(part for s in self.stored.values() for part in (s.line, s.model))]
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.file.parent, suffix=".tmp")
        except OSError:
            return  # a read-only cache folder: the next run checks again, nothing else
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(b"\n".join(lines) + b"\n")
            os.replace(temporary, self.file)  # a reader sees the old cache or the new one
        except OSError:
            Path(temporary).unlink(missing_ok=True)
            return
        self.changed = False
