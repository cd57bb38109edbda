"""The numbers of design §6, worked by hand, and their invariants (hypothesis)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from locaudit.demo import texts
from locaudit.demo.helpcenter import article_path
from locaudit.demo.server import SiteServer
from locaudit.locales.align import Unit
from locaudit.locales.status import Statuses
from locaudit.metrics.coverage import Costing, compute_numbers
from locaudit.models import Status, Translation
from tests.sites.zendesk import ZENDESK
from tests.test_audit_sites import audit_json

ID = 360001000


def path(index: int, locale: str) -> str:
    return article_path(ZENDESK, locale, index)


def test_worked_example_traffic_and_markets(zendesk_site: SiteServer, tmp_path: Path) -> None:
    """The README's worked example. Fixture: de has articles 0-8, fr 0-5, ja 0-3 (4 is
    English under /hc/ja/), the de URL of article 10 redirects to English.

    Page views (traffic.csv):           w(a), every locale summed
      a0: en 5000 + de 1000             6000
      a1: en 2000                       2000
      a4: en 500 + ja 500               1000
      a6: en 3000                       3000
      a9: en 4000                       4000
      a10: de URL 1000 -> redirects to en  1000
      others 0                          sum w = 17000
    plus a row for a deleted article (unmatched: reported).

    Markets: DE 0.3 -> de; ja 0.2 -> ja; US 0.5 -> en 96/105.6 (source), es 9.6/105.6
    (no es locale: unserved 0.5 * 0.0909 = 0.045455). fr gets no demand.
      weighted_coverage: de (a0,a1,a4,a6) 12000/17000; ja (a0,a1) 8000/17000; fr 9000/17000
      score = 0.454545 + 0.3 * 12/17 + 0.2 * 8/17 = 0.760428
    Backlog gains, demand(L) * w(a) / 17000:
      de a9 0.070588 > ja a9 0.047059 > ja a6 0.035294 > de a10 0.017647
      > ja a4 0.011765 = ja a10 0.011765 (tie: article key) > the zero-gain rest
    """
    base = zendesk_site.base_url
    (tmp_path / "traffic.csv").write_text("\n".join([
        "url,views",
        f"{path(0, 'en-us')},5000", f"{base}{path(0, 'de')},1000",
        f"{path(1, 'en-us')}?utm_source=mail,2000",
        f"{path(4, 'en-us')},500", f"{path(4, 'ja')},500",
        f"{path(6, 'en-us')},3000", f"{path(9, 'en-us')},4000",
        f"{path(10, 'de')},1000",
        "/hc/en-us/articles/360009999-deleted-article,700",
    ]) + "\n", encoding="utf-8")
    extra = ("markets:\n  - {country: DE, share: 0.3}\n  - {language: ja, share: 0.2}\n"
             "  - {country: US, share: 0.5}\ntraffic: traffic.csv\n"
             "translation_cost: {per_word: 0.12, currency: USD}\n")
    report = audit_json(tmp_path, f"{base}/hc/en-us", extra)
    assert report["summary"]["score"] == pytest.approx(0.454545 + 0.3 * 12 / 17 + 0.2 * 8 / 17,
                                                       abs=1e-6)
    assert report["summary"]["score"] == 0.760428
    assert report["summary"]["unserved_demand"] == pytest.approx(0.045455, abs=1e-6)
    assert report["unserved"] == [{"language": "es", "demand": 0.045455}]
    rows = {r["locale"]: r for r in report["locales"]}
    assert rows["de"]["demand"] == 0.3 and rows["ja"]["demand"] == 0.2
    assert rows["fr"]["demand"] == 0.0
    assert rows["de"]["weighted_coverage"] == round(12 / 17, 6)
    assert rows["ja"]["weighted_coverage"] == round(8 / 17, 6)
    assert rows["fr"]["weighted_coverage"] == round(9 / 17, 6)
    assert rows["de"]["coverage"] == 0.75  # unweighted: 9 of 12
    top = [(b["article"], b["locale"], b["gain"], b["cumulative_score"])
           for b in report["backlog"][:6]]
    assert top == [
        (str(ID + 9), "de", 0.070588, 0.831016),
        (str(ID + 9), "ja", 0.047059, 0.878075),
        (str(ID + 6), "ja", 0.035294, 0.913369),
        (str(ID + 10), "de", 0.017647, 0.931016),
        (str(ID + 4), "ja", 0.011765, 0.942781),
        (str(ID + 10), "ja", 0.011765, 0.954545),  # = 1 - unserved: all served demand
    ]
    words = {a["key"]: a["words"] for a in report["articles"]}
    first = report["backlog"][0]
    assert first["words"] == words[str(ID + 9)] > 50
    assert first["cost"] == round(words[str(ID + 9)] * 0.12, 2)
    traffic: dict[str, Any] = report["traffic"]
    assert (traffic["rows"], traffic["matched"], traffic["unmatched"]) == (9, 8, 1)
    assert traffic["unmatched_examples"] == ["/hc/en-us/articles/360009999-deleted-article"]
    assert any("1 of 9 traffic rows matched no crawled page" in n for n in report["notes"])
    assert texts.title(9, "en") in {a["title"] for a in report["articles"]}


# --------------------------------------------------------------------------- properties


def make_statuses(table: list[list[Status]]) -> Statuses:
    """Articles a0..aN (rows) x locales l0..lM (columns)."""
    locales = tuple(f"l{j}" for j in range(len(table[0])))
    articles = tuple(Unit(key=f"a{i}") for i in range(len(table)))
    pairs = {(f"a{i}", locales[j]): Translation(status)
             for i, row in enumerate(table) for j, status in enumerate(row)}
    return Statuses("src", locales, articles, pairs, ())


def numbers_for(table: list[list[Status]], weights: list[float], demand: list[float]
                ) -> Any:
    statuses = make_statuses(table)
    keys = [u.key for u in statuses.articles]
    total = sum(demand) or 1.0
    return compute_numbers(
        statuses, dict(zip(keys, weights, strict=True)),
        {loc: d / total for loc, d in zip(statuses.targets, demand, strict=True)},
        dict.fromkeys(keys, 100), {k: None for k in keys}, Costing(0.1))


tables = st.integers(1, 6).flatmap(lambda n: st.integers(1, 4).flatmap(
    lambda m: st.tuples(
        st.lists(st.lists(st.sampled_from(list(Status)), min_size=m, max_size=m),
                 min_size=n, max_size=n),
        st.lists(st.floats(0.5, 1000), min_size=n, max_size=n),
        st.lists(st.floats(0.01, 1), min_size=m, max_size=m))))


@settings(max_examples=150, deadline=None)
@given(tables)
def test_score_is_a_fraction(case: Any) -> None:
    table, weights, demand = case
    score = numbers_for(table, weights, demand).score
    assert -1e-9 <= score <= 1 + 1e-9


@settings(max_examples=150, deadline=None)
@given(tables)
def test_translating_a_backlog_item_adds_exactly_its_gain(case: Any) -> None:
    table, weights, demand = case
    before = numbers_for(table, weights, demand)
    if not before.backlog:
        return
    item = before.backlog[0]
    i, j = int(item.article[1:]), int(item.locale[1:])
    table[i][j] = Status.TRANSLATED
    after = numbers_for(table, weights, demand)
    assert after.score == pytest.approx(before.score + item.gain, abs=1e-9)
    assert before.backlog[0].cumulative_score == pytest.approx(after.score, abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(tables, st.floats(0.001, 1000))
def test_scaling_weights_changes_nothing(case: Any, factor: float) -> None:
    table, weights, demand = case
    base = numbers_for(table, weights, demand)
    scaled = numbers_for(table, [w * factor for w in weights], demand)
    assert scaled.score == pytest.approx(base.score, abs=1e-9)
    for a, b in zip(base.locales, scaled.locales, strict=True):
        assert b.weighted_coverage == pytest.approx(a.weighted_coverage, abs=1e-9)
    assert [b.gain for b in scaled.backlog] == pytest.approx([b.gain for b in base.backlog],
                                                             abs=1e-9)


@settings(max_examples=150, deadline=None)
@given(tables)
def test_a_plan_is_the_shortest_backlog_head_closing_80_percent_of_the_gap(case: Any) -> None:
    table, weights, demand = case
    numbers = numbers_for(table, weights, demand)
    total = sum(weights)
    for row in numbers.locales:
        plan = next((p for p in numbers.plans if p.locale == row.locale), None)
        items = [b for b in numbers.backlog if b.locale == row.locale]
        if not items:
            assert plan is None
            continue
        assert plan is not None
        gap = 1 - row.weighted_coverage
        closed = [weights[int(b.article[1:])] / total for b in items[:plan.articles]]
        assert sum(closed) >= 0.8 * gap - 1e-9  # enough ...
        assert sum(closed[:-1]) < 0.8 * gap - 1e-12 or plan.articles == 1  # ... and no more
        assert plan.weighted_coverage_after == pytest.approx(row.weighted_coverage
                                                             + sum(closed))
        assert plan.words == 100 * plan.articles
