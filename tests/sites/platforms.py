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
  itdocs      docs with the source at the root and /fr/; its /it/ (IT guides) and /id/
              (identity) sections are English: sections, not Italian or Indonesian.
              10 articles (5 guides + 3 under /it/ + 2 under /id/), fr: guides 0-3
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
    "itdocs": {"fr": (4, 0, 0, 6)},
}
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
    if name == "itdocs":
        return build_itdocs
    return lambda base: build(PLATFORMS[name], base)


IT_GUIDES = ("/guides/start", "/guides/billing", "/guides/export", "/guides/sso",
             "/guides/api", "/it/vpn", "/it/laptop", "/it/printer", "/id/login", "/id/mfa")


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
