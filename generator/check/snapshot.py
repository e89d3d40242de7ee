"""One snapshot of the content per run: its layers, its files, their bytes and one digest
per file, taken once and handed to every stage that asks « what is there, what changed? »
(the build stamp, the check cache, the generator's reuse of its last generation, the
course packages).

Each content file is read once per run, here, through `load.read_bytes` (regular files
inside the content folder only, size-limited). Files are found by `discover`, so the
snapshot holds exactly what validation reads; `edition.yml` and `publication.yml` are read
once by `layers.stack` and their bytes kept on the stack.

The digest is SHA-256: the build stamp published beside a site was already SHA-256 over the
same bytes, the check cache (which CI may share between pipelines) needs a hash nobody can
collide on purpose, and SHA-256 runs on the processor's SHA instructions where they exist,
so one hash serves all three instead of SHA-256 for the stamp, BLAKE2b for the cache and
sizes and times for the generator.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from generator.check.discover import Found, discover
from generator.check.layers import Layer, Stack, content_roots, stack
from generator.check.yaml_reader import Folders, LoadError, read_bytes
from generator.diagnostics.errors import Problem
from generator.run import memo


def digest(raw: bytes) -> bytes:
    """The digest of a content file's bytes."""
    return hashlib.sha256(raw).digest()


@dataclass(frozen=True)
class File:
    """One content file as the run read it: its bytes, or why it could not be read."""

    found: Found
    name: str  # as reported: « national/kits/actions/x.yml »
    raw: bytes | None
    problem: Problem | None
    digest: bytes
    mtime_ns: int  # the date a course's packages carry without SOURCE_DATE_EPOCH

    @property
    def key(self) -> tuple[str, str]:
        """The file's key in the check cache: its kind and its name as reported."""
        return (self.found.kind, self.name)


@dataclass(frozen=True)
class LayerFiles:
    """The files of one layer, and what discovery refused in it."""

    layer: Layer
    files: tuple[File, ...]
    problems: tuple[Problem, ...]


@dataclass(frozen=True, eq=False)
class Snapshot:
    """The content folder `content` at one moment: its layers (base first) and their files."""

    content: Path
    stack: Stack
    layers: tuple[LayerFiles, ...]

    @cached_property
    def fingerprint(self) -> str:
        """One digest of every file, named by layer depth and path inside its layer (the
        same content copied elsewhere has the same fingerprint)."""
        total = hashlib.sha256()
        for name, raw_digest in self.digests():
            total.update(f"{name}\0".encode())
            total.update(raw_digest)
        return total.hexdigest()

    def digests(self) -> Iterator[tuple[str, bytes]]:
        """Each file read, settings files first, with its digest."""
        for depth, layer in enumerate(self.stack.layers):
            for path, raw in sorted(self.stack.settings.items()):
                if path.parent == layer.root:
                    yield f"{depth}/{path.name}", digest(raw)
        for depth, held in enumerate(self.layers):
            for file in held.files:
                rel = file.found.file.relative_to(held.layer.root).as_posix()
                yield f"{depth}/{rel}", file.digest if file.problem is None else b"unreadable"

    def files(self) -> Iterator[File]:
        for held in self.layers:
            yield from held.files

    def watched(self) -> list[Path]:
        """Every folder and file a build reads content from: the edition's and its bases'."""
        return [path for layer in self.stack.layers for path in content_roots(layer)]


def _read(layer: Layer, found: Found, folders: Folders) -> File:
    try:
        name, raw = read_bytes(layer.root, found.file, layer.prefix, folders=folders)
    except LoadError as exc:
        return File(found, exc.problem.path, None, exc.problem, b"", 0)
    return File(found, name, raw, None, digest(raw), found.file.stat().st_mtime_ns)


def take(content: Path) -> Snapshot:
    """Read the content folder `content` and its bases, each file once."""
    layers = stack(content)
    held = []
    for layer in layers.layers:
        found = discover(layer.root, layer.prefix, layered=layers.layered)
        folders = Folders(layer.root.resolve())
        files = tuple(_read(layer, item, folders) for item in found.found)
        held.append(LayerFiles(layer, files, tuple(found.problems)))
    return Snapshot(content.resolve(), layers, tuple(held))


# The snapshot a command took for its run (`passerelles build` hands one to the stamp and
# to both MkDocs builds of the site and its offline copy).
_RUN: ContextVar[Snapshot | None] = ContextVar("passerelles_snapshot", default=None)


def held(snapshot: Snapshot) -> contextlib.AbstractContextManager[Snapshot | None]:
    """Make `snapshot` the one builds of its content folder use until the block ends."""
    return memo.setting(_RUN, snapshot)


def of(content: Path) -> Snapshot:
    """The snapshot of `content` the running command holds, else a new one."""
    running = _RUN.get()
    if running is not None and running.content == content.resolve():
        return running
    return take(content)
