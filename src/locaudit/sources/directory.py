"""The build-folder source (`site.source: directory`, or `locaudit audit ./public`): read a
static site's build output (Astro, Docusaurus, Hugo, MkDocs, Sphinx) as a static host would
serve it, without any network, and store it as a crawl would have.

Every HTML file is a page at the URL a static host serves it at (sources/site_files.py);
its bytes go through the crawl's extraction (`process_fetched`, in the crawl's process
pool); a page's own redirect (meta refresh, `location = ...`: Hugo aliases, redirect
plugins) is followed to the file it names; links and sitemap URLs that no file answers are
stored as the 404s a host would give, so they become the crawl's `broken_link` and
`sitemap_dead_url` findings. robots.txt rules in the folder apply as they do to a crawl.
What a folder cannot say is left out rather than made up: no Last-Modified from file times
(a build writes every file at once), no Content-Language, no soft-404 probes (a static host
answers a missing file with 404).
"""

from __future__ import annotations

import json
import mimetypes
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from dataclasses import replace
from functools import partial

from protego import Protego

from locaudit.config import Config
from locaudit.crawl.crawler import ProgressFn
from locaudit.crawl.origins import LinkOrigins
from locaudit.crawl.refresh import client_redirect
from locaudit.crawl.scope import readable, unread_page
from locaudit.crawl.sitemaps import MAX_DEPTH, SitemapError, parse_sitemap
from locaudit.crawl.store import Store
from locaudit.crawl.urls import Scope, normalize_url
from locaudit.errors import ConfigError, Interrupted, NoResultError
from locaudit.extract.page import process_fetched
from locaudit.models import CrawlStats, Fetched, Page
from locaudit.sources import crawl as crawl_source
from locaudit.sources.crawl import extract_options, now, site_scope
from locaudit.sources.site_files import SiteFiles

Process = Callable[[Fetched], tuple[Page, list[str]]]
BATCH = 8  # pages per task sent to the pool: fewer round trips than one each
IN_FLIGHT = 8  # batches queued ahead per worker: the pool stays busy, memory stays flat
_HTML_HEADERS = (("content-type", "text/html"),)  # what a static host says; no charset


def read_folder(config: Config, store: Store, *, on_progress: ProgressFn | None = None,
                fresh: bool = False) -> CrawlStats:
    """Store one finished run of the folder's pages. Reading is quick, so a run is never
    resumed: an unfinished one is started again. Raises NoResultError when the folder has
    no HTML page; the store's last finished run is then kept."""
    started = time.monotonic()
    files = _site_files(config)
    if not files.html_files():
        raise NoResultError(f"no HTML page found in {files.root}")
    reader = _FolderRead(config, store, files)
    try:
        reader.run(on_progress)
    except KeyboardInterrupt:
        store.abandon_run(reader.run_id)
        raise Interrupted("reading the folder was interrupted; the store keeps its last "
                          "finished run; run the same command again") from None
    fetched, errors, blocked = store.run_counts(reader.run_id)
    if not any(page.ok for page in store.pages(reader.run_id)):
        store.abandon_run(reader.run_id)
        raise NoResultError(f"no HTML page of {files.root} is in scope (site.include, "
                            "site.exclude, robots.txt)")
    stats = CrawlStats(pages=fetched, errors=errors, robots_blocked=blocked,
                       duration_s=round(time.monotonic() - started, 3))
    store.finish_run(reader.run_id, now(), stats)
    return stats


def _site_files(config: Config) -> SiteFiles:
    folder = config.site.directory
    if folder is None or not folder.is_dir():
        where = "missing" if folder is None else f"{folder} is not a folder"
        raise ConfigError(f"{where}: give the build folder to read", key="site.directory",
                          file=str(config.path) if config.path else None)
    return SiteFiles.walk(folder, config.site.start_urls[0])


class _FolderRead:
    """One run: the folder's pages, then the URLs linked or listed that no file answers."""

    def __init__(self, config: Config, store: Store, files: SiteFiles) -> None:
        self.config = config
        self.store = store
        self.files = files
        self.scope: Scope = site_scope(config)
        self.process: Process = partial(process_fetched, extract_options(config))
        self.robots = _robots(files) if config.crawl.respect_robots else None
        self.origins = LinkOrigins()
        self.met: dict[str, None] = {}  # in-scope URLs linked or listed, in order met
        self._raw_seen: set[str] = set()
        self.run_id = store.start_run(now())

    def run(self, on_progress: ProgressFn | None) -> None:
        self.store.end_discovery(self.run_id, self._sitemap_entries())
        pages = self.files.html_files()
        done = errors = 0
        with crawl_source.extraction_pool() as executor:
            page_of = partial(_page_of, self.scope, self.process)
            for page, links in _processed(self._fetches(pages), page_of, executor):
                errors += page.status == 0 or page.status >= 400 or page.error is not None
                self._record(page, links)
                done += 1
                if on_progress and done % 50 == 0:
                    on_progress(done, len(pages) - done, errors)
        self._store_unanswered()
        if on_progress:
            on_progress(done, 0, errors)

    # -- pages -------------------------------------------------------------------------
    def _fetches(self, pages: list[str]) -> Iterator[Fetched]:
        """What fetching each page's URL would give, in file order; robots-blocked and
        out-of-scope files are handled here and never sent to the pool."""
        for rel in pages:
            url = self.files.url_of(rel)
            if not self.scope.contains(url):
                continue
            self.met.setdefault(url)
            if self._disallowed(url):
                self._store_blocked(url)
                continue
            yield self._fetch(url, rel)

    def _fetch(self, url: str, rel: str) -> Fetched:
        """The file as a 200 response, a page's own redirect followed to the file it names
        (or to the 404 a host gives when none does), like the crawl's fetcher."""
        chain: list[str] = []
        limit = self.config.crawl.max_page_bytes
        if self.files.size(rel) > limit:  # as the crawl's capped read reports it
            return Fetched(url=url, final_url=url, status=200, headers=_HTML_HEADERS,
                           error=f"body larger than max_page_bytes ({limit} bytes)")
        current, body = url, self.files.read(rel)
        while (target := client_redirect(body, current)) is not None:
            chain.append(current)
            if len(chain) > self.config.crawl.max_redirects:
                return Fetched(url=url, final_url=target, status=0, redirects=tuple(chain),
                               error=f"more than {self.config.crawl.max_redirects} "
                                     "redirects")
            current = target
            found = self.files.resolve(target) if self.scope.contains(target) else None
            if found is None:
                # Off the site: the crawl records it unread. On it: a host's 404.
                status = 404 if self.scope.contains(target) else 200
                return Fetched(url=url, final_url=target, status=status,
                               redirects=tuple(chain), headers=_HTML_HEADERS)
            body = self.files.read(found)
        return Fetched(url=url, final_url=current, status=200, redirects=tuple(chain),
                       headers=_HTML_HEADERS, body=body)

    def _record(self, page: Page, links: list[str]) -> None:
        """Store the page; note its in-scope links (and their texts) for the dead-URL
        pass, as the crawl's frontier does."""
        texts = page.link_texts
        page = self.origins.annotate(page.requested_url, replace(page, link_texts=()))
        for i, raw in enumerate(links):
            if raw in self._raw_seen:
                continue
            self._raw_seen.add(raw)
            url = normalize_url(raw)
            if url is None or not self.scope.contains(url):
                continue
            text = texts[i] if i < len(texts) else ""
            if url in self.met:
                self.origins.found_again(url, page.url, text)
                continue
            self.met[url] = None
            self.origins.found(url, page.url, text)
        self.store.add_page(page, links, run_id=self.run_id)

    def _store_unanswered(self) -> None:
        """The URLs linked or listed that are no page: the 404s (with where they were
        found), robots-blocked URLs and linked files that are not HTML, as a crawl stores
        them. URLs a page of the folder answers (`/foo` for `foo/index.html`) are that
        page, not stored twice."""
        for url in self.met:
            found = self.files.resolve(url)
            if found is not None and found.lower().endswith((".html", ".htm")):
                continue
            if self._disallowed(url):
                self._store_blocked(url)
                continue
            if found is None:
                fetched = Fetched(url=url, final_url=url, status=404, headers=_HTML_HEADERS)
            else:
                kind = mimetypes.guess_type(found)[0] or "application/octet-stream"
                fetched = Fetched(url=url, final_url=url, status=200,
                                  headers=(("content-type", kind),))
            page, _ = self.process(fetched)
            self.store.add_page(self.origins.annotate(url, page), run_id=self.run_id)

    def _disallowed(self, url: str) -> bool:
        return self.robots is not None and not self.robots.can_fetch(
            url, self.config.crawl.user_agent)

    def _store_blocked(self, url: str) -> None:
        self.store.add_page(self.origins.annotate(url, Page(
            url=url, requested_url=url, status=0, robots_rule="disallowed by robots.txt")),
            run_id=self.run_id)

    # -- sitemaps ----------------------------------------------------------------------
    def _sitemap_entries(self) -> list[tuple[str, str | None, str]]:
        """The store's sitemap rows (loc, lastmod, alternates as JSON) of every sitemap in
        the folder, `site.sitemaps` and robots.txt's `Sitemap:` lines that are files of it,
        and the children of indexes; each URL once, in the order listed."""
        queue = [(rel, 0) for rel in self._named_sitemaps() + self.files.sitemap_files()]
        seen: set[str] = set()
        entries: dict[str, tuple[str, str | None, str]] = {}
        while queue:
            rel, depth = queue.pop(0)
            if rel in seen or depth > MAX_DEPTH:
                continue
            seen.add(rel)
            try:
                parsed = parse_sitemap(self.files.read(rel))
            except (SitemapError, OSError):
                continue  # a sitemap that cannot be read is skipped, as in a crawl
            queue += [(child, depth + 1) for url in parsed.sitemaps
                      if (child := self._file_of(url)) is not None]
            for entry in parsed.urls:
                loc = normalize_url(entry.loc)
                if loc is None or not self.scope.contains(loc) or loc in entries:
                    continue
                alternates = [(h, href) for h, u in entry.alternates
                              if (href := normalize_url(u)) is not None]
                entries[loc] = (loc, entry.lastmod, json.dumps(alternates))
                for listed in (loc, *(href for _, href in alternates)):
                    if self.scope.contains(listed):
                        self.origins.listed(listed)
                        self.met.setdefault(listed)
        return list(entries.values())

    def _named_sitemaps(self) -> list[str]:
        named = [*self.config.site.sitemaps, *(self.robots.sitemaps if self.robots else ())]
        return [rel for url in named if (rel := self._file_of(url)) is not None]

    def _file_of(self, url: str) -> str | None:
        absolute = normalize_url(url, self.files.base)
        return self.files.resolve(absolute) if absolute is not None else None


def _robots(files: SiteFiles) -> Protego | None:
    if "robots.txt" not in files.files:
        return None
    return Protego.parse(files.read("robots.txt").decode("utf-8", "replace"))


def _processed(fetches: Iterator[Fetched], process: Process, executor: Executor | None
               ) -> Iterator[tuple[Page, list[str]]]:
    """`process` over the fetches, in order: in the pool in batches, a bounded number
    queued at once (a 10,000-page folder is never all in memory), or inline."""
    if executor is None:
        yield from map(process, fetches)
        return
    pending: deque[Future[list[tuple[Page, list[str]]]]] = deque()
    batch: list[Fetched] = []
    limit = IN_FLIGHT * 2
    for fetched in fetches:
        batch.append(fetched)
        if len(batch) == BATCH:
            pending.append(executor.submit(_process_batch, process, batch))
            batch = []
        while len(pending) >= limit:
            yield from pending.popleft().result()
    if batch:
        pending.append(executor.submit(_process_batch, process, batch))
    while pending:
        yield from pending.popleft().result()


def _process_batch(process: Process, batch: list[Fetched]) -> list[tuple[Page, list[str]]]:
    return [process(fetched) for fetched in batch]


def _page_of(scope: Scope, process: Process, fetched: Fetched) -> tuple[Page, list[str]]:
    """The crawl's rule: a response that ends off scope or behind a login wall is kept as
    a record, never read."""
    if not readable(scope, fetched.url, fetched.redirects, fetched.final_url):
        return unread_page(fetched), []
    return process(fetched)
