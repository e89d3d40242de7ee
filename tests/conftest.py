from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


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
