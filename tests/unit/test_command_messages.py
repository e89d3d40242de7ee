"""What the commands print comes from the message registry (generator/diagnostics/messages.py),
word for word as before: the summaries of validate and of a generation, the refusals of
the command-line options, the empty list, the MkDocs configuration without the plugin."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from mkdocs.exceptions import ConfigurationError

from generator.commands.cli import main
from generator.diagnostics import messages
from generator.generate.pipeline import Generated
from generator.mkdocs import site_config
from generator.render.write import WriteReport


def said(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    try:
        code = main(argv)
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_validate_counts_what_the_content_holds(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = yaml.safe_load((minimal / "mooc" / "tuteurs" / "course.yml").read_text("utf-8"))
    expected = (
        f"Contenu valide : {len(list((minimal / 'kits' / 'actions').glob('*.yml')))} actions, "
        f"{len(list((minimal / 'kits' / 'partners').glob('*.yml')))} partenaires, "
        f"{len(list((minimal / 'kits' / 'interlocutors').glob('*.yml')))} interlocuteurs, "
        f"1 formations, {sum(len(m['lessons']) for m in course['modules'])} leçons."
    )
    code, text = said(["validate", "--content", str(minimal)], capsys)
    assert code == 0
    assert expected in text
    assert messages.find(expected) is messages.CONTENT_VALID


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["links", "--timeout", "vite"], "« vite » n'est pas un nombre"),
        (["links", "--timeout", "0"], "doit être supérieur à 0 (reçu 0)"),
        (["links", "--concurrency", "0"], "doit être au moins 1 (reçu 0)"),
        (["review", "--max-age", "un an"], "« un an » n'est pas un nombre de jours"),
        (["review", "--max-age", "-3"], "doit être au moins 0 (reçu -3)"),
    ],
)
def test_option_refusals_are_declared_messages(
    argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, text = said(argv, capsys)
    assert code == 2
    assert expected in text
    assert messages.find(expected) is not None


def test_an_empty_list_says_where_it_looked(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.rmtree(minimal / "kits" / "partners")
    code, text = said(["list", "partners", "--content", str(minimal)], capsys)
    assert code == 0
    assert text.startswith("Aucun fichier dans ")
    assert messages.find(text.strip()) is messages.LIST_EMPTY


def test_a_generation_summary_reads_as_before() -> None:
    report = WriteReport(written=["a.md", "b.md"], deleted=["c.md"], unchanged=7)
    generated = Generated(None, report, None, unlinked=2, pages=10)  # type: ignore[arg-type]
    assert generated.summary() == (
        "10 pages générées (2 fichier(s) écrit(s), 1 supprimé(s), 7 inchangé(s)) ; "
        "2 lien(s) vers des contenus masqués par l'édition affiché(s) comme simple texte"
    )
    quiet = Generated(None, report, None, pages=10)  # type: ignore[arg-type]
    assert quiet.summary().endswith("7 inchangé(s))")
    reused = Generated(None, report, None, reused=True, pages=10)  # type: ignore[arg-type]
    assert reused.summary() == (
        "contenu inchangé depuis la génération précédente : 10 pages reprises telles quelles"
    )


def test_a_configuration_without_the_plugin_is_refused(minimal: Path, tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: Essai\n", "utf-8")
    with pytest.raises(ConfigurationError) as refused:
        site_config.load(minimal, site_dir=tmp_path / "site", explicit=config)
    assert str(refused.value) == (
        "le mkdocs.yml utilisé doit déclarer le plugin « passerelles » dans « plugins »"
    )


def test_init_says_what_it_created(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "ed"
    code, text = said(["init", str(folder), "--academy", "lille"], capsys)
    assert code == 0
    written = [p for p in folder.rglob("*") if p.is_file()]
    assert text == (
        f"Édition de l'académie de Lille créée dans {folder} ({len(written)} fichiers). "
        f"Lisez {folder / 'README.md'} pour la suite.\n"
    )
