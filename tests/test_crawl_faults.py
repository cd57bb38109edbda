"""One crawl of a misbehaving real server (tests/sites/faults.py): each fault gets the
right finding or error, and the crawl goes on."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from locaudit.audit import open_store
from locaudit.config import parse_config
from locaudit.demo.server import SiteServer
from locaudit.models import CrawlStats, Page
from locaudit.sources.crawl import crawl_site
from tests.sites import faults

RETRIES = 2


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory
            ) -> Iterator[tuple[SiteServer, CrawlStats, dict[str, Page]]]:
    tmp = tmp_path_factory.mktemp("faults")
    with SiteServer(faults.build_site) as server:
        config = parse_config(
            f"site:\n  start_urls: ['{server.base_url}/']\n"
            f"crawl:\n  timeout: 1\n  retries: {RETRIES}\n  rate_limit: 0\n  store: store/\n",
            filename="faults.yaml", base_dir=Path(tmp))
        store = open_store(config)
        stats = crawl_site(config, store)
        pages = {p.requested_url.removeprefix(server.base_url): p for p in store.pages()}
        store.close()
        yield server, stats, pages


def test_429_with_retry_after_is_retried(crawled: tuple[SiteServer, CrawlStats,
                                                        dict[str, Page]]) -> None:
    server, _, pages = crawled
    assert pages["/flaky-429"].ok and pages["/flaky-429"].title == "Recovered page"
    assert server.request_log.count("/flaky-429") == 2


def test_503_burst_is_retried_until_it_recovers(crawled: tuple[SiteServer, CrawlStats,
                                                               dict[str, Page]]) -> None:
    server, _, pages = crawled
    assert pages["/flaky-503"].ok
    assert server.request_log.count("/flaky-503") == 3


def test_permanent_503_is_given_up_after_the_retries(crawled: tuple[SiteServer, CrawlStats,
                                                                    dict[str, Page]]) -> None:
    server, _, pages = crawled
    assert pages["/down-503"].status == 503
    assert server.request_log.count("/down-503") == 1 + RETRIES


@pytest.mark.parametrize(("path", "error"), [
    ("/slow", "timeout after 1 s"),
    ("/reset", "RemoteProtocolError"),
    ("/loop-a", "redirect loop"),
    ("/chain/0", "more than 10 redirects"),
    ("/huge", "larger than max_page_bytes"),
    ("/image", "binary body served as text/html"),
])
def test_faults_are_recorded_with_their_reason(
    crawled: tuple[SiteServer, CrawlStats, dict[str, Page]], path: str, error: str
) -> None:
    _, _, pages = crawled
    assert pages[path].error is not None and error in pages[path].error, pages[path].error


def test_charsets_are_decoded_without_or_against_the_header(
    crawled: tuple[SiteServer, CrawlStats, dict[str, Page]]
) -> None:
    _, _, pages = crawled
    assert pages["/sjis"].title == faults.SJIS_TITLE
    assert pages["/gbk"].title == faults.GBK_TITLE
    assert pages["/cp1252"].title == faults.CP1252_TITLE


def test_robots_and_hostile_sitemaps(crawled: tuple[SiteServer, CrawlStats,
                                                    dict[str, Page]]) -> None:
    server, stats, pages = crawled
    assert pages["/private/x"].robots_rule is not None
    assert "/private/x" not in server.request_log
    assert stats.robots_blocked == 1
    # The XXE sitemap's external entity was never fetched, and the bomb was not inflated
    # past the cap: the crawl simply went on without those sitemaps.
    assert "/secret" not in server.request_log
    assert "/xxe.xml" in server.request_log and "/sitemap.xml" in server.request_log
    # A corrupt .xml.gz is skipped like bad XML, not a crash of discovery.
    assert "/broken.xml.gz" in server.request_log and stats.complete


def test_calendar_trap_is_cut_and_the_crawl_completes(
    crawled: tuple[SiteServer, CrawlStats, dict[str, Page]]
) -> None:
    _, stats, pages = crawled
    calendar = [p for p in pages if p.startswith("/calendar")]
    assert len(calendar) == 50  # max query variants per path
    assert stats.trap_skipped == 1 and stats.complete
    assert pages["/ok"].ok
