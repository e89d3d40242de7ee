from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from support import copy_shipped_content, run_build

from generator.check_cache import CACHE_DIR_ENV

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


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


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped content, built once per test session into a temporary folder
    (tests only read it)."""
    content = copy_shipped_content(tmp_path_factory.mktemp("contenu"))
    site = tmp_path_factory.mktemp("site") / "site"
    result = run_build(content, site)
    assert result.returncode == 0, result.stderr
    return site
