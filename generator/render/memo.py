"""The preview's render memo: after a save, a page whose inputs are those of the previous
build is not rendered again through Jinja.

A page's inputs are its plan (title, path, context…), the links it can resolve and the
templates. Values are compared by value; content models by identity: validation hands
back the very same (frozen) model for a file that did not change, and a new one for a
file read again. So a page is rendered again as soon as anything it was given differs,
whatever the way it uses it: nothing is declared by hand, and a wrong guess can only
render too much, never show a stale page.
"""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass, field

from generator.check.catalog import Catalog
from generator.format.kinds import KIT_NAMES
from generator.plan import Page
from generator.run import bundle

_VALUES = frozenset([str, int, float, bool, bytes, type(None), frozenset, set])


def same(old: object, new: object) -> bool:
    """Whether `new` is, for a template, the same input as `old`: 2 and 2.0 are not."""
    if old is new:
        return True
    kind = type(old)
    if kind is not type(new):
        return False
    if kind in _VALUES or issubclass(kind, enum.Enum):
        return old == new
    if kind is dict:
        assert isinstance(old, dict) and isinstance(new, dict)
        return old.keys() == new.keys() and all(same(v, new[k]) for k, v in old.items())
    if kind is list or issubclass(kind, tuple):
        assert isinstance(old, (list, tuple)) and isinstance(new, (list, tuple))
        return len(old) == len(new) and all(map(same, old, new))
    if dataclasses.is_dataclass(old) and not isinstance(old, type):
        return all(
            same(getattr(old, f.name), getattr(new, f.name)) for f in dataclasses.fields(old)
        )
    # a model read again is a new object, even with the same text; anything else
    # (a function, an unknown object) is rendered again too
    return False


def _links(catalog: Catalog) -> tuple[object, ...]:
    """What decides where an internal link leads and what the front matter names: the
    ids of each kind, the kits of each action, what an edition hides, the kits' titles."""
    return (
        tuple(
            (aid, tuple(k for k in KIT_NAMES if a.view(k) is not None))
            for aid, a in catalog.actions.items()
        ),
        tuple(catalog.partners),
        tuple(catalog.interlocutors),
        tuple((cid, tuple(c.lessons)) for cid, c in catalog.courses.items()),
        catalog.hidden,
        tuple((k, kit.title) for k, kit in catalog.kits.items()),
    )


def _templates() -> tuple[tuple[str, int], ...]:
    root = bundle.templates()
    return tuple(sorted((str(p), p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()))


@dataclass
class RenderMemo:
    """The pages of the previous build, by path: their plan, their bytes, and how many
    links to hidden contents they showed as plain text."""

    pages: dict[str, tuple[Page, bytes, int]] = field(default_factory=dict)
    key: tuple[object, ...] | None = None
    rendered: list[str] = field(default_factory=list)  # the pages the last build rendered
    written: bool = False  # whether the last build's pages all reached the docs folder
    on_disk_pages: dict[str, tuple[Page, bytes, int]] = field(default_factory=dict)

    def start(self, catalog: Catalog) -> dict[str, tuple[Page, bytes, int]]:
        """The pages that may be reused by this build (none if links or templates moved)."""
        key = (_links(catalog), _templates())
        reusable = self.pages if key == self.key else {}
        self.on_disk_pages = reusable if self.written else {}
        self.key, self.pages, self.rendered, self.written = key, {}, [], False
        return reusable

    def on_disk(self, path: str, data: bytes) -> bool:
        """Whether `data` is the very page the last build wrote (or found) at `path`: reused,
        it need not be read back from the disk to be compared."""
        last = self.on_disk_pages.get(path)
        return last is not None and last[1] is data

    def keep(self, page: Page, data: bytes, unlinked: int, *, rendered: bool) -> None:
        self.pages[page.path] = (page, data, unlinked)
        if rendered:
            self.rendered.append(page.path)


def reused(previous: dict[str, tuple[Page, bytes, int]], page: Page) -> tuple[bytes, int] | None:
    """The bytes of `page` from the previous build, if it was given the same inputs."""
    last = previous.get(page.path)
    if last is None or not same(last[0], page):
        return None
    return last[1], last[2]
