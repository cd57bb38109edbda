"""Per-host politeness: a minimum interval between requests, retry delays, trap guards."""

from __future__ import annotations

import asyncio
import random
import re
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

MAX_RETRY_AFTER = 120.0  # seconds; a server asking for longer is treated as failing
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# Client errors that say the server is struggling (or refusing the crawler), not that a URL
# is wrong: only these 4xx count toward the error-rate safeguard.
FAILING_4XX = frozenset({408, 429})


def is_dead_url(status: int) -> bool:
    """A client error about the URL itself (404, 410, 403 ...): a broken link, not an
    outage. Never counted toward "the site looks down"."""
    return 400 <= status < 500 and status not in FAILING_4XX


def counts_as_failure(status: int, error: str | None) -> bool:
    """Whether a response counts toward the error-rate safeguard: no response, an error
    reading it, 5xx, 408 or 429."""
    if error is not None or status == 0:
        return True
    return status >= 400 and not is_dead_url(status)


@dataclass
class HostPacer:
    """Spaces requests to one host `interval` seconds apart (rate limit / Crawl-delay)."""

    interval: float
    _next: float = 0.0
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def wait(self) -> None:
        if self.interval <= 0:
            return
        async with self._lock:
            now = time.monotonic()
            delay = self._next - now
            self._next = max(now, self._next) + self.interval
        if delay > 0:
            await asyncio.sleep(delay)


def interval_for(rate_limit: float, crawl_delay: float | None) -> float:
    """The stricter of the configured rate and robots.txt's Crawl-delay."""
    interval = 1.0 / rate_limit if rate_limit > 0 else 0.0
    return max(interval, crawl_delay or 0.0)


def retry_delay(attempt: int, retry_after: str | None) -> float | None:
    """Seconds to wait before retry `attempt` (1-based): Retry-After when the server sends
    one (seconds or an HTTP date), else exponential backoff with jitter. None: give up."""
    if retry_after:
        value = retry_after.strip()
        if value.isdigit():
            seconds = float(value)
        else:
            try:
                when = parsedate_to_datetime(value)
            except (TypeError, ValueError):
                when = None
            seconds = max(0.0, (when - datetime.now(UTC)).total_seconds()) if when else 1.0
        return seconds if seconds <= MAX_RETRY_AFTER else None
    return min(30.0, 0.5 * 2 ** (attempt - 1)) * (0.5 + random.random() / 2)


@dataclass
class ErrorRate:
    """Slows down, then stops, a crawl of a failing site: from `slow_share` of the recent
    requests failed the crawler sends one request at a time; from `threshold` it stops."""

    window: int = 40
    threshold: float = 0.75
    slow_share: float = 0.25
    min_sample: int = 10
    _recent: deque[bool] = field(default_factory=deque)

    def struggling(self) -> bool:
        return len(self._recent) >= self.min_sample and \
            sum(self._recent) / len(self._recent) >= self.slow_share

    def record(self, failed: bool) -> None:
        self._recent.append(failed)
        if len(self._recent) > self.window:
            self._recent.popleft()

    def tripped(self) -> bool:
        return len(self._recent) >= self.window and \
            sum(self._recent) / len(self._recent) >= self.threshold


_DIGITS = re.compile(r"\d+")
_DATE_LIKE = re.compile(r"^\d+(-\d+)*$")


@dataclass
class TrapGuard:
    """Refuses URLs that look like crawler traps: endless calendars, session-ID variants,
    links that repeat path segments (relative-link loops), absurd depth."""

    max_depth: int = 15
    max_repeats: int = 3
    max_query_variants: int = 50  # distinct queries per path
    max_digit_variants: int = 200  # paths that differ only in their numbers (calendars)
    _queries: Counter[str] = field(default_factory=Counter)
    _shapes: Counter[str] = field(default_factory=Counter)

    def allows(self, url: str) -> bool:
        parts = urlsplit(url)
        segments = [s for s in parts.path.split("/") if s]
        if len(segments) > self.max_depth:
            return False
        if segments and max(Counter(segments).values()) >= self.max_repeats:
            return False
        if parts.query:
            self._queries[parts.path] += 1
            if self._queries[parts.path] > self.max_query_variants:
                return False
        if sum(1 for s in segments if _DATE_LIKE.match(s)) >= 2:
            # Calendar-like paths (/calendar/2026/11, /2026-11/01) are capped per shape;
            # article URLs have one number at most (/articles/360001-slug) and are not.
            shape = _DIGITS.sub("N", parts.path)
            self._shapes[shape] += 1
            if self._shapes[shape] > self.max_digit_variants:
                return False
        return True
