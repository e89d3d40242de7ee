"""Ask each external address whether it still answers, politely and within a time limit.

httpx is the HTTP client: it is maintained, typed, has an async API whose connection
pool takes explicit limits, separate connect/read timeouts, redirect history on the
response, and streamed responses (a GET reads the status and headers, never the body
of a 50 Mo PDF). aiohttp would do as well; the standard library's urllib has no async
API and no connection limits.

Policy for one address (the whole check has `timeout` seconds, redirects included):

- HEAD first: it costs the site nothing. When the answer is an error (any status from
  400 on) or the server drops the connection, ask again with GET and keep GET's answer.
  Many servers answer HEAD badly — 405 or 501, but also 403, 404 or 500 from frameworks
  that route GET only — and a false « lien cassé » costs the editors' trust, while the
  second request is made only for the few addresses that seem broken. A timeout is not
  retried: the time budget is spent.
- Redirects are followed one hop at a time (10 at most), each hop asked as the first one
  was. A redirect to another site is reported (as a warning: the page answers, but the
  link should point at its new address); `www.` in front of a host name does not make it
  another site, nor a change of scheme or port.
- Only public addresses are asked (`generator.linkcheck.public_http`): a host, or a redirect hop,
  that resolves to the loopback, a private network, a link-local, multicast or reserved
  address is reported as refused, and never requested.
- The whole run has a time budget (`budget` seconds): what was not checked by then is
  reported as such (neither broken nor cached) and the run ends.
- Addresses are printed without their query string, user name or fragment (a query may
  hold a token; `?…` says that one was left out).
- Broken (exit code 1): 404, 410, any other 4xx but 401/403/429, any 5xx, no answer in
  time, an unknown host, a refused connection, an invalid certificate, too many redirects,
  an internal address.
- Warnings: 401, 403 and 429 — sites that refuse robots or limit them, where the page may
  well exist — and redirects to another site.

Results are kept in a JSON cache with their date, so that a daily CI run asks each site
again only once the result is older than `max_age` hours.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import Coroutine, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import httpx

from generator import __version__
from generator.diagnostics import messages
from generator.diagnostics.errors import Problem, plural
from generator.linkcheck.public_http import Allowance, InternalAddress, PublicTransport
from generator.linkcheck.urls import UrlUse

Verdict = Literal["ok", "warning", "broken", "unchecked"]
CACHE_VERSION = 2  # 2: addresses printed without query, internal ones refused
PER_HOST = 2  # at most this many requests at once to one site
MAX_REDIRECTS = 10
USER_AGENT = f"passerelles-links/{__version__} (link checker)"


@dataclass(frozen=True)
class Outcome:
    """What one address answered. `detail` is the French account of it."""

    verdict: Verdict
    code: str
    detail: str
    checked_at: float
    final_url: str | None = None


@dataclass(frozen=True)
class Results:
    outcomes: dict[str, Outcome]
    asked: int  # addresses asked over the network in this run
    cached: int  # addresses answered by the cache
    cache_error: str | None = None  # why the cache could not be written, if it could not


# --------------------------------------------------------------------------- judging


def _seconds(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def shown(url: str) -> str:
    """`url` as printed: no user name, no query string (`?…` when one was left out), no
    fragment. A query may hold a token; the file and line say where the whole address is."""
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    return f"{parts.scheme}://{host}{parts.path}" + ("?…" if parts.query else "")


def _site(url: str | httpx.URL) -> str:
    host = (urlsplit(str(url)).hostname or "").lower()
    return host.removeprefix("www.")


def _outcome(verdict: Verdict, message: messages.Message, now: float, **values: object) -> Outcome:
    return Outcome(verdict, message.code, message(**values), now)


def _status_outcome(status: int, now: float) -> Outcome | None:
    if status < 400:
        return None
    if status in (404, 410):
        what = "introuvable" if status == 404 else "supprimée"
        return _outcome("broken", messages.LINK_NOT_FOUND, now, what=what, status=status)
    if status in (401, 403):
        return _outcome("warning", messages.LINK_ACCESS_REFUSED, now, status=status)
    if status == 429:
        return _outcome("warning", messages.LINK_RATE_LIMITED, now)
    if status >= 500:
        return _outcome("broken", messages.LINK_SERVER_ERROR, now, status=status)
    return _outcome("broken", messages.LINK_REFUSED, now, status=status)


def judge(url: str, status: int, final_url: str, now: float) -> Outcome:
    """The outcome of a final answer `status` at `final_url` for the address `url`."""
    moved = _site(final_url) != _site(url)
    outcome = _status_outcome(status, now)
    if outcome is None:
        if moved:
            redirected = messages.LINK_REDIRECTED
            final = shown(final_url)
            return Outcome("warning", redirected.code, redirected(final=final), now, final)
        return Outcome("ok", messages.LINK_OK.code, messages.LINK_OK(), now, shown(final_url))
    detail = outcome.detail
    if moved:
        detail = messages.LINK_AFTER_REDIRECT(detail=detail, final=shown(final_url))
    return Outcome(outcome.verdict, outcome.code, detail, now, shown(final_url))


def _internal(url: str, exc: InternalAddress, now: float) -> Outcome:
    refused = messages.LINK_INTERNAL_ADDRESS
    detail = refused(host=exc.host, address=exc.address)
    if exc.url is not None and exc.url != url:
        detail = messages.LINK_AFTER_REDIRECT(detail=detail, final=shown(exc.url))
    return Outcome("broken", refused.code, detail, now)


def _failure(exc: Exception, timeout: float, now: float) -> Outcome:
    if isinstance(exc, (TimeoutError, httpx.TimeoutException)):
        return _outcome("broken", messages.LINK_TIMEOUT, now, seconds=_seconds(timeout))
    if isinstance(exc, httpx.TooManyRedirects):
        return _outcome("broken", messages.LINK_REDIRECTS, now, max=MAX_REDIRECTS)
    if isinstance(exc, (httpx.InvalidURL, httpx.UnsupportedProtocol)):
        return _outcome("broken", messages.LINK_INVALID, now)
    text = str(exc).lower()
    if "certificate" in text or "ssl" in text:
        return _outcome("broken", messages.LINK_CERTIFICATE, now)
    if isinstance(exc, httpx.ConnectError):
        return _outcome("broken", messages.LINK_UNREACHABLE, now)
    return _outcome("broken", messages.LINK_INTERRUPTED, now)


# --------------------------------------------------------------------------- asking


async def _answer(client: httpx.AsyncClient, url: str) -> httpx.Response:
    """HEAD, then GET when HEAD gives an error or a dropped connection."""
    try:
        response = await client.head(url)
        if response.status_code < 400:
            return response
    except httpx.RemoteProtocolError:
        pass
    # streamed: status and headers only, the body is never downloaded
    async with client.stream("GET", url) as response:
        return response


async def _follow(client: httpx.AsyncClient, url: str) -> httpx.Response:
    """The answer at the end of the redirects from `url`, each hop asked on its own (its
    host checked by the transport before any connection)."""
    hop = url
    for _ in range(MAX_REDIRECTS + 1):
        try:
            response = await _answer(client, hop)
        except InternalAddress as exc:
            exc.url = hop
            raise
        if response.next_request is None:
            return response
        hop = str(response.next_request.url)
    raise httpx.TooManyRedirects(f"{MAX_REDIRECTS}+", request=response.request)


async def _check_one(
    client: httpx.AsyncClient,
    url: str,
    timeout: float,
    gates: tuple[asyncio.Semaphore, asyncio.Semaphore],
) -> Outcome:
    everyone, this_site = gates
    async with everyone, this_site:
        try:
            async with asyncio.timeout(timeout):
                response = await _follow(client, url)
        except InternalAddress as exc:
            return _internal(url, exc, time.time())
        except (TimeoutError, httpx.HTTPError, httpx.InvalidURL) as exc:
            return _failure(exc, timeout, time.time())
    return judge(url, response.status_code, str(response.url), time.time())


async def ask(
    urls: Iterable[str],
    *,
    timeout: float,
    concurrency: int,
    budget: float | None = None,
    allow: Allowance = frozenset(),
) -> dict[str, Outcome]:
    """Check each address over the network; at most `concurrency` requests at once, and
    `budget` seconds in all (what is left then is « unchecked »).

    `allow` lets given (address, port) pairs through the public-address rule. It exists
    for tests, whose servers can only listen on 127.0.0.1; `passerelles links` never sets
    it.
    """
    todo = sorted(set(urls))
    everyone = asyncio.Semaphore(concurrency)
    per_site: dict[str, asyncio.Semaphore] = {}
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(
        transport=PublicTransport(limits, allow),
        trust_env=False,  # no proxy: the addresses are checked here (see public_http)
        follow_redirects=False,  # each hop is followed by _follow
        timeout=httpx.Timeout(timeout),
        headers={"User-Agent": USER_AGENT, "Accept": "*/*"},
    ) as client:
        tasks = {
            url: asyncio.create_task(
                _check_one(
                    client, url, timeout, (everyone, per_site.setdefault(_site(url), _semaphore()))
                )
            )
            for url in todo
        }
        return await _within(tasks, budget)


async def _within(
    tasks: dict[str, asyncio.Task[Outcome]], budget: float | None
) -> dict[str, Outcome]:
    """The outcomes of `tasks` done within `budget` seconds; the others are cancelled."""
    if not tasks:
        return {}
    _done, pending = await asyncio.wait(tasks.values(), timeout=budget)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    now = time.time()
    late = messages.LINK_NOT_CHECKED_IN_TIME
    return {
        url: (
            _outcome("unchecked", late, now, seconds=_seconds(budget or 0))
            if task in pending
            else task.result()
        )
        for url, task in tasks.items()
    }


def _semaphore() -> asyncio.Semaphore:
    return asyncio.Semaphore(PER_HOST)


def _run_apart(work: Coroutine[Any, Any, dict[str, Outcome]]) -> dict[str, Outcome]:
    """Run the checks in their own event loop, on a thread of their own: the caller may
    already be running one (a test driving a browser, a notebook)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, work).result()


# --------------------------------------------------------------------------- cache


def load_cache(path: Path, *, max_age_hours: float, now: float) -> dict[str, Outcome]:
    """Outcomes younger than `max_age_hours`; an unreadable cache is an empty one."""
    try:
        data = json.loads(path.read_text("utf-8"))
        if data.get("version") != CACHE_VERSION:
            return {}
        entries = data["urls"]
        kept = {url: Outcome(**entry) for url, entry in entries.items()}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}
    limit = max_age_hours * 3600
    return {url: o for url, o in kept.items() if 0 <= now - o.checked_at < limit}


def save_cache(path: Path, outcomes: dict[str, Outcome]) -> None:
    """Write the cache whole or not at all (two runs at once: the last one wins)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "version": CACHE_VERSION,
        "urls": {url: asdict(outcome) for url, outcome in sorted(outcomes.items())},
    }
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    partial.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", "utf-8")
    os.replace(partial, path)


def check(
    urls: Iterable[str],
    cache: Path,
    *,
    timeout: float,
    concurrency: int,
    max_age_hours: float,
    budget: float | None = None,
    allow: Allowance = frozenset(),
) -> Results:
    """Outcome of every address, from the cache when it is fresh, else from the network
    (`budget` and `allow`: see `ask`; the command never sets `allow`)."""
    wanted = set(urls)
    fresh = load_cache(cache, max_age_hours=max_age_hours, now=time.time())
    known = {url: fresh[url] for url in wanted if url in fresh}
    missing = sorted(wanted - known.keys())
    asked: dict[str, Outcome] = {}
    if missing:
        work = ask(missing, timeout=timeout, concurrency=concurrency, budget=budget, allow=allow)
        asked = _run_apart(work)
    answered = {url: o for url, o in asked.items() if o.verdict != "unchecked"}
    error = None
    try:
        save_cache(cache, {**fresh, **answered})
    except OSError as exc:
        error = f"{exc.filename or cache} : {exc.strerror or exc}"
    return Results({**known, **asked}, asked=len(asked), cached=len(known), cache_error=error)


# --------------------------------------------------------------------------- report

_SEVERITY = {"broken": "major", "warning": "minor", "unchecked": "minor"}


@dataclass(frozen=True, order=True)
class LinkProblem(Problem):
    """A link that did not answer as it should; `code` and `severity` go to CI reports."""

    severity: str = "major"


def link_problems(uses: list[UrlUse], outcomes: dict[str, Outcome]) -> list[LinkProblem]:
    """One problem per place where an address that is not plainly fine is written."""
    problems = []
    for use in uses:
        outcome = outcomes[use.url]
        if outcome.verdict == "ok":
            continue
        problems.append(
            LinkProblem(
                use.path,
                use.line,
                use.column,
                messages.LINK_PROBLEM(url=shown(use.url), detail=outcome.detail),
                code=outcome.code,
                severity=_SEVERITY[outcome.verdict],
            )
        )
    return sorted(problems)


def summary_of(results: Results, max_age: float) -> str:
    """The last line of a run: how many addresses, from where, and what was found."""
    outcomes = results.outcomes.values()
    broken = sum(o.verdict == "broken" for o in outcomes)
    late = sum(o.verdict == "unchecked" for o in outcomes)
    checked = len(results.outcomes) - late
    asked = results.asked - late
    return messages.LINKS_SUMMARY(
        checked=checked,
        s=plural(checked),
        asked=asked,
        asked_s=plural(asked),
        cached=results.cached,
        hours=f"{max_age:g}".replace(".", ","),
        late=f", {messages.LINKS_LATE(count=late, s=plural(late))}" if late else "",
        broken=broken,
        broken_s=plural(broken),
        warnings=sum(o.verdict == "warning" for o in outcomes),
    )
