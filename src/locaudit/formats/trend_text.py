"""The history block in words, shared by the table, Markdown and HTML: sparklines, the pace
and the forecast of each locale (design §6, trends)."""

from __future__ import annotations

from collections.abc import Sequence

from locaudit.models import HistoryBlock, LocaleTrend

BLOCKS = "▁▂▃▄▅▆▇█"
SPARK_POINTS = 24  # a long history is sampled evenly: the line stays one short line
MIN_SPAN = 0.05  # 5 pt: a change smaller than this never fills the whole height


def sparkline(values: Sequence[float | None], points: int = SPARK_POINTS) -> str:
    """One block character per run (at most `points`, sampled evenly), scaled from the
    lowest value to the highest, or over 5 pt when they are closer: a flat line stays low."""
    known = [v for v in values if v is not None]
    if not known:
        return ""
    if len(known) > points:
        known = [known[round(i * (len(known) - 1) / (points - 1))] for i in range(points)]
    low = min(known)
    span = max(max(known) - low, MIN_SPAN)
    return "".join(BLOCKS[min(7, round((v - low) / span * 7))] for v in known)


def pct(value: float) -> str:
    return f"{value * 100:.1f}%"


def points_per_week(value: float) -> str:
    """A change of a fraction per week, in percentage points: "+0.4 pt/week"."""
    return f"{round(value * 100, 1) + 0.0:+.1f} pt/week"  # + 0.0: never "-0.0"


def forecast_text(trend: LocaleTrend) -> str:
    target = f"{trend.target * 100:g}%"
    if trend.forecast == "reached":
        return f"at or above {target}"
    if trend.forecast == "on_pace":
        return f"{target} on {trend.forecast_date}"
    if trend.forecast == "never":
        return f"never at this pace (gap {points_per_week(trend.gap_per_week)})"
    return "not enough history"


def span_text(history: HistoryBlock) -> str:
    """"13 runs, 2026-09-07 to 2026-11-30; pace over the last 8.0 weeks"."""
    runs = history.runs
    return (f"{len(runs)} run{'s' if len(runs) != 1 else ''}, {runs[0].date[:10]} to "
            f"{runs[-1].date[:10]}; pace over the last {history.window_weeks:.1f} weeks")


def days(value: float | None) -> str:
    return "–" if value is None else f"{value:g} d"

