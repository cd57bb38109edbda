"""Named exceptions and the exit codes they map to (`exit_code_for`: the one mapping)."""

from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    """Process exit codes (design §2). Public: CI scripts depend on them."""

    OK = 0  # success, and every gate passed
    GATE_FAILED = 1  # a gate failed (only when asked to gate)
    USAGE = 2  # usage or configuration error
    NO_RESULT = 3  # the crawl produced no result: unreachable, all failed, nothing in scope
    INTERNAL = 4  # unexpected exception
    INTERRUPTED = 130  # Ctrl-C / SIGTERM: finished pages are kept in the store


class LocauditError(Exception):
    """Base for every error locaudit expects and explains in one line."""


class ConfigError(LocauditError):
    """A config file, option or argument is wrong. The message names file, line and key."""

    def __init__(
        self, message: str, *, file: str | None = None, line: int | None = None,
        key: str | None = None,
    ) -> None:
        self.file = file
        self.line = line
        self.key = key
        self.detail = message
        where = ""
        if file:
            where = f"{file}:{line}: " if line else f"{file}: "
        keypart = f"{key}: " if key else ""
        super().__init__(f"{where}{keypart}{message}")


class NoResultError(LocauditError):
    """The crawl produced nothing to report on (site unreachable, all requests failed, ...)."""


class StoreError(LocauditError):
    """The SQLite store cannot be used: corrupt, read-only, disk full, or no crawl in it."""


class UnreadableStoreError(StoreError):
    """The store is corrupt or of an unknown format; `--fresh` moves it aside."""


class StoreBusyError(LocauditError):
    """Another locaudit is crawling into the same store (it holds the store's lock)."""


class ReportFileError(LocauditError):
    """A report file given to check/diff is missing, not JSON, or not a locaudit report."""


class Interrupted(LocauditError):
    """The user stopped the run (Ctrl-C). Finished pages are in the store; rerun to resume."""


def exit_code_for(exc: BaseException) -> ExitCode:
    """The one mapping from errors to exit codes (the CLI's, and a survey's per site)."""
    if isinstance(exc, NoResultError | StoreError):
        return ExitCode.NO_RESULT
    if isinstance(exc, StoreBusyError):  # another crawl holds the store: try again later
        return ExitCode.USAGE
    if isinstance(exc, Interrupted):
        return ExitCode.INTERRUPTED
    if isinstance(exc, LocauditError):  # ConfigError, ReportFileError, ...
        return ExitCode.USAGE
    return ExitCode.INTERNAL
