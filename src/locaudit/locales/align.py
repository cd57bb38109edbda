"""Translation units: which pages are the same article in different locales.

Signals, strongest first (design §4): the article ID a platform's API gives (Zendesk
source); the configured `article_key`; hreflang
clusters (links both pages confirm first, then one-way links that merge no two pages of one
locale); canonical (joins only clusters with no locale in common); a platform ID in the URL
(`/articles/360001-localized-slug`, whose slug differs per language); the URL path with the
locale removed. The ID and the stripped path form the first clusters; hreflang and canonical
then join them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from locaudit.locales.urls import LocaleRule, evidence_locale
from locaudit.models import Page
from locaudit.tags import matching_locale, try_normalize

# Platform article IDs: Zendesk /articles/123-slug, Freshdesk /solutions/articles/123-slug,
# Intercom /articles/123-slug, Salesforce /s/article/Name, Document360 /docs/slug.
# HelpScout Docs /article/123-slug.
_PLATFORM_ID = re.compile(r"/articles?/(?P<key>\d+)(?:[-/]|$)")
_PLATFORM_ARTICLE = (
    re.compile(r"/articles?/\d+"),
    re.compile(r"/s/article/[^/?]+"),
    re.compile(r"^/docs/[^/?]+"),  # Document360 /docs/{lang}/{slug}, locale stripped
)


@dataclass(frozen=True)
class LocatedPage:
    page: Page
    locale: str | None  # the locale the site serves the page as
    url_locale: str | None  # the locale read from the URL, if any
    stripped: str  # path (+ query) with the locale part removed
    key: str  # natural article key before hreflang clustering


@dataclass(frozen=True)
class Unit:
    """One article across locales."""

    key: str
    pages: dict[str, LocatedPage] = field(default_factory=dict)  # locale -> page
    is_article: bool = True


@dataclass(frozen=True)
class Alignment:
    source_locale: str
    locales: tuple[str, ...]  # every locale with at least one page, sorted
    units: tuple[Unit, ...]  # sorted by key
    located: tuple[LocatedPage, ...]  # every usable page, sorted by URL
    duplicates: tuple[tuple[str, LocatedPage], ...] = ()  # (unit key, page dropped)


def locate(page: Page, rule: LocaleRule, article_key: re.Pattern[str] | None) -> LocatedPage:
    url_locale, stripped = rule.split(page.url)
    locale = url_locale or evidence_locale(page)
    key = page.article_id  # a platform's API knows it for certain
    if key is None and article_key is not None:
        match = article_key.search(stripped) or article_key.search(page.url)
        if match:
            key = match.group("key")
    if key is None:
        match = _PLATFORM_ID.search(stripped)
        key = match.group("key") if match else stripped
    return LocatedPage(page, locale, url_locale, stripped, key)


def align(
    pages: Iterable[Page], rule: LocaleRule, *, article_key: re.Pattern[str] | None = None,
    article_pattern: re.Pattern[str] | None = None, source_locale: str | None = None,
) -> Alignment:
    located = _located(pages, rule, article_key)
    locales = tuple(sorted({lp.locale for lp in located if lp.locale}))
    source_locale = choose_source_locale(located, locales, source_locale)
    clusters = _Clusters(located)
    clusters.join_by_key()
    if article_key is None:  # a configured key is the whole truth: nothing else joins
        clusters.join_by_hreflang()
        clusters.join_by_canonical()
    article_re = article_pattern or _platform_article_pattern(located)
    units: list[Unit] = []
    duplicates: list[tuple[str, LocatedPage]] = []
    for members in clusters.groups():
        unit, dropped = _unit(members, source_locale, article_re)
        units.append(unit)
        duplicates += [(unit.key, lp) for lp in dropped]
    units.sort(key=lambda u: _natural_sort_key(u.key))
    return Alignment(source_locale=source_locale, locales=locales, units=tuple(units),
                     located=tuple(located), duplicates=tuple(duplicates))


def _located(pages: Iterable[Page], rule: LocaleRule, article_key: re.Pattern[str] | None
             ) -> list[LocatedPage]:
    """Every usable page with a locale, once (a page reached directly and by a redirect)."""
    unique: dict[str, LocatedPage] = {}
    for page in sorted(pages, key=lambda p: (p.url, p.requested_url != p.url, p.requested_url)):
        if page.ok and not page.noindex and page.url not in unique:
            unique[page.url] = locate(page, rule, article_key)
    return [lp for lp in unique.values() if lp.locale is not None]


class _Clusters:
    """Union-find over page URLs; each cluster remembers the locales it holds, so a weak
    signal can refuse to merge two clusters that share a locale."""

    def __init__(self, located: list[LocatedPage]) -> None:
        self.located = located
        self.by_url = {lp.page.url: lp for lp in located}
        self.parent = {lp.page.url: lp.page.url for lp in located}
        self.locales_of: dict[str, set[str]] = {lp.page.url: {lp.locale or ""}
                                                for lp in located}

    def find(self, url: str) -> str:
        parent = self.parent
        while parent[url] != url:
            parent[url] = parent[parent[url]]
            url = parent[url]
        return url

    def union(self, a: str, b: str, *, only_if_disjoint: bool = False) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb or (only_if_disjoint and self.locales_of[ra] & self.locales_of[rb]):
            return
        keep, drop = min(ra, rb), max(ra, rb)
        self.parent[drop] = keep
        self.locales_of[keep] |= self.locales_of.pop(drop)

    def join_by_key(self) -> None:
        """Pages with the same natural key (configured key, platform ID, stripped path)."""
        first_with_key: dict[str, str] = {}
        for lp in self.located:
            if lp.key in first_with_key:
                self.union(first_with_key[lp.key], lp.page.url)
            else:
                first_with_key[lp.key] = lp.page.url

    def join_by_hreflang(self) -> None:
        """hreflang pairs both pages confirm (the target links back) join unconditionally; a
        one-way link, which search engines ignore too, may join two clusters only when they
        hold no locale in common: a copy-pasted hreflang="de" pointing at another article's
        de page must not fold two articles into one (it is reported as a missing return link
        instead)."""
        one_way: list[tuple[str, str]] = []
        for lp in self.located:
            for alt in lp.page.alternates:
                target = self.by_url.get(alt.url)
                if target is None or not _alternate_agrees(alt.hreflang, target):
                    continue
                if target.page.names_alternate(lp.page.url):
                    self.union(lp.page.url, target.page.url)
                else:
                    one_way.append((lp.page.url, target.page.url))
        for source_url, target_url in one_way:
            self.union(source_url, target_url, only_if_disjoint=True)

    def join_by_canonical(self) -> None:
        """Canonical is weaker than hreflang: it may join two clusters only when they hold no
        locale in common (a fr page canonical to the fr page of another article is a site
        mistake, not a reason to merge two articles)."""
        for lp in self.located:
            target = self.by_url.get(lp.page.canonical or "")
            if target is not None and target is not lp:
                self.union(lp.page.url, target.page.url, only_if_disjoint=True)

    def groups(self) -> list[list[LocatedPage]]:
        clusters: dict[str, list[LocatedPage]] = defaultdict(list)
        for lp in self.located:
            clusters[self.find(lp.page.url)].append(lp)
        return list(clusters.values())


def _unit(members: list[LocatedPage], source_locale: str, article_re: re.Pattern[str] | None
          ) -> tuple[Unit, list[LocatedPage]]:
    """One cluster as a unit, and the pages it drops because their locale is taken.

    Per locale, the page carrying the unit's own key wins, then the one that is its own
    canonical, then the first URL: deterministic, and reported as a conflict."""
    key = _cluster_key(members, source_locale)
    by_locale: dict[str, LocatedPage] = {}
    dropped: list[LocatedPage] = []
    for lp in sorted(members, key=lambda m: (m.key != key, not _self_canonical(m),
                                             m.page.url)):
        assert lp.locale is not None
        if lp.locale in by_locale:
            dropped.append(lp)
        else:
            by_locale[lp.locale] = lp
    return Unit(key=key, pages=dict(sorted(by_locale.items())),
                is_article=_is_article(members, article_re)), dropped


def resolve_locale(wanted: str, site_locales: Iterable[str]) -> str:
    """The site's tag for a configured one (`de` -> the site's `de-DE`), else the tag itself."""
    return matching_locale(wanted, site_locales) or wanted


def choose_source_locale(
    located: list[LocatedPage], locales: tuple[str, ...], configured: str | None
) -> str:
    """Configured, else the locale a platform's API says most articles are written in,
    else the x-default target's locale, else the locale with most pages."""
    if configured:
        return resolve_locale(configured, locales)
    declared: dict[str, int] = defaultdict(int)
    for lp in located:
        if lp.page.source_locale:
            declared[resolve_locale(try_normalize(lp.page.source_locale) or
                                    lp.page.source_locale, locales)] += 1
    if declared:
        return max(sorted(declared), key=lambda loc: declared[loc])
    by_url = {lp.page.url: lp for lp in located}
    votes: dict[str, int] = defaultdict(int)
    for lp in located:
        for alt in lp.page.alternates:
            target = by_url.get(alt.url)
            if alt.hreflang.lower() == "x-default" and target is not None and target.locale:
                votes[target.locale] += 1
    if votes:
        return max(sorted(votes), key=lambda loc: votes[loc])
    counts: dict[str, int] = defaultdict(int)
    for lp in located:
        if lp.locale:
            counts[lp.locale] += 1
    if not counts:
        return "und"
    return max(sorted(counts), key=lambda loc: counts[loc])


def _alternate_agrees(hreflang: str, target: LocatedPage) -> bool:
    tag = try_normalize(hreflang)
    return tag is not None and target.locale is not None and \
        tag.split("-")[0] == target.locale.split("-")[0]


def _self_canonical(lp: LocatedPage) -> bool:
    return lp.page.canonical in (None, lp.page.url)


def _cluster_key(members: list[LocatedPage], source_locale: str | None) -> str:
    source = [m for m in members if m.locale == source_locale]
    if source:
        return min(m.key for m in source)
    return min(m.key for m in members)


def _platform_article_pattern(located: list[LocatedPage]) -> re.Pattern[str] | None:
    """A known platform's article URLs, when enough of the site's pages follow it."""
    for pattern in _PLATFORM_ARTICLE:
        hits = sum(1 for lp in located if pattern.search(lp.stripped))
        if hits >= 3 or (located and hits / len(located) >= 0.2):
            return pattern
    return None


def _is_article(members: list[LocatedPage], article_re: re.Pattern[str] | None) -> bool:
    if article_re is not None:
        return any(article_re.search(m.stripped) or article_re.search(m.page.url)
                   for m in members)
    # Without a pattern, every content page is an article except a locale's home page.
    return all(m.stripped != "/" for m in members)


def _natural_sort_key(key: str) -> tuple[int, str]:
    return (0, key.zfill(20)) if key.isdigit() else (1, key)
