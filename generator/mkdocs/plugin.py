"""The MkDocs plugin: regenerate the Markdown tree before each build.

Thin glue only: the pipeline knows nothing of MkDocs. Registered under the
`mkdocs.plugins` entry point (`passerelles`), with a typed config, so that an
installed package is all a site needs and a plain `mkdocs serve` live-reloads
on YAML edits.
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast
from urllib.parse import urlsplit

import jinja2
import jinja2.bccache
from markdown.extensions import Extension
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from generator.diagnostics import messages
from generator.diagnostics.errors import ContentError, Problem
from generator.export import ExportError
from generator.format import kinds
from generator.generate.pipeline import Session, running
from generator.markdown.faster import FasterMarkdown
from generator.mkdocs import page_links, parallel, search_parser
from generator.mkdocs.site_config import OFFLINE_PLUGIN
from generator.plan.pages import site_name
from generator.preview.server import guard_hosts, reload_by_file
from generator.run import bundle, memo
from generator.search import glossary, pagefind_index
from generator.search.glossary import expansions
from generator.search.index import (
    PageSearch,
    merge_partial,
    page_search,
    rewrite_page,
    write_split_index,
)
from generator.trust import csp, output_scan

log = logging.getLogger("mkdocs.plugins.passerelles")


def finished_html(html: str, page: Page, files: Files) -> str:
    """A converted page's HTML as this project publishes it: its links to other pages made
    relative to it, the glossary's acronyms spelled out (done in the conversion pool when
    there is one)."""
    return glossary.spell_out(page_links.resolve(html, page, files))


class _CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates compiled once per preview: each build of a preview gets a new
    Jinja environment from MkDocs, which would compile Material's templates again (a
    fifth of a second). Jinja checks each template's source against its checksum."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


@dataclass
class PreviewSession:
    """Everything a preview keeps between its builds, held by the plugin instance (MkDocs
    keeps one instance across a preview's rebuilds): the generation's session (checked
    files, course packages, rendered pages, memos of what was read from the content), the
    theme's compiled templates, the last search index and sidebar. After a save, the
    preview rebuilds only the pages whose Markdown changed (MkDocs' dirty build), and
    Material's search plugin then indexes only those: the last whole index completes it.
    A one-off build has no preview session."""

    generation: Session
    templates: _CompiledTemplates = field(default_factory=_CompiledTemplates)
    indexes: dict[Path, tuple[dict[str, Any], dict[str, PageSearch]]] = field(default_factory=dict)
    navs: dict[Path, list[Any]] = field(default_factory=dict)

    def same_nav(self, docs: Path, nav: list[Any]) -> None:
        """A quick rebuild redoes only pages whose Markdown changed: when the sidebar
        changes (a course renamed, a kit retitled), every page must show the new one."""
        if docs in self.navs and self.navs[docs] != nav:
            now = time.time()
            for path in docs.rglob("*.md"):
                os.utime(path, (now, now))
        self.navs[docs] = nav

    def whole_index(
        self, site: Path, pages: list[str], rebuilt: set[str], search: dict[str, PageSearch]
    ) -> dict[str, PageSearch]:
        path = site / "search" / "search_index.json"
        if not path.is_file():
            return search
        index = json.loads(path.read_text("utf-8"))
        published = set(pages)
        if site in self.indexes and rebuilt != published:
            last, last_search = self.indexes[site]
            index = merge_partial(last, index, rebuilt, pages)
            kept = {u: p for u, p in last_search.items() if u in published and u not in rebuilt}
            search = {**kept, **search}
            path.write_text(json.dumps(index, ensure_ascii=False), "utf-8")
        self.indexes[site] = (index, search)
        return search


def _material_index(config: MkDocsConfig) -> Any:
    """The index Material's search plugin fills page by page (set up by its on_config)."""
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        if isinstance(getattr(index, "entries", None), list):
            return index
    return None


class PasserellesConfig(base.Config):
    content = c.Optional(c.Dir(exists=True))
    """The folder holding kits/ and mooc/ (default: the folder of mkdocs.yml)."""
    edit_links = c.Type(bool, default=False)
    """A « Modifier » link on each page, to its YAML source on the content's forge
    (`forge` of edition.yml or publication.yml), for the edition's own files."""
    edit_path = c.Type(str, default="-/edit/main/")
    """Where a file is edited on the forge, after its address (GitLab's default branch)."""


class PasserellesPlugin(BasePlugin[PasserellesConfig]):
    """The hooks in the order MkDocs calls them. MkDocs keeps this instance from one build
    of a process to the next: a preview's state lives in `preview`, a build's in `build`
    (dropped when the build ends)."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False  # started by `serve`: the builds are a preview's
        self.preview: PreviewSession | None = None  # only in a preview, from its first config
        self.build: Session | None = None  # the generation's session, during a build
        self._leave_memos: Callable[[], None] | None = None
        self.forge: str | None = None
        # each page's `search:` front matter, by page URL, for the search index rewrite
        self.search_pages: dict[str, PageSearch] = {}
        # Material's search index, rewritten page by page from `indexed` on
        self.material_index: Any = None
        self.indexed = 0
        # each converted page's HTML, compressed, until its page is written (by source)
        self.converted: dict[str, bytes] = {}
        self.pages: list[str] = []  # every page of this build, in build order
        self.rebuilt: set[str] = set()  # the pages this build rendered (all but in a preview)
        self.written: set[str] = set()  # their files, relative to the site folder
        self.sources: dict[str, str] = {}  # each page's file → its YAML source
        self.policy: csp.SitePolicy | None = None
        self.prerendered: parallel.Prerendered | None = None  # pages converted in a pool
        self.nav: Navigation | None = None  # this build's, for the pool that renders pages
        self.indexing: pagefind_index.Indexing | None = None  # Pagefind, while it indexes
        self.prebuilt: parallel.Prebuilt | None = None  # pages' templates rendered in a pool

    @property
    def drafts(self) -> list[Problem]:
        """The values still « À COMPLÉTER » that the preview's last generation let through."""
        return self.preview.generation.drafts if self.preview is not None else []

    def content_dir(self, config: MkDocsConfig) -> Path:
        return Path(self.config.content or Path(config.config_file_path).parent).resolve()

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.serving = self.serving or command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # MkDocs keeps a plugin from one build of a preview to the next: start afresh
        self.search_pages, self.pages, self.rebuilt = {}, [], set()
        self.material_index, self.indexed, self.converted = None, 0, {}
        content = self.content_dir(config)
        if self.serving and (self.preview is None or self.preview.generation.content != content):
            self.preview = PreviewSession(Session(content, preview=True))
        # MkDocs hands the list to Python-Markdown, which takes extension objects too
        extensions = cast("list[str | Extension]", config.markdown_extensions)
        if not any(isinstance(e, FasterMarkdown) for e in extensions):  # the last: sees all
            extensions.append(FasterMarkdown())
        search_parser.install()  # Material's search reads the pages' tags faster
        features = config.theme.get("features", [])
        if self.config.edit_links and "content.action.edit" not in features:
            config.theme["features"] = [*features, "content.action.edit"]
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        content = self.content_dir(config)
        if self.preview is not None:
            self.build = self.preview.generation
        else:  # a command's session (the site, then its offline copy), or this build's own
            self.build = running(content) or Session(content)
        self._leave_memos = memo.enter(self.build.memos)
        try:
            generated = self.build.generate(Path(config.docs_dir), site_url=config.site_url or None)
        except ContentError as exc:
            raise Abort(exc.report()) from exc
        except ExportError as exc:  # the last check of a course package found something
            raise Abort(str(exc)) from exc
        log.info("Passerelles : %s", generated.summary())
        self.material_index = _material_index(config)
        config.nav = generated.site.nav
        if self.preview is not None:
            self.preview.same_nav(Path(config.docs_dir), generated.site.nav)
        self.forge = generated.catalog.forge
        if generated.catalog.title:
            config.site_name = site_name(generated.catalog.title)

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        self.pages = [f.url for f in files.documentation_pages()]
        return files

    @event_priority(-100)  # the last: the navigation and the files are final
    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        preview = self.preview is not None
        self.prerendered = parallel.prerender(config, files, preview=preview, then=finished_html)
        self.nav = nav
        return nav

    @event_priority(-50)
    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        source = page.meta.get("source")
        if source:
            self.sources[page.file.dest_uri] = source
        forge = self.forge
        # a base's files (« national/… ») are not this forge's to edit
        own = source and not source.startswith(("../", f"{kinds.NATIONAL_BASE}/"))
        if self.config.edit_links and own and forge:
            path = self.config.edit_path.strip("/")
            page.edit_url = f"{forge.rstrip('/')}/{path}/{source}"
        else:
            page.edit_url = None
        found = page_search(
            page.meta, lambda path: getattr(files.get_file_from_path(path), "url", None)
        )
        if found:
            self.search_pages[page.url] = found
        if self.prerendered is not None:
            self.prerendered.hand(page)
        return markdown

    @event_priority(-100)  # the last to see the page's HTML before MkDocs keeps it
    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        # MkDocs converts every page, keeps them all in memory, then writes them one by
        # one: the Markdown source is of no more use, and the HTML waits compressed (a
        # fifth of its size) until its page is written (thousands in a large edition)
        page.markdown = None
        pool = self.prerendered
        if pool is None or not pool.was_finished(page):
            html = finished_html(html, page, files)
        self.converted[page.file.src_uri] = zlib.compress(html.encode(), 1)
        return ""

    @event_priority(-100)  # the last: the environment is final when the pages' pool forks
    def on_env(
        self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        parallel.finish()  # every page is converted
        if self.preview is not None:
            env.bytecode_cache = self.preview.templates
        offline = config.plugins.get(OFFLINE_PLUGIN)
        self.policy = csp.SitePolicy(env, config, offline=bool(offline and offline.config.enabled))
        env.globals["passerelles_csp"] = self.policy  # main.html: the page's <meta>
        if self.nav is not None:  # every page's template rendered in a pool, when it pays
            self.prebuilt = None  # what the pool's workers inherit: they render for themselves
            index = self.material_index
            search = None if index is None else parallel.SearchEntries(index, *self._search())
            preview = self.preview is not None
            self.prebuilt = parallel.prebuild(
                config, files, self.nav, env, preview=preview, search=search
            )
        return env

    def _search(self) -> tuple[Callable[[Page, list[Any]], list[Any]], Callable[[], None]]:
        """What the pool's workers do with a page's search entries (`_rewrite_indexed`'s
        rewrite), and what this process does once they are in the index."""

        def rewrite(page: Page, fresh: list[Any]) -> list[Any]:
            if not fresh:
                return fresh
            return rewrite_page(fresh, self.search_pages.get(page.url, PageSearch()), expansions())

        def added() -> None:
            self.indexed = len(self.material_index.entries)

        return rewrite, added

    @event_priority(100)  # before any other plugin reads the page's HTML
    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        converted = self.converted.pop(page.file.src_uri, None)
        # a page a worker rendered and indexed needs its HTML no more in this process
        built = self.prebuilt.result(page.file.src_uri) if self.prebuilt is not None else None
        if converted is not None and built is None:
            page.content = zlib.decompress(converted).decode()
        self.rebuilt.add(page.url)
        self.written.add(page.file.dest_uri)
        return context

    @event_priority(-100)
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        # the page is written right after: its HTML is of no more use (search has read it)
        page.content = None
        self._rewrite_indexed(page)
        return output

    def _rewrite_indexed(self, page: Page) -> None:
        """The sections Material just indexed for `page`, rewritten at once into what
        readers search: the index of thousands of pages never holds their whole text."""
        index = self.material_index
        if index is None:
            return
        fresh = index.entries[self.indexed :]
        if fresh:
            meta = self.search_pages.get(page.url, PageSearch())
            index.entries[self.indexed :] = rewrite_page(fresh, meta, expansions())
        self.indexed = len(index.entries)

    @event_priority(-50)
    def _split_index(self, *, config: MkDocsConfig) -> None:
        # after Material's search plugin wrote search/search_index.json (priority 0), before
        # its offline plugin inlines that file into search_index.js (priority -100)
        self.converted.clear()  # a page MkDocs converted but did not write (none so far)
        site = Path(config.site_dir)
        pages = self.search_pages
        if self.preview is not None:
            pages = self.preview.whole_index(site, self.pages, self.rebuilt, pages)
        split = write_split_index(site, pages, rewritten=self.material_index is not None)
        if self.preview is None and self.material_index is not None:
            # written to search/ and read back by `write_split_index`: the processes the
            # build forks next (Pagefind's, the output scan's) need not share the entries
            self.material_index.entries.clear()
        assert self.policy is not None  # set in on_env, with whether this is the offline copy
        # The served site searches with Pagefind, indexed here rather than by `passerelles
        # build` so that a plain `mkdocs build` gets it too, from the documents just
        # rewritten (no page read again). A preview keeps lunr: it rewrites the index
        # after each save, and the offline copy keeps lunr, which works from file://.
        served = self.preview is None and not self.policy.offline
        if split is not None and served:  # indexed while the output is scanned (`_scan`)
            self.indexing = pagefind_index.publish(site, split)

    @event_priority(-1000)  # the last step: after every plugin wrote what it writes
    def _scan(self, *, config: MkDocsConfig) -> None:
        assert self.policy is not None
        site = Path(config.site_dir)
        # MkDocs writes 404.html's links from the site's path (site_url), as it is served
        # at any address
        root = urlsplit(config.site_url or "/").path or "/"
        rules = output_scan.SiteRules(self.policy, shipped_scripts(config), root)
        pages = None if self.preview is None else self.written
        found = list(output_scan.scan_site(site, rules, pages=pages))
        indexing, self.indexing = self.indexing, None
        if indexing is not None:
            indexing.finish()
        self.written = set()
        self._end_build()
        if found:
            raise Abort(unsafe_output(found, self.sources, self.content_dir(config)).report())

    on_post_build = CombinedEvent(_split_index, _scan)

    def on_build_error(self, *, error: Exception) -> None:
        self._end_build()

    def _end_build(self) -> None:
        """A build's memos, session, pools and search indexing go with it (a preview's stay
        with the preview)."""
        parallel.finish()
        self.nav, self.prebuilt = None, None
        if self.indexing is not None:  # a build that failed before its indexing ended
            self.indexing.stop()
            self.indexing = None
        self.nav = None
        if self._leave_memos is not None:
            self._leave_memos()
            self._leave_memos = None
        self.build = None

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable[..., Any]
    ) -> LiveReloadServer:
        # The docs tree is generated: watching it would rebuild once more after each
        # build. The content folders (and, in a checkout, the templates and the theme's
        # overrides/) are watched. `mkdocs serve` too answers only the address it serves
        # (`passerelles serve` already guards its own server: a second guard asks the same)
        # its reloading script is a file, as `passerelles serve` makes it: the pages' policy
        # refuses an inline one (a second wrapper serves the same file)
        reload_by_file(server)
        guard_hosts(server, config.dev_addr.host, config.dev_addr.port)
        server.unwatch(config.docs_dir)
        session = self.preview.generation if self.preview else Session(self.content_dir(config))
        for path in session.watched():
            server.watch(str(path))
        if bundle.templates().is_relative_to(bundle.root()):
            server.watch(str(bundle.templates()))
            server.watch(str(bundle.root() / "overrides"))
        return server


def shipped_scripts(config: MkDocsConfig) -> frozenset[str]:
    """The script files a page of the site may load: Material's own (from the theme, not
    from the output), the site's widgets and the offline shim (from mkdocs.yml)."""
    found = {str(path) for path in config.extra_javascript}
    found.update(str(path) for path in config.extra.get("polyfills", ()))
    for folder in config.theme.dirs:
        scripts = Path(folder) / "assets" / "javascripts"
        if scripts.is_dir():
            found.update(p.relative_to(folder).as_posix() for p in scripts.glob("*.js"))
    return frozenset(found)


def unsafe_output(
    found: list[output_scan.Problem], sources: dict[str, str], content: Path
) -> ContentError:
    """The scan's findings as content errors: at the YAML file a page comes from, on the
    first line that holds what was found, where that can be traced."""
    problems = []
    for item in found:
        source = sources.get(item.file)
        if source is None:
            problems.append(
                Problem.of(item.file, 1, 1, messages.OUTPUT_UNSAFE, file=item.file, what=item.what)
            )
            continue
        line = _line_holding(content / source, item.what)
        problems.append(
            Problem.of(source, line, 1, messages.OUTPUT_UNSAFE_AT, file=item.file, what=item.what)
        )
    return ContentError(problems)


def _line_holding(path: Path, what: str) -> int:
    """The first line of `path` holding the word quoted in `what` (« onerror »…), or 1."""
    quoted = re.findall(r"« ([^»]+) »|<([a-z]+)", what)
    needles = [a or b for a, b in quoted]
    try:
        lines = path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    for needle in needles:
        for number, line in enumerate(lines, 1):
            if needle.lower() in line.lower():
                return number
    return 1
