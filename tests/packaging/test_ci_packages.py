"""`.ci/run`'s install step on this machine's image: what `.ci/packages.sh` asks apt for
installs without conflict, and nothing already present is asked for — checked with
Chromium hidden from PATH, as on a fresh machine of the image (where Node.js may come
from NodeSource, whose `nodejs` conflicts with Debian's `npm`)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / ".ci/packages.sh"


def _asked(path: str) -> list[str]:
    result = subprocess.run(
        ["bash", str(SCRIPT)],
        env={**os.environ, "PATH": path},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.split()


def _without(command: str, shadow: Path) -> str:
    """PATH with every folder holding `command` replaced by a copy (links) without it."""
    folders = []
    for i, folder in enumerate(os.environ["PATH"].split(os.pathsep)):
        here = Path(folder)
        if not (here / command).exists():
            folders.append(folder)
            continue
        copy = shadow / str(i)
        copy.mkdir()
        for entry in here.iterdir():
            if entry.name != command:
                (copy / entry.name).symlink_to(entry)
        folders.append(str(copy))
    return os.pathsep.join(folders)


@pytest.mark.skipif(shutil.which("apt-get") is None, reason="a Debian-like image only")
def test_the_install_step_asks_apt_only_for_what_is_missing_and_apt_agrees(
    tmp_path: Path,
) -> None:
    present = _asked(os.environ["PATH"])
    hidden = _asked(_without("chromium-headless-shell", tmp_path))
    # Chromium hidden: it is asked for, and nothing more than on the machine as it is
    assert hidden == ["chromium-headless-shell", *present]
    if shutil.which("npm"):
        assert "npm" not in hidden
    simulated = subprocess.run(
        ["apt-get", "install", "-s", "-q", *hidden], capture_output=True, text=True, check=False
    )
    assert simulated.returncode == 0, simulated.stdout + simulated.stderr
    assert "Conflicts" not in simulated.stdout + simulated.stderr


def test_run_installs_exactly_the_list_of_packages_sh() -> None:
    run = (ROOT / ".ci/run").read_text("utf-8")
    assert "mapfile -t packages < <(bash .ci/packages.sh)" in run
    assert 'apt-get install -y -q \\\n    "${packages[@]}"' in run
