"""Every core of the machine converts pages: MkDocs' Markdown conversion in a process pool.

MkDocs reads and converts each page one after the other, on one core: Python-Markdown is
most of a large build. Once the navigation is known (`on_nav`), `prerender` forks workers
that inherit the config and the files, and each converts pages exactly as MkDocs'
`Page.render` would: the same function, run on the same Markdown, with the site's
extensions, the links made relative to the same files. MkDocs then reads each page and runs
every plugin's `on_page_markdown` as before; when it calls `page.render`, the page takes
what a worker converted if the Markdown it was handed is the one the worker converted
(compared by hash), and converts it itself otherwise. What the conversion logged (a broken
link, a missing anchor) is logged again in this process when the page takes its result, in
the page's order: `mkdocs build --strict` counts the same warnings.

Only for a whole build with enough pages to pay for the forks (`MIN_PAGES`, measured: see
bench/README.md), never in a preview (which converts the few pages that changed), and never
when `PASSERELLES_JOBS=1`.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import multiprocessing
import multiprocessing.pool
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from mkdocs.structure.pages import Page

# one setting of the number of processes for every stage (tests set it by this module's name)
from generator.run.processes import JOBS_VARIABLE as JOBS_VARIABLE
from generator.run.processes import jobs, threshold

log = logging.getLogger("mkdocs.plugins.passerelles")

MIN_PAGES_VARIABLE = "PASSERELLES_PARALLEL_MIN_PAGES"
"""The fewest pages a build must have for the pool to start (tests lower it)."""
MIN_PAGES = 300
"""Below this, forking and sending pages back cost more than they save (bench/README.md)."""
CHUNK = 16  # pages handed to a worker at a time: fewer round trips, still balanced


def min_pages() -> int:
    return threshold(MIN_PAGES_VARIABLE, MIN_PAGES)


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
        converted = Converted(
            digest=_digest(markdown),
            content=zlib.compress(page.content.encode(), 1),
            toc=page.toc,
            title=page._title_from_render,
            anchors=page.present_anchor_ids,
            links=None if links is None else {f.src_uri: v for f, v in links.items()},
            logged=_KEPT.records,
        )
        # the worker's copy of the page keeps nothing: its memory does not grow with pages
        page.markdown, page.content, page.meta, page.links_to_anchors = None, None, {}, None
        return converted
    except Exception:  # the parent converts it again, and reports what it finds
        return None
    finally:
        config._current_page = None


class Prerendered:
    """The pages the workers convert, in MkDocs' order, taken one by one by the pages."""

    def __init__(self, config: Any, files: Any, pages: list[str], processes: int) -> None:
        self.files = files
        self.waiting = set(pages)
        _INHERITED.update(config=config, files=files)
        context = multiprocessing.get_context("fork")
        # what the workers inherit is set aside from the collector's sweeps: a sweep writes
        # into each object it visits, and each page written would be copied in every worker
        # (gc.freeze's documented use before a fork)
        gc.freeze()
        try:
            self.pool: multiprocessing.pool.Pool | None = context.Pool(processes, _start_worker)
        finally:
            gc.unfreeze()
            _INHERITED.clear()
        self.results: Iterator[tuple[str, Converted | None]] = zip(
            pages, self.pool.imap(_convert, pages, CHUNK), strict=True
        )
        self.ready: dict[str, Converted | None] = {}

    def take(self, src_uri: str) -> Converted | None:
        """The page's conversion, waiting for it if it is not back yet."""
        if src_uri not in self.waiting:
            return None
        self.waiting.discard(src_uri)
        while src_uri not in self.ready:
            try:
                uri, converted = next(self.results)
            except StopIteration:
                break
            self.ready[uri] = converted
        found = self.ready.pop(src_uri, None)
        if not self.waiting:
            self.close()
        return found

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None
        self.ready.clear()

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


_CURRENT: list[Prerendered] = []


def prerender(config: Any, files: Any, *, preview: bool) -> Prerendered | None:
    """Start converting every page of a whole build in a pool, when it pays (`on_nav`)."""
    finish()
    pages = [file.src_uri for file in files.documentation_pages()]
    processes = jobs()
    if preview or processes < 2 or len(pages) < min_pages():
        return None
    started = Prerendered(config, files, pages, processes)
    log.info("Passerelles : %d pages converties par %d processus", len(pages), processes)
    _CURRENT.append(started)
    return started


def finish() -> None:
    """The pool of the last build stopped (its pages are all converted, or it failed)."""
    while _CURRENT:
        _CURRENT.pop().close()
