"""A docs site with one article per hreflang mistake, next to correct clusters.

English source under /en/, translations under /de/ and /fr/, real text in each language.
Each article's alternates are written out by hand below; FINDINGS is what a careful reviewer
finds by reading them (worked out from the table, not from locaudit):

  good       en de fr, correct with x-default                      -> nothing
  noreturn   the de page lists only itself                         -> missing return link (en)
  codes      en lists jp, en-UK, en_US, us-en, x                   -> 5 invalid codes (en)
  noself     en does not list itself                               -> missing self-reference
  dupe       en lists two de URLs (both de pages link back)        -> one language, two URLs
  moved      en's de link 301s to the de page                      -> target redirects (en),
             and en never names the final de URL                      missing return link (de)
  broken     en's fr link is a 404                                 -> target not ok, broken link
  noindex    the fr page is noindex                                -> target not ok
  canonical  the fr page names another page canonical              -> target not ok
  conflict   en says hreflang="fr" for the de page                 -> conflict
  nodefault  en + de, correct, no x-default                        -> missing x-default (info)
  langattr   de page has no <html lang>, fr page says lang="en"    -> html lang missing, mismatch
  spelling   en de fr, correct, but each link is written another way  -> nothing
             (fragment, relative, tracking parameter, upper-case scheme, the de slug
             `schreibweise-für` raw and percent-encoded): URLs are compared canonicalised

Coverage: de has 10 of the 13 articles (not broken, noindex, canonical: the canonical fr page
is French, so fr has good, canonical, langattr, spelling = 4).
"""

from __future__ import annotations

import html

from locaudit.demo import texts
from locaudit.demo.server import Resource, Site

ARTICLES = ("good", "noreturn", "codes", "noself", "dupe", "moved", "broken", "noindex",
            "canonical", "conflict", "nodefault", "langattr", "spelling")
LANGS = {"en": "en", "de": "de", "fr": "fr"}
X = "x-default"

FINDINGS = {
    "hreflang_invalid_code": 5, "hreflang_missing_return_link": 2,
    "hreflang_missing_self_reference": 1, "hreflang_duplicate_language": 1,
    "hreflang_target_not_ok": 4, "hreflang_conflict": 1, "hreflang_missing_x_default": 1,
    "html_lang_missing": 1, "html_lang_mismatch": 1, "broken_link": 1,
    "missing_translation": 2, "alignment_conflict": 1,  # de/dupe-copy, second de page
}
COUNTS = {"de": (10, 0, 0, 3), "fr": (4, 0, 0, 9)}
SPELLING_DE = "/de/guide/schreibweise-f%C3%BCr"  # as requested; written raw in some links


def _u(locale: str, name: str) -> str:
    return f"/{locale}/guide/{name}"


def _full(name: str, *locales: str) -> list[tuple[str, str]]:
    return [(loc, _u(loc, name)) for loc in locales] + [(X, _u("en", name))]


# (page path) -> hreflang alternates it declares; every page listed here is served.
ALTERNATES: dict[str, list[tuple[str, str]]] = {
    _u("en", "good"): _full("good", "en", "de", "fr"),
    _u("de", "good"): _full("good", "en", "de", "fr"),
    _u("fr", "good"): _full("good", "en", "de", "fr"),
    _u("en", "noreturn"): _full("noreturn", "en", "de"),
    _u("de", "noreturn"): [("de", _u("de", "noreturn")), (X, _u("en", "noreturn"))],
    _u("en", "codes"): _full("codes", "en", "de") + [
        (code, _u("en", "codes")) for code in ("jp", "en-UK", "en_US", "us-en", "x")],
    _u("de", "codes"): _full("codes", "en", "de"),
    _u("en", "noself"): [("de", _u("de", "noself")), (X, _u("en", "noself"))],
    _u("de", "noself"): _full("noself", "en", "de"),
    _u("en", "dupe"): [*_full("dupe", "en", "de"), ("de", _u("de", "dupe-copy"))],
    _u("de", "dupe"): _full("dupe", "en", "de"),
    _u("de", "dupe-copy"): [("en", _u("en", "dupe")), ("de", _u("de", "dupe-copy")),
                            (X, _u("en", "dupe"))],
    _u("en", "moved"): [("en", _u("en", "moved")), ("de", _u("de", "moved-old")),
                        (X, _u("en", "moved"))],
    _u("de", "moved"): _full("moved", "en", "de"),
    _u("en", "broken"): _full("broken", "en", "fr"),
    _u("en", "noindex"): _full("noindex", "en", "fr"),
    _u("fr", "noindex"): _full("noindex", "en", "fr"),
    _u("en", "canonical"): _full("canonical", "en", "fr"),
    _u("fr", "canonical"): _full("canonical", "en", "fr"),
    _u("en", "conflict"): [("en", _u("en", "conflict")), ("fr", _u("de", "conflict")),
                           (X, _u("en", "conflict"))],
    _u("de", "conflict"): _full("conflict", "en", "de"),
    _u("en", "nodefault"): _full("nodefault", "en", "de")[:-1],
    _u("de", "nodefault"): _full("nodefault", "en", "de")[:-1],
    _u("en", "langattr"): _full("langattr", "en", "de", "fr"),
    _u("de", "langattr"): _full("langattr", "en", "de", "fr"),
    _u("fr", "langattr"): _full("langattr", "en", "de", "fr"),
}
# The spelling cluster, hrefs written verbatim ("{base}" is the server's origin).
RAW: dict[str, list[tuple[str, str]]] = {
    _u("en", "spelling"): [("en", "{base}/en/guide/spelling#top"),
                           ("de", "{base}/de/guide/schreibweise-für"),
                           ("fr", "/fr/guide/spelling?utm_source=hreflang"),
                           (X, "HTTP://{host}/en/guide/spelling")],
    SPELLING_DE: [("en", "../../en/guide/spelling"), ("de", "{base}" + SPELLING_DE),
                  ("fr", "{base}/fr/guide/spelling"), (X, "{base}/en/guide/spelling")],
    _u("fr", "spelling"): [("en", "{base}/en/guide/spelling"),
                           ("de", "{base}" + SPELLING_DE.lower()),
                           ("fr", "{base}/fr/guide/spelling"), (X, "/en/guide/spelling")],
}
CANONICAL_RAW = {_u("fr", "spelling"): "/fr/guide/spelling#main"}
NOINDEX = {_u("fr", "noindex")}
CANONICAL = {_u("fr", "canonical"): _u("fr", "good")}
HTML_LANG = {_u("de", "langattr"): None, _u("fr", "langattr"): "en"}


def _page(base: str, path: str) -> str:
    locale = path.split("/")[1]
    name = "spelling" if path == SPELLING_DE else path.rsplit("/", 1)[1].removesuffix("-copy")
    index = ARTICLES.index(name)
    lang = HTML_LANG.get(path, locale)
    if path in RAW:
        host = base.split("//", 1)[1]
        written = [(code, href.format(base=base, host=host)) for code, href in RAW[path]]
    else:
        written = [(code, base + href) for code, href in ALTERNATES[path]]
    head = "".join(f'<link rel="alternate" hreflang="{code}" href="{href}">'
                   for code, href in written)
    if path in CANONICAL_RAW:
        head += f'<link rel="canonical" href="{CANONICAL_RAW[path]}">'
    if path in NOINDEX:
        head += '<meta name="robots" content="noindex">'
    if path in CANONICAL:
        head += f'<link rel="canonical" href="{base}{CANONICAL[path]}">'
    body = "".join(f"<p>{html.escape(p)}</p>" for p in texts.paragraphs(index, locale))
    title = texts.title(index, locale)
    lang_attr = f' lang="{lang}"' if lang else ""
    return (f"<!doctype html><html{lang_attr}><head><meta charset='utf-8'>"
            f"<title>{html.escape(title)}</title>{head}</head><body>"
            f'<nav><a href="/{locale}/">{texts.UI[locale]["home"]}</a></nav>'
            f"<main><h1>{html.escape(title)}</h1>{body}</main></body></html>")


def build_site(base_url: str) -> Site:
    site: dict[str, Resource] = {"/robots.txt": Resource("User-agent: *\nAllow: /\n",
                                          headers={"Content-Type": "text/plain"})}
    for path in [*ALTERNATES, *RAW]:
        site[path] = Resource(_page(base_url, path))
    site[_u("de", "moved-old")] = Resource("", status=301,
                                           headers={"Location": _u("de", "moved")})
    site[_u("fr", "broken")] = Resource("<html><body>Not found</body></html>", status=404)
    for locale in LANGS:
        links = "".join(f'<li><a href="{p}">{p}</a></li>' for p in [*ALTERNATES, *RAW]
                        if p.startswith(f"/{locale}/"))
        links += "".join(f'<li><a href="/{other}/">{other}</a></li>' for other in LANGS)
        site[f"/{locale}/"] = Resource(
            f'<!doctype html><html lang="{locale}"><head><title>Docs</title></head><body>'
            f"<main><ul>{links}</ul></main></body></html>")
    return site
