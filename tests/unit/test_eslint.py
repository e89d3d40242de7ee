"""The JavaScript passes ESLint (eslint.config.js, README « Le JavaScript »): the site's
scripts in modern syntax, the SCORM 1.2 runtime of the course packages in ES5.

ESLint comes from the npm registry with the versions of package-lock.json (`npm ci`, as
.ci/run does); without it these tests fail, saying how to install it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ESLINT = ROOT / "node_modules" / ".bin" / "eslint"
# Every script the project writes (vendored code under overrides/assets/vendor/ aside).
SCRIPT_FOLDERS = (
    "overrides/assets/js",
    "overrides/assets/javascripts/workers",
    "generator/export/assets",
)


def eslint(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    if shutil.which("node") is None:
        pytest.fail("Node.js est introuvable : installez-le (voir .ci/run et .ci/packages.sh)")
    if not ESLINT.is_file():
        pytest.fail("ESLint n'est pas installé : lancez « npm ci » à la racine du dépôt")
    return subprocess.run(
        [str(ESLINT), *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def lint_text(text: str, filename: str) -> set[str]:
    """The rules ESLint reports on `text` linted as if it were the file `filename`."""
    result = eslint("--format", "json", "--stdin", "--stdin-filename", filename, stdin=text)
    assert result.returncode in (0, 1), result.stderr
    return {m["ruleId"] or "parse" for f in json.loads(result.stdout) for m in f["messages"]}


def test_every_script_passes_eslint() -> None:
    result = eslint("--format", "json", *SCRIPT_FOLDERS)
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    linted = {Path(entry["filePath"]).relative_to(ROOT).as_posix() for entry in report}
    scripts = {
        p.relative_to(ROOT).as_posix() for d in SCRIPT_FOLDERS for p in (ROOT / d).glob("*.js")
    }
    assert scripts and linted == scripts  # none left out by an ignore pattern
    problems = [
        f"{entry['filePath']}:{m['line']}:{m['column']}: {m['message']} ({m['ruleId']})"
        for entry in report
        for m in entry["messages"]
    ]
    assert not problems, "\n".join(problems)
    assert result.returncode == 0


def test_the_whole_repository_passes_eslint() -> None:
    """What .ci/run runs: `npx eslint` with no argument (the configuration itself too)."""
    result = eslint()
    assert result.returncode == 0, result.stdout + result.stderr


def test_site_scripts_refuse_var() -> None:
    source = '(function () {\n  "use strict";\n  var count = 1;\n  console.log(count);\n})();\n'
    assert "no-var" in lint_text(source, "overrides/assets/js/new-widget.js")
    modern = source.replace("var ", "const ")
    assert lint_text(modern, "overrides/assets/js/new-widget.js") == set()


def test_lms_scripts_stay_es5() -> None:
    """A script inside a course package runs in the LMS's player: `const` is refused."""
    source = '(function () {\n  "use strict";\n  const count = 1;\n  console.log(count);\n})();\n'
    assert lint_text(source, "generator/export/assets/new-runtime.js") == {"parse"}
    es5 = source.replace("const ", "var ")
    assert lint_text(es5, "generator/export/assets/new-runtime.js") == set()
