"""URL normalisation and crawl scope.

Links are deduplicated as plain normalised strings before any request object exists: on
pages with ~130 links, per-request fingerprinting costs more than the fetch (design §12).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}
# Query parameters that only track visitors or sessions: the same page under many URLs.
_TRACKING = re.compile(
    r"^(utm_\w+|gclid|fbclid|msclkid|mc_cid|mc_eid|_ga|_gl|yclid|igshid|"
    r"sessionid|session_id|sid|phpsessid|jsessionid)$",
    re.IGNORECASE,
)
_SAFE_PATH = "/:@!$&'()*+,;=-._~%"


def normalize_url(url: str, base: str | None = None) -> str | None:
    """Absolute, canonical form of `url` (resolved against `base`), or None if not http(s).

    Lower-cases scheme and host, drops default ports, fragments, tracking parameters and
    `;jsessionid=` path parameters, sorts the query, and normalises percent-encoding.
    """
    url = url.strip()
    if not url:
        return None
    if base is not None:
        url = urljoin(base, url)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    if ":" in (parts.hostname or "") and not host.startswith("["):  # IPv6 literal
        host = f"[{host}]" if port is None else host
    path = re.sub(r";jsessionid=[^/?]*", "", parts.path, flags=re.IGNORECASE)
    path = quote(unquote(path), safe=_SAFE_PATH) or "/"
    query_items = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not _TRACKING.match(k)
    ]
    query = urlencode(sorted(query_items), quote_via=quote)
    return urlunsplit((scheme, host, path, query, ""))


def host_of(url: str) -> str:
    return urlsplit(url).netloc


def path_of(url: str) -> str:
    """Path plus query, as include/exclude patterns and locale patterns see it."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@dataclass(frozen=True)
class Scope:
    """Which URLs belong to the crawl: the start URLs' hosts plus `site.hosts`, then
    include/exclude regexes."""

    hosts: frozenset[str]
    include: tuple[re.Pattern[str], ...] = ()
    exclude: tuple[re.Pattern[str], ...] = ()

    @classmethod
    def for_start_urls(
        cls, start_urls: Iterable[str], include: Iterable[re.Pattern[str]] = (),
        exclude: Iterable[re.Pattern[str]] = (), hosts: Iterable[str] = (),
    ) -> Scope:
        # Compared with normalised URLs' hosts: `Help.Acme.com:443` is `help.acme.com`.
        start_hosts = {host_of(normalize_url(u) or u) for u in start_urls}
        return cls(hosts=frozenset(start_hosts | set(hosts)), include=tuple(include),
                   exclude=tuple(exclude))

    def contains(self, url: str) -> bool:
        if host_of(url) not in self.hosts:
            return False
        path = path_of(url)
        if self.include and not any(p.search(path) for p in self.include):
            return False
        return not any(p.search(path) for p in self.exclude)
