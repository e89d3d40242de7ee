"""A planned page carries its title and description written for the theme, which prints
them unescaped: derived from the page's own fields, so they never drift from them."""

from __future__ import annotations

import dataclasses

from generator.plan.pages import Page

TITLE = 'Stage <b>3e</b> & "découverte"'
DESCRIPTION = 'Une  description <i>longue</i>\n & "citée"'


def test_a_page_gives_the_theme_its_title_and_description_escaped() -> None:
    page = Page(path="a.md", template="t.md.j2", title=TITLE, source=None, description=DESCRIPTION)
    assert page.theme_title == 'Stage &lt;b&gt;3e&lt;/b&gt; &amp; "découverte"'
    # inside an attribute (<meta content="…">): quotes too, spaces folded
    assert page.theme_description == (
        "Une description &lt;i&gt;longue&lt;/i&gt; &amp; &quot;citée&quot;"
    )


def test_the_theme_s_description_is_cut_at_300_characters_of_the_text() -> None:
    page = Page(path="a.md", template="t.md.j2", title="t", source=None, description="é" * 400)
    assert page.theme_description == "é" * 300


def test_a_page_without_description_gives_none_and_a_replaced_page_is_written_again() -> None:
    page = Page(path="a.md", template="t.md.j2", title="Avant", source=None)
    assert page.theme_description is None
    changed = dataclasses.replace(page, title="Après <x>", description="Un <résumé>")
    assert changed.theme_title == "Après &lt;x&gt;"
    assert changed.theme_description == "Un &lt;résumé&gt;"
