"""A docs site full of dead URLs, none of which means the site is down.

Source `/en/guide/{i}` for the 10 articles, translations `/de/guide/{i}` for the first 6
(coverage 6/10 = 60%); `<html lang>` only. The home page `/en/` links the English articles,
each English article links its de translation; nothing but the sitemaps lists the archive.

Broken links, by construction (the text a reader clicks is the finding's evidence):
  de/guide/0..2  link /de/guide/old-{i}  "Alte Anleitung {i}"   404
  de/guide/3     links /de/guide/gone    "Entfernte Seite"      410
  en/guide/0     links /en/guide/removed "Removed guide"        404
  en/guide/1     links /en/private       "Internal notes"       403
  -> broken_link: de 4, en 2.

/sitemap.xml is an index of SITEMAPS sitemaps of PER_SITEMAP archive URLs each, every one
of them 404 (the real pages are in none): DEAD = 1,200 dead sitemap URLs, crawled before
any page link, so a crawl that counts 404s as failures stops after 40 of them.
"""

from __future__ import annotations

import html

from locaudit.demo import texts
from locaudit.demo.server import Resource, Site

ARTICLES = 10
TRANSLATED = 6
SITEMAPS = 60
PER_SITEMAP = 20
DEAD = SITEMAPS * PER_SITEMAP
BROKEN = {
    "/de/guide/0": ("/de/guide/old-0", "Alte Anleitung 0"),
    "/de/guide/1": ("/de/guide/old-1", "Alte Anleitung 1"),
    "/de/guide/2": ("/de/guide/old-2", "Alte Anleitung 2"),
    "/de/guide/3": ("/de/guide/gone", "Entfernte Seite"),
    "/en/guide/0": ("/en/guide/removed", "Removed guide"),
    "/en/guide/1": ("/en/private", "Internal notes"),
}


def page(lang: str, title: str, body: str, links: list[tuple[str, str]]) -> str:
    nav = "".join(f'<li><a href="{href}">{html.escape(text)}</a></li>' for href, text in links)
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)} · Acme Docs</title></head><body>"
            f"<main><h1>{html.escape(title)}</h1>{body}<ul>{nav}</ul></main></body></html>")


def article(i: int, lang: str) -> str:
    return "".join(f"<p>{html.escape(p)}</p>" for p in texts.paragraphs(i, lang))


def build_site(base_url: str) -> Site:
    site: dict[str, Resource] = {
        "/robots.txt": Resource(f"User-agent: *\nAllow: /\nSitemap: {base_url}/sitemap.xml\n",
                                headers={"Content-Type": "text/plain"}),
        "/en/": Resource(page("en", "Acme Docs", article(99, "en"), [
            (f"/en/guide/{i}", texts.title(i, "en")) for i in range(ARTICLES)])),
        "/de/guide/gone": Resource("gone", 410),
        "/en/private": Resource("forbidden", 403),
    }
    for i in range(ARTICLES):
        for lang in ("en", "de") if i < TRANSLATED else ("en",):
            path = f"/{lang}/guide/{i}"
            links = [(f"/de/guide/{i}", "Deutsch")] if lang == "en" and i < TRANSLATED else []
            if path in BROKEN:
                links.append(BROKEN[path])
            site[path] = Resource(page(lang, texts.title(i, lang), article(i, lang), links))
    xml = {"Content-Type": "application/xml"}
    site["/sitemap.xml"] = Resource(
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/'
        '0.9">' + "".join(f"<sitemap><loc>{base_url}/sitemaps/{n}.xml</loc></sitemap>"
                          for n in range(SITEMAPS)) + "</sitemapindex>", headers=xml)
    for n in range(SITEMAPS):
        site[f"/sitemaps/{n}.xml"] = Resource(
            '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(f"<url><loc>{base_url}/en/archive/{n}-{j}</loc></url>"
                      for j in range(PER_SITEMAP)) + "</urlset>", headers=xml)
    return site
