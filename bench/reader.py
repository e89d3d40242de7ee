"""What a reader on a phone waits for: a kit page's first paint, and a first search.

    python bench/reader.py SITE [--query stage]

SITE (a built site) is served on 127.0.0.1 without compression (as `python -m http.server`
serves it) and opened in Chromium (Debian's, through Playwright) under a phone profile:
Chrome's « Slow 4G » network (150 ms of latency, 1.6 Mbit/s down, 750 kbit/s up) and its CPU
slowed down 4 times (the DevTools protocol's Network.emulateNetworkConditions and
Emulation.setCPUThrottlingRate), in a 412 × 915 window, with an empty cache.

- kit page: the teams kit's catalogue (`equipes/`) opened; the bytes received until the load
  event, and the first contentful paint (the Paint Timing API);
- first search: the home page opened and idle, then the query typed in the site's search box:
  the bytes received from the first key to the first result shown, and that time. Whatever
  the site searches with (Material's lunr, Pagefind…), what the browser fetches is counted.

Prints one JSON object (used by bench/run.py).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import shutil
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


KIT_PAGE = "equipes/"
NETWORK = {  # Chrome DevTools' « Slow 4G » preset
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1.6 * 1024 * 1024 / 8,
    "uploadThroughput": 750 * 1024 / 8,
}
CPU_SLOWDOWN = 4
PHONE = {"width": 412, "height": 915}
SEARCH_BOX = "input.md-search__input, input[type=search]"
SEARCH_OPENER = "label.md-header__button[for=__search], button[aria-label*=echerch]"
# a result, in Material's search or in the list of another search interface
RESULT = ".md-search-result__item, .pagefind-ui__result, [data-search-result], [role=option]"
TIMEOUT_MS = int(__import__("os").environ.get("BENCH_READER_TIMEOUT_MS", "600000"))


class Received:
    """Bytes the server sent (headers and bodies), whoever asked: the page, or the search
    worker, whose requests the page's DevTools session does not see."""

    def __init__(self) -> None:
        self.bytes = 0
        self.requests = 0
        self.lock = threading.Lock()

    def add(self, size: int) -> None:
        with self.lock:
            self.bytes += size
            self.requests += 1

    def reset(self) -> None:
        with self.lock:
            self.bytes, self.requests = 0, 0


class _Counting(http.server.SimpleHTTPRequestHandler):
    received: Received

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def handle_one_request(self) -> None:
        written = self.wfile
        counted = _CountingWriter(written)
        self.wfile = counted  # type: ignore[assignment]
        try:
            super().handle_one_request()
        finally:
            self.wfile = written
            if counted.bytes:
                self.received.add(counted.bytes)


class _CountingWriter:
    def __init__(self, inner: Any) -> None:
        self.inner, self.bytes = inner, 0

    def write(self, data: bytes) -> int:
        self.bytes += len(data)
        return int(self.inner.write(data))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


@contextlib.contextmanager
def serving(site: Path, received: Received) -> Iterator[str]:
    """The site on a free port of 127.0.0.1, each response counted in `received`."""
    counting = type("Handler", (_Counting,), {"received": received})
    with http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(counting, directory=str(site))
    ) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        yield f"http://127.0.0.1:{server.server_address[1]}/"
        server.shutdown()


def phone(browser: Any) -> Any:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.setCacheDisabled", {"cacheDisabled": True})
    session.send("Network.emulateNetworkConditions", NETWORK)
    session.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    page.set_default_timeout(TIMEOUT_MS)
    return page


def kit_page(browser: Any, root: str, received: Received) -> dict[str, float]:
    page = phone(browser)
    received.reset()
    page.goto(root + KIT_PAGE, wait_until="load")
    paint = page.evaluate(
        "() => (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime"
    )
    page.context.close()
    return {"kit_first_paint_s": (paint or 0) / 1000, "kit_load_kb": received.bytes / 1e3}


def first_search(browser: Any, root: str, query: str, received: Received) -> dict[str, float]:
    page = phone(browser)
    page.goto(root, wait_until="load")
    page.wait_for_load_state("networkidle")
    received.reset()  # from here: what opening the search and typing fetch
    opener = page.locator(SEARCH_OPENER).first
    if opener.count() and opener.is_visible():  # a phone: the box is behind a button
        opener.click()
    else:
        page.locator(SEARCH_BOX).first.click()
    start = time.perf_counter()
    page.keyboard.type(query)
    page.locator(RESULT).first.wait_for(state="visible")
    seconds = time.perf_counter() - start
    page.wait_for_timeout(200)  # a last response already on its way
    found = {
        "search_first_s": seconds,
        "search_first_kb": received.bytes / 1e3,
        "search_first_requests": received.requests,
    }
    page.context.close()
    return found


def measure(site: Path, query: str) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    # The whole browser, as a reader runs it (not the tests' headless shell): what it paints
    # and when is what this script measures.
    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit(
            "Chromium manque : apt install chromium (le navigateur que mesure ce script)."
        )
    received = Received()
    with serving(site, received) as root, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium)
        try:
            kit = kit_page(browser, root, received)
            return {**kit, **first_search(browser, root, query, received)}
        finally:
            browser.close()


def main() -> int:
    parser = argparse.ArgumentParser(description="Ce qu'attend un lecteur sur un téléphone.")
    parser.add_argument("site", type=Path)
    parser.add_argument("--query", default="stage", help="la recherche tapée (défaut : stage)")
    args = parser.parse_args()
    print(json.dumps(measure(args.site, args.query)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
