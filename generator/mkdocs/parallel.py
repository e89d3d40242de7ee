"""Every core of the machine builds pages: MkDocs' Markdown conversion, then its page
templates, in process pools.

MkDocs reads and converts each page one after the other, on one core, then renders each
page's template one after the other: Python-Markdown, then Material's templates, are most of
a large build.

Conversion. Once the navigation is known (`on_nav`), `prerender` forks workers
that inherit the config and the files, and each converts pages exactly as MkDocs'
`Page.render` would: the same function, run on the same Markdown, with the site's
extensions, the links made relative to the same files. MkDocs then reads each page and runs
every plugin's `on_page_markdown` as before; when it calls `page.render`, the page takes
what a worker converted if the Markdown it was handed is the one the worker converted
(compared by hash), and converts it itself otherwise. What the conversion logged (a broken
link, a missing anchor) is logged again in this process when the page takes its result, in
the page's order: `mkdocs build --strict` counts the same warnings.

Templates. Once every page is converted and the template environment is final (`on_env`),
`prebuild` forks workers that inherit it all and render each page's template as MkDocs'
`_build_page` does: the same context, every plugin's `on_page_context`, the same template.
The search plugin indexes the page there too, into the worker's copy of its index; the
entries the page added, rewritten by the plugin (`SearchEntries`), go back with its HTML.
MkDocs then builds each page as before: its context, every plugin's `on_page_context`
(where the search plugin's index takes the worker's entries instead of reading the page
again), and when it renders the page's template, the worker's HTML is taken instead;
`on_post_page` and the writing are MkDocs' own. Only when every `on_page_context` is one
this module knows (`_KNOWN_CONTEXTS`): another plugin could carry state from one page to
the next, which workers would not see.

Both only for a whole build with enough pages to pay for the forks (`MIN_PAGES`, measured: see
bench/README.md), never in a preview (which converts the few pages that changed), and never
when `PASSERELLES_JOBS=1`.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import multiprocessing.pool
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import jinja2
from mkdocs.commands.build import get_context
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page

# one setting of the number of processes for every stage (tests set it by this module's name)
from generator.run.processes import JOBS_VARIABLE as JOBS_VARIABLE
from generator.run.processes import MIN_PAGES as MIN_PAGES
from generator.run.processes import MIN_PAGES_VARIABLE as MIN_PAGES_VARIABLE
from generator.run.processes import forking, jobs, min_pages

log = logging.getLogger("mkdocs.plugins.passerelles")

CHUNK = 16  # pages handed to a worker at a time: fewer round trips, still balanced


@dataclass
class Converted:
    """What `Page.render` leaves on a page, as a worker sends it back."""

    digest: bytes  # the hash of the Markdown converted
    content: bytes  # the HTML, compressed
    toc: Any
    title: str | None
    anchors: set[str] | None
    links: dict[str, dict[str, str]] | None  # links_to_anchors, by linked file's src_uri
    logged: list[logging.LogRecord]
    finished: bool  # the HTML went through the plugin's own `on_page_content` (`Finish`)


# The plugin's own work on a page's HTML once converted (its `on_page_content`), done by
# the worker that converts the page when no other plugin's `on_page_content` comes first
Finish = Callable[[str, Page, Files], str]


def _digest(markdown: str) -> bytes:
    return hashlib.blake2b(markdown.encode(), digest_size=16).digest()


# What the forked workers inherit (set just before the fork, in the parent)
_INHERITED: dict[str, Any] = {}


class _Kept(logging.Handler):
    """In a worker: each record logged while converting a page, to be logged again by the
    parent in its place."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args = record.getMessage(), None
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        self.records.append(record)


_KEPT = _Kept()


def _start_worker() -> None:
    # the parent's handlers (the console, the strict build's warning counter) stay the
    # parent's: a worker keeps its records and sends them back with the page
    for logger in [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]:
        if isinstance(logger, logging.Logger):
            logger.handlers = []
            logger.propagate = True
    logging.getLogger().addHandler(_KEPT)


def _convert(src_uri: str) -> Converted | None:
    """In a worker: the page of `src_uri` read and converted as MkDocs would. None when
    anything goes wrong: the parent then converts the page itself and reports it."""
    config, files = _INHERITED["config"], _INHERITED["files"]
    _KEPT.records = []
    try:
        file = files.get_file_from_path(src_uri)
        page = file.page if file.page is not None else Page(None, file, config)
        page.read_source(config)
        markdown = page.markdown
        config._current_page = page
        page.render(config, files)
        assert markdown is not None and page.content is not None
        links = page.links_to_anchors
        finish: Finish | None = _INHERITED["finish"]
        html = page.content if finish is None else finish(page.content, page, files)
        converted = Converted(
            digest=_digest(markdown),
            content=zlib.compress(html.encode(), 1),
            toc=page.toc,
            title=page._title_from_render,
            anchors=page.present_anchor_ids,
            links=None if links is None else {f.src_uri: v for f, v in links.items()},
            logged=_KEPT.records,
            finished=finish is not None,
        )
        # the worker's copy of the page keeps nothing: its memory does not grow with pages
        page.markdown, page.content, page.meta, page.links_to_anchors = None, None, {}, None
        return converted
    except Exception:  # the parent converts it again, and reports what it finds
        return None
    finally:
        config._current_page = None


T = TypeVar("T")


class _Ordered(Generic[T]):
    """A pool's results in the pages' order, each taken once by its page (by source)."""

    def __init__(
        self,
        work: Callable[[str], T | None],
        inherited: dict[str, Any],
        pages: list[str],
        processes: int,
        start: Callable[[], None],
    ) -> None:
        self.waiting = set(pages)
        _INHERITED.update(inherited)
        context = multiprocessing.get_context("fork")
        try:
            with forking():
                self.pool: multiprocessing.pool.Pool | None = context.Pool(processes, start)
        finally:
            _INHERITED.clear()
        self.results: Iterator[tuple[str, T | None]] = zip(
            pages, self.pool.imap(work, pages, CHUNK), strict=True
        )
        self.ready: dict[str, T | None] = {}
        self.taken = 0  # the pages that took a worker's result
        _CURRENT.append(self)

    def take(self, src_uri: str) -> T | None:
        """The page's result, waiting for it if it is not back yet."""
        if src_uri not in self.waiting:
            return None
        self.waiting.discard(src_uri)
        while src_uri not in self.ready:
            try:
                uri, done = next(self.results)
            except StopIteration:
                break
            self.ready[uri] = done
        found = self.ready.pop(src_uri, None)
        self.taken += found is not None
        if not self.waiting:
            self.close()
        return found

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None
        self.ready.clear()


class Prerendered(_Ordered[Converted]):
    """The pages the workers convert, in MkDocs' order, taken one by one by the pages."""

    def __init__(
        self, config: Any, files: Any, pages: list[str], processes: int, finish: Finish | None
    ) -> None:
        inherited = {"config": config, "files": files, "finish": finish}
        super().__init__(_convert, inherited, pages, processes, _start_worker)
        self.files = files
        self.finished: set[str] = set()  # the pages whose HTML went through `finish`

    def was_finished(self, page: Page) -> bool:
        """Whether the page's HTML is the worker's, already through the plugin's `finish`."""
        return page.file.src_uri in self.finished

    def hand(self, page: Any) -> None:
        """Called on each page before MkDocs converts it: its `render` takes the worker's
        conversion when the Markdown is the one converted."""
        prerendered = self

        def render(config: Any, files: Any) -> None:
            del page.render  # the page's own method again
            converted = prerendered.take(page.file.src_uri)
            if converted is None or page.markdown is None:
                page.render(config, files)
                return
            if converted.digest != _digest(page.markdown):
                page.render(config, files)
                return
            _apply(page, converted, files)
            if converted.finished:
                prerendered.finished.add(page.file.src_uri)

        page.render = render


def _apply(page: Any, converted: Converted, files: Any) -> None:
    for record in converted.logged:
        logging.getLogger(record.name).handle(record)
    page.content = zlib.decompress(converted.content).decode()
    page.toc = converted.toc
    page._title_from_render = converted.title
    page.present_anchor_ids = converted.anchors
    if converted.links is not None:
        page.links_to_anchors = {
            files.get_file_from_path(uri): links for uri, links in converted.links.items()
        }


def prerender(
    config: Any, files: Any, *, preview: bool, then: Finish | None = None
) -> Prerendered | None:
    """Start converting every page of a whole build in a pool, when it pays (`on_nav`);
    `then`, the plugin's own `on_page_content` work, is done by the workers too when no
    other plugin's `on_page_content` comes first."""
    finish()
    pages = [file.src_uri for file in files.documentation_pages()]
    processes = jobs()
    if preview or processes < 2 or len(pages) < min_pages():
        return None
    handlers = config.plugins.events["page_content"]
    alone = all(_owner(h).startswith(_KNOWN_CONTEXTS) for h in handlers)
    started = Prerendered(config, files, pages, processes, then if alone else None)
    log.info("Passerelles : %d pages converties par %d processus", len(pages), processes)
    return started


@dataclass
class Built:
    """A page's template rendered by a worker, as it sends it back."""

    output: bytes  # the page's HTML, compressed
    logged: list[logging.LogRecord]
    entries: list[Any] | None  # what the page added to the search index (None: no index)


@dataclass(frozen=True)
class SearchEntries:
    """The search plugin's index, and what the project's plugin does with a page's entries:
    `rewrite` them (in the worker that renders the page) and learn they were `added` (in
    this process, once they are in the index)."""

    index: Any  # Material's search index: `entries`, `add_entry_from_context`
    rewrite: Callable[[Page, list[Any]], list[Any]]
    added: Callable[[], None]


# The `on_page_context` handlers a worker may run: this project's plugin (it puts the page's
# converted HTML back), and the search plugins, which read the page into their index (in a
# worker, into nothing: the parent indexes the page) and take their markers out of its HTML.
_KNOWN_CONTEXTS = ("generator.mkdocs.plugin",)
_COLLECTORS = ("material.plugins.search.", "mkdocs.contrib.search")


def _owner(handler: Any) -> str:
    return str(type(getattr(handler, "__self__", handler)).__module__)


def _start_builder() -> None:
    _start_worker()
    search: SearchEntries | None = _INHERITED["search"]
    for handler in _INHERITED["config"].plugins.events["page_context"]:
        index = getattr(handler.__self__, "search_index", None)
        own = search is not None and index is search.index
        if _owner(handler).startswith(_COLLECTORS) and index is not None and not own:
            index.add_entry_from_context = _index_nothing  # an index nobody sends back


def _index_nothing(page: Any) -> None:
    del page


def _build(src_uri: str) -> Built | None:
    """In a worker: the page's template rendered as MkDocs' `_build_page` renders it. None
    when anything goes wrong: the parent then renders the page itself and reports it."""
    config, files, nav, env = (_INHERITED[k] for k in ("config", "files", "nav", "env"))
    _KEPT.records = []
    page = files.get_file_from_path(src_uri).page
    if page is None:
        return None
    search: SearchEntries | None = _INHERITED["search"]
    entries: list[Any] = search.index.entries if search is not None else []
    mark = len(entries)
    config._current_page = page
    try:
        page.active = True
        context = get_context(nav, _INHERITED["pages"], config, page)
        template = env.get_template(page.meta.get("template", "main.html"))
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        output = template.render(context)
        fresh = None if search is None else search.rewrite(page, entries[mark:])
        return Built(zlib.compress(output.encode(), 1), _KEPT.records, fresh)
    except Exception:  # the parent renders it again, and reports what it finds
        return None
    finally:
        page.active = False
        page.content = None  # the worker's copy keeps nothing
        del entries[mark:]
        config._current_page = None


class Prebuilt(_Ordered[Built]):
    """The pages' templates the workers render, taken by MkDocs' own rendering of each
    page's template (`wrap`)."""

    def __init__(
        self,
        config: Any,
        files: Any,
        nav: Any,
        env: Any,
        pages: list[Any],
        processes: int,
        search: SearchEntries | None,
    ) -> None:
        # the page's own template compiled once, before the fork, rather than in each worker
        env.get_template("main.html")
        inherited = {
            "config": config, "files": files, "nav": nav, "env": env, "pages": pages,
            "search": search,
        }  # fmt: skip
        uris = [file.src_uri for file in pages]
        super().__init__(_build, inherited, uris, processes, _start_builder)
        self.kept: dict[str, Built | None] = {}  # taken for their index, until rendered
        if search is not None:
            self._index_from_workers(search)

    def result(self, src_uri: str) -> Built | None:
        """The page's worker result, kept from its indexing until its template is rendered."""
        if src_uri not in self.kept:
            self.kept[src_uri] = self.take(src_uri)
        return self.kept[src_uri]

    def done(self, src_uri: str) -> Built | None:
        """The page's worker result, for its rendering: the last use."""
        found = self.result(src_uri)
        del self.kept[src_uri]
        return found

    def _index_from_workers(self, search: SearchEntries) -> None:
        """This process's search index takes a page's entries from its worker, and reads
        the page itself only when the worker sent nothing."""
        index, read = search.index, search.index.add_entry_from_context

        def add_entry_from_context(page: Page) -> None:
            built = self.result(page.file.src_uri)
            if built is None or built.entries is None:
                read(page)
                return
            index.entries.extend(built.entries)
            search.added()

        index.add_entry_from_context = add_entry_from_context

    def wrap(self, env: jinja2.Environment) -> None:
        """MkDocs' rendering of a page's template takes the worker's HTML for that page."""
        real = env.get_template
        prebuilt = self

        def get_template(name: Any, parent: str | None = None, globals: Any = None) -> Any:
            template = real(name, parent, globals)
            # a template another includes or extends has a parent: only a page's own is taken
            return template if parent is not None else _Taken(template, str(name), prebuilt)

        setattr(env, "get_template", get_template)  # noqa: B010 (a method of this instance)


class _Taken:
    """A page template whose rendering for a page a worker already rendered is the
    worker's HTML (with what it logged, logged again here)."""

    def __init__(self, template: jinja2.Template, name: str, prebuilt: Prebuilt) -> None:
        self.template, self.name, self.prebuilt = template, name, prebuilt

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self.template, attribute)

    def render(self, *args: Any, **kwargs: Any) -> str:
        context = dict(*args, **kwargs)
        page = context.get("page")
        own = page is not None and self.name == page.meta.get("template", "main.html")
        built = self.prebuilt.done(page.file.src_uri) if page is not None and own else None
        if built is None:
            return self.template.render(context)
        for record in built.logged:
            logging.getLogger(record.name).handle(record)
        return zlib.decompress(built.output).decode()


def prebuild(
    config: Any,
    files: Any,
    nav: Any,
    env: jinja2.Environment,
    *,
    preview: bool,
    search: SearchEntries | None = None,
) -> Prebuilt | None:
    """Start rendering every page's template of a whole build in a pool, when it pays and
    every plugin's `on_page_context` is known (`on_env`, once every page is converted)."""
    finish()
    pages = files.documentation_pages(inclusion=InclusionLevel.is_included)
    processes = jobs()
    if preview or processes < 2 or len(pages) < min_pages():
        return None
    handlers = config.plugins.events["page_context"]
    known = (_KNOWN_CONTEXTS[0], *_COLLECTORS)
    if not all(_owner(h).startswith(known) for h in handlers):
        return None
    started = Prebuilt(config, files, nav, env, pages, processes, search)
    started.wrap(env)
    log.info("Passerelles : %d pages mises en page par %d processus", len(pages), processes)
    return started


_CURRENT: list[_Ordered[Any]] = []


def finish() -> None:
    """The pools of the last build stopped (their pages are all taken, or it failed)."""
    while _CURRENT:
        _CURRENT.pop().close()
