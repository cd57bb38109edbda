"""Probes for the site's soft-404 template: one URL that cannot exist per section.

Sites that answer a missing page with HTTP 200 and an error template ("Seite nicht
gefunden", a search page, the home page) make a missing translation look translated. At the
end of the crawl, one made-up URL is requested under each of the most used directory
prefixes (`/de/`, `/hc/de/`, `/docs/fr/` ...: where the locale sits on most sites, so each
locale's own template is learned) and under each locale-like query value (`?lang=de`). A
probe answering 200 gives the template; the analysis compares every page with it.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

MAX_PROBES = 24
_LOCALE_PARAMS = ("lang", "hl", "language", "locale")


def probe_urls(seen: Iterable[str], limit: int = MAX_PROBES) -> list[str]:
    """Probe URLs for the directory prefixes (depth 1 and 2) and locale query values that
    at least two crawled URLs share, most used first. Deterministic: the same site gets the
    same probes, so reports stay reproducible."""
    prefixes: Counter[tuple[str, str, str, str]] = Counter()
    for url in seen:
        parts = urlsplit(url)
        folders = [s for s in parts.path.split("/") if s][:-1][:2]
        query = urlencode([(k, v) for k, v in parse_qsl(parts.query)
                           if k.lower() in _LOCALE_PARAMS])
        for depth in range(len(folders) + 1):
            path = "/" + "".join(f"{f}/" for f in folders[:depth])
            prefixes[(parts.scheme, parts.netloc, path, query)] += 1
    chosen = sorted((k for k, n in prefixes.items() if n >= 2),
                    key=lambda k: (-prefixes[k], k))[:limit]
    probes = []
    for scheme, netloc, path, query in chosen:
        token = hashlib.sha1(f"{netloc}{path}?{query}".encode()).hexdigest()[:12]
        probes.append(urlunsplit((scheme, netloc, f"{path}locaudit-probe-{token}", query, "")))
    return probes
