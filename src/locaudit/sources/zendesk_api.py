"""A client of the Zendesk Help Center API, read-only and polite (`site.source: zendesk`).

Only the documented endpoints and fields it needs:

- `GET /api/v2/help_center/locales.json`: `locales` (enabled) and `default_locale`;
- `GET /api/v2/help_center/{locale}/articles.json`: cursor pagination (`page[size]=100`,
  then `links.next` while `meta.has_more`), or offset pagination (`next_page`) when a
  response comes in that shape;
- `GET /api/v2/help_center/{locale}/sections.json` and `.../categories.json`: names.

Every request goes through the crawl's HTTP policy (crawl/http.py: `site.headers` only to
the help center's hosts, redirects followed and limited) and its politeness (one pacer per
host at `crawl.rate_limit`, retries on 429/5xx with Retry-After honoured). 401, 403 and 404
mean the help center is not readable anonymously: a `NoResultError` (exit 3) that says so.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from locaudit.crawl.decompress import read_capped
from locaudit.crawl.http import RedirectError, Trail, follow
from locaudit.crawl.politeness import RETRY_STATUSES, HostPacer, retry_delay
from locaudit.errors import NoResultError

API_PATH = "/api/v2/help_center"
PAGE_SIZE = 100  # the most a cursor page may hold
MAX_RESPONSE_BYTES = 64_000_000  # a page of 100 articles with long bodies stays far below
NOT_PUBLIC = "this help center is not public: set site.headers with a token"


@dataclass(frozen=True)
class Article:
    """One translation of an article, as the API lists it under one locale."""

    id: int
    locale: str
    source_locale: str
    title: str
    body: str
    html_url: str
    section_id: int | None
    draft: bool
    outdated_locales: tuple[str, ...]
    edited_at: str | None
    updated_at: str | None
    label_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Locales:
    enabled: tuple[str, ...]
    default: str


class ZendeskApi:
    """Requests to one help center's API through a client the caller opened."""

    def __init__(self, client: httpx.AsyncClient, origin: str, pacer: HostPacer, *,
                 retries: int, max_redirects: int, has_token: bool) -> None:
        self.client = client
        self.base = origin.rstrip("/") + API_PATH
        self.pacer = pacer
        self.retries = retries
        self.max_redirects = max_redirects
        self.has_token = has_token
        self.requests = 0

    async def locales(self) -> Locales:
        data = await self.get_json(f"{self.base}/locales.json")
        enabled, default = data.get("locales"), data.get("default_locale")
        if not isinstance(enabled, list) or not isinstance(default, str) or \
                not all(isinstance(loc, str) for loc in enabled):
            raise NoResultError(f"{self.base}/locales.json is not a Zendesk locales list "
                                "(no `locales` and `default_locale`): is this a Zendesk "
                                "help center?")
        return Locales(tuple(enabled), default)

    async def articles(self, locale: str) -> AsyncIterator[list[Article]]:
        """The translations in `locale`, one API page at a time."""
        async for item in self._listing(locale, "articles"):
            yield [_article(raw, item.url) for raw in item.records]

    async def names(self, locale: str, kind: str) -> dict[int, tuple[str, int | None]]:
        """id -> (name, parent category id) of the `kind` ("sections" or "categories")."""
        found: dict[int, tuple[str, int | None]] = {}
        async for item in self._listing(locale, kind):
            for raw in item.records:
                if isinstance(raw, Mapping) and isinstance(raw.get("id"), int):
                    parent = raw.get("category_id")
                    found[raw["id"]] = (str(raw.get("name") or ""),
                                        parent if isinstance(parent, int) else None)
        return found

    async def _listing(self, locale: str, kind: str) -> AsyncIterator[_Listed]:
        """Every page of a list endpoint: cursor pagination first, offset as a fallback."""
        url: str | None = f"{self.base}/{locale}/{kind}.json?page[size]={PAGE_SIZE}"
        seen: set[str] = set()
        while url is not None:
            if url in seen:
                raise NoResultError(f"the Zendesk API's pagination loops back to {url}")
            seen.add(url)
            data = await self.get_json(url)
            records = data.get(kind)
            if not isinstance(records, list):
                raise NoResultError(f"{url} holds no `{kind}` list: not the Zendesk Help "
                                    "Center API")
            yield _Listed(url, records)
            url = _next_page(data)

    async def get_json(self, url: str) -> dict[str, Any]:
        """GET `url` as JSON, paced, retried on 429/5xx and transport errors."""
        attempt = 0
        while True:
            await self.pacer.wait()
            self.requests += 1
            status, body, retry_after, failure = await self._get(url)
            if status == 200 and failure is None:
                return _json_object(body, url)
            if status in (401, 403, 404):
                raise NoResultError(self._refused(url, status))
            retryable = status in RETRY_STATUSES or (status == 0 and failure is not None)
            delay = retry_delay(attempt + 1, retry_after) if retryable else None
            if not retryable or attempt >= self.retries or delay is None:
                why = failure or f"HTTP {status}"
                if status == 429 and delay is None and retry_after:
                    why += f", Retry-After {retry_after} is too long to wait"
                raise NoResultError(f"the Zendesk API did not answer {url}: {why}")
            attempt += 1
            await asyncio.sleep(delay)

    async def _get(self, url: str) -> tuple[int, bytes, str | None, str | None]:
        """(status, body, Retry-After, transport or body error) of one attempt."""
        try:
            async with follow(self.client, Trail(url), max_redirects=self.max_redirects,
                              headers={"Accept": "application/json"}) as response:
                status = response.status_code
                retry_after = response.headers.get("retry-after")
                if status != 200:
                    return status, b"", retry_after, None
                body, error = await read_capped(response, MAX_RESPONSE_BYTES,
                                                "the API response limit")
                return status, body, retry_after, error
        except RedirectError as exc:
            return 0, b"", None, f"{exc.message} ({exc.final_url})"
        except httpx.HTTPError as exc:
            return 0, b"", None, str(exc) or type(exc).__name__

    def _refused(self, url: str, status: int) -> str:
        if self.has_token and status in (401, 403):
            return (f"{url} answered HTTP {status}: the token in site.headers was refused "
                    "(is it valid, and may its user read the help center?)")
        if status == 404:
            return (f"{url} answered HTTP 404: {NOT_PUBLIC}, or the start URL is not a "
                    "Zendesk help center")
        return f"{url} answered HTTP {status}: {NOT_PUBLIC}"


@dataclass(frozen=True)
class _Listed:
    url: str
    records: list[Any]


def _next_page(data: Mapping[str, Any]) -> str | None:
    """The next page's URL: `links.next` while `meta.has_more` (cursor), else `next_page`
    (offset); None after the last page."""
    meta, links = data.get("meta"), data.get("links")
    if isinstance(meta, Mapping) and "has_more" in meta:
        following = links.get("next") if isinstance(links, Mapping) else None
        return following if meta["has_more"] is True and isinstance(following, str) else None
    following = data.get("next_page")
    return following if isinstance(following, str) and following else None


def _json_object(body: bytes, url: str) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise NoResultError(f"{url} did not answer JSON: is this a Zendesk help center?"
                            ) from None
    if not isinstance(data, dict):
        raise NoResultError(f"{url} did not answer a JSON object")
    return data


def _article(raw: Any, url: str) -> Article:
    """An Article from the API's JSON; the fields the audit cannot do without are checked."""
    if not isinstance(raw, Mapping) or not isinstance(raw.get("id"), int) or \
            not isinstance(raw.get("html_url"), str) or not isinstance(raw.get("locale"), str):
        raise NoResultError(f"{url} lists an article without id, locale or html_url")

    def text(name: str) -> str | None:
        value = raw.get(name)
        return value if isinstance(value, str) else None

    def texts(name: str) -> tuple[str, ...]:
        value = raw.get(name)
        return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()

    section = raw.get("section_id")
    return Article(
        id=raw["id"], locale=raw["locale"], source_locale=text("source_locale") or "",
        title=text("title") or "", body=text("body") or "", html_url=raw["html_url"],
        section_id=section if isinstance(section, int) else None,
        draft=raw.get("draft") is True, outdated_locales=texts("outdated_locales"),
        edited_at=text("edited_at"), updated_at=text("updated_at"),
        label_names=texts("label_names"),
    )
