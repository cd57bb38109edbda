"""Sitemap discovery: the sitemaps a crawl reads before its first page, and the in-scope
URLs they list.

Candidates are `crawl.sitemaps`, then for every host in scope the `Sitemap:` lines of its
robots.txt and /sitemap.xml. Indexes are followed up to MAX_DEPTH levels; a sitemap that
cannot be fetched or parsed is skipped (crawl/sitemaps.py parses, safely).
"""

from __future__ import annotations

from collections.abc import Iterable

import httpx

from locaudit.crawl.decompress import read_capped
from locaudit.crawl.http import RedirectError, Trail, follow
from locaudit.crawl.robots import RobotsCache
from locaudit.crawl.scope import site_origins
from locaudit.crawl.sitemaps import (
    MAX_DECOMPRESSED,
    MAX_DEPTH,
    ParsedSitemap,
    SitemapError,
    parse_sitemap,
)
from locaudit.crawl.urls import Scope, normalize_url

# An in-scope URL a sitemap lists: (loc, lastmod, [(hreflang, href)] normalised).
ListedUrl = tuple[str, str | None, list[tuple[str, str]]]


async def sitemap_urls(client: httpx.AsyncClient, robots: RobotsCache, scope: Scope,
                       start_urls: Iterable[str], configured: Iterable[str],
                       max_redirects: int) -> list[ListedUrl]:
    """The in-scope URLs of every sitemap found, in the order they are listed."""
    candidates: list[str] = list(configured)
    # Every host in scope is read like the start hosts: robots.txt, /sitemap.xml.
    for start in site_origins(start_urls, scope):
        host_robots = await robots.for_url(client, start)
        origin = httpx.URL(start).copy_with(path="/", query=None, fragment=None)
        candidates += [*host_robots.sitemaps, str(origin.join("/sitemap.xml"))]
    seen: set[str] = set()
    queue = [(u, 0) for u in candidates]
    listed: list[ListedUrl] = []
    while queue:
        sitemap_url, depth = queue.pop(0)
        if sitemap_url in seen or depth > MAX_DEPTH:
            continue
        seen.add(sitemap_url)
        parsed = await _fetch_sitemap(client, sitemap_url, max_redirects)
        if parsed is None:
            continue
        queue += [(child, depth + 1) for child in parsed.sitemaps]
        for entry in parsed.urls:
            loc = normalize_url(entry.loc)
            if loc is None or not scope.contains(loc):
                continue
            alternates = [(h, href) for h, u in entry.alternates
                          if (href := normalize_url(u)) is not None]
            listed.append((loc, entry.lastmod, alternates))
    return listed


async def _fetch_sitemap(client: httpx.AsyncClient, url: str, max_redirects: int
                         ) -> ParsedSitemap | None:
    try:
        async with follow(client, Trail(url), max_redirects=max_redirects) as response:
            if response.status_code != 200:
                return None
            body, error = await read_capped(response, MAX_DECOMPRESSED, "sitemap limit")
    except (httpx.HTTPError, RedirectError):
        return None
    if error is not None:
        return None
    try:
        return parse_sitemap(body)
    except SitemapError:
        return None
