"""The partner directory and each partner's page."""

from __future__ import annotations

from collections import Counter
from typing import Any, TypedDict

from generator.check.catalog import Catalog
from generator.format import kinds, labels
from generator.format.models import Partner
from generator.plan.actions import ActionEntry, action_entries, reverse_index
from generator.plan.catalogue import BACK_FRAGMENT, facet
from generator.plan.origin import origin_mark
from generator.plan.pages import Page
from generator.plan.paths import PARTNERS_PATH, partner_path
from generator.plan.review import ReviewEntry, review_entry

# The directory's filters: (name in the URL, card attribute it compares, legend). The
# académie is a select of its own (a partner of national scale works in all of them).
FILTER_GROUPS = (("kind", "kind", "Type"), ("scope", "scope", "Zone d'action"))


class PartnerContext(TypedDict):
    partner: Partner
    kind_label: str
    scope_label: str
    scope_text: str
    academy_labels: list[str]
    actions: list[ActionEntry]
    partners_path: str
    origin: str | None
    review: ReviewEntry | None


def scope_text(scope: str) -> str:
    """Where a partner acts, inside a sentence: « dans toute la France » (the label's
    first letter only in lower case: a Jinja `lower` would write « france »)."""
    label = labels.SCOPES[scope]
    return label[:1].lower() + label[1:]


def partner_pages(catalog: Catalog, academy: str | None = None) -> list[Page]:
    """The directory and each partner's page. `academy` preselects the directory's
    académie filter (an académie's edition of the site)."""
    entries = []
    pages = []
    by_partner = reverse_index(catalog).by_partner
    for pid, partner in catalog.partners.items():
        actions = action_entries(catalog, {aid: [] for aid in by_partner.get(pid, [])})
        academies = [labels.ACADEMIES[a] for a in partner.academies]
        origin = origin_mark(catalog, kinds.PARTNER, pid)
        entries.append(
            {
                "id": pid,
                "origin": origin,
                "name": partner.name,
                "acronym": partner.acronym,
                "kind": partner.kind,
                "kind_label": labels.PARTNER_KINDS[partner.kind],
                "scope": partner.scope,
                "scope_label": labels.SCOPES[partner.scope],
                "scope_text": scope_text(partner.scope),
                "academies": list(partner.academies),
                "academy_labels": academies,
                # What the académie filter compares: a national partner works in all of them.
                "academy_filter": ["*"] if partner.scope == "national" else list(partner.academies),
                "path": partner_path(pid),
                "action_count": len(actions),
            }
        )
        pages.append(
            Page(
                path=partner_path(pid),
                template="partner.md.j2",
                title=partner.name,
                source=catalog.source(kinds.PARTNER, pid),
                context=PartnerContext(
                    partner=partner,
                    kind_label=labels.PARTNER_KINDS[partner.kind],
                    scope_label=labels.SCOPES[partner.scope],
                    scope_text=scope_text(partner.scope),
                    academy_labels=academies,
                    actions=actions,
                    partners_path=PARTNERS_PATH,
                    origin=origin,
                    review=review_entry(partner.review),
                ),
                description=partner.name,
            )
        )
    return [_directory(entries, academy), *pages]


def _directory(entries: list[dict[str, Any]], academy: str | None) -> Page:
    total = len(entries)
    facets = {
        "kind": facet(Counter(str(e["kind"]) for e in entries), labels.PARTNER_KINDS, total),
        "scope": facet(Counter(str(e["scope"]) for e in entries), labels.SCOPES, total),
        "academy": facet(_academy_counts(entries), labels.ACADEMIES, None),
    }
    return Page(
        path=PARTNERS_PATH,
        template="partners.md.j2",
        title="Partenaires",
        source=None,
        context={
            "entries": entries,
            "groups": FILTER_GROUPS,
            "facets": facets,
            "selected_academy": academy or "",
            "back_anchor": BACK_FRAGMENT,
        },
        description="Les organisations qui aident écoles et entreprises à travailler ensemble.",
    )


def _academy_counts(entries: list[dict[str, Any]]) -> Counter[str]:
    """Partners the directory shows for each académie: its own, and the national ones."""
    national = sum(1 for e in entries if e["academy_filter"] == ["*"])
    counts = Counter(a for e in entries for a in e["academy_filter"] if a != "*")
    return Counter({a: counts[a] + national for a in labels.ACADEMIES})
