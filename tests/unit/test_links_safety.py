"""`passerelles links` asks only public addresses, prints no query string, keeps to its
time budget, and runs on an académie edition.

Local servers on 127.0.0.1 count what they receive. The checker refuses the loopback: a
test that must reach a server gives the Python API the test-only allowance for that
server's port, never for the one whose silence it proves.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from generator.commands.links import CACHE_FILE, register, run
from generator.linkcheck import check as linkcheck
from generator.linkcheck import public_http
from generator.linkcheck.urls import collect
from generator.run import bundle

ROOT = Path(__file__).resolve().parents[2]
EDITION = ROOT / "tests" / "fixtures" / "edition"
TIMEOUT = 2.0
Routes = dict[str, tuple[int, dict[str, str]]]


@dataclass
class Counted:
    base: str  # http://127.0.0.1:PORT
    port: int
    requests: list[tuple[str, str, str]] = field(default_factory=list)  # method, path, Host


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_GET(self) -> None:
        self._answer(head=False)

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _answer(self, *, head: bool) -> None:
        self.server.record.requests.append((self.command, self.path, self.headers["Host"]))
        if self.path == "/slow":
            self.server.release.wait(30)
            self.close_connection = True
            return
        status, headers = self.server.routes.get(self.path, (404, {}))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    record: Counted
    routes: Routes
    release: threading.Event


@contextmanager
def counting(routes: Routes) -> Iterator[Counted]:
    """A server on 127.0.0.1 that answers `routes` and records every request."""
    httpd = _Server(("127.0.0.1", 0), _Handler)
    port = httpd.server_address[1]
    httpd.record = Counted(f"http://127.0.0.1:{port}", port)
    httpd.routes = routes
    httpd.release = threading.Event()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd.record
    finally:
        httpd.release.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def only(port: int) -> public_http.Allowance:
    return frozenset({("127.0.0.1", port)})


def links(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="passerelles")
    register(parser.add_subparsers(dest="command"))
    return run(parser.parse_args(["links", *argv]))


def point_every_address_at(content: Path, url: str) -> None:
    for file in content.rglob("*.yml"):
        text = file.read_text("utf-8")
        file.write_text(re.sub(r"https?://[^\s\"')>]+", url, text), "utf-8")


# --------------------------------------------------------------------------- addresses


def test_a_redirect_to_the_loopback_is_refused_without_being_requested(tmp_path: Path) -> None:
    with counting({"/secret": (200, {})}) as internal:
        target = f"{internal.base}/secret?token=abc123"
        with counting({"/go": (302, {"Location": target})}) as first:
            url = f"{first.base}/go"
            results = linkcheck.check(
                [url],
                tmp_path / "cache.json",
                timeout=TIMEOUT,
                concurrency=2,
                max_age_hours=0,
                allow=only(first.port),
            )
        assert internal.requests == []
        assert [(m, p) for m, p, _host in first.requests] == [("HEAD", "/go")]
    outcome = results.outcomes[url]
    assert (outcome.verdict, outcome.code) == ("broken", "link-internal-address")
    assert outcome.detail == (
        "adresse interne refusée : 127.0.0.1 mène à 127.0.0.1, qui n'est pas sur Internet "
        f"après redirection vers {internal.base}/secret?…"
    )
    assert "abc123" not in json.dumps(json.loads((tmp_path / "cache.json").read_text("utf-8")))


def test_the_command_never_requests_the_loopback(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No allowance: the command as an editor runs it, on addresses of this machine. (An
    address with a user and password is refused by validation: see how addresses are
    printed, below, for what the checker would show of one.)"""
    with counting({"/ok": (200, {})}) as local:
        point_every_address_at(minimal, f"http://localhost:{local.port}/ok?cle=x")
        assert links("--content", str(minimal), "--timeout", str(TIMEOUT)) == 1
        assert local.requests == []
    out = capsys.readouterr().out
    line = f"http://localhost:{local.port}/ok?… → adresse interne refusée : localhost mène à "
    assert line in out
    assert "cle=x" not in out
    assert out.splitlines()[-1].endswith(": 1 lien cassé, 0 à vérifier.")


def test_a_name_is_connected_to_the_address_that_was_checked(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The host name is resolved once, where the connection is made, and the connection
    goes to that address; the request still names the host."""
    asked: list[str] = []

    async def resolve(host: str, port: int) -> list[str]:
        asked.append(host)
        return ["127.0.0.1"]

    monkeypatch.setattr(public_http, "resolve", resolve)
    with counting({"/ok": (200, {})}) as local:
        url = f"http://site-public.test:{local.port}/ok"
        allowed = linkcheck.check(
            [url],
            tmp_path / "a.json",
            timeout=TIMEOUT,
            concurrency=1,
            max_age_hours=0,
            allow=only(local.port),
        )
        assert allowed.outcomes[url].verdict == "ok"
        assert local.requests == [("HEAD", "/ok", f"site-public.test:{local.port}")]
        refused = linkcheck.check(
            [url], tmp_path / "b.json", timeout=TIMEOUT, concurrency=1, max_age_hours=0
        )
        assert refused.outcomes[url].code == "link-internal-address"
        assert len(local.requests) == 1
    assert asked == ["site-public.test", "site-public.test"]


def test_an_unknown_host_is_unreachable_not_an_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def unknown(*args: object, **kwargs: object) -> list[object]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", unknown)  # no query leaves the machine
    url = "https://site-disparu.invalid/page"
    results = linkcheck.check(
        [url], tmp_path / "cache.json", timeout=TIMEOUT, concurrency=1, max_age_hours=0
    )
    assert (results.outcomes[url].verdict, results.outcomes[url].code) == (
        "broken",
        "link-unreachable",
    )


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.8.9.10",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",  # a cloud's metadata service
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "192.0.2.1",
        "::1",
        "::",
        "fe80::1%1",
        "fc00::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "2002:7f00:1::1",  # 6to4 around 127.0.0.1
        "2001:db8::1",
    ],
)
def test_internal_addresses_are_not_public(address: str) -> None:
    assert not public_http.is_public(address)


@pytest.mark.parametrize("address", ["8.8.8.8", "193.51.24.1", "2001:4860:4860::8888"])
def test_public_addresses_are_public(address: str) -> None:
    assert public_http.is_public(address)


@pytest.mark.parametrize(
    ("url", "printed"),
    [
        ("https://example.org/page?token=1#haut", "https://example.org/page?…"),
        ("https://nom:secret@example.org:8443/a/b", "https://example.org:8443/a/b"),
        ("https://example.org/page#haut", "https://example.org/page"),
    ],
)
def test_addresses_are_printed_without_query_or_user(url: str, printed: str) -> None:
    assert linkcheck.shown(url) == printed


# --------------------------------------------------------------------------- budget


def test_what_the_budget_leaves_is_reported_unchecked_and_not_cached(
    minimal: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with counting({"/ok": (200, {})}) as local:
        point_every_address_at(minimal, f"{local.base}/ok")
        partner = minimal / "kits/partners/campus-aero.yml"
        partner.write_text(
            partner.read_text("utf-8").replace(f"{local.base}/ok", f"{local.base}/slow", 1)
        )
        allowed = lambda *a, **k: linkcheck.check(*a, **k, allow=only(local.port))  # noqa: E731
        monkeypatch.setattr("generator.commands.links.check", allowed)
        start = time.monotonic()
        code = links("--content", str(minimal), "--timeout", "60", "--budget", "1.5")
        elapsed = time.monotonic() - start
    out = capsys.readouterr().out
    assert code == 0, out
    assert elapsed < 10
    assert (
        f"{local.base}/slow → non vérifiée : le temps total de la vérification (1,5 s) était écoulé"
        in out
    )
    assert out.splitlines()[-1] == (
        "1 adresse vérifiée (1 interrogée, 0 d'après le cache de moins de 24 h, "
        "1 non vérifiée faute de temps) : 0 lien cassé, 0 à vérifier."
    )
    cached = json.loads((minimal / CACHE_FILE).read_text("utf-8"))["urls"]
    assert list(cached) == [f"{local.base}/ok"]


# --------------------------------------------------------------------------- edition


def test_an_edition_s_base_files_are_read_from_the_base(tmp_path: Path) -> None:
    edition = shutil.copytree(EDITION, tmp_path / "edition")
    uses = collect(edition)
    national = [use for use in uses if use.path.startswith("national/")]
    own = [use for use in uses if not use.path.startswith("national/")]
    assert national and own
    for use in national:
        lines = (
            (bundle.national_content() / use.path.removeprefix("national/"))
            .read_text("utf-8")
            .splitlines()
        )
        assert use.url in lines[use.line - 1] or "\\" in lines[use.line - 1], use
    for use in own:
        assert use.url in (edition / use.path).read_text("utf-8").splitlines()[use.line - 1]


def test_the_command_runs_on_an_edition(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every address known from a fresh cache: the run asks nothing, and reports nothing."""
    edition = shutil.copytree(EDITION, tmp_path / "edition")
    urls = {use.url for use in collect(edition)}
    now = time.time()
    linkcheck.save_cache(
        edition / CACHE_FILE,
        {url: linkcheck.Outcome("ok", "link-ok", "répond", now) for url in urls},
    )
    assert links("--content", str(edition)) == 0
    captured = capsys.readouterr()
    assert "illisible" not in captured.out + captured.err
    assert captured.out.splitlines() == [
        f"{len(urls)} adresses vérifiées (0 interrogée, {len(urls)} d'après le cache de moins "
        "de 24 h) : 0 lien cassé, 0 à vérifier."
    ]


def test_a_base_folder_s_addresses_are_found_in_it(tmp_path: Path) -> None:
    base = shutil.copytree(ROOT / "tests" / "fixtures" / "minimal", tmp_path / "base")
    edition = tmp_path / "edition"
    edition.mkdir()
    (edition / "edition.yml").write_text(
        "title: Édition de test\nacademy: lille\nbase: ../base\n", "utf-8"
    )
    uses = collect(edition)
    assert uses and all(use.path.startswith("../base/") for use in uses)
    for use in uses:
        line = (base / use.path.removeprefix("../base/")).read_text("utf-8").splitlines()
        assert use.url in line[use.line - 1], use
