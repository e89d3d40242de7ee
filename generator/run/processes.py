"""How many processes a run's parallel work may use, and when there is enough of it to pay.

Four stages spread their work on the machine's cores with forked processes: validation
checks the content files (`check/pool.py`), the generation makes the course packages while
it plans the site and renders its pages (`generate/pipeline.py`, through `Forked`), and
renders the pages themselves (`render/jinja.py`, through `forked_map`), MkDocs' build
converts the pages, then renders their templates (`mkdocs/parallel.py`), and the last check
of the output reads the pages (`trust/output_scan.py`, through `forked_map`). All read the
number of processes here, from one variable, and their threshold (the least work that pays
for the forks) the same way.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import multiprocessing.pool
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Generic, TypeVar

R = TypeVar("R")

JOBS_VARIABLE = "PASSERELLES_JOBS"
"""The number of processes of the parallel work; 1 does it all in the command's process."""


def jobs() -> int:
    """How many processes share the work: `PASSERELLES_JOBS`, or every core this process
    may run on."""
    wanted = os.environ.get(JOBS_VARIABLE, "").strip()
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def threshold(variable: str, default: int) -> int:
    """The least work (pages, files) for which a stage starts its processes: the number in
    the environment variable `variable` (tests lower it), else `default` (measured)."""
    wanted = os.environ.get(variable, "").strip()
    return int(wanted) if wanted.isdigit() else default


MIN_PAGES_VARIABLE = "PASSERELLES_PARALLEL_MIN_PAGES"
"""The fewest pages a build must have for its pools to start (tests lower it)."""
MIN_PAGES = 300
"""Below this, forking and sending pages back cost more than they save (bench/README.md)."""


def min_pages() -> int:
    """The fewest pages for which a build's page work starts its processes."""
    return threshold(MIN_PAGES_VARIABLE, MIN_PAGES)


def give_back_free_memory() -> None:
    """The memory this process freed, given back to the system: glibc keeps it in its heap
    for the next allocations (about 60 MB at the end of a 5,000-action build), which matters
    when another large process is about to run beside this one (Pagefind). Nothing happens
    with another C library."""
    gc.collect()
    trim = getattr(ctypes.CDLL(None), "malloc_trim", None)
    if trim is not None:
        trim(0)


# The work of the running `forked_map`: inherited by its forked processes, never pickled
_WORK: list[Callable[[int], Any]] = []


def _call(index: int) -> Any:
    return _WORK[0](index)


@contextlib.contextmanager
def forking() -> Iterator[None]:
    """Around a fork: what the forked processes inherit is set aside from the collector's
    sweeps, which would write into every object it visits and so copy it into each process
    (gc.freeze's documented use before a fork)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _forked_pool(work: Callable[[int], Any], processes: int) -> multiprocessing.pool.Pool:
    """`processes` processes forked from this one, which inherit `work` (and all it reads:
    a closure will do) and are sent indices only."""
    _WORK.append(work)
    try:
        with forking():
            return multiprocessing.get_context("fork").Pool(processes)
    finally:
        _WORK.clear()


def forked_map(work: Callable[[int], R], count: int, processes: int, chunk: int) -> Iterator[R]:
    """`work(0)` … `work(count - 1)`, in that order, computed by `processes` processes forked
    from this one; each result comes back pickled."""
    pool = _forked_pool(work, processes)
    try:
        yield from pool.imap(_call, range(count), chunk)
    finally:
        pool.terminate()
        pool.join()


class Forked(Generic[R]):
    """Calls made by processes forked from this one while this one goes on: `get(i)` waits
    for the i-th call's result (or raises its exception), `stop` ends the processes."""

    def __init__(self, calls: Sequence[Callable[[], R]], processes: int) -> None:
        self.pool: multiprocessing.pool.Pool | None = _forked_pool(
            lambda index: calls[index](), processes
        )
        self.results = [self.pool.apply_async(_call, (i,)) for i in range(len(calls))]
        self.pool.close()

    def get(self, index: int) -> R:
        result: R = self.results[index].get()
        return result

    def stop(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None
