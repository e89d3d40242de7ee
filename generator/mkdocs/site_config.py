"""The MkDocs configuration of a content folder's site: its own mkdocs.yml or the
tool's, with the generated docs folder, the site folder and the plugin's options."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config import load_config
from mkdocs.exceptions import ConfigurationError

from generator.diagnostics import messages
from generator.format import kinds
from generator.run import bundle

PLUGIN = "passerelles"
OFFLINE_PLUGIN = "material/offline"


def docs_dir(content: Path) -> Path:
    """Where the Markdown pages of `content` are generated: beside its YAML, or, for the
    national content of an installed tool (read-only), in the current folder."""
    if bundle.is_installed(content):
        return Path.cwd() / "build" / "docs"
    return content / "build" / "docs"


def config_file(content: Path, explicit: Path | None = None) -> Path:
    """The MkDocs configuration of `content`: the one named on the command line, the
    folder's own mkdocs.yml, or the tool's. An edition's own mkdocs.yml is never read (its
    hooks or plugins would run code from a merge request; validation refuses it)."""
    if explicit is not None:
        return explicit.resolve()
    own = content / "mkdocs.yml"
    if own.is_file() and not (content / kinds.EDITION_FILE).is_file():
        return own
    return bundle.default_config()


def load(
    content: Path,
    *,
    site_dir: Path,
    explicit: Path | None = None,
    offline: bool = False,
    edit_links: bool = False,
    **overrides: Any,
) -> Any:
    """The loaded config; the plugin is told which content to build (no environment)."""
    docs = docs_dir(content)
    docs.mkdir(parents=True, exist_ok=True)  # MkDocs checks it exists before any plugin runs
    config = load_config(
        config_file=str(config_file(content, explicit)),
        docs_dir=str(docs),
        site_dir=str(site_dir),
        **overrides,
    )
    plugin = config.plugins.get(PLUGIN)
    if plugin is None:
        raise ConfigurationError(messages.MKDOCS_PLUGIN_MISSING(plugin=PLUGIN))
    plugin.config.content = str(content)
    if edit_links:
        plugin.config.edit_links = True
    if offline:
        _offline(config)
    return config


def _offline(config: Any) -> None:
    """The downloadable copy: Material's offline plugin on, instant navigation off."""
    plugin = config.plugins.get(OFFLINE_PLUGIN)
    if plugin is None:
        raise ConfigurationError(messages.OFFLINE_PLUGIN_MISSING())
    plugin.config.enabled = True
    features = config.theme.get("features", [])
    config.theme["features"] = [f for f in features if not f.startswith("navigation.instant")]
