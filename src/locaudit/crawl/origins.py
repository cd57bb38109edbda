"""Where each queued URL was found, kept only until it is fetched: a URL that turns out dead
(404, 410 ...) is stored with the page that linked to it, that link's text, and whether a
sitemap listed it, so the analysis can report broken links and dead sitemap entries."""

from __future__ import annotations

from dataclasses import replace

from locaudit.crawl.politeness import is_dead_url
from locaudit.models import Page


class LinkOrigins:
    def __init__(self) -> None:
        self._first: dict[str, tuple[str, str]] = {}  # url -> (referring page, link text)
        self._listed: set[str] = set()  # sitemap URLs not fetched yet

    def listed(self, url: str) -> None:
        """A sitemap lists `url`."""
        self._listed.add(url)

    def found(self, url: str, referrer: str, text: str) -> None:
        """A page links to `url`, which was just queued."""
        if url not in self._first:
            self._first[url] = (referrer, _clean(text))

    def found_again(self, url: str, referrer: str, text: str) -> None:
        """A page links to `url`, seen before: remembered only for a sitemap URL still
        waiting, so a dead URL both listed and linked also names the page linking it."""
        if url in self._listed and url not in self._first:
            self._first[url] = (referrer, _clean(text))

    def annotate(self, url: str, page: Page) -> Page:
        """Forget `url`'s origin; a dead page keeps it."""
        origin = self._first.pop(url, None)
        listed = url in self._listed
        self._listed.discard(url)
        if not is_dead_url(page.status) or page.error is not None:
            return page
        referrer, text = origin if origin else (None, None)
        return replace(page, linked_from=referrer, link_text=text or None, in_sitemap=listed)


def _clean(text: str) -> str:
    return " ".join(text.split())[:80]
