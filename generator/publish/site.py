"""Publishing a built site: refuse what would destroy something, build beside the
published site, swap only on success, date the build reproducibly, and zip the
offline copy."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.check import stamp
from generator.diagnostics import messages
from generator.mkdocs import site_config
from generator.run import bundle

OFFLINE_FOLDER = "passerelles-hors-ligne"
OFFLINE_ZIP = f"{OFFLINE_FOLDER}.zip"


@dataclass(frozen=True)
class Request:
    """What `passerelles build` was asked for."""

    content: Path
    site: Path
    config: Path | None = None
    offline: bool = False
    site_url: str | None = None  # where the site is published (GitLab or GitHub Pages…)


def site_problem(site: Path, content: Path) -> str | None:
    """Why `site` must not be replaced by a build, if it must not."""
    tool = bundle.root()
    if content == site or content.is_relative_to(site) or tool.is_relative_to(site):
        return messages.SITE_HOLDS_CONTENT(site=site)
    if site.is_relative_to(site_config.docs_dir(content)):
        return messages.SITE_IN_DOCS(site=site)
    if site.is_symlink() or (site.exists() and not site.is_dir()):
        return messages.SITE_NOT_FOLDER(site=site)
    if site.is_dir() and any(site.iterdir()) and not (site / "index.html").is_file():
        return messages.SITE_NOT_EMPTY(site=site)
    return None


def source_date_problem() -> str | None:
    """SOURCE_DATE_EPOCH dates a reproducible build (sitemap, gzip header): it must be valid."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is not None and not value.strip().isdigit():
        return messages.SOURCE_DATE_INVALID(value=value)
    return None


def _commit_date(content: Path) -> str | None:
    try:
        result = subprocess.run(
            ["git", "-C", str(content), "log", "-1", "--format=%ct", "--", "."],
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    stamp = result.stdout.strip()
    return stamp if result.returncode == 0 and stamp.isdigit() else None


@contextmanager
def source_date(content: Path) -> Iterator[None]:
    """Without SOURCE_DATE_EPOCH, the date of the content's last commit: two builds of
    one commit give the same bytes on any day."""
    stamp = None if "SOURCE_DATE_EPOCH" in os.environ else _commit_date(content)
    if stamp is None:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = stamp
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


def zip_site(site: Path, target: Path) -> None:
    """The site as one folder in a zip, entries sorted and dated alike: same site, same bytes."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(p for p in site.rglob("*") if p.is_file()):
            if path.name.startswith("sitemap.xml"):
                continue  # absolute URLs of the published site, useless from a folder
            entry = zipfile.ZipInfo(f"{OFFLINE_FOLDER}/{path.relative_to(site).as_posix()}")
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, path.read_bytes())


def megabytes(path: Path) -> str:
    return f"{path.stat().st_size / 1_000_000:.1f}".replace(".", ",") + " Mo"


def _build_offline_zip(request: Request, target: Path) -> None:
    from mkdocs.commands.build import build

    workdir = Path(tempfile.mkdtemp(prefix=f"{target.name}.build-", dir=target.parent))
    try:
        config = site_config.load(
            request.content,
            site_dir=workdir / "site",
            explicit=request.config,
            offline=True,
            strict=True,
            **_site_url(request),
        )
        build(config)
        zip_site(workdir / "site", target)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _site_url(request: Request) -> dict[str, Any]:
    """The site's address given to MkDocs when the build names one (404 page, sitemap,
    course packages' links); else mkdocs.yml's."""
    return {"site_url": request.site_url} if request.site_url else {}


def build_into(request: Request, staging: Path) -> None:
    """Build the site (and its offline copy) into `staging`; raises on any failure."""
    from mkdocs.commands.build import build

    archive = staging.parent / f"{staging.name}.zip"
    try:
        if request.offline:
            _build_offline_zip(request, archive)
        config = site_config.load(
            request.content,
            site_dir=staging,
            explicit=request.config,
            strict=True,
            **_site_url(request),
        )
        if request.offline:
            # main.html shows the download link on the home page when this is set.
            config.extra["offline_zip"] = {"href": OFFLINE_ZIP, "size": megabytes(archive)}
        build(config)
        if request.offline:
            os.replace(archive, staging / OFFLINE_ZIP)
    finally:
        archive.unlink(missing_ok=True)


def publish(request: Request, inputs: str | None = None) -> None:
    """Build beside the published site and swap only on success: a failed build leaves
    the previous site untouched. `inputs` is the build's fingerprint (see `stamp`)."""
    request.site.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{request.site.name}.new-", dir=request.site.parent))
    try:
        build_into(request, staging)
        if inputs is not None:
            stamp.write(staging, inputs)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    swap(staging, request.site)


def swap(staging: Path, site: Path) -> None:
    # mkdtemp made the folder private (0700): the published site is world-readable.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(staging, 0o777 & ~umask)
    old = None
    if site.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{site.name}.old-", dir=site.parent))
        os.replace(site, old / site.name)
    os.replace(staging, site)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
