"""CI gates over a Report (design §2 and §3): pure functions, no I/O.

Each gate is a GateResult; `check` exits 1 when any failed. Coverage gates read the
unweighted `coverage` ("German below 80 % of articles"), the number users state gates in.

An estimate (a sample's report) is refused unless `gates.allow_estimate`; then every gate
judges the pessimistic end of its number's 95% interval: the lower bound of the score and
of each coverage, and for `max_drop` the drop from the baseline to that lower bound.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from locaudit.config import Gates
from locaudit.errors import ConfigError
from locaudit.models import GateResult, Interval, LocaleRow, Report
from locaudit.tags import matching_locale

_EPS = 1e-9  # values are rounded to 6 digits in JSON: compare with a hair of tolerance


def refuse_estimate(report: Report, gates: Gates) -> None:
    """A sample's estimates are gated only when the config says so (exit 2 otherwise)."""
    if report.estimate and not gates.allow_estimate:
        raise ConfigError(
            "this report is an estimate from a sample (source: sample); gates judge counted "
            "numbers unless gates.allow_estimate is true, and then the pessimistic end of "
            "each 95% interval", key="gates.allow_estimate")


def _low(value: float, ci95: Interval) -> float:
    """The pessimistic (lower) end of an estimate; the value itself when counted."""
    return ci95[0] if ci95 is not None else value


def _judged(value: float, ci95: Interval) -> str:
    """How the message names a number an estimate is judged on."""
    if ci95 is None:
        return ""
    return (f" (estimate {value:.1%}, 95% interval {ci95[0]:.1%}-{ci95[1]:.1%}: judged on "
            "its lower bound)")


def _coverage(row: LocaleRow) -> float:
    return _low(row.coverage, row.coverage_ci95)


def evaluate(report: Report, gates: Gates, baseline: Report | None = None
             ) -> tuple[GateResult, ...]:
    refuse_estimate(report, gates)
    results: list[GateResult] = []
    crawl = report.crawl
    results.append(GateResult(
        "crawl_complete", crawl.complete or gates.allow_incomplete, crawl.complete, True,
        "crawl complete" if crawl.complete else
        f"crawl incomplete ({crawl.stop_reason or 'stopped early'}); a partial crawl never "
        "passes unless gates.allow_incomplete is true"))
    summary = report.summary
    score = _low(summary.score, summary.score_ci95)
    if gates.min_score is not None:
        results.append(GateResult(
            "min_score", score + _EPS >= gates.min_score, round(score, 6), gates.min_score,
            f"score {score:.1%}{_judged(summary.score, summary.score_ci95)} vs minimum "
            f"{gates.min_score:.1%}"))
    coverage = {row.locale: _coverage(row) for row in report.locales}
    rows = {row.locale: row for row in report.locales}
    for locale, minimum in sorted(gates.min_coverage.items()):
        match = matching_locale(locale, coverage)
        if match is None:
            results.append(GateResult(f"min_coverage[{locale}]", False, None, minimum,
                                      f"{locale} is not among the report's locales"))
            continue
        actual = coverage[match]
        results.append(GateResult(
            f"min_coverage[{locale}]", actual + _EPS >= minimum, round(actual, 6), minimum,
            f"{locale} coverage {actual:.1%}"
            f"{_judged(rows[match].coverage, rows[match].coverage_ci95)} vs minimum "
            f"{minimum:.1%}", locale=match))
    if gates.max_drop is not None and baseline is not None:
        results += _drops(report, baseline, gates.max_drop)
    found = Counter(f.type.value for f in report.findings)
    for finding_type in gates.fail_on:
        count = found.get(finding_type, 0)
        results.append(GateResult(f"fail_on[{finding_type}]", count == 0, count, 0,
                                  f"{count} {finding_type} finding(s)"))
    return tuple(results)


def _drops(report: Report, baseline: Report, max_drop: float) -> list[GateResult]:
    """The score and every baseline locale. A locale the new report no longer has counts as
    coverage 0: a language that disappears from the site is the largest drop of all."""
    results = []
    pairs = [("score", baseline.summary.score,
              _low(report.summary.score, report.summary.score_ci95))]
    now = {row.locale: _coverage(row) for row in report.locales}
    pairs += [(row.locale, row.coverage, now.get(row.locale, 0.0))
              for row in baseline.locales]
    for name, before, after in pairs:
        drop = before - after
        gone = "" if name == "score" or name in now else " (no longer in the report)"
        if report.estimate:
            gone += " (to the estimate's lower 95% bound)"
        results.append(GateResult(
            f"max_drop[{name}]", drop <= max_drop + _EPS, round(drop, 6), max_drop,
            f"{name} {before:.1%} -> {after:.1%}{gone} (drop {max(drop, 0) * 100:.1f} pt, "
            f"allowed {max_drop * 100:.1f} pt)", locale=None if name == "score" else name))
    return results


def with_gates(report: Report, results: tuple[GateResult, ...]) -> Report:
    return replace(report, gates=results)


def passed(results: tuple[GateResult, ...]) -> bool:
    return all(r.passed for r in results)
