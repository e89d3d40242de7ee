"""Load stage: YAML files into plain data where every node keeps its position.

The document is built from the parser's event stream rather than from a node
graph: it is iterative (a deeply nested file cannot exhaust the stack), it sees
aliases before they are expanded (no « billion laughs »), and it sees explicit
tags and duplicate keys with their exact positions.
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Position, Problem

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
class Document:
    """One YAML file as plain data, with the position of every value and key."""

    path: str
    data: Any
    positions: dict[Loc, Position] = field(default_factory=dict)
    key_positions: dict[Loc, Position] = field(default_factory=dict)
    scalar_types: dict[Loc, str] = field(default_factory=dict)
    block_scalars: set[Loc] = field(default_factory=set)

    def locate(self, loc: Loc, *, key: bool = False) -> Position:
        """Position of `loc`, or of its closest ancestor that exists."""
        if key and loc in self.key_positions:
            return self.key_positions[loc]
        probe = tuple(loc)
        while probe:
            if probe in self.positions:
                return self.positions[probe]
            probe = probe[:-1]
        return self.positions.get((), Position(1, 1))

    def implicit_type(self, loc: Loc) -> str | None:
        """How YAML read an unquoted scalar that is not text (« un booléen »…)."""
        tag = self.scalar_types.get(tuple(loc))
        return _TYPE_NAMES.get(tag) if tag else None


class LoadError(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


_SYNTAX_MESSAGES: list[tuple[str, str]] = [
    (
        "found character '\\t' that cannot start any token",
        "tabulation interdite : indentez avec des espaces",
    ),
    ("found a tab character", "tabulation interdite : indentez avec des espaces"),
    (
        "could not find expected ':'",
        "« : » attendu : une clé doit être suivie de deux-points, ou la ligne est mal indentée",
    ),
    (
        "mapping values are not allowed",
        "« : » inattendu : mettez la valeur entre guillemets si elle contient « : », "
        "ou vérifiez l'indentation",
    ),
    ("did not find expected key", "clé attendue : vérifiez l'indentation de cette ligne"),
    (
        "did not find expected '-' indicator",
        "« - » attendu : vérifiez l'indentation des éléments de la liste",
    ),
    (
        "block sequence entries are not allowed",
        "« - » inattendu ici : vérifiez l'indentation de la liste",
    ),
    ("did not find expected node content", "valeur attendue à cet endroit"),
    ("did not find expected ',' or ']'", "« , » ou « ] » attendu : un crochet n'est pas refermé"),
    (
        "did not find expected ',' or '}'",
        "« , » ou « } » attendu : une accolade n'est pas refermée",
    ),
    ("found unknown escape character", "séquence d'échappement inconnue entre guillemets doubles"),
    (
        "found unexpected end of stream",
        "fin du fichier inattendue : un guillemet, un crochet ou une accolade n'est pas refermé",
    ),
    ("found undefined tag handle", "étiquette YAML (!) inconnue"),
    ("control characters are not allowed", "caractère de contrôle interdit"),
    ("special characters are not allowed", "caractère spécial interdit"),
    ("unacceptable character", "caractère interdit dans un fichier YAML"),
    ("expected <block end>", "indentation incohérente avec les lignes précédentes"),
    ("expected a single document", "un seul document YAML par fichier (retirez « --- »)"),
    ("found unexpected ':'", "« : » inattendu : mettez la valeur entre guillemets"),
    ("found unexpected end", "fin de ligne inattendue"),
]


def _syntax_message(problem: str, context: str | None) -> str:
    text = f"{context or ''} {problem}".strip()
    if "quoted scalar" in text and "end of stream" in text:
        return "guillemet non refermé"
    for needle, french in _SYNTAX_MESSAGES:
        if needle in text:
            return french
    return f"syntaxe YAML invalide ({problem})"


def _quote_problem(scalar: Any, mark: Any, lines: list[str]) -> tuple[Position, str] | None:
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
    start = _pos(scalar.start_mark)
    if scalar.start_mark.line != end.line:
        return start, (
            f"guillemet ouvert ici et refermé seulement ligne {end.line + 1} : "
            "il manque sans doute le guillemet fermant de cette valeur"
        )
    if scalar.style == "'":
        hint = "une apostrophe dans une valeur entre apostrophes s'écrit doublée (l''élève)"
    else:
        hint = "un guillemet dans une valeur entre guillemets s'écrit \\\""
    return _pos(mark), f"texte après le guillemet fermant : {hint}"


def _pos(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def _offset_position(text: bytes, offset: int) -> Position:
    before = text[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return Position(line, column)


class _Frame:
    __slots__ = ("container", "loc", "pending_key", "seen_keys")

    def __init__(self, container: dict[str, Any] | list[Any], loc: Loc) -> None:
        self.container = container
        self.loc = loc
        self.pending_key: str | None = None
        self.seen_keys: dict[str, Position] = {}


def _decode(path: str, raw: bytes) -> str:
    if len(raw) > MAX_BYTES:
        raise LoadError(
            Problem(path, 1, 1, f"fichier trop volumineux (plus de {MAX_BYTES} octets)")
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        # Windows editors add a byte-order mark; it carries no meaning in UTF-8.
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        pos = _offset_position(raw, exc.start)
        raise LoadError(
            Problem(
                path,
                pos.line,
                pos.column,
                "octets invalides : le fichier doit être enregistré en UTF-8",
            )
        ) from None
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise LoadError(
            Problem(path, 1, 1, "fichier vide : il doit décrire un objet (clé: valeur)")
        )
    return text


def parse(path: str, raw: bytes) -> Document:
    """Parse one file's bytes; raise LoadError with a located French message."""
    text = _decode(path, raw)
    resolver = yaml.resolver.Resolver()
    constructor = yaml.constructor.SafeConstructor()
    doc = Document(path=path, data=None)
    stack: list[_Frame] = []
    documents = 0
    root: Any = None
    last_scalar: Any = None

    def fail(mark: Any, message: str) -> LoadError:
        p = _pos(mark)
        return LoadError(Problem(path, p.line, p.column, message))

    def place(value: Any, event: Any) -> Loc | None:
        """Attach a finished value to its parent; return its loc (None for a key)."""
        nonlocal root
        if not stack:
            root = value
            doc.positions[()] = _pos(event.start_mark)
            return ()
        frame = stack[-1]
        if isinstance(frame.container, list):
            loc = (*frame.loc, len(frame.container))
            frame.container.append(value)
            doc.positions[loc] = _pos(event.start_mark)
            return loc
        if frame.pending_key is None:
            if not isinstance(value, str):
                raise fail(event.start_mark, "une clé doit être un simple texte")
            if value in frame.seen_keys:
                first = frame.seen_keys[value]
                raise fail(
                    event.start_mark, f"clé « {value} » en double (déjà définie ligne {first.line})"
                )
            frame.seen_keys[value] = _pos(event.start_mark)
            frame.pending_key = value
            doc.key_positions[(*frame.loc, value)] = _pos(event.start_mark)
            return None
        key = frame.pending_key
        frame.pending_key = None
        loc = (*frame.loc, key)
        frame.container[key] = value
        doc.positions[loc] = _pos(event.start_mark)
        return loc

    def check_tag(event: Any) -> None:
        tag = getattr(event, "tag", None)
        if tag and tag not in ("!", *_ALLOWED_TAGS):
            raise fail(
                event.start_mark,
                f"étiquette YAML « {printable(tag.replace('tag:yaml.org,2002:', '!!'))[:60]} » "
                "interdite : écrivez une valeur simple",
            )

    def child_loc() -> Loc:
        if not stack:
            return ()
        frame = stack[-1]
        if isinstance(frame.container, list):
            return (*frame.loc, len(frame.container))
        return (*frame.loc, frame.pending_key or "")

    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.ScalarEvent):
                last_scalar = event
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise fail(
                        event.start_mark,
                        "un seul document YAML par fichier (retirez le second « --- »)",
                    )
            elif isinstance(event, yaml.AliasEvent):
                raise fail(
                    event.start_mark,
                    "les alias YAML (*nom) ne sont pas acceptés : recopiez la valeur",
                )
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                check_tag(event)
                if (
                    stack
                    and isinstance(stack[-1].container, dict)
                    and stack[-1].pending_key is None
                ):
                    raise fail(event.start_mark, "une clé doit être un simple texte")
                if len(stack) >= MAX_DEPTH:
                    raise fail(
                        event.start_mark, f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux)"
                    )
                container: dict[str, Any] | list[Any] = (
                    {} if isinstance(event, yaml.MappingStartEvent) else []
                )
                loc = child_loc()
                place(container, event)
                stack.append(_Frame(container, loc))
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
            elif isinstance(event, yaml.ScalarEvent):
                check_tag(event)
                is_key = (
                    bool(stack)
                    and isinstance(stack[-1].container, dict)
                    and stack[-1].pending_key is None
                )
                if is_key:
                    if event.value == "<<" and event.implicit[0]:
                        raise fail(
                            event.start_mark, "les clés de fusion « << » ne sont pas acceptées"
                        )
                    place(event.value, event)
                    continue
                tag = (
                    event.tag
                    if event.tag and event.tag != "!"
                    else resolver.resolve(yaml.ScalarNode, event.value, event.implicit)
                )
                if event.tag == "!" or tag in _TEXT_TAGS:
                    tag = "tag:yaml.org,2002:str"
                node = yaml.ScalarNode(
                    tag, event.value, event.start_mark, event.end_mark, event.style
                )
                try:
                    value = constructor.construct_object(node)
                except (yaml.YAMLError, ValueError, OverflowError) as exc:
                    reason = getattr(exc, "problem", None) or str(exc)
                    raise fail(
                        event.start_mark,
                        f"valeur illisible ({printable(' '.join(str(reason).split()))[:80]}) : "
                        "mettez-la entre guillemets",
                    ) from None
                control = _CONTROL.search(value) if isinstance(value, str) else None
                if control:
                    # written as an escape ("\x02"): Python-Markdown uses \x02 and \x03
                    # as its own placeholders, and no page needs them
                    raise fail(
                        event.start_mark,
                        f"caractère de contrôle interdit ({printable(control.group())}) "
                        "dans cette valeur",
                    )
                loc = place(value, event)
                if loc is not None:
                    if tag != "tag:yaml.org,2002:str":
                        doc.scalar_types[loc] = tag
                    if event.style in ("|", ">"):
                        doc.block_scalars.add(loc)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and "end of stream" in (exc.problem or ""):
            mark = exc.context_mark
        p = _pos(mark) if mark is not None else Position(1, 1)
        message = _syntax_message(exc.problem or "", exc.context)
        lines = text.splitlines()
        if p.line <= len(lines) and "\t" in lines[p.line - 1][: p.column]:
            message = "tabulation interdite : indentez avec des espaces"
        elif mark is not None and (quote := _quote_problem(last_scalar, mark, lines)):
            p, message = quote
        raise LoadError(Problem(path, p.line, p.column, message)) from None
    except yaml.reader.ReaderError as exc:
        pos = _offset_position(text.encode("utf-8"), len(text[: exc.position].encode("utf-8")))
        raise LoadError(
            Problem(path, pos.line, pos.column, "caractère interdit dans un fichier YAML")
        ) from None
    except yaml.YAMLError as exc:
        raise LoadError(Problem(path, 1, 1, f"syntaxe YAML invalide ({exc})")) from None

    if not isinstance(root, dict):
        kind = "une liste" if isinstance(root, list) else "une valeur seule"
        raise LoadError(
            Problem(path, 1, 1, f"le fichier doit décrire un objet (clé: valeur), pas {kind}")
        )
    doc.data = root
    return doc


def printable(text: str) -> str:
    """`text` with control characters shown as escapes: a message stays on one line."""
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)


def load_file(content_dir: Path, file: Path) -> Document:
    """Read and parse one content file; its path is reported relative to `content_dir`.

    Only regular files inside the content folder are read, and never more than
    MAX_BYTES + 1 bytes: a symbolic link to /etc/passwd or /dev/zero, or a named
    pipe, is an error rather than a leak, an endless read or a hang.
    """
    rel = printable(file.relative_to(content_dir).as_posix())
    try:
        real = file.resolve(strict=True)
        if not real.is_relative_to(content_dir.resolve()):
            raise LoadError(
                Problem(
                    rel,
                    1,
                    1,
                    "lien symbolique vers un fichier hors du dossier de contenu : "
                    "placez le fichier lui-même ici",
                )
            )
        if not stat.S_ISREG(real.stat().st_mode):
            raise LoadError(Problem(rel, 1, 1, "ce n'est pas un fichier ordinaire"))
        with real.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise LoadError(
            Problem(rel, 1, 1, f"fichier illisible ({exc.strerror or type(exc).__name__})")
        ) from None
    except RuntimeError:  # a loop of symbolic links
        raise LoadError(Problem(rel, 1, 1, "boucle de liens symboliques")) from None
    return parse(rel, raw)


_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def is_valid_id(value: str) -> bool:
    return len(value) <= 80 and bool(_ID.match(value))
