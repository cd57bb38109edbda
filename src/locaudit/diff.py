"""What changed between two reports: per-locale deltas, newly missing / translated articles."""

from __future__ import annotations

from dataclasses import dataclass

from locaudit.models import Report, Status

_COVERED = (Status.TRANSLATED, Status.STALE)


@dataclass(frozen=True)
class LocaleDelta:
    locale: str
    coverage_before: float | None
    coverage_after: float | None
    weighted_before: float | None
    weighted_after: float | None


@dataclass(frozen=True)
class ArticleChange:
    article: str
    locale: str
    before: str  # status, or "absent" when the article was not a source article then
    after: str
    title: str = ""


@dataclass(frozen=True)
class ReportDiff:
    score_before: float
    score_after: float
    locales: tuple[LocaleDelta, ...]
    newly_missing: tuple[ArticleChange, ...]  # was covered (or absent), now missing/untranslated
    newly_translated: tuple[ArticleChange, ...]  # was missing/untranslated (or absent), now covered


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
            if tr.status in _COVERED and was is not None and was not in _COVERED:
                translated.append(change)
            elif tr.status not in _COVERED and (was is None or was in _COVERED):
                missing.append(change)
    return ReportDiff(old.summary.score, new.summary.score, locales, tuple(missing),
                      tuple(translated))


def diff_to_dict(d: ReportDiff) -> dict[str, object]:
    return {
        "score": {"before": round(d.score_before, 6), "after": round(d.score_after, 6),
                  "delta": round(d.score_after - d.score_before, 6)},
        "locales": [
            {"locale": x.locale, "coverage_before": x.coverage_before,
             "coverage_after": x.coverage_after, "weighted_before": x.weighted_before,
             "weighted_after": x.weighted_after,
             "delta": None if x.coverage_before is None or x.coverage_after is None
             else round(x.coverage_after - x.coverage_before, 6)}
            for x in d.locales
        ],
        "newly_missing": [vars(c) for c in d.newly_missing],
        "newly_translated": [vars(c) for c in d.newly_translated],
    }


def diff_to_markdown(d: ReportDiff) -> str:
    lines = [f"### locaudit diff: score {d.score_before:.1%} → {d.score_after:.1%} "
             f"({(d.score_after - d.score_before) * 100:+.1f} pt)", "",
             "| locale | coverage before | after | change |", "|---|---:|---:|---:|"]
    for x in d.locales:
        b = "–" if x.coverage_before is None else f"{x.coverage_before:.1%}"
        a = "–" if x.coverage_after is None else f"{x.coverage_after:.1%}"
        ch = "–" if x.coverage_before is None or x.coverage_after is None else \
            f"{(x.coverage_after - x.coverage_before) * 100:+.1f} pt"
        lines.append(f"| {x.locale} | {b} | {a} | {ch} |")
    for heading, items in (("Newly missing", d.newly_missing),
                           ("Newly translated", d.newly_translated)):
        lines += ["", f"**{heading}** ({len(items)})", ""]
        lines += [f"- {c.locale}: {c.article} {_md(c.title)} ({c.before} → {c.after})"
                  for c in items]
    return "\n".join(lines) + "\n"


def diff_to_text(d: ReportDiff) -> str:
    return diff_to_markdown(d).replace("### ", "").replace("**", "")


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
