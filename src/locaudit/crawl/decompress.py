"""Size-capped reading and decompression: the one place a crawl inflates gzip or deflate.

Bodies are inflated here, never by httpx, and never past a limit: a gzip bomb stops at the
cap instead of filling memory. Pages and sitemaps (their Content-Encoding, and a `.xml.gz`
body) go through `inflate_capped`.
"""

from __future__ import annotations

import zlib

import httpx

GZIP_MAGIC = b"\x1f\x8b"


class TooLarge(ValueError):
    """The body would decompress to more than the limit."""


def inflate_capped(data: bytes, encoding: str, limit: int) -> bytes:
    """`data` inflated as `encoding` ("gzip" or "deflate"), never more than `limit` bytes.

    Raises TooLarge when it would be more, zlib.error when the data is corrupt."""
    wbits = 16 + zlib.MAX_WBITS if encoding == "gzip" else zlib.MAX_WBITS
    inflater = zlib.decompressobj(wbits)
    out = inflater.decompress(data, limit + 1)
    if len(out) > limit or inflater.unconsumed_tail:
        raise TooLarge(f"{encoding} data decompresses to more than {limit} bytes")
    return out


async def read_capped(response: httpx.Response, limit: int, what: str
                      ) -> tuple[bytes, str | None]:
    """The response's body, decoded by its Content-Encoding, or b"" and why not: larger
    than `limit` bytes on the wire or decompressed (`what` names the limit), corrupt, or
    an encoding never requested."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_raw():
        size += len(chunk)
        if size > limit:
            return b"", f"body larger than {what} ({limit} bytes)"
        chunks.append(chunk)
    raw = b"".join(chunks)
    encoding = response.headers.get("content-encoding", "").lower()
    if encoding == "br":
        return b"", "brotli-encoded body (not requested)"
    if encoding not in ("gzip", "deflate"):
        return raw, None
    try:
        return inflate_capped(raw, encoding, limit), None
    except zlib.error:
        return b"", f"corrupt {encoding} body"
    except TooLarge:
        return b"", f"body decompresses to more than {what} ({limit} bytes)"
