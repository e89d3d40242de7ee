"""Validate stage: the whole content tree → a Catalog, or every mistake at once.

Four parts, each in its module: the layers of an edition (`layers`), finding the files
(`discover`), each file against its model (`fields`), and the references between files
(`references`); this module puts the layers together.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import kinds, messages
from .catalog import Catalog, CourseBundle
from .check_cache import CheckCache, Checked, digest
from .discover import Found, discover
from .errors import ContentError, Problem
from .fields import check_model
from .heap import without_cycle_collection
from .layers import Layer, Stack, stack
from .load import Document, Folders, LoadError, parse, printable, read_bytes
from .references import Parsed, check_references, check_texts


@dataclass(frozen=True)
class Validated:
    """What validation knows besides the catalog: the layers and their origins."""

    catalog: Catalog
    stack: Stack


# The checked files of each content folder: the preview checks again after each save and
# reads again only the files whose bytes changed (the cache also outlives the process).
_CACHES: dict[Path, CheckCache] = {}


def forget_read_files() -> None:
    """Let go of every file checked: a one-off build needs none of them once generated."""
    _CACHES.clear()


def _cache(content: Path) -> CheckCache:
    content = content.resolve()
    if content not in _CACHES:
        _CACHES[content] = CheckCache.of(content)
    return _CACHES[content]


def _check_file(rel: str, raw: bytes, kind: str, raw_digest: bytes) -> Checked:
    problems: list[Problem] = []
    try:
        doc = parse(rel, raw)
    except LoadError as exc:
        return Checked(raw_digest, None, (exc.problem,), ())
    model = check_model(doc, kinds.KINDS[kind].model, problems)
    texts = check_texts(model) if model is not None else ()
    return Checked(raw_digest, model, tuple(problems), texts)


def _read(
    layer: Layer, found: Found, cache: CheckCache, folders: Folders
) -> tuple[Parsed, tuple[Problem, ...]]:
    try:
        rel, raw = read_bytes(layer.root, found.file, layer.prefix, folders=folders)
    except LoadError as exc:
        doc = Document(exc.problem.path, None)
        return Parsed(found.kind, found.id, doc, None, layer.origin), (exc.problem,)
    key, raw_digest = (found.kind, rel), digest(raw)
    checked = cache.get(key, raw_digest)
    if checked is None:
        checked = _check_file(rel, raw, found.kind, raw_digest)
        cache.put(key, checked)
    # the bytes stay with the file: its positions are read from them if a problem needs one
    doc = Document(rel, None, source=raw)
    parsed = Parsed(found.kind, found.id, doc, checked.model, layer.origin, checked.texts)
    return parsed, checked.problems


def parse_layer(
    layer: Layer, *, layered: bool, cache: CheckCache
) -> tuple[list[Parsed], list[Problem]]:
    """Every file of one layer loaded and checked against its model (or taken from
    `cache`), and the problems."""
    found = discover(layer.root, layer.prefix, layered=layered)
    problems = list(found.problems)
    parsed: list[Parsed] = []
    folders = Folders(layer.root.resolve())
    for item in found.found:
        one, own = _read(layer, item, cache, folders)
        problems.extend(own)
        parsed.append(one)
    return parsed, problems


def _merge(layers: list[list[Parsed]], problems: list[Problem], *, layered: bool) -> list[Parsed]:
    """The layers' files together; a local file never replaces one of its base."""
    seen: dict[tuple[str, str], Parsed] = {}
    for parsed in layers:
        for item in parsed:
            key = (item.kind, item.id)
            if key in seen:
                what = kinds.KINDS[item.kind].article
                other = seen[key].doc.path
                message = messages.EDITION_ID_CLASH
                problems.append(
                    Problem.of(item.doc.path, 1, 1, message, what=what, id=item.id, other=other)
                )
                continue
            seen[key] = item
    for kit, file in kinds.KIT_FILES.items():
        if (kinds.KIT.name, kit) not in seen and layered:
            problems.append(Problem.of(file, 1, 1, messages.EDITION_KIT_IN_LAYER, file=file))
    return list(seen.values())


def _check_edition(
    layers: Stack, per_layer: list[list[Parsed]], parsed: list[Parsed], problems: list[Problem]
) -> set[tuple[str, str]]:
    """`hide` and `contacts` name existing ids; returns the hidden (kind, id)."""
    edition, doc = layers.edition, layers.edition_doc
    if edition is None or doc is None:
        return set()
    base = {(p.kind, p.id) for below in per_layer[:-1] for p in below}
    hidden: set[tuple[str, str]] = set()
    for field_name, kind in (("actions", kinds.ACTION), ("partners", kinds.PARTNER)):
        for i, ident in enumerate(getattr(edition.hide, field_name)):
            if (kind.name, ident) in base:
                hidden.add((kind.name, ident))
            else:
                message = messages.EDITION_HIDE_UNKNOWN
                problems.append(
                    doc.problem(("hide", field_name, i), message, what=kind.article, id=ident)
                )
    roles = {p.id for p in parsed if p.kind == kinds.INTERLOCUTOR.name}
    for role in edition.contacts:
        if role not in roles:
            message = messages.EDITION_CONTACT_UNKNOWN
            problems.append(doc.problem(("contacts", role), message, at_key=True, id=role))
    return hidden


def _settings(layers: Stack) -> list[Parsed]:
    """edition.yml as a file whose Markdown texts (contact notes) are checked like any."""
    edition, doc = layers.edition, layers.edition_doc
    if edition is None or doc is None:
        return []
    return [
        Parsed(kinds.EDITION_FILE, kinds.EDITION_FILE, doc, edition, texts=check_texts(edition))
    ]


def validate_all(content: Path, *, preview: bool = False) -> Validated:
    """Validate the content folder and its layers; raise ContentError listing every mistake.

    The cache of checked files is written after each validation, but a preview's only
    after its first: it keeps the files in memory between saves, and writing thousands of
    them again after each save would cost more than a later command gains."""
    with without_cycle_collection():
        return _validate_all(content, preview)


def _validate_all(content: Path, preview: bool) -> Validated:
    layers = stack(content)
    problems = list(layers.problems)
    per_layer = []
    cache = _cache(content)
    for layer in layers.layers:
        parsed, found = parse_layer(layer, layered=layers.layered, cache=cache)
        per_layer.append(parsed)
        problems.extend(found)
    if not (preview and cache.saved):
        cache.save()
    # without its base (unreadable edition.yml, missing base), an edition's kits are
    # not missing: that mistake is already reported
    complete = layers.layered and not layers.problems
    parsed = _merge(per_layer, problems, layered=complete)
    hidden = _check_edition(layers, per_layer, parsed, problems)
    problems.extend(check_references(parsed, _settings(layers)))
    if problems:
        # one problem, one line: no control character from a key or a file name
        raise ContentError(
            Problem(printable(p.path), p.line, p.column, printable(p.message), p.code)
            for p in problems
        )
    return Validated(catalog_of(parsed, layers, hidden), layers)


def validate(content: Path) -> Catalog:
    """Validate the content folder; raise ContentError listing every mistake."""
    return validate_all(content).catalog


def catalog_of(parsed: list[Parsed], layers: Stack, hidden: set[tuple[str, str]]) -> Catalog:
    by_kind: dict[str, dict[str, Any]] = {name: {} for name in kinds.KINDS}
    sources: dict[tuple[str, str], str] = {}
    origins: dict[tuple[str, str], str] = {}
    for item in parsed:
        if (item.kind, item.id) in hidden:
            continue
        by_kind[item.kind][item.id] = item.model
        sources[(item.kind, item.id)] = item.doc.path
        origins[(item.kind, item.id)] = item.origin
    courses: dict[str, CourseBundle] = {}
    for cid, course in sorted(by_kind[kinds.COURSE.name].items()):
        order = [lesson for module in course.modules for lesson in module.lessons]
        lessons = by_kind[kinds.LESSON.name]
        courses[cid] = CourseBundle(cid, course, {lid: lessons[f"{cid}/{lid}"] for lid in order})
    return Catalog(
        actions=dict(sorted(by_kind[kinds.ACTION.name].items())),
        partners=dict(sorted(by_kind[kinds.PARTNER.name].items())),
        interlocutors=dict(sorted(by_kind[kinds.INTERLOCUTOR.name].items())),
        kits={k: by_kind[kinds.KIT.name][k] for k in kinds.KIT_NAMES},
        courses=courses,
        sources=sources,
        edition=layers.edition,
        origins=origins,
        hidden=frozenset(hidden),
        title=layers.title,
        legal=layers.legal,
        forge=layers.forge,
    )
