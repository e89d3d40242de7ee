"""What the plan stage produces: pages and the sidebar."""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypedDict

from markupsafe import Markup


@dataclass(frozen=True, kw_only=True)
class Link:
    """A page a template links to, with the words of the link."""

    title: str
    path: str


class Alternate(TypedDict):
    """Another kit's view of the same action, offered by a search result."""

    title: str
    path: str


class Search(TypedDict, total=False):
    """What site search does with a page (front matter `search:`): Material's `exclude`,
    and Passerelles' `merge`, `alternates`, `keywords` (see generator/search/index.py)."""

    exclude: bool
    merge: bool
    alternates: list[Alternate]
    keywords: list[str]


@dataclass(frozen=True, kw_only=True)
class Page:
    """One Markdown page of the generated docs tree. Its `context` is what its template
    reads: a TypedDict declared beside the function that plans each kind of page."""

    path: str
    template: str
    title: str
    source: str | None
    context: Mapping[str, object] = field(default_factory=dict)
    description: str | None = None
    kit: str | None = None  # the kit whose readers the page speaks to: its links go there
    search: Search | None = None
    # The title and the description as the front matter gives them to the theme, which
    # prints them unescaped (<title>, headers; the description inside an attribute).
    theme_title: str = field(init=False)
    theme_description: str | None = field(init=False)

    def __post_init__(self) -> None:
        # derived from the page's own fields: a page `replace`d is written again
        description = None
        if self.description:
            description = theme_text(self.description[:300]).replace('"', "&quot;")
        object.__setattr__(self, "theme_title", theme_text(self.title))
        object.__setattr__(self, "theme_description", description)


@dataclass(frozen=True, kw_only=True)
class CourseOutline:
    """A course's pages as the plan made them, for what carries the course elsewhere (its
    packages): each page planned once, by the site's own plan, and found here by what it
    is rather than by an address worked out again."""

    id: str
    home: str  # the course home's site path
    lessons: Mapping[str, str]  # lesson id → site path, in course order
    tools: Mapping[str, str]  # tool kind (planner, self-assessment) → site path
    pages: Mapping[str, Page]  # site path → page: the home, the lessons, then the tools


@dataclass(frozen=True, kw_only=True)
class ActionAddress:
    """Where an action is published, as the open data lists it."""

    kits: tuple[str, ...]  # the slugs of the kits that show the action
    urls: Mapping[str, str]  # kit name → the address of its view, under the site's root


# The sidebar, as MkDocs' `nav` setting: titles to paths, or to lists of entries.
NavEntry = dict[str, "str | list[NavEntry]"]


@dataclass(frozen=True)
class SitePlan:
    pages: list[Page]
    nav: list[NavEntry]
    # The courses whose packages the site offers for download, by course id: each course
    # home offers its own. They are made from these outlines, and their sizes filled in
    # the home's `downloads`, when that page is rendered (see `pipeline`).
    courses: Mapping[str, CourseOutline] = field(default_factory=dict)
    # Where each action of the catalog is published, by action id: the open data's addresses.
    actions: Mapping[str, ActionAddress] = field(default_factory=dict)
    # Each kit's title as the theme prints it (the header of the pages of that kit).
    kit_titles: Mapping[str, str] = field(default_factory=dict)


def theme_text(value: str) -> str:
    """Content text for places Material prints unescaped (nav, <title>, headers)."""
    return " ".join(value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").split())


def site_name(value: str) -> Markup:
    """A site title as MkDocs' `site_name`: Material prints it unescaped in the header, the
    navigation, <title> and an `aria-label` attribute, and escapes it in a `title`
    attribute. Escaped here, quotes included, and marked safe so that it is escaped once."""
    return Markup(html.escape(" ".join(value.split()), quote=True))
