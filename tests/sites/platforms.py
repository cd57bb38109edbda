"""One small help site per platform profile, each shaped like the real platform's URLs.

Every site has 8 articles in English plus translations; TRUTH holds, per site, the
(translated, stale, untranslated, missing) counts that follow from how the site is built
below. None of them needs a locale_pattern or article_key to be read right.

  freshdesk   /{lang}/support/solutions/articles/{id}-{localized slug}; no hreflang
              de: 0-5, fr: 0-2
  intercom    /{locale}/articles/{id}-{localized slug}; hreflang clusters; pt-BR locale
              de: 0-3, ja: 0-1, pt-BR: 0-5
  salesforce  /s/article/{Name}?language=en_US|de|ja (Salesforce Knowledge); same Name in
              every language, <html lang> only
              de: 0-1, ja: 0-3
  document360 /docs/{lang}/{slug}: de: 0-4; fr: 0-2 translated (article 2 only half done:
              partial_translation), 3-4 the English text under /docs/fr/ with an
              "unavailable in French" banner (untranslated), 5-7 missing
  itdocs      docs with the source at the root and /fr/; its /it/ (IT guides), /id/
              (identity) and /no/ (network operations) sections are English: sections, not
              Italian, Indonesian or Norwegian.
              12 articles (5 guides + 3 under /it/ + 2 under /id/ + 2 under /no/),
              fr: guides 0-3
  helpscout   one Help Scout Docs site per language, each on its own subdomain
              (docs.acme.test, fr.docs..., de.docs...), /article/{id}-{slug} where every site
              numbers its own articles (en 100+i, fr 200+i, de 300+i): only hreflang ties
              them, declared per article in a different place (HELPSCOUT_ALTERNATES)
              fr: 0-4 plus article 9, a France-only page with no English source (an orphan);
              de: 0-2. Served through an HTTP proxy (the hosts do not resolve).
  manual      generic docs with the locale as a file suffix: /manual/setup.html,
              /manual/setup.fr.html, /manual/setup.ja.html; no hreflang. 7 articles: the 6 in
              MANUAL plus /manual/notes.old.html (English; `old` is a language code, not a
              locale here). fr: setup..restore (0-3) plus `limits`, a one-line page whose
              English line is too short to judge (unknown: counted, never a finding);
              ja: setup, usage. The ja usage page carries <meta name="ms.translationtype"
              content="MT"> (machine_translated, counted as translated); the fr backup page
              says "Traduit par DeepL", a phrase only a config's checks adds.

freshdesk is also the "no hreflang, localized slugs" site: only the platform ID in the URL
ties a translation to its source.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field

from locaudit.demo import texts
from locaudit.demo.helpcenter import slugify
from locaudit.demo.server import Resource

ARTICLES = 8
FIRST_ID = 48_000_100


@dataclass(frozen=True)
class Platform:
    name: str
    source: str  # the source locale as the URLs write it
    translated: dict[str, range]  # URL locale -> article indexes translated
    path: Callable[[str, int], str]  # (URL locale, article index) -> path
    home: Callable[[str], str]
    html_lang: Callable[[str], str] = lambda loc: loc
    hreflang: bool = False
    fallback: dict[str, range] = field(default_factory=dict)  # English text + banner
    partial: set[tuple[str, int]] = field(default_factory=set)


def _lang(locale: str) -> str:
    """The text bank's language for a URL locale (`pt-BR` -> pt, `en_US` -> en)."""
    return locale.replace("_", "-").split("-")[0].lower()


def _slug(locale: str, index: int) -> str:
    return f"{FIRST_ID + index}-{slugify(texts.title(index, _lang(locale)))}"


PLATFORMS = {
    "freshdesk": Platform(
        "freshdesk", "en", {"de": range(6), "fr": range(3)},
        path=lambda loc, i: f"/{loc}/support/solutions/articles/{_slug(loc, i)}",
        home=lambda loc: f"/{loc}/support/home"),
    "intercom": Platform(
        "intercom", "en", {"de": range(4), "ja": range(2), "pt-BR": range(6)},
        path=lambda loc, i: f"/{loc}/articles/{_slug(loc, i)}",
        home=lambda loc: f"/{loc}/", hreflang=True),
    "salesforce": Platform(
        "salesforce", "en_US", {"de": range(2), "ja": range(4)},
        path=lambda loc, i: f"/s/article/{slugify(texts.title(i, 'en'))}?language={loc}",
        home=lambda loc: f"/s/?language={loc}", html_lang=lambda loc: loc.replace("_", "-")),
    "document360": Platform(
        "document360", "en", {"de": range(5), "fr": range(3)},
        path=lambda loc, i: f"/docs/{loc}/{slugify(texts.title(i, 'en'))}",
        home=lambda loc: f"/docs/{loc}", fallback={"fr": range(3, 5)}, partial={("fr", 2)}),
}
TRUTH = {
    "freshdesk": {"de": (6, 0, 0, 2), "fr": (3, 0, 0, 5)},
    "intercom": {"de": (4, 0, 0, 4), "ja": (2, 0, 0, 6), "pt-BR": (6, 0, 0, 2)},
    "salesforce": {"de": (2, 0, 0, 6), "ja": (4, 0, 0, 4)},
    "document360": {"de": (5, 0, 0, 3), "fr": (3, 0, 2, 3)},
    "itdocs": {"fr": (4, 0, 0, 8)},
    "helpscout": {"de": (3, 0, 0, 5), "fr": (5, 0, 0, 3)},
    "manual": {"fr": (5, 0, 0, 2), "ja": (2, 0, 0, 5)},
}
SOURCE_ARTICLES = {"itdocs": 12, "manual": 7}  # the others: ARTICLES
_BANNER = "This article is currently unavailable in French. You are viewing the English version."


def _article(p: Platform, loc: str, i: int, base: str, locales: list[str]) -> str:
    english = i in p.fallback.get(loc, ())
    lang = "en" if english else _lang(loc)
    paras = texts.paragraphs(i, lang)
    steps = texts.steps(i, lang)
    if (loc, i) in p.partial:  # the translator stopped after the first paragraph
        paras, steps = paras[:1], []
    head = ""
    if p.hreflang:
        head = "".join(f'<link rel="alternate" hreflang="{other}" href="{base}{p.path(other, i)}">'
                       for other in locales if other == p.source or i in p.translated[other])
    body = "".join(f"<p>{html.escape(t)}</p>" for t in paras)
    if steps:
        body += (f"<h2>{html.escape(texts.title(i, lang))}</h2><ol>"
                 + "".join(f"<li>{html.escape(s)}</li>" for s in steps) + "</ol>")
    banner = f'<div class="callout">{_BANNER}</div>' if english else ""
    return _page(p, loc, texts.title(i, lang), head, f"<article>{banner}{body}</article>")


def _page(p: Platform, loc: str, title: str, head: str, main: str) -> str:
    return (f'<!doctype html><html lang="{p.html_lang(loc)}"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title>{head}</head><body>"
            f'<header><a href="{p.home(loc)}">Help</a></header>'
            f"<main>{main}</main><footer>© Acme</footer></body></html>")


def build(p: Platform, base: str) -> dict[str, Resource]:
    locales = [p.source, *p.translated]
    site = {"/robots.txt": Resource("User-agent: *\nAllow: /\n",
                                    headers={"Content-Type": "text/plain"})}
    for loc in locales:
        indexes = [i for i in range(ARTICLES) if loc == p.source or i in p.translated[loc]
                   or i in p.fallback.get(loc, ())]
        links = "".join(f'<li><a href="{p.path(loc, i)}">{html.escape(texts.title(i, "en"))}'
                        "</a></li>" for i in indexes)
        links += "".join(f'<li><a href="{p.home(other)}">{other}</a></li>' for other in locales)
        site[p.home(loc)] = Resource(_page(p, loc, "Help", "", f"<ul>{links}</ul>"))
        for i in indexes:
            site[p.path(loc, i)] = Resource(_article(p, loc, i, base, locales))
    return site


def builder(name: str) -> Callable[[str], dict[str, Resource]]:
    special = {"itdocs": build_itdocs, "helpscout": build_helpscout, "manual": build_manual}
    if name in special:
        return special[name]
    return lambda base: build(PLATFORMS[name], base)


def start_urls(name: str, base: str) -> list[str]:
    """Where an audit of the fixture starts (every language's Docs site for Help Scout)."""
    if name == "helpscout":
        return [f"http://{host}/" for host in HELPSCOUT_HOSTS.values()]
    if name in PLATFORMS:
        return [base + PLATFORMS[name].home(PLATFORMS[name].source)]
    return [base + "/"]


IT_GUIDES = ("/guides/start", "/guides/billing", "/guides/export", "/guides/sso",
             "/guides/api", "/it/vpn", "/it/laptop", "/it/printer", "/id/login", "/id/mfa",
             "/no/alerts", "/no/outages")


def build_itdocs(base: str) -> dict[str, Resource]:
    del base
    site = {"/robots.txt": Resource("User-agent: *\nAllow: /\n",
                                    headers={"Content-Type": "text/plain"})}
    for prefix, lang, paths in (("", "en", IT_GUIDES), ("/fr", "fr", IT_GUIDES[:4])):
        nav = "".join(f'<li><a href="{prefix}{path}">{path}</a></li>' for path in paths)
        nav += '<li><a href="/">English</a></li><li><a href="/fr/">Français</a></li>'
        home = f'<html lang="{lang}"><head><title>Docs</title></head><body><ul>{nav}</ul></body>'
        site[f"{prefix}/"] = Resource(home)
        for i, path in enumerate(paths):
            body = "".join(f"<p>{html.escape(t)}</p>" for t in texts.paragraphs(i, lang))
            site[f"{prefix}{path}"] = Resource(
                f'<!doctype html><html lang="{lang}"><head><title>{texts.title(i, lang)}'
                f"</title></head><body><nav><ul>{nav}</ul></nav><main><h1>"
                f"{html.escape(texts.title(i, lang))}</h1>{body}</main></body></html>")
    return site


_ROBOTS = Resource("User-agent: *\nAllow: /\n", headers={"Content-Type": "text/plain"})

# -- Help Scout: one Docs site per language on its own subdomain ---------------------------
HELPSCOUT_HOSTS = {"en": "docs.acme.test", "fr": "fr.docs.acme.test", "de": "de.docs.acme.test"}
HELPSCOUT_FIRST_ID = {"en": 100, "fr": 200, "de": 300}
HELPSCOUT_TRANSLATED = {"fr": (0, 1, 2, 3, 4, 9), "de": (0, 1, 2)}
HELPSCOUT_ORPHAN = ("fr", 9)
# Where each translated article declares its hreflang set (every page lists every language
# of its article plus x-default, so no hreflang finding is due):
#   html    <link rel=alternate> in every page's head
#   split   the en page names en+fr in HTML and de+x-default in its Link header; fr and de
#           pages use HTML
#   header  HTTP Link header on every page
#   sitemap only the sitemap's <xhtml:link> entries
HELPSCOUT_ALTERNATES = {0: "html", 1: "split", 2: "header", 3: "header", 4: "sitemap"}


def helpscout_url(lang: str, i: int) -> str:
    slug = slugify(texts.title(i, lang))
    return f"http://{HELPSCOUT_HOSTS[lang]}/article/{HELPSCOUT_FIRST_ID[lang] + i}-{slug}"


def _helpscout_set(i: int) -> list[tuple[str, str]]:
    langs = [lang for lang in HELPSCOUT_HOSTS
             if lang == "en" or i in HELPSCOUT_TRANSLATED[lang]]
    return [(lang, helpscout_url(lang, i)) for lang in langs] + [
        ("x-default", helpscout_url("en", i))]


def _link_header(alternates: list[tuple[str, str]]) -> str:
    return ", ".join(f'<{url}>; rel="alternate"; hreflang="{code}"' for code, url in alternates)


def _link_tags(alternates: list[tuple[str, str]]) -> str:
    return "".join(f'<link rel="alternate" hreflang="{code}" href="{url}">'
                   for code, url in alternates)


def build_helpscout(base: str) -> dict[str, Resource]:
    """Keys are absolute URLs: the server answers as the HTTP proxy the crawler goes through."""
    del base
    site: dict[str, Resource] = {}
    sitemap = []
    for lang, host in HELPSCOUT_HOSTS.items():
        site[f"http://{host}/robots.txt"] = _ROBOTS
        indexes = range(ARTICLES) if lang == "en" else HELPSCOUT_TRANSLATED[lang]
        nav = "".join(f'<li><a href="{helpscout_url(lang, i)}">'
                      f"{html.escape(texts.title(i, lang))}</a></li>" for i in indexes)
        nav += "".join(f'<li><a href="http://{h}/">{other}</a></li>'
                       for other, h in HELPSCOUT_HOSTS.items())
        site[f"http://{host}/"] = Resource(_doc(lang, texts.UI[lang]["home"], "",
                                                f"<ul>{nav}</ul>"))
        for i in indexes:
            how = HELPSCOUT_ALTERNATES.get(i)
            alternates = _helpscout_set(i) if how else []
            head, headers = "", {}
            if how == "html" or (how == "split" and lang != "en"):
                head = _link_tags(alternates)
            elif how == "split":
                head = _link_tags(alternates[:2])
                headers["Link"] = _link_header(alternates[2:])
            elif how == "header":
                headers["Link"] = _link_header(alternates)
            elif how == "sitemap":
                sitemap.append(
                    f"<url><loc>{helpscout_url(lang, i)}</loc>"
                    + "".join(f'<xhtml:link rel="alternate" hreflang="{code}" href="{url}"/>'
                              for code, url in alternates) + "</url>")
            body = "".join(f"<p>{html.escape(t)}</p>" for t in texts.paragraphs(i, lang))
            site[helpscout_url(lang, i)] = Resource(
                _doc(lang, texts.title(i, lang), head, f"<article>{body}</article>"),
                headers=headers)
    site["http://docs.acme.test/robots.txt"] = Resource(
        "User-agent: *\nAllow: /\nSitemap: http://docs.acme.test/sitemap.xml\n",
        headers={"Content-Type": "text/plain"})
    site["http://docs.acme.test/sitemap.xml"] = Resource(
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">' + "".join(sitemap) + "</urlset>",
        headers={"Content-Type": "application/xml"})
    return site


def _doc(lang: str, title: str, head: str, main: str, nav: str = "") -> str:
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title>{head}</head><body>{nav}"
            f"<main><h1>{html.escape(title)}</h1>{main}</main></body></html>")


# -- A manual with the locale as a file suffix ----------------------------------------------
MANUAL = ("setup", "usage", "backup", "restore", "limits", "upgrade")
MANUAL_TRANSLATED = {"fr": ("setup", "usage", "backup", "restore", "limits"),
                     "ja": ("setup", "usage")}
SHORT = "See the limits table in the admin console."  # every language's `limits` page
MT_META = ("ja", "usage")
MT_PHRASE = ("fr", "backup", "Traduit par DeepL")


def manual_path(name: str, lang: str) -> str:
    return f"/manual/{name}.html" if lang == "en" else f"/manual/{name}.{lang}.html"


def build_manual(base: str) -> dict[str, Resource]:
    del base
    site: dict[str, Resource] = {"/robots.txt": _ROBOTS}
    nav = "".join(f'<li><a href="{manual_path(name, lang)}">{name} ({lang})</a></li>'
                  for lang in ("en", *MANUAL_TRANSLATED) for name in MANUAL
                  if lang == "en" or name in MANUAL_TRANSLATED[lang])
    nav += '<li><a href="/manual/notes.old.html">Old release notes</a></li>'
    site["/"] = Resource(_doc("en", "Manual", "", f"<ul>{nav}</ul>"))
    for lang in ("en", *MANUAL_TRANSLATED):
        for i, name in enumerate(MANUAL):
            if lang != "en" and name not in MANUAL_TRANSLATED[lang]:
                continue
            head, main = "", ""
            if name == "limits":
                main = f"<p>{SHORT}</p>"  # untranslated, but too short to judge
            else:
                main = "".join(f"<p>{html.escape(t)}</p>" for t in texts.paragraphs(i, lang))
            if (lang, name) == MT_META:
                head = '<meta name="ms.translationtype" content="MT">'
            if (lang, name) == MT_PHRASE[:2]:
                main = f'<p class="note">{MT_PHRASE[2]}</p>{main}'
            site[manual_path(name, lang)] = Resource(
                _doc(lang, texts.title(i, lang), head, f"<article>{main}</article>"))
    notes = "".join(f"<p>{html.escape(t)}</p>" for t in texts.paragraphs(20, "en"))
    site["/manual/notes.old.html"] = Resource(_doc("en", "Old release notes", "", notes))
    return site
