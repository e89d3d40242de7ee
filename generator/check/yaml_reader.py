"""Load stage: YAML files into plain data where every node keeps its position.

The document is built from the parser's event stream rather than from a node
graph: it is iterative (a deeply nested file cannot exhaust the stack), it sees
aliases before they are expanded (no « billion laughs »), and it sees explicit
tags and duplicate keys with their exact positions.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.diagnostics import messages
from generator.diagnostics.errors import Position, Problem

try:  # libyaml is several times faster; fall back to the pure-Python parser.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 2_000_000
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
MAX_DEPTH = 40

Loc = tuple[str | int, ...]

_ALLOWED_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}
# « = » and « << » as values resolve to these YAML 1.1 tags, which no constructor
# knows: they are plain text.
_TEXT_TAGS = {"tag:yaml.org,2002:value", "tag:yaml.org,2002:merge"}
_TYPE_NAMES = {
    "tag:yaml.org,2002:int": "un nombre entier",
    "tag:yaml.org,2002:float": "un nombre",
    "tag:yaml.org,2002:bool": "un booléen",
    "tag:yaml.org,2002:null": "une valeur vide",
    "tag:yaml.org,2002:timestamp": "une date",
}


@dataclass
class Positions:
    """Where each value and key of one file is, and how YAML read its scalars."""

    values: dict[Loc, Position] = field(default_factory=dict)
    keys: dict[Loc, Position] = field(default_factory=dict)
    scalar_types: dict[Loc, str] = field(default_factory=dict)
    block_scalars: set[Loc] = field(default_factory=set)


class Document:
    """One YAML file as plain data, with the position of every value and key.

    Positions are only needed to point at a mistake: a file read by libyaml alone keeps
    its bytes, and its positions are found by reading it again the first time a problem
    asks for them (a content of thousands of files then holds no position at all).
    """

    __slots__ = ("_positions", "_source", "data", "path")

    def __init__(
        self,
        path: str,
        data: Any,
        *,
        positions: Positions | None = None,
        source: bytes | None = None,
    ) -> None:
        self.path = path
        self.data = data
        self._positions = positions
        self._source = source

    @property
    def where(self) -> Positions:
        if self._positions is None:
            self._positions = _positions_of(self.path, self._source)
            self._source = None
        return self._positions

    @property
    def positions(self) -> dict[Loc, Position]:
        return self.where.values

    @property
    def key_positions(self) -> dict[Loc, Position]:
        return self.where.keys

    @property
    def block_scalars(self) -> set[Loc]:
        return self.where.block_scalars

    def locate(self, loc: Loc, *, key: bool = False) -> Position:
        """Position of `loc`, or of its closest ancestor that exists."""
        where = self.where
        if key and loc in where.keys:
            return where.keys[loc]
        probe = tuple(loc)
        while probe:
            if probe in where.values:
                return where.values[probe]
            probe = probe[:-1]
        return where.values.get((), Position(1, 1))

    def problem(
        self, loc: Loc, message: messages.Message, /, *, at_key: bool = False, **values: Any
    ) -> Problem:
        """`message` located at `loc` (at its key with `at_key=True`)."""
        where = self.locate(loc, key=at_key)
        return Problem.of(self.path, where.line, where.column, message, **values)

    def implicit_type(self, loc: Loc) -> str | None:
        """How YAML read an unquoted scalar that is not text (« un booléen »…)."""
        tag = self.where.scalar_types.get(tuple(loc))
        return _TYPE_NAMES.get(tag) if tag else None


class LoadError(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))

    @classmethod
    def at(
        cls, path: str, where: Position, message: messages.Message, /, **values: Any
    ) -> LoadError:
        return cls(Problem.of(path, where.line, where.column, message, **values))


_SYNTAX_MESSAGES: list[tuple[str, messages.Message]] = [
    ("found character '\\t' that cannot start any token", messages.YAML_TAB),
    ("found a tab character", messages.YAML_TAB),
    ("could not find expected ':'", messages.YAML_COLON_EXPECTED),
    ("mapping values are not allowed", messages.YAML_COLON_UNEXPECTED),
    ("did not find expected key", messages.YAML_KEY_EXPECTED),
    ("did not find expected '-' indicator", messages.YAML_DASH_EXPECTED),
    ("block sequence entries are not allowed", messages.YAML_DASH_UNEXPECTED),
    ("did not find expected node content", messages.YAML_VALUE_EXPECTED),
    ("did not find expected ',' or ']'", messages.YAML_BRACKET),
    ("did not find expected ',' or '}'", messages.YAML_BRACE),
    ("found unknown escape character", messages.YAML_ESCAPE),
    ("found unexpected end of stream", messages.YAML_END),
    ("found undefined tag handle", messages.YAML_TAG_HANDLE),
    ("control characters are not allowed", messages.YAML_CHARACTER),
    ("special characters are not allowed", messages.YAML_CHARACTER),
    ("unacceptable character", messages.YAML_CHARACTER),
    ("expected <block end>", messages.YAML_INDENTATION),
    ("expected a single document", messages.YAML_ONE_DOCUMENT),
    ("found unexpected ':'", messages.YAML_COLON_UNEXPECTED),
    ("found unexpected end", messages.YAML_LINE_END),
]


def _syntax_message(problem: str, context: str | None) -> tuple[messages.Message, dict[str, str]]:
    text = f"{context or ''} {problem}".strip()
    if "quoted scalar" in text and "end of stream" in text:
        return messages.YAML_QUOTE, {}
    for needle, message in _SYNTAX_MESSAGES:
        if needle in text:
            return message, {}
    return messages.YAML_SYNTAX, {"detail": problem}


def _quote_problem(
    scalar: Any, mark: Any, lines: list[str]
) -> tuple[Position, messages.Message, dict[str, Any]] | None:
    """A syntax error right after a quoted value is most often a quote mistake.

    `title: 'l'élève'` closes the value at « l' »; a forgotten closing quote
    makes the value run to the next quote, lines further: say so, and point at
    where the quoted value starts rather than where YAML gave up.
    """
    if scalar is None or scalar.style not in ("'", '"'):
        return None
    end = scalar.end_mark
    if end.line != mark.line or end.line >= len(lines):
        return None
    if lines[end.line][end.column : mark.column].strip():
        return None
    if scalar.start_mark.line != end.line:
        return _pos(scalar.start_mark), messages.YAML_QUOTE_LINES, {"line": end.line + 1}
    if scalar.style == "'":
        return _pos(mark), messages.YAML_APOSTROPHE, {}
    return _pos(mark), messages.YAML_DOUBLE_QUOTE, {}


def _pos(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def _offset_position(text: bytes, offset: int) -> Position:
    before = text[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return Position(line, column)


_START = Position(1, 1)


def _decode(path: str, raw: bytes) -> str:
    if len(raw) > MAX_BYTES:
        raise LoadError.at(path, _START, messages.FILE_TOO_LARGE, max=MAX_BYTES)
    if raw.startswith(b"\xef\xbb\xbf"):
        # Windows editors add a byte-order mark; it carries no meaning in UTF-8.
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LoadError.at(path, _offset_position(raw, exc.start), messages.FILE_NOT_UTF8) from None
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise LoadError.at(path, _START, messages.FILE_EMPTY)
    return text


class _Frame:
    __slots__ = ("container", "loc", "pending_key", "seen_keys")

    def __init__(self, container: dict[str, Any] | list[Any], loc: Loc) -> None:
        self.container = container
        self.loc = loc
        self.pending_key: str | None = None
        self.seen_keys: dict[str, Position] = {}

    def expects_key(self) -> bool:
        return isinstance(self.container, dict) and self.pending_key is None


class _Builder:
    """Builds a Document from the parser's events, one event at a time."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.where = Positions()
        self.stack: list[_Frame] = []
        self.documents = 0
        self.root: Any = None
        self.last_scalar: Any = None
        self.resolver = yaml.resolver.Resolver()
        self.constructor = yaml.constructor.SafeConstructor()

    def fail(self, mark: Any, message: messages.Message, /, **values: Any) -> LoadError:
        return LoadError.at(self.path, _pos(mark), message, **values)

    def feed(self, event: Any) -> None:
        if isinstance(event, yaml.ScalarEvent):
            self.last_scalar = event
            self.scalar(event)
        elif isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise self.fail(event.start_mark, messages.YAML_ONE_DOCUMENT)
        elif isinstance(event, yaml.AliasEvent):
            raise self.fail(event.start_mark, messages.YAML_ALIAS)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            self.open(event)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            self.stack.pop()

    def child_loc(self) -> Loc:
        if not self.stack:
            return ()
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            return (*frame.loc, len(frame.container))
        return (*frame.loc, frame.pending_key or "")

    def place(self, value: Any, event: Any) -> Loc | None:
        """Attach a finished value to its parent; return its loc (None for a key)."""
        where = _pos(event.start_mark)
        if not self.stack:
            self.root = value
            self.where.values[()] = where
            return ()
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            loc: Loc = (*frame.loc, len(frame.container))
            frame.container.append(value)
        elif frame.pending_key is None:
            self.key(frame, value, event)
            return None
        else:
            loc = (*frame.loc, frame.pending_key)
            frame.container[frame.pending_key] = value
            frame.pending_key = None
        self.where.values[loc] = where
        return loc

    def key(self, frame: _Frame, value: Any, event: Any) -> None:
        if not isinstance(value, str):
            raise self.fail(event.start_mark, messages.YAML_KEY_TEXT)
        if value in frame.seen_keys:
            first = frame.seen_keys[value]
            raise self.fail(
                event.start_mark, messages.YAML_DUPLICATE_KEY, key=value, line=first.line
            )
        frame.seen_keys[value] = _pos(event.start_mark)
        frame.pending_key = value
        self.where.keys[(*frame.loc, value)] = _pos(event.start_mark)

    def check_tag(self, event: Any) -> None:
        tag = getattr(event, "tag", None)
        if tag and tag not in ("!", *_ALLOWED_TAGS):
            shown = printable(tag.replace("tag:yaml.org,2002:", "!!"))[:60]
            raise self.fail(event.start_mark, messages.YAML_TAG, tag=shown)

    def open(self, event: Any) -> None:
        self.check_tag(event)
        if self.stack and self.stack[-1].expects_key():
            raise self.fail(event.start_mark, messages.YAML_KEY_TEXT)
        if len(self.stack) >= MAX_DEPTH:
            raise self.fail(event.start_mark, messages.YAML_TOO_DEEP, max=MAX_DEPTH)
        container: dict[str, Any] | list[Any] = (
            {} if isinstance(event, yaml.MappingStartEvent) else []
        )
        loc = self.child_loc()
        self.place(container, event)
        self.stack.append(_Frame(container, loc))

    def scalar(self, event: Any) -> None:
        self.check_tag(event)
        if self.stack and self.stack[-1].expects_key():
            if event.value == "<<" and event.implicit[0]:
                raise self.fail(event.start_mark, messages.YAML_MERGE_KEY)
            self.place(event.value, event)
            return
        tag = (
            event.tag
            if event.tag and event.tag != "!"
            else self.resolver.resolve(yaml.ScalarNode, event.value, event.implicit)
        )
        if event.tag == "!" or tag in _TEXT_TAGS:
            tag = "tag:yaml.org,2002:str"
        value = self.construct(event, tag)
        loc = self.place(value, event)
        if loc is not None:
            if tag != "tag:yaml.org,2002:str":
                self.where.scalar_types[loc] = tag
            if event.style in ("|", ">"):
                self.where.block_scalars.add(loc)

    def construct(self, event: Any, tag: str) -> Any:
        # a text is what SafeConstructor would give, without its bookkeeping
        text = tag == "tag:yaml.org,2002:str"
        value = event.value if text else self.construct_other(event, tag)
        control = _CONTROL.search(value) if isinstance(value, str) else None
        if control:
            # written as an escape ("\x02"): Python-Markdown uses \x02 and \x03
            # as its own placeholders, and no page needs them
            raise self.fail(
                event.start_mark, messages.YAML_CONTROL, char=printable(control.group())
            )
        return value

    def construct_other(self, event: Any, tag: str) -> Any:
        """A number, a boolean, a date…: built by PyYAML's safe constructor."""
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return self.constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            reason = getattr(exc, "problem", None) or str(exc)
            detail = printable(" ".join(str(reason).split()))[:80]
            raise self.fail(event.start_mark, messages.YAML_UNREADABLE, detail=detail) from None


def _syntax_error(path: str, text: str, exc: yaml.MarkedYAMLError, last_scalar: Any) -> LoadError:
    mark = exc.problem_mark or exc.context_mark
    if exc.context_mark is not None and "end of stream" in (exc.problem or ""):
        mark = exc.context_mark
    where = _pos(mark) if mark is not None else _START
    message, values = _syntax_message(exc.problem or "", exc.context)
    lines = text.splitlines()
    if where.line <= len(lines) and "\t" in lines[where.line - 1][: where.column]:
        message, values = messages.YAML_TAB, {}
    elif mark is not None and (quote := _quote_problem(last_scalar, mark, lines)):
        where, message, values = quote
    return LoadError.at(path, where, message, **values)


def parse(path: str, raw: bytes) -> Document:
    """Parse one file's bytes; raise LoadError with a located French message."""
    text = _decode(path, raw)
    data = _quick(text)
    if data is not None:
        return Document(path, data, source=raw)
    data, where = parse_events(path, text)
    return Document(path, data, positions=where)


def parse_events(path: str, text: str) -> tuple[dict[str, Any], Positions]:
    """The data of `text` and the position of each value, built from the parser's events:
    the careful reader, that refuses what `parse` must refuse with a located message."""
    builder = _Builder(path)
    try:
        for event in yaml.parse(text, Loader=_Loader):
            builder.feed(event)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(path, text, exc, builder.last_scalar) from None
    except yaml.reader.ReaderError as exc:
        offset = len(text[: exc.position].encode("utf-8"))
        where = _offset_position(text.encode("utf-8"), offset)
        raise LoadError.at(path, where, messages.YAML_CHARACTER) from None
    except yaml.YAMLError as exc:
        raise LoadError.at(path, _START, messages.YAML_SYNTAX, detail=str(exc)) from None
    root = builder.root
    if not isinstance(root, dict):
        what = "une liste" if isinstance(root, list) else "une valeur seule"
        raise LoadError.at(path, _START, messages.YAML_NOT_OBJECT, what=what)
    return root, builder.where


def _positions_of(path: str, source: bytes | None) -> Positions:
    """The positions of a file read without them, found by reading its bytes again."""
    if source is None:
        return Positions()
    try:
        return parse_events(path, _decode(path, source))[1]
    except LoadError:  # pragma: no cover - the same bytes were read without a mistake
        return Positions()


# --------------------------------------------------------------------------- quick path
#
# Most files are plain: no alias, tag, duplicate key, escape or control character. For
# them libyaml's own composer builds the tree in C, and the data is read off it without
# recording a position. Whatever the event builder could refuse or read otherwise makes
# the quick path give up (None), and the event builder then decides, with its messages.

_QUICK = _Loader.__name__ == "CSafeLoader"
_QUICK_DEPTH = MAX_DEPTH // 2  # deeper files go the careful way: the builder counts
_STR = "tag:yaml.org,2002:str"


class _Unsure(Exception):
    """The quick path leaves this file to the event builder."""


class _Quick:
    def __init__(self, text: str) -> None:
        self.seen: set[int] = set()  # an alias is a node met twice
        self.constructor = yaml.constructor.SafeConstructor()
        # the composer reads « ! 5 » as a number, the builder as text (« ! » says text):
        # where a « ! » could be a tag, only text values are read quickly
        self.tags_possible = "!" in text

    def value(self, node: yaml.Node, depth: int) -> Any:
        if node.tag not in _ALLOWED_TAGS or id(node) in self.seen or depth > _QUICK_DEPTH:
            raise _Unsure
        self.seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR:
                return node.value
            if self.tags_possible:
                raise _Unsure
            return self.constructor.construct_object(node)
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, depth + 1) for item in node.value]
        mapping: dict[str, Any] = {}
        for key, item in node.value:
            if not isinstance(key, yaml.ScalarNode) or key.tag != _STR or key.value in mapping:
                raise _Unsure
            mapping[key.value] = self.value(item, depth + 1)
        return mapping


def _quick(text: str) -> dict[str, Any] | None:
    """The data of a plain file, read by libyaml; None where the event builder must read it."""
    if not _QUICK or "\\" in text or _CONTROL.search(text):
        return None  # an escape could write a control character: the builder refuses those
    try:
        root = yaml.compose(text, Loader=_Loader)
        if not isinstance(root, yaml.MappingNode):
            return None
        data: dict[str, Any] = _Quick(text).value(root, 1)
    except (_Unsure, yaml.YAMLError, ValueError, OverflowError, TypeError):
        return None
    return data


@dataclass
class Folders:
    """A content folder whose files are read one after another: its real path, and for
    each folder met so far, whether its real path is inside it."""

    real: Path
    inside: dict[Path, bool] = field(default_factory=dict)

    def holds(self, file: Path) -> bool:
        """Whether `file` is a regular file itself (not a link) in a folder whose real path
        is inside: then it is the file it names, and one `lstat` tells so. Resolving each
        file's path instead asks the system about every folder above it (a third of
        `passerelles validate` at 5,000 actions once its cache is written)."""
        if not stat.S_ISREG(os.lstat(file).st_mode):
            return False
        folder = file.parent
        if folder not in self.inside:
            self.inside[folder] = folder.resolve(strict=True).is_relative_to(self.real)
        return self.inside[folder]


def read_bytes(
    content_dir: Path, file: Path, prefix: str = "", *, folders: Folders | None = None
) -> tuple[str, bytes]:
    """The path a content file is reported by, and its bytes.

    Its path is relative to `content_dir`, after `prefix` (« national/ » for a file of an
    edition's base). Only regular files inside the content folder are read, and never more
    than MAX_BYTES + 1 bytes: a symbolic link to /etc/passwd or /dev/zero, or a named pipe,
    is an error rather than a leak, an endless read or a hang. `folders` is given when the
    caller reads many files of `content_dir`.
    """
    rel = prefix + printable(file.relative_to(content_dir).as_posix())
    try:
        if folders is not None and folders.holds(file):
            real = file  # a regular file, not a link, in a folder inside the content
        else:
            real = file.resolve(strict=True)
            if not real.is_relative_to(folders.real if folders else content_dir.resolve()):
                raise LoadError.at(rel, _START, messages.FILE_LINK_OUTSIDE)
            if not stat.S_ISREG(real.stat().st_mode):
                raise LoadError.at(rel, _START, messages.FILE_NOT_REGULAR)
        return rel, _read_at_most(real, MAX_BYTES + 1)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise LoadError.at(rel, _START, messages.FILE_UNREADABLE, reason=reason) from None
    except RuntimeError:  # a loop of symbolic links
        raise LoadError.at(rel, _START, messages.FILE_LINK_LOOP) from None


def _read_at_most(path: Path, limit: int) -> bytes:
    """At most `limit` bytes of a regular file, read in one call sized by its length: a read
    of `limit` bytes reserves them all first (2 MB for each file of a few kilobytes)."""
    with open(path, "rb", buffering=0) as handle:
        return handle.read(min(os.fstat(handle.fileno()).st_size + 1, limit))


def printable(text: str) -> str:
    """`text` with control characters shown as escapes: a message stays on one line."""
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)


def load_file(content_dir: Path, file: Path, prefix: str = "") -> Document:
    """Read (see `read_bytes`) and parse one content file."""
    return parse(*read_bytes(content_dir, file, prefix))
