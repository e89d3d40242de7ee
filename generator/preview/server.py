"""The live preview (`passerelles serve`): MkDocs' reloading server, plus what an
editor needs when a save breaks the content: the page shows the located errors
instead of hanging, and the preview comes back by itself once the file is fixed.

A failed build never reaches `site/` nor `build/docs/`: the preview builds into a
temporary folder, and generation writes nothing until the content is valid.
"""

from __future__ import annotations

import contextlib
import html
import ipaddress
import logging
import re
import shutil
import socket
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator.check.heap import IdleCollection
from generator.diagnostics import messages
from generator.diagnostics.errors import ContentError, Problem
from generator.diagnostics.messages import PLACEHOLDER_TEXT
from generator.export import templates
from generator.mkdocs import site_config
from generator.plan.paths import GUIDE_MESSAGES_PATH, page_url

log = logging.getLogger("mkdocs.passerelles.preview")


class _QuickRebuilds(logging.Filter):
    """MkDocs warns at each dirty build that navigation may be stale; the preview makes
    every page follow a changed sidebar (see the plugin), so the warning says nothing."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


# The editors' guide page that explains each message, anchored by its code.
GUIDE = page_url(GUIDE_MESSAGES_PATH)


@dataclass
class Preview:
    """What the preview shows: the last good site, or the errors of the last save."""

    site_dir: Path
    empty_dir: Path
    mount_path: str = "/"
    problems: list[Problem] = field(default_factory=list)
    drafts: list[Problem] = field(default_factory=list)  # values still « À COMPLÉTER »

    def draft_band(self) -> bytes:
        """The band a page carries while a file is a draft: shown here, refused when
        published."""
        where = ", ".join(
            f"{path}:{line}" for path, line in sorted({(p.path, p.line) for p in self.drafts})
        )
        count = len(self.drafts)
        text = (
            f"Brouillon : {count} valeur{'s' if count > 1 else ''} « {PLACEHOLDER_TEXT} » "
            f"({where}). L'aperçu les montre ; la publication les refuse."
        )
        # drawn by passerelles.css: the page's policy refuses a style attribute
        return f'<div role="status" class="pa-draft-band">{html.escape(text)}</div>'.encode()

    def error_page(self) -> bytes:
        """The page every page answers with while the content has errors."""
        page = templates.environment().get_template("preview/error.html.j2")
        return page.render(problems=self.problems, home=self.mount_path, guide=GUIDE).encode()


def _builder(
    preview: Preview,
    get_config: Any,
    serve_url: str,
    server: Any,
    collection: IdleCollection,
    content: Path,
) -> Any:
    """The rebuild after each save: on content errors, the preview serves the error page.
    The rebuilds after the first run without the cycle collector (see `IdleCollection`)."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort

    built = False

    def rebuild(loaded: Any = None) -> None:
        nonlocal built
        log.info("Construction de l'aperçu…")
        current = loaded or get_config()
        current.site_url = serve_url
        try:
            # after the first whole build, only the pages whose Markdown changed
            with collection.rebuilding() if built else contextlib.nullcontext():
                build(current, serve_url=serve_url, dirty=built)
            built = True
        except Abort as exc:
            if not isinstance(exc.__cause__, ContentError):
                raise
            preview.problems = exc.__cause__.problems
            # the last good site stays served for the guide and the assets (the pages
            # answer with the errors, see `_pages_show_errors`); none yet: nothing
            if not (preview.site_dir / "index.html").is_file():
                server.root = str(preview.empty_dir)
            for problem in preview.problems:
                log.error(str(problem))
            return
        preview.problems = []
        # the plugin instance holds the preview's session (MkDocs keeps it between builds)
        preview.drafts = list(getattr(current.plugins.get(site_config.PLUGIN), "drafts", []))
        server.root = str(preview.site_dir)

    return rebuild


def _watcher(poll: bool) -> Any:
    """What notices a save: the system's own notifications (inotify on Linux, FSEvents on
    macOS), at once and without scanning the content, or a scan of every watched file each
    quarter of a second where notifications do not cross (a folder shared with a Docker
    container or a virtual machine, a network drive). MkDocs always scans, twice a second:
    at 5,000 actions each scan reads 6,500 files' times."""
    from watchdog.events import (
        FileClosedEvent,
        FileCreatedEvent,
        FileDeletedEvent,
        FileModifiedEvent,
        FileMovedEvent,
    )
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    if poll:
        return PollingObserver(timeout=POLL_INTERVAL)
    # a write ends with « closed » (inotify's IN_CLOSE_WRITE), not a mere read
    changes = [
        FileCreatedEvent,
        FileModifiedEvent,
        FileMovedEvent,
        FileDeletedEvent,
        FileClosedEvent,
    ]

    class SystemWatcher(Observer):  # type: ignore[misc,valid-type]
        """Told of changes only: the system also tells of each file opened and read, and
        every build reads the content, so each build would start another. Linked folders
        are followed, as MkDocs' scan follows them."""

        def schedule(self, handler: Any, path: Any, **options: Any) -> Any:
            options.update(event_filter=changes, follow_symlink=True)
            return super().schedule(handler, path, **options)

    return SystemWatcher()


POLL_INTERVAL = 0.25  # seconds between two scans with --poll

# MkDocs' server writes its reloading script inline at the end of each page it serves: the
# site's Content-Security-Policy refuses it (no inline script but Material's, by hash), so
# the page never reloads. The preview writes a <script src> instead, with the page's epoch
# in data- attributes, and serves that file itself (`reload_by_file`).
RELOAD_SCRIPT = "/livereload/passerelles-reload.js"
_RELOAD_JS = b"""// The preview's reloading script (MkDocs' own, as a file the site's policy allows):
// it asks the server for a newer build and reloads the page when there is one.
(function () {
  "use strict";
  var me = document.currentScript;
  var epoch = Number(me.dataset.epoch);
  var requestId = me.dataset.request;
  var req, timeout;

  function poll() {
    req = new XMLHttpRequest();
    req.onloadend = function () {
      if (parseFloat(this.responseText) > epoch) {
        window.location.reload();
      } else {
        timeout = window.setTimeout(poll, this.status === 200 ? 0 : 3000);
      }
    };
    req.open("GET", "/livereload/" + epoch + "/" + requestId);
    req.send();
  }

  function stop() {
    if (req) req.abort();
    if (timeout) window.clearTimeout(timeout);
    req = timeout = undefined;
  }

  function start() {
    if (document.visibilityState === "visible" && !req) poll();
  }

  if (document.readyState === "complete") start();
  else window.addEventListener("load", start);
  window.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") start();
    else stop();
  });
  window.addEventListener("beforeunload", stop);
})();
"""


def reload_by_file(server: Any) -> None:
    """Make `server` (MkDocs' LiveReloadServer) load its reloading script from a file
    it serves, not inline: the pages' Content-Security-Policy then lets it run."""
    app = server.get_app()

    def inject(content: bytes, epoch: int) -> bytes:
        request = time.monotonic_ns() // 1_000_000  # tells two tabs of one page apart
        tag = (
            f'<script src="{RELOAD_SCRIPT}" data-epoch="{epoch}" data-request="{request}"></script>'
        ).encode()
        end = content.rfind(b"</body>")
        end = len(content) if end < 0 else end
        return content[:end] + tag + content[end:]

    def serve(environ: dict[str, Any], start_response: Any) -> Any:
        if environ.get("PATH_INFO") == RELOAD_SCRIPT:
            headers = [
                ("Content-Type", "text/javascript; charset=utf-8"),
                ("Content-Length", str(len(_RELOAD_JS))),
                ("Cache-Control", "no-store"),
            ]
            start_response("200 OK", headers)
            return [_RELOAD_JS]
        return app(environ, start_response)

    server._inject_js_into_html = inject  # MkDocs' own method, called for each page
    server.set_app(serve)


def serve(content: Path, *, explicit: Path | None, dev_addr: str, poll: bool = False) -> None:
    """Serve the site of `content` on `dev_addr`, rebuilding it after each save."""
    from mkdocs.livereload import LiveReloadServer

    preview = Preview(
        Path(tempfile.mkdtemp(prefix="passerelles-apercu-")),
        Path(tempfile.mkdtemp(prefix="passerelles-erreurs-")),
    )

    def get_config() -> Any:
        return site_config.load(
            content,
            site_dir=preview.site_dir,
            explicit=explicit,
            edit_links=True,
            dev_addr=dev_addr,
        )

    config = get_config()
    _check_port(*config.dev_addr)
    config.plugins.on_startup(command="serve", dirty=False)
    logging.getLogger("mkdocs.commands.build").addFilter(_QuickRebuilds())
    host, port = config.dev_addr
    preview.mount_path = urlsplit(config.site_url or "/").path or "/"
    server = LiveReloadServer(
        builder=lambda: None,
        host=host,
        port=port,
        root=str(preview.site_dir),
        mount_path=preview.mount_path,
    )
    server.observer = _watcher(poll)  # before any watch(): each is scheduled on it
    collection = IdleCollection()
    serve_url = f"http://{host}:{port}{preview.mount_path}"
    server.builder = builder = _builder(preview, get_config, serve_url, server, collection, content)
    server.error_handler = lambda code: _error(preview, code)
    # the server's WSGI application (its own serve_request, set when it was made)
    server.set_app(_pages_show_errors(preview, server.serve_request))
    reload_by_file(server)
    guard_hosts(server, host, port)  # around everything: only its own address is answered
    try:
        builder(config)
        # as `mkdocs serve` does; the plugin then swaps the generated docs for the content
        server.watch(str(config.docs_dir))
        server.watch(str(site_config.config_file(content, explicit)))
        server = config.plugins.on_serve(server, config=config, builder=builder)
        _run(server)
    finally:
        collection.close()
        config.plugins.on_shutdown()
        shutil.rmtree(preview.site_dir, ignore_errors=True)
        shutil.rmtree(preview.empty_dir, ignore_errors=True)


_LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
_ANY_INTERFACE = frozenset({"0.0.0.0", "::"})
WRONG_HOST = (
    "Adresse refusée : l'aperçu ne répond qu'à l'adresse qu'il sert ({served}). "
    "Ouvrez-le à cette adresse.\n"
)


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def host_allowed(header: str, host: str, port: int) -> bool:
    """Whether a request's `Host` header names the preview served on `host`:`port`.

    A page of any site can make the browser send requests to 127.0.0.1 under a name of
    its own that it points there (« DNS rebinding »), then read the answers as its own:
    the preview answers only its address (`localhost`, 127.0.0.1, [::1] or the
    `--dev-addr` host, with its port). Served on every interface (0.0.0.0), it also
    answers any IP address, on any port (a container's published port): such a request
    names no site that could have been pointed at it.
    """
    try:
        parts = urlsplit(f"//{header.strip()}")
        name, given = parts.hostname, parts.port or 80
    except ValueError:
        return False
    if not name or parts.username is not None or parts.path:
        return False
    served = host.strip("[]").lower()
    if served in _ANY_INTERFACE and _is_ip(name):
        return True
    return given == port and (name in _LOOPBACK_NAMES or name == served)


def guard_hosts(server: Any, host: str, port: int) -> None:
    """Make `server` (MkDocs' LiveReloadServer) answer 421 and a short French text to a
    request for another host than the one it serves (see `host_allowed`)."""
    app = server.get_app()
    served = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"

    def guarded(environ: dict[str, Any], start_response: Any) -> Any:
        if host_allowed(environ.get("HTTP_HOST", ""), host, port):
            return app(environ, start_response)
        body = WRONG_HOST.format(served=served).encode()
        headers = [
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Content-Length", str(len(body))),
        ]
        start_response("421 Misdirected Request", headers)
        return [body]

    server.set_app(guarded)


def _check_port(host: str, port: int) -> None:
    """Refuse a busy address before the first build, not after it."""
    from mkdocs.exceptions import Abort

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            reason = exc.strerror or exc
            raise Abort(messages.SERVE_PORT_BUSY(host=host, port=port, reason=reason)) from exc


def _run(server: Any) -> None:
    try:
        server.serve()
    except KeyboardInterrupt:
        log.info("Arrêt de l'aperçu.")
    finally:
        server.shutdown()


# What stays reachable while the content has errors: the editors' guide (the error page
# links each message to it) and what the pages load (styles, scripts, search).
_ALWAYS_SERVED = (GUIDE.split("/", 1)[0] + "/", "assets/", "search/", "livereload/")


def is_page(path: str, mount_path: str) -> bool:
    """Whether `path` asks for a page of the site (not the guide nor a file it loads)."""
    rel = path[len(mount_path) :] if path.startswith(mount_path) else path.lstrip("/")
    if rel.startswith(_ALWAYS_SERVED):
        return False
    return rel == "" or rel.endswith(("/", ".html"))


def _pages_show_errors(preview: Preview, serve_request: Any) -> Any:
    """While the content has errors, a page answers with them (503: the error page checks
    again until the site is back); the guide and the assets are served as they are."""

    def serve(environ: dict[str, Any], start_response: Any) -> Any:
        page = is_page(environ.get("PATH_INFO", "/"), preview.mount_path)
        if preview.problems and page:
            start_response("503 Service Unavailable", [("Content-Type", "text/html")])
            return [preview.error_page()]
        if preview.drafts and page:
            return _with_band(preview, serve_request, environ, start_response)
        return serve_request(environ, start_response)

    return serve


def _with_band(preview: Preview, serve_request: Any, environ: Any, start_response: Any) -> Any:
    """The page as served, with the draft band at the top of its body."""
    answer: list[Any] = []
    body = b"".join(
        serve_request(environ, lambda status, headers: answer.extend([status, headers]))
    )
    status, headers = answer
    opening = re.search(rb"<body[^>]*>", body)
    if opening:
        body = body[: opening.end()] + preview.draft_band() + body[opening.end() :]
    headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
    start_response(status, [*headers, ("Content-Length", str(len(body)))])
    return [body]


def _error(preview: Preview, code: int) -> bytes | None:
    if preview.problems:
        return preview.error_page()
    page = preview.site_dir / f"{code}.html"
    return page.read_bytes() if page.is_file() else None
