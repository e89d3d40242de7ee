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

Pickle is the format because the models are pydantic objects, read back in a fraction of
the time their validation takes; the file is the user's own, written in their cache.
"""

from __future__ import annotations

import hashlib
import os
import pickle
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

from .errors import Problem
from .references import TextCheck
from .stamp import tool_fingerprint

FORMAT = 1

_PROTOCOL = pickle.HIGHEST_PROTOCOL
Key = tuple[str, str]  # (kind, path as reported)


def digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=20).digest()


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


class CheckCache:
    """The checked files of one content folder, read from and written to its cache file."""

    def __init__(self, file: Path | None, tool: str) -> None:
        self.file = file
        self.tool = tool
        self.entries: dict[Key, Checked] = {}
        self.used: set[Key] = set()
        self.changed = False
        self.saved = False  # whether `save` ran once (a preview saves only then)

    @classmethod
    def of(cls, content: Path) -> CheckCache:
        """The cache of `content`: what its last run left, or nothing."""
        name = hashlib.sha256(str(content.resolve()).encode()).hexdigest()[:24]
        cache = cls(
            folder() / f"checks-{name}.pickle", f"{FORMAT}\0{tool_fingerprint()}\0{_versions()}"
        )
        cache._read()
        return cache

    def _read(self) -> None:
        if self.file is None:
            return
        entries: dict[Key, Checked] = {}
        try:
            with self.file.open("rb") as handle:
                tool, count = pickle.load(handle)
                if tool != self.tool:
                    return
                for _ in range(count):
                    key, entry = pickle.load(handle)
                    entries[key] = entry
        except Exception:  # absent, truncated or foreign: the run starts with no cache
            return
        self.entries = entries

    def get(self, key: Key, raw_digest: bytes) -> Checked | None:
        self.used.add(key)
        entry = self.entries.get(key)
        return entry if entry is not None and entry.digest == raw_digest else None

    def put(self, key: Key, entry: Checked) -> None:
        self.used.add(key)
        self.entries[key] = entry
        self.changed = True

    def save(self) -> None:
        """Write the files met since the last save, if any changed; forget the others."""
        self.saved = True
        if self.used != set(self.entries):
            self.entries = {key: self.entries[key] for key in self.used if key in self.entries}
            self.changed = True
        self.used = set()
        if not self.changed or self.file is None:
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.file.parent, suffix=".tmp")
        except OSError:
            return  # a read-only cache folder: the next run checks again, nothing else
        try:
            with os.fdopen(handle, "wb") as out:
                # one pickle per file: pickle remembers each object it wrote until the end
                # of a dump, and a single dump of thousands of models would double them
                pickle.dump((self.tool, len(self.entries)), out, protocol=_PROTOCOL)
                for item in self.entries.items():
                    pickle.dump(item, out, protocol=_PROTOCOL)
            os.replace(temporary, self.file)  # a reader sees the old cache or the new one
        except OSError:
            Path(temporary).unlink(missing_ok=True)
            return
        self.changed = False
