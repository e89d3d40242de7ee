"""Every external address of the content, with the file, line and column it is written at.

The content is validated first (`generator.check.validate.validate`): addresses are looked for
only in content that would be published. Each file is then read again with the project's
loader, whose `Document` keeps the position of every value, and each text value is
examined as the site would see it:

- a value that is a whole http(s) address is an address field (`url:` of resources and
  sources, `website:` of partners, any later field of the same kind);
- any other text is parsed as Markdown with markdown-it (CommonMark, as the checks of
  Markdown fields do), and its http(s) links and autolinks are kept.

`mailto:` and internal links (`action:ID`…) are not addresses to check.

A link's exact place is found in the file itself: the address is searched between the
start of its value and the start of the next value or key, so that block scalars (`|`,
`>`), quotes and folded lines all give the line and column the editor sees. When the
text of the file does not hold the address literally (a backslash escape in Markdown),
the line is estimated from the Markdown tokens, as the validator does, at the first
character of that line.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from generator.check.layers import stack
from generator.check.validate import validate
from generator.check.yaml_reader import Document, LoadError, Loc, load_file
from generator.diagnostics.errors import ContentError, Position

_ADDRESS = re.compile(r"^https?://\S+$", re.IGNORECASE)
# YAML's line breaks: its marks count lines the same way.
_LINE_BREAK = re.compile("\r\n|\r|\n|\x85|\u2028|\u2029")


@dataclass(frozen=True, order=True)
class UrlUse:
    """One external address written in the content."""

    path: str
    line: int
    column: int
    url: str


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark")
    # keep every destination as written: no percent-encoding, nothing dropped
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.normalizeLink = lambda url: url  # type: ignore[method-assign]
    return md


_MD = _parser()


def collect(content: Path) -> list[UrlUse]:
    """Every http(s) address of the content, in file and line order.

    Raises ContentError when the content does not validate.
    """
    content = content.resolve()
    catalog = validate(content)
    # an edition's files and its bases', each read from its own layer's folder
    layers = sorted(stack(content).layers, key=lambda layer: len(layer.prefix), reverse=True)
    uses: list[UrlUse] = []
    for rel in sorted(set(catalog.sources.values())):
        layer = next(layer for layer in layers if rel.startswith(layer.prefix))
        file = layer.root / rel.removeprefix(layer.prefix)
        try:
            doc = load_file(layer.root, file, layer.prefix)
        except LoadError as exc:  # changed on disk since it was validated
            raise ContentError([exc.problem]) from None
        text = file.read_bytes().decode("utf-8").removeprefix("\ufeff")
        uses.extend(document_urls(doc, text))
    return sorted(uses)


def document_urls(doc: Document, text: str) -> list[UrlUse]:
    """The addresses in one loaded file; `text` is the file's content."""
    source = _Source(text, doc)
    uses: list[UrlUse] = []
    for loc, value in _strings(doc.data, ()):
        start = doc.positions.get(loc)
        if start is None:
            continue
        if _ADDRESS.match(value):
            pos = source.find(value, start) or start
            uses.append(UrlUse(doc.path, pos.line, pos.column, value))
            continue
        first_line = start.line + (1 if loc in doc.block_scalars else 0)
        for url, offset in _markdown_links(value):
            pos = source.find(url, start) or source.line_position(first_line + offset)
            uses.append(UrlUse(doc.path, pos.line, pos.column, url))
    return uses


def _strings(data: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*loc, index))


def _markdown_links(text: str) -> list[tuple[str, int]]:
    """(address, line inside the text) of each http(s) link, first occurrence only."""
    if "http" not in text.lower():
        return []
    found: dict[str, int] = {}
    for block in _MD.parse(text):
        if block.type != "inline" or not block.children:
            continue
        first = block.map[0] if block.map else 0
        for href, breaks in _inline_links(block.children):
            if _ADDRESS.match(href) and href not in found:
                found[href] = first + breaks
    return list(found.items())


def _inline_links(children: list[Token]) -> Iterator[tuple[str, int]]:
    breaks = 0
    for token in children:
        if token.type in ("softbreak", "hardbreak"):
            breaks += 1
        elif token.type == "link_open":
            yield str(token.attrs.get("href", "")), breaks


class _Source:
    """The file's text, searched between a value's start and the next value or key."""

    def __init__(self, text: str, doc: Document) -> None:
        self.text = text
        self.line_starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]
        marks = {*doc.positions.values(), *doc.key_positions.values()}
        self.marks = sorted(self._offset(p) for p in marks)

    def _offset(self, pos: Position) -> int:
        if pos.line - 1 >= len(self.line_starts):
            return len(self.text)
        return self.line_starts[pos.line - 1] + pos.column - 1

    def _position(self, offset: int) -> Position:
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return Position(index + 1, offset - self.line_starts[index] + 1)

    def line_position(self, line: int) -> Position:
        """Where the text of `line` starts, after its indentation."""
        if not 1 <= line <= len(self.line_starts):
            return Position(max(line, 1), 1)
        begin = self.line_starts[line - 1]
        end = self.line_starts[line] if line < len(self.line_starts) else len(self.text)
        content = self.text[begin:end]
        return Position(line, len(content) - len(content.lstrip(" ")) + 1)

    def find(self, needle: str, start: Position) -> Position | None:
        begin = self._offset(start)
        following = bisect.bisect_right(self.marks, begin)
        end = self.marks[following] if following < len(self.marks) else len(self.text)
        found = self.text.find(needle, begin, end)
        return self._position(found) if found >= 0 else None
