"""Address schemes: how a browser reads the scheme of an address, and which schemes an
address may have.

Trust has two walls (DESIGN.md, « Trust »): checking refuses in what editors write an
address that could run code or reach the reader's files (`markdown.rules`), and the last
scan refuses it in every published output (`trust.output_scan`). Both read a scheme here,
the way a browser does, so that a scheme hidden by a tab or a control character is the
same scheme for both walls.
"""

from __future__ import annotations

import re

# Never in content: they run code, carry a document of their own or reach local files.
FORBIDDEN_SCHEMES = frozenset({"javascript", "data", "vbscript", "file"})
# What a published address may have (none: a relative address).
SAFE_SCHEMES = frozenset({"", "http", "https", "mailto", "tel"})

_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")


def url_scheme(url: str) -> str:
    """The scheme a browser sees: whitespace and control characters are ignored."""
    cleaned = _URL_NOISE.sub("", url).lower()
    head = re.split(r"[/?#]", cleaned, maxsplit=1)[0]
    return head.split(":", 1)[0] if ":" in head else ""
