"""robots.txt by Google's rules, resume after SIGKILL, conditional re-crawl."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from locaudit.audit import open_store
from locaudit.config import parse_config
from locaudit.demo import texts
from locaudit.demo.server import Resource, Site, SiteServer
from locaudit.sources.crawl import crawl_site
from tests.report_fixture import comparable
from tests.test_cli import SRC, run_cli

# Google's robots.txt rules: the most specific (longest) match wins, `*` and `$` wildcards,
# and on equal length allow wins over disallow.
ROBOTS = """User-agent: *
Disallow: /docs/
Allow: /docs/public/
Disallow: /*.pdf$
Disallow: /page
Allow: /page

User-agent: locaudit
Disallow: /only-for-others/
"""
# A crawler obeys only the most specific group naming it; `*` is for everyone else.
BLOCKED_FOR_OTHERS = {  # path -> blocked under the `*` group?
    "/docs/secret": True, "/docs/public/guide": False, "/files/manual.pdf": True,
    "/files/manual.pdf.html": False, "/page": False, "/only-for-others/x": False,
    "/free": False,
}
BLOCKED_FOR_LOCAUDIT = {p: p == "/only-for-others/x" for p in BLOCKED_FOR_OTHERS}
ROBOT_LINKS = BLOCKED_FOR_OTHERS


def _robots_site(base: str) -> Site:
    page = "<html lang=en><title>{0}</title><main><h1>{0}</h1></main></html>"
    site: dict[str, Resource] = {
        "/robots.txt": Resource(ROBOTS, headers={"Content-Type": "text/plain"}),
        "/": Resource("<html lang=en><body>" + "".join(
            f'<a href="{p}">{p}</a>' for p in ROBOT_LINKS) + "</body></html>"),
    }
    site.update({p: Resource(page.format(p)) for p in ROBOT_LINKS})
    return site


@pytest.mark.parametrize(("agent", "expected"), [
    ("OtherBot/1.0", BLOCKED_FOR_OTHERS),
    ("locaudit/0.1 (+https://example.invalid)", BLOCKED_FOR_LOCAUDIT),
])
def test_robots_rules_follow_google(tmp_path: Path, agent: str, expected: dict[str, bool]
                                    ) -> None:
    with SiteServer(_robots_site) as server:
        config = parse_config(
            f"site:\n  start_urls: ['{server.base_url}/']\ncrawl:\n  rate_limit: 0\n"
            f"  user_agent: '{agent}'\n", base_dir=tmp_path)
        store = open_store(config)
        crawl_site(config, store)
        blocked = {p.url.removeprefix(server.base_url): p.robots_rule is not None
                   for p in store.pages() if p.url != f"{server.base_url}/"}
        store.close()
    assert blocked == expected


# --------------------------------------------------------------------------- resume

PAGES = 60


def _slow_site(base: str) -> Site:
    """60 pages in a chain of index pages; each answer takes 50 ms."""
    site: dict[str, Resource] = {}
    for i in range(PAGES):
        body = " ".join(texts.paragraphs(i, "en"))
        links = f'<a href="/p/{i + 1}">next</a>' if i + 1 < PAGES else ""
        site[f"/p/{i}"] = Resource(
            f"<html lang=en><title>Page {i}</title><main><h1>Page {i}</h1><p>{body}</p>"
            f"{links}</main></html>", delay=0.05, headers={"ETag": f'"v{i}"'})
    return site


def _config(tmp_path: Path, base: str, store: str) -> Path:
    path = tmp_path / f"{store}.yaml"
    path.write_text(f"site:\n  start_urls: ['{base}/p/0']\n  article_pattern: '^/p/'\n"
                    f"crawl:\n  rate_limit: 0\n  concurrency: 1\n  store: {store}/\n",
                    encoding="utf-8")
    return path


def _stored_pages(store_dir: Path) -> int:
    for db in store_dir.glob("*.sqlite"):
        try:
            with sqlite3.connect(db, timeout=1) as conn:
                return int(conn.execute("SELECT COUNT(*) FROM pages").fetchone()[0])
        except sqlite3.Error:
            return 0
    return 0



@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_stopped_mid_crawl_then_resume_gives_the_uninterrupted_report(
    tmp_path: Path, stop: signal.Signals
) -> None:
    with SiteServer(_slow_site) as server:
        killed = _config(tmp_path, server.base_url, "killed")
        env = {**os.environ, "PYTHONPATH": SRC}
        proc = subprocess.Popen([sys.executable, "-m", "locaudit", "crawl", str(killed),
                                 "--no-progress"], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 30
        while _stored_pages(tmp_path / "killed") < 15 and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(proc.pid, stop)
        _, stderr = proc.communicate(timeout=30)
        if stop is signal.SIGKILL:
            assert proc.returncode == -signal.SIGKILL
        else:  # a polite stop: the store is flushed, the user is told how to go on
            assert proc.returncode == 130, stderr
            assert "crawl interrupted" in stderr and "resume" in stderr, stderr
            assert "Traceback" not in stderr
        stored = _stored_pages(tmp_path / "killed")
        assert 15 <= stored < PAGES
        first_run_requests = len(server.request_log)

        resumed = run_cli("crawl", str(killed), "--no-progress")
        assert resumed.returncode == 0, resumed.stderr
        # Resumed, not restarted: the pages stored before the kill were not fetched again
        # (the soft-404 probes of made-up URLs at the end of a crawl are not pages).
        refetched = sum("locaudit-probe-" not in path
                        for path in server.request_log[first_run_requests:])
        assert refetched <= PAGES - stored + 2  # + robots.txt, + sitemap.xml probe
        report_resumed = run_cli("report", str(killed), "--format", "json")
        assert report_resumed.returncode == 0, report_resumed.stderr

        whole = run_cli("audit", str(_config(tmp_path, server.base_url, "whole")),
                        "--format", "json", "--no-progress")
        assert whole.returncode == 0, whole.stderr
    a = comparable(json.loads(report_resumed.stdout))
    b = comparable(json.loads(whole.stdout))
    assert a["summary"]["source_articles"] == PAGES and a["crawl"]["pages"] == PAGES
    assert a == b


def test_second_audit_sends_conditional_requests_and_gives_the_same_report(
    tmp_path: Path
) -> None:
    with SiteServer(_slow_site) as server:
        config = _config(tmp_path, server.base_url, "store")
        first = run_cli("audit", str(config), "--format", "json", "--no-progress")
        before = len(server.status_log)
        second = run_cli("audit", str(config), "--format", "json", "--no-progress")
        again = server.status_log[before:]
    assert first.returncode == 0 and second.returncode == 0, second.stderr
    assert [s for _, s in again].count(304) == PAGES  # every page revalidated, none re-sent
    assert comparable(json.loads(first.stdout)) == comparable(json.loads(second.stdout))
