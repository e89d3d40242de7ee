"""The whole pipeline in one call, for the MkDocs plugin and the commands."""

from __future__ import annotations

import hashlib
import itertools
import os
from dataclasses import dataclass, replace
from pathlib import Path

from . import kinds, messages, prose
from .catalog import Catalog
from .errors import Problem
from .export import download_entries, packages
from .export.archive import EPOCH_ENV
from .layers import Layer, content_roots, stack
from .plan import SitePlan, plan
from .plan.catalogue import cards_file
from .plan.paths import DOWNLOADS_DIR, course_path, relative
from .plan.text import plain_text
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
    source = catalog.sources[(kinds.COURSE.name, course)]
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


def _published_packages(
    catalog: Catalog, layers: list[Layer], site_url: str | None
) -> tuple[dict[str, bytes], dict[str, list[dict[str, str]]]]:
    """Each course's packages under telechargements/, and the course homes' download list."""
    made: dict[str, bytes] = {}
    for course in sorted(catalog.courses):
        stats = [(p, p.stat()) for p in _course_files(catalog, layers, course)]
        stamps = tuple((str(p), st.st_mtime_ns, st.st_size) for p, st in stats)
        epoch = _epoch(stamps)
        key = (course, stamps, epoch, site_url, catalog.hidden)
        if key not in _PACKAGES:
            _PACKAGES[key] = packages(catalog, site_url=site_url, epoch=epoch, courses=[course])
        made.update(_PACKAGES[key])
    files = {f"{DOWNLOADS_DIR}/{name}": data for name, data in made.items()}
    sizes = {name: len(data) for name, data in made.items()}
    entries = {
        cid: download_entries(cid, sizes, relative(course_path(cid), DOWNLOADS_DIR))
        for cid in catalog.courses
    }
    return files, entries


def generate(
    content: Path, docs_dir: Path, *, site_url: str | None = None, memo: RenderMemo | None = None
) -> Generated:
    """Validate everything, then (only then) write the Markdown tree into `docs_dir`.
    With a `memo` (the preview), pages given the same inputs as last time are reused."""
    validated = validate_all(content, preview=memo is not None)
    catalog = validated.catalog
    files, downloads = _published_packages(catalog, validated.stack.layers, site_url)
    site = plan(catalog, downloads)
    files.update(cards_file(catalog, kit) for kit in kinds.KIT_NAMES)
    # each page is written as it is rendered: the pages are never all in memory
    tally = Rendered()
    pages = render_each(catalog, site, memo, tally=tally)
    on_disk = memo.on_disk if memo is not None else None
    report = write_tree(docs_dir, itertools.chain(pages, files.items()), on_disk=on_disk)
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
    )
    return replace(generated, site=SitePlan([], generated.site.nav), catalog=catalog)


def release_preview_caches() -> None:
    """Free what only a preview's next rebuild reuses (the files checked, the texts checked,
    the course packages): a one-off build leaves that memory to MkDocs."""
    forget_read_files()
    prose.forget_checked_texts()
    plain_text.cache_clear()
    _PACKAGES.clear()


_GENERATORS: dict[Path, Generator] = {}


def generator_for(content: Path) -> Generator:
    """The generator of `content` for this process: successive builds share it."""
    content = content.resolve()
    if content not in _GENERATORS:
        _GENERATORS[content] = Generator(content)
    return _GENERATORS[content]
