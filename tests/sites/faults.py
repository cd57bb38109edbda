"""A site that misbehaves the ways real servers do. Every fault is linked from /, so one
crawl meets them all:

  /flaky-429    429 with Retry-After: 1 once, then 200           -> fetched (2 requests)
  /flaky-503    503 twice, then 200                              -> fetched (3 requests)
  /down-503     503 always                                       -> broken_page (1 + retries)
  /slow         answers after 3 s (timeout is 1 s)               -> crawl_error timeout
  /reset        closes the connection without answering          -> crawl_error
  /loop-a       302 -> /loop-b -> /loop-a                        -> crawl_error redirect loop
  /chain/0      302 -> /chain/1 -> ... -> /chain/15              -> crawl_error > 10 redirects
  /calendar?month=N  each links to month N+1, forever            -> cut by the trap guard
  /huge         a 20 MB page (max_page_bytes 5 MB)               -> crawl_error
  /image        a PNG served as text/html                        -> crawl_error binary body
  /sjis, /gbk, /cp1252  pages without (or with a lying) charset  -> decoded correctly
  /private/x    disallowed by robots.txt                         -> blocked_by_robots
  /sitemap.xml  a gzip bomb; /xxe.xml declares an external entity -> ignored, never expanded;
  /broken.xml.gz a corrupt gzip stream -> skipped like bad XML
"""

from __future__ import annotations

import gzip

from locaudit.demo.server import Resource, Site

SJIS_TITLE = "パスワードを再設定する方法"
GBK_TITLE = "如何重置您的密码"
CP1252_TITLE = "Réinitialiser le mot de passe – étape suivante"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
LINKS = ["/flaky-429", "/flaky-503", "/down-503", "/slow", "/reset", "/loop-a", "/chain/0",
         "/calendar?month=1", "/huge", "/image", "/sjis", "/gbk", "/cp1252", "/private/x",
         "/ok"]


def _html(title: str, body: str = "", lang: str = "en", charset_meta: str = "") -> str:
    return (f"<!doctype html><html lang=\"{lang}\"><head>{charset_meta}<title>{title}"
            f"</title></head><body><main><h1>{title}</h1><p>{body}</p></main></body></html>")


def _after(failures: int, failing: Resource) -> object:
    ok = Resource(_html("Recovered page"))
    return lambda before: failing if before < failures else ok


def build_site(base_url: str) -> Site:
    bomb = gzip.compress(b"<urlset>" + b" " * (80 * 1024 * 1024) + b"</urlset>")
    xxe = (f'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "{base_url}/secret">]>'
           f"<urlset><url><loc>{base_url}/ok&x;</loc></url></urlset>")
    site: dict[str, object] = {
        "/": Resource(_html("Faults", "".join(f'<a href="{u}">{u}</a> ' for u in LINKS))),
        "/robots.txt": Resource(f"User-agent: *\nDisallow: /private/\nSitemap: {base_url}/"
                                f"xxe.xml\nSitemap: {base_url}/broken.xml.gz\n",
                                headers={"Content-Type": "text/plain"}),
        # A corrupt .xml.gz: a gzip header, then bytes that are no deflate stream.
        "/broken.xml.gz": Resource(gzip.compress(b"<urlset>" + b"<url/>" * 500)[:10]
                                   + b"\xff" * 20,
                                   headers={"Content-Type": "application/x-gzip"}),
        "/sitemap.xml": Resource(bomb, headers={"Content-Type": "application/x-gzip"}),
        "/xxe.xml": Resource(xxe, headers={"Content-Type": "application/xml"}),
        "/secret": Resource("the entity was expanded"),
        "/ok": Resource(_html("A normal page")),
        "/flaky-429": _after(1, Resource("slow down", 429, {"Retry-After": "1"})),
        "/flaky-503": _after(2, Resource("busy", 503)),
        "/down-503": Resource("down for maintenance", 503),
        "/slow": Resource(_html("Slow page"), delay=3.0),
        "/reset": Resource(reset=True),
        "/loop-a": Resource(status=302, headers={"Location": "/loop-b"}),
        "/loop-b": Resource(status=302, headers={"Location": "/loop-a"}),
        "/huge": Resource(_html("Huge", "x" * (20 * 1024 * 1024))),
        "/image": Resource(PNG, headers={"Content-Type": "text/html"}),
        # No charset anywhere: detected from the bytes.
        "/sjis": Resource(_html(SJIS_TITLE, SJIS_TITLE * 20, "ja").encode("shift_jis"),
                          headers={"Content-Type": "text/html"}),
        # <meta> says GBK, the header says nothing.
        "/gbk": Resource(_html(GBK_TITLE, GBK_TITLE * 20, "zh",
                               '<meta charset="gbk">').encode("gbk"),
                         headers={"Content-Type": "text/html"}),
        # The header lies (UTF-8), the bytes are Windows-1252.
        "/cp1252": Resource(_html(CP1252_TITLE, CP1252_TITLE * 10, "fr").encode("cp1252"),
                            headers={"Content-Type": "text/html; charset=utf-8"}),
    }
    for i in range(16):
        site[f"/chain/{i}"] = Resource(status=302, headers={"Location": f"/chain/{i + 1}"})
    for month in range(1, 400):
        site[f"/calendar?month={month}"] = Resource(_html(
            f"Calendar {month}", f'<a href="/calendar?month={month + 1}">next month</a>'))
    return site  # type: ignore[return-value]
