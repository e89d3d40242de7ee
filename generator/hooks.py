"""MkDocs hook: regenerate the Markdown tree before each build.

Thin glue only: the pipeline knows nothing of MkDocs. Declared in mkdocs.yml
(`hooks:`), so that `mkdocs serve` live-reloads on YAML edits.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.exceptions import Abort

from generator.errors import ContentError
from generator.pipeline import generate

log = logging.getLogger("mkdocs.hooks.passerelles")

CONTENT_ENV = "PASSERELLES_CONTENT"


def content_dir(config: Any) -> Path:
    """The folder holding kits/ and mooc/: set by the CLI, else beside mkdocs.yml."""
    chosen = os.environ.get(CONTENT_ENV)
    if chosen:
        return Path(chosen)
    return Path(config.config_file_path).parent


def on_pre_build(config: Any) -> None:
    try:
        generated = generate(content_dir(config), Path(config.docs_dir))
    except ContentError as exc:
        for problem in exc.problems:
            log.error(str(problem))
        count = len(exc.problems)
        raise Abort(
            f"{count} erreur{'s' if count > 1 else ''} dans le contenu : rien n'a été publié."
        ) from None
    config.nav = generated.site.nav
    if generated.report.written or generated.report.deleted:
        log.info("Passerelles : %s", generated.report.summary())


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    # The docs tree is generated: watching it would rebuild once more after each
    # build. The content folders are watched instead.
    server.unwatch(config.docs_dir)
    content = content_dir(config)
    for folder in ("kits", "mooc"):
        if (content / folder).is_dir():
            server.watch(str(content / folder))
    return server


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    source = page.meta.get("source")
    if source and config.repo_url:
        base = config.repo_url.rstrip("/") + "/" + (config.edit_uri or "").strip("/")
        page.edit_url = f"{base.rstrip('/')}/{source}"
    elif not source:
        page.edit_url = None
    return markdown
