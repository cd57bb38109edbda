"""How every format shows an estimate's 95% interval: "76.7% ± 4" (design §8).

The ± is half the interval's width, in percentage points: the margin of error as polls
state it. Wilson intervals are not symmetric around the estimate (near 100% they reach
further down than up); the exact ends are in the JSON and CSV, and gates judge the exact
lower end.
"""

from __future__ import annotations

from locaudit.models import Interval


def plus_minus(value: float, ci95: Interval) -> str:  # value: for the filters' shape
    """" ± 4" (points) for an estimate; "" for a counted number (no interval)."""
    if ci95 is None:
        return ""
    half = (ci95[1] - ci95[0]) / 2 * 100
    return f" ± {half:.0f}" if half >= 0.95 else f" ± {half:.1f}"


def estimate_line(report_estimate: bool, articles: int, inventory: int) -> str:
    """The sentence that says the numbers are estimates, for the formats' headers."""
    if not report_estimate:
        return ""
    return (f"Estimate from a random sample of {articles:,} of {inventory:,} articles "
            "(± is the 95% interval, in points)")
