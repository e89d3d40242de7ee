"""Over the built site: every role page leads to « Trouver votre académie », which lists
the 30 académies, each with its https:// site and, in the same list item, what to ask for
and its verified contact with the date and the page it was read on (expected values from
the data file)."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest
import yaml

from generator.check.validate import validate

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
DATA = yaml.safe_load((ROOT / "generator/data/academies.yml").read_text("utf-8"))
# The site spells each acronym out at its first use on a page: « DRAFPIC (délégation…) ».
EXPANSIONS = [
    f" ({spelled})"
    for spelled in yaml.safe_load(
        (ROOT / "generator/data/glossary.yml").read_text("utf-8")
    ).values()
    if spelled
]


@pytest.fixture
def site(built_site: Path) -> Path:
    return built_site


def test_every_role_page_links_to_the_academies_page(site: Path) -> None:
    roles = validate(ROOT).interlocutors
    for rid in roles:
        html = (site / "interlocuteurs" / rid / "index.html").read_text("utf-8")
        assert 'href="../../academies/"' in html, rid


def test_the_academies_page_lists_thirty_academies_with_their_site(site: Path) -> None:
    html = (site / "academies/index.html").read_text("utf-8")
    links = dict(re.findall(r'<a href="(https://[^"]+)">site de l\'académie ([^<]+)</a>', html))
    assert len(DATA) == 30
    for entry in DATA.values():
        assert entry["site"].startswith("https://")
        assert (
            links.get(entry["site"]) == entry["of"].replace("'", "&#39;")
            or links.get(entry["site"]) == entry["of"]
        ), entry["site"]


def _academy_items(html: str) -> dict[str, lxml.html.HtmlElement]:
    """Each académie's list item, found by the link to its site."""
    tree = lxml.html.fromstring(html)
    items = {}
    for ident, entry in DATA.items():
        links = tree.xpath("//a[@href=$site]", site=entry["site"])
        assert len(links) == 1, (ident, len(links))
        items[ident] = links[0].xpath("ancestor::li[1]")[0]
    return items


def test_what_to_ask_and_the_contact_beside_each_academie(site: Path) -> None:
    html = (site / "academies/index.html").read_text("utf-8")
    for ident, item in _academy_items(html).items():
        contact = DATA[ident]["contact"]
        text = " ".join(item.text_content().split())
        for spelled in EXPANSIONS:
            text = text.replace(spelled, "")
        # beside: in the académie's own list item, not in a section screens away
        assert contact["ask"] in text, ident
        hrefs = set(item.xpath(".//a/@href"))
        if contact["level"] == "none":
            assert "Aucun contact vérifié" in text, ident
            assert hrefs == {DATA[ident]["site"]}, ident
        else:
            assert {contact["url"], contact["source"]} <= hrefs, ident
            assert "vérifié le" in text, ident
            assert contact["service"] in text, ident
        if "phone" in contact:
            assert contact["phone"] in text, ident
        if "address" in contact:
            assert contact["address"] in text, ident
