"""`passerelles init`: the content folder of a new académie edition, ready to validate,
build and publish as it is (publication waits for its legal notice)."""

from __future__ import annotations

from pathlib import Path

from . import __version__, kinds
from .academies import academy_name
from .render import environment
from .schemas import SCHEMA_DIR, editor_files, schema_files

# folders of the local layer, kept in git by an empty marker file
FOLDERS = (
    *(k.folder for k in kinds.FLAT_KINDS if k.folder),
    kinds.MOOC_DIR,
)
# the files an edition starts with: template → path in the folder
FILES = {
    "edition/edition.yml.j2": kinds.EDITION_FILE,
    "edition/README.md.j2": "README.md",
    "edition/gitlab-ci.yml.j2": ".gitlab-ci.yml",
    "edition/github-publish.yml.j2": ".github/workflows/publish.yml",
}
GITIGNORE = "/build/\n/site/\n/public/\n/apercu/\n/.venv/\n/.cache/\n"


def create(folder: Path, academy: str) -> list[Path]:
    """Write the edition folder; return the files written. `folder` is new or empty."""
    env = environment()
    values = {"academy": academy, "of": academy_name(academy, of=True), "version": __version__}
    written = []
    for template, name in FILES.items():
        written.append(_write(folder / name, env.get_template(template).render(**values)))
    written.append(_write(folder / ".gitignore", GITIGNORE))
    for sub in FOLDERS:
        written.append(_write(folder / sub / ".gitkeep", ""))
    # checks as you type in VS Code: each content folder mapped to its schema
    for name, text in schema_files().items():
        written.append(_write(folder / SCHEMA_DIR / name, text))
    for name, text in editor_files().items():
        written.append(_write(folder / name, text))
    return written


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text if text.endswith("\n") or not text else text + "\n", "utf-8")
    return path
