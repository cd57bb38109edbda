"""One self-contained HTML file a consultant can hand to a client (and print to PDF).

Jinja2 with autoescape: everything taken from the crawled site is escaped. No script, no
external resource: it opens offline. Crawled URLs become links only when they are http(s).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, FileSystemLoader, select_autoescape

from locaudit.formats.changes import has_page, headline, kinds
from locaudit.formats.gate_text import gate_values
from locaudit.formats.html_matrix import build_matrix
from locaudit.formats.svg import Curve, CurvePoint, nice_step
from locaudit.formats.svg import svg_xy as _xy
from locaudit.formats.trend_chart import history_view
from locaudit.models import BacklogItem, Finding, Report, Severity

if TYPE_CHECKING:
    from locaudit.config.model import ReportBranding

BACKLOG_ROWS = 50
UPDATE_ROWS = 20
CHANGE_ROWS = 50  # per kind of change since the baseline
FINDING_ROWS = 300
MILESTONES = (10, 25, 50, 100)
_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
# Errors and warnings list FINDING_ROWS, info findings INFO_ROWS per type (folded); all of
# them are in findings.csv.
INFO_ROWS = 100
UNSERVED_BARS = 5  # languages not offered drawn one by one; the rest as one bar

# What each finding type means for the reader of the report (design §5 vocabulary).
MEANING = {
    "missing_translation": "Source articles with no page in a target locale.",
    "stale_translation": "Translations older than their source: customers read outdated help.",
    "untranslated_content": "Pages served under a localized URL whose text is in another "
                            "language: they mislead customers and search engines.",
    "locale_redirect": "A localized URL redirects to another locale, so the article counts as "
                       "missing there.",
    "orphan_translation": "Pages in a target locale that match no source article.",
    "hreflang_missing_return_link": "hreflang links that the target page does not link back; "
                                    "search engines may ignore them.",
    "hreflang_invalid_code": "hreflang values that are not valid language codes.",
    "hreflang_missing_self_reference": "Pages whose hreflang set does not include the page "
                                       "itself.",
    "hreflang_missing_x_default": "hreflang sets without an x-default fallback.",
    "hreflang_target_not_ok": "hreflang targets that fail, redirect or are noindex.",
    "hreflang_conflict": "hreflang declares a locale that disagrees with the target page.",
    "hreflang_duplicate_language": "hreflang sets that name several URLs for one language.",
    "alignment_conflict": "Two pages of one locale claim the same article; one is counted.",
    "html_lang_missing": "Pages without a <html lang> attribute.",
    "html_lang_mismatch": "<html lang> disagrees with the locale the page is served as.",
    "partial_translation": "Translations with large parts left in the source language.",
    "machine_translated": "Pages marked as machine translated.",
    "broken_page": "Pages that answer with an HTTP error (4xx/5xx).",
    "blocked_by_robots": "URLs robots.txt did not allow the crawler to fetch.",
    "crawl_error": "Pages that could not be fetched (timeouts, resets, oversize, encoding).",
    "broken_link": "Links to pages that answer 404, 410 or another client error, with the "
                   "page and the link text to fix.",
    "sitemap_dead_url": "URLs the sitemaps list that answer 404, 410 or another client error "
                        "(one finding, counted).",
    "login_required": "Localized URLs that redirect to a sign-in page: customers without an "
                      "account cannot read them, so the article counts as missing there.",
    "locale_negotiated": "URLs with no locale in them whose language depends on a cookie or "
                         "the browser's language (Vary): search engines and shared links "
                         "cannot reach a given language.",
    "structure_drift": "Translations that lack parts of their source (images, tables, "
                       "headings, code blocks) or name other versions: probably translated "
                       "from an older source.",
    "soft_404": "Error pages that answer HTTP 200 (\"page not found\" served as a page): "
                "counted as missing, not as translations.",
    "source_mismatch": "Pages the help center's API lists as translations whose live page "
                       "says otherwise (missing, redirected to another locale, in another "
                       "language): customers meet the live page.",
}


@dataclass(frozen=True)
class Milestone:
    items: int
    words: int
    cost: float
    score_after: float


@dataclass(frozen=True)
class ChartRow:
    """One label of a horizontal grouped bar chart: one value (0..1) per series."""

    label: str
    values: tuple[float, ...]
    note: str = ""


# The effort curve's viewBox (CURVE_W x CURVE_H) and plot area inside it.
# Narrow (420 units) so that 12-13 unit text stays 10 px or more on a 390 px phone.
CURVE_W, CURVE_H = 420, 260
_PLOT_LEFT, _PLOT_RIGHT, _PLOT_TOP, _PLOT_BOTTOM = 52, 392, 18, 214
CURVE_POINTS = 400  # a long backlog is sampled: the curve stays a few kB


def coverage_chart(report: Report) -> list[ChartRow]:
    """Coverage per locale: by count and weighted by traffic."""
    return [ChartRow(r.locale, (r.coverage, r.weighted_coverage)) for r in report.locales]


def demand_chart(report: Report, source_demand: float) -> list[ChartRow]:
    """Demand against weighted coverage per language, the languages no locale serves
    included (coverage 0), most read first."""
    rows = [ChartRow(r.locale, (r.demand, r.weighted_coverage)) for r in report.locales]
    unserved = sorted(report.unserved, key=lambda u: (-u.demand, u.language))
    rows += [ChartRow(u.language, (u.demand, 0.0), "not offered")
             for u in unserved[:UNSERVED_BARS]]
    rest = unserved[UNSERVED_BARS:]
    if rest:
        rows.append(ChartRow(f"{len(rest)} others", (sum(u.demand for u in rest), 0.0),
                             "not offered"))
    if source_demand > 0.0005:
        rows.append(ChartRow(report.site.source_locale, (source_demand, 1.0), "source"))
    return sorted(rows, key=lambda row: (-row.values[0], row.label))


def effort_curve(report: Report, has_cost: bool, currency: str) -> Curve | None:
    """The score after the top N of the backlog against the words it takes: the curve
    flattens where translating more buys little."""
    backlog = report.backlog
    if not backlog:
        return None
    words = [0]
    for b in backlog:
        words.append(words[-1] + b.words)
    total = words[-1] or 1

    def x(w: float) -> float:
        return _xy(_PLOT_LEFT + (_PLOT_RIGHT - _PLOT_LEFT) * w / total)

    def y(score: float) -> float:
        return _xy(_PLOT_BOTTOM - (_PLOT_BOTTOM - _PLOT_TOP) * max(0.0, min(1.0, score)))

    scores = [report.summary.score] + [b.cumulative_score or 0.0 for b in backlog]
    step = max(1, -(-len(scores) // CURVE_POINTS))
    keep = sorted(set(range(0, len(scores), step)) | {len(scores) - 1})
    points = " ".join(f"{x(words[i])},{y(scores[i])}" for i in keep)
    marks = []
    for m in milestones(backlog):
        cost = f", {m.cost:,.2f} {currency}" if has_cost else ""
        label = "all" if m.items == len(backlog) else f"top {m.items}"
        marks.append(CurvePoint(x(words[m.items]), y(m.score_after), label,
                                f"{label}: {m.words:,} words{cost}, score "
                                f"{m.score_after * 100:.1f}%"))
    step_words = nice_step(total)
    x_ticks = tuple(CurvePoint(x(w), _PLOT_BOTTOM, f"{w:,}")
                    for w in range(0, total + 1, step_words))
    y_ticks = tuple(CurvePoint(_PLOT_LEFT, y(i / 4), f"{i * 25}%") for i in range(5))
    return Curve(points, tuple(marks), x_ticks, y_ticks, "words translated")


def heat(value: float) -> str:
    """Background colour for a heatmap cell: red (0 %) through amber to green (100 %)."""
    hue = round(max(0.0, min(1.0, value)) * 120)
    return f"hsl({hue}, 65%, 82%)"


def is_link(url: str | None) -> bool:
    """Only http(s) URLs become links: a crawled `javascript:` URL stays text."""
    return bool(url) and str(url).lower().startswith(("http://", "https://"))


def milestones(backlog: tuple[BacklogItem, ...]) -> list[Milestone]:
    """Effort against result: the top 10, 25, 50, 100 and all items of the backlog."""
    sizes = sorted({n for n in MILESTONES if n < len(backlog)} | {len(backlog)} - {0})
    return [Milestone(n, sum(b.words for b in backlog[:n]), sum(b.cost for b in backlog[:n]),
                      backlog[n - 1].cumulative_score or 0.0) for n in sizes]


@dataclass(frozen=True)
class FindingRows:
    """The finding rows shown: errors and warnings open, info findings folded by type."""

    serious: tuple[Finding, ...]
    folded: tuple[tuple[str, tuple[Finding, ...], int], ...]  # (type, first rows, count)

    @property
    def shown(self) -> int:
        return len(self.serious) + sum(len(rows) for _, rows, _ in self.folded)


def finding_rows(findings: tuple[Finding, ...]) -> FindingRows:
    ranked = sorted(findings, key=lambda f: _SEVERITY_ORDER.get(f.severity, 3))
    serious = tuple(f for f in ranked if f.severity is not Severity.INFO)[:FINDING_ROWS]
    info: dict[str, list[Finding]] = defaultdict(list)
    for f in ranked:
        if f.severity is Severity.INFO:
            info[f.type.value].append(f)
    folded = tuple((name, tuple(rows[:INFO_ROWS]), len(rows))
                   for name, rows in sorted(info.items(), key=lambda kv: (-len(kv[1]), kv[0])))
    return FindingRows(serious, folded)


_env = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True, lstrip_blocks=True,
)
_env.filters["pct"] = lambda v: "–" if v is None else f"{v * 100:.1f}%"
_env.filters["money"] = lambda v: f"{v:,.2f}"
_env.filters["thousands"] = lambda v: f"{v:,}"
_env.tests["link"] = is_link
_env.globals.update(change_kinds=kinds, changes_headline=headline, change_has_page=has_page,
                    changes_shown=CHANGE_ROWS)


def render(template: str, **context: object) -> str:
    """A template of this package's templates/ with the report's filters and charts (the
    survey's page uses it too)."""
    return _env.get_template(template).render(**context)


def format(report: Report, branding: ReportBranding | None = None) -> str:
    """The report as one HTML file; `branding` (the config's `report:` block) titles the
    cover and header."""
    from locaudit.config.model import ReportBranding
    sections = sorted({s.section for s in report.sections})
    locales = [r.locale for r in report.locales]
    grid: dict[str, dict[str, float]] = defaultdict(dict)
    for row in report.sections:
        grid[row.section][row.locale] = row.coverage
    section_size = Counter(a.section or "(none)" for a in report.articles)
    titles = {a.key: a.title for a in report.articles}
    sources = {a.key: a.source_url for a in report.articles}
    by_type: dict[str, Counter[str]] = defaultdict(Counter)
    for f in report.findings:
        by_type[f.type.value][f.severity.value] += 1
    finding_types = sorted(by_type.items(), key=lambda item: (
        min(_SEVERITY_ORDER[Severity(sev)] for sev in item[1]), -sum(item[1].values()),
        item[0]))
    ranked = sorted(report.locales, key=lambda r: (r.weighted_coverage, r.locale))
    has_cost = any(b.cost for b in (*report.backlog, *report.updates))
    source_demand = (1.0 - sum(r.demand for r in report.locales)
                     - report.summary.unserved_demand)
    return _env.get_template("report.html.j2").render(
        r=report, brand=branding or ReportBranding(), matrix=build_matrix(report),
        sections=sections, locales=locales, grid=grid, heat=heat,
        section_size=section_size, titles=titles, sources=sources,
        backlog=report.backlog[:BACKLOG_ROWS],
        updates=report.updates[:UPDATE_ROWS], milestones=milestones(report.backlog),
        has_cost=has_cost, coverage_chart=coverage_chart(report),
        demand_chart=demand_chart(report, source_demand),
        curve=effort_curve(report, has_cost, report.currency),
        curve_box=(CURVE_W, CURVE_H, _PLOT_LEFT, _PLOT_RIGHT, _PLOT_TOP, _PLOT_BOTTOM),
        top10=report.backlog[:10], finding_types=finding_types, meaning=MEANING,
        findings=finding_rows(report.findings), worst=ranked[0] if ranked else None,
        best=ranked[-1] if len(ranked) > 1 else None,
        errors=sum(f.severity is Severity.ERROR for f in report.findings),
        untranslated=sum(f.type.value == "untranslated_content" for f in report.findings),
        source_demand=source_demand,
        date=report.generated_at[:10], failed_gates=[g for g in report.gates if not g.passed],
        gate_values={g.name: gate_values(g) for g in report.gates},
        history=history_view(report),
    )
