"""A docs site: English source at the root, translations under /fr/ and /de/ with the same
path after the prefix, `<html lang>` only: no hreflang, no sitemap.

Articles are the 10 pages under /guide/ and /api/. The index pages /, /fr/, /de/ are home
pages, not articles. By construction:
  fr: the first 7 articles in ARTICLES  -> 7 translated, 3 missing  (coverage 0.7)
  de: the first 4 articles in ARTICLES  -> 4 translated, 6 missing  (coverage 0.4)
"""

from __future__ import annotations

import html

from locaudit.demo import texts
from locaudit.demo.server import Resource, Site

ARTICLES = ("/guide/install", "/guide/configure", "/guide/deploy", "/guide/upgrade",
            "/guide/troubleshoot", "/api/auth", "/api/users", "/api/projects",
            "/api/webhooks", "/api/errors")
TRANSLATED = {"fr": ARTICLES[:7], "de": ARTICLES[:4]}


def _page(lang: str, title: str, body: str, nav: list[tuple[str, str]]) -> str:
    links = "".join(f'<li><a href="{href}">{html.escape(text)}</a></li>' for href, text in nav)
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)} · Acme Docs</title></head><body>"
            f'<nav class="sidebar"><ul>{links}</ul></nav>'
            f"<main><h1>{html.escape(title)}</h1>{body}</main>"
            "<footer>Acme Docs · Edit this page on GitHub</footer></body></html>")


def build_site(base_url: str) -> Site:
    site: dict[str, Resource] = {
        "/robots.txt": Resource("User-agent: *\nAllow: /\n",
                                headers={"Content-Type": "text/plain"}),
    }
    for prefix, lang, paths in (("", "en", ARTICLES), ("/fr", "fr", TRANSLATED["fr"]),
                                ("/de", "de", TRANSLATED["de"])):
        nav = [(f"{prefix}{p}", texts.title(i, lang)) for i, p in enumerate(ARTICLES)
               if p in paths]
        nav += [("/", "English"), ("/fr/", "Français"), ("/de/", "Deutsch")]
        intro = "".join(f"<p>{html.escape(p)}</p>" for p in texts.paragraphs(99, lang, 1))
        site[f"{prefix}/"] = Resource(_page(lang, texts.UI[lang]["home"], intro, nav))
        for i, path in enumerate(ARTICLES):
            if path in paths:
                body = "".join(f"<p>{html.escape(p)}</p>" for p in texts.paragraphs(i, lang))
                site[f"{prefix}{path}"] = Resource(_page(lang, texts.title(i, lang), body, nav))
    return site
