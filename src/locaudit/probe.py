"""`locaudit init`: crawl a few dozen pages of a help site and write a starter config.

The probe uses the audit's own stages (crawl, locale detection, alignment), so what it
writes is what a full audit will see: the platform, the locales, where the locale sits in
URLs, and the source locale.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from locaudit.audit import open_store
from locaudit.config import parse_config
from locaudit.crawl.urls import path_of
from locaudit.locales.align import align
from locaudit.locales.urls import detect_rule
from locaudit.sources.crawl import crawl_site

# URL shapes that give a platform away, most specific first (Zendesk before Intercom: both
# have /articles/{id}).
PLATFORM_SIGNS = (
    ("zendesk", re.compile(r"/hc/[^/]+/(articles|sections|categories)/\d+")),
    ("freshdesk", re.compile(r"/support/solutions/(articles/)?\d+")),
    ("salesforce", re.compile(r"/s/article/[^/?]+")),
    ("document360", re.compile(r"/docs/[a-z]{2}(-[a-z]{2,4})?/[^/]+")),
    ("helpscout", re.compile(r"/article/\d+-")),
    ("intercom", re.compile(r"/articles/\d+-")),
)
MIN_SIGNS = 2


@dataclass(frozen=True)
class Probe:
    start_url: str
    pages: int  # pages fetched
    platform: str  # a profile name; "docs" when no platform is recognised
    platform_pages: int  # pages whose URL matched the platform's shape
    source_locale: str
    locales: tuple[str, ...]  # every locale found, source included
    locale_rule: str  # where the locale sits in URLs, in words
    sitemap_urls: int  # URLs the site's sitemaps list


def probe_site(url: str, max_pages: int = 60) -> Probe:
    """Crawl up to `max_pages` pages from `url` (into a throwaway store) and read the site."""
    with tempfile.TemporaryDirectory(prefix="locaudit-init-") as tmp:
        config = parse_config(yaml.safe_dump({
            "site": {"start_urls": [url]},
            "crawl": {"max_pages": max_pages, "store": tmp}}), base_dir=Path(tmp))
        store = open_store(config)
        try:
            stats = crawl_site(config, store, fresh=True)
            pages = list(store.pages())
            sitemap_urls = store.sitemap_count()
        finally:
            store.close()
    rule = detect_rule(pages)
    alignment = align(pages, rule)
    paths = [path_of(p.url) for p in pages if p.ok]
    signs = Counter(name for path in paths for name, shape in PLATFORM_SIGNS
                    if shape.search(path))
    platform, hits = next(((name, signs[name]) for name, _ in PLATFORM_SIGNS
                           if signs[name] >= MIN_SIGNS), ("docs", 0))
    return Probe(start_url=url, pages=stats.pages, platform=platform, platform_pages=hits,
                 source_locale=alignment.source_locale, locales=alignment.locales,
                 locale_rule=rule.describe(), sitemap_urls=sitemap_urls)


def starter_config(probe: Probe) -> str:
    """The config `locaudit init` writes: the profile, what was found, and comments."""
    targets = [loc for loc in probe.locales if loc != probe.source_locale]
    found = (f"platform {probe.platform}"
             + (f" ({probe.platform_pages} page URLs matched)" if probe.platform_pages else
                " (no known platform recognised: the generic docs profile)"))
    today = datetime.now(UTC).date().isoformat()
    return f"""\
# Starter config written by `locaudit init` on {today} from a {probe.pages}-page probe of
# {probe.start_url}
# Found: {found};
#   locales {', '.join(probe.locales) or 'none'} (source {probe.source_locale});
#   locale in URLs: {probe.locale_rule};
#   sitemaps list {probe.sitemap_urls} URLs.
# Review it (every key: configs/example.yaml), then run: locaudit audit <this file>
extends: {probe.platform}
site:
  name: {json.dumps(urlsplit(probe.start_url).netloc)}
  start_urls: [{json.dumps(probe.start_url)}]
  source_locale: {probe.source_locale}
  locales: [{', '.join(targets)}]   # the target locales to report; drop or add as you need
crawl:
  max_pages: 50000
  store: .locaudit/
# markets:                        # who your customers are, to weight the score
#   - {{country: US, share: 0.5}}
#   - {{country: DE, share: 0.2}}
# traffic: analytics/pageviews.csv  # page views per URL, to weight articles
"""
