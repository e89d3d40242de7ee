"""Validation's per-file work on every core: the files the check cache does not hold, checked
by forked processes when there are enough of them to pay.

Checking one file (its YAML, its model, its Markdown texts) depends on its bytes only: it
is most of a cold validation (about 1 ms a file, 6,533 files at 5,000 actions). Before the
layers are read, `check_missing` hands the files the cache does not hold to a pool of
`PASSERELLES_JOBS` processes forked from this one: each inherits the snapshot's files and
the check function and is sent indices only; it sends back the check (the model, the
file's own problems, what its texts hold) and its lines for the cache file, encoded and
pickled there. The checks are put in the cache in the files' order, where validation then
finds them: the catalog and the problems are those of one process, in the same order.

This process only waits and reads the checks back. Measured, it pays better than this
process checking chunks too (from the last, while the others take them from the first):
its work then holds the interpreter lock that the pool's own threads need to hand chunks
and take results, and the forked process waits (200 to 800 files: slower than one process).

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
import multiprocessing
import pickle
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from generator.check.cache import CheckCache, Checked, Stored, encoded
from generator.check.snapshot import File
from generator.run.processes import forking, jobs, threshold

MIN_FILES_VARIABLE = "PASSERELLES_PARALLEL_MIN_FILES"
"""The fewest files to check for the processes to start (tests lower it)."""
MIN_FILES = 200
"""Below this, forking and sending the checks back cost about what they save or more
(`bench/validate.py --threshold`, bench/README.md)."""
CHUNK = 32  # files handed to a process at a time: fewer round trips, still balanced

Check = Callable[[File], Checked]

# What the forked processes inherit (set just before the fork, in this process)
_INHERITED: dict[str, Any] = {}


def _work(index: int) -> bytes | None:
    """In a process: one file checked, and its lines for the cache file, pickled here (a
    check that would not pickle is one more file validation checks itself). None when the
    check raises: validation checks the file again itself and meets the same exception."""
    file: File = _INHERITED["files"][index]
    check: Check = _INHERITED["check"]
    try:
        entry = check(file)
        return pickle.dumps((entry, encoded(file.key, entry)), pickle.HIGHEST_PROTOCOL)
    except Exception:
        return None


def _executor(processes: int) -> concurrent.futures.Executor:
    """The pool (tests replace it to see whether it starts)."""
    context = multiprocessing.get_context("fork")
    return concurrent.futures.ProcessPoolExecutor(processes, mp_context=context)


def processes_for(count: int | None, *, preview: bool) -> int:
    """How many processes check `count` files (None: however many there are): 1 when a
    pool would not pay or cannot run."""
    if preview or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if count is None:
        return jobs()
    return 1 if count < threshold(MIN_FILES_VARIABLE, MIN_FILES) else min(jobs(), count)


def _results(files: Sequence[File], check: Check, processes: int) -> Iterator[bytes | None]:
    """The checks of `files`, in their order, from `processes` forked processes."""
    pool = _executor(processes)
    try:
        _INHERITED.update(files=files, check=check)
        try:
            with forking():  # the processes are forked at the first task, here
                results = pool.map(_work, range(len(files)), chunksize=CHUNK)
        finally:
            _INHERITED.clear()
        try:
            yield from results
        except BrokenProcessPool:
            # its own thread ends every task left: cancelling one too would make it fail
            pool.shutdown(wait=True)
            raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _unpickled(result: bytes | None) -> tuple[Checked, Stored | None] | None:
    """A process's check read back; None if it cannot be (validation checks it itself)."""
    try:
        return None if result is None else pickle.loads(result)
    except Exception:
        return None


def check_missing(files: Sequence[File], cache: CheckCache, check: Check, *, preview: bool) -> None:
    """Check the readable `files` that `cache` does not hold, in a pool when it pays, and
    put each check in `cache` in the files' order. Nothing is done with one process:
    validation checks them itself as it reads each layer."""
    if processes_for(None, preview=preview) < 2:
        return  # not even a look at the cache (the preview's, after each save)
    missing = [f for f in files if f.raw is not None and cache.get(f.key, f.digest) is None]
    processes = processes_for(len(missing), preview=preview)
    if processes < 2:
        return
    try:
        for file, result in zip(missing, _results(missing, check, processes), strict=True):
            back = _unpickled(result)
            if back is not None:
                cache.put(file.key, *back)
    except (BrokenProcessPool, OSError):
        return  # the files not back are checked by validation itself, in this process
