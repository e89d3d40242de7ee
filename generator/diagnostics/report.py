"""Problems as text for people, or as the reports CI services show in a merge request.

- `text`: one `file:line:col: message` line per problem, then a French summary line.
- `github`: GitHub Actions workflow commands (`::error file=…,line=…,col=…::message`);
  the runner turns each into an annotation on the file and line. Values are escaped as
  the Actions toolkit does: `%`, `\\r` and `\\n` everywhere, `:` and `,` also in properties.
- `gitlab`: a Code Quality report, the JSON array GitLab shows in a merge request. Each
  issue carries the fields GitLab's documentation lists as required: `description`,
  `check_name`, `fingerprint`, `severity`, `location.path` and `location.lines.begin`.

The fingerprint is what GitLab compares between the target branch and the merge request
to tell new findings from fixed ones, and identical fingerprints are shown as one entry.
So it hashes the path, the check and the message — not the line, which moves whenever a
line is added above and would make an old finding look fixed and new at once — plus the
rank of the finding among identical ones in the same file, so that two identical
mistakes in one file stay two entries.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from generator.diagnostics.errors import ContentError, Problem, with_fix

Format = Literal["text", "github", "gitlab"]
FORMATS: tuple[Format, ...] = ("text", "github", "gitlab")
Severity = Literal["info", "minor", "major", "critical", "blocker"]
DEFAULT_CHECK = "passerelles"

# GitHub has three annotation levels; GitLab's five severities map onto them.
_GITHUB_COMMAND: dict[str, str] = {
    "info": "notice",
    "minor": "warning",
    "major": "error",
    "critical": "error",
    "blocker": "error",
}


def format_problems(
    problems: Sequence[Problem],
    fmt: Format,
    *,
    severity: Severity = "blocker",
    summary: str | None = None,
    prefix: str = "",
) -> str:
    """`problems` in format `fmt`.

    `severity` applies to problems that carry no `severity` of their own (content
    errors stop publication: « blocker »). `summary` replaces the text format's last
    line. `prefix` is prepended to paths in the CI formats, whose paths are relative
    to the repository root while a problem's path is relative to the content folder
    (see `path_prefix`).
    """
    if fmt == "text":
        return _text(problems, summary)
    if fmt == "github":
        return "\n".join(_github_line(p, severity, prefix) for p in problems)
    if fmt == "gitlab":
        return json.dumps(_gitlab_issues(problems, severity, prefix), ensure_ascii=False, indent=2)
    raise ValueError(f"format inconnu : {fmt}")


def emit(
    problems: Sequence[Problem],
    fmt: Format,
    *,
    severity: Severity = "blocker",
    summary: str | None = None,
    prefix: str = "",
) -> None:
    """Print a command's report: the text for people, or a tool's format.

    A tool reads standard output: there, only its format (an empty array, or nothing,
    when all is well). Everything for people — the problems as text, the summary — goes
    to standard error, so a CI log shows them while the report file stays parseable.
    With `text`, a clean run's summary goes to standard output, problems to standard error.
    """
    people = _for_people(problems, summary)
    if fmt == "text":
        print(people, file=sys.stderr if problems else sys.stdout)
        return
    report = format_problems(problems, fmt, severity=severity, prefix=prefix)
    if report:
        print(report)
    print(people, file=sys.stderr)


def emit_findings(
    problems: Sequence[Problem],
    fmt: Format,
    *,
    severity: Severity,
    summary: str,
    prefix: str = "",
) -> None:
    """Print what a checking command found (`links`, `review`): its report is its output,
    so the text goes to standard output, problems included; a tool's format as `emit`."""
    if fmt == "text":
        print(format_problems(problems, "text", summary=summary))
    else:
        emit(problems, fmt, severity=severity, summary=summary, prefix=prefix)


def _for_people(problems: Sequence[Problem], summary: str | None) -> str:
    """Each problem with its fix, then the summary (by default, the count of errors)."""
    if summary is None:
        return ContentError(problems).report()
    return "\n".join([*(with_fix(p) for p in problems), summary])


def check_name(problem: Problem) -> str:
    """The problem's stable code when it has one, else the tool's name."""
    return getattr(problem, "code", None) or DEFAULT_CHECK


def severity_of(problem: Problem, default: Severity) -> str:
    return getattr(problem, "severity", None) or default


def path_prefix(content: Path, root: Path | None = None) -> str:
    """The content folder relative to `root` (default: the current folder), as a prefix.

    CI jobs run at the repository root: when the content is a sub-folder of it, paths
    in annotations must start with that sub-folder. Outside of `root`, no prefix.
    """
    base = (root or Path.cwd()).resolve()
    folder = content.resolve()
    if not folder.is_relative_to(base) or folder == base:
        return ""
    return folder.relative_to(base).as_posix() + "/"


# --------------------------------------------------------------------------- text


def _text(problems: Sequence[Problem], summary: str | None) -> str:
    if summary is None:
        return ContentError(problems).report()
    return "\n".join([*(str(p) for p in problems), summary])


# --------------------------------------------------------------------------- github


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _github_line(problem: Problem, default: Severity, prefix: str) -> str:
    command = _GITHUB_COMMAND[severity_of(problem, default)]
    properties = ",".join(
        f"{key}={_escape_property(str(value))}"
        for key, value in (
            ("file", prefix + problem.path),
            ("line", problem.line),
            ("col", problem.column),
        )
    )
    return f"::{command} {properties}::{_escape_data(problem.message)}"


# --------------------------------------------------------------------------- gitlab


def fingerprint(path: str, check: str, message: str, rank: int = 0) -> str:
    """Stable identity of a finding: same file, check and message ⇒ same fingerprint."""
    key = "\0".join((path, check, message, str(rank)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _gitlab_issues(
    problems: Sequence[Problem], default: Severity, prefix: str
) -> list[dict[str, object]]:
    seen: dict[tuple[str, str, str], int] = {}
    issues: list[dict[str, object]] = []
    for problem in sorted(problems, key=lambda p: (p.path, p.line, p.column, p.message)):
        path = prefix + problem.path
        check = check_name(problem)
        rank = seen.get((path, check, problem.message), 0)
        seen[(path, check, problem.message)] = rank + 1
        fix = problem.fix
        issues.append(
            {
                "description": f"{problem.message} — {fix}" if fix else problem.message,
                "check_name": check,
                "fingerprint": fingerprint(path, check, problem.message, rank),
                "severity": severity_of(problem, default),
                "location": {"path": path, "lines": {"begin": problem.line}},
            }
        )
    return issues
