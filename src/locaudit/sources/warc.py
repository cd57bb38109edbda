"""The web-archive source (`site.source: warc`): audit a site as a WARC file recorded it
(what the Internet Archive and Common Crawl publish, and what `wget --warc-file` or
Browsertrix write), without sending the site a single request.

The archive is replayed through the crawl itself: an httpx transport answers each request
of the crawl from the archive's response records, so robots.txt, sitemaps, redirects,
hreflang, extraction and every later stage work exactly as on the live site, and a site
crawled live and from its recording give the same report. A URL the archive did not record
answers 404 (an archive cannot tell a dead link from one it did not capture: a partial
recording shows such links as `broken_link` info findings). With several captures of a URL,
the latest (WARC-Date) is the one replayed.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import httpx

from locaudit.config import Config
from locaudit.crawl.crawler import ProgressFn
from locaudit.crawl.store import Store
from locaudit.crawl.urls import host_of, normalize_url
from locaudit.errors import ConfigError, NoResultError
from locaudit.models import CrawlStats
from locaudit.sources.crawl import crawl_site, site_scope

# Hop-by-hop and encoding headers: the replayed body is already decoded.
_DROPPED = frozenset({"content-encoding", "transfer-encoding", "content-length",
                      "connection", "keep-alive"})


@dataclass(frozen=True)
class Capture:
    """Where one URL's response record lies: the WARC file and the record's offset."""

    path: str
    offset: int
    date: str  # WARC-Date, ISO 8601


INDEX_SUFFIX = ".index.jsonl"


def index_warc(path: str | Path, hosts: Iterable[str] | None = None) -> dict[str, Capture]:
    """normalised URL -> its latest response record in the file, for `hosts` only (all
    hosts when None). Reads record headers only; bodies are read when replayed. A file
    named *.index.jsonl is an index written by `write_index` (a survey indexes each WARC
    file once for all its sites)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    wanted = set(hosts) if hosts is not None else None
    if str(path).endswith(INDEX_SUFFIX):
        return {url: c for url, c in read_index(path).items()
                if wanted is None or host_of(url) in wanted}
    out: dict[str, Capture] = {}
    try:
        with open(path, "rb") as fh:
            records = ArchiveIterator(fh)
            for record in records:
                if record.rec_type != "response":
                    continue
                url = normalize_url(record.rec_headers.get_header("WARC-Target-URI") or "")
                if url is None or (wanted is not None and host_of(url) not in wanted):
                    continue
                _keep_latest(out, url, Capture(str(path), records.get_record_offset(),
                                               record.rec_headers.get_header("WARC-Date") or ""))
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}",
                          key="site.warc") from None
    except ArchiveLoadFailed as exc:
        raise ConfigError(f"{path} is not a WARC file: {exc}", key="site.warc") from None
    return out


def write_index(captures: Mapping[str, Capture], path: Path) -> None:
    """One JSON line per URL: url, WARC file, record offset, WARC-Date."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for url, c in sorted(captures.items()):
            fh.write(json.dumps({"url": url, "file": c.path, "offset": c.offset,
                                 "date": c.date}) + "\n")
    tmp.replace(path)


def read_index(path: str | Path) -> dict[str, Capture]:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
        return {d["url"]: Capture(d["file"], int(d["offset"]), d["date"])
                for d in map(json.loads, lines)}
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}",
                          key="site.warc") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"{path} is not an archive index: {exc}", key="site.warc") from None


def latest(captures: Iterable[Mapping[str, Capture]]) -> dict[str, Capture]:
    """The captures merged, the latest of each URL kept (a tie: the later one given)."""
    out: dict[str, Capture] = {}
    for mapping in captures:
        for url, capture in mapping.items():
            _keep_latest(out, url, capture)
    return out


def _keep_latest(out: dict[str, Capture], url: str, capture: Capture) -> None:
    """The one rule for several captures of a URL: the latest WARC-Date, a tie the later."""
    if url not in out or capture.date >= out[url].date:
        out[url] = capture


def read_capture(capture: Capture) -> tuple[int, list[tuple[str, str]], bytes]:
    """The recorded response: status, headers (decoded-body ones), body."""
    from warcio.archiveiterator import ArchiveIterator

    with open(capture.path, "rb") as fh:
        fh.seek(capture.offset)
        record = next(iter(ArchiveIterator(fh)))
        http = record.http_headers
        status = int(http.get_statuscode() or 0) if http is not None else 200
        headers = [(k, v) for k, v in (http.headers if http is not None else [])
                   if k.lower() not in _DROPPED]
        return status, headers, record.content_stream().read()


class ArchiveTransport(httpx.AsyncBaseTransport):
    """Answers the crawl's requests from an archive's captures; 404 for the rest."""

    def __init__(self, captures: Mapping[str, Capture]) -> None:
        self.captures = captures
        self.requests = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        capture = self.captures.get(normalize_url(str(request.url)) or "")
        if capture is None:
            return httpx.Response(404, headers={"content-type": "text/plain"},
                                  stream=httpx.ByteStream(b"not in the archive"),
                                  request=request)
        status, headers, body = read_capture(capture)
        # A stream, as the network gives: the crawl reads it raw, capped (decompress.py).
        return httpx.Response(status, headers=headers, stream=httpx.ByteStream(body),
                              request=request)


def read_archive(config: Config, store: Store, *, on_progress: ProgressFn | None = None,
                 fresh: bool = False) -> CrawlStats:
    """Replay the config's WARC files through the crawl into one finished run. No host is
    contacted, so the rate limit and retries are off."""
    if not config.site.warc:
        raise ConfigError("give the WARC files to read (site.warc: [crawl.warc.gz])",
                          key="site.warc")
    started = time.monotonic()
    hosts = site_scope(config).hosts
    captures = latest(index_warc(path, hosts) for path in config.site.warc)
    if not captures:
        raise NoResultError(f"no response recorded for {', '.join(sorted(hosts))} in "
                            f"{', '.join(str(p) for p in config.site.warc)}")
    replay = replace(config, crawl=replace(config.crawl, rate_limit=0.0, retries=0))
    stats = crawl_site(replay, store, on_progress=on_progress, fresh=True,
                       transport=ArchiveTransport(captures))
    return replace(stats, duration_s=round(time.monotonic() - started, 3))
