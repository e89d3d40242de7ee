"""The documented CI example for the 30 editions stays in step with the académies."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.format.models import ACADEMIES
from generator.publish.new_edition import create

ROOT = Path(__file__).resolve().parents[2]


def test_the_thirty_editions_example_builds_every_academie_then_gathers_them() -> None:
    ci = yaml.safe_load((ROOT / "examples/gitlab-ci-30-editions.yml").read_text("utf-8"))
    for job in ("verifier", "edition"):
        (matrix,) = ci[job]["parallel"]["matrix"]
        assert matrix["ACADEMIE"] == list(ACADEMIES)
    assert ci["pages"]["needs"] == ["edition"]
    assert ci["pages"]["artifacts"]["paths"] == ["public"]
    assert any("--require-legal" in line for line in ci["edition"]["script"])


def test_the_example_installs_the_tool_as_an_edition_s_own_ci_does(tmp_path: Path) -> None:
    example = yaml.safe_load((ROOT / "examples/gitlab-ci-30-editions.yml").read_text("utf-8"))
    create(tmp_path / "edition", "lille")
    own = yaml.safe_load((tmp_path / "edition/.gitlab-ci.yml").read_text("utf-8"))
    assert example["default"]["before_script"] == own["default"]["before_script"]
    assert (
        example["variables"]["PASSERELLES_INDEX_URL"] == own["variables"]["PASSERELLES_INDEX_URL"]
    )
