"""ProperDocs, the maintained fork of MkDocs 1.6, builds the site unchanged: it reads the
same mkdocs.yml and finds the `passerelles` plugin through the same entry point."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from support import copy_shipped_content

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def test_properdocs_builds_the_site_strictly(tmp_path: Path) -> None:
    properdocs = shutil.which("properdocs") or str(
        Path(__file__).resolve().parents[2] / ".venv/bin/properdocs"
    )
    if not Path(properdocs).exists():
        pytest.fail(
            "properdocs manque : il est dans les dépendances de test (pip install -e '.[test]')"
        )
    content = copy_shipped_content(tmp_path / "contenu")
    shutil.copyfile(ROOT / "mkdocs.yml", content / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", content / "overrides")
    (content / "build/docs").mkdir(parents=True)  # checked before any plugin runs
    result = subprocess.run(
        [
            properdocs,
            "build",
            "--strict",
            "-f",
            str(content / "mkdocs.yml"),
            "-d",
            str(tmp_path / "site"),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "Passerelles :" in result.stderr  # the plugin generated the pages
    actions = sorted(p.stem for p in (ROOT / "kits/actions").glob("*.yml"))
    teams = [a for a in actions if (tmp_path / "site/equipes/actions" / a / "index.html").is_file()]
    assert teams, "no action page in the ProperDocs build"
    assert (tmp_path / "site/academies/index.html").is_file()
