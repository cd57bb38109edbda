"""The configuration's shape: frozen dataclasses, one per block, with their defaults.

Every field of a block's dataclass is a key of that block in YAML; `sections.py` says how
each key's value is read and checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from locaudit import __version__
from locaudit.models import SourceKind

DEFAULT_USER_AGENT = f"locaudit/{__version__} (+https://github.com/locaudit/locaudit)"
# The address a build folder is read at when no start URL gives its public one: an http URL,
# so every later stage (scope, locale rules in URLs) reads its pages like a crawl's.
LOCAL_BASE_URL = "http://localhost/"


@dataclass(frozen=True)
class SiteConfig:
    start_urls: tuple[str, ...]
    name: str = ""
    sitemaps: tuple[str, ...] = ()
    source_locale: str | None = None  # None: auto
    locales: tuple[str, ...] | None = None  # None: every locale found
    include: tuple[re.Pattern[str], ...] = ()
    exclude: tuple[re.Pattern[str], ...] = ()
    article_pattern: re.Pattern[str] | None = None
    article_key: re.Pattern[str] | None = None  # with a named group `key`
    locale_pattern: re.Pattern[str] | None = None  # with a named group `locale`
    headers: dict[str, str] = field(default_factory=dict)
    hosts: tuple[str, ...] = ()  # hosts in scope besides the start URLs' (host[:port])
    source: SourceKind = SourceKind.CRAWL  # where pages come from (sources/)
    sample: int | None = None  # source: sample: articles to sample (None: 200)
    sample_seed: int | None = None  # source: sample: the random seed (None: 0)
    warc: tuple[Path, ...] = ()  # source: warc: the WARC files that recorded the site
    directory: Path | None = None  # the build folder `source: directory` reads


@dataclass(frozen=True)
class CrawlConfig:
    store: Path
    concurrency: int = 8
    rate_limit: float = 10.0  # requests per second per host; 0 = unlimited
    max_pages: int = 50_000
    timeout: float = 20.0
    retries: int = 3
    max_page_bytes: int = 5_000_000
    user_agent: str = DEFAULT_USER_AGENT
    respect_robots: bool = True
    time_limit: float | None = None  # seconds; a budget like max_pages
    max_redirects: int = 10
    cookies: bool = False  # a cookie jar; off: the crawl never sends a cookie back
    keep_runs: int | None = None  # history entries kept (newest); None: all


@dataclass(frozen=True)
class Market:
    share: float
    country: str | None = None
    language: str | None = None
    languages: dict[str, float] | None = None


@dataclass(frozen=True)
class MarketOptions:
    min_language_share: float = 0.01
    max_distance: int = 15


@dataclass(frozen=True)
class TranslationCost:
    per_word: float = 0.0
    currency: str = "USD"
    per_locale: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Gates:
    min_score: float | None = None
    min_coverage: dict[str, float] = field(default_factory=dict)
    max_drop: float | None = None
    fail_on: tuple[str, ...] = ()
    allow_incomplete: bool = False
    allow_estimate: bool = False  # gate a sample's estimates, on their pessimistic bounds


@dataclass(frozen=True)
class Checks:
    """Our extension: content checks' tunables."""

    fallback_phrases: tuple[str, ...] = ()
    machine_translation_phrases: tuple[str, ...] = ()
    min_text_chars: int = 200
    min_confidence: float = 0.90
    bleed_through: float = 0.2  # partial_translation: source share that shows through


@dataclass(frozen=True)
class ZendeskConfig:
    """Options of `site.source: zendesk` (sources/zendesk.py)."""

    verify: int = 0  # html_urls per locale also fetched over HTTP to check the API


@dataclass(frozen=True)
class ReportBranding:
    """The HTML report's cover and header: who it is for, under which title."""

    title: str | None = None  # None: "Localization coverage audit"
    client: str | None = None  # the client the report is prepared for
    logo: str | None = None  # the YAML gives an image file; held as a data: URI (embedded)


@dataclass(frozen=True)
class Config:
    site: SiteConfig
    crawl: CrawlConfig
    base_dir: Path
    markets: tuple[Market, ...] = ()
    market_options: MarketOptions = MarketOptions()
    traffic: Path | None = None
    markets_csv: Path | None = None
    translation_cost: TranslationCost = TranslationCost()
    stale_after_days: float = 0
    gates: Gates = Gates()
    checks: Checks = Checks()
    zendesk: ZendeskConfig = ZendeskConfig()
    report: ReportBranding = ReportBranding()
    path: Path | None = None
    secrets: dict[str, str] = field(default_factory=dict)  # ${NAME} -> value: redacted
