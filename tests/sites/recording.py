"""Record served sites into a WARC file the way an archiving crawler does: every path of
the site requested over real HTTP, each exchange written by warcio's capture_http."""

from __future__ import annotations

import http.client
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

from warcio.capture_http import capture_http

from locaudit.demo.server import SiteServer


def record(servers: Iterable[SiteServer], warc: Path) -> Path:
    """Request every path of each server's site (redirects not followed: each hop is its
    own record, as archives keep them) into `warc` (gzipped per record)."""
    with capture_http(str(warc)):
        for server in servers:
            parts = urlsplit(server.base_url)
            conn = http.client.HTTPConnection(parts.hostname or "", parts.port)
            try:
                for path in server.site:
                    conn.request("GET", path, headers={"User-Agent": "archiver"})
                    conn.getresponse().read()
            finally:
                conn.close()
    return warc
