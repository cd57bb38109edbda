"""The async crawler: breadth-first within scope, polite per host, resumable.

It fetches and hands each response to a `process` function (injected by the caller, so this
stage never imports the later extract stage), which returns the Page to store and the links
to follow. Everything it learns goes to the Store as it goes: a killed crawl resumes from
the store's frontier.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace

import httpx

from locaudit.crawl.decompress import read_capped
from locaudit.crawl.http import RedirectError, Trail, cookie_jar, follow, scoped_headers_hook
from locaudit.crawl.origins import LinkOrigins
from locaudit.crawl.politeness import (
    RETRY_STATUSES,
    ErrorRate,
    HostPacer,
    TrapGuard,
    counts_as_failure,
    interval_for,
    is_dead_url,
    retry_delay,
)
from locaudit.crawl.probes import probe_urls
from locaudit.crawl.refresh import client_redirect
from locaudit.crawl.robots import RobotsCache
from locaudit.crawl.schema import QUEUED, REFUSED
from locaudit.crawl.scope import readable, site_origins, unread_page
from locaudit.crawl.sessions import SessionIds
from locaudit.crawl.sitemaps import (
    MAX_DECOMPRESSED,
    MAX_DEPTH,
    ParsedSitemap,
    SitemapError,
    parse_sitemap,
)
from locaudit.crawl.store import Store
from locaudit.crawl.urls import Scope, host_of, normalize_url
from locaudit.models import CrawlStats, Fetched, Page

ProcessFn = Callable[[Fetched], tuple[Page, list[str]]]
ProgressFn = Callable[[int, int, int], None]  # done, queued, errors

# Headers later stages need; everything else is dropped before the body is processed.
_KEPT_HEADERS = ("content-type", "content-language", "last-modified", "etag", "link",
                 "x-robots-tag", "vary")
_HTML_TYPES = ("text/html", "application/xhtml+xml")

EARLY_PAGES = 500  # first pages whose URL may hold a session ID: cleaned if one shows up


@dataclass
class CrawlOptions:
    concurrency: int = 8
    rate_limit: float = 10.0
    timeout: float = 20.0
    retries: int = 3
    max_pages: int = 50_000
    max_redirects: int = 10
    max_page_bytes: int = 5_000_000
    user_agent: str = "locaudit"
    headers: dict[str, str] = field(default_factory=dict)
    respect_robots: bool = True
    time_limit: float | None = None
    sitemaps: tuple[str, ...] = ()
    cookies: bool = False  # a cookie jar; off: no cookie is ever sent back


class Crawler:
    def __init__(
        self, *, scope: Scope, store: Store, process: ProcessFn, options: CrawlOptions,
        run_id: int, executor: Executor | None = None, on_progress: ProgressFn | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.scope = scope
        self.store = store
        self.process = process
        self.options = options
        self.run_id = run_id
        self.executor = executor
        self.on_progress = on_progress
        self.transport = transport
        self.robots = RobotsCache(options.user_agent, respect=options.respect_robots,
                                  max_redirects=options.max_redirects)
        self.traps = TrapGuard()
        self.error_rate = ErrorRate()
        self.origins = LinkOrigins()
        self.sessions = SessionIds()
        self._visited: set[str] = set()  # requested URLs, without the session IDs known
        self._early: list[tuple[Page, list[str]]] = []  # the first pages stored, see below
        self._seen: set[str] = set()
        self._raw_seen: set[str] = set()  # link strings as found, before normalisation
        self._queue: deque[str] = deque()
        self._slots: dict[str, asyncio.Semaphore] = {}
        self._pacers: dict[str, HostPacer] = {}
        self._done = 0
        self._dead = 0  # of them dead URLs (404, 410 ...): not pages, outside max_pages
        self._errors = 0
        self._stop_reason: str | None = None
        self._has_previous = True  # until run() asks the store
        self.traps_skipped = 0
        self._refused: set[str] = set()  # by the trap guards (seen, never in the frontier)

    # -- public ----------------------------------------------------------------------
    async def run(self, start_urls: Iterable[str], *, resume: bool = False) -> CrawlStats:
        started = time.monotonic()
        limits = httpx.Limits(max_connections=self._full_concurrency(),
                              max_keepalive_connections=self._full_concurrency())
        defaults = {"User-Agent": self.options.user_agent,
                    "Accept-Encoding": "gzip, deflate"}  # what read_capped can inflate
        # Config headers only by the hook (crawl/http.py): only ever to the scope's hosts.
        hook = scoped_headers_hook(self.options.headers, self.scope.hosts, defaults)
        async with httpx.AsyncClient(
            timeout=self.options.timeout, limits=limits, transport=self.transport,
            headers=defaults, follow_redirects=False, event_hooks={"request": [hook]},
            cookies=cookie_jar(self.options.cookies),
        ) as client:
            self._client = client
            # A first crawl has no earlier pages to revalidate: skip a lookup per URL.
            self._has_previous = self.store.has_previous(self.run_id)
            if resume:
                self._resume()
            else:
                self.enqueue(start_urls)
                entries = await self._discover_sitemaps(start_urls)
                # Only now is the run resumable: seeds, sitemap URLs and the run's state are
                # written in one transaction, so a kill during discovery starts it again.
                self.store.end_discovery(self.run_id, entries)
            await self._crawl(started)
            templates = await self._probe_soft_404s()
        fetched, errors, blocked = self.store.run_counts(self.run_id)
        complete = not self._queue and self._stop_reason is None
        return CrawlStats(
            pages=fetched, errors=errors, duration_s=round(time.monotonic() - started, 3),
            robots_blocked=blocked, complete=complete,
            stop_reason=None if complete else (self._stop_reason or "stopped early"),
            trap_skipped=self.traps_skipped, session_ids=self.sessions.labels(),
            session_links=sum(self.sessions.stripped.values()), soft_404_templates=templates,
        )

    def _resume(self) -> None:
        """Continue from the stored frontier. Replaying its URLs through the trap guards,
        in the order they were first met, rebuilds their counters exactly: the resumed
        crawl refuses what the uninterrupted one would have."""
        for url, state in self.store.frontier(self.run_id):
            self._seen.add(url)
            self.traps.allows(url)
            if state == REFUSED:
                self.traps_skipped += 1
                self._refused.add(url)
            elif state == QUEUED:
                self._queue.append(url)
        self._done = self.store.run_counts(self.run_id)[0]

    def enqueue(self, urls: Iterable[str], referrer: str | None = None,
                texts: tuple[str, ...] = ()) -> None:
        """Queue new URLs in scope; `referrer` is the page they were found on and `texts`
        their link texts, in order (kept until fetched, for broken-link findings)."""
        fresh: list[tuple[str, bool]] = []  # (url, refused by a trap guard), in order
        for i, raw in enumerate(urls):
            # Nav links repeat on every page: skip a raw string already seen before paying
            # for normalisation (126,000 calls were 60% of the main process's CPU).
            if raw in self._raw_seen:
                continue
            self._raw_seen.add(raw)
            url = normalize_url(raw)
            if url is None:
                continue
            if self.sessions.active:
                url = self.sessions.without(url, count=True)
            if url in self._seen:
                if referrer is not None:
                    self.origins.found_again(url, referrer, texts[i] if i < len(texts) else "")
                continue
            if not self.scope.contains(url):
                continue
            self._seen.add(url)
            if not self.traps.allows(url):
                self.traps_skipped += 1
                self._refused.add(url)
                fresh.append((url, True))
                continue
            if referrer is not None:
                self.origins.found(url, referrer, texts[i] if i < len(texts) else "")
            self._queue.append(url)
            fresh.append((url, False))
        self.store.add_frontier(fresh)

    # -- the loop --------------------------------------------------------------------
    async def _crawl(self, started: float) -> None:
        in_flight: set[asyncio.Task[None]] = set()
        while self._queue or in_flight:
            while self._queue and len(in_flight) < self._max_in_flight() and \
                    not self._budget_exhausted(started):
                task = asyncio.create_task(self._visit(self._queue.popleft()))
                in_flight.add(task)
            if not in_flight:
                break
            done, in_flight = await asyncio.wait(in_flight, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                task.result()  # an unexpected exception must surface, not vanish
            if self.on_progress:
                self.on_progress(self._done, len(self._queue), self._errors)

    def _full_concurrency(self) -> int:
        return self.options.concurrency * max(1, len(self.scope.hosts))

    def _max_in_flight(self) -> int:
        if self.error_rate.struggling():
            return 1  # a site failing under load gets one request at a time
        return self._full_concurrency()

    def _budget_exhausted(self, started: float) -> bool:
        opts = self.options
        if self._stop_reason is not None:
            return True
        if self._done - self._dead >= opts.max_pages:
            self._stop_reason = f"max_pages ({opts.max_pages}) reached"
        elif opts.time_limit is not None and time.monotonic() - started > opts.time_limit:
            self._stop_reason = f"time_limit ({opts.time_limit:g} s) reached"
        elif self.error_rate.tripped():
            self._stop_reason = (f"stopped: {self.error_rate.threshold:.0%} or more of the "
                                 f"last {self.error_rate.window} requests failed; the site "
                                 "looks down or is refusing the crawler")
        return self._stop_reason is not None

    async def _visit(self, url: str) -> None:
        if self.sessions.active:
            url = self.sessions.without(url)  # queued before its session ID was known
        if url in self._visited:
            return
        self._visited.add(url)
        robots = await self.robots.for_url(self._client, url)
        if self.options.respect_robots and robots.parser is not None and \
                not robots.parser.can_fetch(url, self.options.user_agent):
            self.store.add_page(self.origins.annotate(url, Page(
                url=url, requested_url=url, status=0, robots_rule="disallowed by robots.txt")),
                run_id=self.run_id)
            return
        host = host_of(url)
        if host not in self._pacers:
            self._pacers[host] = HostPacer(interval_for(self.options.rate_limit,
                                                        robots.crawl_delay))
            self._slots[host] = asyncio.Semaphore(self.options.concurrency)
        previous = self.store.previous(url, self.run_id) if self._has_previous else None
        async with self._slots[host]:
            fetched = await self._fetch_with_retries(url, self._pacers[host], previous)
        if fetched.status == 304 and previous is not None:
            page, links = replace(previous[0], requested_url=url), previous[1]
        elif not readable(self.scope, url, fetched.redirects, fetched.final_url):
            page, links = unread_page(fetched), []  # off scope or a login wall: never content
        elif self.executor is not None:
            loop = asyncio.get_running_loop()
            page, links = await loop.run_in_executor(self.executor, self.process, fetched)
        else:
            page, links = self.process(fetched)
        if self.sessions.observe(url, links):
            self._forget_sessions()
        page = self.sessions.clean_page(page)
        texts, page = page.link_texts, self.origins.annotate(url, replace(page, link_texts=()))
        # A 404 is a broken link, not a sign that the site is down (only 408/429 of 4xx are).
        self.error_rate.record(counts_as_failure(page.status, page.error))
        self._done += 1
        self._dead += is_dead_url(page.status) and page.error is None
        self._errors += page.status == 0 or page.status >= 400 or page.error is not None
        # Links first: the page's flush then carries its links in the same transaction,
        # so a kill never leaves a page marked done whose links were never queued.
        self.enqueue(links, page.url, texts)
        self.store.add_page(page, links, run_id=self.run_id)
        if len(self._early) < EARLY_PAGES and (self.sessions.may_hold(page.url) or
                                               self.sessions.may_hold(page.requested_url)):
            self._early.append((page, links))

    def _forget_sessions(self) -> None:
        """A session ID was just learned: visited URLs lose it, and the first pages, stored
        before it was known, are stored again without it (sessions show in the first
        responses; later pages are cleaned before they are stored)."""
        self._visited = {self.sessions.without(u) for u in self._visited}
        for page, links in self._early:
            cleaned = self.sessions.clean_page(page)
            if cleaned != page:
                self.store.add_page(cleaned, links, run_id=self.run_id)

    async def _probe_soft_404s(self) -> tuple[tuple[str, str], ...]:
        """(fingerprint, URL) of what made-up URLs answer with HTTP 200 (crawl/probes.py)."""
        if self._stop_reason is not None and not self._stop_reason.startswith("max_pages"):
            return ()  # a failing site or the time limit: no more requests
        found: dict[str, str] = {}
        # The frontier's URLs (what a resumed crawl knows too): the same probes either way.
        for url in probe_urls(self._seen - self._refused):
            if not self.scope.contains(url):
                continue
            robots = await self.robots.for_url(self._client, url)
            if self.options.respect_robots and robots.parser is not None and \
                    not robots.parser.can_fetch(url, self.options.user_agent):
                continue
            pacer = self._pacers.get(host_of(url))
            if pacer is not None:
                await pacer.wait()
            fetched, _ = await self._fetch(url, {})
            if fetched.status != 200 or fetched.error is not None:
                continue
            loop = asyncio.get_running_loop()
            page, _ = await loop.run_in_executor(self.executor, self.process, fetched)
            if page.fingerprint:
                found.setdefault(page.fingerprint, url)
        return tuple(sorted(found.items()))

    # -- HTTP ------------------------------------------------------------------------
    async def _fetch_with_retries(self, url: str, pacer: HostPacer,
                                  previous: tuple[Page, list[str]] | None) -> Fetched:
        conditional: dict[str, str] = {}
        if previous is not None and previous[0].ok:
            if previous[0].etag:
                conditional["If-None-Match"] = previous[0].etag
            if previous[0].last_modified:
                conditional["If-Modified-Since"] = previous[0].last_modified
        attempt = 0
        while True:
            await pacer.wait()
            fetched, retry_after = await self._fetch(url, conditional)
            retryable = fetched.status in RETRY_STATUSES or (
                fetched.status == 0 and fetched.error is not None
                and not fetched.error.startswith(("redirect", "more than")))
            if not retryable or attempt >= self.options.retries:
                return fetched
            attempt += 1
            delay = retry_delay(attempt, retry_after)
            if delay is None:  # Retry-After longer than we are willing to wait
                return replace(fetched, error=f"HTTP {fetched.status}, Retry-After "
                               f"{retry_after} is too long to wait")
            await asyncio.sleep(delay)

    async def _fetch(self, url: str, conditional: dict[str, str]
                     ) -> tuple[Fetched, str | None]:
        trail = Trail(url)
        try:
            while True:  # HTTP redirects in follow(); a page's own (meta refresh) here
                async with follow(self._client, trail, max_redirects=self.options.max_redirects,
                                  headers=None if trail.chain else conditional) as response:
                    kept = tuple((name, response.headers[name]) for name in _KEPT_HEADERS
                                 if name in response.headers)
                    body, error = await self._read_body(response)
                    status, retry_after = response.status_code, response.headers.get(
                        "retry-after")
                target = client_redirect(body, trail.current) if body and error is None \
                    else None
                if target is None:
                    return Fetched(url=url, final_url=trail.current, status=status,
                                   redirects=tuple(trail.chain), headers=kept, body=body,
                                   error=error), retry_after
                trail.redirect(target, status)
        except RedirectError as exc:
            return _failed(url, exc.final_url, trail.chain, exc.message, exc.status), None
        except httpx.TimeoutException:
            return _failed(url, trail.current, trail.chain,
                           f"timeout after {self.options.timeout:g} s"), None
        except httpx.HTTPError as exc:
            return _failed(url, trail.current, trail.chain, _describe(exc)), None

    async def _read_body(self, response: httpx.Response) -> tuple[bytes, str | None]:
        content_type = response.headers.get("content-type", "").lower()
        if response.status_code != 200 or not any(t in content_type for t in _HTML_TYPES):
            return b"", None  # recorded, not parsed
        return await read_capped(response, self.options.max_page_bytes, "max_page_bytes")

    # -- sitemaps --------------------------------------------------------------------
    async def _discover_sitemaps(self, start_urls: Iterable[str]
                                 ) -> list[tuple[str, str | None, str]]:
        candidates: list[str] = list(self.options.sitemaps)
        # Every host in scope is read like the start hosts: robots.txt, /sitemap.xml.
        for start in site_origins(start_urls, self.scope):
            robots = await self.robots.for_url(self._client, start)
            origin = httpx.URL(start).copy_with(path="/", query=None, fragment=None)
            candidates += [*robots.sitemaps, str(origin.join("/sitemap.xml"))]
        seen: set[str] = set()
        queue = [(u, 0) for u in candidates]
        entries: list[tuple[str, str | None, str]] = []
        while queue:
            sitemap_url, depth = queue.pop(0)
            if sitemap_url in seen or depth > MAX_DEPTH:
                continue
            seen.add(sitemap_url)
            parsed = await self._fetch_sitemap(sitemap_url)
            if parsed is None:
                continue
            queue += [(child, depth + 1) for child in parsed.sitemaps]
            for entry in parsed.urls:
                loc = normalize_url(entry.loc)
                if loc is None or not self.scope.contains(loc):
                    continue
                alternates = [(h, href) for h, u in entry.alternates
                              if (href := normalize_url(u)) is not None]
                entries.append((loc, entry.lastmod, json.dumps(alternates)))
                for listed in (loc, *(href for _, href in alternates)):
                    self.origins.listed(listed)
                self.enqueue([loc, *(href for _, href in alternates)])
        return entries

    async def _fetch_sitemap(self, url: str) -> ParsedSitemap | None:
        try:
            async with follow(self._client, Trail(url),
                              max_redirects=self.options.max_redirects) as response:
                if response.status_code != 200:
                    return None
                body, error = await read_capped(response, MAX_DECOMPRESSED, "sitemap limit")
        except (httpx.HTTPError, RedirectError):
            return None
        if error is not None:
            return None
        try:
            return parse_sitemap(body)
        except SitemapError:
            return None


# What a transport error means for the user, by the words the OS and OpenSSL use.
_CAUSES = (
    (("name or service not known", "nodename nor servname", "temporary failure in name",
      "getaddrinfo failed", "no address associated"), "DNS lookup failed (is the host name "
     "right, and is the network up?)"),
    (("certificate_verify_failed", "certificate verify failed"), "TLS certificate not "
     "trusted"),
    (("ssl", "tls", "wrong_version_number", "handshake"), "TLS handshake failed"),
    (("connection refused", "all connection attempts failed"), "connection refused"),
)


def _describe(exc: httpx.HTTPError) -> str:
    """One line naming the cause (DNS, TLS, refused), then the library's words."""
    text = str(exc).strip() or type(exc).__name__
    detail = f"{type(exc).__name__}: {text}" if type(exc).__name__ not in text else text
    lowered = text.lower()
    for needles, cause in _CAUSES:
        if any(n in lowered for n in needles):
            return f"{cause} ({detail})"
    return detail


def _failed(url: str, final_url: str, chain: list[str], error: str, status: int = 0) -> Fetched:
    return Fetched(url=url, final_url=final_url, status=status, redirects=tuple(chain),
                   error=error)
