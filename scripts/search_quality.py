"""Search quality of built sites, measured in Chromium on the queries of
tests/search_queries.yml: the rank of the first expected page among the distinct pages
found, the titles shown twice, and what a reader's browser downloads.

A measuring script, not a test (tests/browser/test_search.py is the test):

    python scripts/search_quality.py                      # builds the shipped content
    python scripts/search_quality.py --site avant=DIR --site après=DIR --pagefind après=DIR
    python scripts/search_quality.py --first-search DIR   # bytes and time of a first search

`--site LABEL=DIR` measures a built site's search through Material's box (since
December, Pagefind on a served build: generator/search/pagefind_index.py; lunr on the offline
copy or a build without pagefind/); `--pagefind
LABEL=DIR` indexes a copy of that site with Pagefind (PyPI `pagefind[bin]`, its binary
ships in the wheel) and measures Pagefind's search on it. Without --site, the shipped
content is built with the current code and measured with both.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from support import CHROMIUM, serving  # noqa: E402  (the tests' browser and static server)

QUERIES = ROOT / "tests" / "search_queries.yml"
TOP = 3  # a query passes when an expected page is among the first TOP distinct pages
PENDING = "…"


@dataclass
class Outcome:
    """What one engine found for the whole query list."""

    label: str
    ranks: list[int | None] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)
    tops: list[list[str]] = field(default_factory=list)
    totals: list[int] = field(default_factory=list)
    sizes: dict[str, int] = field(default_factory=dict)


def site_path(href: str, base: str) -> str:
    """A result's link as a path of the site: no host, no query, no fragment."""
    url = urlsplit(href)
    return url.path[len(urlsplit(base).path) :]


Found = tuple[list[tuple[str, str]], int]


def lunr_search(page: Page, base: str, query: str) -> Found:
    """Material's search, typed in its search box: (path, title) of each page found."""
    box = page.locator("input.md-search__input")
    meta = page.locator(".md-search-result__meta")
    if not box.evaluate("el => el === document.activeElement"):
        box.click()
    page.wait_for_function(
        "() => !/Initialisation/.test(document.querySelector('.md-search-result__meta').textContent)"
    )
    meta.evaluate(f"el => el.textContent = '{PENDING}'")
    box.fill(query)
    box.press("End")  # Material reads the box on keyup
    page.wait_for_function(
        f"() => document.querySelector('.md-search-result__meta').textContent !== '{PENDING}'"
    )
    found = page.eval_on_selector_all(
        ".md-search-result__item",
        """items => items.map(li => [
            li.querySelector('a.md-search-result__link').href,
            (li.querySelector('h1') || li.querySelector('h2')).textContent.trim()])""",
    )
    total = int("".join(c for c in meta.inner_text() if c.isdigit()) or 0)
    return [(site_path(href, base), title) for href, title in found], total


PAGEFIND_PAGE = """<!doctype html><html lang="fr"><meta charset="utf-8"><script type="module">
window.pagefind = await import("./pagefind/pagefind.js");
await window.pagefind.init();
window.ready = true;
</script></html>"""


def pagefind_search(page: Page, base: str, query: str) -> Found:
    found, total = page.evaluate(
        """async q => {
            const search = await window.pagefind.search(q);
            const data = await Promise.all(search.results.slice(0, 10).map(r => r.data()));
            return [data.map(d => [d.url, d.meta.title || '']), search.results.length];
        }""",
        query,
    )
    return [(site_path(base + url.lstrip("/"), base), title) for url, title in found], total


def rank(found: list[tuple[str, str]], expected: list[str]) -> int | None:
    pages = list(dict.fromkeys(path for path, _ in found))
    for position, path in enumerate(pages, 1):
        if path in expected:
            return position
    return None


def shown_twice(found: list[tuple[str, str]]) -> int:
    """How many results of the first ten carry a title another result also carries."""
    titles = [title for _, title in found[:10]]
    return sum(1 for t in titles if titles.count(t) > 1)


def measure(
    label: str, base: str, start: str, search: Callable[[Page, str, str], Found]
) -> Outcome:
    queries = yaml.safe_load(QUERIES.read_text("utf-8"))
    outcome = Outcome(label)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        fetched: list[int] = []
        page.context.on(
            "response", lambda r: _is_search_file(r.url) and fetched.append(_body_size(r))
        )
        page.goto(base + start)
        if search is pagefind_search:
            page.wait_for_function("() => window.ready === true")
        for entry in queries:
            found, total = search(page, base, entry["query"])
            outcome.ranks.append(rank(found, entry["expect"]))
            outcome.duplicates.append(shown_twice(found))
            outcome.tops.append([title for _, title in found[:TOP]])
            outcome.totals.append(total)
        outcome.sizes["téléchargé (octets)"] = sum(fetched)
        browser.close()
    return outcome


def _is_search_file(url: str) -> bool:
    """The files a reader downloads for search only (index, worker, stemmers)."""
    path = urlsplit(url).path
    return any(part in path for part in ("/search/", "/pagefind/", "/lunr/", "/workers/"))


def _body_size(response: Any) -> int:
    try:
        return len(response.body())
    except Exception:  # redirects and aborted requests have no body
        return 0


def lunr_sizes(site: Path) -> dict[str, int]:
    files = [p for p in (site / "search").iterdir() if p.is_file()]
    raw = sum(p.stat().st_size for p in files)
    packed = sum(len(gzip.compress(p.read_bytes(), 6)) for p in files)
    return {"index (octets)": raw, "index gzip (octets)": packed}


def with_pagefind(site: Path, workdir: Path) -> Path:
    """A copy of the site with a Pagefind index of its articles (Material's <article>)."""
    copy = workdir / f"pagefind-{site.name}"
    shutil.copytree(site, copy)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pagefind",
            "--site",
            str(copy),
            "--root-selector",
            "article.md-content__inner",
            "--exclude-selectors",
            ".headerlink",
            "--silent",
        ],
        check=True,
    )
    (copy / "pagefind-recherche.html").write_text(PAGEFIND_PAGE, "utf-8")
    return copy


def pagefind_sizes(site: Path) -> dict[str, int]:
    files = [p for p in (site / "pagefind").rglob("*") if p.is_file()]
    return {"index (octets)": sum(p.stat().st_size for p in files)}


def print_table(outcomes: list[Outcome]) -> None:
    queries = [q["query"] for q in yaml.safe_load(QUERIES.read_text("utf-8"))]
    print("| requête | " + " | ".join(o.label for o in outcomes) + " |")
    print("|---|" + "---|" * len(outcomes))
    for i, query in enumerate(queries):
        cells = [_cell(o.ranks[i], o.duplicates[i]) for o in outcomes]
        print(f"| {query} | " + " | ".join(cells) + " |")
    passed = [sum(1 for r in o.ranks if r is not None and r <= TOP) for o in outcomes]
    print(
        f"| **dans les {TOP} premières** | "
        + " | ".join(f"**{n}/{len(queries)}**" for n in passed)
        + " |"
    )
    twice = [sum(o.duplicates) for o in outcomes]
    print("| titres en double (top 10, total) | " + " | ".join(str(n) for n in twice) + " |")
    for key in ("index (octets)", "index gzip (octets)", "téléchargé (octets)"):
        print(f"| {key} | " + " | ".join(_number(o.sizes.get(key)) for o in outcomes) + " |")
    print()
    print(
        "Rang : position de la première page attendue parmi les pages distinctes (— : absente des 10 premières) ; ×N : N résultats du top 10 partagent leur titre avec un autre."
    )


def print_details(outcomes: list[Outcome]) -> None:
    queries = [q["query"] for q in yaml.safe_load(QUERIES.read_text("utf-8"))]
    for i, query in enumerate(queries):
        print(f"« {query} »")
        for o in outcomes:
            print(f"  {o.label} ({o.totals[i]} pages) : " + " | ".join(o.tops[i]))


def _number(value: int | None) -> str:
    return "—" if value is None else f"{value:,}".replace(",", " ")


def _cell(found: int | None, duplicates: int) -> str:
    text = "—" if found is None else str(found)
    return text + (f" ×{duplicates}" if duplicates else "")


def build_shipped(workdir: Path) -> Path:
    site = workdir / "site"
    content = workdir / "contenu"
    for folder in ("kits", "mooc"):
        shutil.copytree(ROOT / folder, content / folder)
    command = [sys.executable, "-m", "generator.commands.cli", "build", "--content", str(content)]
    subprocess.run([*command, "--site", str(site)], check=True, cwd=ROOT, capture_output=True)
    return site


def _labelled(values: list[str]) -> list[tuple[str, Path]]:
    pairs = []
    for value in values:
        label, _, folder = value.partition("=")
        pairs.append((label, Path(folder)))
    return pairs


def first_search(site: Path, query: str) -> tuple[int, int, float]:
    """A reader's first search on a built site, typed in Material's search box (the
    site's own engine: Pagefind on a served build, lunr without pagefind/): the search
    files the server sent (count, bytes: the files as stored, Pagefind's already
    gzipped) and the seconds until results. Counted by the server, since a browser does
    not report the requests of the search worker."""
    sent: list[str] = []

    class Recording(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            sent.append(urlsplit(self.path).path)

    handler = functools.partial(Recording, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page()
            page.goto(base)
            page.wait_for_load_state("networkidle")
            before = len(sent)
            started = time.perf_counter()
            lunr_search(page, base, query)
            seconds = time.perf_counter() - started
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    files = [site / p.lstrip("/") for p in sent[before:] if _is_search_file(p)]
    return len(files), sum(f.stat().st_size for f in files if f.is_file()), seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--first-search", metavar="DIR", help="octets et durée d'une première recherche"
    )
    parser.add_argument("--site", action="append", default=[], metavar="LABEL=DIR")
    parser.add_argument("--pagefind", action="append", default=[], metavar="LABEL=DIR")
    parser.add_argument("--detail", action="store_true", help="les trois premiers titres")
    args = parser.parse_args(argv)
    if args.first_search:
        count, size, seconds = first_search(Path(args.first_search), "stage")
        print(f"première recherche « stage » : {count} fichiers, {size} octets, {seconds:.2f} s")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sites, pagefinds = _labelled(args.site), _labelled(args.pagefind)
        if not sites and not pagefinds:
            shipped = build_shipped(work)
            sites, pagefinds = [("lunr", shipped)], [("Pagefind", shipped)]
        outcomes = []
        for label, site in sites:
            with serving(site) as base:
                outcome = measure(label, base, "", lunr_search)
            outcome.sizes.update(lunr_sizes(site))
            outcomes.append(outcome)
        for label, site in pagefinds:
            indexed = with_pagefind(site, work)
            with serving(indexed) as base:
                outcome = measure(label, base, "pagefind-recherche.html", pagefind_search)
            outcome.sizes.update(pagefind_sizes(indexed))
            outcomes.append(outcome)
        print_table(outcomes)
        if args.detail:
            print_details(outcomes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
