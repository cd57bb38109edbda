"""Responses that are not what they seem, on real local servers: login walls, pages that
redirect themselves (meta refresh, script), a NUL byte in good HTML, locale cookies."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from locaudit.audit import run_audit
from locaudit.config import parse_config
from locaudit.demo.server import SiteServer
from locaudit.extract.sniff import is_binary, sniff
from locaudit.models import Report, Status
from tests.sites import faults, walls


def audit(tmp_path: Path, yaml: str, crawl: str = "") -> Report:
    config = parse_config(yaml + f"crawl:\n  store: store/\n  rate_limit: 0\n{crawl}",
                          filename="site.yaml", base_dir=tmp_path)
    return run_audit(config)


def statuses(report: Report, locale: str) -> dict[str, Status]:
    return {a.key: a.translations[locale].status for a in report.articles}


def findings(report: Report, kind: str) -> list[tuple[str | None, str | None, str | None]]:
    return sorted((f.locale, f.url, f.article) for f in report.findings if f.type == kind)


def test_login_redirects_are_login_required_missing_and_never_a_locale(tmp_path: Path) -> None:
    with SiteServer(walls.sso_host) as sso, \
            SiteServer(walls.login_walls(lambda: sso.base_url)) as site:
        report = audit(tmp_path, f"site:\n  start_urls: ['{site.base_url}/en-us/']\n"
                                 "  article_pattern: '/a/'\n")
        base = site.base_url
    assert report.site.source_locale == "en-US"
    assert [row.locale for row in report.locales] == ["de"]  # no "en" of sign-in pages
    row = report.locales[0]
    assert (row.translated, row.missing) == (2, 2)
    assert statuses(report, "de") == {"/a/1": Status.MISSING, "/a/2": Status.MISSING,
                                      "/a/3": Status.TRANSLATED, "/a/4": Status.TRANSLATED}
    assert findings(report, "login_required") == [("de", f"{base}/de/a/1", "/a/1"),
                                                  ("de", f"{base}/de/a/2", "/a/2")]
    walls_found = [f for f in report.findings if f.type == "login_required"]
    assert all(f.severity == "warning" for f in walls_found)
    assert "/access/unauthenticated" in walls_found[0].message
    assert "/saml/login" in walls_found[1].message


@pytest.fixture(scope="module")
def self_redirecting(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Report]]:
    with SiteServer(walls.self_redirects) as site:
        report = audit(tmp_path_factory.mktemp("refresh"),
                       f"site:\n  start_urls: ['{site.base_url}/en/']\n"
                       "  source_locale: en\n  article_pattern: '/a/'\n")
        yield site.base_url, report


def test_meta_refresh_and_script_redirects_are_redirects(
    self_redirecting: tuple[str, Report]
) -> None:
    base, report = self_redirecting
    fr = statuses(report, "fr")
    assert [fr[f"/a/{i}"] for i in (2, 3, 4)] == [Status.MISSING] * 3
    assert findings(report, "locale_redirect") == [
        ("fr", f"{base}/fr/a/{i}", f"/a/{i}") for i in (2, 3, 4)]
    # Scripts that set location inside a function, or from an expression, redirect nothing.
    assert fr["/a/1"] == Status.TRANSLATED


def test_one_nul_byte_does_not_make_an_html_page_binary(
    self_redirecting: tuple[str, Report]
) -> None:
    _, report = self_redirecting
    assert statuses(report, "fr")["/a/5"] == Status.TRANSLATED
    row = report.locales[0]
    assert (row.locale, row.translated, row.missing) == ("fr", 2, 3)
    assert not any("binary" in f.message for f in report.findings)


@pytest.mark.parametrize(("body", "mime"), [
    (b"<!DOCTYPE html><html><head>\x00</head>", "text/html"),
    (b"\n\t <html lang=en>\x01\x02", "text/html"),
    (b"<!-- x -->\x00", "text/html"),
    (b"<?xml version='1.0'?>\x00", "text/xml"),
    (b"\xef\xbb\xbf<p>\x00", "text/plain"),  # a BOM: text, whatever follows
    (b"\xff\xfe<\x00h\x00", "text/plain"),
    (b"plain words, no binary byte", "text/plain"),
    (faults.PNG, "image/png"),
    (b"\x1f\x8b\x08\x00rest", "application/x-gzip"),
    (b"%PDF-1.7\n", "application/pdf"),
    (b"GIF89a\x01\x00", "image/gif"),
    (b"<meta charset=utf-8>\x00", "application/octet-stream"),  # no HTML signature + NUL
    (b"<htmlx>\x00", "application/octet-stream"),  # needs a space or > after the tag name
])
def test_sniffing_follows_the_whatwg_rules(body: bytes, mime: str) -> None:
    assert sniff(body) == mime
    assert is_binary(body) == (mime not in ("text/html", "text/xml", "text/plain"))


def test_no_cookie_is_sent_back_and_cookie_negotiated_urls_are_one_finding(
    tmp_path: Path
) -> None:
    holder: dict[str, SiteServer] = {}
    with SiteServer(walls.locale_cookie(lambda: holder["site"])) as site:
        holder["site"] = site
        config = (f"site:\n  start_urls: ['{site.base_url}/']\n  source_locale: en\n"
                  "  article_pattern: '/a/|/guide|/faq'\n")
        report = audit(tmp_path / "1", config)
        sent = [h.get("cookie") for _, _, h in site.arrivals]
        probes = sum("locaudit-probe-" in path for path, _, _ in site.arrivals)
        site.arrivals.clear()
        audit(tmp_path / "2", config, "  cookies: true\n")
        sent_with_jar = [h.get("cookie") for _, _, h in site.arrivals]
        base = site.base_url
    # robots.txt, sitemap.xml, 7 pages (and the soft-404 probes): never a cookie
    assert sent == [None] * len(sent) and len(sent) - probes == 9
    negotiated = [f for f in report.findings if f.type == "locale_negotiated"]
    assert len(negotiated) == 1 and negotiated[0].severity == "warning"
    assert negotiated[0].message.startswith(
        f"3 URLs with no locale in them answer by cookie or Accept-Language (Vary), e.g. "
        f"{base}/, {base}/faq, {base}/guide:")
    # /guide and /faq read without the cookie: English, the source, so never a fake de page.
    assert statuses(report, "de") == {"/a/1": Status.TRANSLATED, "/a/2": Status.TRANSLATED,
                                      "/faq": Status.MISSING, "/guide": Status.MISSING}
    # crawl.cookies: true keeps a jar for sites that need one: the cookie goes back.
    assert "lang=de" in sent_with_jar


def test_every_finding_type_is_explained_in_the_html_report() -> None:
    from locaudit.formats.html import MEANING
    from locaudit.models import FindingType

    assert sorted(t.value for t in FindingType if t.value not in MEANING) == []
