"""What the HTML report's line charts share: points in a viewBox, rounded coordinates and
round axis steps. The effort curve (html.py) and the trend charts (trend_chart.py) use them;
the templates draw them as inline SVG.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CurvePoint:
    x: float  # SVG coordinates in the curve's viewBox
    y: float
    label: str = ""
    detail: str = ""


@dataclass(frozen=True)
class Curve:
    points: str  # the polyline's "x,y x,y ..." in viewBox coordinates
    marks: tuple[CurvePoint, ...]  # the milestones
    x_ticks: tuple[CurvePoint, ...]
    y_ticks: tuple[CurvePoint, ...]
    x_label: str


def svg_xy(value: float) -> float:
    """SVG coordinates rounded so the same report renders the same bytes."""
    return round(value, 1)


def nice_step(total: int, ticks: int = 5) -> int:
    """A round axis step (1, 2 or 5 times a power of ten) giving at most `ticks` steps."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            if total <= factor * magnitude * ticks:
                return factor * magnitude
        magnitude *= 10
