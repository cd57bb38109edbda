"""A gate's actual value and threshold as a person reads them (Markdown and the step
summary, the table, HTML, JUnit): fractions as percentages (`79.6%` vs `60.0%`), a drop in
points (`5.4 pt`), counts as counts. JSON keeps the raw numbers."""

from __future__ import annotations

from locaudit.models import GateResult


def gate_values(gate: GateResult) -> tuple[str, str]:
    """(actual, threshold) of a gate, by its kind (its name)."""
    name = gate.name
    if name.startswith(("min_score", "min_coverage[")):
        return _pct(gate.actual), _pct(gate.threshold)
    if name.startswith("max_drop["):
        return _points(gate.actual), _points(gate.threshold)
    if name == "crawl_complete":
        return _yes_no(gate.actual), _yes_no(gate.threshold)
    return _plain(gate.actual), _plain(gate.threshold)


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _pct(value: object) -> str:
    return f"{float(value) * 100:.1f}%" if _number(value) else _plain(value)  # type: ignore[arg-type]


def _points(value: object) -> str:
    if not _number(value):
        return _plain(value)
    points = float(value) * 100  # type: ignore[arg-type]
    return f"{points:.1f} pt" if points > -0.05 else f"0.0 pt (rose {-points:.1f} pt)"


def _yes_no(value: object) -> str:
    return ("complete" if value else "incomplete") if isinstance(value, bool) else _plain(value)


def _plain(value: object) -> str:
    return "–" if value is None else str(value)
