"""The crawl source (`site.source: crawl`, the default and the reference): fetch the live
site over HTTP, politely, and extract every page into the store."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from functools import partial
from multiprocessing.connection import Connection

import httpx

from locaudit.config import Config
from locaudit.crawl.crawler import Crawler, CrawlOptions, ProgressFn
from locaudit.crawl.scope import login_wall
from locaudit.crawl.store import Store
from locaudit.crawl.urls import Scope
from locaudit.errors import Interrupted, NoResultError
from locaudit.extract.page import (
    DEFAULT_FALLBACK_PHRASES,
    DEFAULT_MT_PHRASES,
    ExtractOptions,
    process_fetched,
)
from locaudit.models import CrawlStats


def site_scope(config: Config) -> Scope:
    site = config.site
    return Scope.for_start_urls(site.start_urls, site.include, site.exclude, site.hosts)


def crawl_site(config: Config, store: Store, *, on_progress: ProgressFn | None = None,
               fresh: bool = False, transport: httpx.AsyncBaseTransport | None = None
               ) -> CrawlStats:
    """Crawl into the store, resuming the store's unfinished run unless `fresh`; a new run
    sends conditional requests for pages the previous run stored, and replaces them only
    when it finishes. Raises NoResultError when nothing usable was fetched. `transport`
    answers the crawl's requests instead of the network (a web archive's replay)."""
    site = config.site
    options = crawl_options(config)
    scope = site_scope(config)
    process = partial(process_fetched, extract_options(config))
    run_id, resume = store.begin_run(now(), fresh=fresh)
    with extraction_pool() as executor:
        crawler = Crawler(scope=scope, store=store, process=process, options=options,
                          run_id=run_id, executor=executor, on_progress=on_progress,
                          transport=transport)
        try:
            stats = asyncio.run(crawler.run(site.start_urls, resume=resume))
        except KeyboardInterrupt:
            store.flush()
            raise Interrupted(f"crawl interrupted; {store.page_count(run_id)} pages of this "
                              f"crawl kept in {store.path}; run the same command again to "
                              "resume") from None
    why = _no_result(store, run_id, stats, site.start_urls)
    if why is not None and store.finished_run() is not None:
        store.abandon_run(run_id)  # a failed crawl never replaces the last good one
        raise NoResultError(f"{why}; the last finished crawl in {store.path} is kept")
    store.finish_run(run_id, now(), stats)
    if why is not None:
        raise NoResultError(why)
    return stats


def crawl_options(config: Config) -> CrawlOptions:
    site, crawl = config.site, config.crawl
    return CrawlOptions(
        concurrency=crawl.concurrency, rate_limit=crawl.rate_limit, timeout=crawl.timeout,
        retries=crawl.retries, max_pages=crawl.max_pages, max_redirects=crawl.max_redirects,
        max_page_bytes=crawl.max_page_bytes, user_agent=crawl.user_agent,
        headers=dict(site.headers), respect_robots=crawl.respect_robots,
        time_limit=crawl.time_limit, sitemaps=tuple(site.sitemaps), cookies=crawl.cookies,
    )


@contextmanager
def extraction_pool() -> Iterator[Executor | None]:
    """Parsing and language detection are CPU work: off the event loop, one process per
    core (design §12: 115-143 pages/s inline, ~200 with a pool of 2). One core: inline."""
    workers = os.cpu_count() or 1
    # In a worker process (a survey's pool, a Dask worker) sites already run in parallel,
    # and a daemonic worker cannot start processes of its own: extract inline.
    if workers < 2 or multiprocessing.parent_process() is not None:
        yield None
        return
    context = multiprocessing.get_context("forkserver")
    # Workers hold the read end; only this process holds the write end. When this process
    # ends, even by `kill -9`, the workers read EOF and exit (see _exit_with).
    alive_r, alive_w = context.Pipe(duplex=False)
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_exit_with,
                               initargs=(alive_r,))
    try:
        yield pool
    finally:
        pool.shutdown(cancel_futures=True)
        alive_w.close()
        alive_r.close()


def _exit_with(alive: Connection) -> None:
    """In a pool worker: exit when the crawling process is gone. Otherwise, after a
    `kill -9`, workers wait forever on their task queue (they hold its write end too),
    keeping the caller's stdout/stderr pipes open and a CI step hanging."""

    def watch() -> None:
        with suppress(EOFError, OSError):
            alive.recv()
        os._exit(0)

    threading.Thread(target=watch, name="locaudit-parent-watch", daemon=True).start()


def extract_options(config: Config) -> ExtractOptions:
    checks = config.checks
    return ExtractOptions(
        min_text_chars=checks.min_text_chars,
        fallback_phrases=DEFAULT_FALLBACK_PHRASES + tuple(checks.fallback_phrases),
        machine_translation_phrases=DEFAULT_MT_PHRASES + tuple(
            checks.machine_translation_phrases),
    )


def _no_result(store: Store, run_id: int, stats: CrawlStats, start_urls: Iterable[str]
               ) -> str | None:
    """Why the run is no result (no HTML page fetched), or None."""
    if any(page.ok for page in store.pages(run_id)):
        return None
    first = next((p for p in store.pages(run_id) if p.error or p.status), None)
    why = ""
    if first is not None:
        why = f": {first.error}" if first.error else f": HTTP {first.status}"
        if first.error is None and first.status < 400 and first.url != first.requested_url:
            why = f": {first.requested_url} redirects to {first.url}, " + (
                "a sign-in page (give locaudit access with site.headers)"
                if login_wall(first.requested_url, first.redirects, first.url) else
                "outside the crawl (start there, or add its host to site.hosts)")
    if stats.pages == 0 and stats.robots_blocked:
        why = ": every URL is disallowed by robots.txt"
    return f"no HTML page could be fetched from {', '.join(start_urls)}{why}"


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
