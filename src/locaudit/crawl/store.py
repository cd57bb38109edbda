"""SQLite store of fetched pages and crawl runs (WAL mode, one database per site).

Pages stream here as they are fetched, so memory stays flat however large the site;
`locaudit report` re-analyses a store without touching the network.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import asdict, replace
from pathlib import Path
from urllib.parse import urlsplit

from locaudit.errors import StoreError
from locaudit.models import Alternate, CrawlStats, Page

SCHEMA_VERSION = 2
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pages (
    requested_url TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    status INTEGER NOT NULL,
    data TEXT NOT NULL,
    links TEXT NOT NULL DEFAULT '[]',
    run_id INTEGER
);
CREATE TABLE IF NOT EXISTS frontier (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    url TEXT NOT NULL UNIQUE,
    done INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS sitemap (
    url TEXT PRIMARY KEY,
    lastmod TEXT,
    alternates TEXT NOT NULL
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
                raise StoreError(f"{path}: store written by another locaudit version (schema "
                                 f"{row[0]}, expected {SCHEMA_VERSION}); delete it to start over")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path}: the store is unusable ({exc}); delete it to start "
                             "over") from exc
        except OSError as exc:
            raise StoreError(f"{path}: cannot open the store: {exc}") from exc
        self._pending: list[tuple[Page, list[str], int | None]] = []
        self._pending_frontier: list[str] = []
        self._last_flush = time.monotonic()

    # -- writing -----------------------------------------------------------------------
    def add_page(self, page: Page, links: list[str] | None = None, *,
                 run_id: int | None = None) -> None:
        self._pending.append((page, links or [], run_id))
        # Batched for speed, but at least once a second: a killed crawl loses little.
        if len(self._pending) >= 200 or time.monotonic() - self._last_flush > 1.0:
            self.flush()

    def add_frontier(self, urls: list[str]) -> None:
        """Queue URLs; written with the next flush, in the same transaction as the pages
        whose links they are, so a killed crawl resumes from a consistent state."""
        self._pending_frontier.extend(urls)

    def flush(self) -> None:
        if not self._pending and not self._pending_frontier:
            return
        rows = [(p.requested_url, p.url, p.status, _dump(p), json.dumps(links), run_id)
                for p, links, run_id in self._pending]
        with self._db:
            self._db.execute("BEGIN")
            self._db.executemany(
                "INSERT OR IGNORE INTO frontier (url) VALUES (?)",
                [(u,) for u in self._pending_frontier])
            self._db.executemany(
                "INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?, ?, ?)", rows)
            self._db.executemany(
                "UPDATE frontier SET done=1 WHERE url=?", [(r[0],) for r in rows])
        self._pending.clear()
        self._pending_frontier.clear()
        self._last_flush = time.monotonic()

    def add_sitemap_entries(self, entries: list[tuple[str, str | None, str]]) -> None:
        """(url, lastmod, alternates as JSON) rows from the site's sitemaps."""
        with self._db:
            self._db.execute("BEGIN")
            self._db.executemany("INSERT OR REPLACE INTO sitemap VALUES (?, ?, ?)", entries)

    def start_run(self, started_at: str) -> int:
        """A new crawl: the frontier and sitemap data start empty; pages of the previous
        run stay until pruned, for conditional requests."""
        with self._db:
            self._db.execute("BEGIN")
            self._db.execute("DELETE FROM frontier")
            self._db.execute("DELETE FROM sitemap")
            cur = self._db.execute("INSERT INTO runs (started_at) VALUES (?)", (started_at,))
        return int(cur.lastrowid or 0)

    def unfinished_run(self) -> int | None:
        """The run a killed or interrupted crawl left behind, if any."""
        row = self._db.execute(
            "SELECT id FROM runs ORDER BY id DESC LIMIT 1").fetchone()
        if row is None:
            return None
        done = self._db.execute("SELECT finished_at FROM runs WHERE id=?", (row[0],)).fetchone()
        return int(row[0]) if done[0] is None else None

    def finish_run(self, run_id: int, finished_at: str, stats: CrawlStats) -> None:
        """Close the run and drop pages the site no longer links to."""
        self.flush()
        with self._db:
            self._db.execute("BEGIN")
            self._db.execute("DELETE FROM pages WHERE run_id IS NOT ?", (run_id,))
            self._db.execute("UPDATE runs SET finished_at=?, stats=? WHERE id=?",
                             (finished_at, json.dumps(asdict(stats)), run_id))

    # -- reading -----------------------------------------------------------------------
    def frontier(self) -> tuple[list[str], list[str]]:
        """(every URL seen in this run, the ones still to fetch in queue order)."""
        self.flush()
        rows = self._db.execute("SELECT url, done FROM frontier ORDER BY seq").fetchall()
        return [u for u, _ in rows], [u for u, done in rows if not done]

    def has_previous(self, run_id: int) -> bool:
        """Whether an earlier run left pages. A run never adds pages of another run, so when
        this is false at the start of a run, `previous` finds nothing for the whole run."""
        return self._db.execute("SELECT 1 FROM pages WHERE run_id IS NOT ? LIMIT 1",
                                (run_id,)).fetchone() is not None

    def previous(self, requested_url: str, run_id: int) -> tuple[Page, list[str]] | None:
        """The page stored by an earlier run (for If-None-Match / If-Modified-Since)."""
        row = self._db.execute(
            "SELECT data, links FROM pages WHERE requested_url=? AND run_id IS NOT ?",
            (requested_url, run_id)).fetchone()
        return (_load(row[0]), json.loads(row[1])) if row else None

    def run_counts(self, run_id: int) -> tuple[int, int, int]:
        """(pages fetched, errors, blocked by robots) of a run, from what is stored, so a
        resumed crawl reports the same numbers as an uninterrupted one."""
        self.flush()
        row = self._db.execute(
            "SELECT SUM(robots_rule IS NULL), SUM(robots_rule IS NULL AND (status = 0 OR "
            "status >= 400 OR error IS NOT NULL)), SUM(robots_rule IS NOT NULL) FROM ("
            "SELECT status, json_extract(data, '$.robots_rule') AS robots_rule, "
            "json_extract(data, '$.error') AS error FROM pages WHERE run_id=?)",
            (run_id,)).fetchone()
        return int(row[0] or 0), int(row[1] or 0), int(row[2] or 0)

    def pages(self) -> Iterator[Page]:
        """Every stored page in URL order (deterministic analysis), with the sitemap's
        hreflang alternates and lastmod merged in."""
        self.flush()
        sitemap = {url: (lastmod, json.loads(alts)) for url, lastmod, alts in
                   self._db.execute("SELECT url, lastmod, alternates FROM sitemap")}
        # Every page of an article lists the same alternates, and their URLs are other
        # pages' URLs: one object each instead of one per mention keeps 100,000 pages in
        # memory in 40% less (the analysis holds them all). All immutable, so shared.
        shared: dict[object, object] = {}
        for (data,) in self._db.execute("SELECT data FROM pages ORDER BY requested_url"):
            page = _load(data, shared)
            entry = sitemap.get(page.url)
            if entry is not None:
                lastmod, alts = entry
                page = replace(page, sitemap_lastmod=lastmod, alternates=page.alternates + tuple(
                    Alternate(h, u, "sitemap") for h, u in alts))
            yield page

    def sitemap_count(self) -> int:
        """How many URLs the site's sitemaps listed."""
        return int(self._db.execute("SELECT COUNT(*) FROM sitemap").fetchone()[0])

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
    # asdict(page) by hand: dataclasses.asdict deep-copies every field and was most of the
    # store's CPU. The same JSON: tuples become lists either way.
    data = dict(page.__dict__)
    data["alternates"] = [dict(a.__dict__) for a in page.alternates]
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _load(data: str, shared: dict[object, object] | None = None) -> Page:
    raw = json.loads(data)
    if shared is None:
        raw["alternates"] = tuple(Alternate(**a) for a in raw.get("alternates", ()))
    else:
        for name in ("url", "requested_url"):
            if isinstance(raw.get(name), str):
                raw[name] = shared.setdefault(raw[name], raw[name])
        alternates = []
        for a in raw.get("alternates", ()):
            key = ("alternate", *sorted(a.items()))
            alternate = shared.get(key)
            if alternate is None:
                if isinstance(a.get("url"), str):
                    a["url"] = shared.setdefault(a["url"], a["url"])
                alternate = shared[key] = Alternate(**a)
            alternates.append(alternate)
        raw["alternates"] = tuple(alternates)
    raw["redirects"] = tuple(raw.get("redirects", ()))
    return Page(**raw)
