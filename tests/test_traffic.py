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
