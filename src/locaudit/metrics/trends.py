"""Trend figures from a date-ordered sequence of finished runs (design §6, trends).

Pure functions over `models.Report`s, oldest first, the last being the current run: the
store's history and `locaudit demo` feed them the same way. Each figure, per locale L:

  pace(L)      = least-squares slope of weighted_coverage(L) against time, in fraction per
                 week, over the runs of the last WINDOW_DAYS (the window)
  forecast(L)  = last run + (target - weighted_coverage now) / pace, when pace > 0;
                 "never" at pace <= 0 (the gap then grows by -pace a week), "reached" when
                 the target is met, "unknown" with fewer than two runs in the window
  translated words per week(L) = the source words of articles that became covered in L
                 between two runs of the window, or whose L translation was updated (its
                 date moved forward), over the window's weeks
  source words per week = the words of new source articles and of articles whose source
                 date moved forward, between two runs of the window, over its weeks
  median age(L) = median of (last run's date - translation date) over covered pairs
  median lag(L) = median of (source date - translation date) over stale pairs

Least squares rather than the net change between the window's ends: one odd run (a crawl
that stopped early, a locale briefly redirected) moves one point of eight, not the whole pace.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from statistics import median

from locaudit.models import (
    COVERED,
    Forecast,
    HistoryBlock,
    LocaleTrend,
    Report,
    RunPoint,
    Status,
)
from locaudit.tags import matching_locale

WINDOW_DAYS = 56  # the last 8 weeks set the pace
DEFAULT_TARGET = 0.8  # without a min_coverage gate for the locale
HORIZON_WEEKS = 520  # a target further than 10 years away counts as never at this pace
_EPS = 1e-9


def trends(reports: Sequence[Report], min_coverage: Mapping[str, float] | None = None,
           ) -> HistoryBlock:
    """The history block of the last report of `reports` (oldest first). `min_coverage` is
    the config's `gates.min_coverage` (tags as configured): each locale's target."""
    if not reports:
        raise ValueError("trends need at least one report")
    times = [run_time(r) for r in reports]
    last = reports[-1]
    start = next(i for i, t in enumerate(times) if t >= times[-1] - timedelta(WINDOW_DAYS))
    weeks = (times[-1] - times[start]).total_seconds() / (7 * 86400)
    # A run kept as a summary only (no articles) cannot say what changed: its pairs are left
    # out rather than counting every covered article as new.
    pairs = [(before, after) for before, after in zip(reports[start:-1], reports[start + 1:],
                                                      strict=True)
             if before.articles and after.articles]
    locales = [row.locale for row in last.locales]
    targets = {matching_locale(tag, locales): value
               for tag, value in (min_coverage or {}).items()}
    per_run = [{row.locale: row.weighted_coverage for row in r.locales} for r in reports]
    translated: Counter[str] = Counter()
    for before, after in pairs:
        translated += translated_words(before, after)
    trend_rows = []
    for locale in locales:
        series = tuple(run.get(locale) for run in per_run)
        points = [((t - times[-1]).total_seconds() / (7 * 86400), value)
                  for t, value in zip(times[start:], series[start:], strict=True)
                  if value is not None]
        target = targets.get(locale, DEFAULT_TARGET)
        pace = slope(points)
        outcome, when = forecast(series[-1] or 0.0, target, pace, times[-1])
        trend_rows.append(LocaleTrend(
            locale=locale, weighted_coverage=series, target=target, pace=pace or 0.0,
            forecast=outcome, forecast_date=when, gap_per_week=0.0 - (pace or 0.0),
            translated_words_per_week=translated[locale] / weeks if weeks > 0 else 0.0,
            median_age_days=median_age(last, locale), median_lag_days=median_lag(last, locale)))
    source = sum(source_words(before, after) for before, after in pairs)
    return HistoryBlock(
        runs=tuple(RunPoint(r.generated_at, r.summary.score, r.summary.source_articles)
                   for r in reports),
        window_weeks=weeks, source_words_per_week=source / weeks if weeks > 0 else 0.0,
        locales=tuple(trend_rows))


def run_time(report: Report) -> datetime:
    parsed = datetime.fromisoformat(report.generated_at.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def slope(points: Sequence[tuple[float, float]]) -> float | None:
    """Least-squares slope of (x, y) points; None without two distinct x."""
    if len(points) < 2:
        return None
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    if spread < _EPS:
        return None
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread


def forecast(now: float, target: float, pace: float | None, last: datetime
             ) -> tuple[Forecast, str | None]:
    """("reached" | "on_pace" | "never" | "unknown", the date the target is reached)."""
    if now + _EPS >= target:
        return "reached", None
    if pace is None:
        return "unknown", None
    if pace <= _EPS or (target - now) / pace > HORIZON_WEEKS:
        return "never", None
    days = math.ceil((target - now) / pace * 7 - 1e-6)  # the first day at or past the target
    return "on_pace", (last + timedelta(days=days)).date().isoformat()


def translated_words(before: Report, after: Report) -> Counter[str]:
    """Per locale, the source words of the articles `after` covers there that `before` did
    not, or whose translation `after` dates later (an update)."""
    earlier = {a.key: a.translations for a in before.articles}
    total: Counter[str] = Counter()
    for article in after.articles:
        then_all = earlier.get(article.key, {})
        for locale, now in article.translations.items():
            if now.status not in COVERED:
                continue
            then = then_all.get(locale)
            # Dates are YYYY-MM-DD: as strings they sort as the dates do, and a long history
            # compares millions of them.
            if then is None or then.status not in COVERED or (
                    now.modified and then.modified and now.modified > then.modified):
                total[locale] += article.words
    return total


def source_words(before: Report, after: Report) -> int:
    """Words of the source articles new in `after`, or whose source `after` dates later."""
    earlier = {a.key: a for a in before.articles}
    return sum(a.words for a in after.articles
               if a.key not in earlier or _later(a.modified, earlier[a.key].modified))


def median_age(report: Report, locale: str) -> float | None:
    today = _day(report.generated_at)
    assert today is not None
    ages = [(today - d).days for a in report.articles
            if (t := a.translations.get(locale)) is not None and t.status in COVERED
            and (d := _day(t.modified)) is not None]
    return float(median(ages)) if ages else None


def median_lag(report: Report, locale: str) -> float | None:
    lags = [(s - d).days for a in report.articles
            if (t := a.translations.get(locale)) is not None and t.status is Status.STALE
            and (d := _day(t.modified)) is not None and (s := _day(a.modified)) is not None]
    return float(median(lags)) if lags else None


def _later(now: str | None, then: str | None) -> bool:
    """Whether date `now` (YYYY-MM-DD, which sorts as the dates do) is after `then`."""
    return now is not None and then is not None and now > then


def _day(raw: str | None) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw[:10])
    except ValueError:
        return None


def with_history(report: Report, earlier: Sequence[Report],
                 min_coverage: Mapping[str, float] | None = None) -> Report:
    """`report` carrying the trends of the finished runs `earlier` (oldest first) and itself;
    unchanged without earlier runs."""
    if not earlier:
        return report
    return replace(report, history=trends([*earlier, report], min_coverage))
