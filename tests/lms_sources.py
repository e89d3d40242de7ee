"""Outside programs the import tests run, never part of the project: Open edX's
Common Cartridge converter (cc2olx) and a Moodle source archive, each named by
an environment variable, or found next to the repository (../shared/lms/) when
they are there. A test that needs one skips, saying which variable to set, when
none is given.

cc2olx is installed from its source into a virtual environment cached outside
the repository (~/.cache/passerelles-lms, or $PASSERELLES_LMS_CACHE), one per
source archive (by its SHA-256).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "lms"
CC2OLX_ENV = "PASSERELLES_CC2OLX"
MOODLE_ENV = "PASSERELLES_MOODLE_SRC"
_DEFAULTS = {CC2OLX_ENV: "cc2olx-src.tar.gz", MOODLE_ENV: "moodle-src.tar.xz"}


def source(variable: str) -> Path:
    """The archive named by `variable`, or the shared one; skips the test when neither is."""
    named = os.environ.get(variable)
    path = Path(named) if named else SHARED / _DEFAULTS[variable]
    if named and not path.is_file():
        pytest.fail(f"{variable}={named} : ce fichier n'existe pas")
    if not path.is_file():
        pytest.skip(
            f"aucune source : donnez l'archive dans {variable} (ou placez-la dans {SHARED})"
        )
    return path


def cache_dir() -> Path:
    configured = os.environ.get("PASSERELLES_LMS_CACHE")
    base = Path(configured) if configured else Path.home() / ".cache" / "passerelles-lms"
    base.mkdir(parents=True, exist_ok=True)
    return base


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def cc2olx() -> Path:
    """The `cc2olx` command, installed from $PASSERELLES_CC2OLX on first use.

    cc2olx declares Python 3.12 but runs on 3.11 (--ignore-requires-python); its
    Django is kept below 6, which needs 3.12.
    """
    archive = source(CC2OLX_ENV)
    venv = cache_dir() / f"cc2olx-{_digest(archive)}"
    command = venv / "bin" / "cc2olx"
    if command.is_file():
        return command
    staging = venv.with_name(venv.name + ".partiel")
    shutil.rmtree(staging, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(staging)], check=True, timeout=300)
    result = subprocess.run(
        [
            str(staging / "bin" / "pip"),
            "install",
            "-q",
            "--disable-pip-version-check",
            "--ignore-requires-python",
            str(archive),
            "django<6",
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"installation de cc2olx impossible : {result.stderr.strip()[-800:]}")
    # a venv's scripts name their interpreter by path: rename, then fix the shebangs
    os.replace(staging, venv)
    for script in (venv / "bin").iterdir():
        if script.is_file() and not script.is_symlink():
            data = script.read_bytes()
            if data.startswith(b"#!") and str(staging).encode() in data:
                script.write_bytes(data.replace(str(staging).encode(), str(venv).encode()))
    return command
