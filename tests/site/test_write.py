from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from generator.generate.pipeline import generate
from generator.render.write import write_tree


def test_only_changed_files_are_written(tmp_path: Path) -> None:
    first = write_tree(tmp_path, {"a.md": b"A", "d/b.md": b"B"})
    assert first.written == ["a.md", "d/b.md"]
    second = write_tree(tmp_path, {"a.md": b"A", "d/b.md": b"B2"})
    assert second.written == ["d/b.md"]
    assert second.unchanged == 1


def test_pages_are_written_as_they_come(tmp_path: Path) -> None:
    """Generation hands the pages over one at a time: each is on disk before the next is
    made, and the tree is the same as from a mapping of all of them."""
    write_tree(tmp_path, {"old.md": b"O"})
    on_disk: list[set[str]] = []

    def pages() -> Iterator[tuple[str, bytes]]:
        for name, data in (("z.md", b"Z"), ("d/a.md", b"A"), ("z.md", b"Z2")):
            on_disk.append({p.name for p in tmp_path.rglob("*.md")})
            yield name, data

    report = write_tree(tmp_path, pages())
    assert on_disk == [{"old.md"}, {"old.md", "z.md"}, {"old.md", "z.md", "a.md"}]
    assert report.written == ["d/a.md", "z.md", "z.md"]
    assert report.deleted == ["old.md"]
    assert (tmp_path / "z.md").read_bytes() == b"Z2"  # the last of the two


def test_stale_files_and_empty_folders_are_deleted(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.md": b"A", "old/b.md": b"B"})
    report = write_tree(tmp_path, {"a.md": b"A"})
    assert report.deleted == ["old/b.md"]
    assert not (tmp_path / "old").exists()


def test_a_second_generation_rewrites_nothing(minimal: Path, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    first = generate(minimal, docs)
    assert len(first.report.written) > 20
    stamps = {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}
    os.utime(docs / "index.md", ns=(1, 1))  # a rewrite would move this stamp
    stamps[docs / "index.md"] = 1
    second = generate(minimal, docs)
    assert second.report.written == []
    assert second.report.deleted == []
    assert {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()} == stamps


def test_editing_one_yaml_rewrites_only_the_pages_that_show_it(
    minimal: Path, tmp_path: Path
) -> None:
    docs = tmp_path / "docs"
    generate(minimal, docs)
    lesson = minimal / "mooc/tuteurs/lessons/premier-jour.yml"
    lesson.write_text(lesson.read_text("utf-8").replace("Présentez l'équipe.", "Présentez-vous."))
    report = generate(minimal, docs).report
    # the lesson's page, and its course's packages, which carry the lesson too
    assert report.written == [
        "formations/tuteurs/premier-jour.md",
        "telechargements/tuteurs-olx.tar.gz",
        "telechargements/tuteurs-scorm12.zip",
        "telechargements/tuteurs.imscc",
        "telechargements/tuteurs.mbz",
    ]
    # an edit of an action leaves the course packages alone
    action = minimal / "kits/actions/rencontre-metier.yml"
    action.write_text(action.read_text("utf-8").replace("Rencontre", "Une rencontre", 1))
    again = generate(minimal, docs).report
    assert again.written and not [p for p in again.written if p.startswith("telechargements/")]
