"""Browser tests: the shipped content built once, served on 127.0.0.1, driven in
Debian's Chromium (its headless shell, `support.CHROMIUM`) through Playwright."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support import CHROMIUM, serving

from generator.publish.site import OFFLINE_FOLDER, OFFLINE_ZIP

ROOT = Path(__file__).resolve().parents[2]
# The discard port: nothing listens there on a test machine, so a connection is refused.
NOWHERE = "http://127.0.0.1:9"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            # Every request to another host goes to a proxy nobody listens to, and fails
            # there: nothing leaves the machine (Chromium never sends 127.0.0.1 to a proxy).
            f"--proxy-server={NOWHERE}",
        ],
    }


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """Base URL (ending with /) of the built site served on 127.0.0.1."""
    with serving(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def unpacked(offline_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The zip unpacked as a reader would: its index.html, to open from the disk."""
    target = tmp_path_factory.mktemp("telechargement")
    with zipfile.ZipFile(offline_site / OFFLINE_ZIP) as archive:
        archive.extractall(target)
    return target / OFFLINE_FOLDER / "index.html"
