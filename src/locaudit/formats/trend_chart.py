"""The HTML report's trend section: a small line chart of the score and of each locale's
weighted coverage over the runs of the history block, with the locale's target, drawn by
templates/_history.html.j2 as inline SVG (no script; it prints and reads at 390 px)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from locaudit.formats.svg import Curve, CurvePoint, nice_step, svg_xy
from locaudit.formats.trend_text import (
    days,
    forecast_text,
    pct,
    points_per_week,
    span_text,
)
from locaudit.models import Report

# Each chart's viewBox (TREND_W x TREND_H) and the plot area inside it: small multiples, two
# or three a row on a page, one a row on a phone.
TREND_W, TREND_H = 320, 160
LEFT, RIGHT, TOP, BOTTOM = 40, 306, 28, 140
TREND_POINTS = 200  # a long daily history is sampled: each chart stays a few kB
MARGIN = 2  # percentage points of air above and below the line


@dataclass(frozen=True)
class TrendChart:
    id: str
    title: str
    caption: str
    curve: Curve
    last: CurvePoint  # the current run, marked
    target: CurvePoint | None  # where the target line runs (y) and its label


@dataclass(frozen=True)
class HistoryView:
    span: str
    source_words_per_week: float
    charts: tuple[TrendChart, ...]
    rows: tuple[tuple[str, ...], ...]  # locale, now, pace, words/week, forecast, age, lag
    box: tuple[int, int, int, int, int, int] = (TREND_W, TREND_H, LEFT, RIGHT, TOP, BOTTOM)


def history_view(report: Report) -> HistoryView | None:
    history = report.history
    if history is None or not history.runs:
        return None
    times = [_time(run.date) for run in history.runs]
    charts = [_chart("trend-score", "Score", times, [r.score for r in history.runs], None,
                     f"{pct(history.runs[0].score)} to {pct(history.runs[-1].score)}: the "
                     "share of customers who find help in their language")]
    rows = []
    for i, trend in enumerate(history.locales):
        now = trend.weighted_coverage[-1]
        caption = (f"{points_per_week(trend.pace)}, {trend.translated_words_per_week:,.0f} "
                   f"words translated a week; {forecast_text(trend)}")
        charts.append(_chart(f"trend-{i}", f"{trend.locale} weighted coverage", times,
                             trend.weighted_coverage, trend.target, caption))
        rows.append((trend.locale, "–" if now is None else pct(now),
                     points_per_week(trend.pace), f"{trend.translated_words_per_week:,.0f}",
                     forecast_text(trend), days(trend.median_age_days),
                     days(trend.median_lag_days)))
    return HistoryView(span_text(history), history.source_words_per_week, tuple(charts),
                       tuple(rows))


def _chart(chart_id: str, title: str, times: Sequence[float],
           values: Sequence[float | None], target: float | None, caption: str) -> TrendChart:
    known = [(t, v) for t, v in zip(times, values, strict=True) if v is not None]
    if len(known) > TREND_POINTS:
        known = [known[round(i * (len(known) - 1) / (TREND_POINTS - 1))]
                 for i in range(TREND_POINTS)]
    first, last = times[0], times[-1]
    low, high, step = _y_range([v for _, v in known] + ([target] if target is not None else []))

    def x(t: float) -> float:
        if last == first:
            return svg_xy((LEFT + RIGHT) / 2)
        return svg_xy(LEFT + (RIGHT - LEFT) * (t - first) / (last - first))

    def y(value: float) -> float:
        return svg_xy(BOTTOM - (BOTTOM - TOP) * (value * 100 - low) / (high - low))

    points = " ".join(f"{x(t)},{y(v)}" for t, v in known)
    y_ticks = tuple(CurvePoint(LEFT, y(p / 100), f"{p}%") for p in range(low, high + 1, step))
    x_ticks = tuple(CurvePoint(x(t), BOTTOM, _date(t)) for t in _tick_times(times))
    end_t, end_v = known[-1]
    now = CurvePoint(x(end_t), y(end_v), pct(end_v), f"{_date(end_t)}: {pct(end_v)}")
    line = None if target is None else CurvePoint(LEFT, y(target), f"target {target * 100:g}%")
    return TrendChart(chart_id, f"{title}: {pct(end_v)}", caption,
                      Curve(points, (), x_ticks, y_ticks, ""), now, line)


def _y_range(values: Sequence[float]) -> tuple[int, int, int]:
    """(low, high, step) in whole percent: round steps around the values and the target,
    with a little air, within 0..100."""
    lowest, highest = min(values) * 100 - MARGIN, max(values) * 100 + MARGIN
    step = nice_step(max(1, math.ceil(highest - lowest)), ticks=4)
    low = max(0, math.floor(lowest / step) * step)
    high = min(100, math.ceil(highest / step) * step)
    if high - low < step:  # a flat line at 0 % or 100 %
        high = min(100, low + step)
        low = max(0, high - step)
    return low, high, step


def _tick_times(times: Sequence[float]) -> list[float]:
    """The first and last run, and the middle one when there are three or more."""
    if times[0] == times[-1]:
        return [times[0]]
    middle = [times[len(times) // 2]] if len(times) >= 3 else []
    return [times[0], *middle, times[-1]]


def _time(date: str) -> float:
    return datetime.fromisoformat(date.replace("Z", "+00:00")).timestamp()


def _date(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, tz=UTC).date().isoformat()
