"""What a crawl may do: concurrency, limits, headers, robots, sitemaps (`crawl:` in the
config). Read by the crawler and by the fetcher it hands requests to."""

from __future__ import annotations

from dataclasses import dataclass, field


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
