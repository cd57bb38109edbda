"""One self-contained HTML file a consultant can hand to a client (and print to PDF).

Jinja2 with autoescape: everything taken from the crawled site is escaped. No script, no
external resource: it opens offline.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from locaudit.models import Report

BACKLOG_ROWS = 50
FINDING_ROWS = 300
_env = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True, lstrip_blocks=True,
)
_env.filters["pct"] = lambda v: "–" if v is None else f"{v * 100:.1f}%"


def heat(value: float) -> str:
    """Background colour for a heatmap cell: red (0 %) through amber to green (100 %)."""
    hue = round(max(0.0, min(1.0, value)) * 120)
    return f"hsl({hue}, 65%, 82%)"


def format(report: Report) -> str:
    sections = sorted({s.section for s in report.sections})
    locales = [r.locale for r in report.locales]
    grid: dict[str, dict[str, float]] = defaultdict(dict)
    for row in report.sections:
        grid[row.section][row.locale] = row.coverage
    section_size = Counter(a.section or "(none)" for a in report.articles)
    titles = {a.key: a.title for a in report.articles}
    backlog = report.backlog[:BACKLOG_ROWS]
    top10 = report.backlog[:10]
    counts = Counter((f.severity.value, f.type.value) for f in report.findings)
    worst = min(report.locales, key=lambda r: r.weighted_coverage, default=None)
    return _env.get_template("report.html.j2").render(
        r=report, sections=sections, locales=locales, grid=grid, heat=heat,
        section_size=section_size, titles=titles, backlog=backlog,
        top10=top10, top10_words=sum(b.words for b in top10),
        top10_cost=sum(b.cost for b in top10), finding_counts=sorted(counts.items()),
        findings=report.findings[:FINDING_ROWS], worst=worst,
    )
