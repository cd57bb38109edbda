"""SQLite store of crawl runs and their pages (WAL mode, one database per config).

Pages stream here as they are fetched, so memory stays flat however large the site;
`locaudit report` re-analyses a store without touching the network.

Every crawl writes into its own run record: its pages, frontier and sitemap rows carry the
run's id. The previous finished run stays untouched until the new run finishes, then one
transaction replaces it. A run is `discovering` until its seeds and sitemap URLs are all in
the frontier (one transaction), then `crawling` (resumable), then `finished`; a run killed
while discovering is started again. So a crawl killed at any moment leaves the last finished
crawl intact, and resumes.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

from locaudit.crawl.schema import (
    ABANDONED,
    CRAWLING,
    DISCOVERING,
    FETCHED,
    FINISHED,
    QUEUED,
    REFUSED,
    SCHEMA_VERSION,
    TABLES,
    migrate_v2,
    migrate_v3,
    schema_of,
)
from locaudit.crawl.storefile import StoreLock, corrupt, translate
from locaudit.errors import StoreError, UnreadableStoreError
from locaudit.models import Alternate, CrawlStats, Page, SourceKind

PARTIAL_REASON = "partial: this crawl was interrupted and has not finished; run the same " \
                 "crawl again to resume it"


class Store:
    """Runs, pages, frontier and sitemap of one config's crawls.

    `read_only=True` (for `report`) opens the file without writing it, on one snapshot:
    it works on a read-only file or directory, and while a crawl writes the store.
    """

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self.notices: list[str] = []  # what the user should know (a file moved aside, ...)
        self.lock: StoreLock | None = None  # held by a crawl, released by close()
        self._pending: list[tuple[Page, list[str], int | None]] = []
        self._pending_frontier: list[tuple[str, int]] = []
        self._run: int | None = None  # the run being crawled
        self._previous: int | None = None  # the last finished run before it
        self._last_flush = time.monotonic()
        with self._errors():
            if read_only:
                self._db = self._open_reader()
            else:
                self._db = self._open_writer()

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """SQLite and OS errors as StoreErrors that say what to do (disk full, ...)."""
        try:
            yield
        except (sqlite3.Error, OSError) as exc:
            raise translate(exc, self.path) from exc

    def _open_writer(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(str(self.path), isolation_level=None, timeout=30)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            self.schema = schema_of(db)
            with db:
                db.execute("BEGIN IMMEDIATE")  # a write: a read-only store fails here
                if self.schema is None:
                    for statement in TABLES:
                        db.execute(statement)
                    db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
                elif self.schema == 2:
                    migrate_v2(db)
                elif self.schema == 3:
                    migrate_v3(db)
                elif self.schema != SCHEMA_VERSION:
                    raise UnreadableStoreError(
                        f"the store {self.path} was written by another locaudit version "
                        f"(schema {self.schema}, this one reads {SCHEMA_VERSION}); run with "
                        "--fresh to move it aside and start a new crawl")
                db.execute("INSERT OR REPLACE INTO meta VALUES ('opened_at', ?)",
                           (str(time.time()),))
        except BaseException:
            db.close()
            raise
        self.schema = SCHEMA_VERSION
        return db

    def _open_reader(self) -> sqlite3.Connection:
        if not self.path.exists():
            raise StoreError(f"no crawl stored in {self.path}; run `locaudit crawl` first")
        uri = "file:" + quote(str(self.path)) + "?mode=ro"
        try:
            db = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=30)
            self.schema = schema_of(db)
        except sqlite3.OperationalError:
            # A WAL database in a directory nobody may write (no shared-memory file can be
            # made): read the file as it is. A finished crawl is all in the file.
            db = sqlite3.connect(uri + "&immutable=1", uri=True, isolation_level=None)
            self.schema = schema_of(db)
        # One snapshot for the whole report, whatever a running crawl commits meanwhile.
        db.execute("BEGIN")
        db.execute("SELECT COUNT(*) FROM meta").fetchone()
        return db

    # -- runs --------------------------------------------------------------------------
    def begin_run(self, started_at: str, *, fresh: bool = False) -> tuple[int, bool]:
        """(run id, resume?): the unfinished run whose frontier is complete, unless
        `fresh`; else a new run. A run killed during discovery is not resumable."""
        with self._errors():
            row = self._db.execute(
                "SELECT id, state FROM runs WHERE state IN (?, ?) ORDER BY id DESC LIMIT 1",
                (DISCOVERING, CRAWLING)).fetchone()
        if row is not None and row[1] == CRAWLING and not fresh:
            self._set_run(int(row[0]))
            return int(row[0]), True
        return self.start_run(started_at), False

    def start_run(self, started_at: str) -> int:
        """A new run. Unfinished runs are abandoned; the last finished run is kept until
        this one finishes (its pages answer conditional requests meanwhile)."""
        with self._errors(), self._db:
            self._db.execute("BEGIN")
            for table in ("pages", "frontier", "sitemap"):
                self._db.execute(f"DELETE FROM {table} WHERE run_id IN (SELECT id FROM runs "
                                 "WHERE state IN (?, ?))", (DISCOVERING, CRAWLING))
            self._db.execute("UPDATE runs SET state=? WHERE state IN (?, ?)",
                             (ABANDONED, DISCOVERING, CRAWLING))
            cur = self._db.execute("INSERT INTO runs (started_at, state) VALUES (?, ?)",
                                   (started_at, DISCOVERING))
        run_id = int(cur.lastrowid or 0)
        self._set_run(run_id)
        return run_id

    def _set_run(self, run_id: int) -> None:
        self._run = run_id
        self._previous = self.finished_run()

    def end_discovery(self, run_id: int, entries: list[tuple[str, str | None, str]]) -> None:
        """The seeds and every sitemap URL are queued: write them, the sitemap rows and the
        run's new state in one transaction. Until then the run is not resumable."""
        with self._errors(), self._db:
            self._db.execute("BEGIN")
            self._write_pending()
            self._db.executemany("INSERT OR REPLACE INTO sitemap VALUES (?, ?, ?, ?)",
                                 [(run_id, *e) for e in entries])
            self._db.execute("UPDATE runs SET state=? WHERE id=?", (CRAWLING, run_id))
        self._clear_pending()

    def finish_run(self, run_id: int, finished_at: str, stats: CrawlStats) -> None:
        """Close the run; in the same transaction it replaces the previous run's pages."""
        self.flush()
        with self._errors(), self._db:
            self._db.execute("BEGIN")
            for table in ("pages", "sitemap"):
                self._db.execute(f"DELETE FROM {table} WHERE run_id != ?", (run_id,))
            self._db.execute("DELETE FROM frontier")
            self._db.execute("UPDATE runs SET state=?, finished_at=?, stats=? WHERE id=?",
                             (FINISHED, finished_at, json.dumps(asdict(stats)), run_id))
            self._db.execute("UPDATE runs SET state=? WHERE id != ? AND state != ?",
                             (ABANDONED, run_id, ABANDONED))

    def abandon_run(self, run_id: int) -> None:
        """Drop a run that produced nothing usable; the last finished run stays."""
        self._clear_pending()
        with self._errors(), self._db:
            self._db.execute("BEGIN")
            for table in ("pages", "frontier", "sitemap"):
                self._db.execute(f"DELETE FROM {table} WHERE run_id = ?", (run_id,))
            self._db.execute("UPDATE runs SET state=? WHERE id=?", (ABANDONED, run_id))

    def finished_run(self) -> int | None:
        """The last finished run, if any."""
        with self._errors():
            row = self._db.execute("SELECT id FROM runs WHERE state=? ORDER BY id DESC "
                                   "LIMIT 1", (FINISHED,)).fetchone()
        return int(row[0]) if row else None

    def report_run(self) -> tuple[int, CrawlStats] | None:
        """The run a report shows: the last finished one; else an interrupted run, its
        stats marked partial (`complete: false`). None: no crawl stored."""
        self.flush()
        with self._errors():
            rows = self._db.execute(
                "SELECT id, state, stats, started_at FROM runs WHERE state != ? "
                "ORDER BY id DESC", (ABANDONED,)).fetchall()
        finished = next((r for r in rows if r[1] == FINISHED), None)
        if finished is not None:
            newer = [r for r in rows if r[0] > finished[0] and r[1] == CRAWLING]
            if newer and not any("has not finished" in n for n in self.notices):
                self.notices.append(
                    f"a newer crawl (started {newer[0][3]}) has not finished: it is running, "
                    "or was interrupted (run the same crawl again to finish it); this report "
                    f"shows the last finished crawl (started {finished[3]})")
            return int(finished[0]), _stats(finished[2])
        partial = next((r for r in rows if r[1] == CRAWLING), None)
        if partial is None or self.page_count(int(partial[0])) == 0:
            return None
        run_id = int(partial[0])
        fetched, errors, blocked = self.run_counts(run_id)
        return run_id, CrawlStats(pages=fetched, errors=errors, robots_blocked=blocked,
                                  complete=False, stop_reason=PARTIAL_REASON,
                                  trap_skipped=self.refused_count(run_id))

    # -- writing -----------------------------------------------------------------------
    def add_page(self, page: Page, links: list[str] | None = None, *,
                 run_id: int | None = None) -> None:
        self._pending.append((page, links or [], run_id))
        # Batched for speed, but at least once a second: a killed crawl loses little.
        if len(self._pending) >= 200 or time.monotonic() - self._last_flush > 1.0:
            self.flush()

    def add_frontier(self, urls: list[tuple[str, bool]]) -> None:
        """URLs as the crawler met them, (url, refused by a trap guard), in order; written
        with the next flush, in the same transaction as the pages whose links they are, so
        a killed crawl resumes from a consistent state."""
        self._pending_frontier.extend((u, REFUSED if refused else QUEUED)
                                      for u, refused in urls)

    def flush(self) -> None:
        if not self._pending and not self._pending_frontier:
            return
        with self._errors(), self._db:
            self._db.execute("BEGIN")
            self._write_pending()
        self._clear_pending()

    def _write_pending(self) -> None:
        run = self._run
        rows = [(run_id if run_id is not None else run, p.requested_url, p.url, p.status,
                 _dump(p), json.dumps(links)) for p, links, run_id in self._pending]
        self._db.executemany(
            "INSERT OR IGNORE INTO frontier (run_id, url, state) VALUES (?, ?, ?)",
            [(run, u, state) for u, state in self._pending_frontier])
        self._db.executemany("INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?, ?, ?)", rows)
        self._db.executemany("UPDATE frontier SET state=? WHERE run_id=? AND url=?",
                             [(FETCHED, r[0], r[1]) for r in rows])

    def _clear_pending(self) -> None:
        self._pending.clear()
        self._pending_frontier.clear()
        self._last_flush = time.monotonic()

    # -- reading -----------------------------------------------------------------------
    def frontier(self, run_id: int) -> list[tuple[str, int]]:
        """Every URL the run met, in order, with its state (QUEUED, FETCHED, REFUSED)."""
        self.flush()
        with self._errors():
            return [(u, int(s)) for u, s in self._db.execute(
                "SELECT url, state FROM frontier WHERE run_id=? ORDER BY seq", (run_id,))]

    def has_previous(self, run_id: int) -> bool:
        """Whether the last finished run left pages. When false at the start of a run,
        `previous` finds nothing for the whole run."""
        if self._previous is None or self._previous == run_id:
            return False
        return self.page_count(self._previous) > 0

    def previous(self, requested_url: str, run_id: int) -> tuple[Page, list[str]] | None:
        """The page the last finished run stored (for If-None-Match / If-Modified-Since)."""
        if self._previous is None or self._previous == run_id:
            return None
        with self._errors():
            row = self._db.execute(
                "SELECT data, links FROM pages WHERE run_id=? AND requested_url=?",
                (self._previous, requested_url)).fetchone()
        return (_load(row[0]), json.loads(row[1])) if row else None

    def run_counts(self, run_id: int) -> tuple[int, int, int]:
        """(pages fetched, errors, blocked by robots) of a run, from what is stored, so a
        resumed crawl reports the same numbers as an uninterrupted one."""
        self.flush()
        with self._errors():
            row = self._db.execute(
                "SELECT SUM(robots_rule IS NULL), SUM(robots_rule IS NULL AND (status = 0 OR "
                "status >= 400 OR error IS NOT NULL)), SUM(robots_rule IS NOT NULL) FROM ("
                "SELECT status, json_extract(data, '$.robots_rule') AS robots_rule, "
                "json_extract(data, '$.error') AS error FROM pages WHERE run_id=?)",
                (run_id,)).fetchone()
        return int(row[0] or 0), int(row[1] or 0), int(row[2] or 0)

    def refused_count(self, run_id: int) -> int:
        """URLs of a run refused by the trap guards."""
        with self._errors():
            return int(self._db.execute("SELECT COUNT(*) FROM frontier WHERE run_id=? AND "
                                        "state=?", (run_id, REFUSED)).fetchone()[0])

    def pages(self, run_id: int | None = None) -> Iterator[Page]:
        """Every page of a run (by default the one a report shows) in URL order
        (deterministic analysis), with the sitemap's hreflang alternates and lastmod."""
        if run_id is None:
            chosen = self.report_run()
            if chosen is None:
                return
            run_id = chosen[0]
        self.flush()
        with self._errors():
            sitemap = {url: (lastmod, json.loads(alts)) for url, lastmod, alts in
                       self._db.execute("SELECT url, lastmod, alternates FROM sitemap "
                                        "WHERE run_id=?", (run_id,))}
            # Every page of an article lists the same alternates, and their URLs are other
            # pages' URLs: one object each instead of one per mention keeps 100,000 pages
            # in memory in 40% less (the analysis holds them all). All immutable, so shared.
            shared: dict[object, object] = {}
            for (data,) in self._db.execute("SELECT data FROM pages WHERE run_id=? "
                                            "ORDER BY requested_url", (run_id,)):
                page = _load(data, shared)
                entry = sitemap.get(page.url)
                if entry is not None:
                    lastmod, alts = entry
                    page = replace(page, sitemap_lastmod=lastmod,
                                   alternates=page.alternates + tuple(
                                       Alternate(h, u, "sitemap") for h, u in alts))
                yield page

    def sitemap_entries(self, run_id: int) -> list[tuple[str, str | None,
                                                          list[tuple[str, str]]]]:
        """The sitemap rows of a run, (loc, lastmod, [(hreflang, href)]), in URL order."""
        with self._errors():
            return [(url, lastmod, [(h, u) for h, u in json.loads(alts)]) for url, lastmod, alts
                    in self._db.execute("SELECT url, lastmod, alternates FROM sitemap WHERE "
                                        "run_id=? ORDER BY url", (run_id,))]

    def sitemap_count(self, run_id: int | None = None) -> int:
        """How many URLs the site's sitemaps listed (in a run; by default the current one,
        else the one a report shows)."""
        run_id = run_id if run_id is not None else self._run
        if run_id is None:
            chosen = self.report_run()
            run_id = chosen[0] if chosen else -1
        with self._errors():
            return int(self._db.execute("SELECT COUNT(*) FROM sitemap WHERE run_id=?",
                                        (run_id,)).fetchone()[0])

    def page_count(self, run_id: int | None = None) -> int:
        """Pages of a run, or of every run."""
        self.flush()
        with self._errors():
            if run_id is None:
                return int(self._db.execute("SELECT COUNT(*) FROM pages").fetchone()[0])
            return int(self._db.execute("SELECT COUNT(*) FROM pages WHERE run_id=?",
                                        (run_id,)).fetchone()[0])

    def check(self) -> None:
        """Read every page of the file (PRAGMA quick_check): a corrupt store fails here."""
        with self._errors():
            result = self._db.execute("PRAGMA quick_check").fetchone()
        if result is None or result[0] != "ok":
            raise corrupt(self.path, str(result[0] if result else "quick_check failed"))

    @contextmanager
    def database(self) -> Iterator[sqlite3.Connection]:
        """The connection, for the history (history/store.py), its errors as StoreErrors."""
        with self._errors():
            yield self._db

    def close(self) -> None:
        try:
            if not self.read_only:
                self.flush()
        finally:
            try:
                self._db.close()
            finally:
                if self.lock is not None:
                    self.lock.release()


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


def _stats(data: str) -> CrawlStats:
    """A finished run's stats as stored (JSON: its lists were the model's tuples)."""
    fields: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v
                              for k, v in json.loads(data).items()}
    if "source" in fields:
        fields["source"] = SourceKind(fields["source"])
    return CrawlStats(**fields)
