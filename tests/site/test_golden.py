"""Golden tests: the fixture content set renders to the reviewed Markdown tree.

Regenerate with `pytest tests/test_golden.py --update-golden`, then review the
diff of tests/golden/ like any other change.
"""

from __future__ import annotations

from pathlib import Path

from generator.check.validate import validate
from generator.plan import plan
from generator.render.jinja import render

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "minimal"


def test_rendered_tree_matches_golden(minimal: Path, update_golden: bool) -> None:
    catalog = validate(minimal)
    files = render(catalog, plan(catalog)).files
    if update_golden:
        for old in GOLDEN.rglob("*"):
            if old.is_file():
                old.unlink()
        for rel, data in files.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_bytes(data)
    expected = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file()}
    assert set(files) == expected
    for rel, data in files.items():
        assert data.decode() == (GOLDEN / rel).read_text("utf-8"), f"{rel} differs from golden"


def test_content_text_is_never_evaluated_as_a_template(minimal: Path) -> None:
    catalog = validate(minimal)
    files = render(catalog, plan(catalog)).files
    assert "{{ pas_un_modele }}" in files["equipes/actions/visite-atelier.md"].decode()


def test_plain_text_cannot_inject_markup(minimal: Path) -> None:
    catalog = validate(minimal)
    page = render(catalog, plan(catalog)).files["entreprises/actions/stage-3e.md"].decode()
    assert "Cinq jours pour observer une entreprise &amp; ses métiers &lt;en vrai&gt;." in page
