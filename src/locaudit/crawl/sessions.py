"""Session IDs learned by behaviour, whatever their name.

A session ID is a query parameter or path segment whose value changes on every response
for the same page: the page was requested with one value and every link it answers with
carries another (ColdFusion `CFID`/`CFTOKEN`, ASP.NET cookieless `/(S(...))/`, a CMS's
`?s=...`). A parameter that keeps the requested value (`?lang=de`, `?version=2`) or varies
between links (`?page=3`) is content, never stripped.

Once two responses with different requested paths show such a change, the parameter (or
the segment at that position with that shape) is stripped from every URL the crawl meets,
and counted.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from locaudit.models import Page

CONFIRMATIONS = 2  # responses (for different paths) that must show a changed value
MAX_SEGMENT_INDEX = 2  # session segments sit near the root: /(S(x))/..., /sid-8f3a/...
SAMPLE_LINKS = 60  # links of a response looked at: a session ID is in all of them
_ALNUM = re.compile(r"[A-Za-z0-9]+")


def _shape(segment: str) -> str | None:
    """A segment's punctuation with its letter/digit runs as `x`, when it can be a session
    token: it holds a digit or punctuation beyond - _ . (`(S(ab12))` -> `(x(x))`)."""
    shape = _ALNUM.sub("x", segment)
    if not any(c.isdigit() for c in segment) and not set(shape) - set("x-_."):
        return None
    return shape


class SessionIds:
    def __init__(self) -> None:
        self.params: set[str] = set()  # lower-case query parameter names
        self.segments: set[tuple[int, str]] = set()  # (path index, shape)
        self.stripped: Counter[str] = Counter()  # label -> URLs stripped
        self._evidence: dict[tuple[object, ...], set[str]] = defaultdict(set)
        self._labels: dict[tuple[object, ...], str] = {}

    @property
    def active(self) -> bool:
        return bool(self.params or self.segments)

    def labels(self) -> tuple[str, ...]:
        return tuple(sorted(self._labels[k] for k in self._labels if self._confirmed(k)))

    @staticmethod
    def may_hold(url: str) -> bool:
        """Whether `url` has anything a session ID could be: a query, or a segment near the
        root with a digit or punctuation."""
        parts = urlsplit(url)
        segments = [s for s in parts.path.split("/") if s][:MAX_SEGMENT_INDEX + 1]
        return bool(parts.query) or any(_shape(s) for s in segments)

    def observe(self, requested: str, links: Iterable[str]) -> bool:
        """Learn from one response; True when it confirmed a new session ID."""
        req = urlsplit(requested)
        req_query = {k.lower(): v for k, v in parse_qsl(req.query, keep_blank_values=True)}
        req_segments = [s for s in req.path.split("/") if s][:MAX_SEGMENT_INDEX + 1]
        req_shapes = {i: sh for i, s in enumerate(req_segments) if (sh := _shape(s))}
        if not req_query and not req_shapes:
            return False  # nothing in the request to compare with: the common case, cheap
        values: dict[tuple[object, ...], set[str]] = defaultdict(set)
        paths: dict[tuple[object, ...], set[str]] = defaultdict(set)
        names: dict[str, str] = {}
        sampled = 0
        for link in links:
            parts = urlsplit(link)
            if parts.netloc != req.netloc:
                continue
            sampled += 1
            if sampled > SAMPLE_LINKS:
                break
            for name, value in parse_qsl(parts.query, keep_blank_values=True):
                if name.lower() in req_query:
                    key: tuple[object, ...] = ("query", name.lower())
                    values[key].add(value)
                    paths[key].add(parts.path)
                    names[name.lower()] = name
            segments = [s for s in parts.path.split("/") if s]
            for i, shape in req_shapes.items():
                if i < len(segments) and _shape(segments[i]) == shape:
                    key = ("path", i, shape)
                    values[key].add(segments[i])
                    paths[key].add("/".join(segments[:i] + segments[i + 1:]))
        new = False
        for key, seen in values.items():
            if len(seen) != 1 or len(paths[key]) < 2:
                continue  # varies between links, or too few links to tell
            value = next(iter(seen))
            if key[0] == "query":
                name = str(key[1])
                changed = req_query[name] != value
                label = names[name]
            else:
                index = int(str(key[1]))
                changed = req_segments[index] != value
                label = f"path segment {key[2]}".replace("x", "…")
            if not changed or self._confirmed(key):
                continue
            self._evidence[key].add(req.path)
            self._labels[key] = label
            if self._confirmed(key):
                new = True
                if key[0] == "query":
                    self.params.add(str(key[1]))
                else:
                    self.segments.add((int(str(key[1])), str(key[2])))
        return new

    def _confirmed(self, key: tuple[object, ...]) -> bool:
        return len(self._evidence.get(key, ())) >= CONFIRMATIONS

    def without(self, url: str, *, count: bool = False) -> str:
        """`url` without the session IDs learned so far (normalised URLs in, out)."""
        if not self.active:
            return url
        parts = urlsplit(url)
        path, query = parts.path, parts.query
        removed: list[str] = []
        if self.segments:
            segments = path.split("/")  # a leading "" for the root slash
            kept = []
            for i, segment in enumerate(segments):
                index = i - 1
                if segment and (index, _shape(segment)) in self.segments:
                    removed.append(self._labels[("path", index, _shape(segment))])
                    continue
                kept.append(segment)
            path = "/".join(kept) or "/"
        if self.params and query:
            items = parse_qsl(query, keep_blank_values=True)
            kept_items = [(k, v) for k, v in items if k.lower() not in self.params]
            if len(kept_items) != len(items):
                removed += [self._labels[("query", k.lower())] for k, _ in items
                            if k.lower() in self.params]
                query = urlencode(kept_items, quote_via=quote)
        if not removed:
            return url
        if count:
            self.stripped.update(removed)
        return urlunsplit((parts.scheme, parts.netloc, path, query, ""))

    def clean_page(self, page: Page) -> Page:
        """The page with session IDs out of its own URLs, canonical and alternates, so the
        analysis sees one URL per page."""
        if not self.active:
            return page
        # requested_url stays: the store's key, so a page stored before its session ID was
        # known is replaced by its cleaned copy (Crawler._restore_early).
        return replace(
            page, url=self.without(page.url),
            redirects=tuple(self.without(u) for u in page.redirects),
            canonical=self.without(page.canonical) if page.canonical else None,
            alternates=tuple(replace(a, url=self.without(a.url)) for a in page.alternates))
