"""Memos that belong to a run, never to the process.

A function that remembers what it computed from the content (a text checked, a page's
words) keeps it in the memo scope that is active: a preview session's, kept by the
MkDocs plugin across the preview's rebuilds, or a command's, for its builds. Outside any
scope nothing is remembered, and when a scope ends its memos go with it: a one-off build
leaves nothing behind, and no list of caches has to be released by hand.

The tool's own data (the glossary, the list of official texts, the templates) does not
depend on the content and stays in `functools` caches.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")


class Scope:
    """The memos of one run, one table per memoized function."""

    def __init__(self) -> None:
        self.tables: dict[Callable[..., Any], dict[Any, Any]] = {}

    def table(self, owner: Callable[..., Any]) -> dict[Any, Any]:
        return self.tables.setdefault(owner, {})

    def size(self) -> int:
        """How many values the scope holds (for tests and the curious)."""
        return sum(len(table) for table in self.tables.values())


_ACTIVE: ContextVar[Scope | None] = ContextVar("passerelles_memo_scope", default=None)


def active() -> Scope | None:
    """The scope whose memos are used now, if any."""
    return _ACTIVE.get()


@contextlib.contextmanager
def setting(var: ContextVar[T], value: T) -> Iterator[T]:
    """`var` set to `value` until the block ends (what a run holds, held by the run only)."""
    token = var.set(value)
    try:
        yield value
    finally:
        var.reset(token)


def using(scope: Scope) -> contextlib.AbstractContextManager[Scope | None]:
    """Make `scope` the active one until the block ends."""
    return setting(_ACTIVE, scope)


def enter(scope: Scope) -> Callable[[], None]:
    """Make `scope` active until the returned function is called (for MkDocs' hooks, where
    a build starts in one event and ends in another)."""
    token = _ACTIVE.set(scope)
    return lambda: _ACTIVE.reset(token)


def memoized(maxsize: int | None = None) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Remember the function's results (positional, hashable arguments) in the active
    scope; at most `maxsize` of them, the oldest forgotten first."""

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(function)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            scope = _ACTIVE.get()
            if scope is None or kwargs:
                return function(*args, **kwargs)
            table: dict[tuple[object, ...], R] = scope.table(wrapper)
            try:
                return table[args]
            except KeyError:
                pass
            value = table[args] = function(*args, **kwargs)
            if maxsize is not None and len(table) > maxsize:
                del table[next(iter(table))]
            return value

        return wrapper

    return decorate
