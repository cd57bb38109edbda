"""A help center of any size for the sample source: sitemaps with xhtml:link alternates,
articles in sections, each translation real, an English fallback page (with its banner),
or absent, by a fixed rule. Pages are made when requested, so 50,000 URLs cost nothing
until fetched.

URLs: /hc/{locale}/{section}/articles/{id}; the sitemap index /sitemap.xml lists one urlset
per PER_SITEMAP source articles, each entry with its alternates. The truth of every
(article, locale) is `SampledSite.state`, so each locale's coverage is known exactly
without crawling (`SampledSite.coverage`).
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property

from locaudit.demo import texts
from locaudit.demo.server import Resource

TRANSLATED, FALLBACK, MISSING = "translated", "fallback", "missing"
PER_SITEMAP = 2000
FIRST_ID = 1000
_LANGUAGE_NAMES = {"de": "German", "fr": "French", "ja": "Japanese", "es": "Spanish",
                   "pt": "Portuguese"}
_XML = {"Content-Type": "application/xml"}


@dataclass(frozen=True)
class SampledSite:
    articles: int
    # (section, share of its articles' translations that are English fallback pages)
    sections: tuple[tuple[str, float], ...]
    locales: tuple[str, ...] = ("en", "de", "fr", "es", "ja", "pt")  # source first
    missing: float = 0.0  # share of translations that do not exist at all
    salt: str = "sampled"

    def section(self, index: int) -> tuple[str, float]:
        return self.sections[index % len(self.sections)]

    def state(self, index: int, locale: str) -> str:
        if locale == self.locales[0]:
            return TRANSLATED
        digest = hashlib.blake2b(f"{self.salt}:{index}:{locale}".encode(), digest_size=8)
        draw = int.from_bytes(digest.digest(), "big") / 2**64
        if draw < self.missing:
            return MISSING
        return FALLBACK if draw < self.missing + self.section(index)[1] else TRANSLATED

    @cached_property
    def coverage(self) -> dict[str, float]:
        """Each target locale's true coverage: real translations / source articles."""
        return {loc: sum(self.state(i, loc) == TRANSLATED for i in range(self.articles))
                / self.articles for loc in self.locales[1:]}

    def path(self, index: int, locale: str) -> str:
        return f"/hc/{locale}/{self.section(index)[0]}/articles/{FIRST_ID + index}"

    def urls(self) -> int:
        return sum(self.state(i, loc) != MISSING for i in range(self.articles)
                   for loc in self.locales)

    def build(self, base_url: str) -> Mapping[str, Resource]:
        return _LazySite(self, base_url)


class _LazySite(Mapping[str, Resource]):
    """The site as a mapping from request path to answer, each made on request."""

    def __init__(self, spec: SampledSite, base_url: str) -> None:
        self.spec, self.base = spec, base_url
        self.by_path = {spec.path(i, loc): (i, loc) for i in range(spec.articles)
                        for loc in spec.locales if spec.state(i, loc) != MISSING}

    def __getitem__(self, path: str) -> Resource:
        spec = self.spec
        if path == "/robots.txt":
            return Resource(f"User-agent: *\nSitemap: {self.base}/sitemap.xml\n",
                            headers={"Content-Type": "text/plain"})
        if path == "/sitemap.xml":
            parts = "".join(f"<sitemap><loc>{self.base}/sitemaps/{k}.xml</loc></sitemap>"
                            for k in range(0, spec.articles, PER_SITEMAP))
            return Resource('<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns='
                            f'"http://www.sitemaps.org/schemas/sitemap/0.9">{parts}'
                            "</sitemapindex>", headers=_XML)
        if path.startswith("/sitemaps/") and path.endswith(".xml"):
            first = int(path[len("/sitemaps/"):-4])
            return Resource(self._urlset(first), headers=_XML)
        if path in self.by_path:
            return Resource(self._article(*self.by_path[path]))
        raise KeyError(path)

    def __iter__(self) -> Iterator[str]:
        return iter(("/robots.txt", "/sitemap.xml", *self.by_path))

    def __len__(self) -> int:
        return 2 + len(self.by_path)

    def _alternates(self, index: int, tag: str) -> str:
        spec = self.spec
        present = [loc for loc in spec.locales if spec.state(index, loc) != MISSING]
        return "".join(f'<{tag} rel="alternate" hreflang="{code}" '
                       f'href="{self.base}{spec.path(index, loc)}"/>'
                       for code, loc in [*zip(present, present, strict=True),
                                         ("x-default", spec.locales[0])])

    def _urlset(self, first: int) -> str:
        spec = self.spec
        entries = "".join(
            f"<url><loc>{self.base}{spec.path(i, spec.locales[0])}</loc>"
            f"<lastmod>2026-10-01</lastmod>{self._alternates(i, 'xhtml:link')}</url>"
            for i in range(first, min(first + PER_SITEMAP, spec.articles)))
        return ('<?xml version="1.0" encoding="UTF-8"?>'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                f'xmlns:xhtml="http://www.w3.org/1999/xhtml">{entries}</urlset>')

    def _article(self, index: int, locale: str) -> str:
        state = self.spec.state(index, locale)
        lang = self.spec.locales[0] if state == FALLBACK else locale
        banner = ""
        if state == FALLBACK:
            banner = (f'<div class="notice">This content is currently unavailable in '
                      f"{_LANGUAGE_NAMES.get(locale, locale)}. You are viewing the default "
                      "(English) version.</div>")
        # A reference in every paragraph keeps each one the article's own: the prose
        # checks treat text repeated across a locale's pages as the site's chrome.
        paras = "".join(f"<p>{html.escape(p)} (KB-{FIRST_ID + index}-{n})</p>"
                        for n, p in enumerate(texts.paragraphs(index, lang)))
        title = html.escape(texts.title(index, lang))
        return (f'<!doctype html><html lang="{locale}"><head><meta charset="utf-8">'
                f"<title>{title}</title>{self._alternates(index, 'link')}</head><body>"
                f'<main><article>{banner}<h1>{title}</h1>{paras}</article></main>'
                "</body></html>")
