"""The history's tables in the config's store: every finished run's report, kept compactly.

A report is split in three (schema in crawl/schema.py):
- `history.summary`: the few numbers `locaudit history` shows (score, pages, per-locale rows,
  backlog and update sizes, findings counts), small JSON;
- `history.head`: the rest of the report but its article rows, backlog, updates and findings
  (those three are kept as sizes and counts only), zlib-compressed JSON; article weights in
  it, as they may all change when a traffic file does;
- `history_rows`: one row per article (locale '': title, section, words, URL, date) and per
  article x locale (status, URL, target share, date, words), stored once for the range of
  consecutive entries [first, last] over which it did not change.

So a run that changes 1 % of a site costs about 1 % of its rows. Entries are ordered by
their report's `generated_at` (`seq` 1..n): an imported older report slots in between, and
the ranges that span its place are split.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from locaudit.config import Config
from locaudit.crawl.store import Store
from locaudit.errors import StoreError
from locaudit.formats.json_format import from_dict, to_dict
from locaudit.history.records import FindingCount, HistoryEntry
from locaudit.models import ArticleRow, LocaleRow, Report, Status, Translation

SOURCE = ""  # the locale column of an article's own row
Key = tuple[str, str]  # (article, locale)


class History:
    """The history of one store. Reading works on a read-only store; writing needs a
    writable one (the caller holds no lock: history writes are short transactions)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- reading -------------------------------------------------------------------------
    def entries(self) -> list[HistoryEntry]:
        """Every entry, oldest first."""
        with self.store.database() as db:
            rows = db.execute("SELECT id, run_id, at, summary FROM history ORDER BY seq"
                              ).fetchall()
        return [_entry(int(i), run, at, summary) for i, run, at, summary in rows]

    def has_run(self, run_id: int) -> bool:
        with self.store.database() as db:
            return db.execute("SELECT 1 FROM history WHERE run_id=?", (run_id,)
                              ).fetchone() is not None

    def report(self, entry_id: int) -> Report:
        """The entry's report: as it was made, but for its backlog, updates and findings,
        which the history keeps as sizes and counts (HistoryEntry)."""
        with self.store.database() as db:
            seq, head = db.execute("SELECT seq, head FROM history WHERE id=?",
                                   (entry_id,)).fetchone()
            rows = db.execute("SELECT article, locale, value FROM history_rows "
                              "WHERE last >= ? AND first <= ?", (seq, seq)).fetchall()
        return _rebuilt(head, _items({(a, loc): v for a, loc, v in rows}))

    def reports(self, entry_ids: Iterable[int] | None = None) -> Iterator[Report]:
        """The reports of these entries (default: all), oldest first, in one pass over the
        rows: each report costs its own size, not a search of the history."""
        with self.store.database() as db:
            heads = db.execute("SELECT id, seq, head FROM history ORDER BY seq").fetchall()
            wanted = set(entry_ids) if entry_ids is not None else {int(h[0]) for h in heads}
            chosen = [(int(s), h) for i, s, h in heads if int(i) in wanted]
            if not chosen:
                return
            rows = db.execute("SELECT article, locale, first, last, value FROM history_rows "
                              "WHERE last >= ? AND first <= ? ORDER BY first",
                              (chosen[0][0], chosen[-1][0])).fetchall()
        # Each row is parsed once, and its Translation shared by the reports it spans.
        state: dict[Key, tuple[int, Item]] = {}
        position = 0
        for seq, head in chosen:
            start = position
            while position < len(rows) and rows[position][2] <= seq:
                position += 1
            fresh = rows[start:position]
            items = _items({(a, loc): v for a, loc, _, _, v in fresh})
            for article, locale, _, last, _ in fresh:
                state[(article, locale)] = (int(last), items[(article, locale)])
            state = {k: v for k, v in state.items() if v[0] >= seq}
            yield _rebuilt(head, {k: v for k, (_, v) in state.items()})

    def summaries(self, entry_ids: Iterable[int]) -> Iterator[Report]:
        """The reports of these entries without their article rows (cheap: no rows read),
        oldest first: what trend figures need of runs outside their window."""
        wanted = set(entry_ids)
        with self.store.database() as db:
            heads = db.execute("SELECT id, head FROM history ORDER BY seq").fetchall()
        for entry_id, head in heads:
            if int(entry_id) in wanted:
                yield _rebuilt(head, {})

    # -- writing -------------------------------------------------------------------------
    def record(self, report: Report, run_id: int | None = None) -> HistoryEntry | None:
        """Remember a report (of the store's finished run `run_id`, or imported). None when
        it is already there: the same run, or a report with the same date and numbers."""
        identity = _identity(report)
        values = _values(report)
        summary = json.dumps(_summary(report), separators=(",", ":"))
        head = zlib.compress(json.dumps(_head(report), separators=(",", ":")).encode(), 6)
        with self.store.database() as db, db:
            db.execute("BEGIN IMMEDIATE")
            if db.execute("SELECT 1 FROM history WHERE identity=? OR run_id=?",
                          (identity, run_id)).fetchone() is not None:
                return None
            seq = 1 + db.execute("SELECT COUNT(*) FROM history WHERE at <= ?",
                                 (report.generated_at,)).fetchone()[0]
            db.execute("UPDATE history SET seq = seq + 1 WHERE seq >= ?", (seq,))
            db.execute("UPDATE history_rows SET last = last + 1 WHERE last >= ?", (seq,))
            db.execute("UPDATE history_rows SET first = first + 1 WHERE first >= ?", (seq,))
            _insert_rows(db, seq, values)
            cur = db.execute("INSERT INTO history (seq, at, run_id, identity, summary, head) "
                             "VALUES (?, ?, ?, ?, ?, ?)",
                             (seq, report.generated_at, run_id, identity, summary, head))
            entry_id = int(cur.lastrowid or 0)
        return _entry(entry_id, run_id, report.generated_at, summary)

    def prune(self, keep: int, *, vacuum: bool = False) -> int:
        """Forget all but the newest `keep` entries; how many were forgotten. `vacuum`
        gives the file's space back (slow on a big store: for `history prune`)."""
        with self.store.database() as db, db:
            db.execute("BEGIN IMMEDIATE")
            total = db.execute("SELECT COUNT(*) FROM history").fetchone()[0]
            cut = max(0, total - keep)  # entries with seq <= cut go
            if cut:
                db.execute("DELETE FROM history WHERE seq <= ?", (cut,))
                db.execute("DELETE FROM history_rows WHERE last <= ?", (cut,))
                db.execute("UPDATE history_rows SET first = ? WHERE first <= ?", (cut + 1, cut))
                db.execute("UPDATE history_rows SET first = first - ?, last = last - ?",
                           (cut, cut))
                db.execute("UPDATE history SET seq = seq - ?", (cut,))
        if cut and vacuum:
            with self.store.database() as db:
                db.execute("VACUUM")  # give the space back: pruning is asked for, rarely
        return int(cut)


def remember(config: Config, store: Store, report: Report) -> HistoryEntry | None:
    """Add the report of the store's last finished run to the history, once: called when a
    run is first analysed (end of `audit`/`check`, or `report` after `crawl`). A report of
    an interrupted run is never history. A read-only store is left alone (None)."""
    chosen, finished = store.report_run(), store.finished_run()
    if chosen is None or finished is None or chosen[0] != finished:
        return None
    if History(store).has_run(finished):
        return None
    if not store.read_only:
        return _record(History(store), config, report, finished)
    try:
        writer = Store(store.path)
    except StoreError:
        return None  # read-only file or directory: `report` still works, unremembered
    try:
        return _record(History(writer), config, report, finished)
    finally:
        writer.close()


def earlier_reports(store: Store, report: Report, window_days: int = 56) -> list[Report]:
    """The remembered runs made before `report`, oldest first, as trend figures take them
    (`metrics.trends.with_history(report, earlier_reports(store, report), ...)`): with their
    article rows within `window_days` of it, summaries only (no articles) before that."""
    history = History(store)
    earlier = [e for e in history.entries() if e.at < report.generated_at]
    start = (_when(report.generated_at) - timedelta(days=window_days)).strftime(
        "%Y-%m-%dT%H:%M:%SZ")
    old = [e.id for e in earlier if e.at < start]
    recent = [e.id for e in earlier if e.at >= start]
    return [*history.summaries(old), *history.reports(recent)] if earlier else []


def _when(stamp: str) -> datetime:
    parsed = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _record(history: History, config: Config, report: Report,
            run_id: int) -> HistoryEntry | None:
    entry = history.record(report, run_id)
    apply_keep_runs(history, config)
    return entry


def apply_keep_runs(history: History, config: Config) -> None:
    if config.crawl.keep_runs is not None:
        history.prune(config.crawl.keep_runs)


def _insert_rows(db: sqlite3.Connection, seq: int, values: dict[Key, str]) -> None:
    """Make the rows at position `seq` (a free slot: later ones were moved up) say `values`:
    extend the rows that end just before or start just after with the same value, split
    those that span the slot."""
    def by_key(where: str) -> dict[Key, tuple[int, int, int, str]]:
        return {(a, loc): (rowid, first, last, v) for rowid, a, loc, first, last, v in
                db.execute("SELECT rowid, article, locale, first, last, value FROM "
                           f"history_rows WHERE {where}", (seq,))}

    before = by_key("last = ? - 1")
    after = by_key("first = ? + 1")
    spanning = by_key("last > ? AND first < ?".replace("?", "?1"))
    inserts: list[tuple[str, str, int, int, str]] = []
    lasts: list[tuple[int, int]] = []  # (new last, rowid)
    firsts: list[tuple[int, int]] = []
    deletes: list[tuple[int]] = []
    for key, value in values.items():
        span = spanning.get(key)
        if span is not None:
            if span[3] != value:
                lasts.append((seq - 1, span[0]))
                inserts += [(*key, seq + 1, span[2], span[3]), (*key, seq, seq, value)]
            continue
        early, late = before.get(key), after.get(key)
        early = early if early is not None and early[3] == value else None
        late = late if late is not None and late[3] == value else None
        if early is not None and late is not None:
            lasts.append((late[2], early[0]))
            deletes.append((late[0],))
        elif early is not None:
            lasts.append((seq, early[0]))
        elif late is not None:
            firsts.append((seq, late[0]))
        else:
            inserts.append((*key, seq, seq, value))
    for key, span in spanning.items():
        if key not in values:  # gone in this report: a hole in the range
            lasts.append((seq - 1, span[0]))
            inserts.append((*key, seq + 1, span[2], span[3]))
    db.executemany("UPDATE history_rows SET last=? WHERE rowid=?", lasts)
    db.executemany("UPDATE history_rows SET first=? WHERE rowid=?", firsts)
    db.executemany("DELETE FROM history_rows WHERE rowid=?", deletes)
    db.executemany("INSERT INTO history_rows VALUES (?, ?, ?, ?, ?)", inserts)


# -- the report in three parts ---------------------------------------------------------------
def _identity(report: Report) -> str:
    """What makes two reports the same one: the same site, date and numbers."""
    return json.dumps([report.generated_at, sorted(report.site.start_urls),
                       round(report.summary.score, 6), report.summary.source_articles,
                       report.crawl.pages])


def _values(report: Report) -> dict[Key, str]:
    values: dict[Key, str] = {}
    for article in report.articles:
        values[(article.key, SOURCE)] = _dump([article.title, article.section, article.words,
                                               article.source_url, article.modified])
        for locale, tr in article.translations.items():
            share = None if tr.target_share is None else round(tr.target_share, 6)
            values[(article.key, locale)] = _dump([tr.status.value, tr.url, share,
                                                   tr.modified, tr.words])
    return values


def _dump(value: list[Any]) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _sizes(items: Iterable[Any]) -> dict[str, float]:
    listed = list(items)
    return {"items": len(listed), "words": sum(i.words for i in listed),
            "cost": round(sum(i.cost for i in listed), 2)}


def _summary(report: Report) -> dict[str, Any]:
    counts = Counter((f.type.value, f.severity.value) for f in report.findings)
    return {"pages": report.crawl.pages, "complete": report.crawl.complete,
            "score": round(report.summary.score, 6),
            "source_articles": report.summary.source_articles,
            "locales": to_dict(replace(report, articles=(), backlog=(), updates=(),
                                       findings=(), sections=(), plans=(),
                                       history=None))["locales"],
            "backlog": _sizes(report.backlog), "updates": _sizes(report.updates),
            "currency": report.currency,
            "findings": [[t, s, n] for (t, s), n in sorted(counts.items())]}


def _head(report: Report) -> dict[str, Any]:
    # Not its trends block (made from the history itself, metrics/trends.py), nor its gates
    # and what changed since a baseline (an imported report may be check's output).
    head = to_dict(replace(report, articles=(), backlog=(), updates=(), findings=(),
                           gates=(), history=None, changes=None))
    head["weights"] = {a.key: a.weight for a in report.articles if a.weight != 1.0}
    return head


def _entry(entry_id: int, run_id: int | None, at: str, summary: str) -> HistoryEntry:
    data = json.loads(summary)
    backlog, updates = data["backlog"], data["updates"]
    return HistoryEntry(
        id=entry_id, run_id=run_id, at=at, pages=data["pages"], complete=data["complete"],
        score=data["score"], source_articles=data["source_articles"],
        locales=tuple(LocaleRow(**row) for row in data["locales"]),
        backlog_items=int(backlog["items"]), backlog_words=int(backlog["words"]),
        backlog_cost=backlog["cost"], updates_items=int(updates["items"]),
        updates_words=int(updates["words"]), updates_cost=updates["cost"],
        currency=data["currency"], findings=tuple(FindingCount(*f) for f in data["findings"]))


Item = tuple[Any, ...] | Translation  # a source row's fields, or a translation


def _items(values: dict[Key, str]) -> dict[Key, Item]:
    """Rows as the report holds them. One parse for all: a json.loads per row was most of
    the time."""
    parsed = json.loads("[" + ",".join(values.values()) + "]")
    return {key: _item(key[1], raw) for key, raw in zip(values, parsed, strict=True)}


def _item(locale: str, raw: list[Any]) -> Item:
    if locale == SOURCE:
        return tuple(raw)  # title, section, words, source URL, date
    status, url, share, modified, words = raw
    return Translation(Status(status), url, share, modified, words)


def _rebuilt(head: bytes, items: dict[Key, Item]) -> Report:
    data = json.loads(zlib.decompress(head))
    weights: dict[str, float] = data.pop("weights", {})
    report = from_dict(data)
    locales = [row.locale for row in report.locales]
    articles = []
    for key in sorted(k for k, loc in items if loc == SOURCE):
        source = items[(key, SOURCE)]
        assert isinstance(source, tuple)
        title, section, words, url, modified = source
        translations = {}
        for locale in locales:
            translation = items.get((key, locale))
            if isinstance(translation, Translation):
                translations[locale] = translation
        articles.append(ArticleRow(key, title, section, words, weights.get(key, 1.0), url,
                                   translations, modified))
    return replace(report, articles=tuple(articles))
