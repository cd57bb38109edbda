"""Fetching one URL for the crawler: conditional GET, redirects (HTTP by crawl/http.py, a
page's own meta refresh here), retries with backoff, a capped body, and a readable error.

Every failure becomes a Fetched with `error` set, never an exception: the crawler records
it as the page's outcome.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

import httpx

from locaudit.crawl.decompress import read_capped
from locaudit.crawl.http import RedirectError, Trail, follow
from locaudit.crawl.options import CrawlOptions
from locaudit.crawl.politeness import RETRY_STATUSES, HostPacer, retry_delay
from locaudit.crawl.refresh import client_redirect
from locaudit.models import Fetched, Page

# Headers later stages need; everything else is dropped before the body is processed.
_KEPT_HEADERS = ("content-type", "content-language", "last-modified", "etag", "link",
                 "x-robots-tag", "vary")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


class Fetcher:
    """Requests through the crawl's client, within the crawl's limits."""

    def __init__(self, client: httpx.AsyncClient, options: CrawlOptions) -> None:
        self.client = client
        self.options = options

    async def fetch_with_retries(self, url: str, pacer: HostPacer,
                                 previous: tuple[Page, list[str]] | None) -> Fetched:
        """`url`, paced, retried on 429/5xx and transport errors; conditional when a
        previous run stored the page (a 304 then means unchanged)."""
        conditional = _conditional_headers(previous)
        attempt = 0
        while True:
            await pacer.wait()
            fetched, retry_after = await self.fetch(url, conditional)
            retryable = fetched.status in RETRY_STATUSES or (
                fetched.status == 0 and fetched.error is not None
                and not fetched.error.startswith(("redirect", "more than")))
            if not retryable or attempt >= self.options.retries:
                return fetched
            attempt += 1
            delay = retry_delay(attempt, retry_after)
            if delay is None:  # Retry-After longer than we are willing to wait
                return replace(fetched, error=f"HTTP {fetched.status}, Retry-After "
                               f"{retry_after} is too long to wait")
            await asyncio.sleep(delay)

    async def fetch(self, url: str, conditional: dict[str, str]
                    ) -> tuple[Fetched, str | None]:
        """One attempt at `url`, redirects followed: what came back, and its Retry-After."""
        trail = Trail(url)
        try:
            while True:  # HTTP redirects in follow(); a page's own (meta refresh) here
                async with follow(self.client, trail, max_redirects=self.options.max_redirects,
                                  headers=None if trail.chain else conditional) as response:
                    kept = tuple((name, response.headers[name]) for name in _KEPT_HEADERS
                                 if name in response.headers)
                    body, error = await self._read_body(response)
                    status, retry_after = response.status_code, response.headers.get(
                        "retry-after")
                target = client_redirect(body, trail.current) if body and error is None \
                    else None
                if target is None:
                    return Fetched(url=url, final_url=trail.current, status=status,
                                   redirects=tuple(trail.chain), headers=kept, body=body,
                                   error=error), retry_after
                trail.redirect(target, status)
        except RedirectError as exc:
            return _failed(url, exc.final_url, trail.chain, exc.message, exc.status), None
        except httpx.TimeoutException:
            return _failed(url, trail.current, trail.chain,
                           f"timeout after {self.options.timeout:g} s"), None
        except httpx.HTTPError as exc:
            return _failed(url, trail.current, trail.chain, _describe(exc)), None

    async def _read_body(self, response: httpx.Response) -> tuple[bytes, str | None]:
        content_type = response.headers.get("content-type", "").lower()
        if response.status_code != 200 or not any(t in content_type for t in _HTML_TYPES):
            return b"", None  # recorded, not parsed
        return await read_capped(response, self.options.max_page_bytes, "max_page_bytes")


def _conditional_headers(previous: tuple[Page, list[str]] | None) -> dict[str, str]:
    """If-None-Match / If-Modified-Since from the previous run's copy of a page."""
    conditional: dict[str, str] = {}
    if previous is not None and previous[0].ok:
        if previous[0].etag:
            conditional["If-None-Match"] = previous[0].etag
        if previous[0].last_modified:
            conditional["If-Modified-Since"] = previous[0].last_modified
    return conditional


# What a transport error means for the user, by the words the OS and OpenSSL use.
_CAUSES = (
    (("name or service not known", "nodename nor servname", "temporary failure in name",
      "getaddrinfo failed", "no address associated"), "DNS lookup failed (is the host name "
     "right, and is the network up?)"),
    (("certificate_verify_failed", "certificate verify failed"), "TLS certificate not "
     "trusted"),
    (("ssl", "tls", "wrong_version_number", "handshake"), "TLS handshake failed"),
    (("connection refused", "all connection attempts failed"), "connection refused"),
)


def _describe(exc: httpx.HTTPError) -> str:
    """One line naming the cause (DNS, TLS, refused), then the library's words."""
    text = str(exc).strip() or type(exc).__name__
    detail = f"{type(exc).__name__}: {text}" if type(exc).__name__ not in text else text
    lowered = text.lower()
    for needles, cause in _CAUSES:
        if any(n in lowered for n in needles):
            return f"{cause} ({detail})"
    return detail


def _failed(url: str, final_url: str, chain: list[str], error: str, status: int = 0) -> Fetched:
    return Fetched(url=url, final_url=final_url, status=status, redirects=tuple(chain),
                   error=error)
