"""The terminal table (default format): headline, per-locale coverage, backlog, findings.

Rendered with rich into a string of at most 100 columns; colour only when the caller's
console is a terminal (the CLI decides; this function just returns text).
"""

from __future__ import annotations

from collections import Counter
from io import StringIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from locaudit.models import Report

WIDTH = 100
BACKLOG_ROWS = 10


def _pct(value: float) -> str:
    return f"{value * 100:.1f}%"


def _bar(value: float, width: int = 20) -> str:
    filled = round(max(0.0, min(1.0, value)) * width)
    return "█" * filled + "░" * (width - filled)


def format(report: Report, *, color: bool = False, bars: bool = False) -> str:
    """The table as text. Colour and bars are for terminals; files and pipes get neither."""
    console = Console(width=WIDTH, record=True, force_terminal=color, no_color=not color,
                      color_system="standard" if color else None, file=StringIO())
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

    table = Table(title="Coverage by locale", title_justify="left", width=WIDTH)
    columns = ["locale", "demand", "transl.", "stale", "untr.", "missing", "coverage",
               "weighted", "fresh"]
    if bars:
        columns.insert(7, "")
    for name in columns:
        table.add_column(name, justify="left" if name in ("locale", "") else "right",
                         no_wrap=True)
    for row in report.locales:
        cells = [row.locale, _pct(row.demand), str(row.translated), str(row.stale),
                 str(row.untranslated), str(row.missing), _pct(row.coverage),
                 _pct(row.weighted_coverage), _pct(row.fresh_coverage)]
        if bars:
            cells.insert(7, _bar(row.weighted_coverage, 14))
        table.add_row(*cells)
    console.print(table)

    if report.unserved:
        console.print("Unserved demand: " + ", ".join(
            f"{u.language} {_pct(u.demand)}" for u in report.unserved))

    if report.backlog:
        titles = {a.key: a.title for a in report.articles}
        backlog = Table(title=f"Translate next (top {min(BACKLOG_ROWS, len(report.backlog))} "
                        f"of {len(report.backlog)})", title_justify="left", width=WIDTH)
        for name in ("#", "article", "locale", "gain", "words", "score after"):
            backlog.add_column(name, no_wrap=name != "article",
                               justify="left" if name == "article" else "right")
        for i, item in enumerate(report.backlog[:BACKLOG_ROWS], 1):
            title = titles.get(item.article, "")
            backlog.add_row(str(i), f"{item.article} {title}"[:44], item.locale,
                            f"+{item.gain * 100:.2f} pt", str(item.words),
                            _pct(item.cumulative_score or 0.0))
        console.print(backlog)

    if report.findings:
        counts = Counter((f.severity.value, f.type.value) for f in report.findings)
        console.print("Findings: " + ", ".join(
            f"{n} {ftype} ({sev})" for (sev, ftype), n in sorted(counts.items())))
    for gate in report.gates:
        mark = "PASS" if gate.passed else "FAIL"
        console.print(f"gate {gate.name}: {mark} (actual {gate.actual}, threshold "
                      f"{gate.threshold})")
    return console.export_text(styles=color)
