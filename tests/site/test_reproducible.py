"""Reproducible and atomic builds.

- Two builds of the same content give byte-identical site trees, even from
  folders copied in another order, with other file dates and another hash seed
  (a `set` iterated somewhere would show); `SOURCE_DATE_EPOCH` dates the
  sitemap, or the content's last commit when it is unset.
- A failing build, whatever the reason, leaves the previous site as it was,
  byte for byte, and leaves no temporary folder behind.
"""

from __future__ import annotations

import gzip
import os
import shutil
import struct
import subprocess
from pathlib import Path
from typing import Any

import pytest
from support import run_build

from generator.commands import cli

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = Path(__file__).resolve().parents[1] / "fixtures" / "minimal"
EPOCH = 1_700_000_000  # 2023-11-14 22:13:20 UTC
DAY = 86_400


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def build(
    content: Path, site: Path, env: dict[str, str] | None = None, *extra: str
) -> subprocess.CompletedProcess[str]:
    return run_build(content, site, *extra, env=env)


def gzip_mtime(path: Path) -> int:
    return int(struct.unpack("<I", path.read_bytes()[4:8])[0])


# --------------------------------------------------------------------------- reproducible


def test_two_builds_of_the_same_content_are_byte_identical(
    dated_sites: tuple[Path, Path],
) -> None:
    """The two builds of conftest.py: copies made in opposite orders, with other file
    dates, in other folders, under other hash seeds."""
    first, second = dated_sites
    site_a, site_b = tree(first), tree(second)
    assert sorted(site_a) == sorted(site_b)
    differing = [name for name in site_a if site_a[name] != site_b[name]]
    assert differing == []
    # SOURCE_DATE_EPOCH is honoured: MkDocs dates the sitemap by day
    assert gzip_mtime(first / "sitemap.xml.gz") == EPOCH - EPOCH % DAY
    with gzip.open(first / "sitemap.xml.gz") as handle:
        assert handle.read() == site_a["sitemap.xml"]
    # nothing of the build folders leaks into the pages
    for name, data in site_a.items():
        if name.endswith((".html", ".json", ".xml")):
            assert str(first.parent).encode() not in data, name


@pytest.mark.skipif(shutil.which("git") is None, reason="git absent")
def test_without_source_date_epoch_the_last_commit_dates_the_build(tmp_path: Path) -> None:
    content = tmp_path / "contenu"
    shutil.copytree(MINIMAL, content)
    committed = EPOCH - 10 * DAY
    git_env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_AUTHOR_DATE": f"@{committed} +0000",
        "GIT_COMMITTER_DATE": f"@{committed} +0000",
    }
    for command in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "contenu"]):
        subprocess.run(["git", "-C", str(content), *command], check=True, env=git_env)
    result = build(content, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert gzip_mtime(tmp_path / "site/sitemap.xml.gz") == committed - committed % DAY
    assert "SOURCE_DATE_EPOCH" not in os.environ


def test_a_bad_source_date_epoch_is_a_message_not_a_traceback(
    tmp_path: Path, minimal: Path
) -> None:
    result = build(minimal, tmp_path / "site", {"SOURCE_DATE_EPOCH": "hier"})
    assert result.returncode == 1
    assert "SOURCE_DATE_EPOCH doit être un nombre entier" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


# --------------------------------------------------------------------------- atomic


@pytest.fixture
def published(minimal: Path, tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """A first, successful build of the minimal content, and its bytes."""
    site = tmp_path / "publie"
    result = build(minimal, site)
    assert result.returncode == 0, result.stderr
    assert (site.stat().st_mode & 0o777) == 0o777 & ~_umask()  # readable by the web server
    return site, tree(site)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def leftovers(site: Path) -> list[str]:
    return sorted(p.name for p in site.parent.iterdir() if p.name.startswith(f".{site.name}."))


def test_a_content_error_leaves_the_site_byte_identical(
    minimal: Path, published: tuple[Path, dict[str, bytes]]
) -> None:
    site, before = published
    (minimal / "kits/partners/campus-aero.yml").write_bytes(b"name: [\n")
    result = build(minimal, site)
    assert result.returncode == 1
    assert "kits/partners/campus-aero.yml:2:1:" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree(site) == before
    assert leftovers(site) == []


def test_a_strict_mkdocs_warning_leaves_the_site_byte_identical(
    minimal: Path, published: tuple[Path, dict[str, bytes]], tmp_path: Path
) -> None:
    """A configuration that turns a MkDocs notice into a warning: strict mode fails."""
    site, before = published
    config = tmp_path / "strict.yml"
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\n"
        f"theme: {{name: material, custom_dir: {ROOT / 'overrides'}}}\n"
        "validation: {nav: {omitted_files: warn}}\n",
        "utf-8",
    )
    # the content changed too: a successful build would change the site
    lesson = minimal / "mooc/tuteurs/lessons/premier-jour.yml"
    lesson.write_text(lesson.read_text("utf-8").replace("Présentez l'équipe.", "Autre."), "utf-8")
    result = build(minimal, site, None, "--config", str(config))
    assert result.returncode == 1
    assert "strict mode" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree(site) == before
    assert leftovers(site) == []


def test_a_broken_config_leaves_the_site_byte_identical(
    minimal: Path, published: tuple[Path, dict[str, bytes]], tmp_path: Path
) -> None:
    site, before = published
    config = tmp_path / "casse.yml"
    config.write_text("site_name: [\n", "utf-8")
    result = build(minimal, site, None, "--config", str(config))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert tree(site) == before
    assert leftovers(site) == []


@pytest.mark.parametrize("failure", ["abort", "crash"])
def test_a_build_that_fails_midway_leaves_the_site_byte_identical(
    failure: str,
    minimal: Path,
    published: tuple[Path, dict[str, bytes]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """MkDocs stops after writing half a site: the half site is never published."""
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.exceptions import Abort

    site, before = published

    def half_build(config: Any, **_kwargs: Any) -> None:
        staging = Path(config.site_dir)
        (staging / "index.html").write_text("<p>à moitié</p>", "utf-8")
        if failure == "abort":
            raise Abort("arrêt au milieu")
        raise RuntimeError("panne au milieu")

    monkeypatch.setattr(mkdocs_build, "build", half_build)
    # the content changed: the site must be built again (an unchanged build does nothing)
    lesson = minimal / "mooc/tuteurs/lessons/premier-jour.yml"
    lesson.write_text(lesson.read_text("utf-8").replace("Présentez l'équipe.", "Autre."), "utf-8")
    if failure == "abort":
        assert cli.main(["build", "--content", str(minimal), "--site", str(site)]) == 1
    else:
        with pytest.raises(RuntimeError):
            cli.main(["build", "--content", str(minimal), "--site", str(site)])
    assert tree(site) == before
    assert leftovers(site) == []


@pytest.mark.parametrize("where", ["content", "parent", "foreign"])
def test_a_site_folder_that_is_not_a_site_is_never_replaced(
    where: str, minimal: Path, tmp_path: Path
) -> None:
    """`--site .` or `--site ~/Documents` must not swap the folder away."""
    if where == "content":
        site = minimal
    elif where == "parent":
        site = minimal.parent
    else:
        site = tmp_path / "documents"
        site.mkdir()
        (site / "lettre.txt").write_text("important", "utf-8")
    before = tree(site)
    assert cli.main(["build", "--content", str(minimal), "--site", str(site)]) == 1
    assert tree(site) == before
