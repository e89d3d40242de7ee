"""Where two copies must agree, a test says so: the Markdown extensions the
validator renders with are the site's, the overridden Material partial differs from
the installed one only by its intended change, and each label table covers exactly
its enumeration in the models."""

from __future__ import annotations

import re
import typing
from pathlib import Path

import material
import pytest
from mkdocs.utils import yaml_load

from generator.format import labels, models
from generator.markdown import site_html as prose_html

ROOT = Path(__file__).resolve().parents[2]
# MkDocs adds these to every site, whatever mkdocs.yml says.
MKDOCS_BUILTIN = {"toc", "tables", "fenced_code"}


def _site_extensions() -> dict[str, dict[str, object]]:
    config = yaml_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    found: dict[str, dict[str, object]] = {name: {} for name in MKDOCS_BUILTIN}
    for item in config["markdown_extensions"]:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        found[name] = options or {}
    return found


def test_the_validator_renders_with_the_site_extensions() -> None:
    site = _site_extensions()
    assert set(prose_html.SITE_EXTENSIONS) == set(site)
    for name, options in prose_html.EXTENSION_CONFIGS.items():
        for key, value in options.items():
            assert bool(site[name].get(key)) == bool(value), (name, key)


def test_the_search_partial_is_material_s_but_for_its_accessible_name() -> None:
    installed = Path(material.__file__).parent / "templates/partials/search.html"
    theirs = re.sub(r"\{#-.*?-#\}\n", "", installed.read_text("utf-8"), flags=re.S)
    ours = re.sub(
        r"\{#-.*?-#\}\n",
        "",
        (ROOT / "overrides/partials/search.html").read_text("utf-8"),
        flags=re.S,
    )
    intended = theirs.replace(
        'role="dialog">', 'role="dialog" aria-label="{{ lang.t(\'search\') }}">', 1
    )
    assert intended != theirs, "Material changed the line this override changes"
    assert ours == intended


LABELS = [
    (labels.FORMATS, models.ActionFormat),
    (labels.FORMATS_PLURAL, models.ActionFormat),
    (labels.LEVELS, models.Level),
    (labels.OBJECTIVES, models.Objective),
    (labels.OBJECTIVES_SHORT, models.Objective),
    (labels.UNITS, models.DurationUnit),
    (labels.RESOURCE_KINDS, models.ResourceKind),
    (labels.PARTNER_KINDS, models.PartnerKind),
    (labels.SCOPES, models.Scope),
    (labels.SIDES, models.Side),
    (labels.ROLE_LEVELS, models.RoleLevel),
    (labels.AUDIENCES, models.Audience),
    (labels.COURSE_MODALITIES, models.CourseModality),
    (labels.LESSON_MODALITIES, models.LessonModality),
    (labels.ACTIVITY_KINDS, models.ActivityKind),
    (labels.ACADEMIES, models.Academy),
    (labels.PARTICIPANTS, models.Participants),
    (labels.PERIODS, models.Period),
]


@pytest.mark.parametrize(("table", "enumeration"), LABELS, ids=[repr(e) for _, e in LABELS])
def test_each_label_table_covers_its_enumeration(
    table: dict[str, object], enumeration: object
) -> None:
    assert list(table) == list(typing.get_args(enumeration))


def test_steps_have_labels() -> None:
    assert list(labels.STEPS) == list(models.STEP_KEYS)
