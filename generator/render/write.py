"""Write stage: put the docs tree on disk, touching only what changed.

Writing only changed bytes keeps `mkdocs serve` from rebuilding in a loop and
keeps file times meaningful; files no longer planned are deleted.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0


def _atomic_write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_tree(
    out_dir: Path,
    files: Mapping[str, bytes] | Iterable[tuple[str, bytes]],
    *,
    on_disk: Callable[[str, bytes], bool] | None = None,
) -> WriteReport:
    """Make `out_dir` hold exactly `files` (a mapping, or pairs written as they come: the
    last of two with the same path wins); return what was written and deleted. A file that
    `on_disk` says is already there as it is (the preview's reused pages) is not read back."""
    report = WriteReport()
    out_dir.mkdir(parents=True, exist_ok=True)
    root = out_dir.resolve()
    wanted: set[Path] = set()
    for rel, data in files.items() if isinstance(files, Mapping) else files:
        wanted.add(Path(rel))
        target = (root / rel).resolve()
        if not target.is_relative_to(root):
            raise ValueError(f"chemin hors du dossier de sortie : {rel}")
        if on_disk is not None and on_disk(rel, data) and target.is_file():
            report.unchanged += 1
            continue
        try:
            if target.read_bytes() == data:
                report.unchanged += 1
                continue
        except FileNotFoundError:
            pass
        _atomic_write(target, data)
        report.written.append(rel)
    report.written.sort()
    for path in sorted(root.rglob("*"), reverse=True):
        rel_path = path.relative_to(root)
        if path.is_file() and rel_path not in wanted:
            path.unlink()
            report.deleted.append(rel_path.as_posix())
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return report
