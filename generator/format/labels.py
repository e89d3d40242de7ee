"""French labels for the format's enumerations: what readers see."""

from __future__ import annotations

from generator.format.academies import academies
from generator.format.folding import fold, singular

KIT_AUDIENCE = {"teams": "équipes éducatives", "companies": "entreprises"}

FORMATS = {"visit": "Visite", "meeting": "Rencontre", "internship": "Stage", "project": "Projet"}
FORMATS_PLURAL = {
    "visit": "Visites",
    "meeting": "Rencontres",
    "internship": "Stages",
    "project": "Projets",
}
LEVELS = {
    "6e": "6e",
    "5e": "5e",
    "4e": "4e",
    "3e": "3e",
    "2de": "2de",
    "1re": "1re",
    "tle": "Terminale",
}
OBJECTIVES = {
    "discover": "Découvrir le monde économique et professionnel",
    "initiative": "Développer l'engagement et l'initiative",
    "orientation": "Construire son projet d'orientation",
}
OBJECTIVES_SHORT = {
    "discover": "Découvrir",
    "initiative": "Entreprendre",
    "orientation": "S'orienter",
}
STEPS = {
    "prepare": "Préparer",
    "supervise": "Encadrer",
    "lead": "Animer",
    "follow_up": "Mettre à profit",
}
UNITS = {
    "hour": ("heure", "heures"),
    "day": ("jour", "jours"),
    "week": ("semaine", "semaines"),
    "month": ("mois", "mois"),
    "year": ("an", "ans"),
}
# The « Durée » filter of the catalogues, shortest first (plan/catalogue.py files each
# action in one of them by its real length).
DURATION_BUCKETS = {
    "hours": "Quelques heures",
    "day": "Une journée",
    "weeks": "Quelques jours à deux semaines",
    "months": "Un à quelques mois",
    "year": "Sur l'année scolaire",
}
# The period of an action as its card says it, and the term each period falls in
# (the « Période » filter: « à tout moment » matches every term).
PERIODS = {
    "anytime": "À tout moment",
    "term1": "Au premier trimestre",
    "term2": "Au deuxième trimestre",
    "term3": "Au troisième trimestre",
    "september": "En septembre",
    "october": "En octobre",
    "november": "En novembre",
    "december": "En décembre",
    "january": "En janvier",
    "february": "En février",
    "march": "En mars",
    "april": "En avril",
    "may": "En mai",
    "june": "En juin",
}
TERMS = {
    "term1": "Premier trimestre (septembre à décembre)",
    "term2": "Deuxième trimestre (janvier à mars)",
    "term3": "Troisième trimestre (avril à juin)",
}
PERIOD_TERM = {
    "term1": "term1",
    "term2": "term2",
    "term3": "term3",
    **dict.fromkeys(("september", "october", "november", "december"), "term1"),
    **dict.fromkeys(("january", "february", "march"), "term2"),
    **dict.fromkeys(("april", "may", "june"), "term3"),
}
RESOURCE_KINDS = {
    "guide": "Guide",
    "template": "Modèle",
    "video": "Vidéo",
    "legal": "Texte officiel",
    "website": "Site",
    "course": "Formation",
}
PARTNER_KINDS = {
    "association": "Association",
    "public-body": "Organisme public",
    "network": "Réseau",
    "professional-body": "Organisation professionnelle",
    "company": "Entreprise",
}
# Where a partner acts (not its nature: the CLEE are local committees found everywhere).
SCOPES = {
    "national": "Dans toute la France",
    "academy": "Dans une ou plusieurs académies",
    "local": "Localement",
}
SIDES = {"school": "École", "company": "Entreprise", "intermediary": "Intermédiaire"}
# Beside a step, the roles that act with the readers of a kit (their own side, in their own
# establishment or company), apart from whom they contact.
ACTING = {
    "teams": "Qui agit, dans votre établissement",
    "companies": "Qui agit, dans votre entreprise",
}
ROLE_LEVELS = {
    "school": "Établissement",
    "basin": "Bassin",
    "academy": "Académie",
    "national": "National",
}
PARTICIPANTS = {"pupils": "Pour les élèves", "staff": "Pour les personnels"}
AUDIENCES = {"companies": "Entreprises et tuteurs", "teams": "Équipes éducatives"}
COURSE_MODALITIES = {"online": "En ligne", "hybrid": "Hybride"}
# Words readers type to find a course, whatever its text says (search keywords).
COURSE_SEARCH_KEYWORDS = ("MOOC", "formation en ligne")
# ... and by the platform its readers take it on: the teams' course is the M@gistère
# module of measure 9 (« magistere » finds it before the tutors' course, issue 29).
COURSE_AUDIENCE_KEYWORDS = {"teams": ("M@gistère",), "companies": ()}
LESSON_MODALITIES = {"distance": "À distance", "on-site": "Présentiel"}
ACTIVITY_KINDS = {
    "reading": "Lecture",
    "video": "Vidéo",
    "exercise": "Exercice",
    "workshop": "Atelier",
    "peer-exchange": "Échange entre pairs",
    "self-assessment": "Autopositionnement",
    "case-study": "Étude de cas",
}
# The académies' names come with their other details from data/academies.yml.
ACADEMIES = {ident: academy.name for ident, academy in academies().items()}


def number(value: float) -> str:
    """A number the French way: 0,5 — 2 — 1,25."""
    return f"{round(value, 2):g}".replace(".", ",")


def duration(value: float, unit: str) -> str:
    singular, plural = UNITS[unit]
    return f"{number(value)} {singular if value <= 1 else plural}"


def minutes(total: int) -> str:
    """« 45 min », « 1 h », « 2 h 30 »."""
    hours, rest = divmod(total, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" + (f" {rest:02d}" if rest else "")


# French words editors write for a code, besides its labels above (« 4ème » → 4e is the
# ordinal rule of `_folded`, not a word here).
_FRENCH_WORDS = {
    "2de": ("seconde", "2nde"),
    "1re": ("premiere", "1ere"),
    "discover": ("decouverte",),
    "orientation": ("s orienter",),
    "initiative": ("entreprendre", "engagement"),
    "year": ("annee",),
    "pupils": ("eleves",),
    "staff": ("personnels", "enseignants"),
    "on-site": ("presentiel",),
    "distance": ("a distance",),
}


def _folded(text: str) -> str:
    """Folded, in the singular, « 4ème » / « 4eme » / « 4è » → « 4e »."""
    words = []
    for word in fold(text).replace("'", " ").split():
        for ending in ("ieme", "eme", "ere"):
            if word[:1].isdigit() and word.endswith(ending):
                word = word[: -len(ending)] + ("re" if ending == "ere" else "e")
        words.append(singular(word))
    return " ".join(words)


def _french_names() -> dict[str, set[str]]:
    """Each code of the format's enumerations → the French names of it, folded."""
    names: dict[str, set[str]] = {}
    tables = (
        FORMATS, FORMATS_PLURAL, LEVELS, OBJECTIVES_SHORT, RESOURCE_KINDS, PARTNER_KINDS,
        SIDES, ROLE_LEVELS, COURSE_MODALITIES, LESSON_MODALITIES, ACTIVITY_KINDS,
    )  # fmt: skip
    for table in tables:
        for code, label in table.items():
            names.setdefault(code, set()).add(_folded(label))
    for code, forms in UNITS.items():
        names.setdefault(code, set()).update(_folded(form) for form in forms)
    for code, words in _FRENCH_WORDS.items():
        names.setdefault(code, set()).update(_folded(word) for word in words)
    return names


def french_code(value: object, allowed: list[str]) -> str | None:
    """The code among `allowed` that the French `value` names (« visite » → visit,
    « heures » → hour, « 4ème » → 4e, « élèves » → pupils), if exactly one does."""
    if not isinstance(value, str) or not value.strip():
        return None
    folded = _folded(value)
    names = _french_names()
    found = [code for code in allowed if folded == _folded(code) or folded in names.get(code, ())]
    return found[0] if len(found) == 1 else None
