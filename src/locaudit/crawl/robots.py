"""robots.txt, fetched once per host and parsed with protego (Google's matching rules)."""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx
from protego import Protego

from locaudit.crawl.http import RedirectError, Trail, follow


@dataclass
class HostRobots:
    parser: Protego | None  # None: no robots.txt (or it failed): everything allowed
    sitemaps: tuple[str, ...] = ()
    crawl_delay: float | None = None


@dataclass
class RobotsCache:
    """Fetches and caches robots.txt per scheme+host."""

    user_agent: str
    respect: bool = True
    max_redirects: int = 10
    _hosts: dict[str, HostRobots] = field(default_factory=dict)

    async def for_url(self, client: httpx.AsyncClient, url: str) -> HostRobots:
        origin = _origin(url)
        cached = self._hosts.get(origin)
        if cached is None:
            cached = await self._fetch(client, origin)
            self._hosts[origin] = cached
        return cached

    async def allowed(self, client: httpx.AsyncClient, url: str) -> bool:
        if not self.respect:
            return True
        robots = await self.for_url(client, url)
        return robots.parser is None or robots.parser.can_fetch(url, self.user_agent)

    async def _fetch(self, client: httpx.AsyncClient, origin: str) -> HostRobots:
        try:
            # The crawl's one redirect policy (crawl/http.py), as for pages and sitemaps.
            async with follow(client, Trail(f"{origin}/robots.txt"),
                              max_redirects=self.max_redirects) as response:
                if response.status_code != 200:
                    # RFC 9309: 4xx means no restrictions; 5xx should mean "assume
                    # disallowed", but a help site with a broken robots.txt is audited
                    # anyway, as most crawlers do.
                    return HostRobots(parser=None)
                content = await response.aread()
        except (httpx.HTTPError, RedirectError):
            return HostRobots(parser=None)
        text = content[:512_000].decode("utf-8", errors="replace")
        parser = Protego.parse(text)
        delay = parser.crawl_delay(self.user_agent)
        return HostRobots(
            parser=parser, sitemaps=tuple(parser.sitemaps),
            crawl_delay=float(delay) if delay is not None else None,
        )


def _origin(url: str) -> str:
    parts = httpx.URL(url)
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.host}{port}"
