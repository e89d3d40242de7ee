"""Finding the content files: which file is which kind, and what does not belong.

Misplaced files are problems, reported with the others: a file that would not
be published must not go unnoticed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.check.yaml_reader import printable
from generator.diagnostics import messages
from generator.diagnostics.errors import Problem
from generator.format import kinds
from generator.format.ids import is_valid_id


@dataclass(frozen=True)
class Found:
    """One content file: its kind, its id (« COURSE/LESSON » for a lesson) and its path."""

    kind: str
    id: str
    file: Path


@dataclass
class Discovery:
    content: Path
    prefix: str = ""  # how the files of this folder are named: « national/ » for a base
    found: list[Found] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def rel(self, path: Path) -> str:
        return self.prefix + printable(path.relative_to(self.content).as_posix())

    def refuse(self, path: Path, message: messages.Message, **values: str) -> None:
        self.problems.append(Problem.of(self.rel(path), 1, 1, message, **values))

    def outside(self, path: Path) -> bool:
        return not path.resolve().is_relative_to(self.content.resolve())


def discover(content: Path, prefix: str = "", *, layered: bool = False) -> Discovery:
    """Every content file of `content`, by kind, and the files that do not belong.

    In an edition (`layered`), a folder may hold only some kinds of files: the kits
    come from its base, and an empty local layer is fine.
    """
    found = Discovery(content, prefix)
    kits_dir, mooc_dir = content / kinds.KITS_DIR, content / kinds.MOOC_DIR
    if not kits_dir.is_dir() and not mooc_dir.is_dir() and not layered:
        found.problems.append(Problem.of(".", 1, 1, messages.CONTENT_NOT_FOUND))
        return found
    _kits(found, kits_dir, required=not layered)
    for kind in kinds.FLAT_KINDS:
        assert kind.folder is not None
        files = _yaml_files(found, content / kind.folder)
        found.found.extend(Found(kind.name, f.stem, f) for f in files)
    if mooc_dir.is_dir():
        _courses(found, mooc_dir)
    return found


def _kits(found: Discovery, kits_dir: Path, *, required: bool) -> None:
    for kit, rel in kinds.KIT_FILES.items():
        file = found.content / rel
        if file.is_file():
            found.found.append(Found(kinds.KIT.name, kit, file))
        elif required:
            found.problems.append(Problem.of(rel, 1, 1, messages.KIT_FILE_MISSING))
    if not kits_dir.is_dir():
        return
    allowed = {Path(rel).name for rel in kinds.KIT_FILES.values()}
    allowed |= {Path(k.folder).name for k in kinds.FLAT_KINDS if k.folder}
    for entry in sorted(kits_dir.iterdir()):
        if entry.name not in allowed and not entry.name.startswith("."):
            found.refuse(entry, messages.KITS_UNEXPECTED, folder=kinds.KITS_DIR)


def _courses(found: Discovery, mooc_dir: Path) -> None:
    for entry in sorted(mooc_dir.iterdir()):
        if not entry.is_dir() and not entry.name.startswith("."):
            found.refuse(entry, messages.MOOC_UNEXPECTED, folder=kinds.MOOC_DIR)
    for course_dir in sorted(p for p in mooc_dir.iterdir() if p.is_dir()):
        if found.outside(course_dir):
            found.refuse(course_dir, messages.FOLDER_LINK_OUTSIDE)
        elif not is_valid_id(course_dir.name):
            found.refuse(course_dir, messages.ID_INVALID, value=printable(course_dir.name))
        elif not (course_dir / kinds.COURSE_FILE).is_file():
            found.refuse(course_dir / kinds.COURSE_FILE, messages.COURSE_FILE_MISSING)
        else:
            _course(found, course_dir)


def _course(found: Discovery, course_dir: Path) -> None:
    for entry in sorted(course_dir.iterdir()):
        if entry.name not in (kinds.COURSE_FILE, kinds.LESSONS_DIR) and not entry.name.startswith(
            "."
        ):
            found.refuse(entry, messages.COURSE_UNEXPECTED, folder=found.rel(course_dir))
    course = course_dir.name
    found.found.append(Found(kinds.COURSE.name, course, course_dir / kinds.COURSE_FILE))
    lessons = _yaml_files(found, course_dir / kinds.LESSONS_DIR)
    found.found.extend(Found(kinds.LESSON.name, f"{course}/{f.stem}", f) for f in lessons)


def _yaml_files(found: Discovery, folder: Path) -> Iterator[Path]:
    if not folder.is_dir():
        return
    if found.outside(folder):
        found.refuse(folder, messages.FOLDER_LINK_OUTSIDE)
        return
    seen: dict[str, str] = {}
    for file in sorted(folder.iterdir()):
        if file.name.startswith("."):
            continue
        if file.is_dir():
            found.refuse(file, messages.SUBFOLDER_UNEXPECTED, folder=found.rel(folder))
        elif file.suffix == ".yaml":
            found.refuse(file, messages.EXTENSION_YAML)
        elif file.suffix != kinds.EXTENSION:
            found.refuse(file, messages.FILE_UNEXPECTED)
        elif not is_valid_id(file.stem):
            found.refuse(file, messages.ID_INVALID, value=printable(file.stem))
        elif file.stem.casefold() in seen:
            found.refuse(file, messages.ID_DUPLICATE, other=seen[file.stem.casefold()])
        else:
            seen[file.stem.casefold()] = file.name
            yield file
