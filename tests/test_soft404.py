"""Soft 404s (issue 17): missing translations that answer HTTP 200 with an error page count
as missing, with a `soft_404` finding, by title (German, Japanese), by the crawler's probe
of a made-up URL (an English template under /fr/) and by one template shared by many
articles (/es/). A real page titled "404 Not Found" stays a page."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from locaudit.audit import run_audit
from locaudit.config import parse_config
from locaudit.crawl.probes import probe_urls
from locaudit.demo.server import Resource, SiteServer
from locaudit.locales.soft404 import error_title
from locaudit.models import FindingType, Report, Status
from tests.sites import audited_site, soft404


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SiteServer, Report]]:
    tmp = tmp_path_factory.mktemp("soft404")
    with audited_site(soft404.build_site, Path(tmp), "soft404") as audited:
        yield audited


def test_soft_404s_count_as_missing(audited: tuple[SiteServer, Report]) -> None:
    _, report = audited
    assert report.summary.source_articles == soft404.ARTICLES
    rows = {row.locale: row for row in report.locales}
    assert set(rows) == set(soft404.LOCALES)
    for row in rows.values():
        assert (row.translated, row.missing) == (11, 9), row
        assert row.coverage == pytest.approx(0.55)


def test_each_soft_404_is_a_finding_with_its_evidence(
        audited: tuple[SiteServer, Report]) -> None:
    server, report = audited
    soft = [f for f in report.findings if f.type is FindingType.SOFT_404]
    assert Counter(f.locale for f in soft) == dict.fromkeys(soft404.LOCALES, 9)
    by_locale = {f.locale: f.message for f in soft}
    assert '"Seite nicht gefunden"' in by_locale["de"]
    assert '"ページが見つかりません"' in by_locale["ja"]
    assert f"{server.base_url}/fr/locaudit-probe-" in by_locale["fr"]
    assert "9 pages for 9 different articles" in by_locale["es"]
    assert "Contenido no disponible" in by_locale["es"]


def test_a_real_page_about_404_is_never_a_soft_404(audited: tuple[SiteServer, Report]) -> None:
    _, report = audited
    (reference,) = [a for a in report.articles if a.source_url.endswith(soft404.REFERENCE)]
    assert reference.title == "404 Not Found"
    assert all(t.status is Status.TRANSLATED for t in reference.translations.values())


def test_the_probe_asks_for_one_made_up_url_per_section(
        audited: tuple[SiteServer, Report]) -> None:
    server, report = audited
    probes = [p for p in server.request_log if "locaudit-probe-" in p]
    assert len(probes) == len(set(probes)) <= 24
    assert any(p.startswith("/fr/locaudit-probe-") for p in probes)
    assert [u for _, u in report.crawl.soft_404_templates if "/fr/" in u]


@pytest.mark.parametrize(("title", "message"), [
    ("Seite nicht gefunden", "seite nicht gefunden"),
    ("404 - Page not found | Acme Help", "404"),
    ("Page introuvable – Acme", "page introuvable"),
    ("Página no encontrada", "página no encontrada"),
    ("页面未找到", "页面未找到"),
    ("ページが見つかりません", "ページが見つかりません"),
    ("Error 404", "error 404"),
    ("Reset your password", None),
    ("Custom 404 pages in your theme", None),
    ("Error", None),
    ("Finding pages not found by search", None),
])
def test_error_titles_in_any_language(title: str, message: str | None) -> None:
    assert error_title(title) == message


def test_probes_cover_each_locale_prefix_and_stay_the_same() -> None:
    seen = [f"https://h/hc/{loc}/articles/{i}-x" for loc in ("de", "fr") for i in range(3)]
    seen += ["https://h/s/article/A?language=ja", "https://h/s/article/B?language=ja"]
    probes = probe_urls(seen)
    assert probes == probe_urls(reversed(seen))  # deterministic: reproducible reports
    paths = {p.split("locaudit-probe-")[0].removeprefix("https://h") for p in probes}
    assert {"/", "/hc/", "/hc/de/", "/hc/fr/", "/s/article/"} <= paths
    assert any(p.endswith("?language=ja") for p in probes)
    assert len(probe_urls([f"https://h/{i}/{j}/x" for i in range(50) for j in range(2)])) == 24


def _duplicate_stubs_site(base: str) -> dict[str, Resource]:
    """Three English articles with their own text, and for each a German page that is the
    same short stub ("Kontakt"), under ID-only URLs; every pair linked by hreflang both
    ways, as the site pairs real translations."""
    english = {101: ("Contact billing", "Write to the billing team about invoices, refunds "
                     "and payment methods; they answer within a day."),
               102: ("Contact sales", "Ask the sales team about plans, seats and volume "
                     "discounts for your company before you buy."),
               103: ("Contact support", "Open a ticket with support when something does not "
                     "work as expected, and attach screenshots.")}
    stub = ("Kontakt", "Schreiben Sie uns über das Formular eine Nachricht. Wir antworten "
                       "innerhalb eines Arbeitstages auf jede Anfrage, auch am Wochenende.")

    def page(lang: str, key: int, title: str, text: str) -> Resource:
        alternates = "".join(f'<link rel="alternate" hreflang="{other}" '
                             f'href="{base}/{other}/help/{key}">' for other in ("en", "de"))
        return Resource(f'<!doctype html><html lang="{lang}"><head><title>{title}</title>'
                        f"{alternates}</head><body><main><h1>{title}</h1><p>{text}</p>"
                        "</main></body></html>")

    site = {
        "/en/": Resource('<!doctype html><html lang="en"><body><main>' + "".join(
            f'<a href="/en/help/{key}">{title}</a>' for key, (title, _) in english.items())
            + "</main></body></html>")}
    for key, (title, text) in english.items():
        site[f"/en/help/{key}"] = page("en", key, title, text)
        site[f"/de/help/{key}"] = page("de", key, *stub)
    return site


def test_duplicate_stubs_the_site_pairs_by_hreflang_are_not_a_soft_404_template(
        tmp_path: Path) -> None:
    # Same title and text on 3 articles' German pages, no title word in their URLs: the
    # shared-template signal alone would call them one error template. The site's own
    # two-way hreflang says they are those articles' translations.
    with SiteServer(_duplicate_stubs_site) as server:
        config = parse_config(f"site:\n  start_urls: ['{server.base_url}/en/']\n"
                              "crawl:\n  rate_limit: 0\n  store: store/\n",
                              filename="stubs.yaml", base_dir=tmp_path)
        report = run_audit(config)
    (de,) = report.locales
    assert (de.locale, de.translated, de.missing) == ("de", 3, 0)
    assert not [f for f in report.findings if f.type is FindingType.SOFT_404]
