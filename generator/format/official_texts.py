"""The official texts the content relies on (circulars, decrees, articles of a code), each
with its publication or version date and whether it is still in force.

Read from `data/official_texts.yml`, shipped with the package. A content file names the
texts it was checked against in `review.texts`; validation refuses an unknown id, and
`passerelles review` reports the files relying on a text marked replaced.
"""

from __future__ import annotations

import datetime
import functools
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from generator.format.ids import is_valid_id
from generator.run import bundle

DATA = bundle.data_file("official_texts.yml")
# Where editors find the list, as messages name it.
WHERE = "generator/data/official_texts.yml"


class OfficialText(BaseModel):
    """One official text: what it is called, where it is read, when, and whether in force."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    title: Annotated[str, StringConstraints(min_length=1, max_length=300)]
    url: Annotated[str, StringConstraints(pattern=r"^https://[^\s<>\"]+$", max_length=500)]
    date: datetime.date
    status: Literal["in-force", "replaced"]
    replaced_by: str | None = Field(default=None)

    @model_validator(mode="after")
    def _replacement_only_when_replaced(self) -> OfficialText:
        if self.replaced_by is not None and self.status != "replaced":
            raise ValueError("replaced_by is given only for a replaced text")
        return self

    @property
    def replaced(self) -> bool:
        return self.status == "replaced"


def read_texts(path: Path) -> dict[str, OfficialText]:
    """The list of `path`, checked: valid ids, and each `replaced_by` a text of the list."""
    data = yaml.safe_load(path.read_text("utf-8")) or {}
    texts = {str(ident): OfficialText.model_validate(entry) for ident, entry in data.items()}
    for ident, text in texts.items():
        if not is_valid_id(ident):
            raise ValueError(f"{path}: invalid id {ident!r}")
        if text.replaced_by is not None and text.replaced_by not in texts:
            raise ValueError(f"{path}: {ident} replaced by unknown {text.replaced_by!r}")
    return texts


@functools.cache
def official_texts() -> dict[str, OfficialText]:
    """The texts shipped with the tool."""
    return read_texts(DATA)


def same_address(url: str) -> str:
    """What two addresses of one page share: the host without « www. », the path without
    a trailing « / », the query; neither the scheme nor the fragment."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{parts.path.rstrip('/')}{query}"
