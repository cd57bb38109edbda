"""Language demand from markets. CLDR figures relied on (Babel's territory language data):
  CH: de 76 % official, gsw 66 % de facto official, fr 39 % official, it 15 % official,
      rm 0.5 % official-regional (en 45 % has no official status: not counted)
  US: en 96 % de facto official, es 9.6 % official-regional, haw 0.0089 % official-regional
  DE: de 91 % official, frr 0.012 % official-regional (en 64 %: no official status)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from locaudit.config import Market
from locaudit.metrics.markets import (
    country_languages,
    desired_languages,
    markets_from_csv,
    match_demand,
)


def test_switzerland_from_cldr() -> None:
    shares = country_languages("CH")
    # 76 + 66 + 39 + 15 + 0.5 = 196.5; rm is 0.5/196.5 = 0.25 % < 1 %: dropped, then the
    # rest renormalised over 196.
    assert list(shares) == ["de", "gsw", "fr", "it"]
    assert shares["de"] == pytest.approx(76 / 196)
    assert shares["gsw"] == pytest.approx(66 / 196)
    assert shares["fr"] == pytest.approx(39 / 196)
    assert shares["it"] == pytest.approx(15 / 196)


def test_united_states_from_cldr() -> None:
    shares = country_languages("US")
    assert shares == pytest.approx({"en": 96 / 105.6, "es": 9.6 / 105.6})


def test_markets_normalise_override_and_match_site_locales() -> None:
    markets = [
        Market(share=2, country="US"),  # shares 2 : 1 : 1 -> 0.5, 0.25, 0.25
        Market(share=1, country="CH", languages={"de": 0.6, "fr": 0.4}),
        Market(share=1, language="ja"),
    ]
    desired = desired_languages(markets)
    assert desired == pytest.approx({"en-US": 0.5 * 96 / 105.6, "es-US": 0.5 * 9.6 / 105.6,
                                     "de-CH": 0.15, "fr-CH": 0.10, "ja": 0.25})
    demand = match_demand(desired, ["en-US", "de", "ja"])
    # de-CH goes to de; fr-CH and es-US find no site locale: unserved, by language.
    assert demand.by_locale == pytest.approx({"en-US": 0.5 * 96 / 105.6, "de": 0.15,
                                              "ja": 0.25})
    assert demand.unserved == pytest.approx({"es": 0.5 * 9.6 / 105.6, "fr": 0.10})
    assert sum(demand.by_locale.values()) + sum(demand.unserved.values()) == \
        pytest.approx(1.0)


def test_swiss_german_is_served_by_german() -> None:
    demand = match_demand({"gsw-CH": 0.3, "de-DE": 0.7}, ["de", "fr"])
    assert demand.by_locale == pytest.approx({"de": 1.0})


def test_markets_from_a_ga4_country_export() -> None:
    markets = markets_from_csv(Path(__file__).parent / "data/analytics/countries_ga4.csv")
    # "(not set)" is no country and is left out.
    assert [(m.country, m.share) for m in markets] == [("DE", 20000), ("JP", 15000),
                                                       ("US", 40000)]


def test_markets_command_prints_shares_and_a_config_block_that_loads(tmp_path: Path) -> None:
    from locaudit.config import parse_config
    from tests.test_cli import assert_one_line_error, run_cli

    result = run_cli("markets", "ch", "US")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    # 76/196 = 38.8 %, 66/196 = 33.7 %, 39/196 = 19.9 %, 15/196 = 7.7 %; 96/105.6 = 90.9 %.
    assert lines[0] == "CH: de 38.8%, gsw 33.7%, fr 19.9%, it 7.7%"
    assert lines[1] == "US: en 90.9%, es 9.1%"
    block = result.stdout[result.stdout.index("markets:"):]
    config = parse_config("site:\n  start_urls: [https://help.example.com/]\n" + block)
    assert [m.country for m in config.markets] == ["CH", "US"]
    assert config.markets[0].languages == {"de": 0.388, "gsw": 0.337, "fr": 0.199, "it": 0.077}

    bad = run_cli("markets", "XX")
    assert bad.returncode == 2
    assert_one_line_error(bad, "no CLDR language data for 'XX'")
