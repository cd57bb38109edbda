"""Trend figures (metrics/trends.py) on sequences of reports built here, every expected
number worked out by hand in the comments."""

from __future__ import annotations

from collections.abc import Mapping

from locaudit.metrics.trends import trends
from locaudit.models import (
    ArticleRow,
    CrawlStats,
    LocaleRow,
    Report,
    SiteInfo,
    Status,
    Summary,
    ToolInfo,
    Translation,
)

WEEKS = ("2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23")


def run(day: str, coverage: Mapping[str, float], articles: tuple[ArticleRow, ...] = (),
        score: float = 0.5) -> Report:
    """A finished run on `day` whose locales have the given weighted coverage."""
    return Report(
        tool=ToolInfo(version="0.1.0"), generated_at=f"{day}T06:00:00Z",
        site=SiteInfo("Acme", ("https://help.acme.example/hc/en-us",), "en-US"),
        crawl=CrawlStats(pages=10), summary=Summary(len(articles), len(coverage), score, 0.0),
        locales=tuple(LocaleRow(loc, 1 / len(coverage), 0, 0, 0, 0, value, value, value)
                      for loc, value in coverage.items()),
        articles=articles)


def weekly(*coverage: Mapping[str, float]) -> list[Report]:
    """One run a week from 2026-11-02, the n-th with the n-th coverage."""
    return [run(day, values) for day, values in zip(WEEKS, coverage, strict=False)]


def article(key: str, words: int, modified: str, **translations: Translation) -> ArticleRow:
    return ArticleRow(key, f"Article {key}", None, words, 1.0, f"https://x/{key}",
                      dict(translations), modified)


def covered(day: str, status: Status = Status.TRANSLATED) -> Translation:
    return Translation(status, "https://x/de", None, day, 90)


MISSING = Translation(Status.MISSING)


def test_a_steady_pace_reaches_the_target_three_weeks_after_the_last_run() -> None:
    # 50, 55, 60, 65 % a week apart: +5 pt a week; 80 % is 15 pt away: 3 weeks, 21 days
    # after 2026-11-23 is 2026-12-14.
    block = trends(weekly({"de": 0.5}, {"de": 0.55}, {"de": 0.6}, {"de": 0.65}))
    de = block.locales[0]
    assert round(de.pace, 9) == 0.05
    assert (de.forecast, de.forecast_date) == ("on_pace", "2026-12-14")
    assert de.target == 0.8
    assert round(de.gap_per_week, 9) == -0.05
    assert de.weighted_coverage == (0.5, 0.55, 0.6, 0.65)
    assert block.window_weeks == 3.0
    assert [r.date[:10] for r in block.runs] == list(WEEKS)


def test_least_squares_pace_weighs_every_point_of_the_window() -> None:
    # 50, 60, 55, 65 % at weeks -3..0: mean week -1.5, mean 57.5 %;
    # slope = (1.5*7.5 + 0.5*2.5 + 0.5*2.5 + 1.5*7.5) / (2.25+0.25+0.25+2.25) = 20/5 = 4 pt/week
    # (the net change would say 5). 15 pt to go: 3.75 weeks = 26.25 days -> day 27: 2026-12-20.
    block = trends(weekly({"de": 0.5}, {"de": 0.6}, {"de": 0.55}, {"de": 0.65}))
    de = block.locales[0]
    assert round(de.pace, 9) == 0.04
    assert de.forecast_date == "2026-12-20"


def test_runs_older_than_eight_weeks_do_not_set_the_pace() -> None:
    # A run 10 weeks before the last at 90 % would make the pace negative; it is outside the
    # 8-week window, so the pace stays +5 pt a week, and the window spans the 3 weeks.
    old = run("2026-09-14", {"de": 0.9})
    block = trends([old, *weekly({"de": 0.5}, {"de": 0.55}, {"de": 0.6}, {"de": 0.65})])
    assert round(block.locales[0].pace, 9) == 0.05
    assert block.window_weeks == 3.0
    assert block.locales[0].weighted_coverage[0] == 0.9  # the chart still shows it


def test_falling_coverage_is_never_at_this_pace_and_the_gap_grows() -> None:
    # 62, 60, 58 %: -2 pt a week, so the gap to 80 % grows by 2 pt a week.
    block = trends(weekly({"fr": 0.62}, {"fr": 0.6}, {"fr": 0.58}))
    fr = block.locales[0]
    assert (fr.forecast, fr.forecast_date) == ("never", None)
    assert round(fr.gap_per_week, 9) == 0.02
    flat = trends([run(d, {"fr": 0.5}) for d in WEEKS]).locales[0]
    assert (flat.forecast, flat.gap_per_week) == ("never", 0.0)


def test_a_gate_sets_the_target_and_a_met_target_is_reached() -> None:
    # min_coverage de: 0.6 names the site's de-DE; 65 % meets it. ja has no gate: 80 %.
    reports = [run(d, {"de-DE": v, "ja": v})
               for d, v in zip(WEEKS, (0.5, 0.55, 0.6, 0.65), strict=True)]
    de, ja = trends(reports, {"de": 0.6}).locales
    assert (de.locale, de.target, de.forecast, de.forecast_date) == (
        "de-DE", 0.6, "reached", None)
    assert (ja.target, ja.forecast) == (0.8, "on_pace")


def test_one_run_has_no_pace() -> None:
    block = trends([run("2026-11-23", {"de": 0.5})])
    assert (block.locales[0].forecast, block.window_weeks) == ("unknown", 0.0)
    assert block.locales[0].translated_words_per_week == 0.0


def test_a_locale_new_in_the_history_is_none_before_it_existed() -> None:
    reports = [run(WEEKS[0], {"de": 0.5}), run(WEEKS[1], {"de": 0.55, "ja": 0.1}),
               run(WEEKS[2], {"de": 0.6, "ja": 0.2})]
    ja = trends(reports).locales[1]
    assert ja.weighted_coverage == (None, 0.1, 0.2)
    assert round(ja.pace, 9) == 0.1  # from its two runs only


def test_velocity_counts_new_coverage_updates_and_source_changes() -> None:
    # week 1: A (100 words) translated in de, B (200) missing.
    # week 2: B translated (+200 de); C (50 words) is a new source article (+50 source).
    # week 3: A's source changed (now 120 words: +120 source) and its de translation was
    #         updated the same week (+120 de); C translated (+50 de).
    # source: (50 + 120) / 2 weeks = 85 a week; de: (200 + 120 + 50) / 2 = 185; fr: 0.
    a1 = article("A", 100, "2026-10-01", de=covered("2026-10-02"), fr=MISSING)
    b1 = article("B", 200, "2026-10-01", de=MISSING, fr=MISSING)
    b2 = article("B", 200, "2026-10-01", de=covered("2026-11-06"), fr=MISSING)
    c2 = article("C", 50, "2026-11-05", de=MISSING, fr=MISSING)
    a3 = article("A", 120, "2026-11-12", de=covered("2026-11-13"), fr=MISSING)
    c3 = article("C", 50, "2026-11-05", de=covered("2026-11-15"), fr=MISSING)
    cov = {"de": 0.5, "fr": 0.0}
    block = trends([run(WEEKS[0], cov, (a1, b1)), run(WEEKS[1], cov, (a1, b2, c2)),
                    run(WEEKS[2], cov, (a3, b2, c3))])
    assert block.source_words_per_week == 85.0
    de, fr = block.locales
    assert de.translated_words_per_week == 185.0
    assert fr.translated_words_per_week == 0.0
    # Ages on 2026-11-16: A 3 days (11-13), B 10 (11-06), C 1 (11-15): median 3.
    assert de.median_age_days == 3.0
    assert fr.median_age_days is None
    assert de.median_lag_days is None  # nothing stale


def test_median_lag_of_stale_translations() -> None:
    # Stale: A source 2026-10-10, translation 2026-05-10: 21 + 30 + 31 + 31 + 30 + 10 = 153
    # days; B 2026-10-20 vs 2026-10-01: 19 days. Median (153 + 19) / 2 = 86. The up-to-date
    # C is not behind and not counted; its age (2026-11-23 - 2026-11-20 = 3 days) is.
    # Ages: A 197 (2026-05-10 -> 2026-11-23), B 53, C 3: median 53.
    articles = (
        article("A", 10, "2026-10-10", de=covered("2026-05-10", Status.STALE)),
        article("B", 10, "2026-10-20", de=covered("2026-10-01", Status.STALE)),
        article("C", 10, "2026-10-20", de=covered("2026-11-20")),
    )
    de = trends([run("2026-11-23", {"de": 1.0}, articles)]).locales[0]
    assert de.median_lag_days == 86.0
    assert de.median_age_days == 53.0


def test_a_run_without_articles_adds_no_words() -> None:
    # A summary-only run between two full ones: the pairs with it are left out, so C's
    # 50 words would only count if the full runs on either side differed. They do not.
    a = article("A", 100, "2026-10-01", de=covered("2026-10-02"))
    c = article("C", 50, "2026-10-01", de=covered("2026-10-02"))
    block = trends([run(WEEKS[0], {"de": 0.5}, (a, c)), run(WEEKS[1], {"de": 0.5}),
                    run(WEEKS[2], {"de": 0.5}, (a, c))])
    assert block.source_words_per_week == 0.0
    assert block.locales[0].translated_words_per_week == 0.0
