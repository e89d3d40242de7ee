"""The rule every content id follows: it is a file name and a page address."""

from __future__ import annotations

import re

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_MAX_LENGTH = 80
_ID = re.compile(ID_PATTERN)


def is_valid_id(value: str) -> bool:
    return len(value) <= ID_MAX_LENGTH and bool(_ID.fullmatch(value))
