"""Session IDs are learned by behaviour (issue 17): a site that puts a new ColdFusion
CFID/CFTOKEN and a new ASP.NET cookieless /(S(...))/ segment in every link of every response
is crawled once per page, not once per session."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from locaudit.crawl.sessions import SessionIds
from locaudit.demo.server import SiteServer
from locaudit.models import FindingType, Report
from tests.sites import audited_site, sessions


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SiteServer, Report]]:
    tmp = tmp_path_factory.mktemp("sessions")
    crawl = "  concurrency: 2\n  max_pages: 500\n"
    with audited_site(sessions.build_site, Path(tmp), "sessions", crawl) as audited:
        yield audited


def test_each_page_is_fetched_about_once(audited: tuple[SiteServer, Report]) -> None:
    server, report = audited
    assert report.crawl.complete
    pages = [p for p in server.request_log if p != "/robots.txt" and "sitemap" not in p]
    # Every page twice (the stripped URL, then the server's redirect to a new session),
    # plus the few fetched under a session before two responses showed the values change.
    # Counted as distinct URLs, the sessions made an endless site: max_pages (500) pages.
    assert len(pages) <= 2 * sessions.PAGES + 6, len(pages)
    assert report.crawl.pages == sessions.PAGES


def test_coverage_and_no_duplicate_pages(audited: tuple[SiteServer, Report]) -> None:
    _, report = audited
    assert report.summary.source_articles == sessions.ARTICLES
    (de,) = report.locales
    assert (de.locale, de.translated, de.missing) == ("de", sessions.TRANSLATED, 8)
    assert de.coverage == pytest.approx(0.6)
    types = Counter(f.type for f in report.findings)
    assert types[FindingType.ALIGNMENT_CONFLICT] == 0 and types[FindingType.ORPHAN_TRANSLATION] == 0
    assert all("CFID" not in (a.source_url) and "(S(" not in a.source_url
               for a in report.articles)


def test_the_stripped_session_ids_are_reported(audited: tuple[SiteServer, Report]) -> None:
    _, report = audited
    assert set(report.crawl.session_ids) == {"CFID", "CFTOKEN", "path segment (…(…))"}
    assert report.crawl.session_links > sessions.PAGES
    (note,) = [n for n in report.notes if n.startswith("session IDs stripped")]
    assert "CFID, CFTOKEN" in note and f"{report.crawl.session_links:,} links" in note


def test_parameters_that_keep_their_value_or_vary_by_link_are_content() -> None:
    ids = SessionIds()
    for n in range(5):  # ?lang= keeps the requested value; ?page= differs between links
        ids.observe(f"https://h/a{n}?lang=de&page={n}",
                    [f"https://h/b{n}?lang=de&page={n + 1}", f"https://h/c?lang=de&page={n}",
                     "https://h/d?lang=de&page=1"])
    assert not ids.active
    assert ids.without("https://h/a?lang=de&page=2") == "https://h/a?lang=de&page=2"
    for n in range(2):  # a value unlike the requested one in every link: a session
        ids.observe(f"https://h/p{n}?s=a{n}", [f"https://h/x?s=b{n}", f"https://h/y?s=b{n}"])
    assert ids.without("https://h/p?lang=de&s=zz") == "https://h/p?lang=de"
