"""Redirects a page makes itself: `<meta http-equiv="refresh" content="0;url=...">` and the
common script one-liner (`window.location = '...'`, `location.href = "..."`,
`location.replace('...')`). The crawler follows them like an HTTP redirect, so a localized
URL that refreshes to the English page is a locale redirect, not a translation.

A script counts only when its whole content is that one statement with a literal URL: such
a script runs on load and navigates unconditionally. A `location.href = '/search?q=' + q`
inside a handler on every page of a site is not a redirect and never matches. Markup inside
`<noscript>` and comments is ignored, as a browser with scripting on ignores it.
"""

from __future__ import annotations

import html
import re

from locaudit.crawl.urls import normalize_url

SCAN_BYTES = 65_536  # meta refresh belongs in <head>; a redirect stub is a small page
_HIDDEN = re.compile(rb"<noscript\b.*?</noscript\s*>|<!--.*?-->", re.I | re.S)
_META = re.compile(rb"<meta\b[^>]*>", re.I)
_ATTR = re.compile(rb"""([A-Za-z_:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
# A one-liner is short: longer scripts are not read at all (most pages carry big ones).
_SCRIPT = re.compile(rb"<script\b([^>]*)>([^<]{0,400})</script\s*>", re.I)
_REFRESH = re.compile(r"\s*[\d.]*\s*[;,]?\s*(?:url\s*=\s*)?(.*)$", re.I | re.S)
_LOCATION = r"(?:(?:window|self|top|document)\s*\.\s*)?location"
_JS_REDIRECT = re.compile(
    rf"""^(?:{_LOCATION}(?:\s*\.\s*href)?\s*=\s*(['"])(?P<a>[^'"\\]+)\1"""
    rf"""|{_LOCATION}\s*\.\s*(?:replace|assign)\s*\(\s*(['"])(?P<b>[^'"\\]+)\3\s*\))\s*;?$""")
_JS_TYPES = ("", "text/javascript", "application/javascript", "module")


def client_redirect(body: bytes, base: str) -> str | None:
    """The absolute URL the page sends its visitor to on load, or None."""
    head = body[:SCAN_BYTES]
    # Most pages: four substring searches, no regex. (`location` is case-sensitive in
    # script; http-equiv values are Refresh, refresh or REFRESH in practice.)
    refresh = b"efresh" in head or b"EFRESH" in head
    script = b"location" in head
    candidates: list[tuple[int, str]] = []  # (offset, raw URL)
    for match in _META.finditer(head) if refresh else ():
        attrs = _attributes(match.group(0))
        if attrs.get("http-equiv", "").strip().lower() == "refresh":
            candidates.append((match.start(), _refresh_url(attrs.get("content", ""))))
    for match in _SCRIPT.finditer(head) if script else ():
        attrs = _attributes(match.group(1))
        if "src" in attrs or attrs.get("type", "").strip().lower() not in _JS_TYPES:
            continue
        text = match.group(2).decode("utf-8", "replace").strip()
        text = re.sub(r"^(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>$", "", text).strip()
        redirect = _JS_REDIRECT.match(text)
        if redirect:
            candidates.append((match.start(), redirect.group("a") or redirect.group("b")))
    if not candidates:
        return None
    hidden = [m.span() for m in _HIDDEN.finditer(head)]
    for offset, raw in sorted(candidates):
        if not any(start <= offset < end for start, end in hidden):
            return _target(raw, base)
    return None


def _attributes(tag: bytes) -> dict[str, str]:
    return {name.decode("ascii", "replace").lower():
            html.unescape((a or b or c).decode("utf-8", "replace"))
            for name, a, b, c in _ATTR.findall(tag)}


def _refresh_url(content: str) -> str:
    """The URL of a refresh declaration ("5; url='/x'", "0;URL=/x", "0, /x"); "" if none."""
    match = _REFRESH.match(content)
    raw = match.group(1).strip() if match else ""
    if raw[:1] in ("'", '"'):
        raw = raw[1:].split(raw[0], 1)[0]
    return raw.strip()


def _target(raw: str, base: str) -> str | None:
    if not raw:
        return None  # a refresh of the page itself
    target = normalize_url(raw, base)
    return None if target is None or target == base else target
