"""Is a body served as HTML really text? The WHATWG MIME Sniffing Standard decides.

The "rules for identifying an unknown MIME type" (section 7.1, scriptable content allowed)
are applied to the resource header, the first 1,445 bytes: an HTML or XML signature, then
the signatures of PDF, PostScript, images, audio, video and archives, then text when no
"binary data byte" occurs. A body is binary only when those rules say so, so one NUL byte
in a page that starts like HTML never is; a PNG or a gzip stream served as text/html is.
"""

from __future__ import annotations

RESOURCE_HEADER = 1445
_WHITESPACE = b"\t\n\x0c\r "
_TAG_END = b" >"
# Binary data bytes: 0x00-0x08, 0x0B, 0x0E-0x1A, 0x1C-0x1F.
_BINARY = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x1B), *range(0x1C, 0x20)])
_HTML_TAGS = (b"<!DOCTYPE HTML", b"<HTML", b"<HEAD", b"<SCRIPT", b"<IFRAME", b"<H1", b"<DIV",
              b"<FONT", b"<TABLE", b"<A", b"<STYLE", b"<TITLE", b"<B", b"<BODY", b"<BR",
              b"<P", b"<!--")
_TEXT_TYPES = frozenset({"text/html", "text/xml", "text/plain"})
# (prefix, MIME type) for signatures that are plain prefixes.
_PREFIXES = (
    (b"%PDF-", "application/pdf"), (b"%!PS-Adobe-", "application/postscript"),
    (b"\xfe\xff", "text/plain"), (b"\xff\xfe", "text/plain"), (b"\xef\xbb\xbf", "text/plain"),
    (b"\x00\x00\x01\x00", "image/x-icon"), (b"\x00\x00\x02\x00", "image/x-icon"),
    (b"BM", "image/bmp"), (b"GIF87a", "image/gif"), (b"GIF89a", "image/gif"),
    (b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x1a\x45\xdf\xa3", "video/webm"), (b"ID3", "audio/mpeg"), (b"OggS\x00", "application/ogg"),
    (b"MThd\x00\x00\x00\x06", "audio/midi"), (b"\x1f\x8b\x08", "application/x-gzip"),
    (b"PK\x03\x04", "application/zip"), (b"Rar \x1a\x07\x00", "application/x-rar-compressed"),
)
# RIFF containers: bytes 8-12 name the format.
_RIFF = {b"WEBP": "image/webp", b"AVI ": "video/avi", b"WAVE": "audio/wave"}


def sniff(body: bytes) -> str:
    """The MIME type the rules for identifying an unknown MIME type give `body`."""
    header = body[:RESOURCE_HEADER]
    stripped = header.lstrip(_WHITESPACE)
    upper = stripped[:16].upper()
    for tag in _HTML_TAGS:
        if upper.startswith(tag) and stripped[len(tag):len(tag) + 1] in (b" ", b">"):
            return "text/html"
    if stripped.startswith(b"<?xml"):
        return "text/xml"
    for prefix, mime in _PREFIXES:
        if header.startswith(prefix):
            return mime
    if header.startswith(b"RIFF") and header[8:12] in _RIFF:
        return _RIFF[header[8:12]]
    if header[4:8] == b"ftyp" and len(header) >= 12:
        return "video/mp4"
    if len(header.translate(None, _BINARY)) == len(header):  # no binary data byte
        return "text/plain"
    return "application/octet-stream"


def is_binary(body: bytes) -> bool:
    """Whether a body served as text is binary by the sniffing rules."""
    return sniff(body) not in _TEXT_TYPES
