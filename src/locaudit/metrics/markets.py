"""Language demand from target markets (design §6).

A language market gives its share to that language. A country market splits its share over
the country's languages: its `languages` override, else CLDR territory data (Babel):
official, de facto official and official-regional languages weighted by population percent,
normalised, those under `min_language_share` dropped (and the rest renormalised). Each
(language, country) demand goes to the closest site locale by BCP 47 matching (langcodes
`closest_match` within `max_distance`); demand no site locale serves is unserved.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import langcodes
from babel import Locale
from babel.languages import get_territory_language_info

from locaudit.config import Market
from locaudit.errors import ConfigError
from locaudit.metrics.exports import find_column, read_export
from locaudit.tags import language_of

_OFFICIAL = ("official", "de_facto_official", "official_regional")


@dataclass(frozen=True)
class Demand:
    by_locale: dict[str, float]  # site locale -> demand (sums with unserved to 1)
    unserved: dict[str, float]  # language -> demand no site locale serves
    languages: dict[str, float]  # desired tag (e.g. de-CH) -> demand, before matching


def country_languages(country: str, min_share: float = 0.01) -> dict[str, float]:
    """CLDR languages of a country with their normalised shares, e.g. CH -> de, gsw, fr, it."""
    info = get_territory_language_info(country.upper())
    weights = {
        lang.replace("_", "-"): _percent(data)
        for lang, data in info.items()
        if data.get("official_status") in _OFFICIAL and _percent(data)
    }
    if not weights:  # no official language recorded: the most spoken one
        spoken = {k.replace("_", "-"): _percent(v) for k, v in info.items()}
        if not spoken:
            return {}
        top = max(sorted(spoken), key=lambda k: spoken[k])
        return {top: 1.0}
    total = sum(weights.values())
    kept = {k: v / total for k, v in weights.items() if v / total >= min_share}
    kept_total = sum(kept.values())
    return {k: v / kept_total for k, v in sorted(kept.items(), key=lambda kv: -kv[1])}


def _percent(data: Mapping[str, object]) -> float:
    value = data.get("population_percent")
    return float(value) if isinstance(value, int | float) else 0.0


def desired_languages(markets: Sequence[Market], min_share: float = 0.01) -> dict[str, float]:
    """Demand per desired language tag (with the country as region), shares normalised."""
    total = sum(m.share for m in markets)
    demand: dict[str, float] = defaultdict(float)
    for market in markets:
        share = market.share / total
        if market.language is not None:
            demand[market.language] += share
            continue
        assert market.country is not None
        split = dict(market.languages) if market.languages else \
            country_languages(market.country, min_share)
        split_total = sum(split.values())
        if not split_total:
            raise ConfigError(f"no language data for country {market.country}; give "
                              "its languages: {...}", key="markets")
        for lang, part in split.items():
            demand[_with_region(lang, market.country)] += share * part / split_total
    return dict(demand)


def _with_region(lang: str, country: str) -> str:
    tag = langcodes.Language.get(lang)
    if tag.territory:
        return str(tag.to_tag())
    return str(tag.update_dict({"territory": country.upper()}).to_tag())


def match_demand(desired: Mapping[str, float], site_locales: Iterable[str],
                 max_distance: int = 15) -> Demand:
    supported = sorted(site_locales)
    by_locale: dict[str, float] = defaultdict(float)
    unserved: dict[str, float] = defaultdict(float)
    for tag in sorted(desired):
        share = desired[tag]
        match, _distance = langcodes.closest_match(tag, supported, max_distance=max_distance) \
            if supported else ("und", 1000)
        if match == "und":
            unserved[language_of(tag)] += share
        else:
            by_locale[match] += share
    return Demand(dict(by_locale), dict(unserved), dict(desired))


def markets_from_csv(path: Path) -> tuple[Market, ...]:
    """Market shares from an analytics country export (GA4 'Country' report, or code,share)."""
    names = {name.lower(): code for code, name in Locale("en").territories.items()
             if len(code) == 2}
    export = read_export(path)
    rows = export.rows
    header = [h.strip().lower() for h in rows[0]]
    country_col = find_column(header, ("country", "country id", "country code", "country_code"))
    value_col = find_column(header, ("users", "active users", "total users", "sessions", "views",
                                 "share", "visitors"))
    if country_col is None or value_col is None:
        raise ConfigError(f"found columns {rows[0]}, wanted a Country column and one of "
                          "Users, Active users, Sessions, Views, share", file=str(path))
    totals: dict[str, float] = defaultdict(float)
    for row in rows[1:]:
        if len(row) <= max(country_col, value_col):
            continue
        raw = row[country_col].strip()
        code = raw.upper() if len(raw) == 2 else names.get(raw.lower())
        value = export.count(row[value_col])
        if code and value:
            totals[code] += value
    if not totals:
        raise ConfigError("no country rows with a positive value", file=str(path))
    return tuple(Market(share=v, country=c) for c, v in sorted(totals.items()))
