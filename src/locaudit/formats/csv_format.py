"""CSV: one file per table. Cells a spreadsheet would execute are neutralised (OWASP)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from locaudit.models import LocaleRow, Report

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> object:
    """Prefix text starting like a formula with a quote, so it shows instead of running."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return out.getvalue()


# An estimate's 95% interval of each coverage: columns of a sample's report only.
_CI_COLUMNS = tuple(f"{name}_ci95_{end}" for name in ("coverage", "weighted_coverage",
                                                      "fresh_coverage") for end in ("low", "high"))


def _bounds(row: LocaleRow) -> tuple[float | str, ...]:
    cells: list[float | str] = []
    for ci95 in (row.coverage_ci95, row.weighted_coverage_ci95, row.fresh_coverage_ci95):
        cells += [round(ci95[0], 6), round(ci95[1], 6)] if ci95 is not None else ["", ""]
    return tuple(cells)


def tables(report: Report) -> dict[str, str]:
    locales = sorted({loc for a in report.articles for loc in a.translations})
    return {
        "locales.csv": _csv(
            ["locale", "demand", "translated", "stale", "untranslated", "missing", "coverage",
             "weighted_coverage", "fresh_coverage", *(_CI_COLUMNS if report.estimate else ())],
            [(r.locale, round(r.demand, 6), r.translated, r.stale, r.untranslated, r.missing,
              round(r.coverage, 6), round(r.weighted_coverage, 6), round(r.fresh_coverage, 6),
              *(_bounds(r) if report.estimate else ()))
             for r in report.locales]),
        "articles.csv": _csv(
            ["article", "title", "section", "words", "weight", "source_url", *locales],
            [(a.key, a.title, a.section or "", a.words, a.weight, a.source_url,
              *(a.translations[loc].status.value if loc in a.translations else ""
                for loc in locales)) for a in report.articles]),
        "backlog.csv": _csv(
            ["rank", "article", "locale", "gain", "words", "cost", "currency",
             "cumulative_score"],
            [(i, b.article, b.locale, round(b.gain, 6), b.words, b.cost, report.currency,
              round(b.cumulative_score or 0, 6)) for i, b in enumerate(report.backlog, 1)]),
        "findings.csv": _csv(
            ["type", "severity", "locale", "url", "article", "message"],
            [(f.type.value, f.severity.value, f.locale or "", f.url or "", f.article or "",
              f.message) for f in report.findings]),
    }


def format(report: Report) -> str:
    return tables(report)["locales.csv"]
