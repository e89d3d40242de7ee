"""The courses over the built site.

- Quiz choices are shuffled at build time, so that the right answer is not the first
  choice as editors tend to write it, and stably, so that two builds of the same
  content give the same bytes.
- The course outline that every lesson page carries stays out of the search index:
  a lesson's title is found on its own page, not on every lesson of its course.

The questions, choices and titles are read from the YAML itself; the rest is read
back from the two builds of the shipped content every run shares (`dated_sites`,
tests/conftest.py: other copies, other hash seeds).
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from support import search_docs

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
_FORM = re.compile(r'<form class="pa-question".*?</form>', re.DOTALL)
_CHOICE = re.compile(
    r'<input type="(?:radio|checkbox)"[^>]*data-correct="(true|false)"[^>]*>\s*'
    r'<label for="[^"]+">(.*?)</label>',
    re.DOTALL,
)


def _yaml_quizzes() -> dict[str, list[dict[str, Any]]]:
    """« COURSE/LESSON » → its questions, for every lesson with a quiz."""
    found = {}
    for course in sorted((ROOT / "mooc").iterdir()):
        for path in sorted((course / "lessons").glob("*.yml")):
            quiz = yaml.safe_load(path.read_text("utf-8")).get("quiz") or []
            if quiz:
                found[f"{course.name}/{path.stem}"] = quiz
    return found


def _shown(page: str) -> list[list[tuple[str, bool]]]:
    """Each question of a built lesson page: its choices in display order."""
    return [
        [
            (" ".join(html.unescape(text).split()), flag == "true")
            for flag, text in _CHOICE.findall(f)
        ]
        for f in _FORM.findall(page)
    ]


def test_fewer_than_half_of_the_questions_have_their_right_answer_first(
    dated_sites: tuple[Path, Path],
) -> None:
    site, _ = dated_sites
    total = right_first = 0
    for key, questions in _yaml_quizzes().items():
        page = (site / "formations" / key / "index.html").read_text("utf-8")
        shown = _shown(page)
        assert len(shown) == len(questions), key
        for question, choices in zip(questions, shown, strict=True):
            # every choice of the YAML once, with its verdict, in another order
            written = [(" ".join(c["text"].split()), c["correct"]) for c in question["choices"]]
            assert sorted(choices) == sorted(written), (key, question["question"])
            total += 1
            right_first += choices[0][1]
    assert total >= 40, total
    assert right_first * 2 < total, f"{right_first} questions sur {total}"


def test_two_builds_give_the_same_bytes(dated_sites: tuple[Path, Path]) -> None:
    first, second = dated_sites
    files = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert files == sorted(
        p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file()
    )
    lessons = [name for name in files if name.startswith("formations/")]
    assert len(lessons) >= len(_yaml_quizzes())
    differing = [
        name for name in files if (first / name).read_bytes() != (second / name).read_bytes()
    ]
    assert differing == []


def test_the_lesson_outline_stays_out_of_the_search_index(dated_sites: tuple[Path, Path]) -> None:
    site, _ = dated_sites
    docs = search_docs(site)
    lessons = [
        f"formations/{course.name}/{path.stem}/"
        for course in sorted((ROOT / "mooc").iterdir())
        for path in sorted((course / "lessons").glob("*.yml"))
    ]
    indexed = {doc["location"] for doc in docs}
    assert set(lessons) <= indexed  # every lesson is searchable…
    for doc in docs:
        text = html.unescape(doc["text"])
        # …but not through the outline and the bar that every lesson page carries
        assert "Toutes les leçons de la formation" not in text, doc["location"]
        assert "(cette leçon)" not in text, doc["location"]
        assert "Leçon suivante :" not in text, doc["location"]
