"""How every format shows an estimate's 95% interval: "76.7% ± 4" (design §8).

The ± is the larger distance from the estimate to its interval's ends, in percentage
points (Wilson intervals are not symmetric: the larger side, so the ± never understates).
"""

from __future__ import annotations

from locaudit.models import Interval


def plus_minus(value: float, ci95: Interval) -> str:
    """" ± 4" (points) for an estimate; "" for a counted number (no interval)."""
    if ci95 is None:
        return ""
    half = max(value - ci95[0], ci95[1] - value, 0.0) * 100
    return f" ± {half:.0f}" if half >= 0.95 else f" ± {half:.1f}"


def estimate_line(report_estimate: bool, articles: int, inventory: int) -> str:
    """The sentence that says the numbers are estimates, for the formats' headers."""
    if not report_estimate:
        return ""
    return (f"Estimate from a random sample of {articles:,} of {inventory:,} articles "
            "(± is the 95% interval, in points)")
