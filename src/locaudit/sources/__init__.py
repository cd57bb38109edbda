"""Where pages come from: one module per source, each filling the config's store with one
run of pages that the analysis reads the same way (design §3).

    from locaudit.sources import fill_store
    stats = fill_store(config, store)

A source runs after the config and composes the crawl and extract stages; the locales,
metrics and formats stages never know which source filled the store.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from locaudit.config import Config
from locaudit.crawl.crawler import ProgressFn
from locaudit.crawl.store import Store
from locaudit.models import CrawlStats, SourceKind
from locaudit.sources import crawl, directory, warc, zendesk


class Fill(Protocol):
    def __call__(self, config: Config, store: Store, *, on_progress: ProgressFn | None = None,
                 fresh: bool = False) -> CrawlStats: ...


# One line per source. A source raises NoResultError when nothing usable came in, and
# never replaces the store's last finished run with a failed one.
SOURCES: dict[SourceKind, Fill] = {
    SourceKind.CRAWL: crawl.crawl_site,
    SourceKind.ZENDESK: zendesk.read_zendesk,
    SourceKind.WARC: warc.read_archive,
    SourceKind.DIRECTORY: directory.read_folder,
}


def fill_store(config: Config, store: Store, *, on_progress: ProgressFn | None = None,
               fresh: bool = False) -> CrawlStats:
    """Fill the store with one finished run from the config's source."""
    fill: Callable[..., CrawlStats] = SOURCES[config.site.source]
    return fill(config, store, on_progress=on_progress, fresh=fresh)


__all__ = ["SOURCES", "Fill", "fill_store"]
