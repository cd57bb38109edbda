"""A docs site that declares no language anywhere: no `<html lang>`, no hreflang, no
Content-Language. Only the text says what language a page is in.

English source at the root (8 guides), French under /fr/, German under /de/, and an /it/
section of English IT-admin guides (not Italian). By construction:
  fr: guides 0-4 in French, guide 5 published under /fr/ with its English text
                                     -> 5 translated, 1 untranslated, 2 missing
  de: guides 0-2 in German           -> 3 translated, 0 untranslated, 5 missing
  /it/: 3 English pages              -> English source articles of their own, not a locale
Source articles: 8 guides + 3 /it/ pages = 11.
"""

from __future__ import annotations

import html

from locaudit.demo import texts
from locaudit.demo.server import Resource, Site

GUIDES = tuple(f"/guides/{name}" for name in (
    "install", "configure", "deploy", "upgrade", "backup", "restore", "monitor", "migrate"))
IT_PAGES = ("/it/sso-setup", "/it/device-policy", "/it/audit-logs")
FRENCH, ENGLISH_UNDER_FR, GERMAN = range(5), 5, range(3)


def _page(lang: str, index: int, nav: str) -> Resource:
    title = texts.title(index, lang)
    body = "".join(f"<p>{html.escape(p)}</p>" for p in texts.paragraphs(index, lang))
    return Resource(f"<!doctype html><html><head><meta charset='utf-8'><title>"
                    f"{html.escape(title)}</title></head><body><nav>{nav}</nav><main><h1>"
                    f"{html.escape(title)}</h1>{body}</main></body></html>",
                    headers={"Content-Type": "text/html; charset=utf-8"})


def build_site(base_url: str) -> Site:
    paths = ["/", *GUIDES, *IT_PAGES]
    paths += [f"/fr{g}" for i, g in enumerate(GUIDES) if i in FRENCH or i == ENGLISH_UNDER_FR]
    paths += [f"/de{g}" for i, g in enumerate(GUIDES) if i in GERMAN]
    nav = "".join(f'<a href="{p}">{p}</a> ' for p in paths)
    site: dict[str, Resource] = {"/": _page("en", 99, nav)}
    for i, guide in enumerate(GUIDES):
        site[guide] = _page("en", i, nav)
        if i in FRENCH:
            site[f"/fr{guide}"] = _page("fr", i, nav)
        if i == ENGLISH_UNDER_FR:
            site[f"/fr{guide}"] = _page("en", i, nav)
        if i in GERMAN:
            site[f"/de{guide}"] = _page("de", i, nav)
    for j, path in enumerate(IT_PAGES):
        site[path] = _page("en", 20 + j, nav)
    return site
