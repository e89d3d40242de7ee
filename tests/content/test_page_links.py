"""Links the templates write in HTML (the catalogues' cards) to a page's Markdown file:
turned into the page's address as MkDocs turns Markdown links (generator/mkdocs/page_links.py),
with and without directory addresses, and never left pointing at a `.md` file."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
import yaml
from mkdocs.structure.files import File, Files
from support import ROOT

from generator.mkdocs import page_links

PAGES = ["equipes/index.md", "equipes/actions/visite.md", "partenaires/cci.md", "index.md"]


class _Page:
    def __init__(self, file: File) -> None:
        self.file = file


def _files(directory_urls: bool) -> Files:
    return Files([File(p, "docs", "site", directory_urls) for p in PAGES])


@pytest.mark.parametrize(
    ("directory_urls", "visit", "partner", "home"),
    [
        (True, "actions/visite/", "../partenaires/cci/", "../"),
        (False, "actions/visite.html", "../partenaires/cci.html", "../index.html"),
    ],
)
def test_a_card_link_leads_where_mkdocs_would_lead_a_markdown_link(
    directory_urls: bool, visit: str, partner: str, home: str
) -> None:
    files = _files(directory_urls)
    page = _Page(files.get_file_from_path("equipes/index.md"))
    html = (
        '<p><a href="actions/visite.md">Visite</a> <a href="../partenaires/cci.md#contact">CCI</a>'
        ' <a href="../index.md">Accueil</a> <a href="https://exemple.fr/notes.md">notes</a></p>'
    )
    assert page_links.resolve(html, page, files) == (
        f'<p><a href="{visit}">Visite</a> <a href="{partner}#contact">CCI</a>'
        f' <a href="{home}">Accueil</a> <a href="https://exemple.fr/notes.md">notes</a></p>'
    )


def test_a_card_link_to_a_missing_page_is_reported(caplog: pytest.LogCaptureFixture) -> None:
    files = _files(True)
    page = _Page(files.get_file_from_path("equipes/index.md"))
    html = '<a href="actions/disparue.md">Disparue</a>'
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.passerelles"):
        assert page_links.resolve(html, page, files) == html
    assert "equipes/actions/disparue.md" in caplog.text  # a warning fails a strict build


@pytest.mark.slow
def test_every_card_of_the_kits_leads_to_its_action_page(built_site: Path) -> None:
    kits = {"equipes": "for_teams", "entreprises": "for_companies"}
    for slug, view in kits.items():
        expected = {
            path.stem
            for path in (ROOT / "kits/actions").glob("*.yml")
            if view in yaml.safe_load(path.read_text("utf-8"))
        }
        # the kit page holds its first cards, its pages 2, 3… the others
        targets = []
        for page in sorted((built_site / slug).glob("**/index.html")):
            if page.parent.name != slug and not page.parent.name.startswith("page-"):
                continue
            html = page.read_text("utf-8")
            hrefs = re.findall(r'class="pa-card__title"><strong><a href="([^"]+)"', html)
            targets.extend((page.parent / href).resolve() for href in hrefs)
        actions = (built_site / slug / "actions").resolve()
        assert sorted(t.relative_to(actions).as_posix() for t in targets) == sorted(expected)
        for target in targets:
            assert (target / "index.html").is_file(), target
    partners = (built_site / "partenaires" / "index.html").read_text("utf-8")
    hrefs = re.findall(r'class="pa-card__title"><strong><a href="([^"]+)"', partners)
    assert len(hrefs) == len(list((ROOT / "kits/partners").glob("*.yml")))
    assert all((built_site / "partenaires" / h / "index.html").is_file() for h in hrefs)
    for html in built_site.rglob("*.html"):
        assert not re.search(r'href="[^":]*\.md[#"]', html.read_text("utf-8")), html
