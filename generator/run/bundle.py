"""Where the files a build needs live: inside the installed package (a wheel
carries them under `_bundle/`), or beside it in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent
_BUNDLED = _PACKAGE / "_bundle"
_CHECKOUT = _PACKAGE.parent


def root() -> Path:
    """The folder holding the national content (kits/, mooc/), mkdocs.yml and overrides/."""
    return _BUNDLED if _BUNDLED.is_dir() else _CHECKOUT


def default_config() -> Path:
    """The mkdocs.yml a content folder without its own is built with."""
    return root() / "mkdocs.yml"


def national_content() -> Path:
    return root()


def templates() -> Path:
    return _PACKAGE / "templates"


def data_file(name: str) -> Path:
    """A data file of the tool (generator/data/: académies, glossary, synonyms, texts)."""
    return _PACKAGE / "data" / name


def tool_files() -> list[Path]:
    """Every file of the tool that shapes a build: its code, templates, theme and config."""
    folders = [_PACKAGE, root() / "overrides"]
    found = [p for folder in folders for p in folder.rglob("*") if p.is_file()]
    found.append(default_config())
    return sorted(p for p in found if "__pycache__" not in p.parts and p.suffix != ".pyc")


def is_installed(content: Path) -> bool:
    """Whether `content` is the national content inside an installed package."""
    return content.resolve() == _BUNDLED.resolve() and _BUNDLED.is_dir()
