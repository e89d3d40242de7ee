"""The whole pipeline in one call, for the CLI and the MkDocs hook."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .plan import SitePlan, plan
from .render import render
from .validate import validate
from .write import WriteReport, write_tree


@dataclass(frozen=True)
class Generated:
    site: SitePlan
    report: WriteReport


def generate(content: Path, docs_dir: Path) -> Generated:
    """Validate everything, then (only then) write the Markdown tree into `docs_dir`."""
    catalog = validate(content)
    site = plan(catalog)
    files = render(catalog, site)
    return Generated(site, write_tree(docs_dir, files))
