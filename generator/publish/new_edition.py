"""`passerelles init`: the content folder of a new académie edition, ready to validate,
build and publish as it is (publication waits for its legal notice)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlsplit

import yaml

from generator import __version__
from generator.format import kinds
from generator.format.academies import academy_name
from generator.format.schemas import SCHEMA_DIR, editor_files, schema_files
from generator.render.jinja import environment
from generator.run import bundle

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
# what a project freshly cloned from a forge holds, and the tool installed in it (the
# edition README's one place for .venv): `init` may write beside them (and
# replaces the forge's placeholder README with the edition's own)
FORGE_FRESH = frozenset({".git", "README.md", ".venv"})


def national_index_url() -> str:
    """The PyPI index of the national project's package registry on its GitLab forge
    (`forge` in the shipped publication.yml), where each tagged version is published."""
    data = yaml.safe_load((bundle.root() / kinds.PUBLICATION_FILE).read_text("utf-8")) or {}
    forge = urlsplit(str(data.get("forge", "")).rstrip("/"))
    if not forge.netloc or not forge.path.strip("/"):
        return ""
    project = quote(forge.path.strip("/"), safe="")
    return f"{forge.scheme}://{forge.netloc}/api/v4/projects/{project}/packages/pypi/simple"


def _national_ids(kind: kinds.Kind) -> list[str]:
    """The ids of a kind in the national content shipped with the tool (for comments)."""
    assert kind.folder is not None
    return sorted(p.stem for p in (bundle.national_content() / kind.folder).glob("*.yml"))


def accepts(folder: Path) -> bool:
    """Whether `init` may write in `folder`: absent, empty, or fresh from a forge."""
    if not folder.exists():
        return True
    return folder.is_dir() and all(p.name in FORGE_FRESH for p in folder.iterdir())


def create(folder: Path, academy: str, *, index_url: str | None = None) -> list[Path]:
    """Write the edition folder; return the files written. `folder` is one `accepts`.
    The CI files install this very version from `index_url` (default: the national
    project's registry; "" for pip's default index)."""
    env = environment()
    values = {
        "academy": academy,
        "of": academy_name(academy, of=True),
        "version": __version__,
        "index_url": national_index_url() if index_url is None else index_url,
        "roles": _national_ids(kinds.INTERLOCUTOR),
    }
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
