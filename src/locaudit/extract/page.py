"""Build a Page from a Fetched response. Picklable, so it can run in a process pool."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, replace
from urllib.parse import urljoin, urlsplit

from charset_normalizer import from_bytes

from locaudit.crawl.urls import normalize_url
from locaudit.extract.fingerprint import block_sketch, text_fingerprint
from locaudit.extract.html import HtmlFields, parse_html
from locaudit.extract.language import (
    DEFAULT_DETECTOR,
    Block,
    Detection,
    decide,
    encode_blocks,
    label_blocks,
    prose_minimum,
    shares,
)
from locaudit.extract.sniff import is_binary
from locaudit.models import Alternate, Fetched, Page

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_LINK_HEADER = re.compile(r"<([^>]+)>\s*;([^,]*(?:,(?!\s*<)[^,]*)*)")

# Notices platforms show when they serve the default-language text under a localized URL.
DEFAULT_FALLBACK_PHRASES = (
    "is currently unavailable in",
    "you are viewing the default",
    "not available in your language",
    "this article is not available in",
    "this page is not available in",
    "has not been translated",
    "is not yet available in",
)
DEFAULT_MT_PHRASES = (
    "automatically translated", "machine translated", "machine-translated",
    "maschinell übersetzt", "traduit automatiquement", "traducido automáticamente",
    "機械翻訳",
)
_MT_META = {"ms.translationtype": ("mt", "hmt"), "translation-type": ("machine", "mt")}


# The encodings browsers consider (WHATWG Encoding Standard): detection picks among these,
# not among DOS code pages a web page never uses.
WEB_ENCODINGS = ("utf_8", "cp1252", "shift_jis", "euc_jp", "iso2022_jp", "gb18030", "big5",
                 "euc_kr", "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256",
                 "cp1257", "cp1258", "iso8859_2", "iso8859_5", "iso8859_7", "iso8859_15",
                 "koi8_r", "koi8_u", "cp874", "utf_16")


@dataclass(frozen=True)
class ExtractOptions:
    min_text_chars: int = 200
    detector: str = DEFAULT_DETECTOR
    fallback_phrases: tuple[str, ...] = DEFAULT_FALLBACK_PHRASES
    machine_translation_phrases: tuple[str, ...] = DEFAULT_MT_PHRASES


def process_fetched(options: ExtractOptions, fetched: Fetched) -> tuple[Page, list[str]]:
    """The Page to store, and the absolute links to follow (hreflang alternates included)."""
    content_type = (fetched.header("content-type") or "").lower()
    base = Page(
        url=fetched.final_url, requested_url=fetched.url, status=fetched.status,
        redirects=fetched.redirects, content_type=content_type.split(";")[0].strip(),
        content_language=fetched.header("content-language"),
        last_modified=fetched.header("last-modified"), etag=fetched.header("etag"),
        error=fetched.error, vary=fetched.header("vary"),
    )
    if fetched.error is not None or not any(t in content_type for t in _HTML_TYPES):
        return base, []
    if is_binary(fetched.body):
        return replace(base, error="binary body served as text/html"), []
    text = decode_html(fetched.body, content_type)
    fields = parse_html(text)
    alternates, links, link_texts = _page_links(fields, fetched)
    blocks, detection = _detect_language(fields, options)
    page = _checked_page(base, fields, fetched, options, alternates, link_texts, blocks,
                         detection)
    return page, links


# The stages of process_fetched, each a module-level function looked up at call time, so a
# benchmark can time them by wrapping them (benchmarks/crawl_bench.py); nothing here counts.
def _page_links(fields: HtmlFields, fetched: Fetched
                ) -> tuple[tuple[Alternate, ...], list[str], tuple[str, ...]]:
    """The page's hreflang alternates, links to follow (alternates included) and the links'
    texts, in order."""
    url = fetched.final_url
    # Alternates and canonical in the crawler's canonical URL form, so `#top`, `?utm_source=`,
    # relative paths or a raw `für` in a slug still name the page fetched as `f%C3%BCr`.
    alternates = tuple(
        Alternate(a.hreflang, _absolute(a.url, url), a.origin) for a in fields.alternates
    ) + _link_header_alternates(fetched.header("link"), url)
    links = _resolve_links(url, fields.links)
    links.extend(a.url for a in alternates)
    link_texts = fields.link_texts + tuple(
        f'<link hreflang="{a.hreflang}">' for a in alternates)
    return alternates, links, link_texts


def _detect_language(fields: HtmlFields, options: ExtractOptions
                     ) -> tuple[list[Block], Detection]:
    blocks = label_blocks(fields.prose, options.detector)
    share, total = shares(blocks)
    return blocks, decide(share, total, prose_minimum(options.min_text_chars))


def _checked_page(base: Page, fields: HtmlFields, fetched: Fetched, options: ExtractOptions,
                  alternates: tuple[Alternate, ...], link_texts: tuple[str, ...],
                  blocks: list[Block], detection: Detection) -> Page:
    """The Page with its fields, language and checks (noindex, fallback, MT markers)."""
    url = fetched.final_url
    noindex = fields.noindex or "noindex" in (fetched.header("x-robots-tag") or "").lower()
    return replace(
        base, is_html=True, html_lang=fields.html_lang, alternates=alternates,
        canonical=_absolute(fields.canonical, url) if fields.canonical else None,
        noindex=noindex, title=fields.title, words=fields.words, modified=fields.modified,
        section=fields.section, headings=fields.headings, list_items=fields.list_items,
        code_blocks=fields.code_blocks, images=fields.images, tables=fields.tables,
        versions=fields.versions, detected_language=detection.language,
        detected_confidence=detection.confidence, prose=encode_blocks(blocks),
        fallback_banner=_find_phrase(fields.visible_text, options.fallback_phrases),
        machine_translated=_machine_translation_marker(fields, options),
        link_texts=link_texts, fingerprint=text_fingerprint(fields.main_text, fields.words),
        sketch=block_sketch(fields.prose),
    )


# urljoin results of root-relative hrefs, per scheme and host: navigation repeats the same
# hrefs on every page, and urljoin was a seventh of a page's extraction CPU.
_JOINED: dict[tuple[str, str, str], str] = {}
_JOINED_MAX = 50_000


def _resolve_links(base: str, hrefs: tuple[str, ...]) -> list[str]:
    """`urljoin(base, href)` for each href. A root-relative href ("/hc/...", "//host/...")
    ignores the base's path, query and fragment (RFC 3986 5.2.2; urljoin reads only the
    base's scheme and host then), so its result is memoised on those two."""
    parts = urlsplit(base)
    scheme, netloc = parts.scheme, parts.netloc
    out = []
    for href in hrefs:
        if href[:1] != "/":
            out.append(urljoin(base, href))
            continue
        key = (scheme, netloc, href)
        joined = _JOINED.get(key)
        if joined is None:
            if len(_JOINED) >= _JOINED_MAX:
                _JOINED.clear()
            joined = _JOINED[key] = urljoin(base, href)
        out.append(joined)
    return out


def decode_html(body: bytes, content_type: str) -> str:
    """Charset from the BOM, then the HTTP header, then <meta>, then detection."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if body.startswith(bom):
            return body.decode(encoding, errors="replace")
    declared: list[str | None] = [_charset_param(content_type)]
    match = _META_CHARSET.search(body[:4096])
    if match:
        declared.append(match.group(1).decode("ascii", "ignore"))
    for charset in declared:
        if not charset:
            continue
        try:
            codecs.lookup(charset)
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue  # a lying or unknown charset: fall through to detection
    best = from_bytes(body[:200_000], cp_isolation=list(WEB_ENCODINGS)).best()
    if best is not None:
        return body.decode(best.encoding, errors="replace")
    return body.decode("utf-8", errors="replace")


def _charset_param(content_type: str) -> str | None:
    match = re.search(r"charset\s*=\s*\"?([A-Za-z0-9_.:-]+)", content_type)
    return match.group(1) if match else None


def _link_header_alternates(header: str | None, base: str) -> tuple[Alternate, ...]:
    """hreflang alternates sent as an HTTP Link header (RFC 8288)."""
    if not header:
        return ()
    found = []
    for target, params in _LINK_HEADER.findall(header):
        attrs = dict(
            (k.strip().lower(), v.strip().strip('"'))
            for k, _, v in (p.partition("=") for p in params.split(";")) if k.strip()
        )
        if "alternate" in attrs.get("rel", "").split() and attrs.get("hreflang") and \
                "type" not in attrs:
            found.append(Alternate(attrs["hreflang"], _absolute(target, base), "header"))
    return tuple(found)


def _absolute(href: str, base: str) -> str:
    return normalize_url(href, base) or urljoin(base, href)


def _find_phrase(text: str, phrases: tuple[str, ...]) -> str | None:
    lowered = text.lower()
    for phrase in phrases:
        if phrase.lower() in lowered:
            return phrase
    return None


def _machine_translation_marker(fields: HtmlFields, options: ExtractOptions) -> str | None:
    for name, values in _MT_META.items():
        content = fields.meta.get(name, "").lower()
        if content in values:
            return f'<meta name="{name}" content="{content}">'
    return _find_phrase(fields.visible_text, options.machine_translation_phrases)


