"""The YAML format, declared once: pydantic models with the French descriptions
that editors see in their editor (JSON Schema) and in the format reference."""

from __future__ import annotations

import datetime
import re
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StringConstraints,
    model_validator,
)
from pydantic.json_schema import JsonDict

from generator.diagnostics import messages
from generator.format.ids import ID_MAX_LENGTH, ID_PATTERN, is_valid_id


class MarkdownText:
    """Marks a field whose text is Markdown (checked and link-resolved)."""

    def __repr__(self) -> str:  # pragma: no cover - shown only in debugging
        return "MarkdownText()"


class Identifier:
    """Marks a field whose text is an id (a file name without .yml)."""

    def __repr__(self) -> str:  # pragma: no cover - shown only in debugging
        return "Identifier()"


def _shown(value: str) -> str:
    """A value quoted in a message: short, and with its control characters made visible."""
    short = value if len(value) <= 40 else value[:37] + "…"
    return _ANY_CONTROL.sub(lambda m: f"U+{ord(m.group()):04X}", short)


def _checked(rule: Any, message: messages.Message) -> AfterValidator:
    """A validator raising `message` (its own error type) when `rule(value)` is false."""

    def check(value: str) -> str:
        if not rule(value):
            raise message.error(value=_shown(value))
        return value

    return AfterValidator(check)


def _full(pattern: str) -> Any:
    """The whole value matches `pattern` (`re.match` with « $ » accepts a final newline)."""
    return re.compile(pattern).fullmatch


# Characters no text may hold: C0 and C1 controls, DEL, and the line and paragraph
# separators U+2028 and U+2029 (invisible line breaks for a spreadsheet or an old
# JavaScript engine). A one-line text holds no line break or tab either; a Markdown text
# may hold line feeds and tabs, and no carriage return (markdown-it and Python-Markdown
# would not end lines alike).
_ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_MARKDOWN_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


class PlainText:
    """Marks a one-line text: shown as typed, escaped wherever it is printed."""

    def __repr__(self) -> str:  # pragma: no cover - shown only in debugging
        return "PlainText()"


ONE_LINE = _checked(lambda v: not _ANY_CONTROL.search(v), messages.CONTROL_CHARACTER)
MULTI_LINE = _checked(lambda v: not _MARKDOWN_CONTROL.search(v), messages.CONTROL_CHARACTER)

# An address a link can hold whole: no space, quote, bracket, brace, backslash or control
# character (a « ) » would close a Markdown link, a « { » open an attribute list), and a
# host made of letters, digits, dots and dashes.
URL_PATTERN = r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?([/?#][A-Za-z0-9._~!$&*+,;=:@%/?#-]*)?$"
_URL = _full(URL_PATTERN)
TIME_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d$"
END_TIME_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$"
REF_PATTERN = r"^[a-z-]+:[a-z0-9]+(-[a-z0-9]+)*(/[a-z0-9]+(-[a-z0-9]+)*)?$"

Id = Annotated[
    str,
    StringConstraints(max_length=200),
    _checked(is_valid_id, messages.ID_INVALID),
    Identifier(),
    Field(
        description="Identifiant : minuscules, chiffres et tirets (nom du fichier sans .yml).",
        json_schema_extra={"pattern": ID_PATTERN, "maxLength": ID_MAX_LENGTH},
    ),
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000), ONE_LINE, PlainText()]
Title = Annotated[str, StringConstraints(min_length=1, max_length=120), ONE_LINE, PlainText()]
Summary = Annotated[str, StringConstraints(min_length=1, max_length=300), ONE_LINE, PlainText()]
Markdown = Annotated[
    str, StringConstraints(min_length=1, max_length=20000), MULTI_LINE, MarkdownText()
]
Url = Annotated[
    str,
    StringConstraints(max_length=500),
    _checked(_URL, messages.URL_INVALID),
    Field(
        description="Adresse web complète, en http:// ou https://.",
        json_schema_extra={"pattern": URL_PATTERN, "format": "uri"},
    ),
]
Time = Annotated[
    str,
    _checked(_full(TIME_PATTERN), messages.TIME_INVALID),
    Field(json_schema_extra={"pattern": TIME_PATTERN}),
]
EndTime = Annotated[
    str,
    _checked(_full(END_TIME_PATTERN), messages.TIME_INVALID),
    Field(json_schema_extra={"pattern": END_TIME_PATTERN}),
]
InternalRef = Annotated[
    str,
    StringConstraints(max_length=170),
    _checked(_full(REF_PATTERN), messages.REF_INVALID),
    Field(
        description="Une page du site : action:ID, partner:ID, interlocutor:ID, course:ID, "
        "planner:FORMATION, self-assessment:FORMATION ou lesson:FORMATION/LEÇON.",
        json_schema_extra={"pattern": REF_PATTERN},
    ),
]

Level = Literal["6e", "5e", "4e", "3e", "2de", "1re", "tle"]
Objective = Literal["discover", "initiative", "orientation"]
ActionFormat = Literal["visit", "meeting", "internship", "project"]
DurationUnit = Literal["hour", "day", "week", "month", "year"]
ResourceKind = Literal["guide", "template", "video", "legal", "website", "course"]
PartnerKind = Literal["association", "public-body", "network", "professional-body", "company"]
Scope = Literal["national", "academy", "local"]
Side = Literal["school", "company", "intermediary"]
RoleLevel = Literal["school", "basin", "academy", "national"]
Audience = Literal["companies", "teams"]
Participants = Literal["pupils", "staff"]
CourseModality = Literal["online", "hybrid"]
LessonModality = Literal["distance", "on-site"]
# The days the week planner shows: a pupil may be hosted from Monday to Saturday.
WEEK_DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi")
WeekDay = Literal["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"]
# When in the school year an action takes place: at any time, a term, or a month.
Period = Literal[
    "anytime",
    "term1",
    "term2",
    "term3",
    "september",
    "october",
    "november",
    "december",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
]
ActivityKind = Literal[
    "reading", "video", "exercise", "workshop", "peer-exchange", "self-assessment", "case-study"
]
Academy = Literal[
    "aix-marseille",
    "amiens",
    "besancon",
    "bordeaux",
    "clermont-ferrand",
    "corse",
    "creteil",
    "dijon",
    "grenoble",
    "guadeloupe",
    "guyane",
    "la-reunion",
    "lille",
    "limoges",
    "lyon",
    "martinique",
    "mayotte",
    "montpellier",
    "nancy-metz",
    "nantes",
    "nice",
    "normandie",
    "orleans-tours",
    "paris",
    "poitiers",
    "reims",
    "rennes",
    "strasbourg",
    "toulouse",
    "versailles",
]

LEVELS: tuple[str, ...] = typing.get_args(Level)
OBJECTIVES: tuple[str, ...] = typing.get_args(Objective)
FORMATS: tuple[str, ...] = typing.get_args(ActionFormat)
ACADEMIES: tuple[str, ...] = typing.get_args(Academy)


@dataclass(frozen=True)
class FieldType:
    """What a field's annotation says it holds, read once for every tool that walks the
    models (the format reference, the skeletons of `new`, the Markdown texts to check,
    the model behind an error's place)."""

    kind: Literal["markdown", "identifier", "choice", "list", "mapping", "union", "object", "value"]
    values: tuple[object, ...] = ()  # choice: the values allowed
    item: FieldType | None = None  # list, mapping: what each element holds
    members: tuple[FieldType, ...] = ()  # union: its types but None
    model: type[BaseModel] | None = None  # object
    base: object = None  # value, mapping: the plain type (str, int, float, bool, date…)


def field_type(annotation: Any, metadata: Sequence[Any] = ()) -> FieldType:
    """The one walker over pydantic annotations: `Annotated` unwrapped (its metadata
    kept), `X | None` as a union of its other types."""
    if any(isinstance(m, MarkdownText) for m in metadata):
        return FieldType("markdown")
    if any(isinstance(m, Identifier) for m in metadata):
        return FieldType("identifier")
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is Annotated:
        return field_type(args[0], [*metadata, *args[1:]])
    if origin is Literal:
        return FieldType("choice", values=args)
    if origin is list:
        return FieldType("list", item=field_type(args[0]))
    if origin is dict:
        return FieldType("mapping", item=field_type(args[1]), base=annotation)
    if origin in (typing.Union, types.UnionType):
        kept = tuple(field_type(a, metadata) for a in args if a is not type(None))
        return FieldType("union", members=kept)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return FieldType("object", model=annotation)
    return FieldType("value", base=annotation)


def _model_in(found: FieldType) -> type[BaseModel] | None:
    if found.model is not None:
        return found.model
    for inner in (found.item, *found.members):
        model = _model_in(inner) if inner is not None else None
        if model is not None:
            return model
    return None


def nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model class inside a field's type (`Step`, `list[Choice]`, `KitView | None`)."""
    return _model_in(field_type(annotation))


class Entity(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Resource(Entity):
    """Une ressource utile : guide, modèle, vidéo, texte officiel, site ou formation."""

    title: Title = Field(description="Titre de la ressource (120 caractères au plus).")
    url: Url
    kind: ResourceKind = Field(
        description="Nature : guide, template (modèle), video, legal (texte officiel), "
        "website (site), course (formation)."
    )


class Source(Entity):
    """D'où vient une information : toute règle de droit cite sa source."""

    title: Title = Field(description="Titre de la source (texte officiel, page de référence).")
    url: Url


class Review(Entity):
    """Le relevé de vérification : quand le fichier a été relu, et contre quels textes."""

    checked: datetime.date = Field(
        description="Date de la dernière vérification, année-mois-jour (2026-12-06) ; la page "
        "l'affiche : « Vérifié le 6 décembre 2026 »."
    )
    texts: list[Id] = Field(
        default_factory=list,
        description="Textes officiels sur lesquels le fichier s'appuie (identifiants de la "
        "liste des textes officiels, generator/data/official_texts.yml) ; peut être vide.",
    )


REVIEW_DESCRIPTION = (
    "Relevé de vérification : date et textes officiels relus (facultatif ; "
    "passerelles review signale son absence)."
)


class Duration(Entity):
    """Durée indicative d'une action."""

    value: StrictFloat | StrictInt = Field(gt=0, le=1000, description="Nombre d'unités.")
    unit: DurationUnit = Field(description="Unité : hour, day, week, month ou year.")


class Step(Entity):
    """Une des quatre étapes d'une action et les rôles qui y interviennent."""

    text: Markdown = Field(description="Ce qu'on fait à cette étape (Markdown).")
    interlocutors: list[Id] = Field(
        default_factory=list,
        description="Rôles qui interviennent à cette étape (identifiants de "
        "kits/interlocutors/). Chaque kit montre à part « Qui agit » (les rôles de son côté "
        "au niveau school : l'établissement pour les équipes, l'entreprise pour les "
        "entreprises) et « Qui contacter » (tous les autres) ; un service de l'académie ou "
        "du bassin (level academy ou basin) s'écrit comme un rôle, avec son contact.",
    )


class Steps(Entity):
    """Les quatre étapes du kit : préparer, encadrer, animer, mettre à profit."""

    prepare: Step = Field(description="Préparer.")
    supervise: Step = Field(description="Encadrer.")
    lead: Step = Field(description="Animer.")
    follow_up: Step = Field(description="Mettre à profit.")

    def get(self, key: str) -> Step:
        step: Step = getattr(self, key)
        return step


class StepTexts(Entity):
    """Le texte d'une ou plusieurs étapes tel que ce public les vit (à la place du texte commun)."""

    prepare: Markdown | None = Field(default=None, description="Préparer, vu par ce public.")
    supervise: Markdown | None = Field(default=None, description="Encadrer, vu par ce public.")
    lead: Markdown | None = Field(default=None, description="Animer, vu par ce public.")
    follow_up: Markdown | None = Field(
        default=None, description="Mettre à profit, vu par ce public."
    )


STEP_KEYS: tuple[str, ...] = tuple(Steps.model_fields)


class KitView(Entity):
    """L'action vue depuis un kit : le rôle de ce public et sa liste de vérification."""

    role: Markdown = Field(description="Le rôle de ce public dans l'action (Markdown).")
    checklist: list[Text] = Field(
        min_length=1, description="Points à vérifier, dans l'ordre (texte simple)."
    )
    summary: Summary | None = Field(
        default=None,
        description="Résumé de la fiche pour ce public (texte simple) ; à défaut, le résumé commun.",
    )
    steps: StepTexts | None = Field(
        default=None,
        description="Les étapes que ce public vit autrement : leur texte remplace le texte commun.",
    )
    next: list[InternalRef] = Field(
        default_factory=list,
        description="« Et ensuite » : les pages à ouvrir après cette action, dans l'ordre "
        "(action:ID, course:ID, lesson:FORMATION/LEÇON…).",
    )


# What the « levels for pupils only » rule says, for editors' JSON Schema checks.
_LEVELS_RULE: JsonDict = {
    "if": {"properties": {"participants": {"const": "staff"}}, "required": ["participants"]},
    "then": {"properties": {"levels": {"maxItems": 0}}},
    "else": {"required": ["levels"], "properties": {"levels": {"minItems": 1}}},
}


class Action(Entity):
    """Une action que l'école et l'entreprise mènent ensemble (kits/actions/ID.yml)."""

    model_config = ConfigDict(json_schema_extra={"allOf": [_LEVELS_RULE]})

    title: Title = Field(description="Titre de l'action (120 caractères au plus).")
    summary: Summary = Field(description="Résumé en texte simple (300 caractères au plus).")
    format: ActionFormat = Field(
        description="visit (une visite), meeting (une rencontre), internship (un stage) "
        "ou project (un projet)."
    )
    participants: Participants = Field(
        default="pupils",
        description="Qui y prend part : pupils (des élèves, par défaut) ou staff (des personnels : "
        "enseignants, cadres, chefs d'entreprise).",
    )
    levels: list[Level] = Field(
        default_factory=list,
        description="Niveaux des élèves concernés : 6e, 5e, 4e, 3e, 2de, 1re, tle ; obligatoire "
        "pour une action d'élèves, absent pour une action de personnels.",
    )
    objectives: list[Objective] = Field(
        min_length=1,
        description="Objectifs du parcours Avenir : discover (découvrir le monde économique), "
        "initiative (engagement et initiative), orientation (projet d'orientation).",
    )
    duration: Duration = Field(description="Durée indicative.")
    period: Period | None = Field(
        default=None,
        description="Quand dans l'année, si un texte ou une source le dit : anytime (à tout "
        "moment), term1, term2, term3 (un trimestre), ou un mois de september à june.",
    )
    steps: Steps = Field(description="Les quatre étapes de l'action.")
    for_teams: KitView | None = Field(
        default=None, description="Présent : l'action figure dans le kit des équipes éducatives."
    )
    for_companies: KitView | None = Field(
        default=None, description="Présent : l'action figure dans le kit des entreprises."
    )
    partners: list[Id] = Field(
        default_factory=list, description="Partenaires associés (identifiants de kits/partners/)."
    )
    resources: list[Resource] = Field(default_factory=list, description="Ressources utiles.")
    sources: list[Source] = Field(default_factory=list, description="Sources des informations.")
    review: Review | None = Field(default=None, description=REVIEW_DESCRIPTION)

    def view(self, kit: str) -> KitView | None:
        """The action as the kit `kit` (teams | companies) shows it, if it is in that kit."""
        view: KitView | None = getattr(self, f"for_{kit}")
        return view

    def step_text(self, kit: str, key: str) -> str:
        """A step's text as the readers of `kit` live it (their own text, else the common one)."""
        view = self.view(kit)
        own = getattr(view.steps, key) if view is not None and view.steps is not None else None
        return own or self.steps.get(key).text

    @model_validator(mode="after")
    def _levels_for_pupils(self) -> Action:
        if self.participants == "pupils" and not self.levels:
            raise messages.ACTION_LEVELS_MISSING.error()
        if self.participants == "staff" and self.levels:
            raise messages.ACTION_LEVELS_FOR_STAFF.error()
        return self

    @model_validator(mode="after")
    def _in_a_kit(self) -> Action:
        if self.for_teams is None and self.for_companies is None:
            raise messages.ACTION_NO_KIT.error()
        return self


class Partner(Entity):
    """Une organisation qui aide (kits/partners/ID.yml)."""

    name: Title = Field(description="Nom de l'organisation.")
    acronym: (
        Annotated[str, StringConstraints(min_length=1, max_length=20), ONE_LINE, PlainText()] | None
    ) = Field(default=None, description="Sigle, s'il existe.")
    kind: PartnerKind = Field(
        description="association, public-body (organisme public), network (réseau), "
        "professional-body (organisation professionnelle) ou company (entreprise)."
    )
    scope: Scope = Field(description="Échelle : national, academy (académique) ou local.")
    academies: list[Academy] = Field(
        default_factory=list,
        description="Académies concernées ; obligatoire si l'échelle n'est pas nationale.",
    )
    description: Markdown = Field(description="Présentation (Markdown).")
    website: Url | None = Field(default=None, description="Site officiel.")
    sources: list[Source] = Field(default_factory=list, description="Sources des informations.")
    review: Review | None = Field(default=None, description=REVIEW_DESCRIPTION)

    @model_validator(mode="after")
    def _academies_for_local_scope(self) -> Partner:
        if self.scope != "national" and not self.academies:
            raise messages.PARTNER_ACADEMIES.error()
        return self


class Interlocutor(Entity):
    """Un rôle à contacter, jamais une personne nommée (kits/interlocutors/ID.yml)."""

    role: Title = Field(description="Intitulé du rôle.")
    side: Side = Field(description="Côté : school (école), company (entreprise), intermediary.")
    level: RoleLevel = Field(
        description="Échelle : school (établissement), basin (bassin), academy, national."
    )
    description: Markdown = Field(description="Ce que fait ce rôle (Markdown).")
    contact: Markdown = Field(
        description="Comment joindre ce rôle, sans donnée personnelle (Markdown)."
    )
    sources: list[Source] = Field(default_factory=list, description="Sources des informations.")
    review: Review | None = Field(default=None, description=REVIEW_DESCRIPTION)


class GettingStartedItem(Entity):
    """Une étape de « Par où commencer »."""

    title: Title = Field(description="Titre de l'étape.")
    text: Markdown = Field(description="Texte de l'étape (Markdown).")


class Kit(Entity):
    """Un kit : kits/teams.yml (équipes éducatives) ou kits/companies.yml (entreprises)."""

    title: Title = Field(description="Titre du kit.")
    intro: Markdown = Field(description="Introduction (Markdown).")
    getting_started: list[GettingStartedItem] = Field(
        min_length=1, description="« Par où commencer », dans l'ordre."
    )
    review: Review | None = Field(default=None, description=REVIEW_DESCRIPTION)


class Module(Entity):
    """Un module d'une formation, qui ordonne des leçons."""

    id: Id
    title: Title = Field(description="Titre du module.")
    summary: Summary = Field(description="Résumé en texte simple.")
    lessons: list[Id] = Field(
        min_length=1, description="Leçons du module, dans l'ordre (identifiants de lessons/)."
    )


class PlannerLimits(Entity):
    """Les limites horaires vérifiées par le planificateur de semaine."""

    max_hours_per_day: StrictFloat | StrictInt = Field(gt=0, le=24, description="Heures par jour.")
    max_hours_per_week: StrictFloat | StrictInt = Field(
        gt=0, le=80, description="Heures par semaine."
    )
    earliest_start: Time = Field(description="Heure de début au plus tôt, « HH:MM ».")
    latest_end: EndTime = Field(description="Heure de fin au plus tard, « HH:MM ».")
    break_after_hours: StrictFloat | StrictInt = Field(
        gt=0, le=24, description="Pause obligatoire au-delà de ce nombre d'heures par jour."
    )
    break_minutes: StrictInt = Field(gt=0, le=240, description="Durée minimale de la pause.")
    min_daily_rest_hours: StrictFloat | StrictInt | None = Field(
        default=None,
        gt=0,
        le=24,
        description=(
            "Repos quotidien minimal, en heures consécutives, entre le départ d'un jour "
            "et l'arrivée du lendemain."
        ),
    )
    weekly_rest_days: StrictInt | None = Field(
        default=None,
        ge=1,
        le=2,
        description=(
            "Jours de repos consécutifs par semaine : avec 2, un samedi de présence "
            "demande un lundi sans présence (le dimanche et le lundi)."
        ),
    )


ShortText = Annotated[str, StringConstraints(min_length=1, max_length=60)]


class SampleDay(Entity):
    """Une journée d'une semaine d'exemple du planificateur."""

    day: WeekDay = Field(description="Le jour : lundi, mardi, mercredi, jeudi, vendredi, samedi.")
    service: ShortText = Field(description="Le service ou le poste (60 caractères au plus).")
    person: ShortText = Field(description="La personne rencontrée : un rôle, jamais un nom.")
    activity: Annotated[str, StringConstraints(min_length=1, max_length=150)] = Field(
        description="L'activité de la journée (150 caractères au plus)."
    )
    start: Time = Field(description="Arrivée, « HH:MM ».")
    break_start: Time | None = Field(default=None, description="Début de la pause, « HH:MM ».")
    break_end: Time | None = Field(default=None, description="Fin de la pause, « HH:MM ».")
    end: EndTime = Field(description="Départ, « HH:MM ».")


class SampleWeek(Entity):
    """Une semaine d'exemple que le planificateur propose de reprendre."""

    title: ShortText = Field(description="Qui accueille : « Une boulangerie de 4 salariés »…")
    days: list[SampleDay] = Field(
        min_length=1, max_length=6, description="Les journées de présence, dans l'ordre."
    )


class WeekPlanner(Entity):
    """Le planificateur de la semaine d'observation (page « planning » de la formation)."""

    title: Title = Field(description="Titre de la page.")
    intro: Markdown = Field(description="Introduction (Markdown).")
    limits: PlannerLimits = Field(description="Les limites vérifiées pendant la saisie.")
    sources: list[Source] = Field(min_length=1, description="Sources des limites affichées.")
    samples: list[SampleWeek] = Field(
        default_factory=list,
        max_length=6,
        description="Semaines d'exemple à reprendre (un bureau, une boulangerie, un commerce…).",
    )


class Competence(Entity):
    """Une compétence de la grille d'autopositionnement."""

    id: Id
    title: Title = Field(description="Intitulé de la compétence.")
    description: Summary = Field(description="Ce qu'elle recouvre (texte simple).")


class CompetenceArea(Entity):
    """Un domaine de compétences."""

    title: Title = Field(description="Intitulé du domaine.")
    competences: list[Competence] = Field(min_length=1, description="Compétences du domaine.")


class SelfAssessment(Entity):
    """La grille d'autopositionnement d'une formation (page « autopositionnement »)."""

    title: Title = Field(description="Titre de la page.")
    intro: Markdown = Field(description="Introduction (Markdown).")
    levels: list[Title] = Field(
        min_length=2, max_length=8, description="Niveaux de l'échelle, du plus bas au plus haut."
    )
    areas: list[CompetenceArea] = Field(min_length=1, description="Domaines de compétences.")
    sources: list[Source] = Field(min_length=1, description="Sources du référentiel.")


class Course(Entity):
    """Une formation (mooc/COURSE/course.yml)."""

    title: Title = Field(description="Titre de la formation.")
    audience: Audience = Field(description="Public : companies (entreprises) ou teams (équipes).")
    modality: CourseModality = Field(description="online (en ligne) ou hybrid (hybride).")
    summary: Summary = Field(description="Résumé en texte simple.")
    description: Markdown = Field(description="Présentation (Markdown).")
    total_hours: StrictFloat | StrictInt | None = Field(
        default=None, gt=0, description="Durée totale en heures ; égale à la somme des leçons."
    )
    modules: list[Module] = Field(min_length=1, description="Modules, dans l'ordre.")
    week_planner: WeekPlanner | None = Field(
        default=None, description="Planificateur de la semaine d'observation (facultatif)."
    )
    self_assessment: SelfAssessment | None = Field(
        default=None, description="Grille d'autopositionnement (facultative)."
    )
    review: Review | None = Field(default=None, description=REVIEW_DESCRIPTION)


class Activity(Entity):
    """Une activité d'une leçon."""

    kind: ActivityKind = Field(
        description="reading (lecture), video, exercise, workshop (atelier), peer-exchange "
        "(échange entre pairs), self-assessment (autopositionnement), case-study (étude de cas)."
    )
    title: Title = Field(description="Titre de l'activité.")
    instructions: Markdown = Field(description="Consignes (Markdown).")
    duration_minutes: StrictInt = Field(gt=0, le=600, description="Durée en minutes.")


class Choice(Entity):
    """Un choix de réponse."""

    text: Text = Field(description="Texte du choix.")
    correct: StrictBool = Field(description="true si ce choix est juste.")
    feedback: Text = Field(description="Retour affiché après vérification.")


class Question(Entity):
    """Une question de quiz à choix."""

    question: Text = Field(description="L'énoncé.")
    choices: list[Choice] = Field(description="Au moins deux choix, dont un juste.")
    explanation: Markdown | None = Field(default=None, description="Explication (Markdown).")

    @model_validator(mode="after")
    def _answerable(self) -> Question:
        if len(self.choices) < 2:
            raise messages.QUESTION_CHOICES.error()
        if not any(choice.correct for choice in self.choices):
            raise messages.QUESTION_NO_ANSWER.error()
        return self


class Lesson(Entity):
    """Une leçon (mooc/COURSE/lessons/ID.yml)."""

    title: Title = Field(description="Titre de la leçon.")
    duration_minutes: StrictInt = Field(gt=0, le=600, description="Durée en minutes.")
    modality: LessonModality = Field(description="distance ou on-site (présentiel).")
    objectives: list[Text] = Field(min_length=1, description="Objectifs (au moins un).")
    body: Markdown = Field(description="Contenu de la leçon (Markdown).")
    activities: list[Activity] = Field(default_factory=list, description="Activités, dans l'ordre.")
    quiz: list[Question] = Field(default_factory=list, description="Questions de quiz.")
    key_points: list[Text] = Field(default_factory=list, description="À retenir.")
    resources: list[Resource] = Field(default_factory=list, description="Ressources utiles.")
    sources: list[Source] = Field(default_factory=list, description="Sources des informations.")
    review: Review | None = Field(default=None, description=REVIEW_DESCRIPTION)


# --------------------------------------------------------------------------- editions

EMAIL_PATTERN = r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$"
PHONE_PATTERN = r"^\+?[0-9][0-9 .]{6,20}[0-9]$"

Email = Annotated[
    str,
    StringConstraints(max_length=200),
    _checked(_full(EMAIL_PATTERN), messages.EMAIL_INVALID),
    Field(json_schema_extra={"pattern": EMAIL_PATTERN}),
]
Phone = Annotated[
    str,
    StringConstraints(max_length=30),
    _checked(_full(PHONE_PATTERN), messages.PHONE_INVALID),
    Field(json_schema_extra={"pattern": PHONE_PATTERN}),
]


class LocalContact(Entity):
    """Le service local qui répond pour un rôle : un service, jamais une personne nommée."""

    service: Title = Field(description="Nom du service (pôle de stages du bassin de Tours…).")
    email: Email | None = Field(
        default=None, description="Adresse électronique fonctionnelle du service."
    )
    phone: Phone | None = Field(
        default=None, description="Téléphone du service (entre guillemets)."
    )
    url: Url | None = Field(default=None, description="Page du service sur le site académique.")
    note: Markdown | None = Field(
        default=None, description="Précision utile : horaires, démarche (Markdown)."
    )

    @model_validator(mode="after")
    def _reachable(self) -> LocalContact:
        if self.email is None and self.phone is None and self.url is None:
            raise messages.CONTACT_UNREACHABLE.error()
        return self


class Hidden(Entity):
    """Les contenus de la base que l'édition ne publie pas (identifiants)."""

    actions: list[Id] = Field(default_factory=list, description="Actions à masquer.")
    partners: list[Id] = Field(default_factory=list, description="Partenaires à masquer.")


class Legal(Entity):
    """Les mentions légales de l'édition : l'éditeur et l'hébergeur du site."""

    publisher: Text = Field(description="Éditeur du site (le rectorat de l'académie…).")
    director: Text = Field(
        description="Directeur ou directrice de la publication : une fonction, pas un nom."
    )
    host: Text = Field(description="Hébergeur : nom et adresse.")
    contact: Email | None = Field(
        default=None, description="Adresse fonctionnelle pour écrire à l'éditeur."
    )


class Edition(Entity):
    """Une édition académique (edition.yml) : le contenu national et une couche locale."""

    title: Title = Field(description="Nom du site de cette édition.")
    academy: Academy = Field(description="Identifiant de l'académie (orleans-tours…).")
    base: Annotated[str, StringConstraints(min_length=1, max_length=300), ONE_LINE] | None = Field(
        default=None,
        description="« national » (le contenu livré avec l'outil) ou le chemin relatif d'un "
        "autre dossier de contenu ; absent : pas de base.",
    )
    hide: Hidden = Field(default_factory=Hidden, description="Contenus de la base non publiés.")
    contacts: dict[Id, list[LocalContact]] = Field(
        default_factory=dict,
        description="Pour chaque rôle (identifiant d'interlocuteur), ses services locaux.",
    )
    legal: Legal | None = Field(
        default=None, description="Mentions légales ; sans elles, l'édition n'est pas publiable."
    )
    forge: Url | None = Field(
        default=None,
        description="Adresse du projet GitLab de ces contenus : liens « Modifier » (dans "
        "l'aperçu) et « Signaler un problème » (tickets).",
    )
    accessibility_date: datetime.date | None = Field(
        default=None,
        description="Date où la déclaration d'accessibilité du site a été établie "
        "(AAAA-MM-JJ) ; absente : celle de la déclaration nationale.",
    )
    site_url: Url | None = Field(
        default=None,
        description="Adresse où le site de l'édition est publié (https://…/) : page 404, plan "
        "du site et liens des paquets des formations ; passerelles build --site-url la "
        "remplace (les fichiers de CI y mettent l'adresse de GitLab ou GitHub Pages).",
    )


class Publication(Entity):
    """Le site d'un contenu sans édition, le site national (publication.yml)."""

    title: Title | None = Field(default=None, description="Nom du site.")
    legal: Legal | None = Field(
        default=None, description="Mentions légales ; sans elles, le site n'est pas publiable."
    )
    forge: Url | None = Field(
        default=None,
        description="Adresse du projet GitLab de ces contenus : liens « Modifier » (dans "
        "l'aperçu) et « Signaler un problème » (tickets).",
    )
    accessibility_date: datetime.date | None = Field(
        default=None,
        description="Date où la déclaration d'accessibilité du site a été établie "
        "(AAAA-MM-JJ) ; absente : celle de la déclaration nationale.",
    )
