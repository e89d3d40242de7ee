"""Where the links of a package page lead.

A lesson's text links to other pages of the site (`lesson:`, `action:`…). Inside
a package, a page of the same course that travels in the package is linked
there; any other page becomes an absolute link to the published site when its
address is known, and plain text otherwise (a link to a page that is not there
would only lead the learner to an error).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from generator.check.catalog import Catalog
from generator.diagnostics import messages
from generator.plan.paths import page_url, target_path

# What a link resolves to when it must become plain text: Python-Markdown keeps
# it as written, and `unlink` takes the <a> away afterwards.
UNLINKED = "#pa-sans-lien"
_SITE_URL = re.compile(r"^https?://[^\s\"'<>()\\`]+$")
_HEADERLINK = re.compile(r'<a class="headerlink" href="#[^"]*" title="[^"]*">&para;</a>')
_UNLINKED_ANCHOR = re.compile(rf'<a href="{UNLINKED}"[^>]*>(.*?)</a>', re.DOTALL)
_ANCHOR = re.compile(
    r'<a href="(?P<href>(?!mailto:)[^"#][^"]*)"(?P<rest>[^>]*)>(?P<text>.*?)</a>', re.DOTALL
)
NEW_WINDOW = '<span class="pa-sr-only"> (nouvelle fenêtre)</span>'


class SiteUrlError(ValueError):
    """The published site's address cannot be used in links."""


def check_site_url(site_url: str | None) -> str | None:
    """The site's address ending with « / », or None; refused when it is not a plain URL."""
    if site_url is None or not site_url.strip():
        return None
    url = site_url.strip()
    if not _SITE_URL.match(url):
        raise SiteUrlError(messages.EXPORT_SITE_URL(url=url[:80]))
    return url if url.endswith("/") else url + "/"


@dataclass(frozen=True)
class Linker:
    """Turns site page paths into the hrefs of one package page.

    `inside` maps the site path of every page that travels in the package to
    its href as seen from the page being written.
    """

    catalog: Catalog
    site_url: str | None
    inside: Mapping[str, str]
    kit: str | None = None  # the kit whose readers the course speaks to

    def href(self, site_path: str) -> str:
        if site_path in self.inside:
            return self.inside[site_path]
        if self.site_url is not None:
            return self.site_url + page_url(site_path)
        return UNLINKED

    def resolver(self) -> Callable[[str, str], str | None]:
        """For `prose_links.rewrite_links`: where a `kind:target` link of this package leads;
        None (the link becomes its text) for what an edition hides."""

        def resolve(kind: str, target: str) -> str | None:
            if not self.catalog.publishes(kind, target):
                return None
            return self.href(target_path(self.catalog, kind, target, self.kit))

        return resolve


def clean_html(html: str, *, new_window: bool = False) -> str:
    """The site's HTML, fit for a package page.

    Heading permalinks go (the page has no address to share), links to nowhere
    become their text, and with `new_window` every link opens a new window: a
    SCORM lesson left for another page would end its session in the LMS.
    """
    html = _HEADERLINK.sub("", html)
    html = _UNLINKED_ANCHOR.sub(r"\1", html)
    if new_window:
        html = _ANCHOR.sub(_in_new_window, html)
    return html


def _in_new_window(match: re.Match[str]) -> str:
    rest = match.group("rest")
    return (
        f'<a href="{match.group("href")}"{rest} target="_blank" rel="noopener">'
        f"{match.group('text')}{NEW_WINDOW}</a>"
    )
