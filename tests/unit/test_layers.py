"""An edition's `base:` stays inside the edition's repository: its git work tree, or the
folder that holds the edition when it is in none (the hostile corpus, cases 150-157,
covers absolute paths, `..` and symbolic links)."""

from __future__ import annotations

import shutil
from pathlib import Path

from support import FIXTURES

from generator.check.layers import stack
from generator.diagnostics import messages

EDITION = "title: Édition de test\nacademy: toulouse\nbase: {base}\n"


def _edition(folder: Path, base: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "edition.yml").write_text(EDITION.format(base=base), "utf-8")
    return folder


def test_a_base_beside_the_edition_is_refused_once_the_edition_is_a_repository(
    tmp_path: Path,
) -> None:
    shutil.copytree(FIXTURES / "minimal", tmp_path / "commun")
    edition = _edition(tmp_path / "depot", "../commun")
    # no git: the folder that holds the edition bounds its bases
    beside = stack(edition)
    assert beside.problems == []
    assert [layer.root for layer in beside.layers] == [tmp_path / "commun", edition]
    (edition / ".git").mkdir()
    refused = stack(edition)
    assert [(p.path, p.line, p.code) for p in refused.problems] == [
        ("edition.yml", 3, messages.EDITION_BASE_OUTSIDE.code)
    ]
    assert [layer.root for layer in refused.layers] == [edition]


def test_a_base_elsewhere_in_the_repository_is_accepted(tmp_path: Path) -> None:
    (tmp_path / "depot" / ".git").mkdir(parents=True)
    shutil.copytree(FIXTURES / "minimal", tmp_path / "depot" / "commun")
    edition = _edition(tmp_path / "depot" / "academies" / "toulouse", "../../commun")
    layered = stack(edition)
    assert layered.problems == []
    assert [layer.root for layer in layered.layers] == [tmp_path / "depot" / "commun", edition]
    assert layered.layers[0].prefix == "../../commun/"
