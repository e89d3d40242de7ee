"""Each course tool is one tap from the text that names it (issue 29): a Markdown text
of the shipped content that names a tool (`kinds.CourseTool.words`) links to it, with
the words themselves as the link's text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import BaseModel

from generator.check.catalog import Catalog
from generator.check.references import markdown_fields
from generator.check.validate import validate
from generator.format import kinds

ROOT = Path(__file__).resolve().parents[2]
# [text](prefix:target), the internal links of the format
LINK = re.compile(r"\[([^\]]*)\]\(([a-z-]+):([^)\s]+)\)")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return validate(ROOT)


def _texts(catalog: Catalog) -> Iterator[tuple[str, str]]:
    """Every Markdown text of the content, with a name saying where it is."""
    models: list[tuple[str, BaseModel]] = [
        *((f"kits/actions/{i}.yml", a) for i, a in catalog.actions.items()),
        *((f"kits/{name}.yml", kit) for name, kit in catalog.kits.items()),
        *((f"kits/interlocutors/{i}.yml", r) for i, r in catalog.interlocutors.items()),
    ]
    for cid, bundle in catalog.courses.items():
        models.append((f"mooc/{cid}/course.yml", bundle.course))
        models.extend((f"mooc/{cid}/lessons/{i}.yml", x) for i, x in bundle.lessons.items())
    for where, model in models:
        for loc, text in markdown_fields(model):
            yield f"{where}:{'.'.join(map(str, loc))}", text


def _unlinked(text: str, tool: kinds.CourseTool) -> list[str]:
    """The tool's words in the text outside a link to the tool."""
    linked = [m.group(1).lower() for m in LINK.finditer(text) if m.group(2) == tool.link]
    outside = LINK.sub("", text).lower()
    missing = [w for w in tool.words if w in outside]
    # a word named once inside a link may come back later in the same text
    return [w for w in missing if not any(w in label for label in linked)]


def test_every_text_that_names_a_tool_links_to_it(catalog: Catalog) -> None:
    seen = 0
    problems = []
    for where, text in _texts(catalog):
        for tool in kinds.COURSE_TOOLS:
            if any(word in text.lower() for word in tool.words):
                seen += 1
                problems.extend(f"{where}: « {w} »" for w in _unlinked(text, tool))
    assert seen >= 5, "the shipped content names its tools"
    assert not problems, "\n".join(problems)


def test_the_check_catches_a_tool_named_without_a_link() -> None:
    text = "Le planificateur vérifie vos horaires."
    assert _unlinked(text, kinds.PLANNER) == ["planificateur"]
    linked = "[Le planificateur](planner:x) vérifie vos horaires ; le planificateur aide."
    assert _unlinked(linked, kinds.PLANNER) == []
    elsewhere = "Le planificateur ([la formation](course:x)) vérifie vos horaires."
    assert _unlinked(elsewhere, kinds.PLANNER) == ["planificateur"]
