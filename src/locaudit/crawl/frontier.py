"""The crawl's frontier: every URL met, the queue of those to fetch, and those the trap
guards refused. Each new URL is written to the store as it is met, so a killed crawl
resumes from the store's frontier (`restore`)."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from locaudit.crawl.origins import LinkOrigins
from locaudit.crawl.politeness import TrapGuard
from locaudit.crawl.schema import QUEUED, REFUSED
from locaudit.crawl.sessions import SessionIds
from locaudit.crawl.store import Store
from locaudit.crawl.urls import Scope, normalize_url


class Frontier:
    def __init__(self, scope: Scope, store: Store, sessions: SessionIds,
                 origins: LinkOrigins) -> None:
        self.scope = scope
        self.store = store
        self.sessions = sessions
        self.origins = origins
        self.traps = TrapGuard()
        self.queue: deque[str] = deque()
        self.traps_skipped = 0
        self._seen: set[str] = set()
        self._raw_seen: set[str] = set()  # link strings as found, before normalisation
        self._refused: set[str] = set()  # by the trap guards (seen, never in the queue)

    def known(self) -> set[str]:
        """The URLs met and not refused (what a resumed crawl knows too)."""
        return self._seen - self._refused

    def restore(self, stored: Iterable[tuple[str, int]]) -> None:
        """Continue from the stored frontier, (url, state) in the order first met.
        Replaying its URLs through the trap guards rebuilds their counters exactly: the
        resumed crawl refuses what the uninterrupted one would have."""
        for url, state in stored:
            self._seen.add(url)
            self.traps.allows(url)
            if state == REFUSED:
                self.traps_skipped += 1
                self._refused.add(url)
            elif state == QUEUED:
                self.queue.append(url)

    def add(self, urls: Iterable[str], referrer: str | None = None,
            texts: tuple[str, ...] = ()) -> None:
        """Queue new URLs in scope; `referrer` is the page they were found on and `texts`
        their link texts, in order (kept until fetched, for broken-link findings)."""
        fresh: list[tuple[str, bool]] = []  # (url, refused by a trap guard), in order
        for i, raw in enumerate(urls):
            # Nav links repeat on every page: skip a raw string already seen before paying
            # for normalisation (126,000 calls were 60% of the main process's CPU).
            if raw in self._raw_seen:
                continue
            self._raw_seen.add(raw)
            url = normalize_url(raw)
            if url is None:
                continue
            if self.sessions.active:
                url = self.sessions.without(url, count=True)
            if url in self._seen:
                if referrer is not None:
                    self.origins.found_again(url, referrer, texts[i] if i < len(texts) else "")
                continue
            if not self.scope.contains(url):
                continue
            self._seen.add(url)
            if not self.traps.allows(url):
                self.traps_skipped += 1
                self._refused.add(url)
                fresh.append((url, True))
                continue
            if referrer is not None:
                self.origins.found(url, referrer, texts[i] if i < len(texts) else "")
            self.queue.append(url)
            fresh.append((url, False))
        self.store.add_frontier(fresh)
