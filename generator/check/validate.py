"""Validate stage: the whole content tree → a Catalog, or every mistake at once.

Four parts, each in its module: the layers of an edition (`layers`), finding the files
(`discover`), each file against its model (`fields`), and the references between files
(`references`); this module puts the layers together.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from generator.check import snapshot as snapshots
from generator.check.cache import CheckCache, Checked
from generator.check.catalog import Catalog, CourseBundle, FoundLink
from generator.check.heap import without_cycle_collection
from generator.check.layers import Stack
from generator.check.model_errors import check_model
from generator.check.pool import check_missing
from generator.check.references import Parsed, check_references, check_texts, hidden_uses
from generator.check.snapshot import File, LayerFiles, Snapshot
from generator.check.yaml_reader import Document, LoadError, parse, printable
from generator.diagnostics import messages
from generator.diagnostics.errors import ContentError, Problem, errors_in
from generator.format import kinds
from generator.format.ids import is_valid_id
from generator.run import memo


@dataclass(frozen=True)
class Validated:
    """What validation knows besides the catalog: the layers and their origins."""

    catalog: Catalog
    stack: Stack


def _check_file(file: File) -> Checked:
    """One readable file's own check: its YAML, its model, its Markdown texts."""
    assert file.raw is not None
    problems: list[Problem] = []
    try:
        doc = parse(file.name, file.raw)
    except LoadError as exc:
        return Checked(file.digest, None, (exc.problem,), ())
    model = check_model(doc, kinds.KINDS[file.found.kind].model, problems)
    texts = check_texts(model) if model is not None else ()
    return Checked(file.digest, model, tuple(problems), texts)


def _parsed(file: File, origin: str, cache: CheckCache) -> tuple[Parsed, tuple[Problem, ...]]:
    """One file of the snapshot checked against its model (or taken from `cache`)."""
    found = file.found
    if file.raw is None:
        assert file.problem is not None
        doc = Document(file.problem.path, None)
        return Parsed(found.kind, found.id, doc, None, origin), (file.problem,)
    checked = cache.get(file.key, file.digest)
    if checked is None:
        checked = _check_file(file)
        cache.put(file.key, checked)
    # the bytes stay with the file: its positions are read from them if a problem needs one
    doc = Document(file.name, None, source=file.raw)
    parsed = Parsed(found.kind, found.id, doc, checked.model, origin, checked.texts)
    return parsed, checked.problems


def parse_layer(held: LayerFiles, cache: CheckCache) -> tuple[list[Parsed], list[Problem]]:
    """Every file of one layer checked against its model (or taken from `cache`), and the
    problems."""
    problems = list(held.problems)
    parsed: list[Parsed] = []
    for file in held.files:
        one, own = _parsed(file, held.layer.origin, cache)
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


def _edition_ids(data: Any, *keys: str) -> list[tuple[tuple[str, ...], str]]:
    """The ids edition.yml names under `keys` (a list's items, or a mapping's keys), read
    from the file itself: checked even when another of its values is a mistake. A value
    that is no id is left to the model's own message."""
    holder: Any = data
    for key in keys:
        holder = holder.get(key) if isinstance(holder, dict) else None
    if isinstance(holder, dict):
        named = [((*keys, k), k) for k in holder]
    elif isinstance(holder, list):
        named = [((*keys, i), v) for i, v in enumerate(holder)]
    else:
        return []
    return [(loc, v) for loc, v in named if isinstance(v, str) and is_valid_id(v)]


def _unknown(
    doc: Document, loc: tuple[Any, ...], ident: str, known: set[str], messages_: tuple[Any, ...]
) -> Problem:
    """« n'existe pas », with the closest id when there is one."""
    unknown, typo, values = messages_
    hint = difflib.get_close_matches(ident, sorted(known), n=1, cutoff=0.6)
    at_key = loc[0] == "contacts"
    if hint:
        return doc.problem(loc, typo, at_key=at_key, id=ident, hint=hint[0], **values)
    return doc.problem(loc, unknown, at_key=at_key, id=ident, **values)


def _check_edition(
    layers: Stack, per_layer: list[list[Parsed]], parsed: list[Parsed], problems: list[Problem]
) -> set[tuple[str, str]]:
    """`hide` and `contacts` name existing ids; returns the hidden (kind, id)."""
    doc = layers.edition_doc
    if doc is None or (len(per_layer) < 2 and layers.edition is None):
        return set()
    base = {(p.kind, p.id) for below in per_layer[:-1] for p in below}
    hidden: set[tuple[str, str]] = set()
    for field_name, kind in (("actions", kinds.ACTION), ("partners", kinds.PARTNER)):
        for loc, ident in _edition_ids(doc.data, "hide", field_name):
            if (kind.name, ident) in base:
                hidden.add((kind.name, ident))
                continue
            known = {i for k, i in base if k == kind.name}
            wording = (messages.EDITION_HIDE_UNKNOWN, messages.EDITION_HIDE_TYPO)
            problems.append(_unknown(doc, loc, ident, known, (*wording, {"what": kind.article})))
    roles = {p.id for p in parsed if p.kind == kinds.INTERLOCUTOR.name}
    for loc, role in _edition_ids(doc.data, "contacts"):
        if role not in roles:
            wording = (messages.EDITION_CONTACT_UNKNOWN, messages.EDITION_CONTACT_TYPO)
            problems.append(_unknown(doc, loc, role, roles, (*wording, {})))
    problems.extend(_personal_emails(doc))
    return hidden


def _settings(layers: Stack) -> list[Parsed]:
    """edition.yml as a file whose Markdown texts (contact notes) are checked like any."""
    edition, doc = layers.edition, layers.edition_doc
    if edition is None or doc is None:
        return []
    return [
        Parsed(kinds.EDITION_FILE, kinds.EDITION_FILE, doc, edition, texts=check_texts(edition))
    ]


# « prenom.nom@ »: two words of letters joined by a dot; a service's mailbox has a word
# of its own (ce.clee@, pole.stages@) or digits (ce.0450001a@)
_PERSON_LIKE = re.compile(r"([a-z]+(?:-[a-z]+)?)\.([a-z]+(?:-[a-z]+)?)@")
_SERVICE_WORDS = frozenset([
    "ce", "clee", "dsden", "dane", "daac", "daet", "dafpic", "drane", "cio", "pole", "stages",
    "stage", "contact", "contacts", "accueil", "secretariat", "service", "services", "mission",
    "cellule", "direction", "rectorat", "college", "lycee", "ecole", "ecoles", "entreprise",
    "entreprises", "orientation", "info", "infos", "communication", "relations", "bassin",
    "insertion", "formation", "formations", "apprentissage",
])  # fmt: skip


def _personal_emails(doc: Document) -> Iterator[Problem]:
    """Warnings for contacts' e-mails that look like a person's (contacts are services)."""
    contacts = doc.data.get("contacts") if isinstance(doc.data, dict) else None
    for role, entries in contacts.items() if isinstance(contacts, dict) else ():
        for i, entry in enumerate(entries if isinstance(entries, list) else []):
            email = entry.get("email") if isinstance(entry, dict) else None
            match = (
                _PERSON_LIKE.fullmatch(email.casefold().split("@")[0] + "@")
                if isinstance(email, str)
                else None
            )
            words = set(match[1].split("-") + match[2].split("-")) if match else set()
            if match and not words & _SERVICE_WORDS:
                loc = ("contacts", role, i, "email")
                yield doc.problem(loc, messages.EDITION_CONTACT_PERSONAL, email=email)


def validate_all(
    content: Path,
    *,
    preview: bool = False,
    snapshot: Snapshot | None = None,
    cache: CheckCache | None = None,
) -> Validated:
    """Validate the content folder and its layers; raise ContentError listing every mistake.
    The files are those of `snapshot` (else of the command's, else read now); the checked
    files come from `cache` (a preview session's), else from the content's cache file.

    The cache of checked files is written after each validation, but a preview's only
    after its first: it keeps the files in memory between saves, and writing thousands of
    them again after each save would cost more than a later command gains."""
    snapshot = snapshot if snapshot is not None else snapshots.of(content)
    cache = cache if cache is not None else CheckCache.of(snapshot.content)
    # a text written twice is checked once, within this run (or the session that runs it)
    with memo.using(memo.active() or memo.Scope()), without_cycle_collection():
        return _validate_all(snapshot, cache, preview)


def _validate_all(snapshot: Snapshot, cache: CheckCache, preview: bool) -> Validated:
    layers = snapshot.stack
    problems = list(layers.problems)
    per_layer = []
    # the files the cache does not hold, checked on every core when there are enough
    check_missing(list(snapshot.files()), cache, _check_file, preview=preview)
    for held in snapshot.layers:
        parsed, found = parse_layer(held, cache)
        per_layer.append(parsed)
        problems.extend(found)
    if not (preview and cache.saved):
        cache.save()
    # without its base (unreadable edition.yml, missing base), an edition's kits are
    # not missing: that mistake is already reported
    complete = layers.layered and not layers.problems
    parsed = _merge(per_layer, problems, layered=complete)
    hidden = _check_edition(layers, per_layer, parsed, problems)
    if layers.layered and len(per_layer) > 1:
        problems.extend(hidden_uses(per_layer[-1], hidden))
    if layers.base_unknown:
        # the edition's own ids would all look missing: one line says they wait
        problems.append(Problem.of(kinds.EDITION_FILE, 1, 1, messages.EDITION_REFERENCES_WAIT))
    else:
        problems.extend(check_references(parsed, _settings(layers)))
    # one problem, one line: no control character from a key or a file name
    problems = [
        Problem(printable(p.path), p.line, p.column, printable(p.message), p.code) for p in problems
    ]
    # a preview shows a draft (values still « À COMPLÉTER », every file read by its model)
    # with a warning band; the publishing build refuses it
    drafts = (
        preview
        and all(p.code == messages.PLACEHOLDER.code for p in errors_in(problems))
        and all(item.model is not None for item in parsed)
    )
    if errors_in(problems) and not drafts:
        raise ContentError(problems)
    catalog = catalog_of(parsed, layers, hidden)
    return Validated(replace(catalog, warnings=tuple(sorted(set(problems)))), layers)


def validate(content: Path) -> Catalog:
    """Validate the content folder; raise ContentError listing every mistake."""
    return validate_all(content).catalog


def catalog_of(parsed: list[Parsed], layers: Stack, hidden: set[tuple[str, str]]) -> Catalog:
    by_kind: dict[str, dict[str, Any]] = {name: {} for name in kinds.KINDS}
    sources: dict[tuple[str, str], str] = {}
    origins: dict[tuple[str, str], str] = {}
    links: dict[tuple[str, str], tuple[FoundLink, ...]] = {}
    for item in parsed:
        if (item.kind, item.id) in hidden:
            continue
        by_kind[item.kind][item.id] = item.model
        sources[(item.kind, item.id)] = item.doc.path
        origins[(item.kind, item.id)] = item.origin
        found = tuple(FoundLink(t.loc, k.kind, k.target) for t in item.texts for k in t.links)
        if found:
            links[(item.kind, item.id)] = found
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
        accessibility_date=layers.accessibility_date,
        links=links,
    )
