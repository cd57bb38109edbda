"""The store's SQLite schema, and the upgrade of stores written by earlier versions."""

from __future__ import annotations

import sqlite3

SCHEMA_VERSION = 4
TABLES = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        state TEXT NOT NULL DEFAULT 'discovering',
        stats TEXT)""",
    """CREATE TABLE IF NOT EXISTS pages (
        run_id INTEGER NOT NULL,
        requested_url TEXT NOT NULL,
        url TEXT NOT NULL,
        status INTEGER NOT NULL,
        data TEXT NOT NULL,
        links TEXT NOT NULL DEFAULT '[]',
        PRIMARY KEY (run_id, requested_url))""",
    # state: 0 queued, 1 fetched, 2 refused by a trap guard. In the order the crawler saw
    # the URLs, so replaying them rebuilds the trap guards' counters exactly.
    """CREATE TABLE IF NOT EXISTS frontier (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id INTEGER NOT NULL,
        url TEXT NOT NULL,
        state INTEGER NOT NULL DEFAULT 0,
        UNIQUE (run_id, url))""",
    """CREATE TABLE IF NOT EXISTS sitemap (
        run_id INTEGER NOT NULL,
        url TEXT NOT NULL,
        lastmod TEXT,
        alternates TEXT NOT NULL,
        PRIMARY KEY (run_id, url))""",
    # The history (history/store.py): one entry per finished run's report, in date order
    # (`seq` 1..n); `summary` is the small JSON `locaudit history` reads, `head` the rest of
    # the report but its article rows (zlib JSON).
    """CREATE TABLE IF NOT EXISTS history (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        seq INTEGER NOT NULL,
        at TEXT NOT NULL,
        run_id INTEGER UNIQUE,
        identity TEXT NOT NULL UNIQUE,
        summary TEXT NOT NULL,
        head BLOB NOT NULL)""",
    # Article x locale rows (locale '' is the source article), each stored once for the run
    # range [first, last] (history seq) over which its value did not change.
    """CREATE TABLE IF NOT EXISTS history_rows (
        article TEXT NOT NULL,
        locale TEXT NOT NULL,
        first INTEGER NOT NULL,
        last INTEGER NOT NULL,
        value TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS history_rows_last ON history_rows (last)",
    "CREATE INDEX IF NOT EXISTS history_rows_first ON history_rows (first)",
)
QUEUED, FETCHED, REFUSED = 0, 1, 2
DISCOVERING, CRAWLING, FINISHED, ABANDONED = "discovering", "crawling", "finished", "abandoned"


def migrate_v3(db: sqlite3.Connection) -> None:
    """Schema 3 to 4: the history tables, empty (earlier runs' reports were not kept), in
    the caller's transaction."""
    for statement in TABLES:
        db.execute(statement)
    db.execute("UPDATE meta SET value=? WHERE key='schema'", (str(SCHEMA_VERSION),))


def schema_of(db: sqlite3.Connection) -> int | None:
    """The store's schema version; None for a new, empty database."""
    if db.execute("SELECT 1 FROM sqlite_master WHERE name='meta'").fetchone() is None:
        return None
    row = db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
    return int(row[0]) if row else None


def migrate_v2(db: sqlite3.Connection) -> None:
    """Schema 2 (locaudit 0.1: pages keyed by URL, one frontier) to run records, in the
    caller's transaction. Kept: the last finished run, unless an unfinished run had already
    replaced some of its pages (then it is incomplete); the unfinished run if it has a
    frontier to resume."""
    for table in ("runs", "pages", "frontier", "sitemap"):
        db.execute(f"ALTER TABLE {table} RENAME TO {table}_v2")
    for index in [r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type='index' AND sql IS NOT NULL")]:
        db.execute(f"DROP INDEX {index}")
    for statement in TABLES[1:5]:
        db.execute(statement)
    last = db.execute("SELECT id, finished_at FROM runs_v2 ORDER BY id DESC LIMIT 1").fetchone()
    unfinished = int(last[0]) if last is not None and last[1] is None else None
    finished = db.execute("SELECT id FROM runs_v2 WHERE finished_at IS NOT NULL ORDER BY id "
                          "DESC LIMIT 1").fetchone()
    own = db.execute("SELECT COUNT(*) FROM pages_v2 WHERE run_id IS ?",
                     (unfinished,)).fetchone()[0] if unfinished is not None else 0
    page_columns = "requested_url, url, status, data, links"
    if finished is not None and own == 0:
        keep = int(finished[0])
        db.execute("INSERT INTO runs SELECT id, started_at, finished_at, ?, stats FROM runs_v2 "
                   "WHERE id=?", (FINISHED, keep))
        db.execute(f"INSERT INTO pages SELECT ?, {page_columns} FROM pages_v2 "
                   "WHERE run_id IS NOT ?", (keep, unfinished))
        if unfinished is None:
            db.execute("INSERT INTO sitemap SELECT ?, * FROM sitemap_v2", (keep,))
    if unfinished is not None and db.execute("SELECT 1 FROM frontier_v2").fetchone():
        db.execute("INSERT INTO runs SELECT id, started_at, NULL, ?, NULL FROM runs_v2 "
                   "WHERE id=?", (CRAWLING, unfinished))
        db.execute(f"INSERT INTO pages SELECT run_id, {page_columns} FROM pages_v2 "
                   "WHERE run_id=?", (unfinished,))
        db.execute("INSERT INTO frontier (run_id, url, state) SELECT ?, url, done FROM "
                   "frontier_v2 ORDER BY seq", (unfinished,))
        db.execute("INSERT INTO sitemap SELECT ?, * FROM sitemap_v2", (unfinished,))
    for table in ("runs", "pages", "frontier", "sitemap"):
        db.execute(f"DROP TABLE {table}_v2")
    migrate_v3(db)
