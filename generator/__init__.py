"""Passerelles: YAML content → Markdown pages → mkdocs-material site."""

__version__ = "0.2.0"
