"""The catalogue of each kit: its page, the cards, the facets of the filters."""

from __future__ import annotations

from collections import Counter
from typing import Any

from markdown_it import MarkdownIt

from generator.check.catalog import Catalog
from generator.format import kinds, labels
from generator.format.models import Action
from generator.plan import cards_data
from generator.plan.origin import origin_mark
from generator.plan.pages import Page
from generator.plan.paths import KIT_SLUGS, action_path, contacts_path, kit_path
from generator.plan.review import review_entry
from generator.plan.text import fold, plain_text

# Where « Voir les N actions » leads: the heading of the catalogue.
CATALOGUE_ANCHOR = "catalogue"

# The way back from an action page: a link to the kit page ending with
# `#depuis-une-action` brings back the reader's filters and place (catalogue.js keeps them
# per tab, and ends so the links of class `pa-back-to-kit`, the action pages' « Retour au
# kit »); without JavaScript the fragment still lands on the list of actions. The partner
# directory answers the same fragment.
BACK_FRAGMENT = "depuis-une-action"

# How many cards a kit page sends in its HTML, and each further page of its catalogue
# for readers without JavaScript (« Page suivante »): on a phone, the first screen shows
# two or three cards, and 20 cards weigh about 12 kB of HTML, so the kit page weighs the
# same at 100 actions as at 5,000 (it was 1 MB at 1,000 and 5.2 MB at 5,000 when it held
# them all). The rest of the catalogue comes on demand (generator/plan/cards_data.py), as many
# cards at a time behind « Afficher plus ».
PAGE_SIZE = 20

# The real length of an action, in hours of a school day. A day counts 8 hours (a day of
# lessons or in a workplace, 8 h to 17 h less the lunch break), a week 5 days, a month 4
# weeks and a school year 36 weeks.
_HOURS_PER_UNIT = {"hour": 1, "day": 8, "week": 40, "month": 160, "year": 1440}

# What a teacher or a tutor means by each « Durée » choice (labels.DURATION_BUCKETS),
# as the longest length each takes in (hours, included):
# - « Quelques heures »: up to a half-day (4 h), an hour in class or a half-day visit,
#   planned inside the timetable;
# - « Une journée »: up to a full day (8 h), a day out of the timetable, or a day's worth
#   of sessions such as the 8 hours of preparation for the stage;
# - « Quelques jours à deux semaines »: up to 10 days (80 h), the observation stages and
#   the thematic weeks;
# - « Un à quelques mois »: under 6 months, a project over a term or two;
# - « Sur l'année scolaire »: 6 months or more.
_DURATION_LIMITS = (("hours", 4), ("day", 8), ("weeks", 80), ("months", 6 * 160 - 1))


def action_hours(action: Action) -> float:
    """An action's real length, in hours of a school day."""
    return action.duration.value * _HOURS_PER_UNIT[action.duration.unit]


def duration_bucket(action: Action) -> str:
    """Which « durée » filter an action falls in, by its real length."""
    hours = action_hours(action)
    for bucket, limit in _DURATION_LIMITS:
        if hours <= limit:
            return bucket
    return "year"


def facet(counts: Counter[str], names: dict[str, str], total: int | None) -> list[dict[str, Any]]:
    """The options of one filter: the values some items have, with their counts. A value
    that all `total` items have filters nothing, so it is not offered (`total=None` keeps
    it: a select that an edition of the site may preselect)."""
    return [
        {"value": key, "label": label, "count": counts[key]}
        for key, label in names.items()
        if counts[key] > 0 and (total is None or counts[key] < total)
    ]


def card_summary(action: Action, kit: str) -> str:
    """The summary the readers of `kit` see: their own, else the common one."""
    view = action.view(kit)
    return (view.summary if view is not None else None) or action.summary


def card_facts(action: Action) -> str:
    """The card's one line of facts: format · niveaux (or its public) · objectifs · durée
    · période (when the action says when)."""
    public = (
        ", ".join(labels.LEVELS[lv] for lv in action.levels)
        if action.participants == "pupils"
        else labels.PARTICIPANTS[action.participants]
    )
    return " · ".join(
        [
            labels.FORMATS[action.format],
            public,
            ", ".join(labels.OBJECTIVES_SHORT[o] for o in action.objectives),
            labels.duration(action.duration.value, action.duration.unit),
            *([labels.PERIODS[action.period]] if action.period else []),
        ]
    )


def period_terms(action: Action) -> str:
    """What the « Période » filter compares: the term of the action's period, « * »
    (every term) for an action that takes place at any time, nothing when unsaid."""
    if action.period is None:
        return ""
    return "*" if action.period == "anytime" else labels.PERIOD_TERM[action.period]


def _catalogue_entry(catalog: Catalog, kit: str, aid: str, action: Action) -> dict[str, Any]:
    view = action.view(kit)
    summary = card_summary(action, kit)
    return {
        "id": aid,
        "title": action.title,
        "origin": origin_mark(catalog, kinds.ACTION, aid),
        "summary": summary,
        "facts": card_facts(action),
        "path": action_path(kit, aid),
        # The card's data-* attributes, which the filters read (catalogue.js): its facets,
        # its length in hours, its folded title and what the text filter reads (what the
        # card shows, and the reader's role).
        "data": {
            "id": aid,
            "format": action.format,
            "participants": action.participants,
            "levels": " ".join(action.levels),
            "objectives": " ".join(action.objectives),
            "duration": duration_bucket(action),
            "period": period_terms(action),
            "hours": f"{action_hours(action):g}",
            "title": fold(action.title),
            "search": fold(
                " ".join([action.title, summary, plain_text(view.role) if view else ""])
            ),
        },
    }


# The filters of a kit's catalogue, in the order a reader asks (who it is for first):
# (name in the URL, card attribute it compares, legend).
FILTER_GROUPS = (
    ("participants", "participants", "Public"),
    ("level", "levels", "Niveau"),
    ("duration", "duration", "Durée"),
    ("period", "period", "Période"),
    ("format", "format", "Format"),
    ("objective", "objectives", "Objectif"),
)


# The orders of a kit's catalogue (`?tri=` in the URL; the first is the default and the
# order of the page without JavaScript). A text filter ranks first the cards that answer
# it best, in this order among equals.
SORTS = {"titre": "Titre, de A à Z", "duree": "Durée, de la plus courte à la plus longue"}


def _facets(entries: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    # Every value a card shows is offered, even one that every card has: a facet that
    # hides « Découvrir » while each card says it leaves the reader wondering.
    total = None
    data = [e["data"] for e in entries]
    terms = Counter(t for d in data for t in labels.TERMS if d["period"] in (t, "*"))
    return {
        "period": facet(terms, labels.TERMS, total),
        "level": facet(
            Counter(lv for d in data for lv in d["levels"].split()), labels.LEVELS, total
        ),
        "duration": facet(Counter(d["duration"] for d in data), labels.DURATION_BUCKETS, total),
        "format": facet(Counter(d["format"] for d in data), labels.FORMATS, total),
        "objective": facet(
            Counter(o for d in data for o in d["objectives"].split()),
            labels.OBJECTIVES_SHORT,
            total,
        ),
        "participants": facet(Counter(d["participants"] for d in data), labels.PARTICIPANTS, total),
    }


_BLOCKS = MarkdownIt("commonmark")


def split_lede(markdown: str) -> tuple[str, str]:
    """The first paragraph of a Markdown text, shown at once, and the rest, folded."""
    tokens = _BLOCKS.parse(markdown)
    if not tokens or tokens[0].type != "paragraph_open" or tokens[0].map is None:
        return "", markdown
    lines = markdown.splitlines()
    end = tokens[0].map[1]
    return "\n".join(lines[:end]).strip(), "\n".join(lines[end:]).strip()


def sort_key(title: str) -> str:
    """Cards in the order of their titles, as a French reader sorts them: accents and
    capitals do not count (« Étaler » between « Entreprendre » and « Forum »)."""
    return fold(title)


def cards_path(kit: str) -> str:
    """The data file of a kit's whole catalogue, next to its page."""
    return f"{KIT_SLUGS[kit]}/{cards_data.FILE_NAME}"


def more_path(kit: str, number: int) -> str:
    """Page `number` (2, 3…) of a kit's catalogue, for readers without JavaScript."""
    return f"{KIT_SLUGS[kit]}/page-{number}.md"


def catalogue_entries(catalog: Catalog, kit: str) -> list[dict[str, Any]]:
    """Every card of a kit's catalogue, in the page's order (titles, A to Z)."""
    actions = catalog.actions_in_kit(kit)
    entries = [_catalogue_entry(catalog, kit, aid, a) for aid, a in actions.items()]
    entries.sort(key=lambda e: (sort_key(e["title"]), e["id"]))
    return entries


def _pages_nav(kit: str, number: int, count: int) -> dict[str, Any]:
    """Where « Page précédente » and « Page suivante » lead from page `number` of `count`."""

    def path(n: int) -> str:
        return kit_path(kit) if n == 1 else more_path(kit, n)

    return {
        "number": number,
        "count": count,
        "previous": path(number - 1) if number > 1 else None,
        "next": path(number + 1) if number < count else None,
    }


def cards_file(catalog: Catalog, kit: str) -> tuple[str, bytes]:
    """The data file of a kit's catalogue: every card, in the page's order, with what
    catalogue.js writes of it (the link is made from the first card's, which the page's
    links show in the site's form of addresses)."""
    cards = [
        {k: e[k] for k in ("title", "origin", "summary", "facts", "data")}
        for e in catalogue_entries(catalog, kit)
    ]
    return cards_path(kit), cards_data.script(kit, {"cards": cards})


def kit_pages(catalog: Catalog, kit: str) -> list[Page]:
    """A kit's page, with its first cards, then the further pages of its catalogue."""
    entries = catalogue_entries(catalog, kit)
    count = max(1, -(-len(entries) // PAGE_SIZE))
    model = catalog.kits[kit]
    pages = [kit_page(catalog, kit, entries, count)]
    for number in range(2, count + 1):
        start = (number - 1) * PAGE_SIZE
        pages.append(
            Page(
                path=more_path(kit, number),
                template="kit_more.md.j2",
                title=f"{model.title} : actions, page {number} sur {count}",
                source=catalog.source(kinds.KIT, kit),
                context={
                    "kit": model,
                    "kit_path": kit_path(kit),
                    "entries": entries[start : start + PAGE_SIZE],
                    "first": start + 1,
                    "total": len(entries),
                    "pages": _pages_nav(kit, number, count),
                },
                kit=kit,
                search={"exclude": True},
            )
        )
    return pages


def kit_page(catalog: Catalog, kit: str, entries: list[dict[str, Any]], count: int) -> Page:
    other = "companies" if kit == "teams" else "teams"
    model = catalog.kits[kit]
    lede, more = split_lede(model.intro)
    return Page(
        path=kit_path(kit),
        template="kit.md.j2",
        title=model.title,
        source=catalog.source(kinds.KIT, kit),
        context={
            "kit": model,
            "kit_name": kit,
            "audience": labels.KIT_AUDIENCE[kit],
            "lede": lede,
            "more": more,
            "total": len(entries),
            "entries": entries[:PAGE_SIZE],
            "page_size": PAGE_SIZE,
            "pages": _pages_nav(kit, 1, count),
            "cards": cards_path(kit),
            "groups": FILTER_GROUPS,
            "sort": SORTS,
            "facets": _facets(entries),
            "catalogue_anchor": CATALOGUE_ANCHOR,
            "back_anchor": BACK_FRAGMENT,
            "other_kit": {"title": catalog.kits[other].title, "path": kit_path(other)},
            "contacts_path": contacts_path(kit),
            "review": review_entry(model.review),
        },
        description=model.title,
        kit=kit,
    )
