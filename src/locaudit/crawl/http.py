"""The one HTTP policy every request of a crawl goes through: pages, robots.txt, sitemaps.

- Configured headers (`site.headers`, e.g. a token) are set by a request hook on the client,
  per request, from the request's own host: a host in `site.hosts` gets them, any other host
  never does. httpx runs request hooks for every request it sends, its own redirects
  included, so no code path (and no redirect) can carry a token to another host. (httpx's
  redirect logic alone strips only `Authorization`.)
- Redirects are followed here, by `follow`, never by httpx: one limit, one loop check and the
  chain recorded, the same for every kind of request.
- No cookie jar unless `crawl.cookies`: a site's locale cookie sent back would make the
  answers depend on crawl order.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from http.cookiejar import CookieJar, DefaultCookiePolicy

import httpx

from locaudit.crawl.urls import host_of, normalize_url


class RedirectError(Exception):
    """A redirect chain that cannot be followed: loop, too long, not HTTP."""

    def __init__(self, message: str, final_url: str, status: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.final_url = final_url
        self.status = status


def request_host(url: httpx.URL) -> str:
    """The host as the crawl's scope names it (lower case, no default port)."""
    normalized = normalize_url(str(url))
    return host_of(normalized) if normalized else url.host


def host_forms(host: str) -> set[str]:
    """A host as written and in its other IDNA form (`bücher.de`, `xn--bcher-kva.de`):
    links keep what the page wrote, httpx sends the ASCII form."""
    name, sep, port = host.rpartition(":") if not host.endswith("]") else (host, "", "")
    if not sep or not port.isdigit():
        name, sep, port = host, "", ""
    forms = {host}
    for convert in (lambda n: n.encode("idna").decode("ascii"),
                    lambda n: n.encode("ascii").decode("idna")):
        with suppress(UnicodeError):
            forms.add(convert(name).lower() + sep + port)
    return forms


def scoped_headers_hook(headers: Mapping[str, str], hosts: Iterable[str],
                        defaults: Mapping[str, str] | None = None
                        ) -> Callable[[httpx.Request], Awaitable[None]]:
    """A request hook: `headers` on requests to `hosts`, and never on any other request.

    A configured header that shadows a client default (User-Agent) gets the default back
    off scope; any other configured name is removed."""
    allowed = frozenset(form for host in hosts for form in host_forms(host))
    fallback = {k.lower(): v for k, v in (defaults or {}).items()}

    async def hook(request: httpx.Request) -> None:
        if request_host(request.url) in allowed:
            request.headers.update(headers)
            return
        for name in headers:
            if name.lower() in fallback:
                request.headers[name] = fallback[name.lower()]
            elif name in request.headers:
                del request.headers[name]

    return hook


def cookie_jar(enabled: bool) -> CookieJar:
    """An ordinary jar when `enabled`, else one that refuses every cookie. (A CookieJar,
    not httpx.Cookies: the client copies the cookies of an httpx.Cookies into a new jar
    with the default policy.)"""
    if enabled:
        return CookieJar()
    return CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))


@dataclass
class Trail:
    """Where a fetch is: the URL being requested, and the URLs that redirected to it."""

    current: str
    chain: list[str] = field(default_factory=list)

    def redirect(self, target: str | None, status: int = 0) -> None:
        """Record that `current` redirects to `target` (HTTP, meta refresh or script)."""
        self.chain.append(self.current)
        if target is None:
            raise RedirectError("redirect to a non-HTTP URL", self.current, status)
        if target in self.chain:
            raise RedirectError("redirect loop", target, status)
        self.current = target


@asynccontextmanager
async def follow(client: httpx.AsyncClient, trail: Trail, *, max_redirects: int,
                 headers: Mapping[str, str] | None = None
                 ) -> AsyncIterator[httpx.Response]:
    """Stream GET `trail.current`, following HTTP redirects; yields the final response,
    whose URL is then `trail.current`.

    The trail may already hold earlier hops (a meta refresh): the limit counts them all.
    `headers` go with the first request only (conditional requests). Raises RedirectError
    for loops, chains longer than `max_redirects` and non-HTTP targets."""
    first = True
    while True:
        if len(trail.chain) > max_redirects:
            raise RedirectError(f"more than {max_redirects} redirects", trail.current)
        async with client.stream("GET", trail.current,
                                 headers=dict(headers or {}) if first else None) as response:
            first = False
            if response.is_redirect and "location" in response.headers:
                trail.redirect(normalize_url(response.headers["location"], trail.current),
                               response.status_code)
                continue
            yield response
            return
