"""The store on a real machine: two crawls of one store, a full disk, a read-only store, a
corrupt store, an interrupted re-crawl, one store per config, stores of earlier versions."""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from locaudit.demo import texts
from locaudit.demo.server import Resource, Site, SiteServer
from tests.report_fixture import comparable
from tests.test_cli import SRC, run_cli

PAGES = 20


def _site(delay: float, revised_from: int | None = None,
          gate: threading.Event | None = None) -> Any:
    """20 English articles in a chain, each answer `delay` seconds late. With
    `revised_from`, titles change from that request of a page on (a later crawl sees a
    changed site). With `gate`, /p/5 answers only while the gate is set."""

    def build(base: str) -> Site:
        site: dict[str, Any] = {}
        for i in range(PAGES):
            body = " ".join(texts.paragraphs(i, "en", count=1))
            link = f'<a href="/p/{i + 1}">next</a>' if i + 1 < PAGES else ""

            def answer(before: int, i: int = i, body: str = body, link: str = link
                       ) -> Resource:
                if gate is not None and i == 5:
                    gate.wait(60)
                revised = revised_from is not None and before >= revised_from
                title = f"Page {i}, revised" if revised else f"Page {i}"
                return Resource(f"<html lang=en><title>{title}</title><main><h1>{title}</h1>"
                                f"<p>{body}</p>{link}</main></html>", delay=delay)
            site[f"/p/{i}"] = answer
        return site
    return build


def _config(directory: Path, base: str, name: str = "site", extra: str = "") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.yaml"
    path.write_text(f"site:\n  start_urls: ['{base}/p/0']\n  article_pattern: '^/p/'\n{extra}"
                    "crawl:\n  rate_limit: 0\n  concurrency: 1\n  store: store/\n",
                    encoding="utf-8")
    return path


def _comparable(stdout: str) -> dict[str, Any]:
    return comparable(json.loads(stdout))


def _json(*args: str) -> dict[str, Any]:
    result = run_cli(*args, "--format", "json")
    assert result.returncode == 0, result.stderr
    return _comparable(result.stdout)


def _store_file(config: Path) -> Path:
    """The config's store: the one database in its store directory."""
    found = sorted((config.parent / "store").glob("*.sqlite"))
    return found[0] if len(found) == 1 else config.parent / "store" / f"{config.stem}.sqlite"


def _start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "locaudit", *args, "--no-progress"],
                            env={**os.environ, "PYTHONPATH": SRC}, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _wait_for(condition: Any, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


# --------------------------------------------------------------------------- lock

def test_a_second_crawl_of_a_store_exits_2_or_waits_and_report_reads_meanwhile(
    tmp_path: Path
) -> None:
    gate = threading.Event()  # while clear, /p/5 does not answer: the crawl holds the lock
    gate.set()
    with SiteServer(_site(0, gate=gate)) as server:
        config = _config(tmp_path, server.base_url)
        first = _json("audit", str(config), "--no-progress")
        gate.clear()
        crawling = _start("crawl", str(config))
        _wait_for(lambda: "/p/5" in server.request_log[PAGES:])
        second = run_cli("audit", str(config), "--no-progress")
        # `report` takes no lock: it reads the last finished run meanwhile.
        during = _json("report", str(config))
        waiter = _start("crawl", str(config), "--wait")
        assert waiter.stderr is not None
        waiting = waiter.stderr.readline()
        assert crawling.poll() is None and waiter.poll() is None
        gate.set()
        _, crawl_err = crawling.communicate(timeout=60)
        _, waiter_err = waiter.communicate(timeout=60)
    assert second.returncode == 2, second.stderr
    assert f"another locaudit (pid {crawling.pid}) is crawling this store" in second.stderr
    assert "Traceback" not in second.stderr
    assert [n for n in during.pop("notes") if "has not finished" in n]
    assert during == {k: v for k, v in first.items() if k != "notes"}
    assert crawling.returncode == 0, crawl_err
    assert f"another locaudit (pid {crawling.pid})" in waiting and "waiting" in waiting
    assert waiter.returncode == 0, waiter_err


# --------------------------------------------------------------------------- disk full

@contextlib.contextmanager
def _small_disk(path: Path, size_kb: int) -> Iterator[str]:
    """A `size_kb` tmpfs at `path` when this runs as root and may mount; else nothing (the
    caller limits file sizes instead). Yields 'tmpfs' or 'rlimit'."""
    path.mkdir()
    mounted = os.geteuid() == 0 and subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(path)],
        capture_output=True).returncode == 0
    try:
        yield "tmpfs" if mounted else "rlimit"
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(path)], check=False)


def _fill(directory: Path, leave: int) -> Path:
    """Fill the file system under `directory`, leaving about `leave` bytes."""
    filler = directory / "filler"
    stat = os.statvfs(directory)
    size = max(0, stat.f_bavail * stat.f_frsize - leave)
    with open(filler, "wb") as out:
        for _ in range(size // 65536):
            out.write(b"\0" * 65536)
    return filler


def _limited(max_bytes: int) -> Any:
    def limit() -> None:  # in the child: writes past max_bytes fail with EFBIG
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))
    return limit


def test_disk_full_is_exit_3_keeps_the_crawl_and_the_next_run_works(tmp_path: Path) -> None:
    with SiteServer(_site(0)) as server, _small_disk(tmp_path / "disk", 1024) as how:
        config = _config(tmp_path / "disk", server.base_url)
        first = _json("audit", str(config), "--no-progress")
        store = _store_file(config)
        if how == "tmpfs":
            filler = _fill(store.parent, leave=48 * 1024)
            full = run_cli("audit", str(config), "--no-progress", "--fresh")
            filler.unlink()
        else:  # no mount: the kernel refuses to grow any file past the store's size
            limit = store.stat().st_size + 8192
            full = subprocess.run(
                [sys.executable, "-m", "locaudit", "audit", str(config), "--no-progress",
                 "--fresh"], env={**os.environ, "PYTHONPATH": SRC}, capture_output=True,
                text=True, preexec_fn=_limited(limit), timeout=120)
        kept = _json("report", str(config))
        again = _json("audit", str(config), "--no-progress")
    assert full.returncode == 3, full.stderr
    assert f"disk full while writing {store}" in full.stderr or (
        how == "rlimit" and f"write error while writing {store}" in full.stderr), full.stderr
    assert "Traceback" not in full.stderr and "bug" not in full.stderr
    kept["notes"] = [n for n in kept["notes"] if "has not finished" not in n]
    assert kept == first  # the earlier crawl survived
    assert again["crawl"]["pages"] == PAGES
    assert {k: v for k, v in again.items() if k != "articles"} == \
        {k: v for k, v in first.items() if k != "articles"}


# --------------------------------------------------------------------------- read-only

@contextlib.contextmanager
def _read_only(files: list[Path]) -> Iterator[None]:
    """Make files (and directories) unwritable: `chattr +i` as root (root ignores
    permission bits), else chmod."""
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", *map(str, files)], check=True)
    else:
        for f in files:
            f.chmod(0o555 if f.is_dir() else 0o444)
    try:
        yield
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", *map(str, files)], check=True)
        else:
            for f in files:
                f.chmod(0o755 if f.is_dir() else 0o644)


@pytest.mark.parametrize("what", ["directory", "file"])
def test_read_only_store_serves_report_and_crawls_exit_3_without_advising_deletion(
    tmp_path: Path, what: str
) -> None:
    with SiteServer(_site(0)) as server:
        config = _config(tmp_path, server.base_url)
        first = _json("audit", str(config), "--no-progress")
        store = _store_file(config)
        files = [store.parent, *store.parent.iterdir()] if what == "directory" else [store]
        with _read_only(files):
            report = run_cli("report", str(config), "--format", "json")
            audit = run_cli("audit", str(config), "--no-progress")
            crawl = run_cli("crawl", str(config), "--no-progress", "--fresh")
    assert report.returncode == 0, report.stderr
    assert _comparable(report.stdout) == first
    for result in (audit, crawl):
        assert result.returncode == 3, result.stderr
        assert str(store) in result.stderr and "read-only" in result.stderr
        assert "delete" not in result.stderr.lower() and "Traceback" not in result.stderr


# --------------------------------------------------------------------------- corrupt

@pytest.mark.parametrize("damage", ["header", "middle"])
def test_corrupt_store_is_exit_3_naming_it_and_fresh_moves_it_aside(
    tmp_path: Path, damage: str
) -> None:
    with SiteServer(_site(0)) as server:
        config = _config(tmp_path, server.base_url)
        first = _json("audit", str(config), "--no-progress")
        store = _store_file(config)
        data = bytearray(store.read_bytes())
        if damage == "header":
            data[:100] = b"\xa5" * 100
        else:  # the header is fine; pages of the B-trees are not
            start = len(data) // 3
            data[start:start + 8192] = b"\x5a" * 8192
        store.write_bytes(bytes(data))
        broken = [run_cli("audit", str(config), "--no-progress"),
                  run_cli("report", str(config))]
        fresh = run_cli("audit", str(config), "--no-progress", "--fresh", "--format", "json")
        after = _json("report", str(config))
    for result in broken[: 2 if damage == "header" else 0]:
        assert result.returncode == 3, result.stderr
        assert f"the store {store} is corrupt" in result.stderr, result.stderr
        assert "--fresh" in result.stderr and "delete" not in result.stderr.lower()
    for result in broken:
        assert result.returncode in (0, 3) and "Traceback" not in result.stderr
    assert fresh.returncode == 0, fresh.stderr
    notes = json.loads(fresh.stdout)["notes"]
    aside = [n for n in notes if "moved aside to" in n]
    assert aside, notes
    moved = Path(aside[0].split("moved aside to ")[1].split(";")[0])
    assert moved.exists()
    if damage == "header":  # nothing could write it: moved as it was
        assert moved.read_bytes() == bytes(data)
    assert after["crawl"] == first["crawl"] and after["summary"] == first["summary"]


# --------------------------------------------------------------------------- runs

def test_report_shows_one_run_after_an_interrupted_fresh_crawl(tmp_path: Path) -> None:
    """Issue 12: Ctrl-C of a `--fresh` re-crawl of a site that changed, then `report`: the
    last finished crawl, not a mix; with only an interrupted crawl, that one, said partial."""
    with SiteServer(_site(0.05, revised_from=1)) as server:
        config = _config(tmp_path / "a", server.base_url)
        first = _json("audit", str(config), "--no-progress")
        # The second crawl sees revised titles; stop it half-way.
        proc = _start("crawl", str(config), "--fresh")
        _wait_for(lambda: _stored_run_pages(config) >= PAGES // 2)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
        assert proc.returncode == 130, err
        shown = run_cli("report", str(config), "--format", "json")
        only_partial = _config(tmp_path / "b", server.base_url)
        proc = _start("crawl", str(only_partial))
        _wait_for(lambda: _stored(only_partial) >= 5)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        partial = run_cli("report", str(only_partial), "--format", "json")
    assert shown.returncode == 0, shown.stderr
    report = _comparable(shown.stdout)
    assert [n for n in report.pop("notes") if "has not finished" in n]
    first.pop("notes")
    assert report == first
    assert partial.returncode == 0, partial.stderr
    crawl = json.loads(partial.stdout)["crawl"]
    assert crawl["complete"] is False and "partial" in crawl["stop_reason"]
    assert 5 <= crawl["pages"] < PAGES


def _stored(config: Path) -> int:
    try:
        with sqlite3.connect(_store_file(config), timeout=1) as db:
            return int(db.execute("SELECT COUNT(*) FROM pages").fetchone()[0])
    except sqlite3.Error:
        return 0


def _stored_run_pages(config: Path) -> int:
    """Pages the unfinished run stored."""
    try:
        with sqlite3.connect(_store_file(config), timeout=1) as db:
            return int(db.execute(
                "SELECT COUNT(*) FROM pages WHERE run_id = "
                "(SELECT MAX(id) FROM runs WHERE finished_at IS NULL)").fetchone()[0])
    except sqlite3.Error:
        return 0


# --------------------------------------------------------------------------- one per config

def test_one_store_per_config_and_per_bare_url(tmp_path: Path) -> None:
    """Issue 12: an audit of another start URL on the same host, then `report acme.yaml`,
    showed the other crawl: the store was per host."""
    with SiteServer(_site(0)) as server:
        whole = _config(tmp_path, server.base_url, "whole")
        half = _config(tmp_path, server.base_url, "half",
                       extra="  exclude: ['^/p/1[0-9]']\n")
        first = _json("audit", str(whole), "--no-progress")
        _json("audit", str(half), "--no-progress")
        again = _json("report", str(whole))
    assert again == first and again["summary"]["source_articles"] == PAGES
    from locaudit.crawl.storefile import store_path

    stores = tmp_path / "store"
    assert store_path(stores, "https://h.example/hc/en-us") != \
        store_path(stores, "https://h.example/hc/de")
    assert store_path(stores, "https://h.example/x", tmp_path / "acme.yaml").name == \
        "acme.sqlite"


# --------------------------------------------------------------------------- upgrade

_V2_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE pages (requested_url TEXT PRIMARY KEY, url TEXT NOT NULL, status INTEGER NOT NULL,
    data TEXT NOT NULL, links TEXT NOT NULL DEFAULT '[]', run_id INTEGER);
CREATE TABLE frontier (seq INTEGER PRIMARY KEY AUTOINCREMENT, url TEXT NOT NULL UNIQUE,
    done INTEGER NOT NULL DEFAULT 0);
CREATE TABLE sitemap (url TEXT PRIMARY KEY, lastmod TEXT, alternates TEXT NOT NULL);
CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, started_at TEXT NOT NULL,
    finished_at TEXT, stats TEXT);
"""


def test_a_store_of_the_previous_version_upgrades_in_place(tmp_path: Path) -> None:
    """A 0.1 store (schema 2, one per host) holding a finished crawl, and the run that a
    kill during sitemap discovery left behind (no frontier): `report` shows the crawl, and
    `audit` re-crawls (0.1 resumed the empty run: exit 3, and deleted the pages)."""
    with SiteServer(_site(0)) as server:
        config = _config(tmp_path / "new", server.base_url)
        first = _json("audit", str(config), "--no-progress")
        with sqlite3.connect(_store_file(config)) as db:
            pages = db.execute("SELECT requested_url, url, status, data, links FROM pages"
                               ).fetchall()
            stats = db.execute("SELECT stats FROM runs WHERE state='finished'").fetchone()[0]
        old = _config(tmp_path / "old", server.base_url)
        legacy = old.parent / "store" / "127.0.0.1_{}.sqlite".format(
            server.base_url.rsplit(":", 1)[1])
        legacy.parent.mkdir()
        with sqlite3.connect(legacy) as db:
            db.executescript(_V2_SCHEMA)
            db.execute("INSERT INTO meta VALUES ('schema', '2')")
            db.execute("INSERT INTO runs VALUES (1, 't1', 't2', ?)", (stats,))
            db.execute("INSERT INTO runs VALUES (2, 't3', NULL, NULL)")
            db.executemany("INSERT INTO pages VALUES (?, ?, ?, ?, ?, 1)", pages)
        db.close()
        report = _json("report", str(old))
        before = len(server.status_log)
        audit = _json("audit", str(old), "--no-progress")
        revalidated = [s for _, s in server.status_log[before:]]
    assert report == first
    assert audit == first
    assert not legacy.exists() and (old.parent / "store" / "site.sqlite").exists()
    assert revalidated.count(200) == PAGES  # no ETags on this site: a full re-crawl
