"""CI gates over a Report (design §2 and §3): pure functions, no I/O.

Each gate is a GateResult; `check` exits 1 when any failed. Coverage gates read the
unweighted `coverage` ("German below 80 % of articles"), the number users state gates in.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from locaudit.config import Gates
from locaudit.models import GateResult, Report
from locaudit.tags import matching_locale

_EPS = 1e-9  # values are rounded to 6 digits in JSON: compare with a hair of tolerance


def evaluate(report: Report, gates: Gates, baseline: Report | None = None
             ) -> tuple[GateResult, ...]:
    results: list[GateResult] = []
    crawl = report.crawl
    results.append(GateResult(
        "crawl_complete", crawl.complete or gates.allow_incomplete, crawl.complete, True,
        "crawl complete" if crawl.complete else
        f"crawl incomplete ({crawl.stop_reason or 'stopped early'}); a partial crawl never "
        "passes unless gates.allow_incomplete is true"))
    score = report.summary.score
    if gates.min_score is not None:
        results.append(GateResult(
            "min_score", score + _EPS >= gates.min_score, round(score, 6), gates.min_score,
            f"score {score:.1%} vs minimum {gates.min_score:.1%}"))
    coverage = {row.locale: row.coverage for row in report.locales}
    for locale, minimum in sorted(gates.min_coverage.items()):
        match = matching_locale(locale, coverage)
        if match is None:
            results.append(GateResult(f"min_coverage[{locale}]", False, None, minimum,
                                      f"{locale} is not among the report's locales"))
            continue
        actual = coverage[match]
        results.append(GateResult(
            f"min_coverage[{locale}]", actual + _EPS >= minimum, round(actual, 6), minimum,
            f"{locale} coverage {actual:.1%} vs minimum {minimum:.1%}", locale=match))
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
    pairs = [("score", baseline.summary.score, report.summary.score)]
    now = {row.locale: row.coverage for row in report.locales}
    pairs += [(row.locale, row.coverage, now.get(row.locale, 0.0))
              for row in baseline.locales]
    for name, before, after in pairs:
        drop = before - after
        gone = "" if name == "score" or name in now else " (no longer in the report)"
        results.append(GateResult(
            f"max_drop[{name}]", drop <= max_drop + _EPS, round(drop, 6), max_drop,
            f"{name} {before:.1%} -> {after:.1%}{gone} (drop {max(drop, 0) * 100:.1f} pt, "
            f"allowed {max_drop * 100:.1f} pt)", locale=None if name == "score" else name))
    return results


def with_gates(report: Report, results: tuple[GateResult, ...]) -> Report:
    return replace(report, gates=results)


def passed(results: tuple[GateResult, ...]) -> bool:
    return all(r.passed for r in results)
