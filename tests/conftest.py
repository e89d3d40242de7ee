"""What every test shares: markers from the folder a test lives in, hypothesis profiles,
the private validation cache and the builds read by several modules (made once per run,
whatever the number of xdist workers)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from export_support import EPOCH, export_folder
from hypothesis import HealthCheck, settings
from support import copy_in_order, copy_shipped_content, run_build, shared_folder

from generator.check.cache import CACHE_DIR_ENV
from generator.run.processes import JOBS_VARIABLE

ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"

# Each folder of tests/ is a kind of test, and its marker: `-m unit` runs the code tests on
# fixtures, `-m "not content"` leaves out what depends on the shipped kits/ and mooc/.
FOLDERS = {
    "unit": "code on fixtures, no MkDocs build",
    "site": "the generator and MkDocs building sites from fixtures",
    "content": "the shipped kits/ and mooc/: an editor's change can fail these",
    "packaging": "course packages, the wheel and what installs them",
    "browser": "a real Chromium driving built pages",
}

# A small default that keeps the suite quick; `HYPOTHESIS_PROFILE=long` for a deep search
# (see README « Tests »).
settings.register_profile(
    "default", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def pytest_configure(config: pytest.Config) -> None:
    for name, meaning in FOLDERS.items():
        config.addinivalue_line("markers", f"{name}: {meaning} (set from the folder)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        relative = item.path.resolve().relative_to(TESTS)
        folder = relative.parts[0] if len(relative.parts) > 1 else None
        if folder in FOLDERS:
            item.add_marker(getattr(pytest.mark, folder))


@pytest.fixture(autouse=True, scope="session")
def _private_check_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The validation cache of the tests (and of the programs they run) in their own folder:
    never the developer's, and empty at the start of each session."""
    folder = tmp_path_factory.mktemp("cache-passerelles")
    os.environ[CACHE_DIR_ENV] = str(folder)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="réécrit les fichiers attendus des tests golden (relire le diff ensuite)",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """A private copy of the small fixture content set, outside the repository."""
    target = tmp_path / "contenu"
    shutil.copytree(FIXTURES / "minimal", target)
    return target


def _build_shipped(site: Path, *extra: str) -> None:
    content = copy_shipped_content(site.parent / f"{site.name}-contenu")
    result = run_build(content, site, *extra)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped content, built once per run (tests only read it)."""
    return shared_folder(tmp_path_factory, "site", _build_shipped)


def _build_dated(site: Path, *, reverse: bool, seed: str) -> None:
    folders = [ROOT / "kits", ROOT / "mooc"]
    content = site.parent / f"{site.name}-contenu"
    content = copy_in_order(folders, content / "ailleurs" if reverse else content, reverse=reverse)
    env = {"SOURCE_DATE_EPOCH": str(EPOCH), "PYTHONHASHSEED": seed, JOBS_VARIABLE: "1"}
    result = run_build(content, site, env=env)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    assert "converties par" not in result.stderr  # one process converted every page


@pytest.fixture(scope="session")
def dated_sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The shipped content built twice in one process, dated by SOURCE_DATE_EPOCH = EPOCH,
    for the modules that compare builds (reproducible builds, the page pool, the course
    pages): from a copy made in sorted order (hash seed 1), and from a copy made in reverse
    order, with other file dates, one folder deeper (hash seed 2). Made once per run."""
    return (
        shared_folder(
            tmp_path_factory, "site-date-1", lambda s: _build_dated(s, reverse=False, seed="1")
        ),
        shared_folder(
            tmp_path_factory, "site-date-2", lambda s: _build_dated(s, reverse=True, seed="2")
        ),
    )


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped content built with --offline (the published site, with its zip), once
    per run."""
    return shared_folder(
        tmp_path_factory, "site-hors-ligne", lambda s: _build_shipped(s, "--offline")
    )


@pytest.fixture(scope="session")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every package of every shipped course, with the site's address, made once per run
    for all the modules that read them."""
    return shared_folder(tmp_path_factory, "paquets", lambda out: _export(out, with_site=True))


@pytest.fixture(scope="session")
def exported_without_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same packages made without the site's address (as Moodle imports them)."""
    return shared_folder(
        tmp_path_factory, "paquets-sans-site", lambda out: _export(out, with_site=False)
    )


def _export(out: Path, *, with_site: bool) -> None:
    """Dated by SOURCE_DATE_EPOCH = EPOCH, so that the reproducibility tests read them too."""
    out.mkdir(parents=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
        if with_site:
            export_folder(ROOT, out)
        else:
            export_folder(ROOT, out, site_url=None)
