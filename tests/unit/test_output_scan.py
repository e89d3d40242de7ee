"""The output scan itself (generator/trust/output_scan.py), on documents that break each rule
once: it must find each, and nothing in what the project writes."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import jinja2
import material
import pytest

from generator.plan import cards_data
from generator.run import processes
from generator.trust import csp, output_scan

THEME = Path(material.__file__).parent / "templates"


def _policy() -> csp.SitePolicy:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(THEME)))
    config = {"theme": {"features": []}, "extra": {}}
    return csp.SitePolicy(env, config, offline=False)


def test_it_finds_each_thing_the_project_never_writes() -> None:
    html = (
        '<script src="own.js"></script>'
        '<script src="https://cdn.example.org/x.js"></script>'
        "<script>alert(1)</script>"
        "<img/src=x onerror=alert(1)>"
        '<a href=" jav&#x09;ascript:alert(1)">x</a>'
        '<iframe src="https://example.org"></iframe>'
        '<meta http-equiv="refresh" content="0;url=https://example.org">'
        '<p style="background:url(https://example.org/x.png)">x</p>'
    )
    own = "own.js"
    found = output_scan.scan_html(html, lambda a, b: None if a.get("src") == own else "script")
    assert found == [
        "script",
        "script",
        "attribut « onerror » sur <img>",
        "adresse «  jav\tascript:alert(1) » sur <a>",
        "élément <iframe>",
        "<meta http-equiv=« refresh »>",
        "style « background:url(https://example.org/x.png) » sur <p>",
    ]


def test_it_parses_as_a_browser_does() -> None:
    """« <img/src=x/onerror=…> » is one src attribute for a browser: nothing runs."""
    assert output_scan.scan_html("<img/src=x/onerror=alert(1)>", output_scan.no_script) == []
    found = output_scan.scan_html("<svg><animate onbegin=alert(1)></svg>", output_scan.no_script)
    assert "attribut « onbegin » sur <animate>" in found


def test_material_inline_scripts_pass_by_their_hash_and_nothing_else(tmp_path: Path) -> None:
    policy = _policy()
    rules = output_scan.SiteRules(policy, frozenset({"assets/js/a.js"}))
    bodies = csp.inline_scripts(policy.env, {"config": policy.config, "base_url": ".."})
    assert bodies, "Material writes inline scripts"
    page = "equipes/index.html"
    script_ok, meta_ok = rules.for_page(page)
    head = f'<meta http-equiv="Content-Security-Policy" content="{policy("..")}">'
    scripts = "".join(f"<script>{b}</script>" for b in bodies)
    own = '<script src="../assets/js/a.js"></script>'
    ok = f"<html><head>{head}</head><body>{scripts}{own}</body></html>"
    assert output_scan.scan_html(ok, script_ok, meta_ok=meta_ok) == []
    # the same script written for another depth is not Material's for this page
    other = csp.inline_scripts(policy.env, {"config": policy.config, "base_url": "../.."})
    moved = ok.replace(scripts, "".join(f"<script>{b}</script>" for b in other))
    assert any("script en ligne inconnu" in f for f in output_scan.scan_html(moved, script_ok))
    # a page without its policy, or with another one
    assert output_scan.scan_html(ok.replace(head, ""), script_ok, meta_ok=meta_ok)[-1].startswith(
        "politique de sécurité"
    )
    unknown = ok.replace("assets/js/a.js", "assets/js/b.js")
    assert "script inconnu « ../assets/js/b.js »" in output_scan.scan_html(unknown, script_ok)


def test_package_pages_qti_and_olx_files() -> None:
    page = (
        f'<html><head><meta http-equiv="Content-Security-Policy" content="{csp.PACKAGE_POLICY}">'
        '</head><body><script src="../assets/quiz.js"></script></body></html>'
    )
    files = {"lecons/a.html": page.encode(), "assets/quiz.js": b""}
    assert list(output_scan.scan_package(files)) == []
    inline = page.replace('<script src="../assets/quiz.js"></script>', "<script>x()</script>")
    assert [p.what for p in output_scan.scan_package({"lecons/a.html": inline.encode()})] == [
        "script en ligne"
    ]
    qti = (
        b'<questestinterop><item><mattext texttype="text/html">'
        b"&lt;img src=x onerror=alert(1)&gt;</mattext></item></questestinterop>"
    )
    assert [p.what for p in output_scan.scan_package({"q.xml": qti})] == [
        "attribut « onerror » sur <img>"
    ]
    broken = output_scan.scan_package({"problem/p.xml": b"<problem><p>x</problem>"})
    assert [p.what.split(" (")[0] for p in broken] == ["XML mal formé"]


HOSTILE = '"]}; alert(1); //</script><img src=x onerror=alert(1)>\u2028&amp;'


def _card(title: str) -> dict[str, object]:
    data = {"id": "a", "format": "visit", "title": title, "search": title}
    return {"title": title, "origin": None, "summary": title, "facts": "Visite", "data": data}


def test_a_kits_data_file_keeps_hostile_text_inside_its_json(tmp_path: Path) -> None:
    """The cards' data file (cartes.js) carries what the content says as JSON strings: a
    title written to end the value, the script or the line reads back as the same text,
    and the scan accepts the file; code added around or inside the value is refused."""
    written = cards_data.script("teams", {"cards": [_card(HOSTILE)]})
    text = written.decode()
    for raw in ("<", ">", "\u2028", "&"):
        assert raw not in text
    assert cards_data.read(text) == ("teams", {"cards": [_card(HOSTILE)]})
    folder = tmp_path / "equipes"
    folder.mkdir()
    target = folder / cards_data.FILE_NAME
    target.write_bytes(written)
    assert list(output_scan.scan_cards(tmp_path)) == []

    appended = text + "alert(1);\n"
    inside = text.replace('{"cards":', 'alert(1) || {"cards":', 1)
    other_kit = text.replace('["teams"]', "[alert(1)]", 1)
    odd_card = cards_data.script("teams", {"cards": [{**_card("x"), "href": "javascript:x"}]})
    odd_data = cards_data.script("teams", {"cards": [{**_card("x"), "data": {"on-x": "y"}}]})
    for bad in (appended, inside, other_kit, odd_card.decode(), odd_data.decode()):
        target.write_text(bad, "utf-8")
        found = list(output_scan.scan_cards(tmp_path))
        assert [p.file for p in found] == [f"equipes/{cards_data.FILE_NAME}"], bad


def _site_to_scan(site: Path) -> list[tuple[str, str]]:
    """A small site: clean pages and pages that break a rule, in several folders; what
    the scan must find there, in the order of the files' paths (the input of the test)."""
    hostile = {
        "a/index.html": "<p onclick=x>a</p>",
        "b/c/index.html": '<a href="javascript:x">b</a>',
        "z/index.html": "<iframe></iframe>",
    }
    expected = {
        "a/index.html": "attribut « onclick » sur <p>",
        "b/c/index.html": "adresse « javascript:x » sur <a>",
        "z/index.html": "élément <iframe>",
    }
    pages = {**{f"p{n}/index.html": f"<p>{n}</p>" for n in range(12)}, **hostile}
    for name, html in pages.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(html, "utf-8")
    return sorted(expected.items())


def test_a_site_read_on_every_core_gives_the_problems_of_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _site_to_scan(tmp_path)
    rules = output_scan.SiteRules(_policy(), frozenset())
    monkeypatch.setenv(processes.MIN_PAGES_VARIABLE, "1")
    for jobs in ("1", "2"):
        monkeypatch.setenv(processes.JOBS_VARIABLE, jobs)
        found = [
            (p.file, p.what)
            for p in output_scan.scan_site(tmp_path, rules)
            if "politique de sécurité" not in p.what  # these pages have no policy: all
        ]
        assert found == expected, jobs


def test_the_pool_reads_the_pages_and_this_process_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _site_to_scan(tmp_path)
    rules = output_scan.SiteRules(_policy(), frozenset())
    read: list[int] = []
    real = Path.read_text

    def counted(path: Path, *args: Any, **kwargs: Any) -> str:
        read.append(os.getpid())
        return real(path, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", counted)
    monkeypatch.setenv(processes.MIN_PAGES_VARIABLE, "1")
    monkeypatch.setenv(processes.JOBS_VARIABLE, "2")
    list(output_scan.scan_site(tmp_path, rules))
    assert read == []  # the forked processes read the pages (their own lists)
    monkeypatch.setenv(processes.MIN_PAGES_VARIABLE, "100")  # more pages than the site has
    list(output_scan.scan_site(tmp_path, rules))
    assert len(read) == 15 and set(read) == {os.getpid()}
