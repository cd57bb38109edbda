"""The sample source (`site.source: sample`, `audit --sample N`; design §6): read the
inventory from the sitemaps without fetching a page, then fetch a seeded stratified random
sample of `site.sample` articles, every locale's page of each, through the crawl's own
fetching, politeness and extraction; no link is followed.

The run's pages are the sample; its sitemap rows are the whole inventory. The analysis
judges the sampled pages exactly as a crawl's, and metrics/estimate.py turns their statuses
into estimates for the inventory, each with its 95% interval.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterable
from concurrent.futures import Executor
from functools import partial

from locaudit.config import Config
from locaudit.crawl.crawler import Crawler, CrawlOptions, ProcessFn, ProgressFn
from locaudit.crawl.discovery import sitemap_urls
from locaudit.crawl.fetch import Fetcher
from locaudit.crawl.store import Store
from locaudit.crawl.urls import Scope
from locaudit.errors import Interrupted, NoResultError
from locaudit.extract.page import ExtractOptions, process_fetched
from locaudit.models import CrawlStats, Fetched, Page, SourceKind
from locaudit.sources import crawl as crawl_source
from locaudit.sources.inventory import build_inventory, draw

DEFAULT_SIZE = 200  # articles sampled when site.sample is not set
DEFAULT_SEED = 0


def sample_site(config: Config, store: Store, *, on_progress: ProgressFn | None = None,
                fresh: bool = False) -> CrawlStats:
    """Fill the store with a sample run. A sample is quick: an interrupted one starts over
    rather than resuming. Raises NoResultError when nothing usable was fetched."""
    site = config.site
    size = site.sample if site.sample is not None else DEFAULT_SIZE
    seed = site.sample_seed if site.sample_seed is not None else DEFAULT_SEED
    process = partial(_page_only, crawl_source.extract_options(config))
    run_id, _ = store.begin_run(crawl_source.now(), fresh=True)
    with crawl_source.extraction_pool() as executor:
        crawler = SampleCrawler(
            scope=crawl_source.site_scope(config), store=store, process=process,
            options=crawl_source.crawl_options(config), run_id=run_id, executor=executor,
            on_progress=on_progress, size=size, seed=seed)
        try:
            stats = asyncio.run(crawler.run(site.start_urls))
        except KeyboardInterrupt:
            store.abandon_run(run_id)
            raise Interrupted("sample interrupted; run the same command again to draw it "
                              "again (a sample starts over)") from None
        except NoResultError:
            store.abandon_run(run_id)
            raise
    if not any(page.ok for page in store.pages(run_id)):
        store.abandon_run(run_id)
        raise NoResultError(f"none of the {stats.pages} sampled pages could be read as HTML "
                            f"({', '.join(site.start_urls)})")
    store.finish_run(run_id, crawl_source.now(), stats)
    return stats


def _page_only(options: ExtractOptions, fetched: Fetched) -> tuple[Page, list[str]]:
    """Extraction as a crawl does it, without the links: a sample follows none."""
    page, _links = process_fetched(options, fetched)
    return page, []


class SampleCrawler(Crawler):
    """The crawler, seeded with the sampled articles' URLs instead of the start URLs and
    every sitemap URL."""

    def __init__(self, *, size: int, seed: int, scope: Scope, store: Store,
                 process: ProcessFn, options: CrawlOptions, run_id: int,
                 executor: Executor | None, on_progress: ProgressFn | None) -> None:
        super().__init__(scope=scope, store=store, process=process, options=options,
                         run_id=run_id, executor=executor, on_progress=on_progress)
        self.size = size
        self.seed = seed

    async def run(self, start_urls: Iterable[str], *, resume: bool = False) -> CrawlStats:
        started = time.monotonic()
        starts = list(start_urls)
        async with self._open_client() as client:
            self._client = client
            self._fetcher = Fetcher(client, self.options)
            self._has_previous = self.store.has_previous(self.run_id)
            listed = await sitemap_urls(client, self.robots, self.scope, starts,
                                        self.options.sitemaps, self.options.max_redirects)
            inventory = build_inventory(listed, self.scope.contains)
            if not inventory.clusters:
                raise NoResultError(
                    f"source: sample reads the site's sitemaps, and none listed a page in "
                    f"scope ({', '.join(starts)}); set site.sitemaps, or use source: crawl")
            if inventory.with_alternates == 0:
                raise NoResultError(
                    "source: sample needs sitemaps that list each page's translations "
                    "(xhtml:link alternates), and this site's do not; use source: crawl")
            chosen = draw(inventory, self.size, self.seed)
            self.enqueue(url for cluster in chosen for url in cluster.urls)
            self.store.end_discovery(self.run_id, [(loc, lastmod, json.dumps(alternates))
                                                   for loc, lastmod, alternates in listed])
            await self._crawl(started)
            templates = await self._probe_soft_404s()
        return self._stats(started, templates, source=SourceKind.SAMPLE,
                           sample_size=self.size, sample_seed=self.seed)
