"""`passerelles serve`'s watcher: the system's notifications by default, a scan of the
files with --poll (folders shared with a container or a virtual machine)."""

from __future__ import annotations

import queue
import socket
import time
from pathlib import Path
from typing import Any

import pytest
from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from generator.commands import cli
from generator.commands import serve as serve_command
from generator.preview import server as preview


def test_the_system_watcher_tells_of_saves_not_of_reads(tmp_path: Path) -> None:
    """Each build reads the content: were reads reported, each build would start another."""
    action = tmp_path / "kits" / "actions" / "visite.yml"
    action.parent.mkdir(parents=True)
    action.write_text("title: Visite\n", "utf-8")
    seen: queue.Queue[str] = queue.Queue()
    handler = FileSystemEventHandler()
    handler.on_any_event = lambda event: seen.put(event.event_type)  # type: ignore[method-assign]
    watcher = preview._watcher(poll=False)
    watcher.schedule(handler, str(tmp_path), recursive=True)
    watcher.start()
    try:
        time.sleep(0.2)
        action.read_bytes()
        with pytest.raises(queue.Empty):
            seen.get(timeout=1.0)  # a read: nothing
        action.write_text("title: Visite d'atelier\n", "utf-8")
        assert seen.get(timeout=10) in {"modified", "closed"}  # a save: told at once
    finally:
        watcher.stop()
        watcher.join()


def test_the_preview_listens_to_the_system_unless_told_to_poll() -> None:
    native = preview._watcher(poll=False)
    assert isinstance(native, Observer) and not isinstance(native, PollingObserver)
    polling = preview._watcher(poll=True)
    assert isinstance(polling, PollingObserver)
    assert polling.timeout == preview.POLL_INTERVAL < 0.5  # MkDocs' own scan: every 0.5 s


@pytest.mark.parametrize(("argv", "poll"), [([], False), (["--poll"], True)])
def test_the_poll_option_reaches_the_preview(
    argv: list[str], poll: bool, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(serve_command, "serve", lambda content, **options: calls.append(options))
    assert cli.main(["serve", "--content", str(tmp_path), *argv]) == 0
    assert [call["poll"] for call in calls] == [poll]


def _raw_get(port: int, host: str) -> tuple[int, str]:
    """A GET written by hand, with the `Host` header a hostile page could make a browser
    send: the status code and the body."""
    request = f"GET /index.html HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(request.encode("ascii"))
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body.decode("utf-8")


def test_the_preview_answers_only_its_own_address(tmp_path: Path) -> None:
    from mkdocs.livereload import LiveReloadServer

    (tmp_path / "index.html").write_text("<p>Page de l'aperçu</p>", "utf-8")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    server.server_bind()
    server.server_activate()
    port = server.server_address[1]
    preview.guard_hosts(server, "127.0.0.1", port)
    server.serve_thread.start()
    try:
        for other in (f"attaquant.example:{port}", f"127.0.0.1:{port + 1}", "localhost"):
            status, body = _raw_get(port, other)
            assert status == 421, other
            assert body == preview.WRONG_HOST.format(served=f"127.0.0.1:{port}"), other
        for own in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}"):
            assert _raw_get(port, own) == (200, "<p>Page de l'aperçu</p>"), own
    finally:
        server.shutdown()
        server.serve_thread.join(10)


@pytest.mark.parametrize(
    ("header", "served", "allowed"),
    [
        ("[::1]:8000", "127.0.0.1", True),
        ("preview.test:8000", "preview.test", True),  # the --dev-addr host itself
        ("127.0.0.1:80", "127.0.0.1", False),
        ("a@127.0.0.1:8000", "127.0.0.1", False),
        ("localhost.:8000", "127.0.0.1", False),
        ("192.168.1.20:9000", "0.0.0.0", True),  # every interface: any address, any port
        ("rebind.example:8000", "0.0.0.0", False),
        ("", "127.0.0.1", False),
    ],
)
def test_which_host_headers_the_preview_answers(header: str, served: str, allowed: bool) -> None:
    assert preview.host_allowed(header, served, 8000) is allowed


def test_a_busy_port_is_refused_before_any_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import socket

    from generator.generate import pipeline

    built: list[object] = []
    monkeypatch.setattr(pipeline, "generate", lambda *a, **k: built.append(a))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        status = cli.main(["serve", "--content", str(tmp_path), "--dev-addr", f"127.0.0.1:{port}"])
    out = capsys.readouterr()
    assert status == 1
    assert f"127.0.0.1:{port} est déjà prise" in out.out + out.err
    assert built == []


def test_a_checkout_s_preview_watches_the_theme_overrides(tmp_path: Path) -> None:
    """In a checkout, a change to overrides/ (templates, styles, scripts) is previewed."""
    from generator.mkdocs import site_config
    from generator.run import bundle

    class Server:
        def __init__(self) -> None:
            self.watched: list[str] = []

        def unwatch(self, path: str) -> None:
            pass

        def watch(self, path: str) -> None:
            self.watched.append(path)

        # the WSGI application MkDocs' server serves (the Host guard wraps it)
        def get_app(self) -> Any:
            return None

        def set_app(self, app: Any) -> None:
            pass

    config = site_config.load(bundle.national_content(), site_dir=tmp_path / "site")
    plugin = config.plugins["passerelles"]
    server = Server()
    plugin.on_serve(server, config=config, builder=lambda: None)
    assert bundle.templates().is_relative_to(bundle.root())  # this test runs in a checkout
    assert str(bundle.root() / "overrides") in server.watched


def test_while_broken_pages_show_the_errors_and_the_guide_stays_reachable(
    tmp_path: Path,
) -> None:
    from generator.diagnostics.errors import Problem

    shown = preview.Preview(tmp_path / "site", tmp_path / "vide", mount_path="/")
    answered: list[str] = []

    def site(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        answered.append(environ["PATH_INFO"])
        start_response("200 OK", [])
        return [b"site"]

    serve = preview._pages_show_errors(shown, site)
    statuses: list[str] = []

    def get(path: str) -> bytes:
        return b"".join(serve({"PATH_INFO": path}, lambda status, headers: statuses.append(status)))

    assert get("/equipes/") == b"site"  # nothing broken: the site
    shown.problems = [
        Problem("kits/actions/x.yml", 3, 9, "valeur « visite » invalide", "value-french")
    ]
    page = get("/equipes/actions/x/")
    assert b"kits/actions/x.yml:3:9" in page and statuses[-1].startswith("503")
    # the « que faire ? » link of the error page, and what pages load, stay served
    guide = preview.GUIDE
    assert f'href="/{guide}#value-french"'.encode() in page
    for path in (f"/{guide}", "/assets/stylesheets/main.css", "/search/search_index.json"):
        assert get(path) == b"site", path


def test_a_draft_is_previewed_with_a_band_and_refused_when_published(minimal: Path) -> None:
    from generator.check.validate import validate_all
    from generator.diagnostics.errors import ContentError
    from generator.diagnostics.messages import PLACEHOLDER

    role = minimal / "kits/interlocutors/tuteur.yml"
    role.write_text(
        role.read_text("utf-8").replace("role: Tuteur en entreprise", "role: À COMPLÉTER"), "utf-8"
    )
    with pytest.raises(ContentError):
        validate_all(minimal)  # what build and validate do
    drafts = validate_all(minimal, preview=True).catalog.warnings
    assert [(p.path, p.line, p.code) for p in drafts] == [
        ("kits/interlocutors/tuteur.yml", 1, PLACEHOLDER.code)
    ]
    shown = preview.Preview(minimal / "site", minimal / "vide", drafts=list(drafts))

    def site(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        start_response("200 OK", [("Content-Type", "text/html"), ("Content-Length", "38")])
        return [b"<html><body><h1>Tuteur</h1></body></html>"]

    answer: list[Any] = []
    serve = preview._pages_show_errors(shown, site)
    body = b"".join(serve({"PATH_INFO": "/interlocuteurs/tuteur/"}, lambda *a: answer.extend(a)))
    assert body.startswith(b'<html><body><div role="status"')
    assert b"kits/interlocutors/tuteur.yml:1" in body and b"<h1>Tuteur</h1>" in body
    assert ("Content-Length", str(len(body))) in answer[1]
    assert b" style=" not in body  # the pages' policy refuses a style attribute: a class
