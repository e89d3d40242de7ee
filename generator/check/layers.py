"""The layers of a content folder: an académie edition (`edition.yml`) stands on its
base — the national content shipped with the tool, or another content folder, whose
own base is followed in turn — and adds its own files on top, never replacing one.

Files of a base are named in messages after a prefix: « national/kits/actions/x.yml »,
or the base's path relative to the edition (« ../base/kits/… »).

A base other than `national` is a relative path that stays inside the edition's
repository: the git work tree that holds the edition folder (the nearest folder above it
with a `.git`), or, outside git, the folder that holds the edition folder (editions kept
side by side). The rule applies to the real path, after `..` and symbolic links, and to
every base of the chain: an edition arrives as a merge request, and its build must not
publish files from elsewhere on the machine that builds it (`/etc`, a home folder).
"""

from __future__ import annotations

import datetime
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.check.catalog import NATIONAL
from generator.check.model_errors import check_model
from generator.check.yaml_reader import Document, LoadError, parse, read_bytes
from generator.diagnostics import messages
from generator.diagnostics.errors import Problem
from generator.format import kinds
from generator.format.models import ACADEMIES, Edition, Legal, Publication
from generator.format.schemas import SCHEMA_DIR
from generator.run import bundle


@dataclass(frozen=True)
class Layer:
    """One content folder of the stack."""

    root: Path
    prefix: str  # "" for the folder being built
    origin: str  # NATIONAL, or the académie id of an edition's own files


@dataclass
class Stack:
    """The layers, base first, and what the site says of itself."""

    layers: list[Layer] = field(default_factory=list)
    edition: Edition | None = None
    edition_doc: Document | None = None
    publication: Publication | None = None
    problems: list[Problem] = field(default_factory=list)
    layered: bool = False  # an edition: its own folder may hold only some kinds of files
    base_unknown: bool = False  # an edition.yml too broken to say its base
    # the bytes of each edition.yml and publication.yml read, by path: read once per run
    settings: dict[Path, bytes] = field(default_factory=dict)

    @property
    def legal(self) -> Legal | None:
        source = self.edition or self.publication
        return source.legal if source is not None else None

    @property
    def legal_file(self) -> str:
        return kinds.EDITION_FILE if self.edition is not None else kinds.PUBLICATION_FILE

    @property
    def forge(self) -> str | None:
        source = self.edition or self.publication
        return source.forge if source is not None else None

    @property
    def accessibility_date(self) -> datetime.date | None:
        source = self.edition or self.publication
        return source.accessibility_date if source is not None else None

    @property
    def title(self) -> str | None:
        source = self.edition or self.publication
        return source.title if source is not None else None


def _prefix(root: Path, content: Path) -> str:
    if root == bundle.national_content().resolve():
        return f"{kinds.NATIONAL_BASE}/"
    return Path(os.path.relpath(root, content)).as_posix() + "/"


def _read(
    model: type[Edition] | type[Publication], root: Path, prefix: str, out: Stack
) -> tuple[object | None, Document | None]:
    try:
        name, raw = read_bytes(root, root / model_file(model), prefix)
        out.settings[root / model_file(model)] = raw
        doc = parse(name, raw)
    except LoadError as exc:
        out.problems.append(exc.problem)
        return None, None
    return check_model(doc, model, out.problems), doc


def model_file(model: type[Edition] | type[Publication]) -> str:
    return kinds.EDITION_FILE if model is Edition else kinds.PUBLICATION_FILE


def repository(folder: Path) -> Path:
    """Where the bases of the edition in `folder` (a real path) must stay: its git work
    tree, else the folder that holds it."""
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return folder.parent


# absolute on Windows too: a drive (C:), a network share (\\server) or the drive's root
_ABSOLUTE_ELSEWHERE = re.compile(r"[A-Za-z]:|[\\/]")


def _base_refusal(base: str, root: Path, inside: Path) -> messages.Message | None:
    """Why `base`, written in the edition.yml of `root`, may not be a base, if it may not."""
    if Path(base).is_absolute() or _ABSOLUTE_ELSEWHERE.match(base):
        return messages.EDITION_BASE_ABSOLUTE
    try:
        real = (root / base).resolve()
    except (OSError, RuntimeError):  # a loop of symbolic links
        return messages.EDITION_BASE_OUTSIDE
    return None if real.is_relative_to(inside) else messages.EDITION_BASE_OUTSIDE


def _base_only(doc: Document, out: Stack) -> Edition | None:
    """What an edition.yml with mistakes still says of its base: a valid `base` value
    (with the file's own académie when valid, else the national origin)."""
    data = doc.data if isinstance(doc.data, dict) else {}
    base = data.get("base")
    if base is not None and not (isinstance(base, str) and 0 < len(base) <= 300):
        out.base_unknown = True
        return None
    academy = data.get("academy")
    return Edition.model_construct(base=base, academy=academy if academy in ACADEMIES else NATIONAL)


def _base_root(edition: Edition, root: Path) -> Path | None:
    if edition.base == kinds.NATIONAL_BASE:
        return bundle.national_content().resolve()
    base = (root / str(edition.base)).resolve()
    markers = (kinds.KITS_DIR, kinds.MOOC_DIR, kinds.EDITION_FILE)
    return base if any((base / name).exists() for name in markers) else None


def content_roots(layer: Layer) -> list[Path]:
    """What a layer holds of the content: its edition.yml, publication.yml, kits/ and mooc/
    (those that exist)."""
    names = (kinds.EDITION_FILE, kinds.PUBLICATION_FILE, kinds.KITS_DIR, kinds.MOOC_DIR)
    return [layer.root / name for name in names if (layer.root / name).exists()]


def stack(content: Path) -> Stack:
    """The layers of `content`, from its deepest base up to itself."""
    content = content.resolve()
    out = Stack()
    if not (content / kinds.EDITION_FILE).is_file():
        if (content / kinds.PUBLICATION_FILE).is_file():
            publication, _doc = _read(Publication, content, "", out)
            out.publication = publication if isinstance(publication, Publication) else None
        out.layers = [Layer(content, "", NATIONAL)]
        return out
    out.layered = True
    chain = _editions(content, out)
    base = out.edition.base if out.edition is not None else None
    out.problems.extend(edition_root_problems(content, base))
    out.layers = list(reversed(chain))
    return out


def _editions(content: Path, out: Stack) -> list[Layer]:
    """The edition and its bases, nearest first; problems are located in edition.yml."""
    chain: list[Layer] = []
    root, prefix = content, ""
    inside = repository(content)
    while True:
        edition, doc = _read(Edition, root, prefix, out)
        if doc is None:  # not even YAML: its base is unknown
            out.base_unknown = True
            chain.append(Layer(root, prefix, NATIONAL))
            return chain
        if root == content:
            out.edition_doc = doc
        if not isinstance(edition, Edition):
            # its mistakes are reported; its base is still followed, so that its own files
            # are checked against it (no false « n'existe pas » from one bad e-mail)
            edition = _base_only(doc, out)
            if edition is None:
                chain.append(Layer(root, prefix, NATIONAL))
                return chain
        elif root == content:
            out.edition = edition
        chain.append(Layer(root, prefix, edition.academy))
        if edition.base is None:
            return chain
        refusal = None
        if edition.base != kinds.NATIONAL_BASE:
            refusal = _base_refusal(edition.base, root, inside)
        if refusal is not None:
            out.problems.append(doc.problem(("base",), refusal, base=edition.base))
            return chain
        base = _base_root(edition, root)
        if base is None:
            out.problems.append(
                doc.problem(("base",), messages.EDITION_BASE_MISSING, base=edition.base)
            )
            return chain
        if any(layer.root == base for layer in chain):
            names = " → ".join([*(layer.prefix or "." for layer in chain), _prefix(base, content)])
            out.problems.append(doc.problem(("base",), messages.EDITION_BASE_CYCLE, chain=names))
            return chain
        root, prefix = base, _prefix(base, content)
        if not (root / kinds.EDITION_FILE).is_file():
            chain.append(Layer(root, prefix, NATIONAL))
            return chain


# What the root of an edition folder may hold besides its content: the repository's own
# files (read by people, git, the forge's CI or an editor, never by Passerelles), the
# folders a build or a virtual environment leaves, and a wheel of the tool (the
# documented fallback where no package index serves it).
EDITION_ROOT = frozenset(
    {kinds.EDITION_FILE, kinds.KITS_DIR, kinds.MOOC_DIR, "README.md", "README", "LICENSE",
     "CHANGELOG.md", SCHEMA_DIR, "build", "site", "public", "apercu", "wheels",
     "gl-code-quality.json"}
)  # fmt: skip
MKDOCS_FILES = ("mkdocs.yml", "mkdocs.yaml")


def edition_root_problems(content: Path, base: str | None = None) -> list[Problem]:
    """An edition holds content only: no MkDocs configuration (its hooks and plugins would
    run code from a merge request), nothing at its root that Passerelles would not read
    (but the folder its `base` names, when it is one of its own)."""
    problems = []
    own_base = Path(base).parts[0] if base and not Path(base).is_absolute() else None
    for entry in sorted(content.iterdir(), key=lambda p: p.name):
        name = entry.name
        if name == own_base:
            continue
        if name in MKDOCS_FILES:
            problems.append(Problem.of(name, 1, 1, messages.EDITION_MKDOCS, name=name))
        elif not (name.startswith(".") or name in EDITION_ROOT or name.endswith(".whl")):
            shown = name + ("/" if entry.is_dir() else "")
            problems.append(Problem.of(name, 1, 1, messages.EDITION_ROOT_UNEXPECTED, name=shown))
    return problems
