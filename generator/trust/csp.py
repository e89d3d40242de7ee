"""The Content-Security-Policy of the published site and of the course packages.

The site runs its own scripts (files under `assets/`) and the few inline scripts
Material writes in every page (storage helpers, the colour palette restored before
the first paint, the anchor that opens a tab). Those are allowed by their hashes,
computed by rendering Material's own partials with the page's context: never from
what a page happens to contain. A new Material version changes them, so the theme is
pinned to one version (pyproject.toml) and raised deliberately.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from functools import cache

import jinja2

# Material's partials that write inline scripts (`partials/javascripts/*.html`).
MATERIAL_SCRIPTS = "partials/javascripts"
_INLINE = re.compile(r"<script>(.*?)</script>", re.DOTALL)

# What a page of the site may load, each for its reason:
#   img-src data:   Material's icons are SVG data addresses in its stylesheet;
#   worker-src      the search worker is a file of the site (blob: is never needed);
#   form-action     the 404 page's search form sends to the site's home page.
_SITE = (
    "default-src 'self'",
    "img-src 'self' data:",
    "style-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
)
# The offline copy is opened from file://, where Chrome gives every file its own opaque
# origin: 'self' matches none of the copy's files. Its scripts, styles and search data are
# allowed as file: addresses (the copy holds nothing from elsewhere), and the iframe-worker
# shim that replaces the search worker runs it in a same-copy <iframe> (frame-src file:).
_OFFLINE = (
    "default-src 'self' file:",
    "img-src 'self' file: data:",
    "style-src 'self' file:",
    "font-src 'self' file:",
    "connect-src 'self' file:",
    "worker-src 'self' file:",
    "frame-src 'self' file:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self' file:",
)
# A page of a course package (SCORM, Common Cartridge, OLX): no inline script at all, and
# nothing but the package's own files; the platform's API is reached through the window
# that frames it, which no policy of the page governs.
#   connect-src 'self'  the SCORM runtime reads the package's own imsmanifest.xml (one
#                       XMLHttpRequest, same origin as the page) to know which lesson a
#                       link leads to and open it from the player's table of contents.
PACKAGE_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "frame-src 'none'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    )
)

# HTTP headers a host should add: a <meta> policy cannot say them.
HOST_HEADERS = {
    "Content-Security-Policy": "frame-ancestors 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def script_hash(body: str) -> str:
    """A CSP source for an inline script: 'sha256-…' of its exact text."""
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def script_templates(env: jinja2.Environment) -> tuple[str, ...]:
    """The names of Material's partials that hold its inline scripts. Listing them walks
    every folder of the theme (Material's icons are thousands of files): once a build."""
    return tuple(
        sorted(
            name
            for name in env.list_templates(extensions=["html"])
            if name.startswith(MATERIAL_SCRIPTS + "/")
        )
    )


def inline_scripts(
    env: jinja2.Environment, context: dict[str, object], names: Iterable[str] | None = None
) -> tuple[str, ...]:
    """The inline scripts of Material's partials (`names`, or all of them), rendered with a
    page's `context` (`config`, `base_url`…): what Material writes in that page, whatever
    the page holds."""
    bodies: list[str] = []
    for name in script_templates(env) if names is None else names:
        rendered = env.get_template(name).render(**context)
        bodies.extend(_INLINE.findall(rendered))
    return tuple(bodies)


# The served site searches with Pagefind, whose search runs as WebAssembly: compiling it
# needs 'wasm-unsafe-eval' (it allows WebAssembly only, never eval of JavaScript). The
# offline copy searches with lunr (plain JavaScript) and does without it.
_WASM = "'wasm-unsafe-eval'"


def policy(hashes: Iterable[str], *, offline: bool = False) -> str:
    """The site's policy, allowing the inline scripts of `hashes` besides its own files."""
    sources = " ".join(sorted(set(hashes)))
    extra = " file:" if offline else f" {_WASM}"
    script = f"script-src 'self'{extra} {sources}".rstrip()
    rest = _OFFLINE if offline else _SITE
    return "; ".join((rest[0], script, *rest[1:]))


class SitePolicy:
    """The policy of each page of one build, by its `base_url` (pages at the same depth
    share their inline scripts); computed once per depth."""

    def __init__(self, env: jinja2.Environment, config: object, *, offline: bool) -> None:
        self.env, self.config, self.offline = env, config, offline
        self._names = script_templates(env)
        self._for_base = cache(self._compute)

    def _compute(self, base_url: str) -> tuple[str, frozenset[str]]:
        theme = getattr(self.config, "theme", {})
        features = theme.get("features", []) if hasattr(theme, "get") else []
        context = {"config": self.config, "base_url": base_url, "features": features or []}
        hashes = frozenset(script_hash(b) for b in inline_scripts(self.env, context, self._names))
        return policy(hashes, offline=self.offline), hashes

    def __call__(self, base_url: str) -> str:
        return self._for_base(base_url)[0]

    def hashes(self, base_url: str) -> frozenset[str]:
        return self._for_base(base_url)[1]
