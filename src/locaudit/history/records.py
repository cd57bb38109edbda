"""What the history hands out: one entry per remembered run, and the `history` table."""

from __future__ import annotations

from dataclasses import dataclass

from locaudit.models import LocaleRow


@dataclass(frozen=True)
class FindingCount:
    type: str  # models.FindingType value
    severity: str  # models.Severity value
    count: int


@dataclass(frozen=True)
class HistoryEntry:
    """One finished run's report as the history keeps it, in brief (no article rows):
    what `locaudit history` shows, read without decompressing any report."""

    id: int  # the history's id of the entry: `diff --from ID`
    run_id: int | None  # the store's run it analysed; None for an imported report
    at: str  # the report's generated_at (UTC, ISO 8601): the history's order
    pages: int
    complete: bool
    score: float
    source_articles: int
    locales: tuple[LocaleRow, ...]
    backlog_items: int
    backlog_words: int
    backlog_cost: float
    updates_items: int
    updates_words: int
    updates_cost: float
    currency: str
    findings: tuple[FindingCount, ...]


@dataclass(frozen=True)
class CoverageCell:
    """One locale in one run: its weighted coverage, and which way it moved since the run
    before (↑ ↓ →; empty for the first run, or a locale the run before did not have)."""

    locale: str
    weighted_coverage: float | None  # None: the run did not report this locale
    arrow: str


@dataclass(frozen=True)
class HistoryRow:
    entry: HistoryEntry
    trends: tuple[CoverageCell, ...]  # one per HistoryTable.locales, in that order


@dataclass(frozen=True)
class HistoryTable:
    """`locaudit history`: the remembered runs, oldest first."""

    site: str
    locales: tuple[str, ...]  # every locale any shown run reported, sorted
    rows: tuple[HistoryRow, ...]
    total: int  # entries in the history, shown or not (--since, --last)
