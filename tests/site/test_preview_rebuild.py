"""The preview's quick rebuild: after one action is saved, only the pages that show it
are rebuilt, and the search index is still the whole site's, equal to a full build's.
Expected pages come from the YAML: the action's pages, its kits' catalogues, its
partners' and roles' pages, « Qui contacter »."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build

from generator.mkdocs import site_config
from generator.search.index import read_docs

pytestmark = pytest.mark.slow

KITS = {"for_teams": "equipes", "for_companies": "entreprises"}


def _pages(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("index.html")}


def _shown_on(content: Path, aid: str) -> set[str]:
    action = yaml.safe_load((content / f"kits/actions/{aid}.yml").read_text("utf-8"))
    kits = [slug for view, slug in KITS.items() if view in action]
    roles = {r for step in action["steps"].values() for r in step.get("interlocutors", [])}
    pages = {f"{kit}/actions/{aid}/index.html" for kit in kits}
    pages |= {f"{kit}/index.html" for kit in kits}
    pages |= {f"partenaires/{pid}/index.html" for pid in action.get("partners", [])}
    pages |= {f"interlocuteurs/{rid}/index.html" for rid in roles}
    if roles:
        pages.add("interlocuteurs/index.html")
    return pages


def test_one_saved_action_rebuilds_only_what_shows_it(minimal: Path, tmp_path: Path) -> None:
    site = tmp_path / "apercu"
    config = site_config.load(minimal, site_dir=site)
    config.plugins.on_startup(command="serve", dirty=False)
    build(config)
    before = _pages(site)
    time.sleep(0.05)

    aid = "visite-atelier"
    action = minimal / f"kits/actions/{aid}.yml"
    text = action.read_text("utf-8")
    title = yaml.safe_load(text)["title"]
    action.write_text(text.replace(title, "Visite d'un atelier de menuiserie", 1), "utf-8")
    build(site_config.load(minimal, site_dir=site), dirty=True)

    after = _pages(site)
    rebuilt = {page for page, stamp in after.items() if before.get(page) != stamp}
    assert rebuilt == _shown_on(minimal, aid)
    page = (site / f"equipes/actions/{aid}/index.html").read_text("utf-8")
    assert (
        "Visite d&#39;un atelier de menuiserie" in page
        or "Visite d'un atelier de menuiserie" in page
    )

    # the search index is the whole site's: the same as a full build of the same content
    whole = tmp_path / "complet"
    build(site_config.load(minimal, site_dir=whole))
    assert read_docs(site) == read_docs(whole)
    assert any("menuiserie" in doc["title"] for doc in read_docs(site)["docs"])
