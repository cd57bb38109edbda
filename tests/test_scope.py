"""Secrets and scope on real local servers (two hosts: two ports of 127.0.0.1): configured
headers never leave `site.hosts`, on any request; other hosts' locales are named in a note
and crawled once listed in `site.hosts`."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from locaudit.audit import run_audit
from locaudit.config import parse_config
from locaudit.crawl.http import scoped_headers_hook
from locaudit.demo.server import SiteServer
from locaudit.errors import ConfigError, NoResultError
from locaudit.models import Report
from tests.sites import walls

TOKEN = "s3cret-t0ken"


def audit(tmp_path: Path, yaml: str) -> Report:
    config = parse_config(yaml + "crawl:\n  store: store/\n  rate_limit: 0\n",
                          filename="site.yaml", base_dir=tmp_path)
    return run_audit(config)


def test_configured_headers_never_reach_another_host_on_any_request(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HELP_TOKEN", TOKEN)
    holder: dict[str, SiteServer] = {}
    with SiteServer(walls.token_other(lambda: holder["site"].base_url)) as other, \
            SiteServer(walls.token_site(other)) as site:
        holder["site"] = site
        audit(tmp_path, f"site:\n  start_urls: ['{site.base_url}/a/0']\n"
                        "  headers: {X-Help-Token: '${HELP_TOKEN}', "
                        "Authorization: 'Bearer ${HELP_TOKEN}'}\n")
    own = {path: h for path, _, h in site.arrivals}
    # Every request to the site carries the headers: robots.txt, sitemap, pages, redirects
    # (and the soft-404 probes of made-up URLs at the end of the crawl).
    assert {p for p in own if "locaudit-probe-" not in p} == {
        "/robots.txt", "/sitemap.xml", "/a/0", "/a/1", "/a/2", "/moved", "/refresh"}
    assert all(h.get("x-help-token") == TOKEN and h.get("authorization") == f"Bearer {TOKEN}"
               for h in own.values()), own
    # The other host got the redirected robots.txt and sitemap, the sitemap its robots.txt
    # names, and both redirected pages (HTTP and meta refresh): never a header.
    paths = sorted(path for path, _, _ in other.arrivals)
    assert paths == ["/landing", "/landing2", "/robots.txt", "/sitemap-b.xml", "/sitemap.xml"]
    for _, _, headers in other.arrivals:
        assert "x-help-token" not in headers and "authorization" not in headers, headers
        assert TOKEN not in str(headers)


def test_hreflang_locales_on_other_hosts_are_named_then_crawled_once_listed(
    tmp_path: Path
) -> None:
    holder: dict[str, SiteServer] = {}
    with SiteServer(walls.german_host(lambda: holder["en"].base_url)) as de, \
            SiteServer(walls.split_hosts(lambda: de.base_url)) as en:
        holder["en"] = en
        de_host = de.base_url.removeprefix("http://")
        base = (f"site:\n  start_urls: ['{en.base_url}/en/']\n  source_locale: en\n"
                "  locales: [de]\n  article_pattern: '/a/'\n  headers: {X-Help-Token: t}\n")
        before = audit(tmp_path / "1", base)
        assert de.arrivals == []  # not in scope: not a single request
        after = audit(tmp_path / "2", base + f"  hosts: ['{de_host}']\n")
        de_requests = list(de.arrivals)
    # Without site.hosts: de has no page; the note says where the translations are and
    # gives the exact line that brings them in.
    row = before.locales[0]
    assert (row.locale, row.translated, row.missing) == ("de", 0, 3)
    note = next(n for n in before.notes if "site.hosts" in n)
    assert f"({de_host}: de)" in note and note.endswith(f"site.hosts: [{de_host}]")
    # Listed: crawled like the start host (robots.txt, sitemap, the headers), 3 of 3.
    row = after.locales[0]
    assert (row.locale, row.translated, row.missing, row.coverage) == ("de", 3, 0, 1.0)
    assert not any("site.hosts" in n for n in after.notes)
    paths = {p for p, _, _ in de_requests}
    assert {"/robots.txt", "/sitemap.xml", "/de/a/1", "/de/a/2", "/de/a/3"} <= paths
    assert all(h.get("x-help-token") == "t" for _, _, h in de_requests)


@pytest.mark.parametrize("value", ["'help acme'", "'*.acme.com'", "'https://acme.com/docs'",
                                   "'acme.com:99999'", "[{a: 1}]"])
def test_a_bad_site_hosts_value_is_one_clear_line(tmp_path: Path, value: str) -> None:
    with pytest.raises(ConfigError) as err:
        parse_config(f"site:\n  start_urls: [https://help.acme.com/]\n  hosts: {value}\n",
                     filename="site.yaml", base_dir=tmp_path)
    message = str(err.value)
    assert message.startswith("site.yaml:3: site.hosts") and "\n" not in message, message


def test_a_start_url_that_redirects_off_the_hosts_says_so(tmp_path: Path) -> None:
    with SiteServer(lambda base: {"/hc/de": walls.article(1, "de")}) as other, \
            SiteServer(lambda base: {"/": walls.redirect(f"{other.base_url}/hc/de")}) as site, \
            pytest.raises(NoResultError) as err:
        audit(tmp_path, f"site:\n  start_urls: ['{site.base_url}/']\n")
    assert str(err.value) == (
        f"no HTML page could be fetched from {site.base_url}/: {site.base_url}/ redirects "
        f"to {other.base_url}/hc/de, outside the crawl (start there, or add its host to "
        "site.hosts)")


async def _sent_headers(url: str, hosts: list[str]) -> dict[str, str]:
    request = httpx.Request("GET", url, headers={"User-Agent": "x"})
    hook = scoped_headers_hook({"X-Token": "t", "User-Agent": "own"}, hosts, {"User-Agent": "x"})
    await hook(request)
    return {k.lower(): v for k, v in request.headers.items()}


@pytest.mark.parametrize(("url", "hosts", "sent"), [
    ("https://hilfe.bücher.de/x", ["hilfe.bücher.de"], True),  # httpx sends xn--bcher-kva
    ("https://hilfe.xn--bcher-kva.de/x", ["hilfe.bücher.de"], True),
    ("https://Help.Acme.com:443/x", ["help.acme.com"], True),
    ("http://help.acme.com:8080/x", ["help.acme.com"], False),  # another port, another host
    ("https://sso.acme.com/x", ["help.acme.com"], False),
    ("https://help.acme.com.evil.example/x", ["help.acme.com"], False),
])
def test_the_header_hook_decides_by_the_request_host(url: str, hosts: list[str],
                                                     sent: bool) -> None:
    headers = asyncio.run(_sent_headers(url, hosts))
    assert ("x-token" in headers) == sent
    assert headers["user-agent"] == ("own" if sent else "x")  # a shadowed default comes back
