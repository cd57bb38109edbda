"""Markdown for PR comments and CI job summaries (GitHub-flavoured tables)."""

from __future__ import annotations

from collections import Counter

from locaudit.formats.changes import SHOWN, has_page, headline, kinds, name
from locaudit.formats.gate_text import gate_values
from locaudit.formats.trend_text import days, forecast_text, points_per_week, span_text, sparkline
from locaudit.models import ArticleChange, Finding, Report, ReportDiff

BACKLOG_ROWS = 10
FINDING_ROWS = 20


def md(text: object) -> str:
    """Escape crawled text for a Markdown table cell: no HTML, no broken columns."""
    return (str(text).replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;")
            .replace(">", "&gt;").replace("\n", " ").replace("`", "\\`"))


def pct(value: float) -> str:
    return f"{value * 100:.1f}%"


def format(report: Report) -> str:
    s = report.summary
    lines = [f"## Localization coverage: {md(report.site.name)}", "",
             f"**Score: {pct(s.score)}** of customers, weighted by what they read, find help "
             f"in their language. {s.source_articles} source articles in "
             f"{md(report.site.source_locale)}, {s.locales} target locales, "
             f"{report.crawl.pages} pages crawled.", ""]
    if not report.crawl.complete:
        lines += [f"> **Incomplete crawl**: {md(report.crawl.stop_reason or 'stopped early')}."
                  " The numbers cover only what was crawled.", ""]
    lines += ["| locale | demand | translated | stale | untranslated | missing | coverage | "
              "weighted | fresh |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in report.locales:
        lines.append(f"| {md(r.locale)} | {pct(r.demand)} | {r.translated} | {r.stale} | "
                     f"{r.untranslated} | {r.missing} | {pct(r.coverage)} | "
                     f"{pct(r.weighted_coverage)} | {pct(r.fresh_coverage)} |")
    lines += _history(report)
    if report.unserved:
        lines += ["", "Unserved demand: " + ", ".join(
            f"{md(u.language)} {pct(u.demand)}" for u in report.unserved)]
    if report.gates:
        lines += ["", "| gate | result | actual | threshold |", "|---|---|---:|---:|"]
        for g in report.gates:
            actual, threshold = gate_values(g)
            lines.append(f"| {md(g.name)} | {'✅ pass' if g.passed else '❌ FAIL'} | "
                         f"{md(actual)} | {md(threshold)} |")
    if report.changes is not None:
        lines += ["", *changes_lines(report.changes)]
    if report.backlog:
        titles = {a.key: a.title for a in report.articles}
        lines += ["", f"### Translate next (top {min(BACKLOG_ROWS, len(report.backlog))} of "
                  f"{len(report.backlog)})", "",
                  "| # | article | locale | gain | words | cost | score after |",
                  "|---:|---|---|---:|---:|---:|---:|"]
        for i, b in enumerate(report.backlog[:BACKLOG_ROWS], 1):
            lines.append(f"| {i} | {md(b.article)} {md(titles.get(b.article, ''))} | "
                         f"{md(b.locale)} | +{b.gain * 100:.2f} pt | {b.words} | "
                         f"{_cost(b.cost, report.currency)} | "
                         f"{pct(b.cumulative_score or 0)} |")
    if report.plans:
        lines += ["", "### Closing 80% of each locale's gap", "",
                  "| locale | articles | words | cost | weighted now | after | score |",
                  "|---|---:|---:|---:|---:|---:|---:|"]
        lines += [f"| {md(p.locale)} | {p.articles} | {p.words} | "
                  f"{_cost(p.cost, report.currency)} | {pct(p.weighted_coverage_before)} | "
                  f"{pct(p.weighted_coverage_after)} | +{p.score_gain * 100:.1f} pt |"
                  for p in report.plans]
    if report.findings:
        counts = Counter((f.severity.value, f.type.value) for f in report.findings)
        lines += ["", "### Findings", "", "| severity | type | count |", "|---|---|---:|"]
        lines += [f"| {sev} | {ftype} | {n} |" for (sev, ftype), n in sorted(counts.items())]
        worst = [f for f in report.findings if f.severity.value != "info"][:FINDING_ROWS]
        if worst:
            lines += [""] + [_finding(f) for f in worst]
    for note in report.notes:
        lines += ["", f"_{md(note)}_"]
    return "\n".join(lines) + "\n"


def changes_lines(changes: ReportDiff, shown: int = SHOWN) -> list[str]:
    """What changed since the baseline: the headline, then each non-empty list, by title,
    linked to the source page (and to the translation that now exists)."""
    lines = ["### What changed since the baseline", "", md(headline(changes)) + ".", "",
             *warning_lines(changes)]
    for heading, items in kinds(changes):
        if not items:
            continue
        lines += [f"**{heading}** ({len(items)})", ""]
        lines += [f"- {_change(c)}" for c in items[:shown]]
        if len(items) > shown:
            lines.append(f"- and {len(items) - shown} more")
        lines.append("")
    return lines[:-1]


def warning_lines(d: ReportDiff) -> list[str]:
    """The reports were made differently: say how before any number is read."""
    if not d.warnings:
        return []
    return ["> **Warning**: the two reports were not made the same way; part of the change "
            "may come from that, not from the site:", *[f"> - {md(w)}" for w in d.warnings],
            ""]


def _link(text: str, url: str | None) -> str:
    """A Markdown link to an http(s) URL (angle brackets: parentheses in it stay inside)."""
    if url and url.lower().startswith(("http://", "https://")):
        return f"[{md(text)}](<{url.replace('>', '%3E').replace(' ', '%20')}>)"
    return md(text)


def _change(change: ArticleChange) -> str:
    page = ""
    if has_page(change) and change.url:
        page = f", {_link(change.locale + ' page', change.url)}"
    return (f"{md(change.locale)}: {_link(name(change), change.source_url)} "
            f"({md(change.before)} → {md(change.after)}{page})")


def _finding(f: Finding) -> str:
    where = " ".join(md(part) for part in (f.locale, f.url) if part)
    return f"- **{f.type.value}**{' ' + where if where else ''}: {md(f.message)}"


def _cost(cost: float, currency: str) -> str:
    return f"{cost:.2f} {md(currency)}" if cost else "–"


def _history(report: Report) -> list[str]:
    """The Markdown trend table, or no lines without history."""
    history = report.history
    if history is None:
        return []
    lines = ["", f"### Trend ({span_text(history)})", "",
             "| locale | trend | weighted | pace | words/week | forecast | median age | "
             "median lag |", "|---|---|---:|---:|---:|---|---:|---:|"]
    for t in history.locales:
        now = t.weighted_coverage[-1]
        lines.append(
            f"| {md(t.locale)} | {sparkline(t.weighted_coverage)} | "
            f"{'–' if now is None else pct(now)} | {points_per_week(t.pace)} | "
            f"{t.translated_words_per_week:,.0f} | {forecast_text(t)} | "
            f"{days(t.median_age_days)} | {days(t.median_lag_days)} |")
    lines += ["", f"Source: {history.source_words_per_week:,.0f} words added or changed a "
              "week. Words/week: source words newly translated or updated per locale."]
    return lines
