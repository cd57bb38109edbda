"""What changed between two reports: per-locale deltas, newly missing / translated articles."""

from __future__ import annotations

from locaudit.models import COVERED, ArticleChange, LocaleDelta, Report, ReportDiff


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
    old_status = {(a.key, loc): t.status for a in old.articles for loc, t in
                  a.translations.items()}
    missing, translated = [], []
    for article in new.articles:
        for loc, tr in sorted(article.translations.items()):
            was = old_status.get((article.key, loc))
            was_name = was.value if was is not None else "absent"
            change = ArticleChange(article.key, loc, was_name, tr.status.value, article.title)
            if tr.status in COVERED and was is not None and was not in COVERED:
                translated.append(change)
            elif tr.status not in COVERED and (was is None or was in COVERED):
                missing.append(change)
    return ReportDiff(old.summary.score, new.summary.score, locales, tuple(missing),
                      tuple(translated))
