"""What readers meet, over a default build of the shipped content: a French 404 page
with ways on, no edit pencil, no editors' pages in the readers' menu, and French that
does not say « échelle national »."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture
def site(built_site: Path) -> Path:
    return built_site


def _pages(site: Path) -> list[Path]:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 100
    return pages


def test_the_404_page_is_french_with_ways_on(site: Path) -> None:
    html = (site / "404.html").read_text("utf-8")
    assert '<html lang="fr"' in html
    assert "<h1>Page introuvable</h1>" in html
    main = html.split("<h1>Page introuvable</h1>", 1)[1].split("</article>", 1)[0]
    assert 'role="search"' in main
    assert len(re.findall(r'<li><a href="', main)) >= 4


def test_no_edit_link_in_a_default_build(site: Path) -> None:
    for page in _pages(site):
        html = page.read_text("utf-8")
        assert "md-content__button" not in html and "/-/edit/" not in html, page


def test_the_readers_menu_has_no_editors_pages(site: Path) -> None:
    html = (site / "index.html").read_text("utf-8")
    menu = html.split('class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
    assert "Format des contenus" not in menu and "contribuer/" not in menu
    assert "forge.apps.education.fr" not in html.split("<article", 1)[0]


def test_no_page_says_echelle_national(site: Path) -> None:
    for page in _pages(site):
        assert "échelle national" not in page.read_text("utf-8").lower(), page


def test_each_course_home_offers_its_three_packages(site: Path) -> None:
    courses = sorted(
        p.name for p in Path(__file__).resolve().parents[2].glob("mooc/*") if p.is_dir()
    )
    assert courses
    for course in courses:
        html = (site / f"formations/{course}/index.html").read_text("utf-8")
        for name in (
            f"{course}-scorm12.zip",
            f"{course}.imscc",
            f"{course}-olx.tar.gz",
            f"{course}.mbz",
        ):
            assert (site / "telechargements" / name).stat().st_size > 1000, name
            assert f'href="../../telechargements/{name}"' in html, name
        assert "Restauration" in html and "Importer" in html  # the import guide
