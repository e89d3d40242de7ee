"""Python-Markdown's inline step made faster (generator/markdown/faster.py): the links'
closing brackets found from the brackets only (the same as Python-Markdown's own table
for every position of any text), the patterns that cannot match skipped, and the same
HTML as Python-Markdown's own on any text."""

from __future__ import annotations

from pathlib import Path

import markdown
from hypothesis import given
from hypothesis import strategies as st
from markdown.inlinepatterns import LinkInlineProcessor
from markdown.treeprocessors import InlineProcessor

from generator.markdown.faster import APPLY, HANDLE, REPLACED, BracketEnds, FasterMarkdown
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


# Markdown with links, images, references, nested brackets and broken ones, and what
# starts every other inline pattern: code, escapes, automatic links, line breaks, HTML,
# entities, emphasis, attributes
pieces = st.sampled_from(
    [
        "[lien](page.md)", "![image](img.png)", "[a [b] c](x.md)", "[ref][r]", "[r]",
        "[ouvert", "fermé]", "[titre](x.md \"t\")", "\\[échappé]", "`[code](x)`", " ", "\n",
        "mot", "[[double]](y.md)", "(", ")", "[vide]()", "`", "``", "\\", "\\*", "*", "**",
        "_", "__", "<https://exemple.fr>", "<a@b.fr>", "  \n", "<span>", "</span>", "<b>x</b>",
        "&amp;", "&#233;", "&", "<", ">", "!", "{: .classe }", "- ", "# ", "> ",
    ]
)  # fmt: skip


@given(st.lists(pieces, max_size=25).map("".join))
def test_the_html_is_python_markdowns(text: str) -> None:
    source = f"{text}\n\n[r]: cible.md\n"
    plain = markdown.Markdown(extensions=["attr_list", "md_in_html"])
    faster = markdown.Markdown(extensions=["attr_list", "md_in_html", FasterMarkdown()])
    assert faster.convert(source) == plain.convert(source)


def _applied(md: markdown.Markdown, text: str) -> int:
    """How many times Python-Markdown's own step applies a pattern to convert `text`."""
    inline = md.treeprocessors["inline"]
    own = getattr(inline, APPLY)
    calls = 0

    def counted(*args: object) -> object:
        nonlocal calls
        calls += 1
        return own(*args)

    setattr(inline, APPLY, counted)
    md.convert(text)
    return calls


def test_a_pattern_is_applied_only_where_its_expression_is() -> None:
    """Prose with no code, link, HTML, entity nor emphasis goes through no pattern at all;
    with one link, only the link patterns are applied (and it is converted)."""
    assert HANDLE in vars(InlineProcessor) and APPLY in vars(InlineProcessor)
    faster = markdown.Markdown(extensions=[FasterMarkdown()])
    plain = markdown.Markdown()
    prose = "Une visite d'entreprise se prépare avec la classe, puis se raconte."
    assert _applied(plain, prose) == len(plain.inlinePatterns)
    assert _applied(faster, prose) == 0
    linked = prose + " [Voir le kit](kit.md)"
    assert 0 < _applied(faster, linked) < len(faster.inlinePatterns)
    assert faster.convert(linked) == plain.convert(linked)
    assert '<a href="kit.md">Voir le kit</a>' in faster.convert(linked)


def test_the_site_converts_with_it(tmp_path: Path) -> None:
    """The site's configuration, once the plugin has seen it, gives every link and image
    processor the faster table and the inline step its skipping: fails if Python-Markdown
    no longer has the methods replaced (the conversion would still be right, only
    slower)."""
    assert REPLACED in vars(LinkInlineProcessor)
    config = site_config.load(tmp_path, site_dir=tmp_path / "site")  # the tool's mkdocs.yml
    config.plugins.on_config(config)
    md = markdown.Markdown(
        extensions=config.markdown_extensions, extension_configs=config.mdx_configs
    )
    links = [p for p in md.inlinePatterns if isinstance(p, LinkInlineProcessor)]
    assert len(links) >= 4  # links, images, references, short references
    assert all(getattr(p, REPLACED) is BracketEnds for p in links)
    assert HANDLE in vars(md.treeprocessors["inline"])  # the instance's own step
