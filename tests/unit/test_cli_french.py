"""The command line speaks French, argparse's own words included: usage, headings,
help of -h, argument errors — for the program and each of its commands."""

from __future__ import annotations

import pytest

from generator.commands.cli import COMMANDS, main, parser

# argparse's English, as it prints it
ENGLISH = [
    "usage:",
    "positional arguments",
    "show this help",
    "error:",
    "the following arguments",
    "invalid choice",
    "unrecognized arguments",
    "expected one argument",
    "choose from",
]
COMMAND_NAMES = sorted(parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]


def _said(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit):
        main(argv)
    captured = capsys.readouterr()
    return captured.out + captured.err


def _no_english(text: str) -> None:
    for sentence in ENGLISH:
        assert sentence not in text, (sentence, text)


@pytest.mark.parametrize("argv", [["--help"], *[[name, "--help"] for name in COMMAND_NAMES]])
def test_help_is_french(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    text = _said(argv, capsys)
    assert text.startswith("utilisation : passerelles")
    assert "affiche cette aide et s'arrête" in text
    _no_english(text)


@pytest.mark.parametrize(
    ("argv", "french"),
    [
        (["validate", "--format", "xml"], "choix invalide : 'xml'"),
        (["init"], "arguments obligatoires manquants : DOSSIER, --academy"),
        (["validate", "--en-trop"], "arguments inconnus : --en-trop"),
        (["serve", "--dev-addr"], "argument --dev-addr : une valeur attendue"),
        (["commande-inconnue"], "choix invalide : 'commande-inconnue'"),
    ],
)
def test_argument_errors_are_french(
    argv: list[str], french: str, capsys: pytest.CaptureFixture[str]
) -> None:
    text = _said(argv, capsys)
    assert "passerelles" in text and " : erreur : " in text and french in text, text
    _no_english(text)


def test_every_command_is_checked() -> None:
    assert len(COMMAND_NAMES) == len(COMMANDS)
