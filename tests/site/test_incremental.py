"""Nothing changed, nothing redone: a build whose inputs did not change since the
published site writes nothing and runs no MkDocs; each input, changed, does rebuild."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import ROOT, run_build

from generator.check import snapshot, stamp
from generator.run import bundle

pytestmark = pytest.mark.slow


def _times(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*")}


def test_an_unchanged_build_writes_nothing_and_runs_no_mkdocs(
    minimal: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    first = run_build(minimal, site)
    assert first.returncode == 0, first.stderr
    assert "Documentation built" in first.stderr
    before = _times(site)
    again = run_build(minimal, site)
    assert again.returncode == 0, again.stderr
    assert "Rien n'a changé" in again.stderr
    assert "Building documentation" not in again.stderr and "Passerelles :" not in again.stderr
    assert _times(site) == before  # not one file written, moved or deleted
    # an edit of the content does rebuild
    lesson = minimal / "mooc/tuteurs/lessons/premier-jour.yml"
    lesson.write_text(
        lesson.read_text("utf-8").replace("Présentez l'équipe.", "Bienvenue."), "utf-8"
    )
    third = run_build(minimal, site)
    assert "Documentation built" in third.stderr and "Rien n'a changé" not in third.stderr
    assert "Bienvenue." in (site / "formations/tuteurs/premier-jour/index.html").read_text("utf-8")


@pytest.fixture
def tool(tmp_path: Path) -> list[Path]:
    """A copy of the tool's files, to change one without touching the real ones."""
    copies = []
    for path in bundle.tool_files():
        target = tmp_path / "outil" / path.relative_to(bundle.root())
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        copies.append(target)
    return copies


def _print(content: Path, config: Path, tool: list[Path], **options: object) -> str:
    return stamp.fingerprint(
        snapshot.take(content), config, options={"offline": False, **options}, tool_files=tool
    )


def test_each_input_changes_the_fingerprint(
    minimal: Path, tmp_path: Path, tool: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    config = tmp_path / "mkdocs.yml"
    shutil.copyfile(ROOT / "mkdocs.yml", config)
    base = _print(minimal, config, tool)
    assert _print(minimal, config, tool) == base  # the same inputs, the same fingerprint
    # the same content copied elsewhere is the same content
    copy = tmp_path / "copie"
    shutil.copytree(minimal, copy)
    assert _print(copy, config, tool) == base

    changes = {}
    action = copy / "kits/actions/stage-3e.yml"
    action.write_text(action.read_text("utf-8") + "\n", "utf-8")
    changes["contenu"] = _print(copy, config, tool)
    action.write_text(action.read_text("utf-8")[:-1], "utf-8")
    assert _print(copy, config, tool) == base

    config.write_text(config.read_text("utf-8") + "\n# autre réglage\n", "utf-8")
    changes["configuration"] = _print(minimal, config, tool)
    shutil.copyfile(ROOT / "mkdocs.yml", config)

    template = next(p for p in tool if p.name == "action.md.j2")
    template.write_text(template.read_text("utf-8") + "\n", "utf-8")
    changes["gabarit"] = _print(minimal, config, tool)
    template.write_text(template.read_text("utf-8")[:-1], "utf-8")
    override = next(p for p in tool if p.name == "main.html")
    override.write_text(override.read_text("utf-8") + " ", "utf-8")
    changes["thème"] = _print(minimal, config, tool)
    override.write_text(override.read_text("utf-8")[:-1], "utf-8")
    code = next(p for p in tool if p.parts[-2:] == ("render", "jinja.py"))
    code.write_text(code.read_text("utf-8") + "\n", "utf-8")
    changes["outil"] = _print(minimal, config, tool)
    code.write_text(code.read_text("utf-8")[:-1], "utf-8")

    changes["hors ligne"] = _print(minimal, config, tool, offline=True)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    changes["date"] = _print(minimal, config, tool)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert _print(minimal, config, tool) == base
    assert all(value != base for value in changes.values()), changes
    assert len(set(changes.values())) == len(changes)


def test_an_edition_s_base_is_an_input(tmp_path: Path, tool: list[Path]) -> None:
    base = tmp_path / "base"
    shutil.copytree(ROOT / "tests/fixtures/minimal", base)
    edition = tmp_path / "edition"
    (edition / "kits/actions").mkdir(parents=True)
    (edition / "edition.yml").write_text("title: Test\nacademy: lille\nbase: ../base\n", "utf-8")
    config = ROOT / "mkdocs.yml"
    before = _print(edition, config, tool)
    partner = base / "kits/partners/campus-aero.yml"
    partner.write_text(partner.read_text("utf-8") + "\n", "utf-8")
    assert _print(edition, config, tool) != before
