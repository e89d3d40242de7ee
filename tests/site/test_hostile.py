"""The hostile-input corpus: every bad input gives its located French error.

Each case is a folder of `tests/fixtures/hostile/`: a `case.yml` that says how
to turn a copy of `tests/fixtures/minimal/` into the bad input and which
errors to expect, plus the files that differ from the minimal set (bytes that
are not UTF-8, a byte-order mark… are easier to keep as files).

case.yml keys:
  about:    what the case is, in one sentence
  replace:  [{file, old, new}]  text edits in a copy of a minimal file
  remove:   [path]              files or folders deleted from the copy
  rename:   [{from, to}]        files or folders moved (odd names are made here,
                                not stored in git)
  copy:     [{from, to}]        files duplicated
  symlink:  [{path, target}]    symbolic links made at test time
  repeat:   {file, marker, text, times}  the marker in `file` is replaced by
                                `text` × `times` (a 1 MB title is not stored)
  validate: SUBDIR              the folder validated, when not the copy itself (an
                                académie edition standing on the minimal set, « .. »)
  expect:   [{file, line, phrase}]  every problem reported, in any order
  valid:    true                a good input: validation passes
  page:     {path, contains}    for a good input, the generated Markdown page
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from support import CASES, build_case, load_case

from generator.commands import cli
from generator.diagnostics import messages
from generator.diagnostics.errors import FIX_PREFIX
from generator.generate.pipeline import generate

SUMMARY_LINE = "rien n'a été publié."


def run_validate(content: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = cli.main(["validate", "--content", str(content)])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def test_the_corpus_is_large_and_covers_good_inputs() -> None:
    specs = [load_case(case) for case in CASES]
    bad = [s for s in specs if "expect" in s]
    assert len(bad) >= 40
    assert any(s.get("valid") for s in specs)
    for case in CASES:
        assert case.name[:3].rstrip("-").isdigit(), case.name


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_case(case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = load_case(case)
    content = build_case(case, tmp_path / "contenu") / spec.get("validate", "")
    status, output = run_validate(content, capsys)
    assert "Traceback" not in output
    if spec.get("valid"):
        assert status == 0, output
        page = spec.get("page")
        if page:
            generated = generate(content, tmp_path / "docs")
            assert page["path"] in {p.path for p in generated.site.pages}
            markdown = (tmp_path / "docs" / page["path"]).read_text("utf-8")
            for fragment in page["contains"]:
                assert fragment in markdown, fragment
        return
    assert status == 1, output
    lines = [line for line in output.splitlines() if line.strip()]
    assert lines[-1].endswith(SUMMARY_LINE), output
    # under each problem, the fix its message declares
    problems = [line for line in lines[:-1] if not line.startswith(FIX_PREFIX)]
    fixes = [line for line in lines[:-1] if line.startswith(FIX_PREFIX)]
    assert len(fixes) == len(problems), output
    for problem, fix in zip(problems, fixes, strict=True):
        declared = messages.find(problem.split(": ", 1)[1])
        assert declared is not None and fix == FIX_PREFIX + declared.fix, (problem, fix)
    for expected in spec["expect"]:
        prefix = f"{expected['file']}:{expected['line']}:"
        matching = [p for p in problems if p.startswith(prefix) and expected["phrase"] in p]
        assert matching, f"attendu {prefix} … {expected['phrase']!r} dans :\n{output}"
    # every message comes from the declared messages (generator/diagnostics/messages.py)
    for problem in problems:
        text = problem.split(": ", 1)[1]
        assert messages.find(text) is not None, problem
    # nothing more than announced: a mistake is reported once, with no cascade
    assert len(problems) == len(spec["expect"]), output
    # the message is short enough to read, even for a 1 MB value
    assert all(len(p) < 400 for p in problems), output


SUBPROCESS_CASES = ["yaml-tab-indentation", "not-utf8-latin1", "billion-laughs", "symlink-device"]


@pytest.mark.parametrize("name", SUBPROCESS_CASES)
def test_hostile_case_through_the_command(name: str, tmp_path: Path) -> None:
    """The real command: exit status 1, located message, no traceback."""
    (case,) = [c for c in CASES if c.name.split("-", 1)[1] == name]
    spec = load_case(case)
    content = build_case(case, tmp_path / "contenu")
    result = subprocess.run(
        [sys.executable, "-m", "generator.commands.cli", "validate", "--content", str(content)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    first = spec["expect"][0]
    assert f"{first['file']}:{first['line']}:" in result.stderr
    assert first["phrase"] in result.stderr
