"""Python's cycle collector while thousands of content files are read and checked.

Each full collection scans every object alive. Validation keeps everything it reads: as
it grows, full collections come back again and again to the same objects (a third of
validating 5,000 actions). What validation drops is freed by reference counting.

During MkDocs' build the collector stays on: a page's Markdown conversion leaves cycles
behind, and setting the pages aside (gc.freeze every 500 pages) saved only 2 s of a
150 s build at 5,000 actions, most collections there being of young objects.

The preview's rebuilds after a save convert a few pages only: there the collector's full
passes over the content kept between saves cost more than the garbage they find, and one
collection after the rebuild is enough (`IdleCollection`).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Run a step that keeps what it makes and makes no cycles (reading and checking the
    content; an error's traceback aside) without the cycle collector."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


class IdleCollection:
    """The preview's rebuilds without the cycle collector, and one full collection
    `delay` seconds after each, once the browser has loaded the rebuilt page.

    At 1,000 actions the collector's full passes took 0.3 to 0.45 s of a 2.2 s rebuild
    after a save: each scans the whole content kept in memory between saves. A rebuild
    of a few pages leaves little garbage, so one collection afterwards (0.2 s) frees it,
    off the path from the save to the page. A save that comes before that collection
    starts its rebuild still without the collector, and the collection waits for it.
    """

    def __init__(self, delay: float = 1.5) -> None:
        self.delay = delay
        self._lock = threading.Lock()
        self._round = 0  # the rebuild whose collection is due; an older one is skipped
        self._timer: threading.Timer | None = None

    @contextmanager
    def rebuilding(self) -> Iterator[None]:
        with self._lock:
            self._round += 1
            if self._timer is not None:
                self._timer.cancel()
            gc.disable()
        try:
            yield
        finally:
            self._timer = threading.Timer(self.delay, self._collect, (self._round,))
            self._timer.daemon = True
            self._timer.start()

    def _collect(self, round_: int) -> None:
        with self._lock:
            if round_ != self._round:
                return  # another rebuild began: its own collection will follow it
            gc.collect()
            gc.enable()

    def close(self) -> None:
        """Stop waiting: the collector back on, as it was before the preview."""
        with self._lock:
            self._round += 1
            if self._timer is not None:
                self._timer.cancel()
            gc.enable()
