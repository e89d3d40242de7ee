"""The cards of a kit's catalogue as a data file, loaded by the filter script on demand.

A kit page sends its first cards in its HTML; the whole catalogue, which its filters,
counts and « Afficher plus » need, comes in one script file next to the page
(`cartes.js`), added by catalogue.js with a <script src> the first time a reader asks:
a script file loads from file:// (the offline copy), where fetch() of a JSON file does
not, and the site's policy already allows the site's own scripts.

The file is one JSON value assigned to one property, nothing else: written here, read
back by the output scan (`read`), which refuses anything that is not exactly that form.
The JSON escapes `<`, `>`, `&` and the two JavaScript line separators, so that no text
of the content can end the value or be read as markup; catalogue.js puts every text in
the page as text (textContent), never as HTML.
"""

from __future__ import annotations

import json
import re
from typing import Any

# The name of the file, in the folder of each kit's page.
FILE_NAME = "cartes.js"
_GLOBAL = "window.passerellesCards"
_FORM = re.compile(
    r"\(" + re.escape(_GLOBAL) + r" = " + re.escape(_GLOBAL) + r' \|\| \{\}\)\["([a-z]+)"\] = '
    r"(.*);\n",
    re.DOTALL,
)
_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_ESCAPED = re.compile("[<>&\u2028\u2029]")


def script(kit: str, data: dict[str, Any]) -> bytes:
    """The data file of `kit`: `data` (JSON) under its kit's name."""
    if not re.fullmatch("[a-z]+", kit):
        raise ValueError(f"nom de kit inattendu : {kit!r}")
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    body = _ESCAPED.sub(lambda m: _ESCAPES[m.group()], body)
    return f'({_GLOBAL} = {_GLOBAL} || {{}})["{kit}"] = {body};\n'.encode()


def read(text: str) -> tuple[str, Any] | None:
    """The kit and the data of a data file; None when the file is anything else than
    what `script` writes (code around or inside the value, a value that is not JSON)."""
    found = _FORM.fullmatch(text)
    if found is None:
        return None
    try:
        return found.group(1), json.loads(found.group(2))
    except ValueError:
        return None
