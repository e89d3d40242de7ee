"""Real `passerelles build` and `passerelles serve` runs on a content folder
that lives outside the repository."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from support import CLI, run_build

pytestmark = pytest.mark.slow


def build(content: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return run_build(content, site)


def test_strict_build_of_an_outside_content_folder(minimal: Path, tmp_path: Path) -> None:
    site = tmp_path / "publie"
    result = build(minimal, site)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    action = (site / "equipes/actions/visite-atelier/index.html").read_text("utf-8")
    # content text is shown as typed, never evaluated
    assert "{{ pas_un_modele }}" in action
    # no edit pencil on the public site unless the deployment turns it on
    assert "/-/edit/" not in action and "md-content__button" not in action
    # the sidebar does not list action pages one by one
    nav_links = re.findall(r'<a href="([^"]+)" class="md-nav__link', action)
    assert nav_links and not any("/actions/" in link for link in nav_links)
    # internal links were resolved to the other kit's page
    assert 'href="../../../entreprises/actions/stage-3e/"' in action
    index = json.loads((site / "search/search_index.json").read_text("utf-8"))
    assert index["config"]["lang"] == ["fr"]
    assert "'" in index["config"]["separator"] and "’" in index["config"]["separator"]
    assert (site / "donnees/actions.csv").read_text("utf-8").startswith('"id","titre",')
    for page in site.rglob("*.html"):
        html = page.read_text("utf-8")
        assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html, page


def test_bad_content_fails_and_leaves_the_published_site(minimal: Path, tmp_path: Path) -> None:
    site = tmp_path / "publie"
    assert build(minimal, site).returncode == 0
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    (minimal / "kits/actions/stage-3e.yml").write_text("title: [\n", "utf-8")
    result = build(minimal, site)
    assert result.returncode == 1
    assert "kits/actions/stage-3e.yml:2:1:" in result.stderr
    assert "Traceback" not in result.stderr
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(log: Path, needle: str, count: int, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = log.read_text("utf-8", errors="replace")
        if text.count(needle) >= count:
            return text
        time.sleep(0.2)
    raise AssertionError(f"« {needle} » ×{count} not seen in:\n{log.read_text('utf-8')}")


def test_serve_rebuilds_once_per_yaml_edit(minimal: Path, tmp_path: Path) -> None:
    # the content's forge, where the preview's « Modifier » links lead
    (minimal / "publication.yml").write_text(
        "forge: https://forge.apps.education.fr/passerelles/contenus\n", "utf-8"
    )
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [*CLI, "serve", "--content", str(minimal), "--dev-addr", f"127.0.0.1:{port}"],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for(log, "Serving on", 1, 90)
        lesson = minimal / "mooc/tuteurs/lessons/premier-jour.yml"
        lesson.write_text(
            lesson.read_text("utf-8").replace("Présentez l'équipe.", "Présentez-vous à l'élève.")
        )
        _wait_for(log, "Reloading browsers", 1, 60)
        time.sleep(5)  # a rebuild loop would show more rebuilds by now
        text = log.read_text("utf-8")
        assert text.count("Detected file changes") == 1, text
        assert text.count("Construction de l'aperçu") == 2, text
        url = f"http://127.0.0.1:{port}/formations/tuteurs/premier-jour/"
        with urllib.request.urlopen(url, timeout=10) as response:
            page = response.read().decode()
        assert "Présentez-vous à l'élève." in page
        # in the preview, the edit link opens the YAML source of the page
        assert (
            "https://forge.apps.education.fr/passerelles/contenus/-/edit/main/"
            "mooc/tuteurs/lessons/premier-jour.yml"
        ) in page
    finally:
        server.terminate()
        server.wait(timeout=20)
