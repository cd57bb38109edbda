"""What changed since an earlier report (a report's `changes` block), as every format shows
it: what each format shares (the kinds, the headline, the cap) and the plain text of the
check's terminal lines, the table and JUnit failure text. Markdown (and so the step summary)
renders them in markdown.py, the HTML in its partial `templates/_changes.html.j2`.

One list per kind of change, by title, capped at SHOWN items with "and N more": a failing CI
run says which articles it is about without burying the rest of the report.
"""

from __future__ import annotations

from locaudit.models import COVERED, ArticleChange, ReportDiff

SHOWN = 10
COVERED_NAMES = frozenset(status.value for status in COVERED)


def kinds(changes: ReportDiff) -> list[tuple[str, tuple[ArticleChange, ...]]]:
    """(heading, items) per kind of change, the ones that need work first."""
    return [("Newly missing", changes.newly_missing), ("Newly stale", changes.newly_stale),
            ("Newly translated", changes.newly_translated)]


def headline(changes: ReportDiff, locale: str | None = None) -> str:
    """One line of counts, e.g. `Since the baseline of 2026-11-23: 2 newly missing, 1 newly
    stale, 1 newly translated; score 80.0% → 75.0% (-5.0 pt)` (no score for one locale)."""
    since = f" of {changes.since[:10]}" if changes.since else ""
    counts = ", ".join(f"{len(of_locale(items, locale))} {heading.lower()}"
                       for heading, items in kinds(changes))
    delta = (changes.score_after - changes.score_before) * 100
    score = "" if locale else (f"; score {changes.score_before:.1%} → "
                               f"{changes.score_after:.1%} ({delta:+.1f} pt)")
    where = f" in {locale}" if locale else ""
    return f"Since the baseline{since}{where}: {counts}{score}"


def text_lines(changes: ReportDiff, locale: str | None = None, shown: int = SHOWN
               ) -> list[str]:
    """Plain text: the headline, the warnings, then each non-empty list (the changes of
    `locale` only, when given)."""
    lines = [headline(changes, locale)]
    lines += [f"warning: the reports differ: {w}" for w in changes.warnings]
    for heading, items in kinds(changes):
        items = of_locale(items, locale)
        if not items:
            continue
        lines.append(f"{heading} ({len(items)}):")
        lines += [f"  {_text_item(c)}" for c in items[:shown]]
        if len(items) > shown:
            lines.append(f"  and {len(items) - shown} more")
    return lines


def of_locale(items: tuple[ArticleChange, ...], locale: str | None) -> tuple[ArticleChange, ...]:
    return items if locale is None else tuple(c for c in items if c.locale == locale)


def name(change: ArticleChange) -> str:
    return change.title or change.article


def has_page(change: ArticleChange) -> bool:
    """Whether the change left a translation to look at (its `url` is then the page)."""
    return change.after in COVERED_NAMES


def _text_item(change: ArticleChange) -> str:
    url = change.url if has_page(change) else change.source_url
    where = f"  {url}" if url else ""
    return f"{change.locale}  {name(change)} ({change.before} → {change.after}){where}"
