"""A site that puts a new session ID in every URL of every response, the way ColdFusion
(`?CFID=...&CFTOKEN=...`) and ASP.NET cookieless sessions (`/(S(...))/`) do, with no cookie.

  /(S(token))/en/guide/{i}?CFID=n&CFTOKEN=hex   ARTICLES English articles
  /(S(token))/de/guide/{i}?CFID=n&CFTOKEN=hex   the first TRANSLATED in German
  /(S(token))/en/, /(S(token))/de/              home pages

Every response links every page of its locale, the other locale's home and the page's
translation, each link carrying a session the server just made up (a new token and CFID
per response). Any session is accepted; a URL without `/(S(...))/` is redirected to one with
a new session (302), as ASP.NET does. By construction: PAGES distinct pages, and
coverage de = TRANSLATED / ARTICLES = 12/20 = 60%.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping
from urllib.parse import parse_qsl, urlencode, urlsplit

from locaudit.demo import texts
from locaudit.demo.server import Answer, Resource
from tests.sites.deadlinks import article, page

ARTICLES = 20
TRANSLATED = 12
PAGES = ARTICLES + TRANSLATED + 2
_SESSION = re.compile(r"^/\(S\(([a-z0-9]+)\)\)")
_counter = itertools.count(1000)


def _fresh() -> tuple[str, dict[str, str]]:
    n = next(_counter)
    return f"{n * 7919:x}q{n}", {"CFID": str(n), "CFTOKEN": f"{n * 104729:08x}"}


def _link(session: tuple[str, dict[str, str]], path: str) -> str:
    token, params = session
    return f"/(S({token})){path}?{urlencode(params)}"


def _render(path: str) -> str | None:
    match = re.fullmatch(r"/(en|de)/(?:guide/(\d+))?", path)
    if match is None:
        return None
    lang, index = match.group(1), match.group(2)
    count = ARTICLES if lang == "en" else TRANSLATED
    if index is not None and int(index) >= count:
        return None
    session = _fresh()  # one new session per response, in every link
    links = [(_link(session, f"/{lang}/guide/{i}"), texts.title(i, lang)) for i in range(count)]
    other = "de" if lang == "en" else "en"
    links.append((_link(session, f"/{other}/"), other))
    if index is None:
        return page(lang, texts.UI[lang]["home"], article(99, lang), links)
    i = int(index)
    if i < TRANSLATED:
        links.append((_link(session, f"/{other}/guide/{i}"), other))
    return page(lang, texts.title(i, lang), article(i, lang), links)


class SessionSite(Mapping[str, Answer]):
    def __getitem__(self, raw: str) -> Answer:
        parts = urlsplit(raw)
        match = _SESSION.match(parts.path)
        if match is None:
            if _render(parts.path) is None:
                raise KeyError(raw)
            return Resource(status=302, headers={"Location": _link(_fresh(), parts.path)})
        query = dict(parse_qsl(parts.query))
        if set(query) - {"CFID", "CFTOKEN"}:
            raise KeyError(raw)
        path = parts.path[match.end():]
        return lambda _before: Resource(_render(path) or "")

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


def build_site(base_url: str) -> SessionSite:
    return SessionSite()
