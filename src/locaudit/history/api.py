"""The history's library API: what the commands (`history`, `history import`, `history
prune`, `diff --from/--to`, `check` without `--baseline`) and the trend figures call.

    from locaudit.history.api import history_of, history_reports
    table = history_of(load_config("acme.yaml"), last=10)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from locaudit.audit import open_store
from locaudit.config import Config
from locaudit.crawl.store import Store
from locaudit.crawl.storefile import store_path
from locaudit.errors import ConfigError, ReportFileError
from locaudit.formats.json_format import load_report
from locaudit.history.records import HistoryEntry, HistoryTable
from locaudit.history.store import History, apply_keep_runs
from locaudit.history.table import history_table, pick, previous_entry
from locaudit.models import Report


@contextmanager
def reading(config: Config) -> Iterator[History | None]:
    """The config's history, read-only (works while a crawl writes the store); None when
    the config has no store yet (nothing is created)."""
    path = store_path(config.crawl.store, config.site.start_urls[0], config.path)
    if not path.exists():
        yield None
        return
    store = open_store(config, read_only=True)
    try:
        yield History(store)
    finally:
        store.close()


@contextmanager
def writing(config: Config) -> Iterator[History]:
    """The config's history, writable: holds the store's lock like a crawl."""
    store = open_store(config)
    try:
        yield History(store)
    finally:
        store.close()


def history_of(config: Config, *, since: date | None = None,
               last: int | None = None) -> HistoryTable:
    """`locaudit history`: the remembered runs, oldest first."""
    with reading(config) as history:
        entries = history.entries() if history is not None else []
    return history_table(entries, config.site.name, since=since, last=last)


def history_reports(store: Store, *, since: date | None = None,
                    last: int | None = None) -> list[Report]:
    """The remembered reports, oldest first (from `since`, the newest `last`), each with its
    article rows (status, dates, words) but without backlog, updates and findings (their
    sizes and counts are in `History(store).entries()`, in the same order). For trend
    figures. A year of daily runs of 5,000 articles x 6 locales is 365 reports of 35,000
    rows: pass `since` or `last` when the whole year is not needed."""
    history = History(store)
    table = history_table(history.entries(), "", since=since, last=last)
    return list(history.reports([row.entry.id for row in table.rows]))


def stored_report(config: Config, selector: str, option: str) -> Report:
    """The report of the entry a user names (`last`, an id, a date): for `diff`."""
    with reading(config) as history:
        entries = history.entries() if history is not None else []
        entry = pick(entries, selector, option)  # an empty history: a clear error
        assert history is not None
        return history.report(entry.id)


def previous_report(config: Config, report: Report) -> tuple[HistoryEntry, Report] | None:
    """The newest remembered report made before `report`: `check`'s baseline when none is
    given."""
    with reading(config) as history:
        if history is None:
            return None
        entry = previous_entry(history.entries(), report.generated_at)
        return (entry, history.report(entry.id)) if entry is not None else None


@dataclass(frozen=True)
class Imported:
    path: str
    entry: HistoryEntry | None  # None: already in the history (nothing done)
    generated_at: str


def import_reports(config: Config, paths: list[str]) -> list[Imported]:
    """Add earlier JSON reports (CI artifacts, ...) to the history, each at its place by
    `generated_at`. Every file is read and checked before any is added: one bad file adds
    nothing. A report already there is left as it is."""
    reports = [(path, load_report(path)) for path in paths]
    hosts = _site_hosts(config)
    for path, report in reports:
        theirs = {urlsplit(u).netloc.lower() for u in report.site.start_urls}
        if not theirs & hosts:
            raise ReportFileError(
                f"{path}: a report of another site ({', '.join(report.site.start_urls)}), "
                f"not of {config.site.name} ({', '.join(sorted(hosts))})")
    done = []
    with writing(config) as history:
        for path, report in sorted(reports, key=lambda pr: pr[1].generated_at):
            entry = history.record(report)
            apply_keep_runs(history, config)
            done.append(Imported(path, entry, report.generated_at))
    return done


def prune_history(config: Config, keep: int | None) -> tuple[int, int]:
    """Forget all but the newest `keep` entries (default: `crawl.keep_runs`); (forgotten,
    kept)."""
    keep = keep if keep is not None else config.crawl.keep_runs
    if keep is None:
        raise ConfigError("how many runs to keep? pass --keep N or set crawl.keep_runs",
                          key="--keep")
    with writing(config) as history:
        forgotten = history.prune(keep, vacuum=True)
        return forgotten, len(history.entries())


def _site_hosts(config: Config) -> set[str]:
    return {urlsplit(u).netloc.lower() for u in config.site.start_urls} | \
        {h.lower() for h in config.site.hosts}
