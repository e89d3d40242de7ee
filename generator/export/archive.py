"""Archives that two exports of the same content write byte for byte the same:
entries in a fixed order with fixed dates, owners and modes (SOURCE_DATE_EPOCH),
and never an absolute path or a `..`."""

from __future__ import annotations

import gzip
import io
import os
import posixpath
import tarfile
import time
import zipfile
from collections.abc import Mapping
from pathlib import Path

from generator.diagnostics import messages

EPOCH_ENV = "SOURCE_DATE_EPOCH"
_ZIP_MIN = 315532800  # 1980-01-01T00:00:00Z: a zip entry cannot be dated earlier


class EpochError(ValueError):
    """SOURCE_DATE_EPOCH is set but is not a date."""


def source_date_epoch() -> int:
    """SOURCE_DATE_EPOCH when it is set (reproducible exports), else now."""
    raw = os.environ.get(EPOCH_ENV)
    if raw is None:
        return int(time.time())
    if not raw.strip().isdigit():
        raise EpochError(messages.SOURCE_DATE_INVALID(value=raw[:40]))
    return int(raw.strip())


def check_entry(name: str) -> str:
    """An archive entry name, refused if it could land outside the folder it is unpacked in."""
    if (
        not name
        or name.startswith("/")
        or "\\" in name
        or ".." in name.split("/")
        or posixpath.normpath(name) != name
    ):
        raise ValueError(f"nom d'entrée d'archive refusé : {name!r}")
    return name


def write_zip(target: Path, files: Mapping[str, bytes], epoch: int) -> Path:
    """A zip of `files` (path in the archive → content), entries sorted by name."""
    stamp = time.gmtime(max(epoch, _ZIP_MIN))[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(check_entry(name), date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever machine builds it
            info.external_attr = 0o100644 << 16
            archive.writestr(info, files[name], compresslevel=9)
    return _write(target, buffer.getvalue())


def write_tar_gz(target: Path, top: str, files: Mapping[str, bytes], epoch: int) -> Path:
    """A gzipped tar with every file under the folder `top`, folders listed first."""
    check_entry(top)
    names = sorted(f"{top}/{check_entry(name)}" for name in files)
    folders = sorted({posixpath.dirname(n) for n in names} | {top})
    folders = sorted({p for f in folders for p in _parents(f)})
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for folder in folders:
            archive.addfile(_info(folder, epoch, directory=True))
        for name in names:
            data = files[name.removeprefix(f"{top}/")]
            info = _info(name, epoch)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    packed = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=packed, mtime=epoch, compresslevel=9) as gz:
        gz.write(raw.getvalue())
    return _write(target, packed.getvalue())


def _parents(folder: str) -> list[str]:
    parts = folder.split("/")
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def _info(name: str, epoch: int, *, directory: bool = False) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.mtime = epoch
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    if directory:
        info.type = tarfile.DIRTYPE
        info.mode = 0o755
    else:
        info.mode = 0o644
    return info


def _write(target: Path, data: bytes) -> Path:
    """Write through a temporary file: a half-written package never replaces a good one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partiel")
    partial.write_bytes(data)
    os.replace(partial, target)
    return target
