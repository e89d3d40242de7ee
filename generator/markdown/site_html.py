"""Markdown texts rendered to HTML the way the site renders them (Python-Markdown with
the extensions of mkdocs.yml): what the course packages carry, and what checking renders
to control what a text really gives (see `prose_rules`)."""

from __future__ import annotations

import functools

import markdown
from markdown.extensions import Extension

from generator.markdown.faster import FasterMarkdown

# The Markdown extensions of mkdocs.yml, plus those MkDocs always adds.
SITE_EXTENSIONS = [
    "toc",
    "tables",
    "fenced_code",
    "admonition",
    "attr_list",
    "def_list",
    "md_in_html",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.tasklist",
]
EXTENSION_CONFIGS = {"pymdownx.tasklist": {"custom_checkbox": True}, "toc": {"permalink": True}}


@functools.cache
def _renderer(with_attributes: bool) -> markdown.Markdown:
    extensions: list[str | Extension] = [
        e for e in SITE_EXTENSIONS if with_attributes or e != "attr_list"
    ]
    extensions.append(FasterMarkdown())  # the last: sees every processor
    return markdown.Markdown(extensions=extensions, extension_configs=EXTENSION_CONFIGS)


def site_html(text: str, *, with_attributes: bool = True) -> str:
    """`text` rendered by Python-Markdown with the site's extensions."""
    renderer = _renderer(with_attributes)
    renderer.reset()
    return renderer.convert(text)
