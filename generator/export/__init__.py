"""Course exports: each course as a SCORM 1.2 package, an IMS Common Cartridge 1.1,
an Open edX OLX archive and a Moodle backup, built from the same YAML and the
same rendered lessons as the site.

    outlines = course_outlines(catalog)  # the course pages, as the plan makes them
    export_course(catalog, outlines["accueillir-un-eleve-de-3e"], "scorm12", out, site_url=None)
    export_all(catalog, outlines.values(), FORMATS, out, site_url="https://exemple.fr/")
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path

from generator.check.catalog import Catalog
from generator.diagnostics import messages
from generator.export import imscc, moodle, olx, scorm12
from generator.export.archive import EpochError, source_date_epoch, write_tar_gz, write_zip
from generator.export.links import SiteUrlError, check_site_url
from generator.plan.pages import CourseOutline
from generator.trust.output_scan import scan_package

# Each format once: its label, the platforms that take it (both for readers) and
# its file name (the course id in place of {}).
_FORMATS = {
    "scorm12": (
        "SCORM 1.2",
        "M@gistère, Moodle et toute plateforme qui lit SCORM 1.2",
        "{}-scorm12.zip",
    ),
    "imscc": ("IMS Common Cartridge 1.1", "M@gistère et Moodle (restauration)", "{}.imscc"),
    "olx": ("Open edX (OLX)", "Open edX, dont FUN-MOOC", "{}-olx.tar.gz"),
    "moodle": (
        "Sauvegarde Moodle",
        "M@gistère et Moodle 4.5 ou 5.0 (restauration)",
        "{}.mbz",
    ),
}
FORMATS = tuple(_FORMATS)
FORMAT_LABELS = {fmt: label for fmt, (label, _for, _name) in _FORMATS.items()}
OLX_TOP_FOLDER = "course"

__all__ = [
    "FORMATS",
    "FORMAT_LABELS",
    "EpochError",
    "ExportError",
    "SiteUrlError",
    "check_course",
    "download_entries",
    "downloads",
    "export_all",
    "export_course",
    "export_lesson_scorm",
    "file_size",
    "package_name",
    "packages",
]


class ExportError(ValueError):
    """An export that cannot be made, said in French (unknown course or format)."""


def package_name(course_id: str, fmt: str) -> str:
    """The file name of a course's package: COURSE-scorm12.zip, COURSE.imscc,
    COURSE-olx.tar.gz, COURSE.mbz."""
    if fmt not in _FORMATS:
        raise ExportError(messages.EXPORT_FORMAT_UNKNOWN(format=fmt, formats=", ".join(FORMATS)))
    return _FORMATS[fmt][2].format(course_id)


def check_course(catalog: Catalog, course_id: str) -> None:
    """Refuses, in French, a course the content does not have."""
    if course_id not in catalog.courses:
        known = ", ".join(sorted(catalog.courses)) or "aucune"
        raise ExportError(messages.EXPORT_COURSE_UNKNOWN(course=course_id, known=known))


def export_course(
    catalog: Catalog,
    outline: CourseOutline,
    fmt: str,
    out_dir: Path,
    *,
    site_url: str | None,
    epoch: int | None = None,
) -> Path:
    """Write one package of the course `outline` gives the pages of into `out_dir`;
    returns its path.

    Links to pages that are not in the package lead to the published site at
    `site_url` when it is given, and become plain text otherwise. Dates inside
    the archive come from SOURCE_DATE_EPOCH when it is set.
    """
    target = Path(out_dir) / package_name(outline.id, fmt)
    url = check_site_url(site_url)
    epoch = source_date_epoch() if epoch is None else epoch
    if fmt == "scorm12":
        return write_zip(target, _scanned(target, scorm12.files(catalog, outline, url)), epoch)
    if fmt == "imscc":
        return write_zip(target, _scanned(target, imscc.files(catalog, outline, url)), epoch)
    if fmt == "moodle":
        files = _scanned(target, moodle.files(catalog, outline, url, epoch))
        return write_zip(target, files, epoch)
    files = _scanned(target, olx.files(catalog, outline, url, epoch))
    return write_tar_gz(target, OLX_TOP_FOLDER, files, epoch)


def _scanned(target: Path, files: dict[str, bytes]) -> dict[str, bytes]:
    """The package's files, once the last check found nothing that could run in them."""
    found = list(scan_package(files))
    if found:
        lines = [messages.OUTPUT_UNSAFE(file=f"{target.name}/{p.file}", what=p.what) for p in found]
        raise ExportError("\n".join(lines))
    return files


def lesson_package_name(course_id: str, lesson_id: str) -> str:
    """The file name of one lesson's SCORM package: COURSE-LESSON-scorm12.zip."""
    return f"{course_id}-{lesson_id}-scorm12.zip"


def export_lesson_scorm(
    catalog: Catalog, outline: CourseOutline, out_dir: Path, *, site_url: str | None
) -> list[Path]:
    """One SCORM 1.2 package per lesson of a course, for platforms that keep one score
    per package (Open edX's SCORM XBlock): a lesson's links to the others lead to the
    published site, or become text."""
    url = check_site_url(site_url)
    epoch = source_date_epoch()
    return [
        write_zip(
            target,
            _scanned(target, scorm12.files(catalog, outline, url, lesson_id)),
            epoch,
        )
        for lesson_id in outline.lessons
        for target in [Path(out_dir) / lesson_package_name(outline.id, lesson_id)]
    ]


def export_all(
    catalog: Catalog,
    outlines: Iterable[CourseOutline],
    formats: Iterable[str],
    out_dir: Path,
    *,
    site_url: str | None,
) -> list[Path]:
    """Every course of `outlines` in every format asked for, courses in alphabetical order."""
    chosen = list(dict.fromkeys(formats))
    for fmt in chosen:
        package_name("x", fmt)  # an unknown format is refused before anything is written
    return [
        export_course(catalog, outline, fmt, out_dir, site_url=site_url)
        for outline in sorted(outlines, key=lambda outline: outline.id)
        for fmt in chosen
    ]


def downloads(course_id: str, folder: Path, href_base: str) -> list[dict[str, str]]:
    """The packages of a course found in `folder`, for the course page's download block
    (the context of templates/export/guide.md.j2): label, format, platforms, file
    name, href and size (« 48 ko »)."""
    sizes = {
        name: (Path(folder) / name).stat().st_size
        for fmt in FORMATS
        if (Path(folder) / (name := package_name(course_id, fmt))).is_file()
    }
    return download_entries(course_id, sizes, href_base)


def download_entries(course_id: str, sizes: dict[str, int], href_base: str) -> list[dict[str, str]]:
    """The download block's entries for the packages of `sizes` (file name → bytes)."""
    found = []
    for fmt in FORMATS:
        name = package_name(course_id, fmt)
        if name in sizes:
            found.append(
                {
                    "label": FORMAT_LABELS[fmt],
                    "format": fmt,
                    "platforms": _FORMATS[fmt][1],
                    "name": name,
                    "href": href_base.rstrip("/") + "/" + name if href_base else name,
                    "size": file_size(sizes[name]),
                }
            )
    return found


def packages(
    catalog: Catalog, outlines: Iterable[CourseOutline], *, site_url: str | None, epoch: int
) -> dict[str, bytes]:
    """The courses of `outlines` in every format, as bytes by file name: what a site
    publishes."""
    with tempfile.TemporaryDirectory(prefix="passerelles-paquets-") as folder:
        paths = [
            export_course(catalog, outline, fmt, Path(folder), site_url=site_url, epoch=epoch)
            for outline in outlines
            for fmt in FORMATS
        ]
        return {path.name: path.read_bytes() for path in paths}


def file_size(size: int) -> str:
    """« 850 octets », « 24 ko », « 1,3 Mo »: sizes the French way."""
    if size < 1000:
        return f"{size} octets"
    if size < 1_000_000:
        return f"{round(size / 1000)} ko"
    return f"{size / 1_000_000:.1f} Mo".replace(".", ",")
