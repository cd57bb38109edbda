"""A Zendesk help center with its Help Center API: the documented endpoints and fields
(`locales.json`, `{locale}/articles.json`, `sections.json`, `categories.json`), answering
the JSON in tests/data/zendesk/ (written in the shape of Zendesk's documented responses,
for https://acme.zendesk.com, which is replaced by the server's URL), and the help
center's HTML pages (locaudit.demo.helpcenter) for `zendesk.verify`.

The API (ids 360001000 + i, en-us the default and source locale, sections Account (even
i) and Billing (odd i)):
  en-us: articles 0-5 published, 6 a draft; cursor pagination, pages of 4 and 3 (the
         last page's links.next is set, as Zendesk does; meta.has_more is false)
  de:    0, 1 translated; 2 edited 2026-05-03, 153 days before its source (stale by date);
         3 listed in outdated_locales (stale, "marked outdated in Zendesk"); 4 an English
         body under the German title (untranslated); 5 a draft; offset pagination
         (next_page), pages of 3
  fr:    0-2 translated; one cursor page, answered 429 (Retry-After: 1) the first time
So: 6 source articles; de 2 translated / 2 stale / 1 untranslated / 1 missing (the draft),
1 draft; fr 3 translated / 3 missing; drafts 1 en-US, 1 de.

The live pages disagree with the API for three translations: de 0 shows English text,
de 1 redirects (302) to the en-us article, fr 2 is missing (404). de 4 is English on the
page and in the API: they agree (the API page is already untranslated_content).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from locaudit.demo.helpcenter import HelpCenter, State, build
from locaudit.demo.server import Answer, Resource, Site

DATA = Path(__file__).parent.parent / "data" / "zendesk"
HOST = "https://acme.zendesk.com"
API = "/api/v2/help_center"

HTML_HC = HelpCenter(
    name="Acme Zendesk", articles=6, sections=2,
    locales={"en-us": "en", "de": "de", "fr": "fr"},
    states={(0, "de"): State.ENGLISH, (1, "de"): State.REDIRECT,
            (2, "de"): State.TRANSLATED, (3, "de"): State.TRANSLATED,
            (4, "de"): State.ENGLISH,
            (0, "fr"): State.TRANSLATED, (1, "fr"): State.TRANSLATED},
)

# Request path (as the client sends it) -> the fixture file that answers it.
RESPONSES = {
    f"{API}/locales.json": "locales.json",
    f"{API}/en-us/articles.json?page[size]=100": "articles.en-us.1.json",
    f"{API}/en-us/articles.json?page[after]=eyJvIjoicG9zaXRpb24iLCJ2IjoiYVFNQUFBQUFBQUFBIn0"
    "&page[size]=100": "articles.en-us.2.json",
    f"{API}/de/articles.json?page[size]=100": "articles.de.1.json",
    f"{API}/de/articles.json?page=2&per_page=3": "articles.de.2.json",
    **{f"{API}/{loc}/{kind}.json?page[size]=100": f"{kind}.{loc}.json"
       for loc in ("en-us", "de", "fr") for kind in ("sections", "categories")},
}
FR_ARTICLES = f"{API}/fr/articles.json?page[size]=100"
JSON_TYPE = {"Content-Type": "application/json; charset=utf-8"}


def response(name: str, base_url: str) -> Resource:
    return Resource((DATA / name).read_text(encoding="utf-8").replace(HOST, base_url),
                    headers=JSON_TYPE)


def build_site(base_url: str) -> Site:
    """The help center's pages and its public API."""
    site: dict[str, Answer] = dict(build(HTML_HC, base_url))
    site.update({path: response(name, base_url) for path, name in RESPONSES.items()})
    french = response("articles.fr.json", base_url)
    limited = Resource(json.dumps({"error": "TooManyRequests"}), status=429,
                       headers={**JSON_TYPE, "Retry-After": "1"})
    site[FR_ARTICLES] = lambda before: limited if before == 0 else french
    return site


def build_private_site(status: int) -> Callable[[str], Site]:
    """A help center whose API refuses anonymous requests with `status` (401, 403)."""
    def site(base_url: str) -> Site:
        refused = Resource(json.dumps({"error": "Couldn't authenticate you"}), status=status,
                           headers=JSON_TYPE)
        return {path: refused for path in (*RESPONSES, FR_ARTICLES)}
    return site
