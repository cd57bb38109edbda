"""Where the locale sits in a site's URLs, detected from evidence across many pages.

A path segment counts as a locale only when pages carrying it agree: their `<html lang>`
or hreflang self-reference names the same language. So `/it/` holding English IT guides
is not Italian, and a docs site whose source lives at the root still works.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit

from locaudit.models import Page
from locaudit.tags import same_language, try_normalize

_SEGMENT_TAG = re.compile(r"^[a-z]{2,3}([-_][a-z0-9]{2,4})?$", re.IGNORECASE)
_QUERY_KEYS = ("lang", "hl", "language", "locale")
_MAX_POSITION = 3
_MIN_AGREEMENT = 0.6


@dataclass(frozen=True)
class LocaleRule:
    """How to read the locale out of a URL, and strip it to compare across locales."""

    position: int | None = None  # path segment index holding the locale
    values: frozenset[str] = frozenset()  # confirmed raw segment values (lower-case)
    query_key: str | None = None
    pattern: re.Pattern[str] | None = None  # config locale_pattern, with group 'locale'

    def split(self, url: str) -> tuple[str | None, str]:
        """(normalised locale from the URL or None, URL path+query with the locale removed)."""
        parts = urlsplit(url)
        path, query = parts.path, parts.query
        if self.pattern is not None:
            match = self.pattern.search(path + (f"?{query}" if query else ""))
            if match and match.group("locale"):
                start, end = match.span("locale")
                stripped = (path + (f"?{query}" if query else ""))
                stripped = stripped[:start] + stripped[end:]
                return try_normalize(match.group("locale")), _tidy(stripped)
            return None, _tidy(path + (f"?{query}" if query else ""))
        locale = None
        segments = path.split("/")[1:]
        if self.position is not None and len(segments) > self.position:
            value = segments[self.position].lower()
            if value in self.values:
                locale = try_normalize(value)
                segments = segments[: self.position] + segments[self.position + 1:]
                path = "/" + "/".join(segments)
        if self.query_key is not None and query:
            items = parse_qsl(query, keep_blank_values=True)
            kept = [(k, v) for k, v in items if k.lower() != self.query_key]
            found = [v for k, v in items if k.lower() == self.query_key]
            if found and locale is None:
                locale = try_normalize(found[0])
            query = urlencode(kept)
        return locale, _tidy(path + (f"?{query}" if query else ""))


def _tidy(path: str) -> str:
    path = re.sub(r"/{2,}", "/", path)
    if len(path) > 1 and path.endswith("/"):
        path = path[:-1]
    return path or "/"


def declared_locale(page: Page) -> str | None:
    """What the page itself says it is: hreflang self-reference, <html lang>, header."""
    for alt in page.alternates:
        if alt.url == page.url and alt.hreflang.lower() != "x-default":
            tag = try_normalize(alt.hreflang)
            if tag:
                return tag
    return try_normalize(page.html_lang) or try_normalize(
        (page.content_language or "").split(",")[0]
    )


def detect_rule(pages: Iterable[Page], pattern: re.Pattern[str] | None = None) -> LocaleRule:
    """Find the path position (or query parameter) whose values agree with declared locales."""
    if pattern is not None:
        return LocaleRule(pattern=pattern)
    # (position, value) -> [agreeing pages, pages]
    evidence: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    query_evidence: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for page in pages:
        if not page.ok:
            continue
        declared = declared_locale(page)
        parts = urlsplit(page.url)
        for index, value in enumerate(parts.path.split("/")[1:][:_MAX_POSITION]):
            if _SEGMENT_TAG.match(value) and try_normalize(value):
                slot = evidence[(index, value.lower())]
                slot[1] += 1
                if declared and same_language(try_normalize(value) or "", declared):
                    slot[0] += 1
        for key, value in parse_qsl(parts.query):
            if key.lower() in _QUERY_KEYS and try_normalize(value):
                slot = query_evidence[(key.lower(), value)]
                slot[1] += 1
                if declared and same_language(try_normalize(value) or "", declared):
                    slot[0] += 1
    confirmed: dict[int, set[str]] = defaultdict(set)
    support: Counter[int] = Counter()
    for (index, value), (agree, total) in evidence.items():
        if agree >= 1 and agree / total >= _MIN_AGREEMENT:
            confirmed[index].add(value)
            support[index] += agree
    query_support: Counter[str] = Counter()
    for (key, _value), (agree, total) in query_evidence.items():
        if agree >= 1 and agree / total >= _MIN_AGREEMENT:
            query_support[key] += agree
    position: int | None = None
    if support:
        # Most agreeing pages wins; ties go to the shallower position (deterministic).
        position = max(support, key=lambda p: (support[p], -p))
    query_key = max(query_support, key=lambda k: (query_support[k], k)) if query_support \
        else None
    return LocaleRule(
        position=position,
        values=frozenset(confirmed[position]) if position is not None else frozenset(),
        query_key=query_key,
    )
