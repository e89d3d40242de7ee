"""Passerelles: YAML content → Markdown pages → mkdocs-material site."""

from importlib.metadata import PackageNotFoundError, version

try:
    # the installed distribution's version, which the build took from the git tag
    __version__ = version("passerelles")
except PackageNotFoundError:  # pragma: no cover - the code run without being installed
    __version__ = "0+inconnue"
