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

_TAG = r"[a-z]{2,3}(?:[-_][a-z0-9]{2,4})?"
_SEGMENT_TAG = re.compile(rf"^{_TAG}$", re.IGNORECASE)
_SUFFIX = re.compile(rf"\.({_TAG})\.(html?|php|aspx?|md)$", re.IGNORECASE)  # page.fr.html
_QUERY_KEYS = ("lang", "hl", "language", "locale")
_MAX_POSITION = 3
_MIN_AGREEMENT = 0.6

# Where a locale can sit in a URL: ("path", index), ("host", 0) for the first host label,
# ("suffix", 0) for a file suffix. Query parameters are read on top of any of these.
Slot = tuple[str, int]


@dataclass(frozen=True)
class LocaleRule:
    """How to read the locale out of a URL, and strip it to compare across locales."""

    slot: Slot | None = None
    values: frozenset[str] = frozenset()  # confirmed raw values (lower-case) in that slot
    query_key: str | None = None
    pattern: re.Pattern[str] | None = None  # config locale_pattern, with group 'locale'

    @property
    def position(self) -> int | None:
        """The path segment index holding the locale, when it is a path segment."""
        return self.slot[1] if self.slot and self.slot[0] == "path" else None

    def describe(self) -> str:
        """The rule in words, for notes and `locaudit init`."""
        parts = []
        if self.pattern is not None:
            return f"locale_pattern {self.pattern.pattern}"
        if self.slot is not None:
            kind, index = self.slot
            where = {"path": f"path segment {index + 1}", "host": "first host label",
                     "suffix": "file suffix (page.fr.html)"}[kind]
            parts.append(f"{where} ({', '.join(sorted(self.values))})")
        if self.query_key:
            parts.append(f"query parameter {self.query_key}=")
        return " + ".join(parts) or "no locale in URLs (read from each page)"

    def split(self, url: str) -> tuple[str | None, str]:
        """(normalised locale from the URL or None, URL path+query with the locale removed)."""
        parts = urlsplit(url)
        path, query = parts.path, parts.query
        if self.pattern is not None:
            return self._split_pattern(path + (f"?{query}" if query else ""))
        locale, path = self._read_slot(parts.hostname or "", path)
        if self.query_key is not None and query:
            items = parse_qsl(query, keep_blank_values=True)
            kept = [(k, v) for k, v in items if k.lower() != self.query_key]
            found = [v for k, v in items if k.lower() == self.query_key]
            if found and locale is None:
                locale = try_normalize(found[0])
            query = urlencode(kept)
        return locale, _tidy(path + (f"?{query}" if query else ""))

    def _split_pattern(self, target: str) -> tuple[str | None, str]:
        assert self.pattern is not None
        match = self.pattern.search(target)
        if match and match.group("locale"):
            start, end = match.span("locale")
            return try_normalize(match.group("locale")), _tidy(target[:start] + target[end:])
        return None, _tidy(target)

    def _read_slot(self, host: str, path: str) -> tuple[str | None, str]:
        if self.slot is None:
            return None, path
        kind, index = self.slot
        if kind == "path":
            segments = path.split("/")[1:]
            if len(segments) > index and segments[index].lower() in self.values:
                value = segments[index]
                return try_normalize(value), "/" + "/".join(segments[:index] +
                                                            segments[index + 1:])
        elif kind == "host":
            label = host.split(".", 1)[0].lower()
            if label in self.values:
                return try_normalize(label), path
        elif kind == "suffix":
            match = _SUFFIX.search(path)
            if match and match.group(1).lower() in self.values:
                return try_normalize(match.group(1)), path[:match.start()] + path[match.end(1):]
        return None, path


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


# How sure text detection must be before it stands in for a declaration nobody made.
_DETECTED_EVIDENCE = 0.90


def evidence_locale(page: Page) -> str | None:
    """The page's declared locale, else the language its text is confidently in.

    Sites that declare nothing (no hreflang, `<html lang>` or Content-Language) still
    show their language in their text: it confirms URL locales and places root pages.
    """
    declared = declared_locale(page)
    if declared is not None:
        return declared
    if page.detected_language and page.detected_confidence >= _DETECTED_EVIDENCE:
        return page.detected_language
    return None


def _candidates(url: str) -> Iterable[tuple[Slot, str]]:
    """Every (slot, raw value) in the URL that looks like a locale tag."""
    parts = urlsplit(url)
    for index, value in enumerate(parts.path.split("/")[1:][:_MAX_POSITION]):
        if _SEGMENT_TAG.match(value):
            yield ("path", index), value.lower()
    host = parts.hostname or ""
    label = host.split(".", 1)[0]
    if host.count(".") >= 2 and _SEGMENT_TAG.match(label):
        yield ("host", 0), label.lower()
    match = _SUFFIX.search(parts.path)
    if match:
        yield ("suffix", 0), match.group(1).lower()


def detect_rule(pages: Iterable[Page], pattern: re.Pattern[str] | None = None) -> LocaleRule:
    """Find the URL slot (or query parameter) whose values agree with declared locales.

    A value counts only when at least 60% of the pages carrying it declare (hreflang
    self-reference, <html lang>, Content-Language; failing those, the text's language) the
    same language: `/it/` full of English pages is a section, not Italian.
    """
    if pattern is not None:
        return LocaleRule(pattern=pattern)
    evidence: dict[tuple[Slot, str], list[int]] = defaultdict(lambda: [0, 0])  # agree, total
    query_evidence: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for page in pages:
        if not page.ok:
            continue
        declared = evidence_locale(page)
        for slot_value in _candidates(page.url):
            _count(evidence[slot_value], slot_value[1], declared)
        for key, value in parse_qsl(urlsplit(page.url).query):
            if key.lower() in _QUERY_KEYS:
                _count(query_evidence[(key.lower(), value)], value, declared)
    confirmed: dict[Slot, set[str]] = defaultdict(set)
    support: Counter[Slot] = Counter()
    for (where, value), (agree, total) in evidence.items():
        if agree >= 1 and agree / total >= _MIN_AGREEMENT:
            confirmed[where].add(value)
            support[where] += agree
    query_support: Counter[str] = Counter()
    for (key, _value), (agree, total) in query_evidence.items():
        if agree >= 1 and agree / total >= _MIN_AGREEMENT:
            query_support[key] += agree
    # Most agreeing pages wins; ties go to path before host before suffix, shallow first.
    order = {"path": 0, "host": 1, "suffix": 2}
    slot = max(support, key=lambda s: (support[s], -order[s[0]], -s[1])) if support else None
    query_key = max(query_support, key=lambda k: (query_support[k], k)) if query_support \
        else None
    return LocaleRule(slot=slot, values=frozenset(confirmed[slot]) if slot else frozenset(),
                      query_key=query_key)


def _count(tally: list[int], value: str, declared: str | None) -> None:
    tag = try_normalize(value)
    if tag is None:
        return
    tally[1] += 1
    if declared and same_language(tag, declared):
        tally[0] += 1
