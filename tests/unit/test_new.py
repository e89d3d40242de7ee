"""`passerelles new`: a skeleton for each kind, refused until its placeholders are filled,
valid once they are; refusals of a bad id, an existing file or an unknown course."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator.check.validate import validate
from generator.commands import cli
from generator.diagnostics import messages
from generator.diagnostics.errors import ContentError, Problem

MARK = "À COMPLÉTER"  # written here, not imported: the test pins the marker editors see
COURSE = "tuteurs"  # the course of tests/fixtures/minimal
NEW_LESSON = "bilan-de-la-semaine"

# Values for the placeholders, by the key they fill (a list item or a block of text
# takes its parent key); any other key gets a plain sentence.
FILLED = {
    "value": "2",
    "duration_minutes": "30",
    "id": "premier-module",
    "lessons": NEW_LESSON,
}
SENTENCE = "Un texte écrit par la rédaction."


def run_new(content: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = cli.main(["new", *args, "--content", str(content)])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def problems_of(content: Path) -> list[Problem]:
    try:
        validate(content)
    except ContentError as exc:
        return exc.problems
    return []


def placeholder_lines(text: str) -> set[int]:
    return {
        n
        for n, line in enumerate(text.splitlines(), 1)
        if MARK in line and not line.lstrip().startswith("#")
    }


def fill(text: str) -> str:
    """Every placeholder replaced by a value chosen from its key."""
    keys: list[tuple[int, str]] = []  # (indentation, key) of the lines above
    out = []
    for line in text.splitlines():
        indent = len(line) - len(line.lstrip(" -"))
        key = re.match(r"^\s*(?:- )?([a-z_]+):", line)
        if key and not line.lstrip().startswith("#"):
            keys = [(i, k) for i, k in keys if i < indent] + [(indent, key.group(1))]
        if MARK in line and not line.lstrip().startswith("#"):
            own = key.group(1) if key and line.rstrip().endswith(MARK) and ":" in line else None
            parent = next((k for i, k in reversed(keys) if i < indent), "")
            name = own or parent
            line = line.replace(MARK, FILLED.get(name, SENTENCE))
        out.append(line)
    return "\n".join(out) + "\n"


def add_lesson_to_course(content: Path, printed: str) -> None:
    """Apply the line `new lesson` printed to the last module, as its message says."""
    line = re.search(r"^\s*(lessons: \[.*\])$", printed, re.MULTILINE)
    assert line, printed
    course = content / "mooc" / COURSE / "course.yml"
    text = course.read_text("utf-8")
    assert "lessons: [premier-jour]" in text
    text = text.replace("lessons: [premier-jour]", line.group(1))
    # the minimal course announces its total: one more lesson of 30 min
    text = text.replace("total_hours: 1\n", "total_hours: 1.5\n")
    course.write_text(text, "utf-8")


CASES = {
    "action": ("visite-du-port", "kits/actions/visite-du-port.yml"),
    "partner": ("club-des-entreprises", "kits/partners/club-des-entreprises.yml"),
    "interlocutor": ("referent-stages", "kits/interlocutors/referent-stages.yml"),
    "lesson": (f"{COURSE}/{NEW_LESSON}", f"mooc/{COURSE}/lessons/{NEW_LESSON}.yml"),
}


def make(kind: str, content: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, str]:
    ident, rel = CASES[kind]
    status, output = run_new(content, kind, ident, capsys=capsys)
    assert status == 0, output
    assert f"Fichier créé : {rel}" in output
    if kind == "lesson":
        add_lesson_to_course(content, output)
    return content / rel, output


@pytest.mark.parametrize("kind", sorted(CASES))
def test_placeholders_fail_at_their_lines(
    kind: str, minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = make(kind, minimal, capsys)
    text = path.read_text("utf-8")
    expected = placeholder_lines(text)
    assert len(expected) >= 2
    problems = problems_of(minimal)
    rel = path.relative_to(minimal).as_posix()
    assert {p.line for p in problems if p.path == rel} == expected
    assert all(p.code == messages.PLACEHOLDER.code for p in problems), problems
    assert all(p.path == rel for p in problems)
    assert MARK in problems[0].message


@pytest.mark.parametrize("kind", sorted(CASES))
def test_a_filled_skeleton_validates(
    kind: str, minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = make(kind, minimal, capsys)
    text = path.read_text("utf-8")
    path.write_text(fill(text), "utf-8")
    assert problems_of(minimal) == []
    catalog = validate(minimal)
    if kind == "lesson":
        assert NEW_LESSON in catalog.courses[COURSE].lessons
    else:
        plural = {"action": "actions", "partner": "partners", "interlocutor": "interlocutors"}
        assert CASES[kind][0] in getattr(catalog, plural[kind])


def test_a_new_course_and_its_lesson_validate_once_filled(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_new(minimal, "course", "decouvrir-l-industrie", capsys=capsys)[0] == 0
    status, output = run_new(
        minimal, "lesson", f"decouvrir-l-industrie/{NEW_LESSON}", capsys=capsys
    )
    assert status == 0, output
    # a new course lists no lesson yet: the line printed names the new one only
    assert f"lessons: [{NEW_LESSON}]" in output
    course = minimal / "mooc" / "decouvrir-l-industrie" / "course.yml"
    lesson = course.parent / "lessons" / f"{NEW_LESSON}.yml"
    lines = placeholder_lines(course.read_text("utf-8"))
    problems = problems_of(minimal)
    assert {p.line for p in problems if p.path.endswith("course.yml")} == lines
    for path in (course, lesson):
        path.write_text(fill(path.read_text("utf-8")), "utf-8")
    catalog = validate(minimal)
    assert list(catalog.courses["decouvrir-l-industrie"].lessons) == [NEW_LESSON]


def test_each_field_is_described_by_the_models(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = make("action", minimal, capsys)
    text = path.read_text("utf-8")
    # descriptions of a top field, a nested one, an optional one (from generator/format/models.py)
    assert "# Titre de l'action (120 caractères au plus).\ntitle: À COMPLÉTER\n" in text
    assert "  # Nombre d'unités.\n  value: À COMPLÉTER\n" in text
    assert "# Présent : l'action figure dans le kit des entreprises.\n# for_companies:\n" in text
    # a choice has a valid value and its allowed values in the comment
    assert "Valeurs permises : visit, meeting, internship, project.\nformat: visit\n" in text
    # a list has one placeholder item
    assert "  checklist:\n    - À COMPLÉTER\n" in text
    # the skeleton is YAML; uncommented, an optional field is in the format too
    data = yaml.safe_load(text)
    assert data["format"] == "visit" and data["duration"]["value"] == MARK


def test_a_placeholder_in_a_longer_text_and_in_a_number_is_refused(minimal: Path) -> None:
    path = minimal / "kits" / "interlocutors" / "tuteur.yml"
    text = path.read_text("utf-8")
    first = text.splitlines()[0]
    path.write_text(text.replace(first, f"{first} ({MARK})", 1), "utf-8")
    lesson = next((minimal / "mooc" / COURSE / "lessons").glob("*.yml"))
    body = lesson.read_text("utf-8")
    minutes = re.search(r"^duration_minutes: \d+$", body, re.MULTILINE)
    assert minutes
    lesson.write_text(body.replace(minutes.group(), f"duration_minutes: {MARK}"), "utf-8")
    line = body[: minutes.start()].count("\n") + 1
    problems = problems_of(minimal)
    assert [(p.path, p.line, p.code) for p in problems] == sorted(
        [
            ("kits/interlocutors/tuteur.yml", 1, "placeholder"),
            (lesson.relative_to(minimal).as_posix(), line, "placeholder"),
        ]
    )


def test_the_shipped_content_holds_no_placeholder() -> None:
    root = Path(__file__).resolve().parents[2]
    files = [*root.glob("kits/**/*.yml"), *root.glob("mooc/**/*.yml")]
    assert len(files) > 50
    assert not [f for f in files if MARK in f.read_text("utf-8")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["action", "Visite"], messages.NEW_ID_INVALID),
        (["partner", "club_des_entreprises"], messages.NEW_ID_INVALID),
        (["course", "../ailleurs"], messages.NEW_ID_INVALID),
        (["lesson", COURSE], messages.NEW_LESSON_ID),
        (["lesson", f"{COURSE}/Bilan"], messages.NEW_ID_INVALID),
        (["lesson", "inconnue/bilan"], messages.NEW_COURSE_UNKNOWN),
        (["lesson", f"{COURSE}/planning"], messages.LESSON_ID_RESERVED),
        (["action", "visite-atelier"], messages.NEW_EXISTS),
        (["course", COURSE], messages.NEW_EXISTS),
        (["lesson", f"{COURSE}/premier-jour"], messages.NEW_EXISTS),
    ],
)
def test_refusals_write_nothing(
    args: list[str],
    message: messages.Message,
    minimal: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = {p: p.read_bytes() for p in minimal.rglob("*") if p.is_file()}
    status, output = run_new(minimal, *args, capsys=capsys)
    assert status == 1
    assert "Traceback" not in output
    assert message.pattern().match(output.strip()), output
    assert {p: p.read_bytes() for p in minimal.rglob("*") if p.is_file()} == before


def test_a_folder_without_content_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, output = run_new(tmp_path, "action", "visite", capsys=capsys)
    assert status == 1
    assert messages.CONTENT_NOT_FOUND.pattern().match(output.strip())
    assert list(tmp_path.iterdir()) == []
