"""Content errors as data: every problem keeps its file, line, column and message code."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from generator.diagnostics.messages import CONTENT_ERRORS, MESSAGES, Message


class Position(NamedTuple):
    """A 1-based line and column in a content file (a tuple: the loader makes one
    per value, and a tuple is several times cheaper to build than a frozen dataclass)."""

    line: int
    column: int


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in the content, reported to editors in French."""

    path: str
    line: int
    column: int
    message: str
    code: str = field(default="", compare=False)

    @classmethod
    def of(cls, path: str, line: int, column: int, message: Message, /, **values: Any) -> Problem:
        return cls(path, line, column, message(**values), message.code)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"

    @property
    def severity(self) -> str:
        """« minor » for a warning (publishing goes on), else "" (the report's default)."""
        declared = MESSAGES.get(self.code)
        return "minor" if declared is not None and declared.warning else ""

    @property
    def fix(self) -> str | None:
        """What to do, as the message's declaration says (the editors' guide says it too)."""
        declared = MESSAGES.get(self.code)
        return declared.fix if declared is not None else None


FIX_PREFIX = "  → "


def with_fix(problem: Problem) -> str:
    """The problem's line, and under it, indented, its declared fix."""
    fix = problem.fix
    return f"{problem}\n{FIX_PREFIX}{fix}" if fix else str(problem)


def errors_in(problems: Iterable[Problem]) -> list[Problem]:
    """The problems that stop publication (all but warnings)."""
    return [p for p in problems if p.severity != "minor"]


def plural(count: int) -> str:
    return "s" if count > 1 else ""


class ContentError(Exception):
    """The content holds one or more mistakes; nothing may be written."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        lines = [with_fix(p) for p in self.problems]
        count = len(errors_in(self.problems))
        lines.append(CONTENT_ERRORS(count=count, s=plural(count)))
        return "\n".join(lines)
