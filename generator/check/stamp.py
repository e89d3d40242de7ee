"""Nothing changed, nothing redone: the fingerprint of everything a build reads.

A published site keeps the fingerprint of the inputs it was built from. A build whose
inputs have the same fingerprint has nothing to do and says so. The inputs: the content
and its edition's bases, the MkDocs configuration, the tool itself (its code, templates,
theme overrides and default configuration: an editable install keeps its version number
while its files change), the build's options and its date (SOURCE_DATE_EPOCH).
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from generator.check.snapshot import Snapshot
from generator.run import bundle

STAMP_FILE = ".passerelles-build"


def _hash_files(digest: Any, label: str, files: Iterable[tuple[str, Path]]) -> None:
    for name, path in files:
        digest.update(f"{label}\0{name}\0".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())


def _named(files: list[Path], root: Path) -> list[tuple[str, Path]]:
    return [
        (p.relative_to(root).as_posix() if p.is_relative_to(root) else p.name, p) for p in files
    ]


def fingerprint(
    content: Snapshot,
    config: Path,
    *,
    options: dict[str, object],
    tool_files: list[Path] | None = None,
) -> str:
    """The fingerprint of a build of `content` with `config` and `options`."""
    digest = hashlib.sha256()
    digest.update(f"content\0{content.fingerprint}\n".encode())
    _hash_files(digest, "config", [("mkdocs.yml", config)])
    tool = tool_fingerprint() if tool_files is None else _tool_print(tool_files)
    digest.update(f"tool\0{tool}\n".encode())
    for key, value in sorted(options.items()):
        digest.update(f"option\0{key}\0{value!r}\n".encode())
    digest.update(f"date\0{os.environ.get('SOURCE_DATE_EPOCH', '')}\n".encode())
    return digest.hexdigest()


def _tool_print(files: list[Path]) -> str:
    digest = hashlib.sha256()
    _hash_files(digest, "tool", _named(files, bundle.root()))
    return digest.hexdigest()


@functools.cache
def tool_fingerprint() -> str:
    """The fingerprint of the tool's own files (its code, templates, theme, default config)."""
    return _tool_print(bundle.tool_files())


def unchanged(site: Path, print_: str) -> bool:
    """Whether the site at `site` was built from inputs with fingerprint `print_`."""
    stamp = site / STAMP_FILE
    try:
        return (site / "index.html").is_file() and stamp.read_text("utf-8").strip() == print_
    except OSError:
        return False


def write(site: Path, print_: str) -> None:
    (site / STAMP_FILE).write_text(print_ + "\n", "utf-8")
