"""Field extraction from HTML with selectolax (Lexbor): ~0.6 ms per 60 KB page."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from locaudit.extract.language import WORD
from locaudit.models import Alternate

# Where help platforms put the article body, most specific first.
_MAIN_SELECTORS = (
    "[itemprop=articleBody]", ".article-body", ".article__body", "article .content",
    "article", "main", "[role=main]", "#content", ".content",
)
_CHROME = "script, style, noscript, template, nav, header, footer, aside, form, svg, iframe"
_BREADCRUMB_SELECTORS = (
    ".breadcrumbs li", ".breadcrumb li", "nav[aria-label*=readcrumb] li",
    "[itemtype*=BreadcrumbList] [itemprop=itemListElement]",
)
# Code of any kind: left out of the text whose language is judged.
_CODE = ("pre, code, kbd, samp, var, tt, [class*=code], [class*=Code], [class*=highlight], "
         "[class*=Highlight]")
# Elements that start a new block of prose (text between them is one block).
_BLOCKS = ("p, li, h1, h2, h3, h4, h5, h6, td, th, dt, dd, blockquote, figcaption, caption, "
           "summary, div, section, br")
_BREAK = "\u2029"
_LINK_TEXT_MAX = 200
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


@dataclass(frozen=True)
class HtmlFields:
    html_lang: str | None
    alternates: tuple[Alternate, ...]
    canonical: str | None
    noindex: bool
    title: str
    main_text: str
    words: int
    modified: str | None
    section: str | None
    headings: int
    list_items: int
    code_blocks: int
    images: int
    tables: int
    links: tuple[str, ...]  # raw hrefs, resolved by the caller
    link_texts: tuple[str, ...]  # each link's raw text, in the same order (cut at 200 chars)
    meta: dict[str, str]  # name/property -> content, lower-cased names
    visible_text: str  # whole-page text without chrome: banners live outside the article
    prose: tuple[str, ...] = ()  # the main text's prose blocks, code left out
    versions: tuple[str, ...] = ()  # version strings in the prose ("1.32", "v2.4.1")


def parse_html(html: str) -> HtmlFields:
    tree = LexborHTMLParser(html)
    root = tree.root
    html_node = tree.css_first("html")
    html_lang = _attr(html_node, "lang") or _attr(html_node, "xml:lang")
    meta = _meta(tree)
    alternates, canonical = _link_rels(tree)
    title_node = tree.css_first("title")
    h1 = tree.css_first("h1")
    title = _clean(h1.text()) if h1 is not None else ""
    if not title and title_node is not None:
        title = _clean(title_node.text())
    anchors = [(href, node) for node in tree.css("a[href]") if (href := _attr(node, "href"))]
    links = tuple(href for href, _ in anchors)
    # A broken link's finding names its text: raw here (under a microsecond a link), cleaned
    # by the crawler only for the few links it has not seen before.
    link_texts = tuple(node.text_lexbor()[:_LINK_TEXT_MAX] for _, node in anchors)
    modified = _modified(tree, meta)
    section = _section(tree)
    body = tree.body
    visible_text = ""
    if body is not None:
        for node in body.css("script, style, noscript, template"):
            node.decompose()
        visible_text = _clean(body.text(separator=" "))
    main = _main_node(tree)
    headings = list_items = code_blocks = images = tables = 0
    main_text = ""
    prose: tuple[str, ...] = ()
    if main is not None:
        headings = len(main.css("h2, h3, h4, h5, h6"))
        list_items = len(main.css("li"))
        code_blocks = len(main.css("pre"))
        images = len(main.css("img"))
        tables = len(main.css("table"))
        for node in main.css(_CHROME):
            node.decompose()
        main_text = _clean(main.text(separator=" "))
        prose = prose_blocks(main)
    del root
    return HtmlFields(
        html_lang=html_lang, alternates=alternates, canonical=canonical,
        noindex="noindex" in meta.get("robots", "").lower(), title=title,
        main_text=main_text, words=count_words(main_text), modified=modified,
        section=section, headings=headings, list_items=list_items,
        code_blocks=code_blocks, images=images, tables=tables, links=links,
        link_texts=link_texts, meta=meta, visible_text=visible_text, prose=prose,
        versions=version_strings(prose),
    )


def prose_blocks(main: LexborNode) -> tuple[str, ...]:
    """The prose of an article body, block by block: paragraphs, list items, headings,
    cells, admonitions. Code of any kind is left out (pre, code, kbd, samp, var, tt, classes
    saying code or highlight); URLs, file paths, flags, identifiers and command lines go
    later (extract/language.py `clean_prose`, on the blocks it samples). Modifies `main`
    (call it last)."""
    for node in main.css(_CODE):
        node.decompose()
    for node in main.css(_BLOCKS):
        node.insert_before(_BREAK)  # a block ends where the next one starts
    out = []
    for raw in main.text(separator="").split(_BREAK):
        text = " ".join(raw.split())
        if len(text) >= 8:
            out.append(text)
    return tuple(out)


# "1.32", "v2.4.1": digits, a dot, digits, not inside a longer token (a date, an IP, a path).
_VERSION = re.compile(r"(?<![\w./-])v?(\d{1,3}\.\d{1,4}(?:\.\d{1,4})?)(?![\w/-]|\.\d)")
MAX_VERSIONS = 20


def version_strings(prose: tuple[str, ...]) -> tuple[str, ...]:
    """The distinct version strings of the prose (code left out), sorted, at most
    MAX_VERSIONS: a translation naming other versions than its source is an old one."""
    found = {m for block in prose if "." in block for m in _VERSION.findall(block)}
    return tuple(sorted(found)[:MAX_VERSIONS])


def count_words(text: str) -> int:
    """Words for costing: Latin-script words, plus one per two CJK characters."""
    cjk = len(_CJK.findall(text))
    latin = len(WORD.findall(_CJK.sub(" ", text)))
    return latin + (cjk + 1) // 2


def _clean(text: str) -> str:
    return " ".join(text.split())


def _attr(node: LexborNode | None, name: str) -> str | None:
    if node is None:
        return None
    value = node.attributes.get(name)
    return value.strip() if value and value.strip() else None


def _meta(tree: LexborHTMLParser) -> dict[str, str]:
    meta: dict[str, str] = {}
    for node in tree.css("meta"):
        key = _attr(node, "name") or _attr(node, "property") or _attr(node, "http-equiv")
        content = _attr(node, "content")
        if key and content is not None:
            meta.setdefault(key.lower(), content)
    return meta


def _link_rels(tree: LexborHTMLParser) -> tuple[tuple[Alternate, ...], str | None]:
    alternates: list[Alternate] = []
    canonical = None
    for node in tree.css("link[rel][href]"):
        rels = (_attr(node, "rel") or "").lower().split()
        href = _attr(node, "href")
        if not href:
            continue
        if "canonical" in rels and canonical is None:
            canonical = href
        # A typed alternate (RSS/Atom feed) is not a language alternate.
        hreflang = _attr(node, "hreflang")
        if "alternate" in rels and hreflang and not _attr(node, "type"):
            alternates.append(Alternate(hreflang=hreflang, url=href, origin="html"))
    return tuple(alternates), canonical


def _main_node(tree: LexborHTMLParser) -> LexborNode | None:
    for selector in _MAIN_SELECTORS:
        node = tree.css_first(selector)
        if node is not None and len(node.text(strip=True)) > 40:
            return node
    return tree.body


def _modified(tree: LexborHTMLParser, meta: dict[str, str]) -> str | None:
    """design §4 order: meta article:modified_time, JSON-LD dateModified, <time datetime>."""
    for key in ("article:modified_time", "og:updated_time", "last-modified"):
        if meta.get(key):
            return meta[key]
    for node in tree.css('script[type="application/ld+json"]'):
        found = _jsonld_modified(node.text())
        if found:
            return found
    time_node = tree.css_first("time[datetime]")
    return _attr(time_node, "datetime")


def _jsonld_modified(text: str) -> str | None:
    try:
        data = json.loads(text)
    except ValueError:
        return None
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            value = item.get("dateModified")
            if isinstance(value, str) and value:
                return value
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def _section(tree: LexborHTMLParser) -> str | None:
    for selector in _BREADCRUMB_SELECTORS:
        crumbs = [_clean(n.text()) for n in tree.css(selector)]
        crumbs = [c for c in crumbs if c]
        if len(crumbs) >= 2:
            # Home > Category > Section [> Article]: the section is the deepest crumb that is
            # not the article itself.
            h1 = tree.css_first("h1")
            title = _clean(h1.text()) if h1 is not None else None
            if title and crumbs[-1] == title:
                crumbs = crumbs[:-1]
            return crumbs[-1] if len(crumbs) >= 2 else None
    return None
