from __future__ import annotations

import pytest

from generator.errors import Position
from generator.load import LoadError, parse


def error_of(raw: bytes) -> tuple[int, int, str]:
    with pytest.raises(LoadError) as info:
        parse("f.yml", raw)
    p = info.value.problem
    assert p.path == "f.yml"
    return p.line, p.column, p.message


def test_values_keep_their_positions() -> None:
    doc = parse(
        "f.yml", b"title: Visite\nlevels: [4e, 3e]\nsteps:\n  prepare:\n    text: |\n      a\n"
    )
    assert doc.data == {
        "title": "Visite",
        "levels": ["4e", "3e"],
        "steps": {"prepare": {"text": "a\n"}},
    }
    assert doc.positions[("title",)] == Position(1, 8)
    assert doc.positions[("levels", 1)] == Position(2, 14)
    assert doc.key_positions[("steps", "prepare")] == Position(4, 3)
    assert ("steps", "prepare", "text") in doc.block_scalars


def test_locate_falls_back_to_the_closest_ancestor() -> None:
    doc = parse("f.yml", b"a:\n  b: 1\n")
    assert doc.locate(("a", "missing")) == Position(2, 3)


def test_unquoted_booleans_and_dates_are_remembered() -> None:
    doc = parse("f.yml", b"title: no\nwhen: 2024-06-17\n")
    assert doc.implicit_type(("title",)) == "un booléen"
    assert doc.implicit_type(("when",)) == "une date"


@pytest.mark.parametrize(
    ("raw", "line", "column", "phrase"),
    [
        (b"a: 1\nb: 2\na: 3\n", 3, 1, "clé « a » en double (déjà définie ligne 1)"),
        (b"a: !!python/object/apply:os.system [ls]\n", 1, 4, "étiquette YAML"),
        (b"a: &x [1]\nb: *x\n", 2, 4, "alias"),
        (b"<<: {a: 1}\n", 1, 1, "fusion"),
        (b"- a\n- b\n", 1, 1, "pas une liste"),
        (b"", 1, 1, "fichier vide"),
        (b"# rien\n\n", 1, 1, "fichier vide"),
        (b"a: b\n\tc: d\n", 2, 1, "tabulation"),
        (b'title: "pas fini\nsummary: x\n', 1, 8, "guillemet non refermé"),
        (b"a:\n  - b\n c: 1\n", 3, 2, "indentation"),
        (b"title: a: b\n", 1, 9, "« : » inattendu"),
        (b"a: 1\n---\nb: 2\n", 2, 1, "un seul document"),
        (b"title: caf\xe9\n", 1, 11, "UTF-8"),
        (b"a: " + b"[" * 60 + b"]" * 60 + b"\n", 1, 43, "imbrication trop profonde"),
    ],
)
def test_bad_yaml_is_a_located_error(raw: bytes, line: int, column: int, phrase: str) -> None:
    got_line, got_column, message = error_of(raw)
    assert phrase in message
    assert (got_line, got_column) == (line, column)


def test_byte_order_mark_is_accepted() -> None:
    assert parse("f.yml", b"\xef\xbb\xbftitle: x\n").data == {"title": "x"}


def test_billion_laughs_is_refused_before_expansion() -> None:
    lines = [b"a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 10):
        refs = ", ".join(f"*a{i - 1}" for _ in range(9)).encode()
        lines.append(f"a{i}: &a{i} [".encode() + refs + b"]")
    line, _column, message = error_of(b"\n".join(lines) + b"\n")
    assert "alias" in message
    assert line == 2
