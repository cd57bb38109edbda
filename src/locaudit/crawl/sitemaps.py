"""Sitemaps: discovery seeds plus hreflang alternates and lastmod for later stages.

Parsed streaming with expat, and any DOCTYPE is refused: a sitemap never needs one, and
without it no entity can be expanded (no XXE, no billion laughs). Gzip is decompressed
incrementally and capped, so a gzip bomb stops at the cap.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from xml.parsers import expat

from locaudit.crawl.decompress import GZIP_MAGIC, TooLarge, inflate_capped

MAX_DECOMPRESSED = 50 * 1024 * 1024  # the sitemap protocol's own limit per file
MAX_DEPTH = 3  # index -> index -> index -> urlset
_XHTML = "http://www.w3.org/1999/xhtml"


class SitemapError(ValueError):
    """A sitemap that cannot be used (malformed, has a DTD, too large)."""


@dataclass(frozen=True)
class SitemapUrl:
    loc: str
    lastmod: str | None = None
    alternates: tuple[tuple[str, str], ...] = ()  # (hreflang, href)


@dataclass
class ParsedSitemap:
    urls: list[SitemapUrl] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)  # children of a sitemap index


def decompress(body: bytes, limit: int = MAX_DECOMPRESSED) -> bytes:
    """Gunzip when gzipped (by magic number), never producing more than `limit` bytes."""
    if not body.startswith(GZIP_MAGIC):
        if len(body) > limit:
            raise SitemapError(f"sitemap larger than {limit} bytes")
        return body
    try:
        return inflate_capped(body, "gzip", limit)
    except TooLarge:
        raise SitemapError(f"sitemap decompresses to more than {limit} bytes (gzip bomb?)"
                           ) from None
    except zlib.error as exc:  # a truncated or corrupt .xml.gz: skip it, like bad XML
        raise SitemapError(f"corrupt gzip sitemap ({exc})") from None


def parse_sitemap(body: bytes) -> ParsedSitemap:
    data = decompress(body)
    result = ParsedSitemap()
    parser = expat.ParserCreate(namespace_separator=" ")
    state: dict[str, object] = {"text": [], "loc": None, "lastmod": None, "alts": [],
                                "in": None}

    def refuse_dtd(*_args: object) -> None:
        raise SitemapError("sitemap declares a DOCTYPE/entities: refused (never expanded)")

    def start(name: str, attrs: dict[str, str]) -> None:
        local = name.rsplit(" ", 1)[-1]
        if local in ("url", "sitemap"):
            state.update(loc=None, lastmod=None, alts=[], **{"in": local})
        elif local == "link" and name.startswith(_XHTML) and state["in"] == "url" and \
                attrs.get("rel") == "alternate" and attrs.get("hreflang") and attrs.get("href"):
            alts = state["alts"]
            assert isinstance(alts, list)
            alts.append((attrs["hreflang"], attrs["href"].strip()))
        state["text"] = []

    def end(name: str) -> None:
        local = name.rsplit(" ", 1)[-1]
        parts = state["text"]
        assert isinstance(parts, list)
        text = "".join(parts).strip()
        if local in ("loc", "lastmod"):
            state[local] = text or None
        elif local == "url" and state["loc"]:
            alts = state["alts"]
            assert isinstance(alts, list)
            result.urls.append(SitemapUrl(str(state["loc"]), _opt(state["lastmod"]),
                                          tuple(alts)))
            state["in"] = None
        elif local == "sitemap" and state["loc"]:
            result.sitemaps.append(str(state["loc"]))
            state["in"] = None

    def chars(text: str) -> None:
        parts = state["text"]
        assert isinstance(parts, list)
        parts.append(text)

    parser.StartDoctypeDeclHandler = refuse_dtd
    parser.EntityDeclHandler = refuse_dtd
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise SitemapError(f"malformed sitemap XML: {exc}") from None
    return result


def _opt(value: object) -> str | None:
    return str(value) if value else None
