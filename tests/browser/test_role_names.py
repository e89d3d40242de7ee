"""A role name in « Qui agit » and « Qui contacter » stays one name on a phone (issue 29):
its link is a 44 px tap target, but a name on two lines keeps its lines close, not 44 px
apart. The roles of the reader's own establishment are in « Qui agit » (issue 27)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from generator.plan.paths import KIT_SLUGS

PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("kit", list(KIT_SLUGS))
def test_two_line_role_names_are_not_split(page: Page, site_url: str, kit: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(f"{site_url}{KIT_SLUGS[kit]}/actions/stage-observation-3e/")
    boxes = page.locator(".pa-acting li a, .pa-who li a").evaluate_all(
        """links => links.map(a => {
          const style = getComputedStyle(a);
          const range = document.createRange();
          range.selectNodeContents(a);
          const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
          return {text: a.textContent, height: a.getBoundingClientRect().height, lines,
                  line: parseFloat(style.lineHeight)};
        })"""
    )
    assert boxes, "the stage action names who acts and whom to contact"
    assert any(b["lines"] > 1 for b in boxes), "a role name wraps on a phone"
    for box in boxes:
        assert box["height"] >= 44, box  # still easy to tap
        assert box["line"] < 30, box  # lines of text, not of tap targets
        assert box["height"] <= max(44, box["lines"] * box["line"] + 4), box
