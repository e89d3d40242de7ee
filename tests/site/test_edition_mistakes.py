"""An académie's first afternoon: its mistakes in one run, each once, each with its fix,
in the text for people and in the GitLab report; warnings never stop publication.

The edition is hostile case 170 (tests/fixtures/hostile): what is expected comes from its
case.yml and its files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from support import CASES, build_case, load_case

from generator.commands.cli import main
from generator.diagnostics import messages

(CASE,) = [c for c in CASES if c.name.startswith("170-")]
SPEC = load_case(CASE)
WARNED = ("ressemble à l'adresse", "que l'édition masque", "n'apparaîtra pas ici")


def _edition(tmp_path: Path) -> Path:
    return build_case(CASE, tmp_path / "contenu") / SPEC["validate"]


def test_every_mistake_in_the_gitlab_report_with_its_fix_warnings_as_minor(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = _edition(tmp_path)
    assert main(["validate", "--content", str(content), "--format", "gitlab"]) == 1
    issues = json.loads(capsys.readouterr().out)
    assert len(issues) == len(SPEC["expect"])
    for expected in SPEC["expect"]:
        (issue,) = [
            i
            for i in issues
            if i["location"] == {"path": expected["file"], "lines": {"begin": expected["line"]}}
            and expected["phrase"] in i["description"]
        ]
        declared = messages.declared(issue["check_name"])
        assert issue["description"].endswith(f" — {declared.fix}")
        warned = any(word in expected["phrase"] for word in WARNED)
        assert declared.warning is warned
        assert issue["severity"] == ("minor" if warned else "blocker")


def test_warnings_alone_are_reported_and_the_edition_stays_publishable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The errors of case 170 corrected as their fixes say: the warnings remain, located."""
    content = _edition(tmp_path)
    edition_yml = content / "edition.yml"
    data = yaml.safe_load(edition_yml.read_text("utf-8"))
    data["hide"]["actions"] = ["mini-entreprise"]
    data["contacts"] = {
        "referent-bassin": data["contacts"]["referent-basin"],
        "tuteur": [{"service": "Accueil des entreprises", "email": "prenom.nom@example.fr"}],
    }
    edition_yml.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    (content / "kits/actions/visite-du-port.yml").unlink()
    (content / "kits/actions/rencontre-metier.yml").unlink()
    assert main(["validate", "--content", str(content), "--format", "gitlab"]) == 0
    captured = capsys.readouterr()
    issues = json.loads(captured.out)
    assert {i["severity"] for i in issues} == {"minor"}
    assert len(issues) == sum(any(word in e["phrase"] for word in WARNED) for e in SPEC["expect"])
    assert f"{len(issues)} avertissements" in captured.err and "Contenu valide" in captured.err
    assert main(["validate", "--content", str(content)]) == 0
    text = capsys.readouterr()
    assert text.err.count("attention : ") == len(issues)
