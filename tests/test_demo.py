"""`locaudit demo`: the README's worked example. Every number below is worked out by hand
from how the demo was built (demo/helpcenter.py `_demo_states`, demo/data/traffic.csv,
demo/data/acme.yaml), not read off the code.

Statuses (helpcenter.DEMO_TRUTH): de covers articles 0-29 (3 and 17 stale; 35 redirects to
English = missing); fr 0-19 except 5 (English text; 12 stale); es 0-15 except 7 (fallback
banner); ja 0-11 except 2 and 9 (English text); pt-BR 0-5.

Traffic (GA4 export, English pages): 3000 views when i % 10 == 0 (0, 10, 20, 30), 1000 when
i % 10 is 3 or 7 (8 articles), 100 for the other 28; plus de 600 and ja 400 on article 0.
  w(0) = 4000, sum w = 4 * 3000 + 8 * 1000 + 28 * 100 + 1000 = 23800
  covered weight: de 0-29: 10000 (0, 10, 20) + 6000 (3, 7, 13, 17, 23, 27) + 21 * 100 = 18100
                  fr: 7000 + 4000 (3, 7, 13, 17) + 13 * 100 (14 others minus 5)  = 12300
                  es: 7000 + 2000 (3, 13; 7 is untranslated) + 11 * 100            = 10100
                  ja: 7000 + 2000 (3, 7) + 6 * 100 (8 others minus 2, 9)           =  9600
                  pt-BR 0-5: 4000 + 1000 (3) + 4 * 100                             =  5400
  fresh (stale removed): de 18100 - 1000 (3) - 1000 (17) = 16100; fr 12300 - 100 (12)

Markets (shares sum to 1). CLDR figures relied on (Babel's territory data): US English 96 %,
Spanish 9.6 % of the population (normalised: 96/105.6, 9.6/105.6); DE, FR, JP, BR, MX one
language above 1 % each (de, fr, ja, pt, es).
  en (source) = 0.40 * 96/105.6                 = 0.363636
  de = 0.15 + CH 0.05 * 0.65                    = 0.1825
  fr = 0.10 + CH 0.05 * 0.25                    = 0.1125
  es = 0.40 * 9.6/105.6 + MX 0.05               = 0.086364
  ja = 0.10, pt-BR (pt -> pt-BR) = 0.10
  unserved: pl 0.05, it (CH 0.05 * 0.10) 0.005  = 0.055
  score = 0.363636 + 0.1825 * 18100/23800 + 0.1125 * 12300/23800 + 0.086364 * 10100/23800
          + 0.1 * 9600/23800 + 0.1 * 5400/23800 = 0.660244
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.test_cli import run_cli

W = 23800
EN = 0.40 * 96 / 105.6
DEMAND = {"de": 0.15 + 0.05 * 0.65, "fr": 0.10 + 0.05 * 0.25, "es": 0.40 * 9.6 / 105.6 + 0.05,
          "ja": 0.10, "pt-BR": 0.10}
COVERED = {"de": 18100, "fr": 12300, "es": 10100, "ja": 9600, "pt-BR": 5400}
FRESH = {"de": 16100, "fr": 12200, "es": 10100, "ja": 9600, "pt-BR": 5400}
SCORE = EN + sum(DEMAND[loc] * COVERED[loc] / W for loc in DEMAND)


@pytest.fixture(scope="module")
def demo_report() -> dict[str, Any]:
    result = run_cli("demo", "--format", "json")
    assert result.returncode == 0, result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def test_score_demand_and_unserved_languages(demo_report: dict[str, Any]) -> None:
    assert round(SCORE, 6) == 0.660244
    assert demo_report["summary"]["score"] == 0.660244
    assert demo_report["unserved"] == [{"language": "pl", "demand": 0.05},
                                       {"language": "it", "demand": 0.005}]
    rows = {r["locale"]: r for r in demo_report["locales"]}
    for locale, demand in DEMAND.items():
        assert rows[locale]["demand"] == round(demand, 6)
        assert rows[locale]["weighted_coverage"] == round(COVERED[locale] / W, 6)
        assert rows[locale]["fresh_coverage"] == round(FRESH[locale] / W, 6)
    assert rows["de"]["coverage"] == 0.75 and rows["pt-BR"]["coverage"] == 0.15


def test_backlog_ranks_popular_articles_in_big_markets_first(demo_report: dict[str, Any]
                                                             ) -> None:
    # gain = demand(L) * w(a) / 23800. de misses 30 (3000 views): 0.1825 * 3000/23800.
    # Next fr 20 and 30 (0.1125 * 3000), then ja and pt-BR 10/20/30 (0.1 * 3000; pt-BR 10
    # and ja/pt-BR 20, 30 by article key, then locale), then es 20, 30.
    top = [(b["article"], b["locale"], b["gain"]) for b in demo_report["backlog"][:10]]
    de, fr, other, es = (round(DEMAND[loc] * 3000 / W, 6) for loc in ("de", "fr", "ja", "es"))
    assert top == [
        ("360001030", "de", de),
        ("360001020", "fr", fr), ("360001030", "fr", fr),
        ("360001010", "pt-BR", other), ("360001020", "ja", other),
        ("360001020", "pt-BR", other), ("360001030", "ja", other),
        ("360001030", "pt-BR", other),
        ("360001020", "es", es), ("360001030", "es", es),
    ]
    first = demo_report["backlog"][0]
    assert first["cumulative_score"] == round(SCORE + DEMAND["de"] * 3000 / W, 6)
    words = {a["key"]: a["words"] for a in demo_report["articles"]}
    assert first["cost"] == round(words["360001030"] * 0.12, 2)
    ja = next(b for b in demo_report["backlog"] if b["locale"] == "ja")
    assert ja["cost"] == round(words[ja["article"]] * 0.18, 2)  # per_locale rate for ja


def test_traffic_rows_are_matched_and_the_unmatched_one_reported(demo_report: dict[str, Any]
                                                                 ) -> None:
    traffic = demo_report["traffic"]
    # 40 English articles + de + ja + the home page match; the search page is not crawled.
    assert (traffic["rows"], traffic["matched"], traffic["unmatched"]) == (44, 43, 1)
    assert traffic["unmatched_examples"] == ["/hc/en-us/search?query=refund"]
    weights = {a["key"]: a["weight"] for a in demo_report["articles"]}
    assert weights["360001000"] == 4000 and weights["360001003"] == 1000
    assert sum(weights.values()) == W


def test_demo_table_fits_100_columns_and_shows_the_headline() -> None:
    result = run_cli("demo")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Acme Help Center (demo)" in out
    assert "Score: 66.0% of customers find help in their language" in out
    assert "Unserved demand: pl 5.0%, it 0.5%" in out
    line = next(line for line in out.splitlines() if line.startswith("│ de "))
    assert [c.strip() for c in line.split("│")[1:-1]][:9] == [
        "de", "18.2%", "28", "2", "0", "10", "75.0%", "76.1%", "67.6%"]
    assert max(len(line) for line in out.splitlines()) <= 100


def test_plan_names_the_few_articles_that_close_most_of_a_locale_gap() -> None:
    from locaudit.demo.run import run_demo

    plans = {p.locale: p for p in run_demo().plans}
    # de misses 30-39 (35 redirects): weight 3000 + 1000 (33) + 1000 (37) + 7 * 100 = 5700.
    # 80 % of it is 4560: articles 30, 33 and 37 (5000) are the fewest that reach it.
    de = plans["de"]
    assert (de.articles, de.weighted_coverage_after) == (3, pytest.approx(23100 / W))
    assert de.score_gain == pytest.approx(DEMAND["de"] * 5000 / W)
    # pt-BR misses 6-39: 23800 - 5400 = 18400 of weight; 80 % = 14720: 10, 20, 30 (9000)
    # then 1000-view articles by key 7, 13, 17, 23, 27, 33 (15000 in all) = 9 articles.
    assert plans["pt-BR"].articles == 9
    assert plans["pt-BR"].weighted_coverage_after == pytest.approx((5400 + 15000) / W)
