"""The official texts the content relies on (generator/data/official_texts.yml): each entry
is dated and sourced on an official host, a replaced text names the text in force that
replaced it, and no content file links to a text marked replaced."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[2]
TEXTS = yaml.safe_load((ROOT / "generator/data/official_texts.yml").read_text("utf-8"))
POLICY = yaml.safe_load(
    (Path(__file__).resolve().parents[1] / "official_sources.yml").read_text("utf-8")
)
ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
URL = re.compile(r"https?://[^\s\"'<>)\]]+")


def _official(url: str) -> bool:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    official = parts.scheme == "https" and any(
        host == domain or host.endswith("." + domain) for domain in POLICY["official"]
    )
    return official or url in (POLICY["exceptions"] or {})


def _problems(texts: dict[str, dict[str, object]]) -> list[str]:
    found = []
    for tid, entry in texts.items():
        if not ID.match(tid):
            found.append(f"{tid}: id")
        if not isinstance(entry.get("title"), str) or not entry["title"]:
            found.append(f"{tid}: title")
        if not isinstance(entry.get("date"), datetime.date):
            found.append(f"{tid}: date")
        if not _official(str(entry.get("url", ""))):
            found.append(f"{tid}: url")
        status, by = entry.get("status"), entry.get("replaced_by")
        if status == "in-force" and by is None:
            continue
        if status != "replaced" or by not in texts or texts[by].get("status") != "in-force":
            found.append(f"{tid}: status")
    return found


def _key(url: str) -> str:
    """An address without its scheme nor « www. »: the content spells some hosts both ways."""
    parts = urlsplit(url.rstrip(".,;"))
    host = (parts.hostname or "").removeprefix("www.")
    return host + parts.path + (f"?{parts.query}" if parts.query else "")


def _content_urls() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted([*ROOT.glob("kits/**/*.yml"), *ROOT.glob("mooc/**/*.yml")]):
        for url in URL.findall(path.read_text("utf-8")):
            found.setdefault(_key(url), []).append(path.relative_to(ROOT).as_posix())
    return found


def test_every_text_is_dated_sourced_and_its_status_consistent() -> None:
    assert TEXTS, "official_texts.yml is empty"
    assert _problems(TEXTS) == []


def test_the_check_sees_a_replaced_text_without_a_text_in_force() -> None:
    broken = {
        "old": {
            "title": "t",
            "url": "https://www.education.gouv.fr/bo/x",
            "date": datetime.date(2024, 1, 1),
            "status": "replaced",
            "replaced_by": "gone",
        },
        "dated": {"title": "t", "url": "http://example.org/", "date": "2024", "status": "in-force"},
    }
    assert _problems(broken) == ["old: status", "dated: date", "dated: url"]


def test_no_content_file_links_to_a_replaced_text() -> None:
    urls = _content_urls()
    replaced = {_key(e["url"]): tid for tid, e in TEXTS.items() if e["status"] == "replaced"}
    assert replaced, "no text is marked replaced: the check below would prove nothing"
    citing = {tid: urls[url] for url, tid in replaced.items() if url in urls}
    assert citing == {}
