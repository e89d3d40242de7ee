"""Where the site is published, for a site under a sub-path (a project's GitLab or GitHub
Pages): `site_url` in edition.yml, or `build --site-url` (the CI files give it), names the
address in the 404 page's links and the sitemap."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from support import run_build

pytestmark = pytest.mark.slow

DECLARED = "https://academie.example.org/passerelles-toulouse/"
GIVEN = "https://autre.example.org/edition/"


@pytest.fixture
def edition(minimal: Path) -> Path:
    folder = minimal / "edition"
    folder.mkdir()
    (folder / "edition.yml").write_text(
        f"title: Édition de test\nacademy: toulouse\nbase: ..\nsite_url: {DECLARED}\n", "utf-8"
    )
    return folder


def _addressed(site: Path, url: str) -> None:
    path = urlsplit(url).path
    assert f'href="{path}assets/stylesheets/' in (site / "404.html").read_text("utf-8")
    assert f"<loc>{url}equipes/</loc>" in (site / "sitemap.xml").read_text("utf-8")


def test_site_url_of_edition_yml_then_the_command_s(edition: Path, tmp_path: Path) -> None:
    result = run_build(edition, tmp_path / "declared")
    assert result.returncode == 0, result.stderr
    _addressed(tmp_path / "declared", DECLARED)
    result = run_build(edition, tmp_path / "given", "--site-url", GIVEN.rstrip("/"))
    assert result.returncode == 0, result.stderr
    _addressed(tmp_path / "given", GIVEN)
