"""Python-Markdown's links found from their brackets only (generator/markdown/brackets.py):
the same closing bracket as Python-Markdown's own table for every position of any text,
and the same HTML."""

from __future__ import annotations

from pathlib import Path

import markdown
from hypothesis import given
from hypothesis import strategies as st
from markdown.inlinepatterns import LinkInlineProcessor

from generator.markdown.brackets import REPLACED, BracketEnds, FasterLinks
from generator.mkdocs import site_config

# Python-Markdown's own answer, the reference
upstream = vars(LinkInlineProcessor)[REPLACED].__func__

# texts made of what decides a link: brackets, parentheses, escapes, quotes, words
bracketed = st.text(alphabet="[]()!\\\"' ab\n", max_size=80)


@given(bracketed)
def test_every_position_closes_where_python_markdown_says(text: str) -> None:
    expected = upstream(text)
    found = BracketEnds(text)
    assert [found[index] for index in range(len(text) + 1)] == expected


# Markdown with links, images, references, nested brackets and broken ones
pieces = st.sampled_from(
    [
        "[lien](page.md)", "![image](img.png)", "[a [b] c](x.md)", "[ref][r]", "[r]",
        "[ouvert", "fermé]", "[titre](x.md \"t\")", "\\[échappé]", "`[code](x)`", " ", "\n",
        "mot", "[[double]](y.md)", "(", ")", "[vide]()",
    ]
)  # fmt: skip


@given(st.lists(pieces, max_size=25).map("".join))
def test_the_html_is_python_markdowns(text: str) -> None:
    source = f"{text}\n\n[r]: cible.md\n"
    plain = markdown.Markdown(extensions=["attr_list", "md_in_html"])
    faster = markdown.Markdown(extensions=["attr_list", "md_in_html", FasterLinks()])
    assert faster.convert(source) == plain.convert(source)


def test_the_site_converts_with_it(tmp_path: Path) -> None:
    """The site's configuration, once the plugin has seen it, gives every link and image
    processor the faster table: fails if Python-Markdown no longer has the method it
    replaces (the conversion would still be right, only slower)."""
    assert REPLACED in vars(LinkInlineProcessor)
    config = site_config.load(tmp_path, site_dir=tmp_path / "site")  # the tool's mkdocs.yml
    config.plugins.on_config(config)
    md = markdown.Markdown(
        extensions=config.markdown_extensions, extension_configs=config.mdx_configs
    )
    links = [p for p in md.inlinePatterns if isinstance(p, LinkInlineProcessor)]
    assert len(links) >= 4  # links, images, references, short references
    assert all(getattr(p, REPLACED) is BracketEnds for p in links)
