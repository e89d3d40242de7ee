"""Review records: « Vérifié le … » on each page, and `passerelles review` reporting, at
their line, the files due for a new check (stale record, text marked replaced)."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.check.review import review_report
from generator.check.validate import validate
from generator.commands import cli
from generator.diagnostics import messages
from generator.format.dates import french_date
from generator.format.kinds import KINDS
from generator.format.official_texts import (
    DATA,
    OfficialText,
    official_texts,
    read_texts,
    same_address,
)
from generator.format.schemas import schema_of
from generator.plan import plan
from generator.plan.format_page import sections
from generator.render.jinja import render

MONTHS = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"


def _content_files(content: Path) -> dict[str, Any]:
    """Every content file of the folder, read as plain YAML, by path."""
    return {
        p.relative_to(content).as_posix(): yaml.safe_load(p.read_text("utf-8"))
        for p in sorted(content.rglob("*.yml"))
    }


def _addresses(data: Any) -> list[str]:
    """The `url` of every source and resource of a file, at any depth."""
    found: list[str] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("sources", "resources") and isinstance(value, list):
                found.extend(item["url"] for item in value if isinstance(item, dict))
            else:
                found.extend(_addresses(value))
    elif isinstance(data, list):
        for value in data:
            found.extend(_addresses(value))
    return found


def _bare(url: str) -> str:
    return url.split("://", 1)[1].removeprefix("www.").rstrip("/")


def _texts_with(tmp_path: Path, ident: str, **changes: Any) -> dict[str, OfficialText]:
    """The shipped list of official texts with one entry changed, read back from a file."""
    data = yaml.safe_load(DATA.read_text("utf-8"))
    data[ident] = {**data[ident], **changes}
    changed = tmp_path / "official_texts.yml"
    changed.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return read_texts(changed)


def test_a_replaced_text_warns_exactly_the_files_citing_it(minimal: Path, tmp_path: Path) -> None:
    files = _content_files(minimal)
    ident = "mene2517062c"
    url = yaml.safe_load(DATA.read_text("utf-8"))[ident]["url"]
    citing = {
        path
        for path, data in files.items()
        if ident in ((data.get("review") or {}).get("texts") or [])
        or any(_bare(u) == _bare(url) for u in _addresses(data))
    }
    assert len(citing) >= 3  # in review.texts, and by a source's address without « www. »
    texts = _texts_with(tmp_path, ident, status="replaced")
    title = texts[ident].title
    report = review_report(minimal, texts=texts, today=datetime.date(2026, 12, 6))
    about = (f"s'appuie sur « {title} »", f"cite « {title} »")
    warned = [p for p in report.problems if p.message.startswith(about)]
    assert {p.path for p in warned} == citing
    assert {p.code for p in warned} == {
        messages.REVIEW_TEXT_REPLACED.code,
        messages.SOURCE_TEXT_REPLACED.code,
    }
    # each warning points at the line that names the text
    for problem in warned:
        line = (minimal / problem.path).read_text("utf-8").splitlines()[problem.line - 1]
        assert ident in line or _bare(url) in line.replace("www.", ""), problem
    # with the text in force, none of them is reported for it
    report = review_report(minimal, texts=official_texts(), today=datetime.date(2026, 12, 6))
    assert not [p for p in report.problems if p.message.startswith(about)]


def test_an_aged_review_is_reported_at_its_date(minimal: Path) -> None:
    today = datetime.date.today()
    aged = today - datetime.timedelta(days=400)
    fresh = today - datetime.timedelta(days=10)
    for path in minimal.rglob("*.yml"):
        text = path.read_text("utf-8")
        path.write_text(text.replace("checked: 2026-12-06", f"checked: {fresh}"), "utf-8")
    file = minimal / "kits/partners/campus-aero.yml"
    file.write_text(
        file.read_text("utf-8").replace(f"checked: {fresh}", f"checked: {aged}"), "utf-8"
    )
    report = review_report(minimal, max_age_days=365)
    stale = [p for p in report.problems if p.code == messages.REVIEW_STALE.code]
    assert [p.path for p in stale] == ["kits/partners/campus-aero.yml"]
    lines = file.read_text("utf-8").splitlines()
    assert str(aged) in lines[stale[0].line - 1]
    assert "il y a 400 jours" in stale[0].message
    # a longer age lets it pass
    longer = review_report(minimal, max_age_days=500)
    assert not [p for p in longer.problems if p.code == messages.REVIEW_STALE.code]


def test_a_review_dated_after_today_is_a_slip(minimal: Path) -> None:
    file = minimal / "kits/actions/stage-3e.yml"
    file.write_text(file.read_text("utf-8").replace("checked: 2026-12-06", "checked: 2062-12-06"))
    report = review_report(minimal, today=datetime.date(2026, 12, 6))
    future = [p for p in report.problems if p.code == messages.REVIEW_FUTURE.code]
    lines = file.read_text("utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "checked: 2062-12-06" in text)
    assert [(p.path, p.line) for p in future] == [("kits/actions/stage-3e.yml", line)]


def test_a_file_without_record_is_a_warning_at_its_first_line(minimal: Path) -> None:
    files = _content_files(minimal)
    without = {path for path, data in files.items() if "review" not in data}
    assert without  # the fixture keeps one, as old files are
    report = review_report(minimal, today=datetime.date(2026, 12, 6))
    missing = {p.path for p in report.problems if p.code == messages.REVIEW_MISSING.code}
    assert missing == without
    assert all(
        (p.line, p.column) == (1, 1)
        for p in report.problems
        if p.code == messages.REVIEW_MISSING.code
    )


def test_the_command_warns_and_fails_only_when_strict(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["review", "--content", str(minimal)]) == 0
    out = capsys.readouterr().out
    assert "mooc/tuteurs/lessons/premier-jour.yml:1:1: aucun relevé de vérification" in out
    assert cli.main(["review", "--content", str(minimal), "--strict"]) == 1
    capsys.readouterr()
    assert cli.main(["review", "--content", str(minimal), "--format", "github"]) == 0
    assert "::warning file=mooc/tuteurs/lessons/premier-jour.yml,line=1,col=1::" in (
        capsys.readouterr().out
    )


def test_the_command_refuses_invalid_content(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = minimal / "kits/actions/stage-3e.yml"
    file.write_text(file.read_text("utf-8").replace("mene2517062c", "mene2517026c"), "utf-8")
    assert cli.main(["review", "--content", str(minimal)]) == 1
    err = capsys.readouterr().err
    assert "vouliez-vous dire « mene2517062c »" in err
    assert "relevés non examinés" in err


def test_each_page_shows_its_review_date_in_french(minimal: Path) -> None:
    catalog = validate(minimal)
    files = render(catalog, plan(catalog)).files
    months = MONTHS.split()
    pages = {
        "kits/actions/stage-3e.yml": "entreprises/actions/stage-3e.md",
        "kits/partners/campus-aero.yml": "partenaires/campus-aero.md",
        "kits/interlocutors/tuteur.yml": "interlocuteurs/tuteur.md",
        "kits/teams.yml": "equipes/index.md",
        "mooc/tuteurs/course.yml": "formations/tuteurs/index.md",
        "mooc/tuteurs/lessons/cadre-legal.yml": "formations/tuteurs/cadre-legal.md",
    }
    texts = yaml.safe_load(DATA.read_text("utf-8"))
    for source, page in pages.items():
        review = yaml.safe_load((minimal / source).read_text("utf-8"))["review"]
        day: datetime.date = review["checked"]
        text = files[page].decode()
        assert f"Vérifié le {day.day} {months[day.month - 1]} {day.year}" in text, page
        for ident in review["texts"]:
            assert f"(<{texts[ident]['url']}>)" in text, page
    # no record, no date
    assert "Vérifié le" not in files["formations/tuteurs/premier-jour.md"].decode()


def test_the_shipped_list_of_texts_is_sound() -> None:
    texts = official_texts()
    assert texts
    for ident, text in texts.items():
        assert text.url.startswith("https://"), ident
        if text.replaced_by is not None:
            assert texts[text.replaced_by].status == "in-force", ident


def test_a_replacement_must_be_in_the_list(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="replaced by unknown"):
        _texts_with(tmp_path, "mene2517062c", status="replaced", replaced_by="nulle-part")


def test_one_page_two_addresses() -> None:
    page = "https://www.education.gouv.fr/bo/2025/Hebdo47/MENE2517062C"
    assert same_address("http://education.gouv.fr/bo/2025/Hebdo47/MENE2517062C/") == (
        same_address(page)
    )
    assert same_address(page + "#annexe") == same_address(page)
    assert same_address("https://www.education.gouv.fr/bo/2025/Hebdo47/MENE2517063C") != (
        same_address(page)
    )


def test_the_schema_and_the_format_reference_describe_the_record() -> None:
    for name in KINDS:
        schema = schema_of(name)
        assert "review" in schema["properties"], name
        record = schema["$defs"]["Review"]
        assert record["required"] == ["checked"]
        assert record["properties"]["checked"]["format"] == "date"
    for section in sections():
        rows = {row["name"]: row for row in section["rows"]}
        assert rows["review.checked"]["required"] == "oui", section["title"]
        assert rows["review"]["required"] == "non", section["title"]


@pytest.mark.parametrize(
    ("day", "french"),
    [
        (datetime.date(2026, 12, 6), "6 décembre 2026"),
        (datetime.date(2026, 1, 1), "1er janvier 2026"),
        (datetime.date(2025, 8, 31), "31 août 2025"),
    ],
)
def test_dates_are_written_the_french_way(day: datetime.date, french: str) -> None:
    assert french_date(day) == french


def test_every_official_text_is_read_on_an_official_site() -> None:
    policy = yaml.safe_load(
        (Path(__file__).resolve().parents[1] / "official_sources.yml").read_text("utf-8")
    )
    for ident, text in official_texts().items():
        host = text.url.split("/")[2].lower()
        official = any(host == d or host.endswith("." + d) for d in policy["official"])
        assert official or text.url in (policy["exceptions"] or {}), ident


def test_an_edition_reviews_its_own_files_with_local(tmp_path: Path) -> None:
    edition = tmp_path / "edition"
    shutil.copytree(Path(__file__).resolve().parents[1] / "fixtures" / "edition", edition)
    own = edition / "kits/actions/forum-des-metiers-de-tours.yml"
    lines = own.read_text("utf-8").splitlines(keepends=True)
    own.write_text("".join(line for line in lines if not line.startswith("review:")), "utf-8")
    local = review_report(edition, local_only=True, today=datetime.date(2026, 12, 6))
    assert {p.path for p in local.problems} == {"kits/actions/forum-des-metiers-de-tours.yml"}
    assert local.files == len(list((edition / "kits").rglob("*.yml")))
    everything = review_report(edition, today=datetime.date(2026, 12, 6))
    assert everything.files > local.files
    assert {p.path for p in local.problems} <= {p.path for p in everything.problems}
