"""The hostile corpus, generated per field: every string value of every content file
(models, edition.yml, publication.yml) receives each payload; `validate` refuses it at
its line, or the whole build (site, offline copy, course packages) ends with an output
scan that finds nothing. No field is listed here: the values are read from the fixture
files, and a test checks that every string field of the format has a value there, so a
new field joins the corpus as soon as a fixture gives it one.

Default: a fixed seed and a few rounds (CI). Longer: PASSERELLES_HOSTILE_ROUNDS=12 runs
every base payload and payloads that hypothesis derives from them (README, « Tests »).
"""

from __future__ import annotations

import os
import random
import re
import shutil
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel
from support import FIXTURES, run_build

from generator.check.validate import validate_all
from generator.diagnostics.errors import ContentError
from generator.format import kinds
from generator.format.models import Edition, Publication

pytestmark = pytest.mark.slow

BASE_PAYLOADS = (
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "x](javascript:alert(1)){onfocus=alert(1) autofocus}",
    "https://example.org/x){: onfocus=alert(1) autofocus }",
    "    <svg/onload=alert(1)>",
    "\t<b onmouseover=alert(1)>x</b>",
    "```\n</code><script>alert(1)</script>\n```",
    "[x](JaVaScRiPt&#58;alert(1))",
    "[x](&#106;avascript:alert(1))",
    "<a href='jav&#x09;ascript:alert(1)'>x</a>",
    'titre\r=HYPERLINK("https://example.org")',
    "ligne\u2028<script>alert(1)</script>",
    '"><script>alert(1)</script>',
    "{{ config }}{% raw %}<x onclick=alert(1)>",
    "\u0000\u001b[31m<script>",
    "=cmd|' /C calc'!A0",
)
ROUNDS = int(os.environ.get("PASSERELLES_HOSTILE_ROUNDS", "3"))
SEED = 2024  # fixed: a failure in CI is the same failure on a laptop


def derived(rng: random.Random, payload: str) -> str:
    """A variant a filter might miss: case mixed, a character entity-encoded, spaces."""
    choice = rng.randrange(4)
    if choice == 0:
        return "".join(c.upper() if rng.random() < 0.5 else c for c in payload)
    if choice == 1:
        i = rng.randrange(len(payload))
        return payload[:i] + f"&#{ord(payload[i])};" + payload[i + 1 :]
    if choice == 2:
        return "  " + payload.replace(" ", "\t", 1)
    return payload + "\n\n" + payload


def payloads_of_round(number: int) -> tuple[str, ...]:
    """The payloads one round gives to the fields, one each, in turn."""
    rng = random.Random(SEED + number)
    base = list(BASE_PAYLOADS)
    rng.shuffle(base)
    return tuple(base if number < len(BASE_PAYLOADS) // 4 else [derived(rng, p) for p in base])


# ----------------------------------------------------------------------------- the tree

SAMPLES = """  samples:
    - title: un atelier
      days:
        - {day: lundi, service: Atelier, person: Tutrice ou tuteur, activity: Visite, start: "09:00", break_start: "12:00", break_end: "13:00", end: "16:00"}
"""
EDITION = """title: Édition de test
academy: toulouse
base: ..
hide:
  actions: [mini-entreprise]
  partners: []
contacts:
  referent-bassin:
    - service: Pôle de stages du bassin
      email: pole-stages@example.fr
      phone: "02 00 00 00 01"
      url: https://example.org/pole
      note: Accueil le mercredi après-midi
forge: https://example.org/forge
site_url: https://example.org/edition/
legal:
  publisher: Rectorat de l'académie
  director: La rectrice de l'académie
  host: Hébergeur, adresse
  contact: contact@example.fr
"""


def make_tree(target: Path) -> Path:
    """The minimal content, its publication.yml, and an edition on it (edition/)."""
    shutil.copytree(FIXTURES / "minimal", target)
    (target / kinds.PUBLICATION_FILE).write_text(
        "title: Site de test\nforge: https://example.org/forge\nlegal:\n"
        "  publisher: Rectorat\n  director: La rectrice\n  host: Hébergeur\n"
        "  contact: contact@example.fr\n",
        "utf-8",
    )
    # the fields the minimal set lacks: an action's `next`, a planner's sample week
    action = target / "kits/actions/visite-atelier.yml"
    text = action.read_text("utf-8")
    action.write_text(text.replace("for_companies:", "  next: [action:stage-3e]\nfor_companies:"))
    course = target / "mooc/tuteurs/course.yml"
    text = course.read_text("utf-8")
    course.write_text(text.replace("self_assessment:", SAMPLES + "self_assessment:", 1))
    edition = target / "edition"
    edition.mkdir()
    (edition / kinds.EDITION_FILE).write_text(EDITION, "utf-8")
    return target


@dataclass(frozen=True)
class Leaf:
    """One string value of a content file: where it is, and its key path."""

    file: str
    path: tuple[str | int, ...]
    line: int  # 1-based, where the value starts
    last: int  # its last line


def leaves(root: Path) -> list[Leaf]:
    found: list[Leaf] = []
    for path in sorted(root.rglob("*.yml")):
        node = yaml.compose(path.read_text("utf-8"))
        found.extend(_walk(path.relative_to(root).as_posix(), node, ()))
    return found


def _walk(file: str, node: yaml.Node, here: tuple[str | int, ...]) -> Iterator[Leaf]:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _walk(file, value, (*here, key.value))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from _walk(file, item, (*here, i))
    elif isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str":
        yield Leaf(file, here, node.start_mark.line + 1, node.end_mark.line + 1)


def _set(data: typing.Any, path: tuple[str | int, ...], value: str) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


def write_payloads(root: Path, chosen: dict[Leaf, str]) -> dict[Leaf, Leaf]:
    """Each chosen leaf given its payload (files rewritten with PyYAML); returns where
    each leaf now stands (lines move when a file is written again)."""
    by_file: dict[str, list[Leaf]] = {}
    for leaf in chosen:
        by_file.setdefault(leaf.file, []).append(leaf)
    moved: dict[Leaf, Leaf] = {}
    for file, items in by_file.items():
        path = root / file
        data = yaml.safe_load(path.read_text("utf-8"))
        for leaf in items:
            _set(data, leaf.path, chosen[leaf])
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        after = _walk(file, yaml.compose(path.read_text("utf-8")), ())
        now = {(found.file, found.path): found for found in after}
        moved.update({leaf: now[(leaf.file, leaf.path)] for leaf in items})
    return moved


def refused(root: Path, where: dict[Leaf, Leaf], content: Path) -> set[Leaf]:
    """The leaves `validate` refuses at their line (or inside their block)."""
    try:
        validate_all(content)
    except ContentError as exc:
        prefix = os.path.relpath(content, root).replace(os.sep, "/")
        lines = {(_rel(prefix, p.path), p.line) for p in exc.problems}
        return {
            leaf
            for leaf, now in where.items()
            if any((now.file, n) in lines for n in range(now.line, now.last + 1))
        }
    return set()


def _problems(root: Path) -> list[str]:
    found = []
    for content in (root / "edition", root):
        try:
            validate_all(content)
        except ContentError as exc:
            found.extend(str(p) for p in exc.problems)
    return found


def _rel(prefix: str, path: str) -> str:
    """A problem's path (relative to the validated folder) relative to the tree's root."""
    return os.path.normpath(os.path.join(prefix, path) if prefix != "." else path).replace(
        "\\", "/"
    )


# ----------------------------------------------------------------------------- tests


def string_fields(model: type[BaseModel], seen: set[type[BaseModel]]) -> Iterator[str]:
    """The names of the string fields of `model` and of the models inside it."""
    if model in seen:
        return
    seen.add(model)
    for name, info in model.model_fields.items():
        annotation = info.annotation
        args = {a for a in _flat(annotation)}
        if str in args:
            yield name
        for arg in args:
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                yield from string_fields(arg, seen)


def _flat(annotation: typing.Any) -> Iterator[typing.Any]:
    yield annotation
    for arg in typing.get_args(annotation):
        yield from _flat(arg)


def test_every_string_field_of_the_format_has_a_value_in_the_corpus(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "arbre")
    keys = {str(part) for leaf in leaves(root) for part in leaf.path if isinstance(part, str)}
    models = [k.model for k in kinds.KINDS.values() if k.model is not None]
    seen: set[type[BaseModel]] = set()
    fields = {f for m in [*models, Edition, Publication] for f in string_fields(m, seen)}
    assert fields, "no string field found"
    # a Literal's values are strings too: those fields are in the corpus as well
    missing = sorted(fields - keys)
    assert not missing, f"champs sans valeur dans les fichiers du corpus : {missing}"


@pytest.mark.parametrize("number", range(ROUNDS), ids=lambda n: f"tour-{n}")
def test_each_field_refuses_or_publishes_inert(number: int, tmp_path: Path) -> None:
    root = make_tree(tmp_path / "arbre")
    all_leaves = leaves(root)
    payloads = payloads_of_round(number)
    rng = random.Random(SEED * 7 + number)
    chosen = {
        leaf: _placed(payloads[(i + number) % len(payloads)], leaf, rng)
        for i, leaf in enumerate(all_leaves)
    }
    pristine = tmp_path / "propre"
    shutil.copytree(root, pristine)
    where = write_payloads(root, chosen)
    refused_now = refused(root, where, root / "edition") | refused(root, where, root)
    # the accepted payloads alone: validation may have skipped a file's texts while its
    # model failed, so refuse again until the tree validates (each round must converge)
    accepted = {leaf: p for leaf, p in chosen.items() if leaf not in refused_now}
    for _ in range(8):
        shutil.rmtree(root)
        shutil.copytree(pristine, root)
        where = write_payloads(root, accepted)
        again = refused(root, where, root / "edition") | refused(root, where, root)
        if not again:
            break
        accepted = {leaf: p for leaf, p in accepted.items() if leaf not in again}
    else:
        pytest.fail(f"la validation ne converge pas : {_problems(root)}")
    assert accepted, "aucune valeur acceptée : le tour ne prouve rien de la construction"
    for content, extra in ((root / "edition", ("--offline",) if number == 0 else ()), (root, ())):
        result = run_build(content, content / "site", *extra)
        # the build ends with the output scan: anything that could run fails it
        assert result.returncode == 0, result.stderr[-3000:]
        assert "Traceback" not in result.stderr


def _placed(payload: str, leaf: Leaf, rng: random.Random) -> str:
    """The payload alone, or after the field's own kind of value (an address, a word)."""
    name = str(leaf.path[-1]) if leaf.path else ""
    if re.search(r"url|website|forge", name):
        return "https://example.org/" + payload
    return payload if rng.random() < 0.5 else f"Texte {payload}"
