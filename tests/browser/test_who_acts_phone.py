"""Who acts, whom to contact (issue 27), in Chromium on a phone (390×844): from the
measure 6 action a principal reaches a service that is not her own role in at most three
taps, and on every action page the people a step names are shown apart from whom to
contact, a staff action never asking its readers to contact themselves. Expected values
are read from the YAML of the shipped content."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Page, expect

ROOT = Path(__file__).resolve().parents[2]
PHONE = {"width": 390, "height": 844}
MEASURE_6 = "immersion-en-entreprise-des-nouveaux-cadres"
PRINCIPAL = "chef-d-etablissement"
STEPS = ("prepare", "supervise", "lead", "follow_up")
KITS = {"teams": ("school", "equipes"), "companies": ("company", "entreprises")}
SLUG = re.compile(r"interlocuteurs/([a-z0-9-]+)/")

# Per step heading (« 1. Préparer »…), the roles linked in its « Qui agit » block and in
# its « Qui contacter » block, and whether the two blocks overlap on the screen.
_STEP_BLOCKS = """() => [...document.querySelectorAll("article h3")]
  .filter(h => /^\\d\\. /.test(h.textContent.trim()))
  .map(h => {
    const found = {acting: [], contacts: [], boxes: []};
    for (let el = h.nextElementSibling; el && !/^H[23]$/.test(el.tagName); el = el.nextElementSibling) {
      const name = el.classList.contains("pa-acting") ? "acting"
        : el.classList.contains("pa-who") ? "contacts" : null;
      if (!name) continue;
      const box = el.getBoundingClientRect();
      found.boxes.push([box.top, box.bottom]);
      for (const li of el.querySelectorAll(":scope > ul > li")) {
        const a = li.querySelector("a[href*='interlocuteurs/']");
        if (a) found[name].push(a.getAttribute("href"));
      }
    }
    return found;
  })"""


def _yaml(folder: str) -> dict[str, dict[str, Any]]:
    return {
        p.stem: yaml.safe_load(p.read_text("utf-8"))
        for p in sorted((ROOT / "kits" / folder).glob("*.yml"))
    }


ROLES = _yaml("interlocutors")
ACTIONS = _yaml("actions")


def _own(kit: str, rid: str) -> bool:
    return (ROLES[rid]["side"], ROLES[rid]["level"]) == (KITS[kit][0], "school")


def _slugs(hrefs: list[str]) -> list[str]:
    return [m.group(1) for h in hrefs if (m := SLUG.search(h))]


@pytest.fixture
def phone(page: Page) -> Page:
    page.set_viewport_size(PHONE)
    # the académie sites are other hosts: a tap on one is counted, not followed
    page.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort())
    return page


def test_the_principal_reaches_a_service_from_the_measure_6_action_in_three_taps(
    phone: Page, site_url: str
) -> None:
    action = ACTIONS[MEASURE_6]
    assert action.get("participants") == "staff" and PRINCIPAL in ROLES
    phone.goto(site_url + f"equipes/actions/{MEASURE_6}/")
    steps = phone.evaluate(_STEP_BLOCKS)
    assert len(steps) == len(STEPS)
    for key, shown in zip(STEPS, steps, strict=True):
        named = action["steps"][key].get("interlocutors", [])
        # her own role acts at the steps that name it; she is never sent to contact it
        assert PRINCIPAL not in _slugs(shown["contacts"])
        assert (PRINCIPAL in named) == (PRINCIPAL in _slugs(shown["acting"]))
    services = [
        r
        for key in STEPS
        for r in action["steps"][key].get("interlocutors", [])
        if ROLES[r]["level"] in ("academy", "basin") and not _own("teams", r)
    ]
    assert services, "the YAML names a service of the académie or the basin"
    taps = 0
    link = phone.locator(".pa-who li a[href*='interlocuteurs/']").filter(
        has_text=ROLES[services[0]]["role"]
    )
    link.first.scroll_into_view_if_needed()
    link.first.click()
    taps += 1
    expect(phone.locator("article h1")).to_contain_text(ROLES[services[0]]["role"])
    assert ROLES[services[0]]["role"] != ROLES[PRINCIPAL]["role"]
    expect(phone.locator("article h2", has_text="Comment le joindre")).to_be_visible()
    to_academies = phone.locator("article a", has_text="Trouver votre académie").first
    to_academies.scroll_into_view_if_needed()
    to_academies.click()
    taps += 1
    expect(phone).to_have_url(re.compile(r"/academies/$"))
    # the next tap opens the académie's own page: a real, official address
    official = phone.locator("article a[href^='https://']").first
    expect(official).to_be_visible()
    taps += 1
    assert taps <= 3


def test_every_action_page_shows_who_acts_apart_from_whom_to_contact(
    phone: Page, site_url: str
) -> None:
    pages = 0
    for aid, action in ACTIONS.items():
        for kit, (_side, folder) in KITS.items():
            if f"for_{kit}" not in action:
                continue
            phone.goto(site_url + f"{folder}/actions/{aid}/")
            steps = phone.evaluate(_STEP_BLOCKS)
            assert len(steps) == len(STEPS), (kit, aid)
            for key, shown in zip(STEPS, steps, strict=True):
                named = action["steps"][key].get("interlocutors", [])
                assert _slugs(shown["acting"]) == [r for r in named if _own(kit, r)], (kit, aid)
                assert _slugs(shown["contacts"]) == [r for r in named if not _own(kit, r)], (
                    kit,
                    aid,
                )
                # two blocks, one under the other, never mixed
                boxes = sorted(shown["boxes"])
                assert all(a[1] <= b[0] for a, b in itertools.pairwise(boxes)), (kit, aid, key)
                if action.get("participants") == "staff" and kit == "teams":
                    assert not [r for r in _slugs(shown["contacts"]) if _own(kit, r)], aid
            pages += 1
    assert pages >= len(ACTIONS)
