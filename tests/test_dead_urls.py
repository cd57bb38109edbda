"""Dead URLs are findings, not failures (issues 11 and 17): a sitemap index of 1,200 dead
URLs and broken links inside translations neither stop the crawl nor skew coverage."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from locaudit.crawl.politeness import counts_as_failure
from locaudit.demo.server import SiteServer
from locaudit.models import FindingType, Report
from tests.sites import audited_site, deadlinks


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SiteServer, Report]]:
    tmp = tmp_path_factory.mktemp("dead")
    crawl = "  concurrency: 4\n  max_pages: 100\n"
    with audited_site(deadlinks.build_site, Path(tmp), "dead", crawl) as audited:
        yield audited


def test_404s_never_count_as_the_site_failing() -> None:
    assert not any(counts_as_failure(s, None) for s in (400, 401, 403, 404, 410, 451))
    assert all(counts_as_failure(s, None) for s in (408, 429, 500, 503))
    assert counts_as_failure(0, "timeout") and counts_as_failure(200, "body too large")


def test_a_sitemap_index_of_dead_urls_does_not_stop_the_crawl(
        audited: tuple[SiteServer, Report]) -> None:
    # Nor do its 1,200 dead URLs use up max_pages (100 here): they are not pages.
    server, report = audited
    assert report.crawl.complete and report.crawl.stop_reason is None
    archive = [p for p in server.request_log
               if p.startswith("/en/archive/") and "locaudit-probe-" not in p]
    assert len(archive) == deadlinks.DEAD
    assert report.summary.source_articles == deadlinks.ARTICLES
    (de,) = report.locales
    assert (de.locale, de.translated, de.missing) == ("de", 6, 4)
    assert de.coverage == pytest.approx(0.6)


def test_dead_sitemap_urls_are_one_finding_with_a_count(
        audited: tuple[SiteServer, Report]) -> None:
    _, report = audited
    (dead,) = [f for f in report.findings if f.type is FindingType.SITEMAP_DEAD_URL]
    assert f"{deadlinks.DEAD:,} URLs listed in the sitemaps are dead" in dead.message
    assert f"{deadlinks.DEAD:,} HTTP 404" in dead.message and "/en/archive/" in dead.message
    assert not [f for f in report.findings if f.type is FindingType.BROKEN_PAGE]
    assert len(report.findings) < 40  # not one finding per dead URL


def test_broken_links_name_locale_page_and_link_text(
        audited: tuple[SiteServer, Report]) -> None:
    server, report = audited
    broken = [f for f in report.findings if f.type is FindingType.BROKEN_LINK]
    assert Counter(f.locale for f in broken) == {"de": 4, "en": 2}
    by_page = {f.url.removeprefix(server.base_url): f for f in broken if f.url}
    assert set(by_page) == set(deadlinks.BROKEN)
    for referrer, (target, text) in deadlinks.BROKEN.items():
        finding = by_page[referrer]
        assert f'"{text}"' in finding.message and f"{server.base_url}{target}" in finding.message
        assert finding.article is not None
    assert "HTTP 410" in by_page["/de/guide/3"].message
    assert "HTTP 403" in by_page["/en/guide/1"].message
    assert all(f.severity.value == "info" for f in broken)
