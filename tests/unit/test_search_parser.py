"""Material's search parser fed by the faster reader of tags (generator/mkdocs/search_parser.py):
the same sections as Material's own parser on any text made of tags, attributes, entities
and text (tests/content/test_search_sections.py compares them on the shipped site's
pages)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from support import search_sections as sections

from generator.mkdocs.search_parser import MATERIAL_PARSER, SectionParser

pieces = st.sampled_from(
    [
        "<h1 id=\"t\">", "</h1>", "<h2 id=\"s\">", "</h2>", "<h3>", "</h3>", "<p>", "</p>",
        "<ul>", "</ul>", "<li>", "</li>", "<code>", "</code>", "<pre>", "</pre>",
        "<a class=\"headerlink\" href=\"#s\">", "</a>", "<br>", "<br/>", "<hr />",
        "<div data-search-exclude>", "</div>", "<div class=\"linenodiv\">", "<span>",
        "</span>", "<img alt=\"x &amp; y\" src=\"i.png\">", "<input checked disabled>",
        "<P CLASS=\"X\">", "<script>x<y</script>", "<style>p{}</style>", "<!-- c -->",
        "<!doctype html>", "<a href=x>", "<a title='q'>", "<a  b = \"c\" >", "<p\u00a0a=\"b\">",
        "&amp;", "&lt;", "&eacute;", "&#233;", "&", "<", ">", " ", "\n", "texte", "mot é",
        "a < b", "</>", "<1>", "<?x?>", "<sub>", "</sub>", "<table><tr><td>", "</td>",
    ]
)  # fmt: skip


@given(st.lists(pieces, max_size=30).map("".join))
def test_any_text_of_tags_gives_the_same_sections(html: str) -> None:
    assert sections(SectionParser, html) == sections(MATERIAL_PARSER, html)
