"""Politeness on real local servers: config headers stay on the site's own hosts, robots
Crawl-delay and rate_limit space requests, and a failing site is slowed down, then left."""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest

from locaudit.demo import texts
from locaudit.demo.server import Resource, Site, SiteServer
from tests.test_cli import run_cli


def _article(i: int, links: str = "") -> Resource:
    body = " ".join(texts.paragraphs(i, "en"))
    return Resource(f"<html lang=en><title>Article {i}</title><main><h1>Article {i}</h1>"
                    f"<p>{body}</p>{links}</main></html>")


def _audit(tmp_path: Path, start: str, extra: str = "", *args: str,
           env: dict[str, str] | None = None) -> tuple[int, str, dict[str, object] | None]:
    config = tmp_path / "site.yaml"
    config.write_text(f"site:\n  start_urls: ['{start}']\n  article_pattern: '/a/'\n{extra}",
                      encoding="utf-8")
    result = run_cli("audit", str(config), "--format", "json", "--no-progress", *args,
                     env=env)
    report = json.loads(result.stdout) if result.stdout.startswith("{") else None
    return result.returncode, result.stderr, report


@pytest.fixture()
def other_host() -> Iterator[SiteServer]:
    with SiteServer(lambda base: {"/landing": _article(99)}) as server:
        yield server


def test_config_headers_go_to_the_site_only_never_across_a_redirect(
    tmp_path: Path, other_host: SiteServer
) -> None:
    def site(base: str) -> Site:
        return {"/a/0": _article(0, '<a href="/a/1">1</a><a href="/moved">moved</a>'),
                "/a/1": _article(1),
                "/moved": Resource(status=302,
                                   headers={"Location": f"{other_host.base_url}/landing"})}

    with SiteServer(site) as server:
        code, err, report = _audit(
            tmp_path, f"{server.base_url}/a/0",
            "  headers: {Authorization: 'Bearer ${HELP_TOKEN}'}\n"
            "crawl:\n  store: store/\n  rate_limit: 0\n", env={"HELP_TOKEN": "s3cret-t0ken"})
        own = [(path, headers.get("authorization")) for path, _, headers in server.arrivals]
    assert code == 0, err
    assert ("/a/0", "Bearer s3cret-t0ken") in own and ("/moved", "Bearer s3cret-t0ken") in own
    # The redirect was followed to the other host, without the token.
    assert [p for p, _, _ in other_host.arrivals if p == "/landing"] == ["/landing"]
    assert all("authorization" not in h for _, _, h in other_host.arrivals)
    assert "s3cret-t0ken" not in json.dumps(report) and "s3cret-t0ken" not in err


@pytest.mark.parametrize(("robots", "rate_limit", "gap"), [
    ("User-agent: *\nCrawl-delay: 0.3\n", 0, 0.3),   # robots wins over "unlimited"
    ("User-agent: *\nAllow: /\n", 4, 0.25),            # rate_limit: 4 per second
    ("User-agent: *\nCrawl-delay: 0.3\n", 20, 0.3),  # the stricter of the two
])
def test_requests_to_a_host_are_spaced_by_crawl_delay_or_rate_limit(
    tmp_path: Path, robots: str, rate_limit: float, gap: float
) -> None:
    def site(base: str) -> Site:
        links = "".join(f'<a href="/a/{i}">{i}</a>' for i in range(1, 6))
        pages: dict[str, Resource] = {f"/a/{i}": _article(i) for i in range(1, 6)}
        pages["/a/0"] = _article(0, links)
        pages["/robots.txt"] = Resource(robots, headers={"Content-Type": "text/plain"})
        return pages

    with SiteServer(site) as server:
        code, err, _ = _audit(tmp_path, f"{server.base_url}/a/0",
                              f"crawl:\n  store: store/\n  rate_limit: {rate_limit}\n"
                              "  concurrency: 8\n")
        times = [t for path, t, _ in server.arrivals if path.startswith("/a/")
                 and "locaudit-probe-" not in path]  # not the soft-404 probe
    assert code == 0, err
    assert len(times) == 6
    gaps = [b - a for a, b in pairwise(times)]
    assert min(gaps) >= gap * 0.9, gaps  # 10% for the clock and thread scheduling


def test_a_failing_site_is_slowed_down_then_left_and_the_report_says_incomplete(
    tmp_path: Path
) -> None:
    # 10 good articles, then 120 links that answer 500 after 20 ms.
    def site(base: str) -> Site:
        links = "".join(f'<a href="/a/{i}">{i}</a>' for i in range(1, 11))
        links += "".join(f'<a href="/broken/{i}">b{i}</a>' for i in range(120))
        pages: dict[str, Resource] = {f"/a/{i}": _article(i) for i in range(1, 11)}
        pages["/a/0"] = _article(0, links)
        for i in range(120):
            pages[f"/broken/{i}"] = Resource("<h1>Server error</h1>", status=500, delay=0.02)
        return pages

    with SiteServer(site) as server:
        code, err, report = _audit(tmp_path, f"{server.base_url}/a/0",
                                   "crawl:\n  store: store/\n  rate_limit: 0\n"
                                   "  retries: 0\n  concurrency: 8\n")
        broken = [(t, path) for path, t, _ in server.arrivals if path.startswith("/broken/")]
    assert code == 0, err
    assert report is not None
    crawl = report["crawl"]
    assert isinstance(crawl, dict)
    assert crawl["complete"] is False and "requests failed" in crawl["stop_reason"]
    # Stopped once 75% of the last 40 requests failed: far fewer than the 120 links.
    assert 30 <= len(broken) <= 45
    # Slowed down first: once a quarter of 10+ recent requests failed, one request at a
    # time, so the last requests arrive at least a response time (20 ms) apart.
    late = [t for t, _ in broken[-15:]]
    assert min(b - a for a, b in pairwise(late)) >= 0.018
