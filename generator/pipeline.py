"""The whole pipeline in one call, for the MkDocs plugin and the commands."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from . import kinds
from .catalog import Catalog
from .layers import stack
from .plan import SitePlan, plan
from .render import render
from .validate import validate
from .write import WriteReport, write_tree


@dataclass(frozen=True)
class Generated:
    site: SitePlan
    report: WriteReport
    catalog: Catalog
    reused: bool = False
    unlinked: int = 0  # links to what an edition hides, shown as plain text

    def summary(self) -> str:
        if self.reused:
            return (
                f"contenu inchangé depuis la génération précédente : {len(self.site.pages)} pages "
                "reprises telles quelles"
            )
        hidden = (
            f" ; {self.unlinked} lien(s) vers des contenus masqués par l'édition affiché(s) "
            "comme simple texte"
            if self.unlinked
            else ""
        )
        return f"{len(self.site.pages)} pages générées ({self.report.summary()}){hidden}"


def generate(content: Path, docs_dir: Path) -> Generated:
    """Validate everything, then (only then) write the Markdown tree into `docs_dir`."""
    catalog = validate(content)
    site = plan(catalog)
    rendered = render(catalog, site)
    report = write_tree(docs_dir, rendered.files)
    return Generated(site, report, catalog, unlinked=rendered.unlinked)


class Generator:
    """Generation for successive builds of one content folder, run once per change.

    A build that finds the same inputs as the previous one (the offline copy and
    the site of one `passerelles build --offline`) reuses its pages instead of
    validating and rendering everything again.
    """

    def __init__(self, content: Path) -> None:
        self.content = content.resolve()
        self._last: tuple[str, Path, Generated] | None = None

    def watched(self) -> list[Path]:
        """Every folder and file a build reads content from: the edition's and its bases'."""
        paths = []
        for layer in stack(self.content).layers:
            for name in (
                kinds.KITS_DIR,
                kinds.MOOC_DIR,
                kinds.EDITION_FILE,
                kinds.PUBLICATION_FILE,
            ):
                paths.append(layer.root / name)
        return [p for p in paths if p.exists()]

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

    def generate(self, docs_dir: Path) -> Generated:
        key = self.fingerprint()
        if self._last is not None and self._last[:2] == (key, docs_dir):
            previous = self._last[2]
            return Generated(previous.site, WriteReport(), previous.catalog, reused=True)
        generated = generate(self.content, docs_dir)
        self._last = (key, docs_dir, generated)
        return generated


_GENERATORS: dict[Path, Generator] = {}


def generator_for(content: Path) -> Generator:
    """The generator of `content` for this process: successive builds share it."""
    content = content.resolve()
    if content not in _GENERATORS:
        _GENERATORS[content] = Generator(content)
    return _GENERATORS[content]
