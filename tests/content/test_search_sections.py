"""Material's search parser fed by the faster reader of tags (generator/mkdocs/search_parser.py)
on the shipped site: every page gives Material's search the same sections, and the faster
reading is the one this project's pages take."""

from __future__ import annotations

import re
from pathlib import Path

from support import search_sections as sections

from generator.mkdocs.search_parser import MATERIAL_PARSER, SectionParser

_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)


def test_every_page_of_the_shipped_site_gives_the_same_sections(built_site: Path) -> None:
    """What Material's search reads of each page (its article, as MkDocs hands it over)."""
    articles = [
        match[1]
        for page in sorted(built_site.rglob("*.html"))
        for match in _ARTICLE.finditer(page.read_text("utf-8"))
    ]
    assert len(articles) > 50
    for article in articles:
        assert sections(SectionParser, article) == sections(MATERIAL_PARSER, article)


class _Counted(SectionParser):
    fallbacks = 0

    def goahead(self, end: bool) -> None:
        if self.rawdata:
            type(self).fallbacks += 1
        super().goahead(end)


def test_plain_pages_are_read_without_html_parser(built_site: Path) -> None:
    """The faster reading is the one this project's pages take (HTMLParser reads none of
    the headings, lists and links of a kit's page), and a comment is left to HTMLParser."""
    kit = _ARTICLE.search((built_site / "equipes" / "index.html").read_text("utf-8"))
    assert kit is not None
    sections(_Counted, kit[1])
    assert _Counted.fallbacks == 0
    sections(_Counted, "<p>a</p><!-- note --><p>b</p>")
    assert _Counted.fallbacks == 1
