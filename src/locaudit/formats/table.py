"""The terminal table (default format): headline, per-locale coverage, backlog, findings.

Rendered with rich into a string of at most 100 columns; colour only when the caller's
console is a terminal (the CLI decides; this function just returns text).
"""

from __future__ import annotations

import shutil
from collections import Counter
from io import StringIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from locaudit.formats.changes import text_lines
from locaudit.formats.gate_text import gate_values
from locaudit.formats.trend_text import forecast_text, span_text, sparkline
from locaudit.models import HistoryBlock, Report

WIDTH = 100
BACKLOG_ROWS = 10


def _pct(value: float) -> str:
    return f"{value * 100:.1f}%"


def _bar(value: float, width: int = 20) -> str:
    filled = round(max(0.0, min(1.0, value)) * width)
    return "█" * filled + "░" * (width - filled)


def format(report: Report, *, color: bool = False, bars: bool = False,
           width: int | None = None) -> str:
    """The table as text. Colour and bars are for terminals; files and pipes get neither.

    At most `width` columns: 100 by default; on a terminal (`bars`) narrower when the terminal
    is (shutil honours $COLUMNS). Under 96 columns the tables drop their secondary columns
    instead of squeezing every cell into an ellipsis.
    """
    if width is None:
        width = min(WIDTH, shutil.get_terminal_size((WIDTH, 24)).columns) if bars else WIDTH
    width = max(width, 40)
    compact = width < 96
    # markup=False: crawled text such as "[/b]" or a gate name "min_coverage[ja]" is text.
    console = Console(width=width, record=True, force_terminal=color, no_color=not color,
                      markup=False,
                      color_system="standard" if color else None, file=StringIO())
    _print_header(console, report)
    console.print(_locales_table(report, width, compact, bars))
    if report.history is not None:
        console.print(_history_table(report.history, width, compact))
    if report.unserved:
        console.print("Unserved demand: " + ", ".join(
            f"{u.language} {_pct(u.demand)}" for u in report.unserved))
    if report.backlog:
        console.print(_backlog_table(report, width, compact))
    if report.plans:
        console.print(_plans_table(report, width, compact))
    if report.changes is not None:
        headline, *items = text_lines(report.changes)
        console.print(headline)  # wrapped; an item per line, a long URL cut
        for line in items:
            console.print(line, overflow="ellipsis", no_wrap=True, crop=True)
    _print_footer(console, report)
    return console.export_text(styles=color)


def _print_header(console: Console, report: Report) -> None:
    site = report.site
    console.print(Text(f"locaudit — {site.name}", style="bold"))
    incomplete = "" if report.crawl.complete else \
        f"  INCOMPLETE: {report.crawl.stop_reason or 'crawl stopped early'}"
    console.print(f"source {site.source_locale} · {report.summary.source_articles} source "
                  f"articles · {report.crawl.pages} pages crawled · {report.crawl.errors} "
                  f"errors{incomplete}")
    console.print(Text(f"Score: {_pct(report.summary.score)} of customers find help in their "
                       "language", style="bold"))
    for note in report.notes:
        console.print(Text(f"note: {note}", style="dim"))


def _locales_table(report: Report, width: int, compact: bool, bars: bool) -> Table:
    columns = ["locale", "demand", "coverage", "weighted", "", "missing"] if compact else \
        ["locale", "demand", "transl.", "stale", "untr.", "missing", "coverage", "weighted",
         "", "fresh"]
    if width < 72:
        columns.remove("demand")
    rows = [{"locale": row.locale, "demand": _pct(row.demand),
             "transl.": str(row.translated), "stale": str(row.stale),
             "untr.": str(row.untranslated), "missing": str(row.missing),
             "coverage": _pct(row.coverage), "weighted": _pct(row.weighted_coverage),
             "fresh": _pct(row.fresh_coverage)} for row in report.locales]
    # The numbers keep their width; the bar gets what is left (up to 10), or goes.
    numbers = [name for name in columns if name]
    used = 1 + sum(3 + max(len(name), *(len(r[name]) for r in rows)) for name in numbers) \
        if rows else width
    bar_width = min(10, width - used - 3)
    if not bars or bar_width < 4:
        columns.remove("")
    table = Table(title="Coverage by locale", title_justify="left", width=width)
    for name in columns:
        table.add_column(name, justify="left" if name in ("locale", "") else "right",
                         no_wrap=True, overflow="ellipsis")
    for row, values in zip(report.locales, rows, strict=True):
        values[""] = _bar(row.weighted_coverage, bar_width) if bar_width > 0 else ""
        table.add_row(*(values[name] for name in columns))
    return table


def _backlog_table(report: Report, width: int, compact: bool) -> Table:
    titles = {a.key: a.title for a in report.articles}
    table = Table(title=f"Translate next (top {min(BACKLOG_ROWS, len(report.backlog))} "
                  f"of {len(report.backlog)})", title_justify="left", width=width)
    names = ["#", "article", "locale", "gain", "score after"] if compact else \
        ["#", "article", "locale", "gain", "words", "score after"]
    for name in names:
        table.add_column(name, no_wrap=True, overflow="ellipsis",
                         justify="left" if name in ("article", "locale") else "right",
                         ratio=1 if name == "article" else None)
    for i, item in enumerate(report.backlog[:BACKLOG_ROWS], 1):
        values = {"#": str(i), "article": f"{item.article} {titles.get(item.article, '')}",
                  "locale": item.locale, "gain": f"+{item.gain * 100:.2f} pt",
                  "words": str(item.words),
                  "score after": _pct(item.cumulative_score or 0.0)}
        table.add_row(*(values[name] for name in names))
    return table


def _print_footer(console: Console, report: Report) -> None:
    """Findings by type and severity, then each gate's verdict."""
    if report.findings:
        counts = Counter((f.severity.value, f.type.value) for f in report.findings)
        console.print("Findings: " + ", ".join(
            f"{n} {ftype} ({sev})" for (sev, ftype), n in sorted(counts.items())))
    for gate in report.gates:
        mark = "PASS" if gate.passed else "FAIL"
        actual, threshold = gate_values(gate)
        console.print(f"gate {gate.name}: {mark} (actual {actual}, threshold {threshold})")


def _plans_table(report: Report, width: int, compact: bool) -> Table:
    """Per locale, the few articles that close most of its gap: the budget question."""
    with_cost = any(p.cost for p in report.plans)
    table = Table(title="Closing 80% of each locale's gap (by weight)", title_justify="left",
                  width=width)
    names = ["locale", "articles", "words", "cost", "weighted now", "after", "score"]
    if not with_cost:
        names.remove("cost")
    if compact:
        names.remove("words")
    for name in names:
        table.add_column(name, no_wrap=True, overflow="ellipsis",
                         justify="left" if name == "locale" else "right")
    for plan in report.plans:
        values = {"locale": plan.locale, "articles": str(plan.articles),
                  "words": f"{plan.words:,}", "cost": f"{plan.cost:,.0f} {report.currency}",
                  "weighted now": _pct(plan.weighted_coverage_before),
                  "after": _pct(plan.weighted_coverage_after),
                  "score": f"+{plan.score_gain * 100:.1f} pt"}
        table.add_row(*(values[name] for name in names))
    return table


def _history_table(history: HistoryBlock, width: int, compact: bool) -> Table:
    """The terminal's trend table: a sparkline per locale, its pace and forecast."""
    table = Table(title=f"Trend ({span_text(history)})", title_justify="left", width=width,
                  caption=f"score {sparkline([r.score for r in history.runs])} "
                          f"{_pct(history.runs[0].score)} to {_pct(history.runs[-1].score)}; "
                          f"source: {history.source_words_per_week:,.0f} words added or "
                          "changed a week", caption_justify="left")
    names = ["locale", "trend", "now", "forecast"] if compact else \
        ["locale", "trend", "now", "pace/week", "words/week", "forecast"]
    for name in names:
        table.add_column(name, no_wrap=name != "forecast",
                         justify="right" if name in ("now", "pace/week", "words/week") else "left")
    for trend in history.locales:
        now = trend.weighted_coverage[-1]
        values = {"locale": trend.locale, "trend": sparkline(trend.weighted_coverage),
                  "now": "–" if now is None else _pct(now),
                  "pace/week": f"{trend.pace * 100:+.1f} pt",
                  "words/week": f"{trend.translated_words_per_week:,.0f}",
                  "forecast": forecast_text(trend)}
        table.add_row(*(values[name] for name in names))
    return table
