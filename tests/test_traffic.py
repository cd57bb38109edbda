"""Traffic exports as users download them, and how rows match crawled pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from locaudit.errors import ConfigError
from locaudit.metrics.traffic import TrafficRow, article_weights, page_views, read_traffic
from locaudit.models import Page

DATA = Path(__file__).parent / "data" / "analytics"


def rows(name: str) -> list[tuple[str, float]]:
    return [(r.target, r.views) for r in read_traffic(DATA / name)]


def test_ga4_pages_export_skips_comment_lines_and_reads_thousands() -> None:
    assert rows("ga4.csv") == [
        ("/hc/en-us/articles/360001000-reset-your-password", 5310),
        ("/hc/de/articles/360001000-passwort-zurucksetzen", 1200),
        ("/hc/en-us/articles/360001001-update-billing-details", 740),
        ("/hc/en-us", 12004),
    ]


def test_ga4_page_location_export_has_full_urls() -> None:
    assert [v for _, v in rows("ga4_location.csv")] == [310, 5000, 90]


def test_universal_analytics_skips_the_total_row() -> None:
    assert rows("ua.csv") == [("/hc/en-us/articles/360001000-reset-your-password", 2500),
                              ("/hc/ja/articles/360001000", 800)]


def test_matomo_takes_pageviews_not_unique_pageviews() -> None:
    assert [v for _, v in rows("matomo.csv")] == [420, 85]


def test_plausible_takes_pageviews() -> None:
    assert [v for _, v in rows("plausible.csv")] == [1422, 51]


def test_plain_url_views() -> None:
    assert [v for _, v in rows("plain.csv")] == [100, 20]


def test_wrong_file_names_found_and_wanted_columns() -> None:
    with pytest.raises(ConfigError) as raised:
        read_traffic(DATA / "wrong.csv")
    message = str(raised.value)
    assert "wrong.csv" in message and "['date', 'country', 'revenue']" in message
    assert "Views" in message and "\n" not in message


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        read_traffic(tmp_path / "nope.csv")


HOST = "help.acme.example"
EN = f"https://{HOST}/hc/en-us/articles/360001000-reset-your-password"
FR = f"https://{HOST}/hc/fr/articles/360001000-reinitialiser"


def test_matching_normalises_and_follows_redirects() -> None:
    pages = [
        Page(url=EN, requested_url=EN, status=200, is_html=True),
        Page(url=FR, requested_url=FR, status=200, is_html=True),
        # The old URL redirects to the English article: its views count there.
        Page(url=EN, requested_url=f"https://{HOST}/hc/articles/360001000", status=200,
             is_html=True),
    ]
    traffic = [
        TrafficRow(EN + "?utm_source=newsletter", 310),  # tracking parameter stripped
        TrafficRow("/hc/en-us/articles/360001000-reset-your-password", 5000),
        TrafficRow(FR + "#top", 90),  # fragment dropped
        TrafficRow("/hc/articles/360001000", 100),  # redirects to EN
        TrafficRow("https://other.example/hc/en-us/articles/360001000-x", 7),  # other host
        TrafficRow("/hc/en-us/articles/999-gone", 40),
    ]
    views, summary = page_views(traffic, pages, {HOST})
    assert views == {EN: 310 + 5000 + 100, FR: 90}
    assert (summary.rows, summary.matched, summary.unmatched) == (6, 4, 2)
    assert summary.unmatched_views == 47
    assert summary.unmatched_examples == ("/hc/en-us/articles/999-gone",
                                          "https://other.example/hc/en-us/articles/360001000-x")


def test_weights_sum_every_locale_and_fall_back_when_all_zero() -> None:
    weights, fell_back = article_weights({EN: 5410, FR: 90}, {"a": [EN, FR], "b": ["x"]})
    assert (weights, fell_back) == ({"a": 5500, "b": 0}, False)
    weights, fell_back = article_weights({}, {"a": [EN], "b": ["x"]})
    assert (weights, fell_back) == ({"a": 1.0, "b": 1.0}, True)


def test_a_semicolon_export_with_decimal_commas_is_read(tmp_path: Path) -> None:
    # A GA4 export saved by a German spreadsheet: `;` between columns, `.` or a space between
    # thousands, `,` before decimals; the comment lines on top stay comments.
    path = tmp_path / "ga4_de.csv"
    path.write_text("# Seiten und Bildschirme\n# Startdatum: 20261001\n"
                    "Page path;Views;Aktive Nutzer\n"
                    "/hc/en-us/articles/1-a;1.234;900\n"
                    "/hc/en-us/articles/2-b;\"2 500\";10\n"
                    "/hc/en-us/articles/3-c;5.310,0;1\n"
                    "/hc/en-us/articles/4-d;12,5;1\n"
                    "/hc/en-us/articles/5-e;740;1\n"
                    "/hc/en-us/articles/6-f;1234.0;1\n", encoding="utf-8")
    assert [(r.target, r.views) for r in read_traffic(path)] == [
        ("/hc/en-us/articles/1-a", 1234), ("/hc/en-us/articles/2-b", 2500),
        ("/hc/en-us/articles/3-c", 5310), ("/hc/en-us/articles/4-d", 12.5),
        ("/hc/en-us/articles/5-e", 740), ("/hc/en-us/articles/6-f", 1234)]


def test_a_tab_separated_export_is_read(tmp_path: Path) -> None:
    path = tmp_path / "matomo.tsv"
    path.write_text("label\tnb_visits\tnb_hits\n/hc/de/articles/1\t3\t\"1,420\"\n"
                    "/hc/de/articles/2\t1\t85\n", encoding="utf-8")
    assert [(r.target, r.views) for r in read_traffic(path)] == [
        ("/hc/de/articles/1", 1420), ("/hc/de/articles/2", 85)]


def test_a_semicolon_country_export_gives_markets(tmp_path: Path) -> None:
    from locaudit.metrics.markets import markets_from_csv

    path = tmp_path / "countries.csv"
    path.write_text("Country;Active users\nGermany;3.000\nFrance;1.000\n", encoding="utf-8")
    assert [(m.country, m.share) for m in markets_from_csv(path)] == [("DE", 3000), ("FR", 1000)]
