"""`site.source: zendesk` against a local Help Center API (tests/sites/zendesk_api.py, whose
docstring works out every expected number below from the fixture JSON)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from locaudit.audit import analyze, open_store, run_audit
from locaudit.config import config_for_url, parse_config
from locaudit.demo.server import Resource, SiteServer
from locaudit.errors import ConfigError, NoResultError
from locaudit.models import FindingType, Report, SourceKind, Status
from tests.sites import zendesk_api
from tests.test_cli import assert_one_line_error, run_cli

API = "/api/v2/help_center"
FIRST = 360001000


def config_text(base_url: str, *, verify: int = 0, extra_site: str = "",
                start: str | None = None) -> str:
    return (f"site:\n  start_urls: ['{start or base_url}/hc/en-us']\n  source: zendesk\n"
            f"{extra_site}crawl:\n  store: store/\n  rate_limit: 0\n"
            + (f"zendesk:\n  verify: {verify}\n" if verify else ""))


def audit(tmp_path: Path, base_url: str, *, verify: int = 0, extra_site: str = "",
          start: str | None = None) -> Report:
    text = config_text(base_url, verify=verify, extra_site=extra_site, start=start)
    return run_audit(parse_config(text, filename="zd.yaml", base_dir=tmp_path))


@pytest.fixture
def api_site() -> Iterator[SiteServer]:
    """A fresh server per test: the fr listing answers 429 to its first request only."""
    with SiteServer(zendesk_api.build_site) as server:
        yield server


@pytest.fixture(scope="module")
def verified(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SiteServer, Report]]:
    with SiteServer(zendesk_api.build_site) as server:
        yield server, audit(tmp_path_factory.mktemp("zd"), server.base_url, verify=10)


def article(i: int) -> str:
    return str(FIRST + i)


def statuses(report: Report, locale: str) -> dict[str, Status]:
    return {a.key: a.translations[locale].status for a in report.articles}


def test_every_translation_is_a_page_with_the_apis_facts(verified: tuple[SiteServer, Report]
                                                         ) -> None:
    _, report = verified
    assert report.site.source_locale == "en-US"  # the articles' source_locale
    assert report.summary.source_articles == 6  # article 6 is a draft
    rows = {r.locale: (r.translated, r.stale, r.untranslated, r.missing, r.drafts)
            for r in report.locales}
    assert rows == {"de": (2, 2, 1, 1, 1), "fr": (3, 0, 0, 3, 0)}
    assert statuses(report, "de") == {
        article(0): Status.TRANSLATED, article(1): Status.TRANSLATED,
        article(2): Status.STALE, article(3): Status.STALE,
        article(4): Status.UNTRANSLATED, article(5): Status.MISSING}
    sections = {(s.section, s.locale): s.coverage for s in report.sections}
    assert sections[("Account", "fr")] == pytest.approx(2 / 3)  # 0, 2 of 0, 2, 4
    assert sections[("Billing", "fr")] == pytest.approx(1 / 3)  # 1 of 1, 3, 5
    assert report.crawl.pages == 16  # 7 en-us (1 draft) + 6 de (1 draft) + 3 fr
    assert report.crawl.complete
    assert "2 drafts kept out of coverage (not published, so customers cannot read them): " \
           "1 de, 1 en-US" in report.notes


def test_stale_reasons_name_zendesk_and_the_dates(verified: tuple[SiteServer, Report]) -> None:
    _, report = verified
    stale = {f.article: f.message for f in report.findings
             if f.type is FindingType.STALE_TRANSLATION}
    assert set(stale) == {article(2), article(3)}
    assert "marked outdated in Zendesk" in stale[article(3)]
    assert "153 days older than the en-US source (updated 2026-10-03)" in stale[article(2)]
    untranslated = [(f.locale, f.article) for f in report.findings
                    if f.type is FindingType.UNTRANSLATED_CONTENT]
    assert untranslated == [("de", article(4))]  # the API's "de" body is English


def test_verify_reports_where_the_live_page_disagrees(verified: tuple[SiteServer, Report]
                                                      ) -> None:
    server, report = verified
    base = server.base_url
    mismatches = {(f.locale, f.article): f for f in report.findings
                  if f.type is FindingType.SOURCE_MISMATCH}
    assert sorted(mismatches) == [("de", article(0)), ("de", article(1)), ("fr", article(2))]
    assert all(f.severity == "warning" for f in mismatches.values())
    assert "is in en" in mismatches[("de", article(0))].message
    assert f"redirects to the en-us page {base}/hc/en-us/articles/{FIRST + 1}-update-billing" \
           in mismatches[("de", article(1))].message
    assert "is missing (HTTP 404)" in mismatches[("fr", article(2))].message
    # Every published translation was checked once: 6 en-us + 5 de + 3 fr; no draft.
    assert "14 pages also fetched over HTTP to check the API (zendesk.verify): 3 disagree " \
           "(source_mismatch)" in report.notes
    pages = [p for p in server.request_log if p.startswith("/hc/")]
    assert len(set(pages)) == 14
    assert len(pages) == 15  # and de 1's redirect to the en-us article
    assert not any(p.startswith(f"/hc/de/articles/{FIRST + 5}-") or f"/{FIRST + 6}-" in p
                   for p in pages)  # the drafts


def test_both_paginations_are_followed_and_429_waits_for_retry_after(
        api_site: SiteServer, tmp_path: Path) -> None:
    report = audit(tmp_path, api_site.base_url)
    log = api_site.request_log
    api = [p for p in log if p.startswith(API)]
    assert f"{API}/en-us/articles.json?page[after]=eyJvIjoicG9zaXRpb24iLCJ2IjoiYVFNQUFBQUFBQUFB" \
           "In0&page[size]=100" in api  # links.next while meta.has_more
    assert f"{API}/de/articles.json?page=2&per_page=3" in api  # next_page
    # The last cursor page still carries links.next; has_more: false ends the listing.
    assert not any("aVFZQUFB" in p for p in api)
    fr = [(t, s) for (p, t, _), (_, s) in zip(api_site.arrivals, api_site.status_log,
                                              strict=True)
          if p == zendesk_api.FR_ARTICLES]
    assert [s for _, s in fr] == [429, 200]
    assert fr[1][0] - fr[0][0] >= 0.95  # Retry-After: 1
    assert not any(p.startswith("/hc/") or p == "/robots.txt" for p in log)  # no verify
    assert not any(f.type is FindingType.SOURCE_MISMATCH for f in report.findings)
    assert {r.locale: r.translated for r in report.locales} == {"de": 2, "fr": 3}


def verified_urls(tmp_path: Path, base_url: str, verify: int) -> list[str]:
    config = parse_config(config_text(base_url, verify=verify), filename="zd.yaml",
                          base_dir=tmp_path)
    run_audit(config)
    store = open_store(config, read_only=True)
    try:
        return sorted(p.url for p in store.pages() if p.verified)
    finally:
        store.close()


def test_verify_samples_n_pages_per_locale_the_same_every_run(api_site: SiteServer,
                                                              tmp_path: Path) -> None:
    first = verified_urls(tmp_path / "a", api_site.base_url, 2)
    assert [url.split("/")[4] for url in first] == ["de", "de", "en-us", "en-us", "fr", "fr"]
    assert verified_urls(tmp_path / "b", api_site.base_url, 2) == first


def test_report_reads_the_stored_api_run_again(api_site: SiteServer, tmp_path: Path) -> None:
    config = parse_config(config_text(api_site.base_url, verify=10), filename="zd.yaml",
                          base_dir=tmp_path)
    first = run_audit(config)
    store = open_store(config, read_only=True)
    try:
        again = analyze(config, store)
    finally:
        store.close()
    assert replace(again, generated_at="", crawl=first.crawl) == \
        replace(first, generated_at="")


def test_token_header_reaches_the_api(api_site: SiteServer, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZD_TOKEN", "secret-token-123")
    audit(tmp_path, api_site.base_url,
          extra_site="  headers: {Authorization: 'Bearer ${ZD_TOKEN}'}\n")
    sent = [h.get("authorization") for p, _, h in api_site.arrivals if p.startswith(API)]
    assert sent and set(sent) == {"Bearer secret-token-123"}
    assert all(h.get("accept") == "application/json"
               for p, _, h in api_site.arrivals if p.startswith(API))


@pytest.mark.parametrize("status", [401, 403])
def test_a_private_help_center_is_a_one_line_exit_3(status: int, tmp_path: Path) -> None:
    with SiteServer(zendesk_api.build_private_site(status)) as server:
        result = run_cli("audit", f"zendesk+{server.base_url}/hc/en-us", cwd=tmp_path)
    assert result.returncode == 3
    assert_one_line_error(result, f"HTTP {status}",
                          "this help center is not public: set site.headers with a token")


def test_a_refused_token_says_so(tmp_path: Path) -> None:
    with SiteServer(zendesk_api.build_private_site(401)) as server, \
            pytest.raises(NoResultError, match=r"the token in site\.headers was refused"):
        audit(tmp_path, server.base_url, extra_site="  headers: {Authorization: 'Basic abc'}\n")


def test_not_a_zendesk_help_center(tmp_path: Path) -> None:
    def site(base_url: str) -> dict[str, Resource]:
        return {f"{API}/locales.json": Resource("<html><p>Welcome</p></html>")}

    with SiteServer(site) as server, pytest.raises(NoResultError, match="did not answer JSON"):
        audit(tmp_path, server.base_url)
    with SiteServer(lambda base: {}) as server, \
            pytest.raises(NoResultError, match=r"answered HTTP 404: this help center is not "
                                               r"public: .* or the start URL is not a Zendesk"):
        audit(tmp_path, server.base_url)


def test_articles_on_another_host_name_the_fix(api_site: SiteServer, tmp_path: Path) -> None:
    # The API is read at localhost; its html_urls are on 127.0.0.1, outside the scope.
    port = api_site.base_url.rsplit(":", 1)[1]
    with pytest.raises(NoResultError, match=r"articles are on 127\.0\.0\.1:\d+, outside .* "
                                            "add it to site.hosts"):
        audit(tmp_path, api_site.base_url, start=f"http://localhost:{port}")


def test_a_failed_read_keeps_the_last_finished_run(api_site: SiteServer, tmp_path: Path
                                                   ) -> None:
    config = parse_config(config_text(api_site.base_url), filename="zd.yaml",
                          base_dir=tmp_path)
    first = run_audit(config)
    api_site.site = {}  # now every request is a 404
    with pytest.raises(NoResultError):
        run_audit(config)
    store = open_store(config, read_only=True)
    try:
        assert analyze(config, store).locales == first.locales
    finally:
        store.close()


def test_the_cli_reads_zendesk_plus_url(api_site: SiteServer, tmp_path: Path) -> None:
    result = run_cli("audit", f"zendesk+{api_site.base_url}/hc/en-us", "-f", "json",
                     "--no-progress", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert '"source_articles": 6' in result.stdout
    assert any(p.startswith(API) for p in api_site.request_log)


def test_config_keys() -> None:
    cfg = config_for_url("zendesk+https://help.acme.example/hc/en-us")
    assert cfg.site.source is SourceKind.ZENDESK
    assert cfg.site.start_urls == ("https://help.acme.example/hc/en-us",)
    assert config_for_url("https://help.acme.example/").site.source is SourceKind.CRAWL
    cfg = parse_config("site:\n  start_urls: [https://a.example/]\n  source: zendesk\n"
                       "zendesk:\n  verify: 5\n")
    assert cfg.zendesk.verify == 5
    with pytest.raises(ConfigError, match=r"x.yaml:4: zendesk.verify: applies only with "
                                          "site.source: zendesk"):
        parse_config("site:\n  start_urls: [https://a.example/]\nzendesk:\n  verify: 5\n",
                     filename="x.yaml")
    with pytest.raises(ConfigError, match=r"unknown source 'zendsk'.*did you mean 'zendesk'"):
        parse_config("site:\n  start_urls: [https://a.example/]\n  source: zendsk\n")


def broken_api(articles: Callable[[str], Resource]) -> Callable[[str], dict[str, Resource]]:
    """An API whose en-us listing answers `articles(base_url)`; no sections, categories."""
    def site(base_url: str) -> dict[str, Resource]:
        empty = {"meta": {"has_more": False}, "links": {"next": None}}
        return {
            f"{API}/locales.json": Resource(
                '{"locales": ["en-us"], "default_locale": "en-us"}'),
            f"{API}/en-us/articles.json?page[size]=100": articles(base_url),
            **{f"{API}/en-us/{kind}.json?page[size]=100": Resource(
                json.dumps({kind: [], **empty})) for kind in ("sections", "categories")},
        }
    return site


def test_a_pagination_loop_and_a_long_retry_after_stop_with_one_line(tmp_path: Path) -> None:
    def looping(base_url: str) -> Resource:  # links.next is the page itself
        return Resource(json.dumps({"articles": [], "meta": {"has_more": True}, "links": {
            "next": f"{base_url}{API}/en-us/articles.json?page[size]=100"}}))

    with SiteServer(broken_api(looping)) as server, \
            pytest.raises(NoResultError, match="pagination loops back to"):
        audit(tmp_path / "a", server.base_url)
    throttled = Resource("{}", status=429, headers={"Retry-After": "3600"})
    with SiteServer(broken_api(lambda base: throttled)) as server, \
            pytest.raises(NoResultError, match=r"HTTP 429, Retry-After 3600 is too long"):
        audit(tmp_path / "b", server.base_url)
    assert server.request_log.count(f"{API}/en-us/articles.json?page[size]=100") == 1
