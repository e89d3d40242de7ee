"""The whole pipeline in one call, for the MkDocs plugin and the commands."""

from __future__ import annotations

import hashlib
import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from . import kinds, messages
from .catalog import Catalog
from .errors import Problem
from .export import download_entries, packages
from .export.archive import EPOCH_ENV
from .layers import Layer, content_roots, stack
from .plan import Page, SitePlan, plan
from .plan.paths import DOWNLOADS_DIR, relative
from .plan.text import plain_text
from .prose_rules import forget_checked_texts
from .render import Rendered, render_each
from .render_memo import RenderMemo
from .validate import forget_read_files, validate_all
from .write import WriteReport, write_tree


@dataclass(frozen=True)
class Generated:
    site: SitePlan
    report: WriteReport
    catalog: Catalog
    reused: bool = False
    unlinked: int = 0  # links to what an edition hides, shown as plain text
    pages: int = 0  # how many pages were generated (the plan may be let go once written)

    def summary(self) -> str:
        if self.reused:
            return (
                f"contenu inchangé depuis la génération précédente : {self.pages} pages "
                "reprises telles quelles"
            )
        hidden = (
            f" ; {self.unlinked} lien(s) vers des contenus masqués par l'édition affiché(s) "
            "comme simple texte"
            if self.unlinked
            else ""
        )
        return f"{self.pages} pages générées ({self.report.summary()}){hidden}"


def _course_files(catalog: Catalog, layers: list[Layer], course: str) -> list[Path]:
    """The files of a course's folder, in whichever layer of the edition it comes from."""
    source = catalog.source(kinds.COURSE, course)
    for layer in layers:
        rel = source.removeprefix(layer.prefix) if source.startswith(layer.prefix) else None
        if rel is not None and (layer.root / rel).is_file():
            return sorted(p for p in (layer.root / rel).parent.rglob("*") if p.is_file())
    return []


def _epoch(stamps: tuple[tuple[str, int, int], ...]) -> int:
    """The date inside a course's packages: SOURCE_DATE_EPOCH, else the time of the newest
    file of that course (the same course gives the same bytes, and nothing is rewritten)."""
    stamp = os.environ.get(EPOCH_ENV, "").strip()
    if stamp.isdigit():
        return int(stamp)
    return max((mtime_ns // 1_000_000_000 for _path, mtime_ns, _size in stamps), default=0)


# A course's packages hold its own files, links to the site and nothing of what an edition
# hides: with the same files, the preview reuses the packages it made last time.
_PACKAGES: dict[tuple[object, ...], dict[str, bytes]] = {}


class _CoursePackages:
    """The packages the plan declares (`SitePlan.packages`), made when the course home
    that offers them is rendered, which shows their sizes; written after the pages."""

    def __init__(
        self, catalog: Catalog, site: SitePlan, layers: list[Layer], site_url: str | None
    ) -> None:
        self.catalog, self.site, self.layers, self.site_url = catalog, site, layers, site_url
        self.made: dict[str, dict[str, bytes]] = {}  # course → its packages by file name

    def _course(self, course: str) -> dict[str, bytes]:
        if course not in self.made:
            stats = [(p, p.stat()) for p in _course_files(self.catalog, self.layers, course)]
            stamps = tuple((str(p), st.st_mtime_ns, st.st_size) for p, st in stats)
            epoch = _epoch(stamps)
            key = (course, stamps, epoch, self.site_url, self.catalog.hidden)
            if key not in _PACKAGES:
                _PACKAGES[key] = packages(
                    self.catalog, site_url=self.site_url, epoch=epoch, courses=[course]
                )
            self.made[course] = _PACKAGES[key]
        return self.made[course]

    def fill(self, page: Page) -> Page:
        """The course home with its packages' download entries and sizes."""
        course = self.site.packages.get(page.path)
        if course is None:
            return page
        sizes = {name: len(data) for name, data in self._course(course).items()}
        entries = download_entries(course, sizes, relative(page.path, DOWNLOADS_DIR))
        return replace(page, context={**page.context, "downloads": entries})

    def files(self) -> Iterator[tuple[str, bytes]]:
        """Each package under telechargements/, once every page is rendered."""
        for course in sorted(set(self.site.packages.values())):
            for name, data in self._course(course).items():
                yield f"{DOWNLOADS_DIR}/{name}", data


def generate(
    content: Path, docs_dir: Path, *, site_url: str | None = None, memo: RenderMemo | None = None
) -> Generated:
    """Validate everything, then (only then) write the Markdown tree into `docs_dir`.
    With a `memo` (the preview), pages given the same inputs as last time are reused."""
    validated = validate_all(content, preview=memo is not None)
    catalog = validated.catalog
    site = plan(catalog)
    made = _CoursePackages(catalog, site, validated.stack.layers, site_url)
    # each page is written as it is rendered: the pages are never all in memory
    tally = Rendered()
    pages = render_each(catalog, site, memo, tally=tally, fill=made.fill)
    on_disk = memo.on_disk if memo is not None else None
    report = write_tree(docs_dir, itertools.chain(pages, made.files()), on_disk=on_disk)
    if memo is not None:
        memo.written = True
    return Generated(site, report, catalog, unlinked=tally.unlinked, pages=len(site.pages))


class Generator:
    """Generation for successive builds of one content folder, run once per change.

    A build that finds the same inputs as the previous one (the offline copy and
    the site of one `passerelles build --offline`) reuses its pages instead of
    validating and rendering everything again.
    """

    def __init__(self, content: Path) -> None:
        self.content = content.resolve()
        self._last: tuple[str, Path, Generated] | None = None
        # kept only in a preview: a one-off build frees each page once it is written
        self.memo: RenderMemo | None = None

    @property
    def drafts(self) -> list[Problem]:
        """The values still « À COMPLÉTER » that the last (preview) generation let through."""
        if self._last is None:
            return []
        code = messages.PLACEHOLDER.code
        return [w for w in self._last[2].catalog.warnings if w.code == code]

    def watched(self) -> list[Path]:
        """Every folder and file a build reads content from: the edition's and its bases'."""
        return [path for layer in stack(self.content).layers for path in content_roots(layer)]

    def fingerprint(self) -> str:
        """Names, sizes and times of every content file: any edit changes it."""
        digest = hashlib.sha256()
        for watched in self.watched():
            for path in [watched, *sorted(watched.rglob("*"))]:
                stat = path.stat() if path.exists() else None
                digest.update(
                    f"{path}\0{stat and stat.st_size}\0{stat and stat.st_mtime_ns}\n".encode()
                )
        return digest.hexdigest()

    def generate(
        self, docs_dir: Path, *, site_url: str | None = None, preview: bool = False
    ) -> Generated:
        key = f"{self.fingerprint()}\0{site_url}"
        if self._last is not None and self._last[:2] == (key, docs_dir):
            previous = self._last[2]
            return replace(previous, report=WriteReport(), reused=True)
        if preview and self.memo is None:
            self.memo = RenderMemo()
        memo = self.memo if preview else None
        generated = generate(self.content, docs_dir, site_url=site_url, memo=memo)
        # a preview plans every page again at the next save; a one-off build only needs
        # the sidebar again (the offline copy): the pages' plan is let go for MkDocs
        kept = generated if preview else _slim(generated)
        self._last = (key, docs_dir, kept)
        return generated


def _slim(generated: Generated) -> Generated:
    """What a one-off build keeps of a generation for the next build of the same inputs (the
    offline copy): the sidebar and what the site's settings read, not the pages' plan nor
    the contents, which MkDocs' own pages then have room for."""
    catalog = replace(
        generated.catalog,
        actions={},
        partners={},
        interlocutors={},
        courses={},
        sources={},
        origins={},
        links={},
    )
    return replace(generated, site=SitePlan([], generated.site.nav), catalog=catalog)


def release_preview_caches() -> None:
    """Free what only a preview's next rebuild reuses (the files checked, the texts checked,
    the course packages): a one-off build leaves that memory to MkDocs."""
    forget_read_files()
    forget_checked_texts()
    plain_text.cache_clear()
    _PACKAGES.clear()


_GENERATORS: dict[Path, Generator] = {}


def generator_for(content: Path) -> Generator:
    """The generator of `content` for this process: successive builds share it."""
    content = content.resolve()
    if content not in _GENERATORS:
        _GENERATORS[content] = Generator(content)
    return _GENERATORS[content]
