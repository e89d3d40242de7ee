"""`passerelles list`: the ids an edition must use, with their title and origin, read from
the YAML (expected values come from the files of the test edition and of the national
content)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
EDITION = ROOT / "tests/fixtures/edition"
HIDDEN = yaml.safe_load((EDITION / "edition.yml").read_text("utf-8"))["hide"]["actions"]


def _titles(folder: Path, key: str) -> dict[str, str]:
    return {
        p.stem: " ".join(str(yaml.safe_load(p.read_text("utf-8"))[key]).split())
        for p in folder.glob("*.yml")
    }


def _listed(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, str]:
    assert main(["list", *args]) == 0
    return {line.split()[0]: line for line in capsys.readouterr().out.splitlines()}


def test_an_edition_lists_national_and_local_actions_with_their_origin(
    capsys: pytest.CaptureFixture[str],
) -> None:
    listed = _listed(capsys, "actions", "--content", str(EDITION))
    national = _titles(ROOT / "kits/actions", "title")
    local = _titles(EDITION / "kits/actions", "title")
    assert set(listed) == set(national) | set(local)
    for ident, title in national.items():
        assert title in listed[ident] and listed[ident].endswith(
            "[national]" if ident not in HIDDEN else "(masqué par l'édition)]"
        )
    for ident, title in local.items():
        assert title in listed[ident] and listed[ident].endswith("[édition]")


def test_roles_are_listed_by_their_role(capsys: pytest.CaptureFixture[str]) -> None:
    listed = _listed(capsys, "interlocutors", "--content", "national")
    roles = _titles(ROOT / "kits/interlocutors", "role")
    assert set(listed) == set(roles)
    assert all(role in listed[ident] for ident, role in roles.items())


def test_init_s_edition_yml_names_the_role_ids_it_expects(tmp_path: Path) -> None:
    assert main(["init", str(tmp_path / "ed"), "--academy", "lille"]) == 0
    comments = [
        line.strip("# ").strip()
        for line in (tmp_path / "ed/edition.yml").read_text("utf-8").splitlines()
        if line.startswith("#")
    ]
    roles = {p.stem for p in (ROOT / "kits/interlocutors").glob("*.yml")}
    assert roles <= set(comments)
    assert any("passerelles list actions" in line for line in comments)
