"""Missing translations that answer HTTP 200 with an error page (soft 404s).

English source /en/help/{slug} for ARTICLES articles (slug from the English title), and
/{de,ja,fr,es}/help/{slug} for the first TRANSLATED of them in each locale. Every English
page has a language switcher linking all four locales' URLs of the article, as help
centers do whether the translation exists or not. What a missing translation answers:

  de  200, a German template: <h1>Seite nicht gefunden</h1>, the URL echoed in the text
  ja  200, a Japanese template: <h1>ページが見つかりません</h1>
  fr  200, an English template with a title in no list ("Oops! We can't find that"):
      every unknown /fr/ URL gets it, so the crawler's probe learns it
  es  200 for the switcher's URLs only, "Contenido no disponible"; any other unknown
      /es/ URL is a real 404, so only the shared-template signal can tell

Article 0 is an HTTP reference page titled "404 Not Found" (URL /{locale}/help/http-404),
translated everywhere: a real page, never a soft 404. By construction: every locale
TRANSLATED of ARTICLES = 11/20 = 55% (each soft 404 counted as missing), 9 soft_404
findings per locale.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Mapping

from locaudit.demo import texts
from locaudit.demo.helpcenter import slugify
from locaudit.demo.server import Answer, Resource
from tests.sites.deadlinks import article, page

ARTICLES = 20
TRANSLATED = 11
LOCALES = ("de", "ja", "fr", "es")
REFERENCE = "http-404"


def slug(i: int) -> str:
    return REFERENCE if i == 0 else slugify(texts.title(i, "en"))


def title(i: int, lang: str) -> str:
    return "404 Not Found" if i == 0 else texts.title(i, lang)


def _template(lang: str, heading: str, text: str) -> Resource:
    return Resource(f'<!doctype html><html lang="{lang}"><head><title>{html.escape(heading)}'
                    f"</title></head><body><main><h1>{html.escape(heading)}</h1>"
                    f"<p>{html.escape(text)}</p><p><a href=\"/{lang}/\">Home</a></p>"
                    "</main></body></html>")


def _soft(locale: str, path: str) -> Resource:
    if locale == "de":
        return _template("de", "Seite nicht gefunden", f"Die Seite {path} wurde nicht "
                         "gefunden. Vielleicht wurde sie verschoben oder gelöscht.")
    if locale == "ja":
        return _template("ja", "ページが見つかりません",
                         f"お探しのページ {path} は移動または削除された可能性があります。")
    if locale == "fr":
        return _template("en", "Oops! We can't find that",
                         f"Nothing lives at {path}. Try the search box or go back home.")
    return _template("es", "Contenido no disponible",
                     "Este contenido todavía no está disponible. Vuelva más tarde.")


class Soft404Site(Mapping[str, Answer]):
    def __init__(self) -> None:
        self.pages: dict[str, Resource] = {}
        for i in range(ARTICLES):
            switcher = [(f"/{loc}/help/{slug(i)}", loc) for loc in LOCALES]
            self.pages[f"/en/help/{slug(i)}"] = Resource(page(
                "en", title(i, "en"), article(i, "en"), switcher))
            for loc in LOCALES:
                path = f"/{loc}/help/{slug(i)}"
                self.pages[path] = Resource(page(
                    loc, title(i, loc), article(i, loc), [("/en/", "English")])) \
                    if i < TRANSLATED else _soft(loc, path)
        self.pages["/en/"] = Resource(page("en", "Acme Help", article(99, "en"), [
            (f"/en/help/{slug(i)}", title(i, "en")) for i in range(ARTICLES)]))
        for loc in LOCALES:
            self.pages[f"/{loc}/"] = Resource(page(loc, texts.UI[loc]["home"],
                                                   article(99, loc), []))

    def __getitem__(self, path: str) -> Answer:
        if path in self.pages:
            return self.pages[path]
        if path.startswith(("/de/", "/ja/", "/fr/")):
            return _soft(path[1:3], path)  # any unknown URL: the template, with HTTP 200
        raise KeyError(path)

    def __iter__(self) -> Iterator[str]:
        return iter(self.pages)

    def __len__(self) -> int:
        return len(self.pages)


def build_site(base_url: str) -> Soft404Site:
    return Soft404Site()
