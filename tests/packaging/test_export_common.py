"""What every course package must be, whatever its format: built from the YAML
(counts, choice order, links), safe (no script but its own, no way out of the
folder it is unpacked in), reproducible under SOURCE_DATE_EPOCH, and reachable
from the `export` command with French messages."""

from __future__ import annotations

import argparse
import gzip
import html
import re
import tarfile
import time
import zipfile
from pathlib import Path

import pytest
from export_support import (
    EPOCH,
    ROOT,
    SITE_URL,
    archive_files,
    archive_names,
    export_folder,
    moodle_pages,
    package,
    yaml_courses,
)
from html_scan import PAYLOAD, Findings, Scanner
from support import CORPUS, build_case

from generator.commands import export as export_command
from generator.diagnostics import messages
from generator.export import FORMATS, downloads, package_name
from generator.export.scorm12 import MASTERY_SCORE
from generator.format.quiz import choice_order
from generator.plan.paths import interlocutor_path, partner_path
from generator.render.jinja import environment

COURSES = yaml_courses(ROOT)
(HOSTILE_TEXT,) = CORPUS.glob("*-ok-hostile-text")
HTML_PAGE = re.compile(r"\.html$")


@pytest.fixture(scope="module")
def packages(exported: Path) -> Path:
    """The packages every module shares, made once per run."""
    return exported


@pytest.fixture(scope="module")
def plain_packages(exported_without_site: Path) -> Path:
    """The packages made without the site's address."""
    return exported_without_site


@pytest.fixture(scope="module")
def hostile_packages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = build_case(HOSTILE_TEXT, tmp_path_factory.mktemp("hostile") / "contenu")
    out = tmp_path_factory.mktemp("paquets-hostiles")
    export_folder(content, out)
    return out


# ------------------------------------------------------------------ reproducible, safe archives


def test_two_exports_are_byte_identical(
    packages: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shared packages (made with SOURCE_DATE_EPOCH = EPOCH) and a second export."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    first = {path.name: path for path in packages.iterdir()}
    second = export_folder(ROOT, tmp_path / "deux")
    assert len(first) == len(COURSES) * len(FORMATS)
    for name, path in first.items():
        assert path.read_bytes() == second[name].read_bytes(), name
    # the date does come from SOURCE_DATE_EPOCH
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH + 86400 * 400))
    third = export_folder(ROOT, tmp_path / "trois")
    assert all(path.read_bytes() != third[name].read_bytes() for name, path in first.items())


def test_entries_are_dated_by_source_date_epoch(packages: Path) -> None:
    """The shared packages were made with SOURCE_DATE_EPOCH = EPOCH (tests/conftest.py)."""
    written = {path.name: path for path in packages.iterdir()}
    stamp = time.gmtime(EPOCH)[:6]
    for name, path in written.items():
        if name.endswith(".tar.gz"):
            raw = path.read_bytes()
            assert int.from_bytes(raw[4:8], "little") == EPOCH  # gzip header
            with tarfile.open(path) as archive:
                members = archive.getmembers()
            assert {m.mtime for m in members} == {EPOCH}
            assert {(m.uid, m.gid, m.uname, m.gname) for m in members} == {(0, 0, "", "")}
            assert len(gzip.decompress(raw)) > 0
        else:
            with zipfile.ZipFile(path) as archive:
                assert {info.date_time for info in archive.infolist()} == {stamp}


def test_no_entry_leaves_the_folder(packages: Path) -> None:
    for path in sorted(packages.iterdir()):
        names = archive_names(path)
        assert names
        for name in names:
            assert not name.startswith("/"), name
            assert "\\" not in name, name
            assert ".." not in name.split("/"), name
            assert not re.match(r"^[A-Za-z]:", name), name


def test_a_bad_source_date_epoch_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "hier")
    status = _export_command("--all", "--format", "olx", "--out", str(tmp_path))
    err = capsys.readouterr().err
    assert status == 1
    assert "SOURCE_DATE_EPOCH" in err and "Traceback" not in err
    assert not list(tmp_path.iterdir())


# ------------------------------------------------------------------ safe output


class PackageScanner(Scanner):
    """The site's scan, stricter: a package has no inline script at all, and its
    stylesheets come from the package too."""

    def check_inline_script(self, attrs: dict[str, str | None], body: str) -> None:
        if attrs.get("src") is None or body.strip():
            self.problem(f"script en ligne : {body[:80]!r}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        super().handle_starttag(tag, attrs)
        values = dict(attrs)
        if tag == "link" and values.get("rel") == "stylesheet":
            self.check_script_src({"src": values.get("href")})
        elif tag == "link" and values.get("href") != "data:,":  # the empty favicon
            self.problem(f"lien {values!r}")
        if tag in ("img", "iframe", "video", "audio", "source", "embed", "object"):
            self.problem(f"élément <{tag}> qui chargerait un fichier")


def scan_package(path: Path, unpacked: Path) -> Findings:
    """Every page of a package, unpacked in `unpacked`, scanned like the site's pages."""
    files = archive_files(path)
    if path.name.endswith(".mbz"):
        files = moodle_pages(files)
    for name, data in files.items():
        target = unpacked / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    # OLX pages load their files from /static/, that is <top folder>/static/
    root = unpacked / "course" if (unpacked / "course" / "course.xml").is_file() else unpacked
    out = Findings()
    pages = [n for n in files if HTML_PAGE.search(n) or n.startswith(("course/problem/", "quiz/"))]
    assert pages
    for name in sorted(pages):
        scanner = PackageScanner(unpacked / name, root, out)
        text = files[name].decode("utf-8")
        if name.endswith(".xml"):
            # QTI and OLX problems carry HTML as text: it is what the platform shows
            text = re.sub(r"<\?xml[^>]*\?>", "", text)
            text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        scanner.feed(text)
        scanner.close()
    return out


def test_the_package_scanner_catches_what_it_must(tmp_path: Path) -> None:
    (tmp_path / "own.js").write_text("", "utf-8")
    page = tmp_path / "page.html"
    markup = (
        '<script src="own.js"></script><script>alert(1)</script>'
        '<link rel="stylesheet" href="https://cdn.example.org/x.css">'
        '<img src="x.png"><a href="javascript:alert(1)">x</a><p onclick="x()">y</p>'
        '<link rel="icon" href="data:,"><link rel="preload" href="https://cdn.example.org/f">'
    )
    out = Findings()
    scanner = PackageScanner(page, tmp_path, out)
    scanner.feed(markup)
    scanner.close()
    assert len(out.problems) == 6, out.problems


def test_packages_of_the_shipped_content_are_safe(packages: Path, tmp_path: Path) -> None:
    for path in sorted(packages.iterdir()):
        found = scan_package(path, tmp_path / path.name)
        assert found.problems == [], path.name
        assert found.scripts > 0 or path.name.endswith(".imscc")


def test_hostile_text_reaches_no_package_as_markup(hostile_packages: Path, tmp_path: Path) -> None:
    for path in sorted(hostile_packages.iterdir()):
        found = scan_package(path, tmp_path / path.name)
        assert found.problems == [], path.name
        assert "img" not in found.tags, path.name
        # the payload is shown as typed, in the lesson's title
        assert any(f"Leçon {PAYLOAD}" in text for text in found.texts["h1"]), path.name


# ------------------------------------------------------------------ built from the YAML


def _pages(packages: Path, course_id: str, fmt: str) -> dict[str, str]:
    files = archive_files(package(packages, course_id, fmt))
    return {n: d.decode("utf-8") for n, d in files.items() if n.endswith((".html", ".xml"))}


@pytest.mark.parametrize("course_id", sorted(COURSES))
def test_counts_come_from_the_yaml(packages: Path, course_id: str) -> None:
    course = COURSES[course_id]
    lessons = len(course.lessons())
    questions = len(course.questions())
    right = sum(len(q.correct) for q in course.questions())
    scorm = _pages(packages, course_id, "scorm12")
    sco_pages = [n for n in scorm if n.startswith("lecons/")]
    assert len(sco_pages) == lessons
    assert sum(p.count('class="pa-question"') for p in scorm.values()) == questions
    assert sum(p.count('data-correct="true"') for p in scorm.values()) == right
    cartridge = _pages(packages, course_id, "imscc")
    assert len([n for n in cartridge if n.startswith("lecons/")]) == lessons
    qti = [p for n, p in cartridge.items() if n.startswith("quiz/")]
    assert sum(p.count("<item ") for p in qti) == questions
    assert sum(p.count(">100</setvar>") for p in qti) == sum(
        1 if q.multiple else len(q.correct) for q in course.questions()
    )
    olx = _pages(packages, course_id, "olx")
    assert len([n for n in olx if n.startswith("course/sequential/l-")]) == lessons
    problems = [p for n, p in olx.items() if n.startswith("course/problem/")]
    assert len(problems) == questions
    assert sum(p.count('correct="true"') for p in problems) == right


@pytest.mark.parametrize("course_id", sorted(COURSES))
def test_choices_in_the_order_the_site_shows_them(packages: Path, course_id: str) -> None:
    scorm = _pages(packages, course_id, "scorm12")
    cartridge = _pages(packages, course_id, "imscc")
    olx = _pages(packages, course_id, "olx")
    for lesson in COURSES[course_id].lessons():
        page = scorm[f"lecons/{lesson.id}.html"]
        for number, question in enumerate(lesson.quiz, start=1):
            order = choice_order(f"{course_id}/{lesson.id}", number - 1, len(question.choices))
            values = re.findall(rf'name="q{number}" id="q{number}-\d+" value="(\d+)"', page)
            assert [int(v) for v in values] == order, (lesson.id, number)
            # the cartridge names each choice by its place in the YAML (C-question-place)
            qti = cartridge[f"quiz/{lesson.id}/assessment.xml"]
            item = qti.split(f'title="Question {number}"', 1)[1].split("</item>", 1)[0]
            labels = re.findall(r'<response_label ident="C-\d+-(\d+)">', item)
            assert [int(v) - 1 for v in labels] == order, (lesson.id, number)
            problem = olx[f"course/problem/l-{lesson.id}_q{number}.xml"]
            texts = [
                html.unescape(t).strip()
                for t in re.findall(r'<choice correct="\w+">([^<]*)<', problem)
            ]
            assert texts == [question.choices[i].text for i in order], (lesson.id, number)


@pytest.mark.parametrize("fmt", ["scorm12", "imscc"])
def test_every_page_is_french_small_and_self_contained(packages: Path, fmt: str) -> None:
    for course_id in sorted(COURSES):
        for name, page in _pages(packages, course_id, fmt).items():
            if not name.endswith(".html"):
                continue
            assert page.startswith('<!DOCTYPE html>\n<html lang="fr">'), name
            assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
            sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)">', page)
            # from the page's folder (lecons/, outils/) or the root (the presentation)
            assert sheets == ["../" * name.count("/") + "commun/passerelles-export.css"], name
            assert "lesson:" not in page and "interlocutor:" not in page, name


def _linked_roles(course_id: str) -> dict[str, set[str]]:
    """Lesson id → the roles and partners its YAML links to (interlocutor:, partner:)."""
    found: dict[str, set[str]] = {}
    for file in (ROOT / "mooc" / course_id / "lessons").glob("*.yml"):
        text = file.read_text("utf-8")
        paths = {interlocutor_path(r) for r in re.findall(r"\]\(interlocutor:([a-z0-9-]+)\)", text)}
        paths |= {partner_path(p) for p in re.findall(r"\]\(partner:([a-z0-9-]+)\)", text)}
        if paths:
            found[file.stem] = paths
    return found


def test_kit_links_lead_to_the_site_or_become_text(packages: Path, plain_packages: Path) -> None:
    checked = 0
    for course_id in sorted(COURSES):
        linked = _linked_roles(course_id)
        with_site = _pages(packages, course_id, "scorm12")
        without = _pages(plain_packages, course_id, "olx")
        for lesson_id, paths in linked.items():
            page = with_site[f"lecons/{lesson_id}.html"]
            for path in paths:
                url = SITE_URL + path.removesuffix(".md") + "/"
                assert f'href="{url}" target="_blank" rel="noopener"' in page, (lesson_id, url)
                checked += 1
            olx_page = without[f"course/html/l-{lesson_id}_page.html"]
            assert "passerelles.example.org" not in olx_page
            assert 'href="#pa-sans-lien"' not in olx_page
    assert checked > 0


def test_lesson_links_stay_in_the_package(packages: Path) -> None:
    pattern = re.compile(r"\]\(lesson:([a-z0-9-]+)/([a-z0-9-]+)\)")
    checked = 0
    for course_id in sorted(COURSES):
        scorm = _pages(packages, course_id, "scorm12")
        cartridge = _pages(packages, course_id, "imscc")
        olx = _pages(packages, course_id, "olx")
        for file in (ROOT / "mooc" / course_id / "lessons").glob("*.yml"):
            targets = {t for c, t in pattern.findall(file.read_text("utf-8")) if c == course_id}
            for target in targets:
                assert f'href="{target}.html" target="_blank"' in scorm[f"lecons/{file.stem}.html"]
                assert f'href="{target}.html"' in cartridge[f"lecons/{file.stem}.html"]
                olx_page = olx[f"course/html/l-{file.stem}_page.html"]
                assert f'href="/jump_to_id/l-{target}"' in olx_page
                checked += 1
    assert checked > 0


# ------------------------------------------------------------------ the command


def _export_command(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="passerelles")
    export_command.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["export", *argv])
    return int(args.run(args))


def test_command_writes_one_scorm_package_per_lesson_when_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course_id = sorted(COURSES)[0]
    argv = [course_id, "--format", "scorm12", "--scorm-per-lesson", "--content", str(ROOT)]
    status = _export_command(*argv, "--out", str(tmp_path))
    assert status == 0, capsys.readouterr().err
    lessons = [f"{course_id}-{lesson.id}-scorm12.zip" for lesson in COURSES[course_id].lessons()]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [package_name(course_id, "scorm12"), *lessons]
    )


def test_command_writes_every_package(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    course_id = sorted(COURSES)[0]
    status = _export_command(
        course_id, "--format", "all", "--content", str(ROOT), "--out", str(tmp_path)
    )
    assert status == 0, capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        package_name(course_id, fmt) for fmt in FORMATS
    )


@pytest.mark.parametrize(
    ("argv", "phrase"),
    [
        (["inconnue", "--format", "olx"], "formation inconnue « inconnue » ; formations connues"),
        (["--format", "olx"], "indiquez une formation, ou --all"),
        (["--all", "x", "--format", "olx"], "indiquez une formation, ou --all"),
        (["--all", "--format", "olx", "--site-url", "ftp://x"], "adresse du site"),
    ],
)
def test_command_refuses_in_french(
    argv: list[str], phrase: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = _export_command(*argv, "--content", str(ROOT), "--out", str(tmp_path / "out"))
    err = capsys.readouterr().err
    assert status == 1
    assert phrase in err and "Traceback" not in err
    assert messages.find(err.strip()) is messages.EXPORT_REFUSED  # declared, not improvised
    if "formations connues" in phrase:
        assert all(course_id in err for course_id in COURSES)
    assert not (tmp_path / "out").exists()


def test_command_reports_content_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (case,) = CORPUS.glob("20-missing-field")
    content = build_case(case, tmp_path / "contenu")
    status = _export_command(
        "--all", "--format", "all", "--content", str(content), "--out", str(tmp_path / "out")
    )
    err = capsys.readouterr().err
    assert status == 1
    assert re.search(r"^\S+\.yml:\d+:\d+: ", err, re.MULTILINE), err
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------------ the course page's guide


def test_the_guide_lists_the_downloads_and_how_to_import(packages: Path) -> None:
    course_id = sorted(COURSES)[0]
    found = downloads(course_id, packages, "../../telechargements")
    assert [d["format"] for d in found] == list(FORMATS)
    text = environment().get_template("export/guide.md.j2").render(downloads=found)
    for item in found:
        assert f"[{item['name']}](../../telechargements/{item['name']})" in text
        assert re.fullmatch(r"\d+ (octets|ko)|\d+,\d Mo", item["size"]), item["size"]
    for words in ("Réutilisation de cours", "Restauration", "Paquetage SCORM", "« Importer »"):
        assert words in text
    assert "n'a pas été vérifié" in text
    assert f"à partir de {MASTERY_SCORE} sur 100" in text
    assert environment().get_template("export/guide.md.j2").render(downloads=[]).strip() == ""
