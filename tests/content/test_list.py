"""`passerelles list`: the ids an edition must use, with their title and origin, read from
the YAML (expected values come from the files of the test edition and of the national
content)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator.commands.cli import main

ROOT = Path(__file__).resolve().parents[2]
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


def test_a_new_action_names_the_ids_it_may_refer_to(tmp_path: Path) -> None:
    content = tmp_path / "edition"
    shutil.copytree(EDITION, content)
    assert main(["new", "action", "visite-du-port", "--content", str(content)]) == 0
    text = (content / "kits/actions/visite-du-port.yml").read_text("utf-8")
    header = " ".join(line.strip("# ") for line in text.split("\n\n")[0].splitlines())
    named = set(re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", header))
    roles = {p.stem for p in (ROOT / "kits/interlocutors").glob("*.yml")}
    partners = {p.stem for p in (ROOT / "kits/partners").glob("*.yml")} | {
        p.stem for p in (EDITION / "kits/partners").glob("*.yml")
    }
    actions = {p.stem for p in (ROOT / "kits/actions").glob("*.yml")} | {
        p.stem for p in (EDITION / "kits/actions").glob("*.yml")
    }
    assert roles | partners | (actions - set(HIDDEN)) <= named
    assert not set(HIDDEN) & named  # a hidden action is not offered
    assert "visite-du-port" not in header.split("Actions à nommer")[1]  # not itself
