"""Validate stage: the whole content tree → a Catalog, or every mistake at once."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import prose
from .catalog import KIT_NAMES, Catalog, CourseBundle
from .errors import ContentError, Problem
from .load import Document, LoadError, Loc, is_valid_id, load_file, printable
from .models import (
    Action,
    Course,
    Entity,
    Interlocutor,
    Kit,
    Lesson,
    MarkdownText,
    Partner,
)

KIT_FILES = {"teams": "kits/teams.yml", "companies": "kits/companies.yml"}
ENTITY_FOLDERS: dict[str, tuple[str, type[Entity]]] = {
    "action": ("kits/actions", Action),
    "partner": ("kits/partners", Partner),
    "interlocutor": ("kits/interlocutors", Interlocutor),
}


@dataclass
class _Parsed:
    kind: str
    id: str
    doc: Document
    model: Any


@dataclass
class _Collector:
    content: Path
    problems: list[Problem] = field(default_factory=list)

    def add(self, doc_path: str, line: int, column: int, message: str) -> None:
        self.problems.append(Problem(doc_path, line, column, message))

    def at(self, doc: Document, loc: Loc, message: str, *, key: bool = False) -> None:
        pos = doc.locate(loc, key=key)
        self.add(doc.path, pos.line, pos.column, message)


# --------------------------------------------------------------------------- files


def _discover(content: Path, out: _Collector) -> list[tuple[str, str, Path]]:
    """List (kind, id, file) of every content file; report misplaced ones."""
    found: list[tuple[str, str, Path]] = []
    if not (content / "kits").is_dir() and not (content / "mooc").is_dir():
        out.add(".", 1, 1, "dossier de contenu sans « kits/ » ni « mooc/ » : vérifiez --content")
        return found
    for kit, rel in KIT_FILES.items():
        file = content / rel
        if file.is_file():
            found.append(("kit", kit, file))
        else:
            out.add(rel, 1, 1, "fichier manquant : chaque kit a son fichier")
    for kind, (folder, _model) in ENTITY_FOLDERS.items():
        found.extend((kind, f.stem, f) for f in _yaml_files(content / folder, content, out))
    kits_dir = content / "kits"
    if kits_dir.is_dir():
        allowed = {"teams.yml", "companies.yml", "actions", "partners", "interlocutors"}
        for entry in sorted(kits_dir.iterdir()):
            if entry.name not in allowed and not entry.name.startswith("."):
                out.add(
                    _rel(entry, content),
                    1,
                    1,
                    "fichier ou dossier inattendu dans kits/ : il ne sera pas publié",
                )
    mooc = content / "mooc"
    if mooc.is_dir():
        for entry in sorted(mooc.iterdir()):
            if not entry.is_dir() and not entry.name.startswith("."):
                out.add(
                    _rel(entry, content),
                    1,
                    1,
                    "fichier inattendu dans mooc/ : chaque formation est un dossier "
                    "(mooc/FORMATION/course.yml)",
                )
        for course_dir in sorted(p for p in mooc.iterdir() if p.is_dir()):
            if _outside(course_dir, content):
                out.add(_rel(course_dir, content), 1, 1, _OUTSIDE)
                continue
            if not is_valid_id(course_dir.name):
                out.add(_rel(course_dir, content), 1, 1, _bad_id_message(course_dir.name))
                continue
            course_file = course_dir / "course.yml"
            if not course_file.is_file():
                out.add(
                    _rel(course_file, content),
                    1,
                    1,
                    "fichier manquant : chaque formation a son course.yml",
                )
                continue
            for entry in sorted(course_dir.iterdir()):
                if entry.name not in ("course.yml", "lessons") and not entry.name.startswith("."):
                    out.add(
                        _rel(entry, content),
                        1,
                        1,
                        f"fichier ou dossier inattendu dans mooc/{course_dir.name}/ : "
                        "seuls course.yml et lessons/ sont lus",
                    )
            found.append(("course", course_dir.name, course_file))
            found.extend(
                ("lesson", f"{course_dir.name}/{f.stem}", f)
                for f in _yaml_files(course_dir / "lessons", content, out)
            )
    return found


def _rel(path: Path, content: Path) -> str:
    return printable(path.relative_to(content).as_posix())


def _bad_id_message(name: str) -> str:
    return (
        f"identifiant « {printable(name)} » invalide : le nom du fichier doit être fait de minuscules "
        "sans accent, de chiffres et de tirets (80 caractères au plus)"
    )


_OUTSIDE = "lien symbolique vers un dossier hors du dossier de contenu : il n'est pas lu"


def _outside(path: Path, content: Path) -> bool:
    return not path.resolve().is_relative_to(content.resolve())


def _yaml_files(folder: Path, content: Path, out: _Collector) -> Iterator[Path]:
    if not folder.is_dir():
        return
    if _outside(folder, content):
        out.add(_rel(folder, content), 1, 1, _OUTSIDE)
        return
    seen: dict[str, str] = {}
    for file in sorted(folder.iterdir()):
        rel = _rel(file, content)
        if file.name.startswith("."):
            continue
        if file.is_dir():
            out.add(
                rel,
                1,
                1,
                "sous-dossier inattendu : placez le fichier directement "
                f"dans {_rel(folder, content)}/",
            )
            continue
        if file.suffix == ".yaml":
            out.add(rel, 1, 1, "extension « .yaml » : renommez le fichier en « .yml »")
            continue
        if file.suffix != ".yml":
            out.add(rel, 1, 1, "fichier inattendu : seuls les fichiers .yml sont lus")
            continue
        if not is_valid_id(file.stem):
            out.add(rel, 1, 1, _bad_id_message(file.stem))
            continue
        folded = file.stem.casefold()
        if folded in seen:
            out.add(rel, 1, 1, f"identifiant en double avec « {seen[folded]} »")
            continue
        seen[folded] = file.name
        yield file


# --------------------------------------------------------------------------- models


def _entity_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class that holds the last element of `loc`."""
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        info = current.model_fields.get(str(part))
        if info is None:
            return current
        current = _first_model(info.annotation)
    return current


def _first_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _first_model(arg)
        if found is not None:
            return found
    return None


def _data_loc(data: Any, loc: tuple[Any, ...]) -> Loc:
    """Drop the union-member tags pydantic adds to `loc` (« float », « int »…)."""
    kept: list[str | int] = []
    current = data
    for i, part in enumerate(loc):
        if (isinstance(current, dict) and isinstance(part, str) and part in current) or (
            isinstance(current, list) and isinstance(part, int) and part < len(current)
        ):
            current = current[part]
            kept.append(part)
        elif (i == len(loc) - 1 and isinstance(current, dict)) or isinstance(part, int):
            kept.append(part)
    return tuple(kept)


def _fmt(value: Any) -> str:
    text = str(value)
    return printable(text if len(text) <= 40 else text[:37] + "…")


def _message(err: Any, doc: Document, loc: Loc, model: type[BaseModel]) -> tuple[str, bool]:
    """French message for a pydantic error; the flag says « point at the key »."""
    kind: str = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    name = str(loc[-1]) if loc else "document"
    if kind == "missing":
        return f"champ obligatoire « {name} » manquant", False
    if kind == "extra_forbidden":
        holder = _entity_at(model, loc[:-1])
        allowed = sorted(holder.model_fields) if holder else []
        hint = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
        suffix = (
            f" : vouliez-vous dire « {hint[0]} » ?"
            if hint
            else (f" ; clés permises : {', '.join(allowed)}" if allowed else "")
        )
        return f"clé inconnue « {_fmt(name)} »{suffix}", True
    if kind == "passerelles":
        return str(err["msg"]), False
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        return f"valeur « {_fmt(value)} » invalide ; valeurs permises : {expected}", False
    if kind == "string_type":
        read_as = doc.implicit_type(loc)
        if read_as:
            return (
                f"texte attendu, mais YAML a lu {read_as} (« {_fmt(value)} ») : "
                "mettez la valeur entre guillemets"
            ), False
        return "texte attendu", False
    if kind == "string_too_long":
        return (
            f"texte trop long ({len(str(value))} caractères, {ctx.get('max_length')} au plus)"
        ), False
    if kind == "string_too_short":
        return "ce texte ne doit pas être vide", False
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        if "https?" in pattern:
            return (
                f"adresse « {_fmt(value)} » invalide : écrivez une adresse complète "
                "commençant par https://"
            ), False
        if pattern.startswith("^([01]"):
            return f"heure « {_fmt(value)} » invalide : écrivez HH:MM", False
        return _bad_id_message(_fmt(value)), False
    if kind in ("list_type", "tuple_type"):
        return "une liste est attendue (éléments précédés de « - » ou entre crochets)", False
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "un objet est attendu (des lignes « clé: valeur » indentées)", False
    if kind == "too_short":
        minimum = ctx.get("min_length", 1)
        return f"au moins {minimum} élément{'s' if minimum > 1 else ''} attendu", False
    if kind == "too_long":
        return f"au plus {ctx.get('max_length')} éléments", False
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"nombre entier attendu (« {_fmt(value)} »)", False
    if kind in ("float_type", "float_parsing"):
        return f"nombre attendu (« {_fmt(value)} »)", False
    if kind in ("bool_type", "bool_parsing"):
        return f"true ou false attendu (« {_fmt(value)} »)", False
    if kind == "greater_than":
        return f"doit être supérieur à {ctx.get('gt')}", False
    if kind == "less_than_equal":
        return f"doit être au plus {ctx.get('le')}", False
    return f"valeur invalide ({err.get('msg', kind)})", False


def _misspelt(loc: Loc, errors: list[Any], doc: Document, model: type[BaseModel]) -> bool:
    """Whether a missing field is there under a misspelt key, reported as unknown."""
    for err in errors:
        if err["type"] != "extra_forbidden":
            continue
        extra = _data_loc(doc.data, tuple(err["loc"]))
        if extra[:-1] != loc[:-1]:
            continue
        holder = _entity_at(model, extra[:-1])
        allowed = sorted(holder.model_fields) if holder else []
        hint = difflib.get_close_matches(str(extra[-1]), allowed, n=1, cutoff=0.6)
        if hint and hint[0] == loc[-1]:
            return True
    return False


def _validate_model(doc: Document, model: type[Entity], out: _Collector) -> Any:
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        reported: set[tuple[Loc, str]] = set()
        errors = exc.errors()
        for err in errors:
            loc = _data_loc(doc.data, tuple(err["loc"]))
            if err["type"] == "missing" and _misspelt(loc, errors, doc, model):
                continue  # « clé inconnue … vouliez-vous dire » says it already
            message, on_key = _message(err, doc, loc, model)
            if (loc, message) in reported or any(loc == r[0] for r in reported):
                continue  # a union reports once per member: keep the first
            reported.add((loc, message))
            if err["type"] == "missing":
                out.at(doc, loc[:-1], message)
            else:
                out.at(doc, loc, message, key=on_key)
        return None


# --------------------------------------------------------------------------- markdown


def _markdown_fields(model: BaseModel, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        here = (*loc, name)
        if isinstance(value, str) and _is_markdown(info.annotation, info.metadata):
            yield here, value
        elif isinstance(value, BaseModel):
            yield from _markdown_fields(value, here)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from _markdown_fields(item, (*here, i))


def _is_markdown(annotation: Any, metadata: list[Any]) -> bool:
    if any(isinstance(m, MarkdownText) for m in metadata):
        return True
    if typing.get_origin(annotation) is typing.Annotated:
        return any(isinstance(m, MarkdownText) for m in typing.get_args(annotation)[1:])
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        return any(_is_markdown(arg, []) for arg in typing.get_args(annotation))
    return False


# --------------------------------------------------------------------------- cross-references


class _References:
    def __init__(self, parsed: list[_Parsed]) -> None:
        self.ids: dict[str, set[str]] = {k: set() for k in prose.INTERNAL_KINDS}
        for item in parsed:
            self.ids.setdefault(item.kind, set()).add(item.id)
            if item.kind == "course" and item.model is not None:
                # a course's tools are pages of their own: [planning](planner:COURSE)
                if item.model.week_planner is not None:
                    self.ids["planner"].add(item.id)
                if item.model.self_assessment is not None:
                    self.ids["self-assessment"].add(item.id)

    def exists(self, kind: str, target: str) -> bool:
        return target in self.ids.get(kind, set())


_KIND_FR = {
    "action": ("l'action", "kits/actions/"),
    "partner": ("le partenaire", "kits/partners/"),
    "interlocutor": ("l'interlocuteur", "kits/interlocutors/"),
    "lesson": ("la leçon", "mooc/COURS/lessons/"),
    "course": ("la formation", "mooc/"),
    "planner": ("le planificateur de la formation", "mooc/COURS/course.yml (week_planner)"),
    "self-assessment": (
        "la grille d'autopositionnement de la formation",
        "mooc/COURS/course.yml (self_assessment)",
    ),
}


def _dangling(kind: str, target: str, refs: _References) -> str:
    article, folder = _KIND_FR[kind]
    known = sorted(refs.ids.get(kind, set()))
    hint = difflib.get_close_matches(target, known, n=1, cutoff=0.6)
    suffix = f" : vouliez-vous dire « {hint[0]} » ?" if hint else ""
    return f"{article} « {target} » n'existe pas dans {folder}{suffix}"


def _check_markdown(item: _Parsed, refs: _References, out: _Collector) -> None:
    for loc, text in _markdown_fields(item.model):
        base = item.doc.locate(loc)
        first_line = base.line + (1 if loc in item.doc.block_scalars else 0)
        findings, links = prose.inspect(text)
        for finding in {(f.line, f.message.split(" (")[0]): f for f in reversed(findings)}.values():
            out.add(item.doc.path, first_line + finding.line, base.column, finding.message)
        for link in links:
            target = link.target
            if link.kind == "lesson" and "/" not in target:
                out.add(
                    item.doc.path,
                    first_line + link.line,
                    base.column,
                    f"lien « lesson:{target} » incomplet : écrivez lesson:COURS/LEÇON",
                )
            elif not refs.exists(link.kind, target):
                out.add(
                    item.doc.path,
                    first_line + link.line,
                    base.column,
                    _dangling(link.kind, target, refs),
                )


def _check_duplicates(doc: Document, loc: Loc, values: list[str], out: _Collector) -> None:
    seen: set[str] = set()
    for i, value in enumerate(values):
        if value in seen:
            out.at(doc, (*loc, i), f"« {value} » en double dans la liste")
        seen.add(value)


def _check_action(item: _Parsed, refs: _References, out: _Collector) -> None:
    action: Action = item.model
    doc = item.doc
    for loc, values in (
        (("levels",), action.levels),
        (("objectives",), action.objectives),
        (("partners",), action.partners),
    ):
        _check_duplicates(doc, loc, list(values), out)
    for i, partner in enumerate(action.partners):
        if not refs.exists("partner", partner):
            out.at(doc, ("partners", i), _dangling("partner", partner, refs))
    for kit in KIT_NAMES:
        view = getattr(action, f"for_{kit}")
        for i, ref in enumerate(view.next if view else []):
            kind, target = ref.split(":", 1)
            if not refs.exists(kind, target):
                out.at(doc, (f"for_{kit}", "next", i), _dangling(kind, target, refs))
    for step in ("prepare", "supervise", "lead", "follow_up"):
        roles = getattr(action.steps, step).interlocutors
        _check_duplicates(doc, ("steps", step, "interlocutors"), roles, out)
        for i, role in enumerate(roles):
            if not refs.exists("interlocutor", role):
                out.at(
                    doc, ("steps", step, "interlocutors", i), _dangling("interlocutor", role, refs)
                )


def _check_course(item: _Parsed, lessons: dict[str, _Parsed], out: _Collector) -> None:
    course: Course = item.model
    doc = item.doc
    listed: dict[str, tuple[int, int]] = {}
    module_ids: set[str] = set()
    for m, module in enumerate(course.modules):
        if module.id in module_ids:
            out.at(doc, ("modules", m, "id"), f"module « {module.id} » en double")
        module_ids.add(module.id)
        for i, lesson in enumerate(module.lessons):
            loc = ("modules", m, "lessons", i)
            if lesson in listed:
                out.at(
                    doc,
                    loc,
                    f"la leçon « {lesson} » est déjà listée dans le module "
                    f"« {course.modules[listed[lesson][0]].id} » : chaque leçon figure une fois",
                )
                continue
            listed[lesson] = (m, i)
            if f"{item.id}/{lesson}" not in lessons:
                out.at(
                    doc,
                    loc,
                    f"la leçon « {lesson} » n'existe pas : "
                    f"créez mooc/{item.id}/lessons/{lesson}.yml",
                )
    for key, lesson_item in lessons.items():
        course_id, lesson_id = key.split("/", 1)
        if course_id == item.id and lesson_id not in listed:
            out.add(
                lesson_item.doc.path,
                1,
                1,
                f"leçon absente des modules de la formation : "
                f"ajoutez « {lesson_id} » à un module de mooc/{item.id}/course.yml",
            )
    complete = all(
        (key.split("/", 1)[1] in listed and lesson_item.model is not None)
        for key, lesson_item in lessons.items()
        if key.split("/", 1)[0] == item.id
    ) and all(f"{item.id}/{lid}" in lessons for lid in listed)
    # The total is checked only when every lesson is sound: a mistake in one
    # lesson must not show up a second time as a wrong total.
    if course.total_hours is not None and complete:
        minutes = sum(
            lessons[f"{item.id}/{lid}"].model.duration_minutes
            for lid in listed
            if f"{item.id}/{lid}" in lessons and lessons[f"{item.id}/{lid}"].model is not None
        )
        if abs(minutes - course.total_hours * 60) > 1e-6:
            out.at(
                doc,
                ("total_hours",),
                f"total_hours vaut {_hours(course.total_hours)} h mais la somme des leçons fait "
                f"{_hours(minutes / 60)} h ({minutes} min)",
            )
    if course.self_assessment is not None:
        seen: set[str] = set()
        for a, area in enumerate(course.self_assessment.areas):
            for c, competence in enumerate(area.competences):
                if competence.id in seen:
                    out.at(
                        doc,
                        ("self_assessment", "areas", a, "competences", c, "id"),
                        f"compétence « {competence.id} » en double",
                    )
                seen.add(competence.id)


def _hours(value: float) -> str:
    return f"{round(value, 2):g}".replace(".", ",")


# --------------------------------------------------------------------------- entry point


def validate(content: Path) -> Catalog:
    """Validate the content folder; raise ContentError listing every mistake."""
    content = content.resolve()
    out = _Collector(content)
    parsed: list[_Parsed] = []
    models: dict[str, type[Entity]] = {
        "kit": Kit,
        "course": Course,
        "lesson": Lesson,
        **{k: m for k, (_f, m) in ENTITY_FOLDERS.items()},
    }
    for kind, ident, file in _discover(content, out):
        try:
            doc = load_file(content, file)
        except LoadError as exc:
            out.problems.append(exc.problem)
            parsed.append(_Parsed(kind, ident, Document(_rel(file, content), None), None))
            continue
        parsed.append(_Parsed(kind, ident, doc, _validate_model(doc, models[kind], out)))

    refs = _References(parsed)
    lessons = {p.id: p for p in parsed if p.kind == "lesson"}
    for item in parsed:
        if item.model is None:
            continue
        _check_markdown(item, refs, out)
        if item.kind == "action":
            _check_action(item, refs, out)
        elif item.kind == "course":
            _check_course(item, lessons, out)

    if out.problems:
        # one problem, one line: no control character from a key or a file name
        raise ContentError(
            Problem(printable(p.path), p.line, p.column, printable(p.message)) for p in out.problems
        )
    return _catalog(parsed)


def _catalog(parsed: list[_Parsed]) -> Catalog:
    by_kind: dict[str, dict[str, Any]] = {}
    sources: dict[tuple[str, str], str] = {}
    for item in parsed:
        by_kind.setdefault(item.kind, {})[item.id] = item.model
        sources[(item.kind, item.id)] = item.doc.path
    courses: dict[str, CourseBundle] = {}
    for cid, course in sorted(by_kind.get("course", {}).items()):
        order = [lesson for module in course.modules for lesson in module.lessons]
        courses[cid] = CourseBundle(
            cid, course, {lid: by_kind["lesson"][f"{cid}/{lid}"] for lid in order}
        )
    return Catalog(
        actions=dict(sorted(by_kind.get("action", {}).items())),
        partners=dict(sorted(by_kind.get("partner", {}).items())),
        interlocutors=dict(sorted(by_kind.get("interlocutor", {}).items())),
        kits={k: by_kind["kit"][k] for k in KIT_NAMES},
        courses=courses,
        sources=sources,
    )
