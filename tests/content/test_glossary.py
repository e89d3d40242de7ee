"""Over the built site: every word of two capitals or more in a page's text is in the
glossary (generator/data/glossary.yml), and each acronym the glossary spells out is
spelled out in words at its first use on the page, not only in a tooltip."""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from generator.search import glossary

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = yaml.safe_load((ROOT / "generator/data/glossary.yml").read_text("utf-8"))
WORD = re.compile(r"(?<![\w@./-])[\wÀ-ÿ@]+(?![\w@])")
SKIPPED = {"code", "pre", "script", "style", "h1", "h2", "h3", "h4", "h5", "h6"}


class _Prose(HTMLParser):
    """The text of a page's article a reader reads as prose (no heading, no code)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.inside = 0
        self.skipped = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.inside += 1
        if tag in SKIPPED:
            self.skipped += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.inside -= 1
        if tag in SKIPPED and self.skipped:
            self.skipped -= 1

    def handle_data(self, data: str) -> None:
        if self.inside and not self.skipped:
            self.text.append(data)


def prose(html: str) -> str:
    parser = _Prose()
    parser.feed(html)
    return " ".join(" ".join(parser.text).split())


def fold(text: str) -> str:
    """Lower case, no accent; « comités locaux » counts as spelling « comité local » out."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = re.split(r"[\s()'’,.;:]+", plain)
    return " ".join(
        w[:-3] + "al"
        if len(w) > 4 and w.endswith("aux")
        else w[:-1]
        if len(w) > 3 and w[-1] in "sx"
        else w
        for w in words
        if w
    )


def capitals(text: str) -> list[tuple[str, int]]:
    return [
        (m.group(), m.start())
        for m in WORD.finditer(text)
        if sum(c.isupper() for c in m.group()) >= 2 and not m.group().isdigit()
    ]


@pytest.fixture
def site(built_site: Path) -> Path:
    return built_site


def test_every_acronym_is_in_the_glossary_and_spelled_out_at_its_first_use(site: Path) -> None:
    unknown: set[str] = set()
    unexplained: list[str] = []
    for page in sorted(site.rglob("*.html")):
        text = prose(page.read_text("utf-8"))
        first: dict[str, int] = {}
        for word, at in capitals(text):
            first.setdefault(word, at)
        for word, at in first.items():
            if word not in GLOSSARY:
                unknown.add(f"{word} ({page.relative_to(site)})")
                continue
            expansion = GLOSSARY[word]
            if expansion is None:
                continue
            around = fold(text[: at + len(word) + glossary.NEAR])
            if fold(expansion) not in around:
                unexplained.append(f"{page.relative_to(site)}: {word}")
    assert not unknown, sorted(unknown)
    assert not unexplained, unexplained


def test_the_check_sees_an_acronym_left_unexplained() -> None:
    page = "<article><p>La PFMP se prépare.</p></article>"
    assert capitals(prose(page)) == [("PFMP", 3)]
    spelled = glossary.spell_out(page)
    assert "PFMP (période de formation en milieu professionnel)" in prose(spelled)
    # already spelled out before, or just after: left as it is
    written = "<article><p>PFMP (période de formation en milieu professionnel)</p></article>"
    assert glossary.spell_out(written) == written
    heading = "<article><h2>La PFMP</h2><p>Rien d'autre.</p></article>"
    assert glossary.spell_out(heading) == heading
