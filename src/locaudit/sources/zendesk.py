"""The Zendesk source (`site.source: zendesk`): every article translation the Help Center
API lists, as one run of pages in the store, so the same analysis runs on it.

Each translation becomes a Page at its `html_url`, built from its `body` and extracted by
the crawl's own `process_fetched`: the language checks still run (the API may call a page
German whose body is English). The API adds what a crawl cannot see: the article `id`
shared by every translation (the article key), `draft` (kept out of coverage, counted per
locale), `outdated_locales` (stale, "marked outdated in Zendesk"), `edited_at` (the
modified date), section names, and an exact inventory.

With `zendesk.verify: N`, N published html_urls per locale (the N with the lowest URL hash:
the same sample on every run) are also fetched over HTTP; where the live page disagrees
with the API (missing, redirected to another locale, another language), the page records
how, and the analysis reports a `source_mismatch`.
"""

from __future__ import annotations

import asyncio
import hashlib
import heapq
import html
import re
import time
from collections.abc import Iterable
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace
from functools import partial
from urllib.parse import urlsplit

import httpx

from locaudit.config import Config
from locaudit.crawl.crawler import ProgressFn
from locaudit.crawl.fetch import Fetcher
from locaudit.crawl.http import cookie_jar, scoped_headers_hook
from locaudit.crawl.options import CrawlOptions
from locaudit.crawl.politeness import HostPacer, interval_for
from locaudit.crawl.robots import RobotsCache
from locaudit.crawl.scope import login_wall
from locaudit.crawl.store import Store
from locaudit.crawl.urls import Scope, host_of, normalize_url
from locaudit.errors import Interrupted, NoResultError
from locaudit.extract.language import counts_as
from locaudit.extract.page import process_fetched
from locaudit.models import CrawlStats, Fetched, Page
from locaudit.sources import crawl as crawl_source
from locaudit.sources.crawl import extract_options, now, site_scope
from locaudit.sources.zendesk_api import Article, ZendeskApi
from locaudit.tags import matching_locale, try_normalize

OUTDATED = "marked outdated in Zendesk"
_HC_LOCALE = re.compile(r"/hc/([^/?#]+)/")


def read_zendesk(config: Config, store: Store, *, on_progress: ProgressFn | None = None,
                 fresh: bool = False) -> CrawlStats:
    """Read the help center's API into a new run of the store (never resumed: a read is a
    few requests per 100 translations). A read that fails or is interrupted leaves the
    store's last finished run as it was."""
    run_id = store.start_run(now())
    started = time.monotonic()
    try:
        with crawl_source.extraction_pool() as executor:
            reader = _Reader(config, store, run_id, executor, on_progress)
            pages = asyncio.run(reader.run())
    except KeyboardInterrupt:
        store.abandon_run(run_id)
        raise Interrupted("interrupted; a Zendesk API read does not resume: run the same "
                          f"command again (the last finished run in {store.path} is kept)"
                          ) from None
    except BaseException:
        store.abandon_run(run_id)
        raise
    stats = CrawlStats(pages=pages, duration_s=round(time.monotonic() - started, 3))
    store.finish_run(run_id, now(), stats)
    return stats


@dataclass
class _Held:
    """The verify sample of one locale: the `limit` published pages with the lowest URL
    hash, held back from the store until they are checked."""

    limit: int
    heap: list[tuple[int, str, Page]] = field(default_factory=list)  # max-heap by -hash

    def offer(self, page: Page) -> Page | None:
        """Hold `page` if it is in the sample; the page to store now (it, or one it
        displaced), or None."""
        if self.limit <= 0:
            return page
        rank = int.from_bytes(hashlib.sha1(page.url.encode()).digest()[:8], "big")
        entry = (-rank, page.url, page)
        if len(self.heap) < self.limit:
            heapq.heappush(self.heap, entry)
            return None
        if -self.heap[0][0] > rank:
            return heapq.heapreplace(self.heap, entry)[2]
        return page


class _Reader:
    def __init__(self, config: Config, store: Store, run_id: int, executor: Executor | None,
                 on_progress: ProgressFn | None) -> None:
        self.config = config
        self.store = store
        self.run_id = run_id
        self.executor = executor
        self.on_progress = on_progress
        self.scope: Scope = site_scope(config)
        self.process = partial(process_fetched, extract_options(config))
        self.held: dict[str, _Held] = {}  # locale -> its verify sample
        self.stored = 0
        self.off_scope: set[str] = set()
        crawl = config.crawl
        self.options = CrawlOptions(
            concurrency=crawl.concurrency, rate_limit=crawl.rate_limit, timeout=crawl.timeout,
            retries=crawl.retries, max_redirects=crawl.max_redirects,
            max_page_bytes=crawl.max_page_bytes, user_agent=crawl.user_agent,
            headers=dict(config.site.headers), respect_robots=crawl.respect_robots,
            cookies=crawl.cookies)

    async def run(self) -> int:
        """Read every chosen locale, verify the sample; the number of pages stored."""
        start = self.config.site.start_urls[0]
        parts = urlsplit(start)
        pacer = HostPacer(interval_for(self.options.rate_limit, None))
        async with self._client() as client:
            api = ZendeskApi(client, f"{parts.scheme}://{parts.netloc}", pacer,
                             retries=self.options.retries,
                             max_redirects=self.options.max_redirects,
                             has_token=bool(self.config.site.headers))
            locales = await api.locales()
            chosen = self._chosen(locales.enabled, locales.default)
            slots = asyncio.Semaphore(self.options.concurrency)

            async def read(locale: str) -> None:
                async with slots:
                    await self._read_locale(api, locale)

            await asyncio.gather(*(read(locale) for locale in chosen))
            if self.stored + self._held_count() == 0:
                raise NoResultError(self._nothing_read(start, chosen))
            await self._verify(client, pacer)
        self.store.flush()
        return self.stored

    def _held_count(self) -> int:
        return sum(len(held.heap) for held in self.held.values())

    def _client(self) -> httpx.AsyncClient:
        defaults = {"User-Agent": self.options.user_agent,
                    "Accept-Encoding": "gzip, deflate"}  # what read_capped can inflate
        hook = scoped_headers_hook(self.options.headers, self.scope.hosts, defaults)
        limits = httpx.Limits(max_connections=self.options.concurrency,
                              max_keepalive_connections=self.options.concurrency)
        return httpx.AsyncClient(timeout=self.options.timeout, limits=limits,
                                 headers=defaults, follow_redirects=False,
                                 event_hooks={"request": [hook]},
                                 cookies=cookie_jar(self.options.cookies))

    def _chosen(self, enabled: Iterable[str], default: str) -> list[str]:
        """The enabled locales to read: all, or the default, site.source_locale and the
        site.locales asked for."""
        site = self.config.site
        if site.locales is None:
            return sorted(set(enabled) | {default})
        tags = {loc: try_normalize(loc) or loc for loc in enabled}
        wanted = {default}
        for asked in (*site.locales, *([site.source_locale] if site.source_locale else [])):
            match = matching_locale(asked, tags.values())
            wanted.update(loc for loc, tag in tags.items() if tag == match)
        return sorted(wanted)

    async def _read_locale(self, api: ZendeskApi, locale: str) -> None:
        sections = await self._section_names(api, locale)
        seen: set[int] = set()
        async for batch in api.articles(locale):
            # A translation in another locale is the API's fallback, not this locale's page.
            batch = [a for a in batch if a.locale.lower() == locale.lower()
                     and a.id not in seen]
            seen.update(a.id for a in batch)
            pages = await self._extract(batch)
            for article, page in zip(batch, pages, strict=True):
                if not self.scope.contains(page.url):
                    self.off_scope.add(host_of(page.url))
                    continue
                page = replace(page, section=sections.get(article.section_id or -1))
                held = self.held.setdefault(locale, _Held(self.config.zendesk.verify))
                kept = page if page.draft else held.offer(page)
                if kept is not None:
                    self.store.add_page(kept, run_id=self.run_id)
                    self.stored += 1
            if self.on_progress:
                self.on_progress(self.stored + self._held_count(), 0, 0)

    async def _section_names(self, api: ZendeskApi, locale: str) -> dict[int, str]:
        """Section id -> its name; "Category › Section" when a name repeats."""
        sections = await api.names(locale, "sections")
        categories = await api.names(locale, "categories")
        names = [name for name, _ in sections.values()]
        out = {}
        for section_id, (name, category) in sections.items():
            parent = categories.get(category or -1, ("", None))[0]
            out[section_id] = f"{parent} › {name}" if names.count(name) > 1 and parent \
                else name
        return out

    async def _extract(self, batch: list[Article]) -> list[Page]:
        """Each translation through the crawl's extraction, then the API's own facts."""
        fetched = [_as_fetched(a) for a in batch]
        if self.executor is None:
            extracted = [self.process(f)[0] for f in fetched]
        else:
            loop = asyncio.get_running_loop()
            results = await asyncio.gather(*(loop.run_in_executor(self.executor, self.process,
                                                                  f) for f in fetched))
            extracted = [page for page, _ in results]
        return [_with_api_facts(page, article) for page, article in zip(extracted, batch,
                                                                        strict=True)]

    async def _verify(self, client: httpx.AsyncClient, pacer: HostPacer) -> None:
        """Fetch the held sample over HTTP, as a customer would, and store each page with
        what the live page says."""
        fetcher = Fetcher(client, self.options)
        robots = RobotsCache(self.options.user_agent, respect=self.options.respect_robots,
                             max_redirects=self.options.max_redirects)
        slots = asyncio.Semaphore(self.options.concurrency)

        async def check(page: Page, locale: str) -> None:
            async with slots:
                if not await robots.allowed(client, page.url):
                    self.store.add_page(page, run_id=self.run_id)
                    return
                fetched = await fetcher.fetch_with_retries(page.url, pacer, None)
            live = None
            if fetched.status == 200 and fetched.error is None:
                live = (await self._process_live(fetched))
            self.store.add_page(replace(page, verified=True, source_mismatch=self._mismatch(
                page, locale, fetched, live)), run_id=self.run_id)

        sample = sorted((page.url, page, locale) for locale, held in self.held.items()
                        for _, _, page in held.heap)
        self.held.clear()
        if sample:  # robots.txt once, before the checks ask for it at the same time
            await robots.allowed(client, sample[0][0])
        await asyncio.gather(*(check(page, locale) for _, page, locale in sample))
        self.stored += len(sample)

    async def _process_live(self, fetched: Fetched) -> Page:
        if self.executor is None:
            return self.process(fetched)[0]
        loop = asyncio.get_running_loop()
        return (await loop.run_in_executor(self.executor, self.process, fetched))[0]

    def _mismatch(self, page: Page, locale: str, fetched: Fetched, live: Page | None
                  ) -> str | None:
        """How the live page disagrees with the API's translation, or None."""
        if fetched.status == 0 or (fetched.error and fetched.status == 200):
            return f"could not be read ({fetched.error})"
        if fetched.status in (404, 410):
            return f"is missing (HTTP {fetched.status})"
        wall = login_wall(fetched.url, fetched.redirects, fetched.final_url)
        if wall is not None:
            return f"redirects to a sign-in page ({wall})"
        if fetched.status != 200:
            return f"answers HTTP {fetched.status}"
        wanted, got = _hc_locale(page.url), _hc_locale(fetched.final_url)
        if fetched.final_url != page.url and wanted is not None and got != wanted:
            return f"redirects to the {got or 'other'} page {fetched.final_url}"
        if live is None or not live.is_html:
            return f"is not an HTML page ({live.content_type if live else 'no body'})"
        if live.fallback_banner and not page.fallback_banner:
            return f'shows a fallback notice ("{live.fallback_banner}")'
        tag = try_normalize(locale) or locale
        language, share = live.detected_language, live.detected_confidence
        api_language = page.detected_language
        if language and share >= self.config.checks.min_confidence and \
                not counts_as(language, tag) and \
                (api_language is None or counts_as(api_language, tag)):
            return f"is in {language} ({share:.2f}), while the API's text is {tag}"
        return None

    def _nothing_read(self, start: str, chosen: list[str]) -> str:
        if self.off_scope:
            hosts = ", ".join(sorted(self.off_scope))
            return (f"the Zendesk API's articles are on {hosts}, outside the audit's scope "
                    f"({start}): start from that host, or add it to site.hosts")
        return f"the Zendesk API at {start} lists no article in {', '.join(chosen)}"


def _as_fetched(article: Article) -> Fetched:
    """A translation as if its html_url had answered with its body."""
    url = normalize_url(article.html_url) or article.html_url
    lang = html.escape(article.locale, quote=True)
    title = html.escape(article.title)
    body = (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{title}</title></head><body><article><h1>{title}</h1>"
            f'<div class="article-body">{article.body}</div></article></body></html>')
    return Fetched(url=url, final_url=url, status=200,
                   headers=(("content-type", "text/html; charset=utf-8"),),
                   body=body.encode("utf-8"))


def _with_api_facts(page: Page, article: Article) -> Page:
    outdated = article.locale.lower() in {loc.lower() for loc in article.outdated_locales}
    return replace(page, title=article.title or page.title,
                   modified=article.edited_at or article.updated_at,
                   article_id=str(article.id), source_locale=article.source_locale or None,
                   draft=article.draft, outdated=OUTDATED if outdated else None)


def _hc_locale(url: str) -> str | None:
    match = _HC_LOCALE.search(urlsplit(url).path + "/")
    return match.group(1).lower() if match else None
