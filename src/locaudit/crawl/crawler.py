"""The async crawler: breadth-first within scope, per-host concurrency, robots.txt.

It fetches and hands each response to a `process` function (injected by the caller, so
this stage does not import the later extract stage), which returns the Page to store and
the links to follow.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Executor
from dataclasses import dataclass, field

import httpx

from locaudit.crawl.robots import RobotsCache
from locaudit.crawl.store import Store
from locaudit.crawl.urls import Scope, host_of, normalize_url
from locaudit.models import CrawlStats, Fetched, Page

ProcessFn = Callable[[Fetched], tuple[Page, list[str]]]
ProgressFn = Callable[[int, int, int], None]  # done, queued, errors

# Headers later stages need; everything else is dropped before the body is processed.
_KEPT_HEADERS = ("content-type", "content-language", "last-modified", "etag", "link",
                 "x-robots-tag")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass
class CrawlOptions:
    concurrency: int = 8
    timeout: float = 20.0
    max_pages: int = 50_000
    max_redirects: int = 10
    max_page_bytes: int = 5_000_000
    user_agent: str = "locaudit"
    headers: dict[str, str] = field(default_factory=dict)
    respect_robots: bool = True
    time_limit: float | None = None


class Crawler:
    def __init__(
        self, *, scope: Scope, store: Store, process: ProcessFn, options: CrawlOptions,
        executor: Executor | None = None, on_progress: ProgressFn | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.scope = scope
        self.store = store
        self.process = process
        self.options = options
        self.executor = executor
        self.on_progress = on_progress
        self.transport = transport
        self.robots = RobotsCache(options.user_agent, respect=options.respect_robots)
        self._seen: set[str] = set()
        self._queue: deque[str] = deque()
        self._host_slots: dict[str, asyncio.Semaphore] = {}
        self._stats = {"pages": 0, "errors": 0, "robots_blocked": 0}
        self._stop_reason: str | None = None

    # -- public ----------------------------------------------------------------------
    async def run(self, start_urls: Iterable[str], run_id: int | None = None) -> CrawlStats:
        started = time.monotonic()
        self.enqueue(start_urls)
        limits = httpx.Limits(max_connections=self.options.concurrency * max(1, len(
            self.scope.hosts)), max_keepalive_connections=self.options.concurrency * 2)
        async with httpx.AsyncClient(
            timeout=self.options.timeout, limits=limits, transport=self.transport,
            headers={"User-Agent": self.options.user_agent}, follow_redirects=False,
        ) as client:
            self._client = client
            in_flight: set[asyncio.Task[None]] = set()
            while self._queue or in_flight:
                while self._queue and len(in_flight) < self._max_in_flight():
                    if self._budget_exhausted(started):
                        break
                    url = self._queue.popleft()
                    task = asyncio.create_task(self._visit(url, run_id))
                    in_flight.add(task)
                if not in_flight:
                    break
                done, in_flight = await asyncio.wait(in_flight,
                                                     return_when=asyncio.FIRST_COMPLETED)
                for task in done:
                    task.result()  # an unexpected exception must surface, not vanish
                if self.on_progress:
                    self.on_progress(self._stats["pages"], len(self._queue),
                                     self._stats["errors"])
        self.store.flush(run_id)
        complete = not self._queue and self._stop_reason is None
        return CrawlStats(
            pages=self._stats["pages"], errors=self._stats["errors"],
            duration_s=round(time.monotonic() - started, 3),
            robots_blocked=self._stats["robots_blocked"], complete=complete,
            stop_reason=self._stop_reason if not complete else None,
        )

    def enqueue(self, urls: Iterable[str]) -> None:
        for raw in urls:
            url = normalize_url(raw)
            if url is None or url in self._seen or not self.scope.contains(url):
                continue
            self._seen.add(url)
            self._queue.append(url)

    # -- internals -------------------------------------------------------------------
    def _max_in_flight(self) -> int:
        return self.options.concurrency * max(1, len(self.scope.hosts))

    def _budget_exhausted(self, started: float) -> bool:
        opts = self.options
        if self._stats["pages"] + self._stats["robots_blocked"] >= opts.max_pages:
            self._stop_reason = f"max_pages ({opts.max_pages}) reached"
            return True
        if opts.time_limit is not None and time.monotonic() - started > opts.time_limit:
            self._stop_reason = f"time_limit ({opts.time_limit:g} s) reached"
            return True
        return False

    def _slot(self, url: str) -> asyncio.Semaphore:
        host = host_of(url)
        if host not in self._host_slots:
            self._host_slots[host] = asyncio.Semaphore(self.options.concurrency)
        return self._host_slots[host]

    async def _visit(self, url: str, run_id: int | None) -> None:
        if not await self.robots.allowed(self._client, url):
            self._stats["robots_blocked"] += 1
            self.store.add_page(Page(url=url, requested_url=url, status=0,
                                     robots_rule="disallowed by robots.txt"), run_id)
            return
        async with self._slot(url):
            fetched = await self._fetch(url)
        if self.executor is not None:
            loop = asyncio.get_running_loop()
            page, links = await loop.run_in_executor(self.executor, self.process, fetched)
        else:
            page, links = self.process(fetched)
        self._stats["pages"] += 1
        if page.error is not None or page.status >= 400 or page.status == 0:
            self._stats["errors"] += 1
        self.store.add_page(page, run_id)
        self.enqueue(links)

    async def _fetch(self, url: str) -> Fetched:
        chain: list[str] = []
        current = url
        for _ in range(self.options.max_redirects + 1):
            try:
                async with self._client.stream("GET", current, headers=self._headers_for(
                        current)) as response:
                    if response.is_redirect and "location" in response.headers:
                        target = normalize_url(response.headers["location"], current)
                        chain.append(current)
                        if target is None:
                            return _failed(url, current, chain, "redirect to a non-HTTP URL",
                                           response.status_code)
                        if target in chain:
                            return _failed(url, target, chain, "redirect loop",
                                           response.status_code)
                        current = target
                        continue
                    headers = tuple(
                        (name, response.headers[name]) for name in _KEPT_HEADERS
                        if name in response.headers
                    )
                    body, error = await self._read_body(response)
                    return Fetched(url=url, final_url=current, status=response.status_code,
                                   redirects=tuple(chain), headers=headers, body=body,
                                   error=error)
            except httpx.TimeoutException:
                return _failed(url, current, chain, f"timeout after {self.options.timeout:g} s")
            except httpx.HTTPError as exc:
                return _failed(url, current, chain, f"{type(exc).__name__}: {exc}".strip())
        return _failed(url, current, chain,
                       f"more than {self.options.max_redirects} redirects")

    async def _read_body(self, response: httpx.Response) -> tuple[bytes, str | None]:
        content_type = response.headers.get("content-type", "").lower()
        if not any(t in content_type for t in _HTML_TYPES):
            return b"", None  # recorded, not parsed
        limit = self.options.max_page_bytes
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > limit:
                return b"", f"page larger than max_page_bytes ({limit} bytes)"
            chunks.append(chunk)
        return b"".join(chunks), None

    def _headers_for(self, url: str) -> dict[str, str]:
        # Config headers (tokens) go only to the site's own hosts, never across a redirect.
        return self.options.headers if host_of(url) in self.scope.hosts else {}


def _failed(url: str, final_url: str, chain: list[str], error: str, status: int = 0) -> Fetched:
    return Fetched(url=url, final_url=final_url, status=status, redirects=tuple(chain),
                   error=error)
