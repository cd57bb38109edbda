"""`locaudit history` output: the table of remembered runs as text, JSON, CSV, Markdown or
HTML. Pure functions of a HistoryTable, like every format; site text is escaped (Markdown
cells, HTML) or neutralised (CSV)."""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Callable
from typing import Any

from locaudit.formats.csv_format import cell
from locaudit.formats.markdown import md
from locaudit.history.records import HistoryRow, HistoryTable


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def _date(row: HistoryRow) -> str:
    return row.entry.at[:16].replace("T", " ")


def _trend(row: HistoryRow, index: int) -> str:
    trend = row.trends[index]
    return f"{_pct(trend.weighted_coverage)} {trend.arrow}".rstrip()


def _headline(table: HistoryTable) -> str:
    shown = len(table.rows)
    of = f" (of {table.total})" if shown != table.total else ""
    return f"{table.site}: {shown} run{'s' if shown != 1 else ''}{of} in the history"


def text(table: HistoryTable) -> str:
    """The terminal table: one line per run, per-locale weighted coverage with arrows."""
    if not table.rows:
        return (_headline(table) + "; runs join it when `audit`, `check` or `report` "
                "analyse them, or by `locaudit history import`\n")
    header = ["id", "date (UTC)", "pages", "score", *table.locales]
    lines = [[str(r.entry.id), _date(r), f"{r.entry.pages:,}"
              + ("" if r.entry.complete else "*"), _pct(r.entry.score),
              *(_trend(r, i) for i in range(len(table.locales)))] for r in table.rows]
    widths = [max(len(x) for x in column) for column in zip(header, *lines, strict=True)]
    out = [_headline(table), "weighted coverage per locale; ↑ ↓ → against the run before", ""]
    for cells in (header, *lines):
        out.append("  ".join(c.rjust(w) if i != 1 else c.ljust(w)
                             for i, (c, w) in enumerate(zip(cells, widths, strict=True))
                             ).rstrip())
    if any(not r.entry.complete for r in table.rows):
        out.append("* the crawl was incomplete (a budget stopped it)")
    return "\n".join(out) + "\n"


def to_dict(table: HistoryTable) -> dict[str, Any]:
    return {"site": table.site, "total": table.total, "locales": list(table.locales),
            "runs": [_run(row, table.locales) for row in table.rows]}


def _run(row: HistoryRow, locales: tuple[str, ...]) -> dict[str, Any]:
    e = row.entry
    by_locale = {r.locale: r for r in e.locales}
    return {
        "id": e.id, "run_id": e.run_id, "generated_at": e.at, "pages": e.pages,
        "complete": e.complete, "score": e.score, "source_articles": e.source_articles,
        "backlog": {"items": e.backlog_items, "words": e.backlog_words,
                    "cost": e.backlog_cost},
        "updates": {"items": e.updates_items, "words": e.updates_words,
                    "cost": e.updates_cost},
        "currency": e.currency,
        "findings": [{"type": f.type, "severity": f.severity, "count": f.count}
                     for f in e.findings],
        "locales": {
            loc: None if loc not in by_locale else {
                "coverage": by_locale[loc].coverage,
                "weighted_coverage": by_locale[loc].weighted_coverage,
                "fresh_coverage": by_locale[loc].fresh_coverage,
                "trend": row.trends[i].arrow or None}
            for i, loc in enumerate(locales)},
    }


def json_text(table: HistoryTable) -> str:
    return json.dumps(to_dict(table), indent=2, ensure_ascii=False) + "\n"


def csv_text(table: HistoryTable) -> str:
    """One row per run; per locale its weighted coverage (0..1) and its trend arrow."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "generated_at", "pages", "complete", "score", "backlog_words",
                     "backlog_cost", *(f"{c}_{loc}" for loc in table.locales
                                       for c in ("weighted_coverage", "trend"))])
    for row in table.rows:
        e = row.entry
        cells: list[object] = [e.id, e.at, e.pages, e.complete, e.score, e.backlog_words,
                               e.backlog_cost]
        for trend in row.trends:
            cells += ["" if trend.weighted_coverage is None else trend.weighted_coverage,
                      trend.arrow]
        writer.writerow([cell(c) for c in cells])
    return out.getvalue()


def markdown(table: HistoryTable) -> str:
    lines = [f"### locaudit history: {md(_headline(table))}", ""]
    if not table.rows:
        return "\n".join(lines) + "No runs yet.\n"
    lines += ["| id | date (UTC) | pages | score | " + " | ".join(
        md(loc) for loc in table.locales) + " |",
        "|---:|---|---:|---:|" + "---:|" * len(table.locales)]
    for row in table.rows:
        lines.append(f"| {row.entry.id} | {_date(row)} | {row.entry.pages:,} | "
                     f"{_pct(row.entry.score)} | " + " | ".join(
                         _trend(row, i) for i in range(len(table.locales))) + " |")
    return "\n".join(lines) + "\n\nWeighted coverage per locale; ↑ ↓ → against the run before.\n"


def html_text(table: HistoryTable) -> str:
    """One self-contained page with the table; everything from the site escaped."""
    esc = html.escape
    head = "".join(f"<th>{esc(loc)}</th>" for loc in table.locales)
    body = "".join(
        f"<tr><td>{row.entry.id}</td><td>{esc(_date(row))}</td>"
        f"<td>{row.entry.pages:,}</td><td>{_pct(row.entry.score)}</td>"
        + "".join(f'<td class="{_arrow_class(t.arrow)}">{esc(_trend(row, i))}</td>'
                  for i, t in enumerate(row.trends)) + "</tr>"
        for row in table.rows)
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{esc(table.site)}: locaudit history</title>"
        "<style>body{font:14px/1.4 system-ui,sans-serif;margin:2em}"
        "table{border-collapse:collapse}td,th{padding:.2em .6em;text-align:right;"
        "border-bottom:1px solid #ddd}.up{color:#067d17}.down{color:#b3261e}</style>"
        f"</head><body><h1>{esc(_headline(table))}</h1>"
        "<p>Weighted coverage per locale; ↑ ↓ → against the run before.</p>"
        f"<table><thead><tr><th>id</th><th>date (UTC)</th><th>pages</th><th>score</th>"
        f"{head}</tr></thead><tbody>{body}</tbody></table></body></html>\n")


def _arrow_class(arrow: str) -> str:
    return {"↑": "up", "↓": "down"}.get(arrow, "")


RENDERERS: dict[str, Callable[[HistoryTable], str]] = {
    "table": text, "json": json_text, "csv": csv_text, "markdown": markdown,
    "html": html_text}
