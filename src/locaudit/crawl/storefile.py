"""The store's file: where it lives, the lock beside it, and what a failing file means.

One SQLite database per config file (per start URL for a bare URL), in `crawl.store`. A
crawl holds an exclusive lock (`flock`) on `NAME.sqlite.lock`, which names its pid, so two
crawls never write one store; `report` takes no lock and reads the last finished run.
Errors from SQLite and the file system become StoreError messages that say what happened
and what to do, and never suggest deleting a crawl.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from locaudit.errors import StoreBusyError, StoreError, UnreadableStoreError


def store_path(store_dir: Path, start_url: str, config_file: Path | None = None) -> Path:
    """One database per config: `.locaudit/acme.sqlite` for `acme.yaml`; for a bare URL, its
    host and path: `.locaudit/help.acme.example_hc_en-us.sqlite`."""
    if config_file is not None:
        name = config_file.stem or "config"
    else:
        parts = urlsplit(start_url)
        name = (parts.netloc or "site") + parts.path.rstrip("/")
    return store_dir / (re.sub(r"[^A-Za-z0-9.-]+", "_", name)[:120] + ".sqlite")


def legacy_store_path(store_dir: Path, start_url: str) -> Path:
    """Where locaudit 0.1 kept a site's store: one per host."""
    host = urlsplit(start_url).netloc or "site"
    return store_dir / (re.sub(r"[^A-Za-z0-9.-]+", "_", host) + ".sqlite")


def adopt_legacy(path: Path, legacy: Path) -> bool:
    """Rename a per-host store of an earlier version to this config's name, once, so its
    crawl is kept (conditional requests, `report`). The caller holds the lock."""
    if path == legacy or path.exists() or not legacy.exists():
        return False
    try:
        for suffix in ("-wal", "-shm", ""):  # the main file last: it is what others look for
            source = legacy.with_name(legacy.name + suffix)
            if source.exists():
                os.replace(source, path.with_name(path.name + suffix))
    except OSError:
        return False
    return True


def move_aside(path: Path) -> Path:
    """Move a corrupt store (and its WAL files) out of the way; returns the new name."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    try:
        for suffix in ("", "-wal", "-shm"):
            source = path.with_name(path.name + suffix)
            if source.exists():
                os.replace(source, target.with_name(target.name + suffix))
    except OSError as exc:
        raise translate(exc, path) from exc
    return target


class StoreLock:
    """An exclusive `flock` on NAME.sqlite.lock, holding the crawler's pid. The kernel
    releases it when the process ends, even by `kill -9`: no stale locks."""

    def __init__(self, store: Path) -> None:
        self.store = store
        self.path = store.with_name(store.name + ".lock")
        self._fd: int | None = None

    def acquire(self, *, wait: bool = False,
                on_wait: Callable[[str], None] | None = None) -> None:
        try:
            self.store.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise translate(exc, self.store) from exc
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = f"another locaudit (pid {_holder(fd)}) is crawling this store " \
                         f"({self.store})"
                if not wait:
                    raise StoreBusyError(f"{holder}; wait for it to finish, or pass --wait"
                                         ) from None
                if on_wait is not None:
                    on_wait(f"{holder}; waiting for it to finish")
                fcntl.flock(fd, fcntl.LOCK_EX)
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the file releases the lock
            self._fd = None


def _holder(fd: int) -> str:
    try:
        return os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
    except OSError:
        return "unknown"


_READ_ONLY_ERRNOS = (errno.EACCES, errno.EPERM, errno.EROFS)


def translate(exc: BaseException, path: Path) -> StoreError:
    """What a failing store means, in one line that says what to do."""
    if isinstance(exc, StoreError):
        return exc
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            return disk_full(path)
        if exc.errno in _READ_ONLY_ERRNOS:
            return read_only(path, exc.strerror or str(exc))
        return StoreError(f"cannot use the store {path}: {exc.strerror or exc}")
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF  # the primary result code
        if code == sqlite3.SQLITE_FULL:
            return disk_full(path)
        if code == sqlite3.SQLITE_IOERR:
            # A write the OS refused: ENOSPC on some file systems, EFBIG (a file size
            # limit), a failing disk. SQLite rolled the transaction back.
            return StoreError(f"disk full or write error while writing {path} ({exc}); "
                              "free some space and run the same command again: the last "
                              "finished crawl is intact")
        if code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM,
                    sqlite3.SQLITE_AUTH):
            return read_only(path, str(exc))
        if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
            return corrupt(path, str(exc))
        if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            return StoreError(f"the store {path} is busy ({exc}); another program is "
                              "writing it")
        return StoreError(f"the store {path} failed: {exc}")
    return StoreError(f"the store {path} failed: {exc}")


def disk_full(path: Path) -> StoreError:
    return StoreError(f"disk full while writing {path}; free some space and run the same "
                      "command again: the last finished crawl is intact and the crawl resumes")


def read_only(path: Path, why: str) -> StoreError:
    return StoreError(f"the store {path} is read-only ({why}): `locaudit report` can read "
                      "it; to crawl, make it and its directory writable, or set crawl.store "
                      "to a writable directory")


def corrupt(path: Path, why: str) -> StoreError:
    return UnreadableStoreError(f"the store {path} is corrupt ({why}); run the same command with "
                      "--fresh to move it aside and start a new crawl")
