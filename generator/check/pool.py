"""Validation's per-file work on every core: the files the check cache does not hold, checked
by forked processes when there are enough of them to pay.

Checking one file (its YAML, its model, its Markdown texts) depends on its bytes only: it
is most of a cold validation (about 1 ms a file, 6,533 files at 5,000 actions). Before the
layers are read, `check_missing` shares the files the cache does not hold between this
process and `PASSERELLES_JOBS - 1` processes forked from it, by chunks: the forked ones
take them from the first, this one from the last, until they meet. A forked process
inherits the snapshot's files and the check function and is sent indices only; it sends
back each check (the model, the file's own problems, what its texts hold) with its lines
for the cache file, encoded and pickled there. The checks are put in the cache in the
files' order, where validation then finds them: the catalog and the problems are those of
one process, in the same order.

A file whose check raises in a process comes back as None and is checked again by
validation itself, in this process: the exception (or the problem) is exactly the one a
single process would meet. If the pool itself fails (a process killed, no process could be
forked), the files not yet back are checked in this process, as if there were no pool.

Only when there are at least `MIN_FILES` files to check (measured: see bench/README.md,
`PASSERELLES_PARALLEL_MIN_FILES` lowers it), never in the preview (whose first validation
fills the session's cache, then checks the few files saved), never with
`PASSERELLES_JOBS=1`, and only where processes can be forked (not on Windows).
"""

from __future__ import annotations

import concurrent.futures
import gc
import multiprocessing
import pickle
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from generator.check.cache import CheckCache, Checked, Stored, encoded
from generator.check.snapshot import File
from generator.run.processes import jobs, threshold

MIN_FILES_VARIABLE = "PASSERELLES_PARALLEL_MIN_FILES"
"""The fewest files to check for the processes to start (tests lower it)."""
MIN_FILES = 200
"""Below this, forking and sending the checks back cost about what they save: measured
with `bench/validate.py --threshold`, even at 100 files, 45 ms better from 200 (README)."""
CHUNK = 16  # files handed to a process at a time: fewer round trips, still balanced
AHEAD = 2  # chunks handed to each process before it needs them

Check = Callable[[File], Checked]
Back = tuple[Checked, Stored | None] | None  # a check and its lines, or None: check it again

# What the forked processes inherit (set just before the fork, in this process)
_INHERITED: dict[str, Any] = {}


def _work(start: int, stop: int) -> list[bytes | None]:
    """In a process: files `start` to `stop` checked, each with its lines for the cache
    file, pickled here (a check that would not pickle is one more file validation checks
    itself). None for a check that raises: validation checks the file again itself and
    meets the same exception."""
    files: Sequence[File] = _INHERITED["files"]
    check: Check = _INHERITED["check"]
    found: list[bytes | None] = []
    for file in files[start:stop]:
        try:
            entry = check(file)
            found.append(pickle.dumps((entry, encoded(file.key, entry)), pickle.HIGHEST_PROTOCOL))
        except Exception:
            found.append(None)
    return found


def _here(files: Sequence[File], check: Check) -> list[Back]:
    """Files checked in this process while the others work (None when a check raises)."""
    found: list[Back] = []
    for file in files:
        try:
            found.append((check(file), None))
        except Exception:
            found.append(None)
    return found


def _unpickled(result: bytes | None) -> Back:
    """A process's check read back; None if it cannot be (validation checks it itself)."""
    try:
        return None if result is None else pickle.loads(result)
    except Exception:
        return None


def _executor(processes: int) -> concurrent.futures.Executor:
    """The pool (tests replace it to see whether it starts)."""
    context = multiprocessing.get_context("fork")
    return concurrent.futures.ProcessPoolExecutor(processes, mp_context=context)


def processes_for(count: int, *, preview: bool) -> int:
    """How many processes check `count` files, this one included: 1 when a pool would not
    pay or cannot run."""
    if preview or count < threshold(MIN_FILES_VARIABLE, MIN_FILES):
        return 1
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return min(jobs(), count)


def _results(files: Sequence[File], check: Check, processes: int) -> Iterator[Back]:
    """The checks of `files`, in their order, from `processes - 1` forked processes taking
    chunks from the first and this one taking them from the last, until they meet. The
    processes are handed a few chunks ahead at a time, never more: what this one takes is
    never handed, and nothing handed is taken back (a cancelled task and a process that
    dies make ProcessPoolExecutor's own thread fail in Python 3.11)."""
    starts = range(0, len(files), CHUNK)
    pool = _executor(processes - 1)
    handed: dict[int, concurrent.futures.Future[list[bytes | None]]] = {}
    taken: dict[int, list[Back]] = {}
    front, back = 0, len(starts)  # the next chunk to hand; the last one this process took

    def hand() -> None:
        nonlocal front
        while front < back and len(handed) < AHEAD * (processes - 1):
            handed[front] = pool.submit(_work, starts[front], starts[front] + CHUNK)
            front += 1

    try:
        _INHERITED.update(files=files, check=check)
        # what the processes inherit is set aside from the collector's sweeps, which would
        # write into every object and copy it into each process (gc.freeze before a fork)
        gc.freeze()
        try:
            hand()  # the processes are forked at the first task, here
        finally:
            gc.unfreeze()
        for i in range(len(starts)):
            hand()
            if i in taken:
                yield from taken.pop(i)
                continue
            future = handed.pop(i)
            while not future.done() and front < back:  # the last chunk, checked here
                back -= 1
                taken[back] = _here(files[starts[back] : starts[back] + CHUNK], check)
                hand()
            yield from map(_unpickled, future.result())
    finally:
        pool.shutdown(wait=True)  # the chunks handed are few: they end soon
        _INHERITED.clear()


def check_missing(files: Sequence[File], cache: CheckCache, check: Check, *, preview: bool) -> None:
    """Check the readable `files` that `cache` does not hold, on several processes when it
    pays, and put each check in `cache` in the files' order. Nothing is done with one
    process: validation checks them itself as it reads each layer."""
    missing = [f for f in files if f.raw is not None and cache.get(f.key, f.digest) is None]
    processes = processes_for(len(missing), preview=preview)
    if processes < 2:
        return
    try:
        for file, back in zip(missing, _results(missing, check, processes), strict=True):
            if back is not None:
                cache.put(file.key, *back)
    except (BrokenProcessPool, OSError):
        return  # the files not back are checked by validation itself, in this process
