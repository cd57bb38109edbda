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
from collections.abc import Callable, Iterable
from concurrent.futures import Executor
from dataclasses import replace
from typing import Any

import httpx

from locaudit.crawl.discovery import sitemap_urls
from locaudit.crawl.fetch import Fetcher
from locaudit.crawl.frontier import Frontier
from locaudit.crawl.http import cookie_jar, scoped_headers_hook
from locaudit.crawl.options import CrawlOptions
from locaudit.crawl.origins import LinkOrigins
from locaudit.crawl.politeness import (
    ErrorRate,
    HostPacer,
    counts_as_failure,
    interval_for,
    is_dead_url,
)
from locaudit.crawl.probes import probe_urls
from locaudit.crawl.robots import HostRobots, RobotsCache
from locaudit.crawl.scope import readable, unread_page
from locaudit.crawl.sessions import SessionIds
from locaudit.crawl.store import Store
from locaudit.crawl.urls import Scope, host_of
from locaudit.models import CrawlStats, Fetched, Page

__all__ = ["CrawlOptions", "Crawler", "ProcessFn", "ProgressFn"]

ProcessFn = Callable[[Fetched], tuple[Page, list[str]]]
ProgressFn = Callable[[int, int, int], None]  # done, queued, errors

EARLY_PAGES = 500  # first pages whose URL may hold a session ID: cleaned if one shows up


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
        self.error_rate = ErrorRate()
        self.origins = LinkOrigins()
        self.sessions = SessionIds()
        self._visited: set[str] = set()  # requested URLs, without the session IDs known
        self._early: list[tuple[Page, list[str]]] = []  # the first pages stored, see below
        self.frontier = Frontier(scope, store, self.sessions, self.origins)
        self._slots: dict[str, asyncio.Semaphore] = {}
        self._pacers: dict[str, HostPacer] = {}
        self._done = 0
        self._dead = 0  # of them dead URLs (404, 410 ...): not pages, outside max_pages
        self._errors = 0
        self._stop_reason: str | None = None
        self._has_previous = True  # until run() asks the store

    # -- public ----------------------------------------------------------------------
    async def run(self, start_urls: Iterable[str], *, resume: bool = False) -> CrawlStats:
        started = time.monotonic()
        async with self._open_client() as client:
            self._client = client
            self._fetcher = Fetcher(client, self.options)
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
        return self._stats(started, templates)

    def _stats(self, started: float, templates: tuple[tuple[str, str], ...],
               **source: Any) -> CrawlStats:
        """The finished crawl's figures; `source` adds a source's own (sample size, ...)."""
        fetched, errors, blocked = self.store.run_counts(self.run_id)
        complete = not self.frontier.queue and self._stop_reason is None
        return CrawlStats(
            pages=fetched, errors=errors, duration_s=round(time.monotonic() - started, 3),
            robots_blocked=blocked, complete=complete,
            stop_reason=None if complete else (self._stop_reason or "stopped early"),
            trap_skipped=self.frontier.traps_skipped, session_ids=self.sessions.labels(),
            session_links=sum(self.sessions.stripped.values()), soft_404_templates=templates,
            **source,
        )

    def _open_client(self) -> httpx.AsyncClient:
        limits = httpx.Limits(max_connections=self._full_concurrency(),
                              max_keepalive_connections=self._full_concurrency())
        defaults = {"User-Agent": self.options.user_agent,
                    "Accept-Encoding": "gzip, deflate"}  # what read_capped can inflate
        # Config headers only by the hook (crawl/http.py): only ever to the scope's hosts.
        hook = scoped_headers_hook(self.options.headers, self.scope.hosts, defaults)
        return httpx.AsyncClient(
            timeout=self.options.timeout, limits=limits, transport=self.transport,
            headers=defaults, follow_redirects=False, event_hooks={"request": [hook]},
            cookies=cookie_jar(self.options.cookies),
        )

    async def _discover_sitemaps(self, start_urls: Iterable[str]
                                 ) -> list[tuple[str, str | None, str]]:
        """Queue the in-scope URLs the sitemaps list (crawl/discovery.py); their store rows
        (loc, lastmod, alternates as JSON)."""
        entries: list[tuple[str, str | None, str]] = []
        for loc, lastmod, alternates in await sitemap_urls(
                self._client, self.robots, self.scope, start_urls, self.options.sitemaps,
                self.options.max_redirects):
            entries.append((loc, lastmod, json.dumps(alternates)))
            for listed in (loc, *(href for _, href in alternates)):
                self.origins.listed(listed)
            self.enqueue([loc, *(href for _, href in alternates)])
        return entries

    def _resume(self) -> None:
        """Continue from the stored frontier, and the stored count of pages done."""
        self.frontier.restore(self.store.frontier(self.run_id))
        self._done = self.store.run_counts(self.run_id)[0]

    def enqueue(self, urls: Iterable[str], referrer: str | None = None,
                texts: tuple[str, ...] = ()) -> None:
        """Queue new URLs in scope (crawl/frontier.py); `referrer` is the page they were
        found on and `texts` their link texts, in order."""
        self.frontier.add(urls, referrer, texts)

    # -- the loop --------------------------------------------------------------------
    async def _crawl(self, started: float) -> None:
        in_flight: set[asyncio.Task[None]] = set()
        while self.frontier.queue or in_flight:
            while self.frontier.queue and len(in_flight) < self._max_in_flight() and \
                    not self._budget_exhausted(started):
                task = asyncio.create_task(self._visit(self.frontier.queue.popleft()))
                in_flight.add(task)
            if not in_flight:
                break
            done, in_flight = await asyncio.wait(in_flight, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                task.result()  # an unexpected exception must surface, not vanish
            if self.on_progress:
                self.on_progress(self._done, len(self.frontier.queue), self._errors)

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
        if self._disallowed(robots, url):
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
            fetched = await self._fetcher.fetch_with_retries(url, self._pacers[host], previous)
        page, links = await self._page_of(url, fetched, previous)
        self._record(url, page, links)

    def _disallowed(self, robots: HostRobots, url: str) -> bool:
        return self.options.respect_robots and robots.parser is not None and \
            not robots.parser.can_fetch(url, self.options.user_agent)

    async def _page_of(self, url: str, fetched: Fetched,
                       previous: tuple[Page, list[str]] | None) -> tuple[Page, list[str]]:
        """The Page to store for a response, and its links: the previous run's copy on a
        304, nothing read off scope or behind a login wall, else what `process` makes."""
        if fetched.status == 304 and previous is not None:
            return replace(previous[0], requested_url=url), previous[1]
        if not readable(self.scope, url, fetched.redirects, fetched.final_url):
            return unread_page(fetched), []  # off scope or a login wall: never content
        if self.executor is not None:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self.executor, self.process, fetched)
        return self.process(fetched)

    def _record(self, url: str, page: Page, links: list[str]) -> None:
        """Count a visited page, queue its links and store it (session IDs removed)."""
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
        # The frontier's URLs (what a resumed crawl knows too): the same probes either way;
        # without the session IDs learnt, so URLs met before the rule give no extra probes.
        known = {self.sessions.without(url) for url in self.frontier.known()}
        for url in probe_urls(known):
            if not self.scope.contains(url):
                continue
            if self._disallowed(await self.robots.for_url(self._client, url), url):
                continue
            pacer = self._pacers.get(host_of(url))
            if pacer is not None:
                await pacer.wait()
            fetched, _ = await self._fetcher.fetch(url, {})
            if fetched.status != 200 or fetched.error is not None:
                continue
            loop = asyncio.get_running_loop()
            page, _ = await loop.run_in_executor(self.executor, self.process, fetched)
            if page.fingerprint:
                found.setdefault(page.fingerprint, url)
        return tuple(sorted(found.items()))
