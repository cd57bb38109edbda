"""SQLite store of fetched pages and crawl runs (WAL mode, one database per site).

Pages stream here as they are fetched, so memory stays flat however large the site;
`locaudit report` re-analyses a store without touching the network.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from urllib.parse import urlsplit

from locaudit.errors import StoreError
from locaudit.models import Alternate, CrawlStats, Page

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pages (
    requested_url TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    status INTEGER NOT NULL,
    data TEXT NOT NULL,
    run_id INTEGER
);
CREATE TABLE IF NOT EXISTS frontier (
    url TEXT PRIMARY KEY,
    depth INTEGER NOT NULL,
    done INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    stats TEXT
);
"""


def store_path(store_dir: Path, start_url: str) -> Path:
    """One database per site, named after its host: `.locaudit/help.acme.example.sqlite`."""
    host = urlsplit(start_url).netloc or "site"
    return store_dir / (re.sub(r"[^A-Za-z0-9.-]+", "_", host) + ".sqlite")


class Store:
    """Pages, frontier and runs of one site's crawl."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path), isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
            row = self._db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
            if row is None:
                self._db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
            elif int(row[0]) != SCHEMA_VERSION:
                raise StoreError(f"{path}: store schema {row[0]}, expected {SCHEMA_VERSION}")
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"{path}: cannot open the store: {exc}") from exc
        self._pending: list[Page] = []

    # -- writing -----------------------------------------------------------------------
    def add_page(self, page: Page, run_id: int | None = None) -> None:
        self._pending.append(page)
        if len(self._pending) >= 200:
            self.flush(run_id)

    def flush(self, run_id: int | None = None) -> None:
        if not self._pending:
            return
        rows = [(p.requested_url, p.url, p.status, _dump(p), run_id) for p in self._pending]
        with self._db:
            self._db.execute("BEGIN")
            self._db.executemany("INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?, ?)", rows)
            self._db.executemany(
                "UPDATE frontier SET done=1 WHERE url=?", [(r[0],) for r in rows]
            )
        self._pending.clear()

    def reset(self) -> None:
        """Forget a previous crawl (a fresh audit); runs are kept for history."""
        with self._db:
            self._db.execute("BEGIN")
            self._db.execute("DELETE FROM pages")
            self._db.execute("DELETE FROM frontier")

    def start_run(self, started_at: str) -> int:
        cur = self._db.execute("INSERT INTO runs (started_at) VALUES (?)", (started_at,))
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, finished_at: str, stats: CrawlStats) -> None:
        self.flush(run_id)
        self._db.execute(
            "UPDATE runs SET finished_at=?, stats=? WHERE id=?",
            (finished_at, json.dumps(asdict(stats)), run_id),
        )

    # -- reading -----------------------------------------------------------------------
    def pages(self) -> Iterator[Page]:
        """Every stored page, in URL order (so analysis is deterministic)."""
        self.flush()
        for (data,) in self._db.execute("SELECT data FROM pages ORDER BY requested_url"):
            yield _load(data)

    def page_count(self) -> int:
        self.flush()
        return int(self._db.execute("SELECT COUNT(*) FROM pages").fetchone()[0])

    def last_stats(self) -> CrawlStats | None:
        row = self._db.execute(
            "SELECT stats FROM runs WHERE stats IS NOT NULL ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return CrawlStats(**json.loads(row[0])) if row else None

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self._db.close()


def _dump(page: Page) -> str:
    return json.dumps(asdict(page), ensure_ascii=False, sort_keys=True)


def _load(data: str) -> Page:
    raw = json.loads(data)
    raw["alternates"] = tuple(Alternate(**a) for a in raw.get("alternates", ()))
    raw["redirects"] = tuple(raw.get("redirects", ()))
    return Page(**raw)
