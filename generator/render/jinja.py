"""Render stage: the planned pages → Markdown files (bytes), through Jinja.

Content text reaches the templates as variables, never as template source, so
`{{ x }}` typed by an editor comes out as typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, partial
from typing import Protocol

import jinja2
import yaml
from markupsafe import escape

from generator.check.catalog import Catalog
from generator.format import labels
from generator.markdown.links import published
from generator.plan import Page, SitePlan, relative, target_path
from generator.plan.paths import OPEN_DATA_CSV, OPEN_DATA_JSON
from generator.render import opendata
from generator.render.memo import RenderMemo, reused
from generator.run.processes import forked_map, jobs, min_pages

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#|!])")


def markdown_text(value: object) -> str:
    """Plain text made safe inside Markdown: no emphasis, link, list or raw HTML."""
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = " ".join(text.split())
    # what would start a block when the text begins a line: a list, a details block
    return _BLOCK_START.sub(_neutral_start, text, count=1)


_BLOCK_START = re.compile(r"^(?:[-+]|\d+\.(?=\s|$)|\?{3}|~{3})")


def _neutral_start(match: re.Match[str]) -> str:
    marker = match.group()
    if marker[0] in "-+":
        return "\\" + marker
    if marker[0].isdigit():
        return marker[:-1] + "\\."
    return f"&#{ord(marker[0])};" + marker[1:]


def html_text(value: object) -> str:
    """Plain text made safe inside HTML written by a template."""
    return " ".join(str(escape(str(value))).split())


def plural(count: int, one: str, many: str) -> str:
    """« 1 action », « 3 actions », « 0 action » (French: singular up to one)."""
    return f"{count} {one if count <= 1 else many}"


@cache
def environment() -> jinja2.Environment:
    """One environment per process: the preview's rebuilds reuse its compiled
    templates (Jinja still reloads a template whose file changed)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # the output is Markdown; each value is escaped by its filter
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["text"] = markdown_text
    env.filters["attr"] = html_text
    env.filters["plural"] = plural
    return env


try:  # libyaml writes the front matter of thousands of pages several times faster
    from yaml import CSafeDumper as _DUMPER
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper as _DUMPER  # type: ignore[assignment]


def _front_matter(page: Page, kit_titles: Mapping[str, str]) -> str:
    # the theme prints the title, the description and the kit unescaped: the plan gives
    # them written for it
    meta: dict[str, object] = {"title": page.theme_title}
    if page.theme_description is not None:
        meta["description"] = page.theme_description
    if page.source:
        meta["source"] = page.source
    if page.search:
        meta["search"] = page.search
    if page.kit:
        meta["kit"] = kit_titles[page.kit]
    return yaml.dump(meta, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=1000)


class _Resolver:
    """Internal links of one page → relative URLs; None for what an edition hides."""

    def __init__(self, catalog: Catalog, page: Page) -> None:
        self.catalog, self.page = catalog, page
        self.unlinked = 0

    def __call__(self, prefix: str, target: str) -> str | None:
        if not self.catalog.publishes(prefix, target):
            self.unlinked += 1
            return None
        return relative(self.page.path, target_path(self.catalog, prefix, target, self.page.kit))


def render_page(
    env: jinja2.Environment,
    catalog: Catalog,
    page: Page,
    resolver: _Resolver | None = None,
    *,
    kit_titles: Mapping[str, str],
) -> bytes:
    """A page as Markdown with its front matter; `kit_titles`: each kit's title as the
    theme prints it (`SitePlan.kit_titles`)."""
    template = env.get_template(page.template)
    resolver = resolver or _Resolver(catalog, page)
    body = template.render(
        **page.context,
        page=page,
        labels=labels,
        md=lambda text: published(text, resolver),
        rel=partial(relative, page.path),
    )
    body = re.sub(r"\n{3,}", "\n\n", body).strip() + "\n"
    return f"---\n{_front_matter(page, kit_titles)}---\n\n{body}".encode()


@dataclass
class Rendered:
    """Every file of the docs tree by its path, and how many links to hidden contents
    were shown as plain text."""

    files: dict[str, bytes] = field(default_factory=dict)
    unlinked: int = 0
    processes: int = 1  # how many processes rendered the pages


def render(catalog: Catalog, site: SitePlan, memo: RenderMemo | None = None) -> Rendered:
    """Every file of the docs tree, by its path relative to the docs folder. With a
    `memo` (the preview), a page given the same inputs as last time is not rendered again."""
    rendered = Rendered()
    rendered.files = dict(render_each(catalog, site, memo, tally=rendered))
    return rendered


class Filler(Protocol):
    """What completes some pages just before they are rendered (the course homes with their
    packages' sizes, see `pipeline`): those pages are rendered in this process."""

    def fills(self, page: Page) -> bool:
        """Whether `fill` completes `page` (a pool renders the other pages)."""
        ...

    def fill(self, page: Page) -> Page:
        """`page` completed, or as it is when there is nothing to complete."""
        ...


RENDER_CHUNK = 32  # pages handed to a process at a time


def render_each(
    catalog: Catalog,
    site: SitePlan,
    memo: RenderMemo | None = None,
    *,
    tally: Rendered,
    fill: Filler | None = None,
) -> Iterator[tuple[str, bytes]]:
    """Each file of the docs tree with its path, one at a time (written as it comes, the
    pages of a large edition are never all in memory); the links to hidden contents are
    counted in `tally`. `fill` completes some pages just before they are rendered. A whole
    build's pages are rendered on every core when there are enough of them to pay."""
    env = environment()
    processes = jobs() if memo is None and len(site.pages) >= min_pages() else 1
    tally.processes = processes
    if processes > 1:
        found = _in_pool(env, catalog, site, fill, processes)
    else:
        found = _here(env, catalog, site, memo, fill)
    for path, data, hidden in found:
        tally.unlinked += hidden
        yield path, data
    yield OPEN_DATA_JSON, opendata.actions_json(catalog, site.actions)
    yield OPEN_DATA_CSV, opendata.actions_csv(catalog, site.actions)


def _rendered(
    env: jinja2.Environment, catalog: Catalog, page: Page, site: SitePlan
) -> tuple[bytes, int]:
    """A page's Markdown, and how many of its links to hidden contents became plain text."""
    resolver = _Resolver(catalog, page)
    data = render_page(env, catalog, page, resolver, kit_titles=site.kit_titles)
    return data, resolver.unlinked


def _here(
    env: jinja2.Environment,
    catalog: Catalog,
    site: SitePlan,
    memo: RenderMemo | None,
    fill: Filler | None,
) -> Iterator[tuple[str, bytes, int]]:
    """The pages rendered one after the other in this process; with a `memo` (the preview),
    a page given the same inputs as last time is not rendered again."""
    previous = memo.start(catalog) if memo is not None else {}
    for planned in site.pages:
        page = fill.fill(planned) if fill is not None else planned
        kept = reused(previous, page)
        data, hidden = _rendered(env, catalog, page, site) if kept is None else kept
        if memo is not None:
            memo.keep(page, data, hidden, rendered=kept is None)
        yield page.path, data, hidden


def _in_pool(
    env: jinja2.Environment,
    catalog: Catalog,
    site: SitePlan,
    fill: Filler | None,
    processes: int,
) -> Iterator[tuple[str, bytes, int]]:
    """The pages rendered by processes forked from this one, in the plan's order; the pages
    `fill` completes are rendered here when their turn comes (what fills them is here)."""
    pages = site.pages
    here = {i for i, page in enumerate(pages) if fill is not None and fill.fills(page)}
    for template in sorted({page.template for page in pages}):
        env.get_template(template)  # compiled once, before the fork, not in each process

    def work(index: int) -> tuple[bytes, int] | None:
        return None if index in here else _rendered(env, catalog, pages[index], site)

    results = forked_map(work, len(pages), processes, RENDER_CHUNK)
    for planned, result in zip(pages, results, strict=True):
        if result is None:
            page = fill.fill(planned) if fill is not None else planned
            result = _rendered(env, catalog, page, site)
        yield planned.path, *result
