"""Over the built site: every role page leads to « Trouver votre académie », which lists
the 30 académies, each with its https:// site (expected values from the data file)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator.validate import validate

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
DATA = yaml.safe_load((ROOT / "generator/data/academies.yml").read_text("utf-8"))


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
