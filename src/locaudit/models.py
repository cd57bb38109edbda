"""Shared data model: what one stage hands to the next, and the report itself.

Every result is a frozen dataclass. Stages import from here and from earlier stages only.
The report part below is the one declaration of the JSON report: formats/json_format.py
derives the JSON, its validation and docs/report.schema.json from it, so the bounds below
(annotated-types, read by pydantic) are the published schema's bounds.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from annotated_types import Ge, Le, MinLen

Count = Annotated[int, Ge(0)]
Amount = Annotated[float, Ge(0)]  # views, money, seconds
Fraction = Annotated[float, Ge(0), Le(1)]  # shares, coverage, score: 0..1 in JSON


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class SourceKind(enum.StrEnum):
    """Where a run's pages come from (`site.source`; design §3): each kind is one module of
    the `sources` package, and every kind fills the same store for the same analysis."""

    CRAWL = "crawl"  # the reference: fetch the live site over HTTP
    ZENDESK = "zendesk"  # the Zendesk Help Center API: every translation, drafts, outdated
    WARC = "warc"  # replay a web archive's recording of the site through the crawl
    DIRECTORY = "directory"  # read a static site's build folder, no network


class Status(enum.StrEnum):
    """Status of one (source article, target locale) pair (design §4)."""

    TRANSLATED = "translated"
    STALE = "stale"
    UNTRANSLATED = "untranslated"
    MISSING = "missing"


# The statuses that count toward coverage (design §6); `fresh_coverage` counts TRANSLATED only.
COVERED = frozenset({Status.TRANSLATED, Status.STALE})


class FindingType(enum.StrEnum):
    """Finding types (design §5). The values are public and never renamed."""

    MISSING_TRANSLATION = "missing_translation"
    STALE_TRANSLATION = "stale_translation"
    UNTRANSLATED_CONTENT = "untranslated_content"
    LOCALE_REDIRECT = "locale_redirect"
    ORPHAN_TRANSLATION = "orphan_translation"
    HREFLANG_MISSING_RETURN_LINK = "hreflang_missing_return_link"
    HREFLANG_INVALID_CODE = "hreflang_invalid_code"
    HREFLANG_MISSING_SELF_REFERENCE = "hreflang_missing_self_reference"
    HREFLANG_MISSING_X_DEFAULT = "hreflang_missing_x_default"
    HREFLANG_TARGET_NOT_OK = "hreflang_target_not_ok"
    HREFLANG_CONFLICT = "hreflang_conflict"
    HREFLANG_DUPLICATE_LANGUAGE = "hreflang_duplicate_language"  # one code, several URLs
    ALIGNMENT_CONFLICT = "alignment_conflict"  # two pages of one locale claim one article
    HTML_LANG_MISSING = "html_lang_missing"
    HTML_LANG_MISMATCH = "html_lang_mismatch"
    PARTIAL_TRANSLATION = "partial_translation"
    MACHINE_TRANSLATED = "machine_translated"
    BROKEN_PAGE = "broken_page"
    BLOCKED_BY_ROBOTS = "blocked_by_robots"
    CRAWL_ERROR = "crawl_error"
    BROKEN_LINK = "broken_link"  # a link to a page answering 404/410 (other 4xx but 408/429)
    SITEMAP_DEAD_URL = "sitemap_dead_url"  # sitemap URLs answering 4xx: one finding, counted
    SOFT_404 = "soft_404"  # an error page answering 200: counted as missing
    LOGIN_REQUIRED = "login_required"  # a URL redirects to a sign-in page
    LOCALE_NEGOTIATED = "locale_negotiated"  # locale-less URLs that Vary by Cookie, language
    SOURCE_MISMATCH = "source_mismatch"  # the live page disagrees with the platform's API
    STRUCTURE_DRIFT = "structure_drift"  # a translation lacks images, tables ... of its source


# --------------------------------------------------------------------------- crawl + extract


@dataclass(frozen=True)
class Alternate:
    """One hreflang alternate as the site declared it."""

    hreflang: str  # the raw value, e.g. "de", "en_US", "x-default"
    url: str  # absolute, normalised
    origin: str = "html"  # "html" | "header" | "sitemap"


@dataclass(frozen=True)
class Fetched:
    """One HTTP exchange as the crawler saw it, before any HTML is parsed."""

    url: str  # the URL that was requested (normalised)
    final_url: str  # after redirects (normalised)
    status: int  # HTTP status of the final response; 0 when no response
    redirects: tuple[str, ...] = ()  # URLs before final_url, in order (first is `url`)
    headers: tuple[tuple[str, str], ...] = ()  # the headers that matter, lower-cased names
    body: bytes = b""
    error: str | None = None  # transport error, oversize, ... (then status may be 0)

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key == name:
                return value
        return None


@dataclass(frozen=True)
class Page:
    """A fetched URL in scope, after redirects, with what extraction found in it."""

    url: str  # final URL, normalised
    requested_url: str
    status: int  # 0 when no HTTP response (see error)
    redirects: tuple[str, ...] = ()
    content_type: str = ""
    content_language: str | None = None
    last_modified: str | None = None  # HTTP Last-Modified, as sent
    etag: str | None = None
    is_html: bool = False
    html_lang: str | None = None
    alternates: tuple[Alternate, ...] = ()
    canonical: str | None = None
    noindex: bool = False
    title: str = ""
    words: int = 0
    modified: str | None = None  # ISO 8601 date/time the content last changed, best signal
    section: str | None = None  # platform section / breadcrumb, when the page says
    headings: int = 0
    list_items: int = 0
    code_blocks: int = 0
    images: int = 0
    tables: int = 0
    versions: tuple[str, ...] = ()  # version strings in the prose: "1.32", "2.4.1"
    detected_language: str | None = None  # BCP 47 language of the main text; None = unknown
    detected_confidence: float = 0.0  # share of the prose in that language (0..1)
    prose: str = ""  # per-block (hash, language, weight) of the prose: extract/language.py
    fallback_banner: str | None = None  # the fallback notice found on the page, if any
    machine_translated: str | None = None  # the machine-translation marker found, if any
    error: str | None = None  # why the page could not be used (crawl_error / not HTML ...)
    robots_rule: str | None = None  # set when robots.txt blocked the URL (page not fetched)
    sitemap_lastmod: str | None = None  # the sitemap's lastmod for this URL
    # Where a dead URL (4xx but 408/429) was found, set by the crawler on those pages only:
    # the first page linking to it and that link's text, and whether a sitemap listed it.
    linked_from: str | None = None
    link_text: str | None = None
    in_sitemap: bool = False
    # The text of each link extraction returns, in the same order; the crawler reads it and
    # stores the page without it (a page's links and their texts are not kept).
    link_texts: tuple[str, ...] = ()
    vary: str | None = None  # the HTTP Vary header, as sent
    fingerprint: str | None = None  # of a short page's main text (extract/fingerprint.py)
    sketch: str = ""  # smallest hashes of its text blocks, to spot copies (ditto)
    # What a help platform's API states about the page (site.source: zendesk); a crawl
    # leaves these unset.
    article_id: str | None = None  # the platform's article ID, shared by its translations
    source_locale: str | None = None  # the locale the platform says the article is written in
    draft: bool = False  # unpublished: kept out of coverage, counted per locale
    outdated: str | None = None  # why the platform marks this translation outdated: stale
    verified: bool = False  # its URL was also fetched over HTTP to check the API
    source_mismatch: str | None = None  # how that live page disagrees with the API

    def names_alternate(self, url: str) -> bool:
        """Whether the page declares `url` as one of its hreflang alternates."""
        return any(alternate.url == url for alternate in self.alternates)

    @property
    def ok(self) -> bool:
        """A 200 HTML page we could read."""
        return self.status == 200 and self.is_html and self.error is None


@dataclass(frozen=True)
class CrawlStats:
    pages: Count = 0  # pages fetched (any status)
    errors: Count = 0  # transport errors and 4xx/5xx
    duration_s: Amount = 0.0
    robots_blocked: Count = 0
    complete: bool = True
    stop_reason: str | None = None  # why the crawl stopped early (max_pages, error rate, ...)
    trap_skipped: Count = 0  # URLs not followed by the trap guards (depth, repeats, variants)
    session_ids: tuple[str, ...] = ()  # query parameters / path segments found to be sessions
    session_links: Count = 0  # links whose session ID was stripped
    # (fingerprint, URL) of the error page that probes of nonexistent URLs got with HTTP 200
    soft_404_templates: tuple[tuple[str, str], ...] = ()


# --------------------------------------------------------------------------- report


@dataclass(frozen=True)
class Finding:
    type: FindingType
    severity: Severity
    message: str
    locale: str | None = None
    url: str | None = None
    article: str | None = None

    def sort_key(self) -> tuple[str, str, str, str, str]:
        return (self.type.value, self.locale or "", self.article or "", self.url or "",
                self.message)


@dataclass(frozen=True)
class Translation:
    status: Status
    url: str | None = None
    target_share: Fraction | None = None  # share of the page's prose in the locale's language
    modified: str | None = None  # when the page's content last changed (YYYY-MM-DD), if known
    words: Count = 0  # the page's main text


@dataclass(frozen=True)
class ArticleRow:
    key: str
    title: str
    section: str | None
    words: Count
    weight: Amount
    source_url: str
    translations: dict[str, Translation] = field(default_factory=dict)
    modified: str | None = None  # when the source page last changed (YYYY-MM-DD), if known


@dataclass(frozen=True)
class LocaleRow:
    locale: str
    demand: Fraction
    translated: Count
    stale: Count
    untranslated: Count
    missing: Count
    coverage: Fraction
    weighted_coverage: Fraction
    fresh_coverage: Fraction
    drafts: Count = 0  # unpublished translations in this locale (site.source: zendesk)


@dataclass(frozen=True)
class Unserved:
    language: str
    demand: Fraction


@dataclass(frozen=True)
class SectionRow:
    section: str
    locale: str
    coverage: Fraction


@dataclass(frozen=True)
class BacklogItem:
    article: str
    locale: str
    gain: Fraction
    words: Count
    cost: Amount
    cumulative_score: Fraction | None = None  # backlog only; None in updates


@dataclass(frozen=True)
class LocalePlan:
    """The fewest top backlog items of one locale that close most of its weighted gap:
    "translating these 6 articles (980 words, ~118 USD) lifts de from 76% to 95%"."""

    locale: str
    articles: Annotated[int, Ge(1)]
    words: Count
    cost: Amount
    weighted_coverage_before: Fraction
    weighted_coverage_after: Fraction
    score_gain: Fraction


@dataclass(frozen=True)
class GateResult:
    name: str
    passed: bool
    actual: Any
    threshold: Any
    message: str = ""
    locale: str | None = None  # the report locale a per-locale gate is about


@dataclass(frozen=True)
class SiteInfo:
    name: str
    start_urls: Annotated[tuple[str, ...], MinLen(1)]
    source_locale: str


@dataclass(frozen=True)
class Summary:
    source_articles: Count
    locales: Count
    score: Fraction
    unserved_demand: Fraction


@dataclass(frozen=True)
class TrafficSummary:
    """How the traffic file matched the crawled pages."""

    rows: Count
    matched: Count
    unmatched: Count
    matched_views: Amount
    unmatched_views: Amount
    unmatched_examples: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class ToolInfo:
    name: Literal["locaudit"] = "locaudit"
    version: str


Forecast = Literal["reached", "on_pace", "never", "unknown"]


@dataclass(frozen=True)
class RunPoint:
    """One finished run in a report's history (design §6, trends)."""

    date: str  # the run's generated_at
    score: Fraction
    source_articles: Count


@dataclass(frozen=True)
class LocaleTrend:
    """One locale over the history: its weighted coverage per run, the pace and forecast
    over the last weeks, its translation velocity and the age of its translations."""

    locale: str
    weighted_coverage: tuple[Fraction | None, ...]  # one per run; None: not a locale then
    target: Fraction  # gates.min_coverage of the locale, else 0.8 (of weighted coverage)
    pace: float  # weighted coverage gained per week (least squares), negative when falling
    forecast: Forecast
    forecast_date: str | None  # YYYY-MM-DD the target is reached at this pace (on_pace)
    gap_per_week: float  # change of (target - weighted coverage) per week: -pace
    translated_words_per_week: Amount  # source words newly covered or updated in the locale
    median_age_days: Amount | None  # last run's date - translation's date, covered pages
    median_lag_days: Amount | None  # source's date - translation's date, stale pages


@dataclass(frozen=True)
class HistoryBlock:
    """Trend figures from the finished runs up to this report (metrics/trends.py)."""

    runs: tuple[RunPoint, ...]  # oldest first; the last is this report
    window_weeks: Amount  # the span the pace and velocities are measured over
    source_words_per_week: Amount  # words of new source articles and changed sources
    locales: tuple[LocaleTrend, ...] = ()


# The notes that say how a report's weights were made (audit.py writes them, diff.py reads).
NOTE_NO_MARKETS = "no markets configured"
NOTE_NO_TRAFFIC = "no traffic file"
NOTE_TRAFFIC_UNMATCHED = "no source article has page views in the traffic file"


# --------------------------------------------------------------------------- what changed


@dataclass(frozen=True)
class LocaleDelta:
    locale: str
    coverage_before: Fraction | None
    coverage_after: Fraction | None
    weighted_before: Fraction | None
    weighted_after: Fraction | None


@dataclass(frozen=True)
class ArticleChange:
    article: str
    locale: str
    before: str  # status, or "absent" when the article was not a source article then
    after: str
    title: str = ""
    source_url: str = ""  # the source page (what to translate)
    url: str | None = None  # the page in `locale` now, or before when it is gone


@dataclass(frozen=True)
class ReportDiff:
    """What changed between an earlier report (a `--baseline` file; later the store's
    previous run) and this one: `locaudit diff`, and the `changes` block of a report."""

    score_before: Fraction
    score_after: Fraction
    locales: tuple[LocaleDelta, ...]
    newly_missing: tuple[ArticleChange, ...]  # was covered (or absent), now missing/untranslated
    newly_translated: tuple[ArticleChange, ...]  # was missing/untranslated (or absent), now covered
    warnings: tuple[str, ...] = ()  # how the two reports were made differently (markets, ...)
    newly_stale: tuple[ArticleChange, ...] = ()  # was translated, now stale
    since: str = ""  # the earlier report's generated_at


@dataclass(frozen=True, kw_only=True)
class Report:
    """The whole audit result (design §7). Formats render it; gates read it."""

    schema_version: Literal[1] = 1
    tool: ToolInfo
    generated_at: str  # UTC, ISO 8601, e.g. 2026-11-22T10:00:00Z
    site: SiteInfo
    crawl: CrawlStats
    summary: Summary
    locales: tuple[LocaleRow, ...] = ()
    unserved: tuple[Unserved, ...] = ()
    sections: tuple[SectionRow, ...] = ()
    articles: tuple[ArticleRow, ...] = ()
    backlog: tuple[BacklogItem, ...] = ()
    updates: tuple[BacklogItem, ...] = ()
    plans: tuple[LocalePlan, ...] = ()
    findings: tuple[Finding, ...] = ()
    gates: tuple[GateResult, ...] = ()
    notes: tuple[str, ...] = ()  # how the numbers were made, e.g. "no markets: equal demand"
    currency: str = "USD"
    traffic: TrafficSummary | None = None
    history: HistoryBlock | None = None  # trends, when earlier runs are known
    # What changed since an earlier report (check --baseline), for every format to show.
    changes: ReportDiff | None = None
