"""« Trouver votre académie » on a phone (390 px): for every académie, what to ask for is
shown right under its name, inside the screen's width, and the page never scrolls
sideways. Expected values come from the académies data file."""

from __future__ import annotations

from pathlib import Path

import yaml
from playwright.sync_api import Page, expect

ROOT = Path(__file__).resolve().parents[2]
DATA = yaml.safe_load((ROOT / "generator/data/academies.yml").read_text("utf-8"))
PHONE = {"width": 390, "height": 844}
# Under its name: the ask starts within this many pixels below the académie's site link.
BESIDE = 48


def test_what_to_ask_under_each_academie_on_a_phone(page: Page, site_url: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(site_url + "academies/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for ident, entry in DATA.items():
        link = page.locator(f"a[href='{entry['site']}']")
        expect(link).to_have_count(1)
        item = page.locator("li", has=link).last
        ask = item.locator("li", has_text="Ce qu'il faut demander").first
        ask.scroll_into_view_if_needed()
        expect(ask).to_be_visible()
        link_box, ask_box = link.bounding_box(), ask.bounding_box()
        assert link_box is not None and ask_box is not None
        assert 0 <= ask_box["y"] - (link_box["y"] + link_box["height"]) <= BESIDE, ident
        assert ask_box["x"] >= 0 and ask_box["x"] + ask_box["width"] <= PHONE["width"], ident
