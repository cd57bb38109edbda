"""What changed between two reports: per-locale deltas, articles newly missing, newly
translated and newly stale, and warnings when the two were made differently (markets,
traffic, site, tool version), so a change of method is not read as a change of the site."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from locaudit.models import (
    COVERED,
    NOTE_NO_MARKETS,
    NOTE_TRAFFIC_UNMATCHED,
    ArticleChange,
    LocaleDelta,
    Report,
    ReportDiff,
    Status,
)

_DEMAND_EPS = 0.0005  # demand is rounded to 6 digits; a market change moves it by far more
_SHOWN = 4


def diff_reports(old: Report, new: Report) -> ReportDiff:
    before = {r.locale: r for r in old.locales}
    after = {r.locale: r for r in new.locales}
    locales = tuple(
        LocaleDelta(
            loc,
            before[loc].coverage if loc in before else None,
            after[loc].coverage if loc in after else None,
            before[loc].weighted_coverage if loc in before else None,
            after[loc].weighted_coverage if loc in after else None,
        )
        for loc in sorted(set(before) | set(after))
    )
    earlier = {(a.key, loc): t for a in old.articles for loc, t in a.translations.items()}
    missing, translated, stale = [], [], []
    for article in new.articles:
        for loc, tr in sorted(article.translations.items()):
            was = earlier.get((article.key, loc))
            was_status = was.status if was is not None else None
            change = ArticleChange(
                article.key, loc, was_status.value if was_status is not None else "absent",
                tr.status.value, article.title, article.source_url,
                tr.url or (was.url if was is not None else None))
            if tr.status in COVERED and was_status is not None and was_status not in COVERED:
                translated.append(change)
            elif tr.status not in COVERED and (was_status is None or was_status in COVERED):
                missing.append(change)
            elif tr.status is Status.STALE and was_status is Status.TRANSLATED:
                stale.append(change)
    return ReportDiff(old.summary.score, new.summary.score, locales, tuple(missing),
                      tuple(translated), differences(old, new), newly_stale=tuple(stale),
                      since=old.generated_at)


def with_changes(report: Report, baseline: Report) -> Report:
    """The report carrying what changed since `baseline`, for every format to show."""
    return replace(report, changes=diff_reports(baseline, report))


def differences(old: Report, new: Report) -> tuple[str, ...]:
    """What the reports say about how they were made, where they disagree."""
    out = []
    if old.tool.version != new.tool.version:
        out.append(f"made by locaudit {old.tool.version} and {new.tool.version}: the rules "
                   "may differ")
    if old.site.source_locale != new.site.source_locale:
        out.append(f"source locale {old.site.source_locale} → {new.site.source_locale}")
    if set(old.site.start_urls) != set(new.site.start_urls):
        out.append(f"start URLs differ: {', '.join(old.site.start_urls)} → "
                   f"{', '.join(new.site.start_urls)}")
    markets = _markets(old, new)
    if markets:
        out.append(markets)
    traffic = _traffic(old, new)
    if traffic:
        out.append(traffic)
    return tuple(out)


def _has_markets(report: Report) -> bool:
    return not any(note.startswith(NOTE_NO_MARKETS) for note in report.notes)


def _language_demand(report: Report) -> dict[str, float]:
    """Demand per language: the same markets give the same totals even when the site gains
    or loses a locale (demand moves between a locale and the unserved)."""
    totals: dict[str, float] = defaultdict(float)
    for row in report.locales:
        totals[row.locale.split("-")[0].lower()] += row.demand
    for unserved in report.unserved:
        totals[unserved.language.split("-")[0].lower()] += unserved.demand
    source = report.site.source_locale.split("-")[0].lower()
    totals[source] += max(0.0, 1.0 - sum(r.demand for r in report.locales)
                          - report.summary.unserved_demand)
    return totals


def _markets(old: Report, new: Report) -> str | None:
    had, has = _has_markets(old), _has_markets(new)
    if had != has:
        return ("markets differ: " + ("the old report weighs locales by markets, the new one "
                                      "has none (equal demand per locale)" if had else
                                      "the old report has none (equal demand per locale), the "
                                      "new one weighs locales by markets"))
    if not had:
        return None
    before, after = _language_demand(old), _language_demand(new)
    changed = [(lang, before.get(lang, 0.0), after.get(lang, 0.0))
               for lang in sorted(set(before) | set(after))
               if abs(before.get(lang, 0.0) - after.get(lang, 0.0)) > _DEMAND_EPS]
    if not changed:
        return None
    shown = ", ".join(f"{lang} {b:.1%} → {a:.1%}" for lang, b, a in changed[:_SHOWN])
    more = f" and {len(changed) - _SHOWN} more" if len(changed) > _SHOWN else ""
    return f"markets differ: demand {shown}{more}"


def _weighting(report: Report) -> str:
    traffic = report.traffic
    if traffic is None:
        return "no traffic file (every article weighs 1)"
    views = traffic.matched_views + traffic.unmatched_views
    if any(note.startswith(NOTE_TRAFFIC_UNMATCHED) for note in report.notes):
        return (f"a traffic file of {traffic.rows} rows matching no source article (every "
                "article weighs 1)")
    return f"a traffic file of {traffic.rows} rows, {views:,.0f} views"


def _traffic(old: Report, new: Report) -> str | None:
    before, after = _weighting(old), _weighting(new)
    return None if before == after else f"traffic differs: {before} → {after}"
