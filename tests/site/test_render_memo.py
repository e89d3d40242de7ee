"""The preview's render memo: after a save, the preview renders again only the pages
whose inputs changed, and the Markdown tree it writes is, byte for byte, the one a fresh
generation of the same content writes. Each edit below reaches pages through a different
path (the action's own pages, the pages that name it, the pages a role's contact line
appears on, the links of other actions, a course)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.generate.pipeline import Session, generate
from generator.render.memo import same

KITS = {"for_teams": "equipes", "for_companies": "entreprises"}

EDITS = {
    "an action's title": [
        ("kits/actions/visite-atelier.yml", "title: Visite d'un atelier", "title: Atelier ouvert")
    ],
    "a duration, 2 then 2.0": [
        ("kits/actions/visite-atelier.yml", "{value: 0.5, unit: day}", "{value: 2, unit: day}"),
        ("kits/actions/visite-atelier.yml", "{value: 2, unit: day}", "{value: 2.0, unit: day}"),
    ],
    "a role's contact line": [
        ("kits/interlocutors/referent-bassin.yml", "[écrire]", "[écrire au bassin]")
    ],
    "a partner's name": [
        ("kits/partners/comite-local.yml", "name: Comité local", "name: Comité du bassin")
    ],
    "an action joins the other kit, so links to it lead elsewhere": [
        (
            "kits/actions/stage-3e.yml",
            "partners: [plateforme-stages]",
            "partners: [plateforme-stages]\nfor_teams:\n  role: Vous préparez l'élève.\n"
            "  checklist: [Convention signée]",
        )
    ],
    "a lesson's title": [
        ("mooc/tuteurs/lessons/premier-jour.yml", "title: Le premier jour", "title: Jour un")
    ],
}


def _tree(docs: Path) -> dict[str, bytes]:
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in docs.rglob("*.md")}


def _edit(content: Path, file: str, old: str, new: str) -> None:
    path = content / file
    text = path.read_text("utf-8")
    assert old in text, f"{file} : {old!r} introuvable"
    path.write_text(text.replace(old, new, 1), "utf-8")


@pytest.mark.parametrize("edits", EDITS.values(), ids=EDITS.keys())
def test_a_preview_writes_what_a_fresh_generation_writes(
    minimal: Path, tmp_path: Path, edits: list[tuple[str, str, str]]
) -> None:
    moves_links = any("for_teams:" in new for _, _, new in edits)
    preview = Session(minimal, preview=True)
    docs = tmp_path / "apercu"
    first = preview.generate(docs)
    for file, old, new in edits:
        _edit(minimal, file, old, new)
        preview.generate(docs)
        fresh = tmp_path / f"complet-{len(list(tmp_path.iterdir()))}"
        generate(minimal, fresh)
        assert _tree(docs) == _tree(fresh)
    assert preview.memo is not None
    if moves_links:  # where links lead changed: every page is rendered again
        assert len(preview.memo.rendered) == len(list(docs.rglob("*.md")))
    else:
        assert 0 < len(preview.memo.rendered) < len(first.site.pages) / 2


def test_an_edited_action_renders_its_own_pages_again(minimal: Path, tmp_path: Path) -> None:
    preview = Session(minimal, preview=True)
    docs = tmp_path / "apercu"
    every = preview.generate(docs).site.pages
    assert preview.memo is not None and len(preview.memo.rendered) == len(every)
    assert preview.generate(docs).reused  # nothing changed: nothing rendered

    _edit(minimal, "kits/actions/visite-atelier.yml", "Une demi-journée", "Deux heures")
    preview.generate(docs)
    action = yaml.safe_load((minimal / "kits/actions/visite-atelier.yml").read_text("utf-8"))
    own = {f"{slug}/actions/visite-atelier.md" for view, slug in KITS.items() if view in action}
    assert own <= set(preview.memo.rendered)
    assert "a-propos/accessibilite.md" not in preview.memo.rendered


def test_a_one_off_generation_keeps_no_memo(minimal: Path, tmp_path: Path) -> None:
    once = Session(minimal)
    first = once.generate(tmp_path / "docs")
    assert once.memo is None
    # the offline copy of the same build reuses the generation: its sidebar and its count
    again = once.generate(tmp_path / "docs")
    assert again.reused and again.site.nav == first.site.nav
    assert f"{len(first.site.pages)} pages reprises" in again.summary()


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (2, 2.0, False),
        (True, 1, False),
        ("a", "a", True),
        ({"a": [1, (2, "b")]}, {"a": [1, (2, "b")]}, True),
        ({"a": [1, (2, "b")]}, {"a": [1, (2, "c")]}, False),
        ([1, 2], [1, 2, 3], False),
        (len, len, True),
        (lambda: 1, lambda: 1, False),
    ],
)
def test_same_tells_inputs_apart_by_type_and_value(
    old: object, new: object, expected: bool
) -> None:
    assert same(old, new) is expected


def test_reused_pages_are_not_read_back_from_the_docs_folder(
    minimal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a save, only the pages rendered again (and the files that are not pages:
    packages, open data) are compared with what is on disk; a page deleted behind the
    preview's back is written again all the same."""
    preview = Session(minimal, preview=True)
    docs = tmp_path / "apercu"
    pages = {page.path for page in preview.generate(docs).site.pages}
    others = {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()} - pages
    (docs / "a-propos/accessibilite.md").unlink()
    read: list[str] = []
    original = Path.read_bytes

    def counting(path: Path) -> bytes:
        if path.is_relative_to(docs.resolve()):
            read.append(path.relative_to(docs.resolve()).as_posix())
        return original(path)

    monkeypatch.setattr(Path, "read_bytes", counting)
    _edit(minimal, "kits/actions/visite-atelier.yml", "Une demi-journée", "Deux heures")
    report = preview.generate(docs).report
    assert preview.memo is not None
    assert sorted(read) == sorted({*preview.memo.rendered, *others, "a-propos/accessibilite.md"})
    assert "a-propos/accessibilite.md" in report.written
    fresh = tmp_path / "complet"
    generate(minimal, fresh)
    assert _tree(docs) == _tree(fresh)
