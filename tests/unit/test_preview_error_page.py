"""The live preview's error page (generator/templates/preview/error.html.j2): every
located problem, its text escaped, linked to its explanation in the editors' guide."""

from __future__ import annotations

import html
import re
from pathlib import Path

from generator.diagnostics import messages
from generator.diagnostics.errors import Problem
from generator.preview import server as preview


def page(problems: list[Problem], home: str = "/") -> str:
    return preview.Preview(Path("."), Path("."), home, problems).error_page().decode()


def test_each_problem_is_listed_with_its_place_and_its_guide_link() -> None:
    problems = [
        Problem.of("kits/teams.yml", 3, 1, messages.YAML_TAB),
        Problem.of("mooc/stage/cours.yml", 12, 5, messages.YAML_KEY_EXPECTED),
    ]
    shown = page(problems, home="/apercu/")
    assert "<h1>2 erreurs dans le contenu</h1>" in shown
    items = re.findall(r"<li>(.*?)</li>", shown)
    assert len(items) == len(problems)
    for item, problem in zip(items, problems, strict=True):
        place = f"{problem.path}:{problem.line}:{problem.column}"
        assert f"<code>{place}</code>" in item
        assert html.unescape(item).split("</code> ", 1)[1].startswith(problem.message)
        assert f'href="/apercu/{preview.GUIDE}#{problem.code}"' in item
    assert f'<a href="/apercu/{preview.GUIDE}">' in shown


def test_one_problem_is_said_in_the_singular() -> None:
    shown = page([Problem.of("kits/teams.yml", 3, 1, messages.YAML_TAB)])
    assert "<h1>1 erreur dans le contenu</h1>" in shown


def test_what_the_content_wrote_is_escaped() -> None:
    hostile = Problem("kits/<b>x</b>.yml", 1, 1, 'clé « <script>alert("x")</script> »', "yaml-tab")
    shown = page([hostile])
    assert "<script>alert" not in shown and "<b>x</b>" not in shown
    assert "&lt;script&gt;alert(" in shown and "kits/&lt;b&gt;x&lt;/b&gt;.yml" in shown
