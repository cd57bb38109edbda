"""Staleness end to end: the modified-date signals in design §4 order (meta
article:modified_time, JSON-LD dateModified, <time datetime>, sitemap lastmod, HTTP
Last-Modified) and `stale_after_days`, on a docs site served by a real local server.

Each article has an English source and a German translation; dates by construction:
  a1  en meta 2026-10-01              de meta 2026-09-15 (16 days older)
  a2  en JSON-LD 2026-10-01           de <time> 2026-06-01 (122 days older)
  a3  en meta 2026-10-01, header 2020 de header Last-Modified 2026-09-25 only (6 days older;
                                      the source's own meta wins over its old header)
  a4  en meta 2026-10-01              de meta 2026-10-05 and header 2026-01-01 (meta wins:
                                      4 days newer, never stale)
  a5  en meta 2026-10-01              de sitemap lastmod 2026-03-01, header 2026-10-20
                                      (lastmod wins over the header: 214 days older)
stale_after_days 30 -> stale a2, a5;  stale_after_days 0 -> stale a1, a2, a3, a5.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path

import pytest

from locaudit.demo import texts
from locaudit.demo.server import Resource, Site, SiteServer
from tests.test_audit_sites import audit_json

META = '<meta property="article:modified_time" content="{}">'
JSONLD = ('<script type="application/ld+json">{{"@context": "https://schema.org", '
          '"@type": "Article", "dateModified": "{}"}}</script>')
TIME = '<p>Updated <time datetime="{}">recently</time></p>'
OLD_HEADER = "Wed, 01 Jan 2020 00:00:00 GMT"

# article: (en head, en body, en Last-Modified), (de head, de body, de Last-Modified, lastmod)
ARTICLES = {
    "a1": ((META.format("2026-10-01T09:00:00Z"), "", None),
           (META.format("2026-09-15T09:00:00Z"), "", None, None)),
    "a2": ((JSONLD.format("2026-10-01T09:00:00Z"), "", None),
           ("", TIME.format("2026-06-01"), None, None)),
    "a3": ((META.format("2026-10-01T09:00:00Z"), "", OLD_HEADER),
           ("", "", "Fri, 25 Sep 2026 09:00:00 GMT", None)),
    "a4": ((META.format("2026-10-01T09:00:00Z"), "", None),
           (META.format("2026-10-05T09:00:00Z"), "", "Thu, 01 Jan 2026 00:00:00 GMT", None)),
    "a5": ((META.format("2026-10-01T09:00:00Z"), "", None),
           ("", "", "Tue, 20 Oct 2026 09:00:00 GMT", "2026-03-01")),
}


def _page(lang: str, index: int, head: str, body: str, last_modified: str | None) -> Resource:
    title = texts.title(index, lang)
    text = "".join(f"<p>{p}</p>" for p in texts.paragraphs(index, lang))
    headers = {"Content-Type": "text/html; charset=utf-8"}
    if last_modified:
        headers["Last-Modified"] = last_modified
    return Resource(f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
                    f"<title>{html.escape(title)}</title>{head}</head><body><main>"
                    f"<h1>{html.escape(title)}</h1>{text}{body}</main></body></html>",
                    headers=headers)


def build_site(base_url: str) -> Site:
    site: dict[str, Resource] = {}
    links = "".join(f'<a href="/kb/{k}">{k}</a> <a href="/de/kb/{k}">{k}</a>' for k in ARTICLES)
    site["/"] = Resource(f'<!doctype html><html lang="en"><title>KB</title><body>{links}'
                         "</body></html>", headers={"Content-Type": "text/html"})
    urls = []
    for index, (key, (en, de)) in enumerate(ARTICLES.items()):
        site[f"/kb/{key}"] = _page("en", index, *en)
        site[f"/de/kb/{key}"] = _page("de", index, *de[:3])
        lastmod = f"<lastmod>{de[3]}</lastmod>" if de[3] else ""
        urls.append(f"<url><loc>{base_url}/de/kb/{key}</loc>{lastmod}</url>")
    site["/sitemap.xml"] = Resource(
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/'
        f'schemas/sitemap/0.9">{"".join(urls)}</urlset>',
        headers={"Content-Type": "application/xml"})
    return site


@pytest.fixture(scope="module")
def dated_site() -> Iterator[SiteServer]:
    with SiteServer(build_site) as server:
        yield server


@pytest.mark.parametrize(("days", "stale"), [(30, {"a2", "a5"}),
                                             (0, {"a1", "a2", "a3", "a5"})])
def test_stale_pairs_follow_the_date_signals_and_the_threshold(
    dated_site: SiteServer, tmp_path: Path, days: int, stale: set[str]
) -> None:
    report = audit_json(tmp_path, f"{dated_site.base_url}/", f"stale_after_days: {days}\n")
    statuses = {a["key"].rsplit("/", 1)[-1]: a["translations"]["de"]["status"]
                for a in report["articles"]}
    assert statuses == {k: "stale" if k in stale else "translated" for k in ARTICLES}
    de = report["locales"][0]
    assert (de["locale"], de["stale"], de["translated"]) == ("de", len(stale), 5 - len(stale))
    # Stale still counts as covered; only fresh coverage drops (equal weights, 5 articles).
    assert (de["coverage"], de["fresh_coverage"]) == (1.0, (5 - len(stale)) / 5)
    # Updates list the stale pairs; the backlog has nothing to translate.
    assert {u["article"].rsplit("/", 1)[-1] for u in report["updates"]} == stale
    assert report["backlog"] == []
    messages = {f["article"].rsplit("/", 1)[-1]: f["message"] for f in report["findings"]
                if f["type"] == "stale_translation"}
    assert set(messages) == stale
    assert "122 days older" in messages["a2"] and "214 days older" in messages["a5"]
