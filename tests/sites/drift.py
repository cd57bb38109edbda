"""A docs site whose German translations were made from older English pages. English at
/docs/{slug}, German at /de/docs/{slug}, `<html lang>` only. By construction:

  0 upgrade   en: 4 images, 2 tables, "version 1.32"; de: 1 image, no table, "Version 1.28":
              translated, one structure_drift (1 of 4 images, 0 of 2 tables, 1.28 for 1.32)
  1 timeouts  en: 2 images, "0.5 seconds"; de: 2 images, "0,5 Sekunden" (a decimal comma is
              not another version): translated, no finding
  2 same      the same 3 images and 1 table in both: translated, no finding
  de: 3 translated, no other finding.
"""

from __future__ import annotations

from locaudit.demo.server import Resource, Site
from tests.sites.prose import paragraph

SLUGS = ("upgrade", "timeouts", "same")
PARTS = {("en", 0): (4, 2), ("de", 0): (1, 0), ("en", 1): (2, 0), ("de", 1): (2, 0),
         ("en", 2): (3, 1), ("de", 2): (3, 1)}  # (images, tables)
EXTRA = {("en", 0): "This guide is for version 1.32 of the agent and later releases.",
         ("de", 0): "Diese Anleitung gilt für Version 1.28 des Agenten und spätere Versionen.",
         ("en", 1): "Requests that take longer than 0.5 seconds are cancelled by the agent.",
         ("de", 1): "Anfragen, die länger als 0,5 Sekunden dauern, bricht der Agent ab.",
         ("en", 2): "Each of the steps below shows the screen you should see after it.",
         ("de", 2): "Jeder der folgenden Schritte zeigt den Bildschirm, den Sie danach sehen."}


def body(locale: str, index: int) -> str:
    images, tables = PARTS[(locale, index)]
    table = "<table><tr><td>1</td><td>2</td></tr></table>"
    return (f"<p>{paragraph(locale, index * 2, 3)}</p><h2>1</h2>"
            + "".join(f'<img src="/img/{index}-{i}.png" alt="">' for i in range(images))
            + f"<p>{EXTRA[(locale, index)]}</p><h2>2</h2>" + table * tables
            + f"<p>{paragraph(locale, index * 2 + 1, 5)}</p>")


def url(locale: str, index: int) -> str:
    return f"{'' if locale == 'en' else '/de'}/docs/{SLUGS[index]}"


def build_site(base_url: str) -> Site:
    site: dict[str, Resource] = {"/robots.txt": Resource("User-agent: *\nAllow: /\n",
                                                         headers={"Content-Type": "text/plain"})}
    pages = [(locale, i) for locale in ("en", "de") for i in range(len(SLUGS))]
    nav = "".join(f'<li><a href="{url(loc, i)}">{loc} {SLUGS[i]}</a></li>' for loc, i in pages)
    for locale, index in pages:
        site[url(locale, index)] = Resource(
            f'<!doctype html><html lang="{locale}"><head><meta charset="utf-8">'
            f"<title>{SLUGS[index]}</title></head><body><nav><ul>{nav}</ul></nav>"
            f"<main><h1>{SLUGS[index]}</h1>{body(locale, index)}</main></body></html>")
    site["/"] = Resource(f'<!doctype html><html lang="en"><body><nav><ul>{nav}</ul></nav>'
                         "</body></html>")
    return site
