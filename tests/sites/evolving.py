"""A docs site that changes between audits (the history tests): English source at the root,
translations under /fr/ and /de/ with the same path, `<html lang>` and each page's date in
`article:modified_time`. A Version says which articles exist, in which language, and when
each page last changed; `SiteServer.site = build(version)(base_url)` swaps it between runs.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from locaudit.demo import texts
from locaudit.demo.server import Resource, Site

NAMES = ("install", "configure", "deploy", "upgrade", "troubleshoot", "backup")


@dataclass(frozen=True)
class Version:
    sources: Mapping[str, str]  # article name -> the source page's date (YYYY-MM-DD)
    translations: Mapping[str, Mapping[str, str]]  # locale -> article name -> page date


def _page(lang: str, title: str, body: str, nav: list[tuple[str, str]],
          modified: str | None) -> str:
    links = "".join(f'<li><a href="{href}">{html.escape(text)}</a></li>' for href, text in nav)
    meta = (f'<meta property="article:modified_time" content="{modified}T09:00:00Z">'
            if modified else "")
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">{meta}'
            f"<title>{html.escape(title)} · Acme Docs</title></head><body>"
            f'<nav class="sidebar"><ul>{links}</ul></nav>'
            f"<main><h1>{html.escape(title)}</h1>{body}</main>"
            "<footer>Acme Docs · Edit this page on GitHub</footer></body></html>")


def build(version: Version) -> Callable[[str], Site]:
    def site_at(base_url: str) -> Site:
        site: dict[str, Resource] = {
            "/robots.txt": Resource("User-agent: *\nAllow: /\n",
                                    headers={"Content-Type": "text/plain"}),
        }
        for prefix, lang, pages in (("", "en", version.sources),
                                    ("/fr", "fr", version.translations.get("fr", {})),
                                    ("/de", "de", version.translations.get("de", {}))):
            shown = [(i, name) for i, name in enumerate(NAMES) if name in pages]
            nav = [(f"{prefix}/guide/{name}", texts.title(i, lang)) for i, name in shown]
            nav += [("/", "English"), ("/fr/", "Français"), ("/de/", "Deutsch")]
            intro = "".join(f"<p>{html.escape(p)}</p>" for p in texts.paragraphs(99, lang, 1))
            site[f"{prefix}/"] = Resource(_page(lang, texts.UI[lang]["home"], intro, nav, None))
            for i, name in shown:
                body = "".join(f"<p>{html.escape(p)}</p>" for p in texts.paragraphs(i, lang))
                site[f"{prefix}/guide/{name}"] = Resource(
                    _page(lang, texts.title(i, lang), body, nav, pages[name]))
        return site
    return site_at
