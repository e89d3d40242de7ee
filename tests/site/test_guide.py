"""The editors' guide (« Contribuer »): generated from where the tool declares things,
reached from the footer, not from the readers' menu."""

from __future__ import annotations

import html
import re
from pathlib import Path

import markdown
import pytest
from support import run_build

from generator.check.validate import validate
from generator.diagnostics import messages
from generator.diagnostics.errors import Problem
from generator.plan import plan
from generator.plan.paths import (
    GUIDE_MESSAGES_PATH,
    GUIDE_NEW_ACTION_PATH,
    GUIDE_PATH,
    GUIDE_PUBLISHING_PATH,
    REFERENCE_PATH,
)
from generator.preview import server as preview
from generator.render.jinja import render

ROOT = Path(__file__).resolve().parents[2]
GUIDE_PAGES = [
    GUIDE_PATH,
    GUIDE_NEW_ACTION_PATH,
    REFERENCE_PATH,
    GUIDE_MESSAGES_PATH,
    GUIDE_PUBLISHING_PATH,
]


def generated(content: Path) -> dict[str, str]:
    catalog = validate(content)
    return {path: data.decode() for path, data in render(catalog, plan(catalog)).files.items()}


def html_ids(page: str) -> set[str]:
    """The ids of a generated page as MkDocs renders them (the site's attr_list and toc)."""
    body = page.split("\n---\n", 1)[1]
    html = markdown.markdown(body, extensions=["attr_list", "toc", "tables"])
    return set(re.findall(r' id="([^"]+)"', html))


def test_every_declared_message_has_its_anchor_cause_and_fix(minimal: Path) -> None:
    page = generated(minimal)[GUIDE_MESSAGES_PATH]
    ids = html_ids(page)
    assert len(messages.MESSAGES) > 80
    for code, message in messages.MESSAGES.items():
        assert code in ids, code
        section = page.split("{#" + code + "}", 1)[1].split("\n### ", 1)[0]
        # cause and fix as declared (escaped as Markdown: compare the words)
        words = html.unescape(re.sub(r"\\(.)", r"\1", " ".join(section.split())))
        assert " ".join(message.cause.split()) in words, code
        assert " ".join(message.fix.split()) in words, code
    families = re.findall(r"^## (.+)$", page, re.MULTILINE)
    assert families == [
        t
        for f, t in messages.FAMILIES.items()
        if any(m.family == f for m in messages.MESSAGES.values())
    ]


def test_the_page_lists_a_message_added_in_the_code(
    minimal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = generated(minimal)[GUIDE_MESSAGES_PATH]
    assert "un-message-ajoute" not in before
    monkeypatch.setattr(messages, "MESSAGES", dict(messages.MESSAGES))
    messages._declare(
        "un-message-ajoute",
        "references",
        "la page « {target} » a disparu",
        "Une cause écrite pour ce test.",
        "Une correction écrite pour ce test.",
    )
    page = generated(minimal)[GUIDE_MESSAGES_PATH]
    assert "un-message-ajoute" in html_ids(page)
    assert "### la page « … » a disparu {#un-message-ajoute}" in page
    assert "Une correction écrite pour ce test." in page
    section = page.split("## Références entre fichiers", 1)[1].split("\n## ", 1)[0]
    assert "{#un-message-ajoute}" in section
    count = re.search(r"les (\d+) messages", page)
    assert count and int(count.group(1)) == len(messages.MESSAGES)


def test_the_guide_is_out_of_the_readers_menu(minimal: Path) -> None:
    catalog = validate(minimal)
    site = plan(catalog)
    assert set(GUIDE_PAGES) <= {p.path for p in site.pages}

    def paths(nav: object) -> list[str]:
        if isinstance(nav, str):
            return [nav]
        if isinstance(nav, dict):
            return [p for v in nav.values() for p in paths(v)]
        if isinstance(nav, list):
            return [p for v in nav for p in paths(v)]
        return []

    assert not set(GUIDE_PAGES) & set(paths(site.nav))


def test_guide_pages_link_to_each_other(minimal: Path) -> None:
    files = generated(minimal)
    index = files[GUIDE_PATH]
    for path in GUIDE_PAGES[1:]:
        assert f"]({Path(path).name})" in index, path
    quick = files[GUIDE_NEW_ACTION_PATH]
    assert "passerelles new action visite-du-port" in quick
    # the skeleton shown is the one `passerelles new` writes
    assert "# Titre de l'action (120 caractères au plus).\ntitle: À COMPLÉTER\n" in quick
    assert f"(messages.md#{messages.PLACEHOLDER.code})" in quick
    assert "--format gitlab" in files[GUIDE_PUBLISHING_PATH]


def test_the_preview_links_each_error_to_its_explanation() -> None:
    assert GUIDE_MESSAGES_PATH.removesuffix(".md") + "/" == preview.GUIDE
    problem = Problem.of("kits/teams.yml", 3, 1, messages.YAML_TAB)
    shown = preview.Preview(Path("."), Path("."), "/", [problem])
    page = shown.error_page().decode()
    assert f'href="/{GUIDE_MESSAGES_PATH.removesuffix(".md")}/#yaml-tab"' in page


def test_the_footer_builds_the_address_of_the_guide() -> None:
    partial = (ROOT / "overrides" / "partials" / "copyright.html").read_text("utf-8")
    folder = GUIDE_PATH.removesuffix("index.md")
    assert f'"{folder}" if config.use_directory_urls else "{folder}index.html"' in partial


@pytest.mark.slow
def test_the_built_site_reaches_the_guide_from_every_footer(minimal: Path, tmp_path: Path) -> None:
    site = tmp_path / "publie"
    result = run_build(minimal, site)
    assert result.returncode == 0, result.stderr
    messages_page = (site / "contribuer" / "messages" / "index.html").read_text("utf-8")
    for code in messages.MESSAGES:
        assert f'id="{code}"' in messages_page, code
    pages = list(site.rglob("index.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text("utf-8")
        link = re.search(r'<a href="([^"]*)">Contribuer</a>', html)
        assert link, page
        assert (page.parent / link.group(1) / "index.html").resolve() == (
            site / "contribuer" / "index.html"
        ), page
        # the readers' sidebar never lists the guide
        sidebar = re.findall(r'<a href="([^"]+)" class="md-nav__link', html)
        assert not [s for s in sidebar if "contribuer" in s], page
