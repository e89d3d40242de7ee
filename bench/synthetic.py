"""Synthetic valid content of N actions, for the benchmark (issue 18).

    python bench/synthetic.py OUT --actions 1000 [--seed 18]

The folder written holds the shipped content (both kits, their 21 actions,
partners and roles, both courses) plus synthetic actions up to N in all, with
partners, roles and a third course whose lessons grow in proportion:

- partners: one for every 5 actions; roles (interlocutors): one for every 20;
- lessons: one for every 20 actions, 6 to a module, in `mooc/decouvrir-les-metiers/`.

Texts are recombined from the shipped ones, sentence by sentence, with a seeded
random generator: the words of the search index are French and varied, the
Markdown is the editors' (lists, bold, headings), and every internal link
(`action:`, `partner:`, `interlocutor:`, `lesson:`) points at an existing page,
shipped or synthetic. Same shipped content, N and seed: same bytes.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.format import labels  # noqa: E402
from generator.format.models import ACADEMIES, LEVELS, STEP_KEYS  # noqa: E402
from generator.plan.text import fold  # noqa: E402

PARTNERS_PER_ACTION = 1 / 5
ROLES_PER_ACTION = 1 / 20
LESSONS_PER_ACTION = 1 / 20
LESSONS_PER_MODULE = 6
COURSE_ID = "decouvrir-les-metiers"
# the objectives as the format lists them (levels, académies and steps come from the models)
OBJECTIVES = tuple(labels.OBJECTIVES)
SECTORS = (
    "de l'aéronautique", "du bâtiment", "du numérique", "de la santé", "de l'agroalimentaire",
    "de la logistique", "de l'hôtellerie-restauration", "de l'énergie", "de la banque",
    "de l'assurance", "du commerce", "de l'artisanat d'art", "de la métallurgie", "de la chimie",
    "du transport ferroviaire", "de l'environnement", "de l'audiovisuel", "de l'agriculture",
    "de l'automobile", "du textile", "des services à la personne", "du tourisme",
    "de la maintenance industrielle", "de la propreté", "de la sécurité", "du sport",
    "de la culture", "de l'économie sociale et solidaire", "de la pharmacie", "de la plasturgie",
    "du bois et de l'ameublement", "de la mer", "du paysage", "de l'électricité",
    "de l'imprimerie", "des travaux publics", "de la petite enfance", "du spectacle vivant",
    "de la recherche", "de l'eau et de l'assainissement",
)  # fmt: skip
CITIES = (
    "Lille", "Amiens", "Rouen", "Caen", "Rennes", "Nantes", "Angers", "Tours", "Orléans",
    "Poitiers", "Limoges", "Bordeaux", "Pau", "Toulouse", "Montpellier", "Nîmes", "Marseille",
    "Toulon", "Nice", "Grenoble", "Lyon", "Saint-Étienne", "Clermont-Ferrand", "Dijon",
    "Besançon", "Strasbourg", "Metz", "Nancy", "Reims", "Troyes", "Créteil", "Versailles",
    "Cergy", "Évry", "Brest", "Lorient", "Bayonne", "Perpignan", "Ajaccio", "Saint-Denis",
)  # fmt: skip
TITLES = {
    "visit": (
        "Visite d'une entreprise {s}",
        "Visite d'un site de production {s}",
        "Découverte d'un atelier {s}",
        "Visite d'un plateau technique {s}",
        "Journée portes ouvertes des entreprises {s}",
    ),
    "meeting": (
        "Rencontre avec des professionnels {s}",
        "Forum des métiers {s}",
        "Un professionnel {s} témoigne en classe",
        "Table ronde sur les métiers {s}",
        "Rencontre entre enseignants et entreprises {s}",
    ),
    "internship": (
        "Stage d'observation dans le secteur {s}",
        "Séquence d'observation en milieu professionnel {s}",
        "Accueil collectif de stagiaires {s}",
        "Stage de seconde dans les métiers {s}",
    ),
    "project": (
        "Mini-entreprise autour des métiers {s}",
        "Concours d'innovation {s}",
        "Enquête sur les métiers {s}",
        "Parrainage d'une classe par une entreprise {s}",
        "Projet interdisciplinaire sur la filière {s}",
    ),
}
DURATIONS = {
    "visit": ({"value": 3, "unit": "hour"}, {"value": 1, "unit": "day"}),
    "meeting": ({"value": 2, "unit": "hour"}, {"value": 1, "unit": "day"}),
    "internship": ({"value": 5, "unit": "day"}, {"value": 2, "unit": "week"}),
    "project": ({"value": 6, "unit": "month"}, {"value": 1, "unit": "year"}),
}
PARTNER_NAMES = (
    ("network", "Campus des métiers et des qualifications {s} de {c}"),
    ("association", "Association pour la découverte des métiers {s}"),
    ("professional-body", "Fédération régionale {s}"),
    ("public-body", "Maison de l'emploi et de la formation de {c}"),
    ("company", "Groupement d'entreprises {s} de {c}"),
    ("network", "Réseau des entreprises partenaires {s}"),
)
ROLE_NAMES = (
    ("intermediary", "academy", "Chargé de mission école-entreprise {s}"),
    ("intermediary", "basin", "Coordonnateur du bassin de {c}"),
    ("company", "school", "Référent jeunesse d'une entreprise {s}"),
    ("school", "school", "Professeur coordonnateur des projets {s}"),
    ("company", "basin", "Conseiller de la chambre de métiers de {c}"),
    ("school", "basin", "Référent orientation du bassin de {c}"),
)
LESSON_TITLES = (
    "Présenter les métiers {s}",
    "Préparer une visite dans le secteur {s}",
    "Faire parler un professionnel {s}",
    "Relier les métiers {s} au parcours Avenir",
    "Construire une séquence sur les métiers {s}",
)
_LINK = re.compile(
    r"\[([^\]]+)\]\((action|partner|interlocutor|lesson):([a-z0-9/-]+)\)"
)  # fmt: skip
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀÂÉÈÊÎÔÛÇ«\[*])")
_BLOCK_START = re.compile(r"^\s*([-*+>#|]|\d+[.)])")


def slug(text: str, limit: int = 60) -> str:
    """An identifier from a title: lower case, no accent, words joined by hyphens."""
    words = re.findall(r"[a-z0-9]+", fold(text))
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > limit:
            break
        out = f"{out}-{word}" if out else word
    return out


def _balanced(sentence: str) -> bool:
    return (
        sentence.count("[") == sentence.count("]")
        and sentence.count("(") == sentence.count(")")
        and sentence.count("**") % 2 == 0
        and sentence.count("«") == sentence.count("»")
    )


@dataclass
class Pool:
    """Pieces of the shipped texts, by kind of field: sentences and whole blocks."""

    sentences: list[str] = field(default_factory=list)
    blocks: list[str] = field(default_factory=list)

    def add_text(self, text: str) -> None:
        for paragraph in (p.strip() for p in text.split("\n\n")):
            if not paragraph:
                continue
            if any(_BLOCK_START.match(line) for line in paragraph.splitlines()):
                self.blocks.append(paragraph)
                continue
            pieces = _SENTENCE_END.split(" ".join(paragraph.split()))
            if all(_balanced(p) for p in pieces):
                # a sentence that announces a list reads wrong without it
                self.sentences.extend(p for p in pieces if not p.endswith(":"))
            else:
                self.blocks.append(" ".join(paragraph.split()))


@dataclass
class Shipped:
    """What the generator recombines, read from the shipped YAML."""

    texts: dict[str, Pool] = field(default_factory=dict)
    items: dict[str, list[Any]] = field(default_factory=dict)
    names: dict[str, dict[str, str]] = field(default_factory=dict)

    def pool(self, name: str) -> Pool:
        return self.texts.setdefault(name, Pool())

    def item(self, name: str, value: Any) -> None:
        self.items.setdefault(name, []).append(value)


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text("utf-8"))


def _harvest_action(found: Shipped, action: dict[str, Any]) -> None:
    found.pool("summary").add_text(action["summary"])
    for step in STEP_KEYS:
        found.pool("step").add_text(action["steps"][step]["text"])
    for kit in ("teams", "companies"):
        view = action.get(f"for_{kit}")
        if view is None:
            continue
        found.pool(f"role-{kit}").add_text(view["role"])
        for item in view["checklist"]:
            found.item(f"checklist-{kit}", item)
        if view.get("summary"):
            found.pool("summary").add_text(view["summary"])
    for resource in action.get("resources", []):
        found.item("resource", resource)
    for source in action.get("sources", []):
        found.item("source", source)


def _harvest_lesson(found: Shipped, lesson: dict[str, Any]) -> None:
    body = lesson["body"]
    for section in re.split(r"\n(?=#{2,4} )", "\n" + body):
        heading, _, rest = section.strip().partition("\n")
        if heading.startswith("#"):
            found.item("heading", heading.lstrip("# ").strip())
            found.pool("lesson").add_text(rest)
        else:
            found.pool("lesson").add_text(section)
    for name in ("objectives", "key_points"):
        for text in lesson.get(name, []):
            found.item(name, text)
    for name in ("activities", "quiz"):
        for value in lesson.get(name, []):
            found.item(name, value)
    for resource in lesson.get("resources", []):
        found.item("resource", resource)


def harvest(shipped: Path) -> Shipped:
    found = Shipped()
    for kind, folder in (
        ("action", "kits/actions"),
        ("partner", "kits/partners"),
        ("interlocutor", "kits/interlocutors"),
    ):
        names = found.names.setdefault(kind, {})
        for file in sorted((shipped / folder).glob("*.yml")):
            data = _yaml(file)
            names[file.stem] = data.get("title") or data.get("name") or data["role"]
            if kind == "action":
                _harvest_action(found, data)
            elif kind == "partner":
                found.pool("partner").add_text(data["description"])
            else:
                found.pool("role").add_text(data["description"])
                found.item("contact", data["contact"])
    lessons = found.names.setdefault("lesson", {})
    for course in sorted((shipped / "mooc").glob("*/course.yml")):
        data = _yaml(course)
        found.pool("course").add_text(data["description"])
        found.names.setdefault("course", {})[course.parent.name] = data["title"]
        if data.get("week_planner"):
            found.names.setdefault("planner", {})[course.parent.name] = data["week_planner"][
                "title"
            ]
        if data.get("self_assessment"):
            found.names.setdefault("self-assessment", {})[course.parent.name] = data[
                "self_assessment"
            ]["title"]
        for file in sorted((course.parent / "lessons").glob("*.yml")):
            lesson = _yaml(file)
            lessons[f"{course.parent.name}/{file.stem}"] = lesson["title"]
            _harvest_lesson(found, lesson)
    return found


# --------------------------------------------------------------------------- writing


class Writer:
    """Composes texts from the shipped pools with one seeded random generator."""

    def __init__(self, found: Shipped, names: dict[str, dict[str, str]], seed: int) -> None:
        self.found = found
        self.names = names
        self.rng = random.Random(seed)
        self._ids = {kind: list(pages) for kind, pages in names.items()}

    def any_id(self, kind: str) -> str:
        return self.rng.choice(self._ids[kind])

    def link(self, kind: str) -> str:
        ident = self.any_id(kind)
        return f"[{self.names[kind][ident]}]({kind}:{ident})"

    def relink(self, text: str) -> str:
        """Point the shipped links at pages of this content, shipped or synthetic."""

        def swap(match: re.Match[str]) -> str:
            return self.link(match.group(2))

        return _LINK.sub(swap, text)

    def paragraph(self, pool: str, sentences: tuple[int, int] = (1, 3)) -> str:
        source = self.found.texts[pool].sentences
        count = self.rng.randint(*sentences)
        return self.relink(" ".join(self.rng.choice(source) for _ in range(count)))

    def markdown(self, pool: str, paragraphs: tuple[int, int] = (1, 2), link: float = 0.5) -> str:
        parts = [self.paragraph(pool) for _ in range(self.rng.randint(*paragraphs))]
        blocks = self.found.texts[pool].blocks
        if blocks and self.rng.random() < 0.25:
            parts.insert(self.rng.randint(0, len(parts)), self.relink(self.rng.choice(blocks)))
        if self.rng.random() < link:
            kind = self.rng.choice(("action", "partner", "interlocutor"))
            parts[-1] += f" Voir aussi {self.link(kind)}."
        return "\n\n".join(parts) + "\n"

    def plain(self, pool: str, limit: int) -> str:
        """One or two sentences of plain text, `limit` characters at most."""
        source = [s for s in self.found.texts[pool].sentences if "[" not in s and "*" not in s]
        text = self.rng.choice([s for s in source if len(s) <= limit])
        extra = self.rng.choice(source)
        if self.rng.random() < 0.6 and len(text) + 1 + len(extra) <= limit:
            text = f"{text} {extra}"
        return text

    def pick(self, name: str, low: int, high: int) -> list[Any]:
        items = self.found.items.get(name, [])
        return self.rng.sample(items, min(len(items), self.rng.randint(low, high)))

    def some(self, kind: str, low: int, high: int) -> list[str]:
        return self.rng.sample(
            self._ids[kind], min(len(self._ids[kind]), self.rng.randint(low, high))
        )


# --------------------------------------------------------------------------- names


@dataclass(frozen=True)
class Counts:
    """How many synthetic pages of each kind N actions bring."""

    actions: int
    partners: int
    roles: int
    lessons: int

    @classmethod
    def for_total(cls, total: int, found: Shipped) -> Counts:
        shipped = {kind: len(found.names[kind]) for kind in ("action", "partner", "interlocutor")}
        if total < shipped["action"]:
            raise ValueError(f"au moins {shipped['action']} actions (celles du contenu livré)")
        return cls(
            actions=total - shipped["action"],
            partners=max(0, round(total * PARTNERS_PER_ACTION) - shipped["partner"]),
            roles=max(0, round(total * ROLES_PER_ACTION) - shipped["interlocutor"]),
            lessons=max(LESSONS_PER_MODULE, round(total * LESSONS_PER_ACTION)),
        )


def _title(rng: random.Random, template: str) -> str:
    title = template.format(s=rng.choice(SECTORS), c=rng.choice(CITIES))
    if "{c}" not in template and rng.random() < 0.5:
        title += f" à {rng.choice(CITIES)}"
    return title[0].upper() + title[1:]


@dataclass
class Plan:
    """The synthetic pages, named before any text is written: texts link to all of them."""

    actions: list[tuple[str, str, str]] = field(default_factory=list)  # id, title, format
    partners: list[tuple[str, str, str]] = field(default_factory=list)  # id, name, kind
    roles: list[tuple[str, str, str, str]] = field(default_factory=list)  # id, role, side, level
    lessons: list[tuple[str, str]] = field(default_factory=list)  # id, title


def name_pages(counts: Counts, seed: int) -> Plan:
    rng = random.Random(f"{seed}-names")
    planned = Plan()
    for i in range(counts.actions):
        fmt = rng.choice(tuple(TITLES))
        title = _title(rng, rng.choice(TITLES[fmt]))
        planned.actions.append((f"{slug(title)}-{i + 1}", title, fmt))
    for i in range(counts.partners):
        kind, template = rng.choice(PARTNER_NAMES)
        name = _title(rng, template)
        planned.partners.append((f"{slug(name)}-{i + 1}", name, kind))
    for i in range(counts.roles):
        side, level, template = rng.choice(ROLE_NAMES)
        role = _title(rng, template)
        planned.roles.append((f"{slug(role)}-{i + 1}", role, side, level))
    for i in range(counts.lessons):
        title = _title(rng, rng.choice(LESSON_TITLES))
        planned.lessons.append((f"{slug(title)}-{i + 1}", title))
    return planned


def all_names(found: Shipped, planned: Plan) -> dict[str, dict[str, str]]:
    names = {kind: dict(pages) for kind, pages in found.names.items()}
    names["action"].update((i, t) for i, t, _f in planned.actions)
    names["partner"].update((i, n) for i, n, _k in planned.partners)
    names["interlocutor"].update((i, r) for i, r, _s, _l in planned.roles)
    names["lesson"].update((f"{COURSE_ID}/{i}", t) for i, t in planned.lessons)
    return names


# --------------------------------------------------------------------------- files


def _levels(rng: random.Random) -> list[str]:
    start = rng.randrange(len(LEVELS))
    return list(LEVELS[start : start + rng.randint(1, 3)])


def _kit_view(w: Writer, kit: str, own_id: str) -> dict[str, Any]:
    view: dict[str, Any] = {
        "role": w.markdown(f"role-{kit}", (1, 1), link=0.3),
        "checklist": w.pick(f"checklist-{kit}", 3, 6),
    }
    if w.rng.random() < 0.3:
        view["summary"] = w.plain("summary", 300)
    if w.rng.random() < 0.15:
        view["steps"] = {w.rng.choice(STEP_KEYS): w.markdown("step", (1, 1))}
    if w.rng.random() < 0.4:
        refs = [f"action:{a}" for a in w.some("action", 1, 2) if a != own_id]
        refs += w.rng.sample(
            [f"lesson:{w.any_id('lesson')}", f"course:{COURSE_ID}",
             "planner:accueillir-un-eleve-de-3e", "self-assessment:esprit-d-entreprendre"],
            w.rng.randint(0, 2),
        )  # fmt: skip
        if refs:
            view["next"] = list(dict.fromkeys(refs))
    return view


def action(w: Writer, ident: str, title: str, fmt: str) -> dict[str, Any]:
    data: dict[str, Any] = {"title": title, "summary": w.plain("summary", 300), "format": fmt}
    if w.rng.random() < 0.1:
        data["participants"] = "staff"
    else:
        data["levels"] = _levels(w.rng)
    data["objectives"] = w.rng.sample(OBJECTIVES, w.rng.randint(1, 3))
    data["duration"] = dict(w.rng.choice(DURATIONS[fmt]))
    data["steps"] = {
        step: {
            "text": w.markdown("step", (1, 1), link=0.3),
            "interlocutors": w.some("interlocutor", 1, 2),
        }
        for step in STEP_KEYS
    }
    kits = w.rng.choices((("teams", "companies"), ("teams",), ("companies",)), (45, 35, 20))[0]
    for kit in kits:
        data[f"for_{kit}"] = _kit_view(w, kit, ident)
    data["partners"] = w.some("partner", 1, 4)
    data["resources"] = w.pick("resource", 0, 3)
    data["sources"] = w.pick("source", 0, 2)
    return data


def partner(w: Writer, ident: str, name: str, kind: str) -> dict[str, Any]:
    data: dict[str, Any] = {"name": name, "kind": kind}
    scope = w.rng.choices(("national", "academy", "local"), (15, 55, 30))[0]
    data["scope"] = scope
    if scope != "national":
        data["academies"] = sorted(w.rng.sample(ACADEMIES, 1 if scope == "academy" else 2))
    data["description"] = w.markdown("partner", (1, 2), link=0.6)
    if w.rng.random() < 0.6:
        data["website"] = f"https://www.example.org/partenaires/{ident}"
    data["sources"] = w.pick("source", 0, 1)
    return data


def role(w: Writer, title: str, side: str, level: str) -> dict[str, Any]:
    return {
        "role": title,
        "side": side,
        "level": level,
        "description": w.markdown("role", (1, 2), link=0.6),
        "contact": w.rng.choice(w.found.items["contact"]),
        "sources": w.pick("source", 0, 1),
    }


def _lesson_body(w: Writer) -> str:
    parts = [w.paragraph("lesson")]
    for _ in range(w.rng.randint(1, 3)):
        parts.append(f"### {w.rng.choice(w.found.items['heading'])}")
        parts.append(w.markdown("lesson", (1, 2), link=0.4).strip())
    return "\n\n".join(parts) + "\n"


def lesson(w: Writer, title: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": title,
        "duration_minutes": w.rng.choice((15, 15, 30, 30, 45, 60)),
        "modality": w.rng.choice(("distance", "distance", "on-site")),
        "objectives": w.pick("objectives", 2, 3),
        "body": _lesson_body(w),
    }
    activities = [dict(a) for a in w.pick("activities", 0, 2)]
    for activity in activities:
        activity["instructions"] = w.relink(activity["instructions"])
    quiz = [dict(q) for q in w.pick("quiz", 0, 2)]
    for question in quiz:
        if question.get("explanation"):
            question["explanation"] = w.relink(question["explanation"])
    for key, value in (("activities", activities), ("quiz", quiz)):
        if value:
            data[key] = value
    data["key_points"] = w.pick("key_points", 0, 3)
    data["resources"] = w.pick("resource", 0, 2)
    return data


def course(w: Writer, lessons: list[tuple[str, str]], minutes: int) -> dict[str, Any]:
    modules = []
    for start in range(0, len(lessons), LESSONS_PER_MODULE):
        chunk = lessons[start : start + LESSONS_PER_MODULE]
        number = start // LESSONS_PER_MODULE + 1
        modules.append(
            {
                "id": f"module-{number}",
                "title": f"Module {number} : {chunk[0][1]}",
                "summary": w.plain("summary", 300),
                "lessons": [ident for ident, _title in chunk],
            }
        )
    return {
        "title": "Faire découvrir les métiers du territoire",
        "audience": "teams",
        "modality": "hybrid",
        "summary": w.plain("summary", 300),
        "description": w.markdown("course", (3, 4), link=0.8),
        "total_hours": minutes / 60,
        "modules": modules,
    }


# --------------------------------------------------------------------------- YAML


class _Dumper(yaml.SafeDumper):
    """Block scalars for Markdown, no anchors: the loader refuses aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _text(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _text)


def dump(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100_000)
    path.write_text(text, "utf-8")


def write_content(target: Path, total: int, seed: int = 18, shipped: Path = ROOT) -> Counts:
    """Write shipped + synthetic content of `total` actions into `target` (emptied first)."""
    found = harvest(shipped)
    counts = Counts.for_total(total, found)
    planned = name_pages(counts, seed)
    names = all_names(found, planned)
    if target.exists():
        shutil.rmtree(target)
    for folder in ("kits", "mooc"):
        shutil.copytree(shipped / folder, target / folder)
    w = Writer(found, names, seed)
    for ident, title, fmt in planned.actions:
        dump(target / "kits/actions" / f"{ident}.yml", action(w, ident, title, fmt))
    for ident, name, kind in planned.partners:
        dump(target / "kits/partners" / f"{ident}.yml", partner(w, ident, name, kind))
    for ident, title, side, level in planned.roles:
        dump(target / "kits/interlocutors" / f"{ident}.yml", role(w, title, side, level))
    minutes = 0
    for ident, title in planned.lessons:
        data = lesson(w, title)
        minutes += data["duration_minutes"]
        dump(target / "mooc" / COURSE_ID / "lessons" / f"{ident}.yml", data)
    dump(target / "mooc" / COURSE_ID / "course.yml", course(w, planned.lessons, minutes))
    return counts


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(description="Contenu synthétique valide de N actions.")
    cli.add_argument("target", type=Path, help="dossier à écrire (vidé d'abord)")
    cli.add_argument("--actions", type=int, required=True, help="nombre total d'actions")
    cli.add_argument("--seed", type=int, default=18, help="graine (défaut : 18)")
    args = cli.parse_args(argv)
    try:
        counts = write_content(args.target, args.actions, args.seed)
    except ValueError as exc:
        print(f"Refusé : {exc}", file=sys.stderr)
        return 1
    print(
        f"{args.target} : {counts.actions} actions, {counts.partners} partenaires, "
        f"{counts.roles} interlocuteurs, {counts.lessons} leçons synthétiques "
        "(en plus du contenu livré)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
