"""Reports for merge requests: GitHub annotations and GitLab Code Quality, field by field.

The content tree is the small fixture set with three files broken on purpose; every
expected file, line and column below comes from the lines written here.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.check.validate import validate
from generator.diagnostics import messages
from generator.diagnostics.errors import ContentError, Problem
from generator.diagnostics.report import format_problems, path_prefix

GITHUB_LINE = re.compile(r"^::(?P<command>\w+) (?P<properties>[^:]*)::(?P<message>.*)$")


@dataclass(frozen=True)
class Expected:
    path: str
    line: int
    column: int
    words: tuple[str, ...]  # what the message must name


def write(path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines) + "\n", "utf-8")


def position(lines: list[str], needle: str, occurrence: int = 0) -> tuple[int, int]:
    """1-based line and column of the `occurrence`-th line holding `needle`."""
    found = [(n, line.index(needle)) for n, line in enumerate(lines, 1) if needle in line]
    number, index = found[occurrence]
    return number, index + 1


@pytest.fixture
def broken(minimal: Path) -> tuple[Path, list[Expected]]:
    """Three files, four mistakes: two identical in one file, a bad value, a key with « % »."""
    action = [
        "title: Stage d'observation de 3e",
        "summary: Cinq jours pour observer une entreprise.",
        "format: internship",
        "levels: [3e]",
        "objectives: [discover]",
        "duration: {value: 1, unit: week}",
        "steps:",
        "  prepare: {text: Signer la convention., interlocutors: [role-fantome]}",
        "  supervise: {text: Appeler le tuteur., interlocutors: [role-fantome]}",
        "  lead: {text: Accueillir l'élève.}",
        "  follow_up: {text: Restitution en classe.}",
        "for_companies:",
        "  role: Vous accueillez un élève.",
        "  checklist: [Convention signée]",
    ]
    write(minimal / "kits/actions/stage-3e.yml", action)
    partner = [
        "name: Campus de l'aéronautique",
        "kind: network",
        "scope: regional",
        "academies: [toulouse]",
        "description: Un réseau de lycées et d'entreprises.",
    ]
    write(minimal / "kits/partners/campus-aero.yml", partner)
    lesson_file = minimal / "mooc/tuteurs/lessons/cadre-legal.yml"
    lesson = [*lesson_file.read_text("utf-8").splitlines(), "taux%: 3"]
    write(lesson_file, lesson)
    first = position(action, "role-fantome")
    second = position(action, "role-fantome", 1)
    scope = position(partner, "regional")
    key = position(lesson, "taux%")
    expected = [
        Expected("kits/actions/stage-3e.yml", *first, ("role-fantome",)),
        Expected("kits/actions/stage-3e.yml", *second, ("role-fantome",)),
        Expected("kits/partners/campus-aero.yml", *scope, ("regional", "national")),
        Expected("mooc/tuteurs/lessons/cadre-legal.yml", *key, ("taux%",)),
    ]
    return minimal, expected


def validation_problems(content: Path) -> list[Problem]:
    with pytest.raises(ContentError) as info:
        validate(content)
    return info.value.problems


def test_the_broken_tree_gives_the_expected_problems(broken: tuple[Path, list[Expected]]) -> None:
    content, expected = broken
    problems = validation_problems(content)
    assert [(p.path, p.line, p.column) for p in problems] == [
        (e.path, e.line, e.column) for e in expected
    ]
    for problem, wanted in zip(problems, expected, strict=True):
        assert all(word in problem.message for word in wanted.words), problem


def test_text_is_the_validation_report(broken: tuple[Path, list[Expected]]) -> None:
    content, expected = broken
    problems = validation_problems(content)
    lines = format_problems(problems, "text").splitlines()
    assert len(lines) == 2 * len(expected) + 1
    for line, fix, wanted, problem in zip(
        lines[::2], lines[1::2], expected, problems, strict=False
    ):
        assert line.startswith(f"{wanted.path}:{wanted.line}:{wanted.column}: ")
        # under each problem, the fix its message declares
        assert fix == "  → " + messages.declared(problem.code).fix
    assert lines[-1] == "4 erreurs : rien n'a été publié."


def test_github_annotations_field_by_field(broken: tuple[Path, list[Expected]]) -> None:
    content, expected = broken
    problems = validation_problems(content)
    lines = format_problems(problems, "github").splitlines()
    assert len(lines) == len(expected)
    for line, wanted, problem in zip(lines, expected, problems, strict=True):
        match = GITHUB_LINE.match(line)
        assert match, line
        assert match["command"] == "error"
        properties = dict(item.split("=", 1) for item in match["properties"].split(","))
        assert properties == {
            "file": wanted.path,
            "line": str(wanted.line),
            "col": str(wanted.column),
        }
        for word in wanted.words:
            assert word.replace("%", "%25") in match["message"]
        assert "%" not in match["message"].replace("%25", "")
        assert match["message"].replace("%25", "%") == problem.message


def test_gitlab_code_quality_field_by_field(broken: tuple[Path, list[Expected]]) -> None:
    content, expected = broken
    problems = validation_problems(content)
    issues = json.loads(format_problems(problems, "gitlab"))
    assert isinstance(issues, list)
    assert len(issues) == len(expected)
    for issue, wanted, problem in zip(issues, expected, problems, strict=True):
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        # the message, then the fix its declaration gives
        declared = messages.find(problem.message)
        assert declared is not None and issue["check_name"] == declared.code
        assert issue["description"] == f"{problem.message} — {declared.fix}"
        assert all(word in issue["description"] for word in wanted.words)
        assert issue["severity"] == "blocker"
        assert issue["location"] == {"path": wanted.path, "lines": {"begin": wanted.line}}
        assert re.fullmatch(r"[0-9a-f]{32}", issue["fingerprint"])
    # the two identical mistakes of one file stay two findings for GitLab
    assert issues[0]["description"] == issues[1]["description"]
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)


def test_gitlab_fingerprint_survives_a_line_added_above(
    broken: tuple[Path, list[Expected]],
) -> None:
    content, _expected = broken
    before = json.loads(format_problems(validation_problems(content), "gitlab"))
    partner = content / "kits/partners/campus-aero.yml"
    partner.write_text("# une ligne de commentaire en plus\n" + partner.read_text("utf-8"), "utf-8")
    after = json.loads(format_problems(validation_problems(content), "gitlab"))
    moved = [(b, a) for b, a in zip(before, after, strict=True) if b != a]
    assert len(moved) == 1
    old, new = moved[0]
    assert new["location"]["lines"]["begin"] == old["location"]["lines"]["begin"] + 1
    assert new["fingerprint"] == old["fingerprint"]


def test_github_escapes_properties_and_message() -> None:
    problem = Problem("dossier,a:b/x%.yml", 3, 7, "100 % sûr :\r\nsur deux lignes, oui")
    line = format_problems([problem], "github")
    assert line == (
        "::error file=dossier%2Ca%3Ab/x%25.yml,line=3,col=7::"
        "100 %25 sûr :%0D%0Asur deux lignes, oui"
    )
    assert "\n" not in line


@dataclass(frozen=True, order=True)
class CodedProblem(Problem):
    code: str = ""
    severity: str = ""


def test_codes_and_severities_carried_by_a_problem_are_used() -> None:
    coded = CodedProblem("kits/teams.yml", 2, 1, "lien cassé", code="lien-introuvable")
    warned = CodedProblem("kits/teams.yml", 4, 1, "redirigé", severity="minor")
    issues = json.loads(format_problems([coded, warned], "gitlab", severity="major"))
    assert [(i["check_name"], i["severity"]) for i in issues] == [
        ("lien-introuvable", "major"),
        ("passerelles", "minor"),
    ]
    lines = format_problems([coded, warned], "github", severity="major").splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == ["::error", "::warning"]


def test_ci_paths_start_at_the_repository_root(tmp_path: Path) -> None:
    content = tmp_path / "depot" / "contenu"
    content.mkdir(parents=True)
    prefix = path_prefix(content, tmp_path / "depot")
    assert prefix == "contenu/"
    assert path_prefix(tmp_path / "depot", tmp_path / "depot") == ""
    assert path_prefix(tmp_path / "ailleurs", content) == ""
    problem = Problem("kits/teams.yml", 5, 2, "texte attendu")
    issue = json.loads(format_problems([problem], "gitlab", prefix=prefix))[0]
    assert issue["location"]["path"] == "contenu/kits/teams.yml"
    line = format_problems([problem], "github", prefix=prefix)
    assert line.startswith("::error file=contenu/kits/teams.yml,line=5,col=2::")
    assert format_problems([problem], "text", prefix=prefix).startswith("kits/teams.yml:5:2: ")


@pytest.mark.parametrize("fmt", ["gitlab", "github"])
def test_a_tool_s_format_alone_on_standard_output(
    fmt: str,
    broken: tuple[Path, list[Expected]],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    """What a CI job redirects to its report file is the format only, green or red; the
    messages for people are on standard error."""
    from generator.commands.cli import main

    content, expected = broken
    assert main(["validate", "--content", str(content), "--format", fmt]) == 1
    red = capsys.readouterr()
    if fmt == "gitlab":
        assert len(json.loads(red.out)) == len(expected)
    else:
        assert all(GITHUB_LINE.match(line) for line in red.out.splitlines())
    for wanted in expected:
        assert f"{wanted.path}:{wanted.line}:{wanted.column}: " in red.err
    clean = shutil.copytree(
        Path(__file__).resolve().parents[1] / "fixtures/minimal", tmp_path / "propre"
    )
    assert main(["validate", "--content", str(clean), "--format", fmt]) == 0
    green = capsys.readouterr()
    assert green.out == ("[]\n" if fmt == "gitlab" else "")
    assert "Contenu valide" in green.err
