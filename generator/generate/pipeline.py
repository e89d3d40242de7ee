"""The whole pipeline in one call, for the MkDocs plugin and the commands."""

from __future__ import annotations

import contextlib
import functools
import itertools
import os
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, replace
from pathlib import Path

from generator.check import snapshot as snapshots
from generator.check.cache import CheckCache
from generator.check.catalog import Catalog
from generator.check.snapshot import File, Snapshot
from generator.check.validate import validate_all
from generator.diagnostics import messages
from generator.diagnostics.errors import Problem
from generator.export import download_entries, packages
from generator.export.archive import EPOCH_ENV
from generator.format import kinds
from generator.plan import CourseOutline, Page, SitePlan, plan
from generator.plan.catalogue import cards_file
from generator.plan.courses import course_outlines
from generator.plan.paths import DOWNLOADS_DIR, relative
from generator.render.jinja import Rendered, render_each
from generator.render.memo import RenderMemo
from generator.render.write import WriteReport, write_tree
from generator.run import memo as memo_scope
from generator.run.processes import Forked, jobs, min_pages


@dataclass(frozen=True)
class Generated:
    site: SitePlan
    report: WriteReport
    catalog: Catalog
    reused: bool = False
    unlinked: int = 0  # links to what an edition hides, shown as plain text
    pages: int = 0  # how many pages were generated (the plan may be let go once written)
    processes: int = 1  # how many processes rendered them

    def summary(self) -> str:
        if self.reused:
            return messages.GENERATION_REUSED(pages=self.pages)
        report = self.report
        done = messages.GENERATION_DONE(
            pages=self.pages,
            written=len(report.written),
            deleted=len(report.deleted),
            unchanged=report.unchanged,
        )
        if self.processes > 1:
            done = f"{done} ; {messages.GENERATION_PROCESSES(processes=self.processes)}"
        if not self.unlinked:
            return done
        return f"{done} ; {messages.GENERATION_UNLINKED(count=self.unlinked)}"


def _course_files(snapshot: Snapshot, course: str) -> list[File]:
    """The files of a course (its course.yml and lessons), in whichever layer they are."""
    return [
        f
        for f in snapshot.files()
        if (f.found.kind, f.found.id) == (kinds.COURSE.name, course)
        or (f.found.kind == kinds.LESSON.name and f.found.id.startswith(f"{course}/"))
    ]


def _epoch(files: list[File]) -> int:
    """The date inside a course's packages: SOURCE_DATE_EPOCH, else the time of the newest
    file of that course (the same course gives the same bytes, and nothing is rewritten)."""
    stamp = os.environ.get(EPOCH_ENV, "").strip()
    if stamp.isdigit():
        return int(stamp)
    return max((f.mtime_ns // 1_000_000_000 for f in files), default=0)


# A course's packages hold its own files, links to the site and nothing of what an edition
# hides: with the same files, the preview reuses the packages it made last time.
Packages = dict[tuple[object, ...], dict[str, bytes]]


class _CoursePackages:
    """The packages of the courses' outlines (which the plan declares, `SitePlan.courses`),
    made from their planned pages when the course home that offers them is rendered, which
    shows their sizes; written after the pages. With the same files (same digests), a
    session's packages of last time are reused. With `ahead`, processes forked at once make
    them while the site is planned, then its pages rendered (the course homes come after
    the kits' pages)."""

    def __init__(
        self,
        catalog: Catalog,
        courses: Mapping[str, CourseOutline],
        snapshot: Snapshot,
        site_url: str | None,
        kept: Packages,
        *,
        ahead: bool = False,
    ) -> None:
        self.catalog, self.courses, self.site_url = catalog, courses, site_url
        self.kept = kept
        self.homes = {outline.home: outline.id for outline in courses.values()}
        self.made: dict[str, dict[str, bytes]] = {}  # course → its packages by file name
        # each course's files (its course.yml and lessons), found once in the snapshot
        self.sources = {course: _course_files(snapshot, course) for course in courses}
        self.forked: Forked[dict[str, bytes]] | None = None
        self.order: dict[str, int] = {}  # course → its call in `forked`
        wanted = [c for c in sorted(courses) if self._key(c) not in kept] if ahead else []
        if wanted:
            calls = [functools.partial(self._make, course) for course in wanted]
            self.forked = Forked(calls, min(jobs(), len(wanted)))
            self.order = {course: number for number, course in enumerate(wanted)}

    def _key(self, course: str) -> tuple[object, ...]:
        files = self.sources[course]
        digests = tuple((f.name, f.digest) for f in files)
        return (course, digests, _epoch(files), self.site_url, self.catalog.hidden)

    def _make(self, course: str) -> dict[str, bytes]:
        epoch = _epoch(self.sources[course])
        outline = self.courses[course]
        return packages(self.catalog, [outline], site_url=self.site_url, epoch=epoch)

    def _course(self, course: str) -> dict[str, bytes]:
        if course not in self.made:
            key = self._key(course)
            if key not in self.kept:
                forked, number = self.forked, self.order.get(course)
                if forked is not None and number is not None:
                    self.kept[key] = forked.get(number)
                else:
                    self.kept[key] = self._make(course)
            self.made[course] = self.kept[key]
        return self.made[course]

    def close(self) -> None:
        """The forked processes ended (their packages all taken, or the generation failed)."""
        if self.forked is not None:
            self.forked.stop()
            self.forked = None

    def fills(self, page: Page) -> bool:
        """Whether `page` is a course home, which shows its packages' sizes."""
        return page.path in self.homes

    def fill(self, page: Page) -> Page:
        """The course home with its packages' download entries and sizes."""
        course = self.homes.get(page.path)
        if course is None:
            return page
        sizes = {name: len(data) for name, data in self._course(course).items()}
        entries = download_entries(course, sizes, relative(page.path, DOWNLOADS_DIR))
        return replace(page, context={**page.context, "downloads": entries})

    def files(self) -> Iterator[tuple[str, bytes]]:
        """Each package under telechargements/, once every page is rendered."""
        for course in sorted(self.courses):
            for name, data in self._course(course).items():
                yield f"{DOWNLOADS_DIR}/{name}", data


def generate(
    content: Path,
    docs_dir: Path,
    *,
    site_url: str | None = None,
    memo: RenderMemo | None = None,
    snapshot: Snapshot | None = None,
    session: Session | None = None,
) -> Generated:
    """Validate everything, then (only then) write the Markdown tree into `docs_dir`.
    With a `memo` (the preview), pages given the same inputs as last time are reused; a
    `session` lends its checked files and course packages."""
    snapshot = snapshot if snapshot is not None else snapshots.of(content)
    checks = session.checks if session is not None else None
    validated = validate_all(content, preview=memo is not None, snapshot=snapshot, cache=checks)
    catalog = validated.catalog
    kept = session.packages if session is not None else {}
    courses = course_outlines(catalog)
    # a large build's packages made on other cores from the start, while the site is
    # planned (on one core), then its pages rendered; each content file makes at least one
    # page: with fewer files than the pages that pay for a pool, they are made here
    files = sum(1 for _ in snapshot.files())
    ahead = memo is None and jobs() > 1 and files >= min_pages()
    made = _CoursePackages(catalog, courses, snapshot, site_url, kept, ahead=ahead)
    try:
        site = plan(catalog, courses=courses)
        card_files = dict(cards_file(catalog, kit) for kit in kinds.KIT_NAMES)
        # each page is written as it is rendered: the pages are never all in memory
        tally = Rendered()
        pages = render_each(catalog, site, memo, tally=tally, fill=made)
        on_disk = memo.on_disk if memo is not None else None
        written = itertools.chain(pages, made.files(), card_files.items())
        report = write_tree(docs_dir, written, on_disk=on_disk)
    finally:
        made.close()
    if memo is not None:
        memo.written = True
    return Generated(
        site,
        report,
        catalog,
        unlinked=tally.unlinked,
        pages=len(site.pages),
        processes=tally.processes,
    )


class Session:
    """What successive generations of one content folder keep, and only while its owner
    lives: a preview's session (held by the MkDocs plugin across the preview's rebuilds)
    keeps the checked files, the course packages, the rendered pages and the memos of
    what was read from the content; a command's (`passerelles build`: the site, then its
    offline copy) keeps its last generation and its memos. A one-off MkDocs build has one
    for its own duration. Nothing outlives its owner: nothing is released by hand.
    """

    def __init__(self, content: Path, *, preview: bool = False) -> None:
        self.content = content.resolve()
        self.preview = preview
        self.memos = memo_scope.Scope()
        self.packages: Packages = {}
        # the preview checks again after each save: only changed files are parsed again
        self.checks: CheckCache | None = CheckCache.of(self.content) if preview else None
        self.memo: RenderMemo | None = RenderMemo() if preview else None
        self._last: tuple[str, Path, Generated] | None = None
        self._watched: list[Path] = []

    @property
    def drafts(self) -> list[Problem]:
        """The values still « À COMPLÉTER » that the last (preview) generation let through."""
        if self._last is None:
            return []
        code = messages.PLACEHOLDER.code
        return [w for w in self._last[2].catalog.warnings if w.code == code]

    def watched(self) -> list[Path]:
        """Every folder and file a build reads content from: the edition's and its bases'."""
        if not self._watched:
            self._watched = snapshots.of(self.content).watched()
        return self._watched

    def generate(
        self, docs_dir: Path, *, site_url: str | None = None, snapshot: Snapshot | None = None
    ) -> Generated:
        """Generate from `snapshot` (else the running command's, else the content now);
        the same inputs as the last generation into the same folder are not generated again."""
        taken = snapshot if snapshot is not None else snapshots.of(self.content)
        self._watched = taken.watched()
        key = f"{taken.fingerprint}\0{site_url}"
        if self._last is not None and self._last[:2] == (key, docs_dir):
            previous = self._last[2]
            return replace(previous, report=WriteReport(), reused=True)
        with memo_scope.using(self.memos):
            generated = generate(
                self.content,
                docs_dir,
                site_url=site_url,
                memo=self.memo,
                snapshot=taken,
                session=self,
            )
        # a preview plans every page again at the next save; a command's next build (the
        # offline copy) only needs the sidebar again: the pages' plan is let go for MkDocs
        kept = generated if self.preview else _slim(generated)
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


# The session of the command running now (`passerelles build`), shared by its builds.
_RUNNING: ContextVar[Session | None] = ContextVar("passerelles_session", default=None)


@contextlib.contextmanager
def generation_run(snapshot: Snapshot) -> Iterator[Session]:
    """While the block runs, the builds of `snapshot`'s content use `snapshot` and share one
    session (the site and its offline copy are generated once)."""
    session = Session(snapshot.content)
    with memo_scope.setting(_RUNNING, session), snapshots.held(snapshot):
        yield session


def running(content: Path) -> Session | None:
    """The session of the command running now, if it builds `content`."""
    session = _RUNNING.get()
    return session if session is not None and session.content == content.resolve() else None
