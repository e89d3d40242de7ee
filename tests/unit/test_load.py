from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from generator.check.yaml_reader import (
    MAX_BYTES,
    Folders,
    LoadError,
    parse,
    parse_events,
    read_bytes,
)
from generator.diagnostics.errors import Position

ROOT = Path(__file__).resolve().parents[2]


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


def test_a_plain_file_is_read_without_positions_until_a_problem_asks() -> None:
    raw = b"title: Visite\nlevels: [4e, 3e]\n"
    doc = parse("f.yml", raw)
    assert doc.data == {"title": "Visite", "levels": ["4e", "3e"]}
    assert doc._positions is None  # libyaml alone read it: no position recorded yet
    assert doc.locate(("levels", 1)) == Position(2, 14)
    assert doc.key_positions[("levels",)] == Position(2, 1)


def test_a_file_the_quick_path_leaves_is_read_with_its_positions() -> None:
    # an anchor, an escape: the event builder reads the file, positions and all
    doc = parse("f.yml", b'title: &t "a\\u00e9"\n')
    assert doc.data == {"title": "a\u00e9"}
    assert doc._positions is not None
    assert doc.positions[("title",)] == Position(1, 8)


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


TRICKY = [
    b"a: 1\nb: 2\na: 3\n",  # duplicate key
    b"a: &x [1]\nb: *x\n",  # alias
    b"a: &x 1\nb: *x\n",  # alias of a scalar
    b"a: &x 1\n",  # an anchor alone is harmless
    b"<<: {a: 1}\n",  # merge key
    b"'<<': 1\n",  # a quoted « << » is a plain key
    b"a: <<\nb: =\n",  # « << » and « = » as values are text
    b"a: !!python/object/apply:os.system [ls]\n",
    b"a: !x 1\n",
    b"a: ! 5\n",
    b"a: !!str 5\nb: !!int '7'\n",
    b"a: !!set {x}\n",
    b"1: a\n",
    b"[a]: b\n",
    b"? [a]\n: b\n",
    b"null: a\ntrue: b\n",
    b'a: "\\x02"\n',
    b"a: b\xc2\x85c\n",
    b"a: " + b"[" * 25 + b"]" * 25 + b"\n",
    b"a: " + b"[" * 60 + b"]" * 60 + b"\n",
    b"a: 2024-06-17\nb: 2024-13-45\n",
    b"a: 1e400\nb: 0x1F\nc: .inf\nd: ~\ne: no\n",
    b"a: 1\n---\nb: 2\n",
    b"- a\n",
    b"a: |\n  x\n  y\nb: >\n  z\n",
]


@pytest.mark.parametrize("raw", TRICKY)
def test_parse_reads_what_the_event_builder_reads(raw: bytes) -> None:
    """Whether libyaml's composer or the event builder reads a file, the data, the positions
    and the refusals are the builder's."""
    try:
        data, where = parse_events("f.yml", raw.decode("utf-8"))
    except LoadError as careful:
        with pytest.raises(LoadError) as quick:
            parse("f.yml", raw)
        assert quick.value.problem == careful.problem
        return
    doc = parse("f.yml", raw)
    assert doc.data == data
    assert doc.where == where
    assert [type(v) for v in doc.data.values()] == [type(v) for v in data.values()]


def test_the_shipped_content_reads_alike_both_ways() -> None:
    files = sorted((ROOT / "kits").rglob("*.yml")) + sorted((ROOT / "mooc").rglob("*.yml"))
    assert len(files) > 50
    for file in files:
        raw = file.read_bytes()
        doc = parse(file.name, raw)
        data, where = parse_events(file.name, raw.decode("utf-8"))
        assert doc.data == data, file
        assert doc.where == where, file


def _outcome(read: Any) -> tuple[str, str]:
    try:
        rel, raw = read()
    except LoadError as exc:
        return exc.problem.path, exc.problem.code
    return rel, raw.decode("utf-8")


def test_reading_many_files_refuses_exactly_what_reading_one_refuses(tmp_path: Path) -> None:
    """`read_bytes` with its folder memo (validation's many files) against `read_bytes`
    resolving each file: the same bytes, the same refusals."""
    content, outside = tmp_path / "contenu", tmp_path / "ailleurs"
    (content / "kits/actions").mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.yml").write_text("secret: dehors\n", "utf-8")
    (content / "kits/actions/visite.yml").write_text("title: Visite\n", "utf-8")
    (content / "kits/actions/lien.yml").symlink_to(content / "kits/actions/visite.yml")
    (content / "kits/actions/dehors.yml").symlink_to(outside / "secret.yml")
    os.mkfifo(content / "kits/actions/tube.yml")
    (content / "kits/partners").symlink_to(content / "kits/actions")  # a folder inside
    (content / "kits/interlocutors").symlink_to(outside)  # a folder outside
    (content / "kits/big.yml").write_bytes(b"#" * (MAX_BYTES + 10))
    folders = [content / "kits" / name for name in ("actions", "partners", "interlocutors")]
    files = [folder / name for folder in folders for name in sorted(os.listdir(folder))]
    files.append(content / "kits/big.yml")
    assert len(files) == 10
    folders = Folders(content.resolve())
    many = [_outcome(lambda f=f: read_bytes(content, f, folders=folders)) for f in files]
    one = [_outcome(lambda f=f: read_bytes(content, f)) for f in files]
    assert many == one
    assert ("kits/actions/visite.yml", "title: Visite\n") in many
    assert ("kits/partners/visite.yml", "title: Visite\n") in many
    assert ("kits/actions/lien.yml", "title: Visite\n") in many
    refused = {path: code for path, code in many if not code.startswith(("title", "#"))}
    assert set(refused) == {
        "kits/actions/dehors.yml",
        "kits/partners/dehors.yml",
        "kits/interlocutors/secret.yml",
        "kits/actions/tube.yml",
        "kits/partners/tube.yml",
    }
    assert len([code for _, code in many if code.startswith("#")]) == 1
    assert len(dict(many)["kits/big.yml"]) == MAX_BYTES + 1  # read no further than that
