"""Browser tests: the shipped content built once, served on 127.0.0.1, driven in
Debian's Chromium through Playwright (never a downloaded browser)."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Request
from shared_context import ModuleContext
from support import serving

from generator.publish.site import OFFLINE_FOLDER, OFFLINE_ZIP

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
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


@pytest.fixture(scope="module")
def module_context(
    browser: Browser, browser_context_args: dict[str, Any]
) -> Iterator[ModuleContext]:
    context = browser.new_context(**browser_context_args)
    keeper = context.new_page()
    yield ModuleContext(context, keeper, context.new_cdp_session(keeper))
    context.close()


@pytest.fixture
def context(module_context: ModuleContext) -> Iterator[BrowserContext]:
    """pytest-playwright's `context`, shared by the module's tests (ModuleContext); its
    `page` fixture opens each test's page in it. A test that listens on the context
    removes its listener; a test that needs other context options makes its own."""
    yield module_context.context
    module_context.reset()


@pytest.fixture
def requested(context: BrowserContext) -> Iterator[list[str]]:
    """The address of every request the test's pages make, their workers' included."""
    urls: list[str] = []

    def record(request: Request) -> None:
        urls.append(request.url)

    context.on("request", record)
    yield urls
    context.remove_listener("request", record)


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
