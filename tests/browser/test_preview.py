"""A real `passerelles serve`: an edition reloads after an edit of a local file and of
edition.yml; a save that breaks the content shows the located error in the browser, and
the preview comes back by itself once the file is fixed, while the published site and the
generated pages stay as they were."""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from support import CLI, ROOT, run_build

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EDITION = ROOT / "tests/fixtures/edition"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode())
    except OSError as exc:  # the server answers 404 with the error page
        read = getattr(exc, "read", None)
        return read().decode() if read else ""


def _until(url: str, needle: str, timeout: float = 90) -> str:
    deadline = time.monotonic() + timeout
    text = ""
    while time.monotonic() < deadline:
        text = _fetch(url)
        if needle in text:
            return text
        time.sleep(0.5)
    raise AssertionError(f"« {needle} » absent de {url} :\n{text[:2000]}")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    content = tmp_path / "edition"
    shutil.copytree(EDITION, content)
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [*CLI, "serve", "--content", str(content), "--dev-addr", f"127.0.0.1:{port}"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        _until(url, "Orléans-Tours", 120)
        yield content, url
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_an_edition_reloads_after_a_local_edit_and_an_edition_yml_edit(
    served: tuple[Path, str],
) -> None:
    content, url = served
    action = content / "kits/actions/forum-des-metiers-de-tours.yml"
    action.write_text(
        action.read_text("utf-8").replace("Forum des métiers du bassin de Tours", "Forum de Tours"),
        "utf-8",
    )
    _until(url + "equipes/actions/forum-des-metiers-de-tours/", "Forum de Tours")
    edition = content / "edition.yml"
    edition.write_text(
        edition.read_text("utf-8").replace("CIO de Blois", "CIO de Vendôme"), "utf-8"
    )
    _until(url + "interlocuteurs/psyen/", "CIO de Vendôme")


def test_a_served_page_runs_no_script_its_policy_refuses(served: tuple[Path, str]) -> None:
    """MkDocs writes its reloading script inline; the page's Content-Security-Policy
    allows Material's inline scripts only, by hash: the preview loads it from a file."""
    _, url = served
    html = _fetch(url + "equipes/")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert policy, "the served page carries its policy"
    allowed = set(re.findall(r"'sha256-([^']+)'", policy[1]))
    for body in re.findall(r"<script>(.*?)</script>", html, re.DOTALL):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert digest in allowed, body[:200]
    sources = re.findall(r'<script src="(/livereload/[^"]+)" data-epoch="[0-9]+"', html)
    assert len(sources) == 1, "the page loads the reloading script once"
    script = _fetch(url.rstrip("/") + sources[0])
    assert "/livereload/" in script and "location.reload()" in script


def test_a_broken_save_shows_its_error_then_the_site_comes_back(
    served: tuple[Path, str], page: Page, tmp_path: Path
) -> None:
    content, url = served
    published = tmp_path / "publie"
    assert run_build(content, published).returncode == 0
    site_before = _tree(published)
    docs = content / "build/docs"
    page.goto(url + "equipes/actions/forum-des-metiers-de-tours/")
    expect(page.locator("h1")).to_contain_text("Forum des métiers")
    docs_before = _tree(docs)

    action = content / "kits/actions/forum-des-metiers-de-tours.yml"
    good = action.read_text("utf-8")
    action.write_text(good.replace("format: meeting", "format: rencontre"), "utf-8")
    # the page reloads by itself and lists the error with its file and line
    line = next(i for i, text in enumerate(good.splitlines(), 1) if text.startswith("format:"))
    expect(page.locator("main")).to_contain_text(
        f"kits/actions/forum-des-metiers-de-tours.yml:{line}:", timeout=60_000
    )
    expect(page.locator("main")).to_contain_text("valeur « rencontre » invalide")
    assert _tree(docs) == docs_before, "generated pages changed on a bad save"
    assert _tree(published) == site_before

    action.write_text(good, "utf-8")
    expect(page.locator("h1")).to_contain_text("Forum des métiers", timeout=60_000)
    assert _tree(published) == site_before
