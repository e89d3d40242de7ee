"""`passerelles links` against a local HTTP server: each answer reported where it is written.

The server on 127.0.0.1 counts the requests it receives; « another site » is the same
server reached as `localhost`. Every address of the content tree points at it, so no
test leaves the machine, and every expected line comes from the YAML written here.

The checker refuses loopback addresses: the tests that talk to the local server give the
command's `check` the test-only allowance for that server's port (the `server` fixture);
the tests of the refusal itself give none, or one for another port.
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from generator.check.yaml_reader import parse
from generator.commands import links as links_command
from generator.commands.links import CACHE_FILE, register, run
from generator.linkcheck import check as linkcheck
from generator.linkcheck.check import Outcome, judge, load_cache, save_cache
from generator.linkcheck.urls import collect, document_urls

TIMEOUT = 1.0  # seconds given to each address; /slow waits far longer
SLOW_WAIT = 30.0
HTTP_LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<url>\S+) → (?P<what>.*)$")


@dataclass
class Server:
    base: str  # http://127.0.0.1:PORT
    other: str  # http://localhost:PORT: the same server under another host name
    requests: list[tuple[str, str]] = field(default_factory=list)  # (method, path)

    def paths(self) -> list[str]:
        return [path for _method, path in self.requests]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Http

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_GET(self) -> None:
        self._answer(head=False)

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def _answer(self, *, head: bool) -> None:
        self.server.record.requests.append((self.command, self.path))
        other = self.server.record.other
        routes: dict[str, tuple[int, dict[str, str]]] = {
            "/ok": (200, {}),
            "/same-site": (301, {"Location": "/ok"}),
            "/moved": (301, {"Location": f"{other}/ok"}),
            "/moved-missing": (302, {"Location": f"{other}/missing"}),
            "/missing": (404, {}),
            "/broken": (500, {}),
            "/no-head": (405 if head else 200, {"Allow": "GET"} if head else {}),
        }
        if self.path == "/slow":
            self.server.release.wait(SLOW_WAIT)
            self.close_connection = True
            return
        status, headers = routes.get(self.path, (404, {}))
        body = f"<p>{status}</p>".encode()
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)


class _Http(ThreadingHTTPServer):
    daemon_threads = True
    record: Server
    release: threading.Event


@pytest.fixture(scope="module")
def http_server() -> Iterator[Server]:
    httpd = _Http(("127.0.0.1", 0), _Handler)
    port = httpd.server_address[1]
    httpd.record = Server(f"http://127.0.0.1:{port}", f"http://localhost:{port}")
    httpd.release = threading.Event()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.record
    httpd.release.set()
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


@pytest.fixture
def server(http_server: Server, monkeypatch: pytest.MonkeyPatch) -> Server:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("all_proxy", raising=False)
    http_server.requests.clear()
    port = int(http_server.base.rsplit(":", 1)[1])
    allow = frozenset({("127.0.0.1", port), ("::1", port)})  # `localhost` may be either
    monkeypatch.setattr(links_command, "check", functools.partial(linkcheck.check, allow=allow))
    return http_server


# --------------------------------------------------------------------------- content


def position(text: str, needle: str) -> tuple[int, int]:
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(f"{needle!r} absent")


def partner_text(base: str) -> str:
    return f"""name: Campus de l'aéronautique
kind: network
scope: academy
academies: [toulouse, bordeaux]
description: |
  Un réseau de lycées, d'écoles et d'entreprises d'une filière.
  Son [programme]({base}/no-head) et [son contact](mailto:contact@example.org),
  voir aussi [l'action](action:stage-3e).

  Une page lente : <{base}/slow>.
website: {base}/moved
sources:
  - {{title: Ancienne adresse, url: "{base}/same-site"}}
  - {{title: Page déplacée puis perdue, url: "{base}/moved-missing"}}
"""


@dataclass(frozen=True)
class Expected:
    path: str
    line: int
    column: int
    url: str


@pytest.fixture
def content(minimal: Path, server: Server) -> tuple[Path, dict[str, Expected]]:
    """The fixture set, every address on the local server; a few at known places."""
    base = server.base
    visit = minimal / "kits/actions/visite-atelier.yml"
    visit.write_text(
        visit.read_text("utf-8").replace("https://example.org/guide", f"{base}/missing"), "utf-8"
    )
    lesson = minimal / "mooc/tuteurs/lessons/cadre-legal.yml"
    lesson.write_text(
        re.sub(r"https://[^\"]+", f"{base}/broken", lesson.read_text("utf-8")), "utf-8"
    )
    for file in minimal.rglob("*.yml"):
        text = file.read_text("utf-8")
        file.write_text(
            re.sub(r"https?://(?!127\.0\.0\.1)[^\s\"')>]+", f"{base}/ok", text), "utf-8"
        )
    partner = partner_text(base)
    (minimal / "kits/partners/campus-aero.yml").write_text(partner, "utf-8")
    expected: dict[str, Expected] = {}
    for name, text, where in (
        ("missing", visit.read_text("utf-8"), "kits/actions/visite-atelier.yml"),
        ("broken", lesson.read_text("utf-8"), "mooc/tuteurs/lessons/cadre-legal.yml"),
        *(
            (name, partner, "kits/partners/campus-aero.yml")
            for name in ("no-head", "slow", "moved", "same-site", "moved-missing")
        ),
    ):
        url = f"{base}/{name}"
        expected[name] = Expected(where, *position(text, url), url)
    return minimal, expected


def links(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="passerelles")
    register(parser.add_subparsers(dest="command"))
    return run(parser.parse_args(["links", *argv]))


def reported(out: str) -> dict[str, tuple[str, int, int, str]]:
    """URL → (path, line, column, what happened) for each text line of the report."""
    found: dict[str, tuple[str, int, int, str]] = {}
    for line in out.splitlines():
        match = HTTP_LINE.match(line)
        if match:
            found[match["url"]] = (
                match["path"],
                int(match["line"]),
                int(match["col"]),
                match["what"],
            )
    return found


# --------------------------------------------------------------------------- tests


def test_addresses_are_found_where_they_are_written(
    content: tuple[Path, dict[str, Expected]],
) -> None:
    folder, expected = content
    uses = {(u.url, u.path, u.line, u.column) for u in collect(folder)}
    for wanted in expected.values():
        assert (wanted.url, wanted.path, wanted.line, wanted.column) in uses
    urls = {u for u, *_ in uses}
    assert not any(u.startswith(("mailto:", "action:")) for u in urls)


def test_each_answer_is_reported_at_its_line(
    content: tuple[Path, dict[str, Expected]],
    server: Server,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder, expected = content
    code = links("--content", str(folder), "--timeout", str(TIMEOUT))
    out = capsys.readouterr().out
    assert code == 1
    found = reported(out)

    def at(name: str) -> str:
        wanted = expected[name]
        path, line, column, what = found[wanted.url]
        assert (path, line, column) == (wanted.path, wanted.line, wanted.column)
        return what

    assert "404" in at("missing") and "introuvable" in at("missing")
    assert "500" in at("broken") and "serveur" in at("broken")
    assert at("slow") == "aucune réponse en 1 s"
    assert at("moved") == f"redirigé vers un autre site : {server.other}/ok (mettez le lien à jour)"
    moved_missing = at("moved-missing")
    assert "404" in moved_missing and f"{server.other}/missing" in moved_missing
    # fine answers are not reported: HEAD refused but GET fine, a redirect within the site
    for fine in ("no-head", "same-site"):
        assert expected[fine].url not in found
    assert not [u for u in found if u.endswith("/ok")]
    assert ("HEAD", "/no-head") in server.requests and ("GET", "/no-head") in server.requests
    assert out.splitlines()[-1].endswith("4 liens cassés, 1 à vérifier.")


def test_a_second_run_within_the_expiry_asks_nothing(
    content: tuple[Path, dict[str, Expected]],
    server: Server,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder, _expected = content
    links("--content", str(folder), "--timeout", str(TIMEOUT))
    first = capsys.readouterr().out
    asked = len(server.requests)
    assert asked > 0 and (folder / CACHE_FILE).is_file()

    assert links("--content", str(folder), "--timeout", str(TIMEOUT)) == 1
    second = capsys.readouterr().out
    assert len(server.requests) == asked
    assert reported(second) == reported(first)
    assert "(0 interrogée, 8 d'après le cache de moins de 24 h)" in second

    links("--content", str(folder), "--timeout", str(TIMEOUT), "--max-age", "0")
    capsys.readouterr()
    assert len(server.requests) > asked


def test_github_annotations(
    content: tuple[Path, dict[str, Expected]],
    server: Server,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder, expected = content
    monkeypatch.chdir(folder.parent)  # the repository root: paths start with the folder
    assert links("--content", folder.name, "--timeout", str(TIMEOUT), "--format", "github") == 1
    lines = capsys.readouterr().out.splitlines()
    by_url = {}
    for line in lines:
        head, message = line.split("::", 2)[1:]
        command, properties = head.split(" ", 1)
        by_url[message.split(" → ")[0]] = (command, properties, message)
    for name, command in (
        ("missing", "error"),
        ("broken", "error"),
        ("slow", "error"),
        ("moved-missing", "error"),
        ("moved", "warning"),
    ):
        wanted = expected[name]
        got_command, properties, _message = by_url[wanted.url]
        assert got_command == command
        assert properties == (
            f"file={folder.name}/{wanted.path},line={wanted.line},col={wanted.column}"
        )
    assert len(lines) == 5


def test_gitlab_code_quality(
    content: tuple[Path, dict[str, Expected]],
    server: Server,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder, expected = content
    monkeypatch.chdir(folder.parent)
    assert links("--content", folder.name, "--timeout", str(TIMEOUT), "--format", "gitlab") == 1
    issues = json.loads(capsys.readouterr().out)
    by_url = {issue["description"].split(" → ")[0]: issue for issue in issues}
    assert len(issues) == 5
    for name, check, severity in (
        ("missing", "link-not-found", "major"),
        ("broken", "link-server-error", "major"),
        ("slow", "link-timeout", "major"),
        ("moved-missing", "link-not-found", "major"),
        ("moved", "link-redirected", "minor"),
    ):
        wanted = expected[name]
        issue = by_url[wanted.url]
        assert issue["check_name"] == check
        assert issue["severity"] == severity
        assert issue["location"] == {
            "path": f"{folder.name}/{wanted.path}",
            "lines": {"begin": wanted.line},
        }
        assert re.fullmatch(r"[0-9a-f]{32}", issue["fingerprint"])
    assert len({issue["fingerprint"] for issue in issues}) == 5


def test_content_errors_stop_before_any_request(
    content: tuple[Path, dict[str, Expected]],
    server: Server,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder, _expected = content
    partner = folder / "kits/partners/campus-aero.yml"
    partner.write_text(partner.read_text("utf-8").replace("scope: academy", "scope: monde"))
    assert links("--content", str(folder), "--timeout", str(TIMEOUT)) == 1
    err = capsys.readouterr().err
    assert err.startswith("kits/partners/campus-aero.yml:3:8: ")
    assert err.rstrip().endswith("1 erreur dans le contenu : liens non vérifiés.")
    assert server.requests == []


def test_an_unreadable_cache_is_started_afresh(
    content: tuple[Path, dict[str, Expected]],
    server: Server,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder, _expected = content
    cache = folder / CACHE_FILE
    cache.parent.mkdir(parents=True)
    cache.write_text("{ pas du json", "utf-8")
    assert links("--content", str(folder), "--timeout", str(TIMEOUT)) == 1
    assert len(reported(capsys.readouterr().out)) == 5
    assert json.loads(cache.read_text("utf-8"))["version"] == linkcheck.CACHE_VERSION


def test_a_clean_tree_exits_zero(
    minimal: Path, server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    for file in minimal.rglob("*.yml"):
        text = file.read_text("utf-8")
        file.write_text(re.sub(r"https?://[^\s\"')>]+", f"{server.base}/ok", text), "utf-8")
    assert links("--content", str(minimal), "--timeout", str(TIMEOUT)) == 0
    out = capsys.readouterr().out
    assert out.splitlines() == [
        "1 adresse vérifiée (1 interrogée, 0 d'après le cache de moins de 24 h) : "
        "0 lien cassé, 0 à vérifier."
    ]


# --------------------------------------------------------------------------- policy


@pytest.mark.parametrize(
    ("status", "final", "verdict", "code"),
    [
        (200, "https://www.example.org/page", "ok", "link-ok"),  # www. is the same site
        (200, "http://example.org:8080/page", "ok", "link-ok"),  # so are scheme and port
        (200, "https://example.net/page", "warning", "link-redirected"),
        (403, "https://example.org/page", "warning", "link-access-refused"),
        (429, "https://example.org/page", "warning", "link-rate-limited"),
        (410, "https://example.org/page", "broken", "link-not-found"),
        (400, "https://example.org/page", "broken", "link-refused"),
        (503, "https://example.org/page", "broken", "link-server-error"),
    ],
)
def test_what_counts_as_broken(status: int, final: str, verdict: str, code: str) -> None:
    outcome = judge("https://example.org/page", status, final, 0.0)
    assert (outcome.verdict, outcome.code) == (verdict, code)


def test_the_cache_keeps_only_recent_results(tmp_path: Path) -> None:
    cache = tmp_path / "links-cache.json"
    hour = 3600.0
    save_cache(
        cache,
        {
            "https://example.org/recent": Outcome("ok", "link-ok", "répond", 100 * hour),
            "https://example.org/old": Outcome("ok", "link-ok", "répond", 70 * hour),
            "https://example.org/future": Outcome("ok", "link-ok", "répond", 200 * hour),
        },
    )
    kept = load_cache(cache, max_age_hours=24, now=101 * hour)
    assert list(kept) == ["https://example.org/recent"]
    assert load_cache(cache, max_age_hours=0, now=101 * hour) == {}


def test_addresses_in_every_scalar_style() -> None:
    text = "\n".join(
        [
            "title: Voir https://exemple.fr/titre sans lien",
            "intro: >",
            "  Un texte replié sur",
            "  deux lignes, puis [un lien](https://exemple.fr/plie)",
            "  et [un courriel](mailto:x@exemple.fr).",
            "plain: un texte simple",
            "  sur deux lignes [ici](https://exemple.fr/simple)",
            'quoted: "[cité](https://exemple.fr/cite)"',
            "list:",
            "  - https://exemple.fr/liste",
            "  - {url: 'https://exemple.fr/plie'}",
            "escaped: |",
            "  premier paragraphe",
            "",
            r"  [échappé](https://exemple.fr/a\_b)",
        ]
    )
    uses = document_urls(parse("essai.yml", text.encode()), text)
    lines = text.splitlines()
    expected = []
    for url in (
        "https://exemple.fr/plie",
        "https://exemple.fr/simple",
        "https://exemple.fr/cite",
        "https://exemple.fr/liste",
    ):
        number = next(n for n, line in enumerate(lines, 1) if url in line)
        expected.append((number, lines[number - 1].index(url) + 1, url))
    second = lines.index("  - {url: 'https://exemple.fr/plie'}") + 1
    expected.append((second, lines[second - 1].index("https") + 1, "https://exemple.fr/plie"))
    # not literally in the file: the line is estimated from the Markdown, after its indentation
    expected.append((len(lines), 3, "https://exemple.fr/a_b"))
    assert sorted((u.line, u.column, u.url) for u in uses) == sorted(expected)
