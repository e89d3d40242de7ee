"""Every message is declared once, with a stable code, its cause and its fix, and each
declared message is used by the code that prints it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.diagnostics import messages

PACKAGE = Path(__file__).resolve().parents[2] / "generator"
SOURCES = "\n".join(p.read_text("utf-8") for p in PACKAGE.rglob("*.py") if p.name != "messages.py")
NAMES = {
    name: value for name, value in vars(messages).items() if isinstance(value, messages.Message)
}


def test_codes_are_stable_words_and_unique() -> None:
    assert len(messages.MESSAGES) == len(NAMES) > 80
    for code, message in messages.MESSAGES.items():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code), code
        assert message.code == code


@pytest.mark.parametrize("name", sorted(NAMES))
def test_each_message_says_its_cause_and_fix_and_is_used(name: str) -> None:
    message = NAMES[name]
    assert message.cause.strip() and message.fix.strip()
    assert message.family in messages.FAMILIES
    assert re.search(rf"\b{name}\b", SOURCES), f"{name} n'est utilisé nulle part"


def test_find_tells_a_declared_message_from_another_text() -> None:
    printed = messages.YAML_DUPLICATE_KEY(key="side", line=2)
    assert messages.find(printed) is messages.YAML_DUPLICATE_KEY
    assert messages.find("quelque chose que le code écrirait lui-même") is None
