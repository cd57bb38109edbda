"""Time `site.source: zendesk` on a synthetic Help Center API served on 127.0.0.1.

    nice python benchmarks/zendesk_bench.py 3000

N en-us articles, two thirds of them translated to de and fr (pages of 100, cursor
pagination), no rate limit: prints the requests made, the pages stored and the pages per
second of the whole audit. The figure is extraction-bound (the same process_fetched as a
crawl); the crawl of the same pages would need one request per page.
"""

from __future__ import annotations

import html
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from locaudit.audit import run_audit
from locaudit.config import parse_config
from locaudit.demo import texts
from locaudit.demo.server import Resource, Site, SiteServer

LOCALES = {"en-us": "en", "de": "de", "fr": "fr"}
API = "/api/v2/help_center"


def body(index: int, language: str) -> str:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in texts.paragraphs(index, language))
    steps = "".join(f"<li>{html.escape(s)}</li>" for s in texts.steps(index, language))
    return f"{paragraphs}<ol>{steps}</ol>"


def api_site(articles: int) -> Callable[[str], Site]:
    def build(base: str) -> Site:
        site: dict[str, Resource] = {f"{API}/locales.json": Resource(json.dumps(
            {"locales": list(LOCALES), "default_locale": "en-us"}))}
        for locale, language in LOCALES.items():
            count = articles if locale == "en-us" else articles * 2 // 3
            # Unique titles: identical short pages for many articles would be soft 404s.
            listed = [{"id": 1000 + i, "locale": locale, "source_locale": "en-us",
                       "title": f"{texts.title(i, language)} {i}", "body": body(i, language),
                       "html_url": f"{base}/hc/{locale}/articles/{1000 + i}-a",
                       "section_id": 1, "draft": False, "outdated_locales": [],
                       "edited_at": "2026-10-01T00:00:00Z",
                       "updated_at": "2026-10-01T00:00:00Z", "label_names": []}
                      for i in range(count)]
            pages = [listed[k:k + 100] for k in range(0, count, 100)]
            for n, chunk in enumerate(pages):
                path = f"{API}/{locale}/articles.json?page[size]=100" if n == 0 else \
                    f"{API}/{locale}/articles.json?page[after]=c{n}&page[size]=100"
                more = n + 1 < len(pages)
                following = f"{base}{API}/{locale}/articles.json?page[after]=c{n + 1}" \
                    "&page[size]=100"
                site[path] = Resource(json.dumps({
                    "articles": chunk, "meta": {"has_more": more},
                    "links": {"next": following if more else None}}))
            for kind in ("sections", "categories"):
                site[f"{API}/{locale}/{kind}.json?page[size]=100"] = Resource(json.dumps({
                    kind: [{"id": 1, "name": "General", "category_id": 2}],
                    "meta": {"has_more": False}, "links": {}}))
        return site
    return build


def main() -> None:
    articles = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    with SiteServer(api_site(articles)) as server, \
            tempfile.TemporaryDirectory() as folder:
        config = parse_config(
            f"site:\n  start_urls: ['{server.base_url}/hc/en-us']\n  source: zendesk\n"
            "crawl:\n  store: store/\n  rate_limit: 0\n", base_dir=Path(folder))
        started = time.monotonic()
        report = run_audit(config)
        elapsed = time.monotonic() - started
    pages = report.crawl.pages
    print(f"{articles} articles: {pages} pages from {len(server.request_log)} requests; "
          f"read {report.crawl.duration_s:.1f} s, whole audit {elapsed:.1f} s "
          f"({pages / elapsed:.0f} pages/s)")


if __name__ == "__main__":  # the extraction pool's workers import this module
    main()
