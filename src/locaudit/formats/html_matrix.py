"""The HTML report's per-article matrix: source articles × target locales, the status of
each pair, most read first.

A consultant answers "which German articles are missing?" from it. It stays readable on
big sites without a script: the most read articles are shown open, every article is also
listed under its section in a fold (`<details>`) whose summary counts the gaps, and past
`MATRIX_ROWS` the rest is left to articles.csv.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from locaudit.models import ArticleRow, Report, Status

MATRIX_TOP = 25  # the most read articles, shown open (and printed)
MATRIX_ROWS = 2000  # rows in the folds at most; every article is in articles.csv
GAPS = frozenset({Status.MISSING.value, Status.UNTRANSLATED.value})
NO_SECTION = "(no section)"


@dataclass(frozen=True)
class MatrixCell:
    locale: str
    status: str  # a Status value, or "" when the report has no status for the pair
    url: str | None


@dataclass(frozen=True)
class MatrixRow:
    article: ArticleRow
    share: float  # the article's share of the total weight (traffic)
    cells: tuple[MatrixCell, ...]


@dataclass(frozen=True)
class MatrixGroup:
    """One section's articles, most read first, and its gaps per locale."""

    section: str
    rows: tuple[MatrixRow, ...]
    articles: int  # in the section, the rows cut by MATRIX_ROWS included
    gaps: tuple[tuple[str, int], ...]  # (locale, missing or untranslated), locales in order


@dataclass(frozen=True)
class Matrix:
    locales: tuple[str, ...]
    top: tuple[MatrixRow, ...]
    groups: tuple[MatrixGroup, ...]  # empty when every article is in `top`
    total: int  # source articles
    folded: int  # rows in the groups (at most MATRIX_ROWS)


def _row(article: ArticleRow, locales: tuple[str, ...], total_weight: float) -> MatrixRow:
    cells = []
    for loc in locales:
        t = article.translations.get(loc)
        cells.append(MatrixCell(loc, t.status.value if t else "", t.url if t else None))
    share = article.weight / total_weight if total_weight > 0 else 0.0
    return MatrixRow(article, share, tuple(cells))


def build_matrix(report: Report) -> Matrix:
    locales = tuple(r.locale for r in report.locales) or tuple(
        sorted({loc for a in report.articles for loc in a.translations}))
    total_weight = sum(a.weight for a in report.articles)
    ranked = sorted(report.articles, key=lambda a: (-a.weight, a.title, a.key))
    rows = [_row(a, locales, total_weight) for a in ranked]
    top = tuple(rows[:MATRIX_TOP])
    if len(rows) <= MATRIX_TOP:
        return Matrix(locales, top, (), len(rows), 0)
    by_section: dict[str, list[MatrixRow]] = defaultdict(list)
    for row in rows:
        by_section[row.article.section or NO_SECTION].append(row)
    groups = []
    budget = MATRIX_ROWS
    # Sections in the order of their traffic: the folds a reader opens first come first.
    order = sorted(by_section, key=lambda s: (-sum(r.article.weight for r in by_section[s]), s))
    for section in order:
        members = by_section[section]
        gaps: Counter[str] = Counter(c.locale for r in members for c in r.cells
                                     if c.status in GAPS)
        shown = tuple(members[:max(budget, 0)])
        budget -= len(shown)
        groups.append(MatrixGroup(section, shown, len(members),
                                  tuple((loc, gaps[loc]) for loc in locales)))
    return Matrix(locales, top, tuple(groups), len(rows), sum(len(g.rows) for g in groups))
