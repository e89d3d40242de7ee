"""Links that a template writes in HTML (the catalogues' cards) to a page's Markdown file,
turned into the page's address the way MkDocs turns the links of Markdown: relative to
the page that holds them, with or without directory addresses (the offline copy has
none). MkDocs leaves HTML as it is; without this step such a link would lead to a
`.md` file the site does not have.

Editors cannot write HTML (see `prose_rules`), and MkDocs has already turned every Markdown
link it could resolve: a `.md` address left in a page's HTML comes from a template.
"""

from __future__ import annotations

import logging
import posixpath
import re
from typing import Any

log = logging.getLogger("mkdocs.plugins.passerelles")

_MARKDOWN_HREF = re.compile(r'href="(?P<path>[^":?#]+\.md)(?P<anchor>#[^"]*)?"')


def resolve(html: str, page: Any, files: Any) -> str:
    """`html` with each `href` to a Markdown file of the docs replaced by its page's
    address relative to `page`; a file the site does not have gets a warning (which
    fails a strict build) and keeps its address."""
    if ".md" not in html:
        return html
    here = posixpath.dirname(page.file.src_uri)

    def address(match: re.Match[str]) -> str:
        target = posixpath.normpath(posixpath.join(here, match["path"]))
        file = files.get_file_from_path(target)
        if file is None:
            log.warning("%s : lien vers une page absente : %s", page.file.src_uri, target)
            return match.group()
        return f'href="{file.url_relative_to(page.file)}{match["anchor"] or ""}"'

    return _MARKDOWN_HREF.sub(address, html)
