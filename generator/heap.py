"""Python's cycle collector while thousands of content files are read and checked.

Each full collection scans every object alive. Validation keeps everything it reads: as
it grows, full collections come back again and again to the same objects (a third of
validating 5,000 actions). What validation drops is freed by reference counting.

During MkDocs' build the collector stays on: a page's Markdown conversion leaves cycles
behind, and setting the pages aside (gc.freeze every 500 pages) saved only 2 s of a
150 s build at 5,000 actions, most collections there being of young objects.
"""

from __future__ import annotations

import gc
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
