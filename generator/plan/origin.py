"""Where an entity comes from, as a reader sees it: « Académie d'Orléans-Tours » on what
an edition adds to the national content."""

from __future__ import annotations

from generator.check.catalog import NATIONAL, Catalog
from generator.format.academies import academy_name
from generator.format.kinds import Kind


def origin_mark(catalog: Catalog, kind: Kind, ident: str) -> str | None:
    """« Académie de … » for an entity of an académie's own layer; None for national ones."""
    origin = catalog.origin(kind, ident)
    return None if origin == NATIONAL else f"Académie {academy_name(origin, of=True)}"
