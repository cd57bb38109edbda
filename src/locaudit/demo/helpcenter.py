"""A Zendesk Guide-style help center, built from a spec of which article exists in which
locale and in what state. The demo and the test fixtures are both such specs, so the truth
of each (how many articles are translated, stale, untranslated, missing) can be read off
the spec by hand.

URLs as on Zendesk: `/hc/{locale}` home, `/hc/{locale}/sections/{id}-{slug}`,
`/hc/{locale}/articles/{id}-{localized-slug}`; `/` redirects to the source home.
"""

from __future__ import annotations

import enum
import html
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from locaudit.demo import texts
from locaudit.demo.server import Resource, Site


class State(enum.Enum):
    TRANSLATED = "translated"  # a real translation, as recent as its source
    STALE = "stale"  # a real translation, dated months before its source
    ENGLISH = "english"  # the English text published under the localized URL
    FALLBACK = "fallback"  # English text with a "not available in <language>" banner
    REDIRECT = "redirect"  # the localized URL redirects (302) to the source article


@dataclass(frozen=True)
class HelpCenter:
    name: str
    locales: Mapping[str, str]  # URL locale -> language of its text, source first
    articles: int
    states: Mapping[tuple[int, str], State] = field(default_factory=dict)  # absent: missing
    source: str = "en-us"
    first_id: int = 360001000
    sections: int = 5

    def article_id(self, index: int) -> int:
        return self.first_id + index

    def has_page(self, index: int, locale: str) -> bool:
        if locale == self.source:
            return True
        state = self.states.get((index, locale))
        return state is not None and state is not State.REDIRECT


SOURCE_DATE = "2026-10-{day:02d}T09:00:00Z"
STALE_DATE = "2026-05-{day:02d}T09:00:00Z"
_LANGUAGE_NAMES = {"de": "German", "fr": "French", "ja": "Japanese", "es": "Spanish",
                   "pt": "Portuguese"}


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or "article"


def build(hc: HelpCenter, base_url: str) -> dict[str, Resource]:
    site: dict[str, Resource] = {
        "/": Resource(status=302, headers={"Location": f"/hc/{hc.source}"}),
        "/robots.txt": Resource(
            "User-agent: *\nDisallow: /hc/*/search\n"
            f"Sitemap: {base_url}/sitemap.xml\n", headers={"Content-Type": "text/plain"}),
        "/sitemap.xml": Resource(_sitemap(hc, base_url),
                                 headers={"Content-Type": "application/xml"}),
    }
    for locale in hc.locales:
        site[f"/hc/{locale}"] = Resource(_home(hc, locale))
        for section in range(hc.sections):
            site[_section_path(hc, locale, section)] = Resource(_section(hc, locale, section))
        for index in range(hc.articles):
            state = State.TRANSLATED if locale == hc.source else hc.states.get((index, locale))
            if state is State.REDIRECT:
                site[article_path(hc, locale, index)] = Resource(
                    status=302, headers={"Location": article_path(hc, hc.source, index)})
            elif state is not None:
                site[article_path(hc, locale, index)] = Resource(
                    _article(hc, locale, index, state, base_url))
    return site


def _text_language(hc: HelpCenter, locale: str, index: int) -> str:
    state = State.TRANSLATED if locale == hc.source else hc.states.get((index, locale))
    if state in (State.ENGLISH, State.FALLBACK):
        return hc.locales[hc.source]
    return hc.locales[locale]


def article_path(hc: HelpCenter, locale: str, index: int) -> str:
    slug = slugify(texts.title(index, _text_language(hc, locale, index)))
    return f"/hc/{locale}/articles/{hc.article_id(index)}-{slug}"


def _section_path(hc: HelpCenter, locale: str, section: int) -> str:
    name = texts.SECTIONS[hc.locales[locale]][section % len(texts.SECTIONS["en"])]
    return f"/hc/{locale}/sections/{hc.first_id + 9000 + section}-{slugify(name)}"


def _page(hc: HelpCenter, locale: str, title: str, head: str, crumbs: list[tuple[str, str]],
          main: str) -> str:
    lang = hc.locales[locale]
    ui = texts.UI[lang]
    switcher = "".join(f'<li><a href="/hc/{other}">{other}</a></li>' for other in hc.locales)
    crumb_html = "".join(f'<li><a href="{href}">{html.escape(name)}</a></li>'
                         for name, href in crumbs)
    return f"""<!doctype html>
<html lang="{locale}">
<head><meta charset="utf-8"><title>{html.escape(title)} – {html.escape(hc.name)}</title>
{head}</head>
<body>
<header class="header"><a class="logo" href="/hc/{locale}">{html.escape(ui['home'])}</a>
<nav class="user-nav"><a href="/hc/{locale}/search?query=help">{ui['search']}</a>
</nav>
<ul class="language-selector">{switcher}</ul></header>
<form role="search" action="/hc/{locale}/search"><input name="query"></form>
<main role="main"><ol class="breadcrumbs">{crumb_html}</ol>
{main}
</main>
<footer class="footer"><p>© 2026 {html.escape(hc.name)} · Privacy · Terms · Status</p></footer>
</body></html>"""


def _home(hc: HelpCenter, locale: str) -> str:
    lang = hc.locales[locale]
    items = []
    for section in range(hc.sections):
        name = texts.SECTIONS[lang][section % len(texts.SECTIONS["en"])]
        links = "".join(
            f'<li><a href="{article_path(hc, locale, i)}">'
            f"{html.escape(texts.title(i, _text_language(hc, locale, i)))}</a></li>"
            for i in range(hc.articles) if i % hc.sections == section and hc.has_page(i, locale)
        )
        items.append(f'<section><h2><a href="{_section_path(hc, locale, section)}">'
                     f"{html.escape(name)}</a></h2><ul>{links}</ul></section>")
    ui = texts.UI[lang]
    return _page(hc, locale, ui["home"], "", [(ui["home"], f"/hc/{locale}")],
                 f"<h1>{html.escape(ui['home'])}</h1>{''.join(items)}")


def _section(hc: HelpCenter, locale: str, section: int) -> str:
    lang = hc.locales[locale]
    ui = texts.UI[lang]
    name = texts.SECTIONS[lang][section % len(texts.SECTIONS["en"])]
    links = "".join(
        f'<li><a href="{article_path(hc, locale, i)}">'
        f"{html.escape(texts.title(i, _text_language(hc, locale, i)))}</a></li>"
        for i in range(hc.articles) if i % hc.sections == section and hc.has_page(i, locale)
    )
    return _page(hc, locale, name, "", [(ui["home"], f"/hc/{locale}")],
                 f"<h1>{html.escape(name)}</h1><ul class='article-list'>{links}</ul>")


def _article(hc: HelpCenter, locale: str, index: int, state: State, base_url: str) -> str:
    text_lang = _text_language(hc, locale, index)
    lang = hc.locales[locale]
    ui = texts.UI[lang]
    title = texts.title(index, text_lang)
    day = 1 + index % 28
    date = (STALE_DATE if state is State.STALE else SOURCE_DATE).format(day=day)
    url = f"{base_url}{article_path(hc, locale, index)}"
    alternates = "".join(
        f'<link rel="alternate" hreflang="{other}" '
        f'href="{base_url}{article_path(hc, other, index)}">'
        for other in hc.locales if hc.has_page(index, other)
    )
    alternates += (f'<link rel="alternate" hreflang="x-default" '
                   f'href="{base_url}{article_path(hc, hc.source, index)}">')
    head = (f'<link rel="canonical" href="{url}">{alternates}'
            f'<meta property="article:modified_time" content="{date}">'
            f'<link rel="alternate" type="application/rss+xml" hreflang="{locale}" '
            f'href="/hc/{locale}/feed.rss">')
    section = index % hc.sections
    section_name = texts.SECTIONS[lang][section % len(texts.SECTIONS["en"])]
    banner = ""
    if state is State.FALLBACK:
        language = _LANGUAGE_NAMES.get(lang, lang)
        banner = (f'<div class="notice">This content is currently unavailable in {language}. '
                  "You are viewing the default (English) version.</div>")
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in texts.paragraphs(index, text_lang))
    steps = "".join(f"<li>{html.escape(s)}</li>" for s in texts.steps(index, text_lang))
    code = "<pre><code>curl -H 'Authorization: Bearer TOKEN' https://api.acme.example/v2/me" \
        "</code></pre>" if index % 4 == 0 else ""
    switch = "".join(
        f'<li><a href="{article_path(hc, other, index)}">{other}</a></li>'
        for other in hc.locales
        if other == hc.source or hc.states.get((index, other)) is not None
    )
    related = "".join(
        f'<li><a href="{article_path(hc, locale, j)}">'
        f"{html.escape(texts.title(j, _text_language(hc, locale, j)))}</a></li>"
        for j in ((index + 1) % hc.articles, (index + 2) % hc.articles)
        if hc.has_page(j, locale)
    )
    main = (f'<article class="article">{banner}<h1>{html.escape(title)}</h1>'
            f'<div class="article-meta">{ui["updated"]} <time datetime="{date}">'
            f'{date[:10]}</time></div>'
            f'<div class="article-body">{paras}<h2>{html.escape(title)}</h2><ol>{steps}</ol>'
            f"{code}</div></article>"
            f'<aside class="article-sidebar"><h3>{ui["related"]}</h3><ul>{related}</ul>'
            f'<ul class="article-translations">{switch}</ul></aside>')
    crumbs = [(ui["home"], f"/hc/{locale}"),
              (section_name, _section_path(hc, locale, section))]
    return _page(hc, locale, title, head, crumbs, main)


def _sitemap(hc: HelpCenter, base_url: str) -> str:
    entries = []
    for index in range(hc.articles):
        links = "".join(
            f'<xhtml:link rel="alternate" hreflang="{loc}" '
            f'href="{base_url}{article_path(hc, loc, index)}"/>'
            for loc in hc.locales if hc.has_page(index, loc)
        )
        entries.append(
            f"<url><loc>{base_url}{article_path(hc, hc.source, index)}</loc>"
            f"<lastmod>{SOURCE_DATE.format(day=1 + index % 28)[:10]}</lastmod>{links}</url>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:xhtml="http://www.w3.org/1999/xhtml">' + "".join(entries) + "</urlset>\n")


# --------------------------------------------------------------------------- the demo


def _demo_states() -> dict[tuple[int, str], State]:
    """The demo's translation pattern (see DEMO_TRUTH for what it adds up to)."""
    states: dict[tuple[int, str], State] = {}
    for locale, translated in (("de", 30), ("fr", 20), ("es", 16), ("ja", 12), ("pt-br", 6)):
        for i in range(translated):
            states[(i, locale)] = State.TRANSLATED
    states[(3, "de")] = states[(17, "de")] = State.STALE
    states[(35, "de")] = State.REDIRECT
    states[(5, "fr")] = State.ENGLISH
    states[(12, "fr")] = State.STALE
    states[(2, "ja")] = states[(9, "ja")] = State.ENGLISH
    states[(7, "es")] = State.FALLBACK
    return states


DEMO = HelpCenter(
    name="Acme Help Center",
    locales={"en-us": "en", "de": "de", "fr": "fr", "ja": "ja", "es": "es", "pt-br": "pt"},
    articles=40, states=_demo_states(),
)

# Worked out by hand from _demo_states (40 source articles):
#   de:    30 pages, 2 stale (3, 17), redirect for 35 counts as missing -> 28/2/0/10
#   fr:    20 pages, 5 English, 12 stale                                -> 18/1/1/20
#   es:    16 pages, 7 has a fallback banner                            -> 15/0/1/24
#   ja:    12 pages, 2 and 9 English                                    -> 10/0/2/28
#   pt-BR:  6 pages                                                     ->  6/0/0/34
DEMO_TRUTH = {
    "source_locale": "en-US",
    "source_articles": 40,
    "locales": {  # translated, stale, untranslated, missing
        "de": (28, 2, 0, 10), "es": (15, 0, 1, 24), "fr": (18, 1, 1, 20),
        "ja": (10, 0, 2, 28), "pt-BR": (6, 0, 0, 34),
    },
}


def build_demo_site(base_url: str) -> Site:
    return build(DEMO, base_url)
