"""What the plan stage produces: pages and the sidebar."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup


@dataclass(frozen=True)
class Page:
    """One Markdown page of the generated docs tree."""

    path: str
    template: str
    title: str
    source: str | None
    context: dict[str, Any] = field(default_factory=dict)
    description: str | None = None
    kit: str | None = None  # the kit whose readers the page speaks to: its links go there
    # What site search does with the page (front matter `search:`): Material's `exclude`,
    # and Passerelles' `merge`, `alternates`, `keywords` (see generator/search_index.py).
    search: dict[str, Any] | None = None


@dataclass(frozen=True)
class SitePlan:
    pages: list[Page]
    nav: list[Any]


def theme_text(value: str) -> str:
    """Content text for places Material prints unescaped (nav, <title>, headers)."""
    return " ".join(value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").split())


def site_name(value: str) -> Markup:
    """A site title as MkDocs' `site_name`: Material prints it unescaped in the header, the
    navigation, <title> and an `aria-label` attribute, and escapes it in a `title`
    attribute. Escaped here, quotes included, and marked safe so that it is escaped once."""
    return Markup(html.escape(" ".join(value.split()), quote=True))
