"""`locaudit history` as data: the remembered runs with their per-locale trend, and the
choice of runs by id, date or name (`diff --from/--to`). Pure functions over entries."""

from __future__ import annotations

from datetime import date

from locaudit.errors import ConfigError
from locaudit.history.records import CoverageCell, HistoryEntry, HistoryRow, HistoryTable

STEADY = 0.0005  # under a twentieth of a percent point: shown as → (tables show 0.1 %)


def history_table(entries: list[HistoryEntry], site: str, *, since: date | None = None,
                  last: int | None = None) -> HistoryTable:
    """The entries (oldest first) from `since` (a UTC date) on, the newest `last` of them;
    each locale's arrow compares with the entry before, shown or not."""
    rows = []
    for index, entry in enumerate(entries):
        before = {r.locale: r.weighted_coverage for r in entries[index - 1].locales} \
            if index else {}
        rows.append((entry, before))
    shown = [(e, b) for e, b in rows if since is None or e.at[:10] >= since.isoformat()]
    if last is not None:
        shown = shown[-last:] if last > 0 else []
    locales = tuple(sorted({r.locale for e, _ in shown for r in e.locales}))
    return HistoryTable(site, locales, tuple(
        HistoryRow(entry, tuple(_trend(entry, before, loc) for loc in locales))
        for entry, before in shown), len(entries))


def _trend(entry: HistoryEntry, before: dict[str, float], locale: str) -> CoverageCell:
    now = next((r.weighted_coverage for r in entry.locales if r.locale == locale), None)
    was = before.get(locale)
    if now is None or was is None:
        return CoverageCell(locale, now, "")
    arrow = "→" if abs(now - was) < STEADY else ("↑" if now > was else "↓")
    return CoverageCell(locale, now, arrow)


def pick(entries: list[HistoryEntry], selector: str, option: str) -> HistoryEntry:
    """The entry a user names: `last`, `previous` (the one before last), `first`, an entry
    id (`12`, as `locaudit history` shows), or a date (`2026-11-01`: the last entry of that
    day, else the last before it)."""
    if not entries:
        raise ConfigError("the history is empty: audit the site (or `locaudit history "
                          "import` earlier reports) first", key=option)
    text = selector.strip().lower()
    named = {"last": -1, "latest": -1, "previous": -2, "first": 0}
    if text in named:
        if text == "previous" and len(entries) < 2:
            raise ConfigError("the history has one entry: there is no previous run",
                              key=option)
        return entries[named[text]]
    if text.isdigit():
        found = next((e for e in entries if e.id == int(text)), None)
        if found is None:
            raise ConfigError(f"no history entry {text} (ids {entries[0].id}..."
                              f"{entries[-1].id}; see `locaudit history`)", key=option)
        return found
    try:
        day = date.fromisoformat(text[:10])
    except ValueError:
        raise ConfigError(f"'{selector}' is not a history entry: give an id, a date "
                          "(YYYY-MM-DD), last, previous or first", key=option) from None
    earlier = [e for e in entries if e.at[:10] <= day.isoformat()]
    if not earlier:
        raise ConfigError(f"the history starts on {entries[0].at[:10]}: nothing on or "
                          f"before {day}", key=option)
    return earlier[-1]


def previous_entry(entries: list[HistoryEntry], generated_at: str) -> HistoryEntry | None:
    """The newest entry made before a report: what `check` compares it with."""
    earlier = [e for e in entries if e.at < generated_at]
    return earlier[-1] if earlier else None
