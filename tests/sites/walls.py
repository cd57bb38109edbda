"""Sites that behave as real help centers do towards a crawler: tokens that must not leave
the site, translations on other hosts, login walls, pages that redirect themselves, a NUL
byte, locale cookies. Each builder documents what a correct audit finds.
"""

from __future__ import annotations

from collections.abc import Callable

from locaudit.demo import texts
from locaudit.demo.server import Resource, Site, SiteServer


def article(i: int, lang: str, self_url: str = "", alternates: dict[str, str] | None = None,
            extra: str = "", head: str = "") -> Resource:
    """A help article in `lang` (demo texts: real sentences, detectable), with hreflang."""
    body = "".join(f"<p>{p}</p>" for p in texts.paragraphs(i, lang[:2]))
    links = "".join(f'<link rel="alternate" hreflang="{code}" href="{url}">'
                    for code, url in (alternates or {}).items())
    return Resource(f'<!doctype html><html lang="{lang}"><head><title>{texts.title(i, lang[:2])}'
                    f"</title>{links}{head}</head><body><main><h1>{texts.title(i, lang[:2])}"
                    f"</h1>{body}{extra}</main></body></html>")


def redirect(location: str) -> Resource:
    return Resource(status=302, headers={"Location": location})


def urlset(*urls: str) -> Resource:
    locs = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
    return Resource(f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/'
                    f'sitemap/0.9">{locs}</urlset>', headers={"Content-Type": "application/xml"})


def token_site(other: SiteServer) -> Callable[[str], Site]:
    """The site's robots.txt and /sitemap.xml redirect to `other`, whose robots.txt names a
    sitemap of its own; a page redirects there, another meta-refreshes there. Pages /a/0,
    /a/1 (linked) and /a/2 (only in other's sitemap) are the site's."""
    o = other.base_url

    def build(base: str) -> Site:
        return {
            "/robots.txt": redirect(f"{o}/robots.txt"),
            "/sitemap.xml": redirect(f"{o}/sitemap.xml"),
            "/a/0": article(0, "en", extra='<a href="/a/1">1</a><a href="/moved">m</a>'
                                           '<a href="/refresh">r</a>'),
            "/a/1": article(1, "en"),
            "/a/2": article(2, "en"),
            "/moved": redirect(f"{o}/landing"),
            "/refresh": Resource(f'<html><head><meta http-equiv="refresh" content="0;url={o}'
                                 '/landing2"></head><body>Moved</body></html>'),
        }
    return build


def token_other(site: Callable[[], str]) -> Callable[[str], Site]:
    """The other host; answers naming the site's URL are built when requested (the site's
    server starts second)."""
    def build(base: str) -> Site:
        return {
            "/robots.txt": Resource(f"User-agent: *\nAllow: /\nSitemap: {base}/sitemap-b.xml\n",
                                    headers={"Content-Type": "text/plain"}),
            "/sitemap.xml": lambda _: urlset(f"{site()}/a/1", f"{base}/landing"),
            "/sitemap-b.xml": lambda _: urlset(f"{site()}/a/2"),
            "/landing": article(7, "en"),
            "/landing2": article(8, "en"),
        }
    return build


def split_hosts(de_host: Callable[[], str]) -> Callable[[str], Site]:
    """English articles /en/a/1-3 whose German translations live on another host (hreflang
    both ways): 3 de translations, all on `de_host`."""
    def build(base: str) -> Site:
        site: dict[str, Resource] = {"/en/": Resource(
            '<html lang="en"><title>Help</title><main>' +
            "".join(f'<a href="/en/a/{i}">{i}</a>' for i in (1, 2, 3)) + "</main></html>")}
        for i in (1, 2, 3):
            site[f"/en/a/{i}"] = article(i, "en", alternates={
                "en": f"{base}/en/a/{i}", "de": f"{de_host()}/de/a/{i}"})
        return site
    return build


def german_host(en_host: Callable[[], str]) -> Callable[[str], Site]:
    """The German host of split_hosts (started first: its answers are built on request)."""
    def answer(i: int, base: str) -> Callable[[int], Resource]:
        return lambda _: article(i, "de", alternates={"en": f"{en_host()}/en/a/{i}",
                                                      "de": f"{base}/de/a/{i}"})

    def build(base: str) -> Site:
        return {f"/de/a/{i}": answer(i, base) for i in (1, 2, 3)}
    return build


def login_walls(sso: Callable[[], str]) -> Callable[[str], Site]:
    """English (en-US) articles /en-us/a/1-4, hreflang to /de/a/1-4. de 1 redirects to the
    site's own sign-in page (/access/unauthenticated, lang en), de 2 to an SSO host's login
    page (lang en); de 3 and 4 are German. A correct audit: de 2 translated, 2 missing,
    2 login_required, and no locale "en" made of sign-in pages."""
    def build(base: str) -> Site:
        site: dict[str, object] = {
            "/de/a/1": redirect("/access/unauthenticated?return_to=%2Fde%2Fa%2F1"),
            "/de/a/2": lambda _: redirect(f"{sso()}/saml/login?SAMLRequest=eJx"),
            "/de/a/3": article(3, "de"),
            "/de/a/4": article(4, "de"),
            "/access/unauthenticated?return_to=%2Fde%2Fa%2F1": article(9, "en"),
            "/en-us/": Resource('<html lang="en-US"><title>Help</title>' + "".join(
                f'<a href="/en-us/a/{i}">{i}</a>' for i in (1, 2, 3, 4)) + "</html>"),
        }
        for i in (1, 2, 3, 4):
            site[f"/en-us/a/{i}"] = article(i, "en-US", alternates={
                "en-US": f"{base}/en-us/a/{i}", "de": f"{base}/de/a/{i}"})
        return site  # type: ignore[return-value]
    return build


def sso_host(base: str) -> Site:
    return {"/saml/login?SAMLRequest=eJx": article(10, "en")}


SEARCH_SCRIPT = ("<script>function go(q) { window.location.href = '/search?q=' + q; }"
                 "</script><script>location.href = '/fr/a/1#' + step;</script>")


def self_redirects(base: str) -> Site:
    """English /en/a/1-5, hreflang to /fr/a/1-5. fr 1 is French with scripts that set
    location but are no redirect; fr 2 meta-refreshes to /en/a/2, fr 3 runs
    `window.location.href = '/en/a/3'`, fr 4 `location.replace("/en/a/4")` (stubs that say
    they are French); fr 5 is French with a NUL byte in its first KB. A correct audit: fr 2
    translated (1, 5), 3 missing, 3 locale_redirect."""
    site: dict[str, object] = {
        "/en/": Resource('<html lang="en"><title>Help</title>' + "".join(
            f'<a href="/en/a/{i}">{i}</a>' for i in (1, 2, 3, 4, 5)) + "</html>"),
        "/fr/a/1": article(1, "fr", extra=SEARCH_SCRIPT),
        "/fr/a/2": walls_stub('<meta http-equiv="refresh" content="0; URL=\'/en/a/2\'">'),
        "/fr/a/3": walls_stub("<script>\n  window.location.href = '/en/a/3';\n</script>"),
        "/fr/a/4": walls_stub('<script>location.replace("/en/a/4")</script>'),
        "/fr/a/5": article(5, "fr", head="<script>var x = '\x00';</script>"),
    }
    for i in (1, 2, 3, 4, 5):
        site[f"/en/a/{i}"] = article(i, "en", alternates={
            "en": f"{base}/en/a/{i}", "fr": f"{base}/fr/a/{i}"})
    return site  # type: ignore[return-value]


def walls_stub(head: str) -> Resource:
    return Resource(f'<!doctype html><html lang="fr"><head><title>Redirection</title>{head}'
                    "</head><body><p>Redirection…</p></body></html>")


def locale_cookie(server: Callable[[], SiteServer]) -> Callable[[str], Site]:
    """A site that remembers the visitor's language in a cookie. /en/a/1-2 and /de/a/1-2
    carry their locale in the URL; / (which sets `lang=de`), /guide and /faq carry none and
    answer German to a request with that cookie, English otherwise, with `Vary: Cookie,
    Accept-Language`. A crawl without a cookie jar reads all three in English, always."""
    vary = {"Vary": "Cookie, Accept-Language"}

    def by_cookie(path: str, i: int, links: str = "",
                  set_cookie: bool = False) -> Callable[[int], Resource]:
        def answer(_: int) -> Resource:
            cookie = next((h.get("cookie", "") for p, _, h in reversed(server().arrivals)
                           if p == path), "")
            lang = "de" if "lang=de" in cookie else "en"
            headers = {**vary, **({"Set-Cookie": "lang=de; Path=/"} if set_cookie else {})}
            page = article(i, lang, extra=links)
            return Resource(page.body, headers=headers)
        return answer

    def build(base: str) -> Site:
        links = "".join(f'<a href="{u}">{u}</a>' for u in
                        ("/en/a/1", "/en/a/2", "/de/a/1", "/de/a/2", "/guide", "/faq"))
        site: dict[str, object] = {
            "/": by_cookie("/", 0, links, set_cookie=True),
            "/guide": by_cookie("/guide", 5),
            "/faq": by_cookie("/faq", 6),
        }
        for i in (1, 2):
            for lang in ("en", "de"):
                site[f"/{lang}/a/{i}"] = article(i, lang, alternates={
                    "en": f"{base}/en/a/{i}", "de": f"{base}/de/a/{i}"})
        return site  # type: ignore[return-value]
    return build
