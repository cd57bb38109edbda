"""Language of each localized page's prose, once the site's boilerplate is known.

The extraction workers label every prose block of a page (extract/language.py) and store a
hash of each short block. Here, after the crawl, a block whose text repeats on many pages of
one locale is the site's chrome (an "outdated translation" notice, a "Last modified: <English
commit message>" line, a feedback widget): it is left out of the page's language decision
and kept as evidence ("an en block on 312 de pages"). What remains decides the page:

- under the prose minimum: unknown, never a finding, counted as the locale's page;
- mostly another language (its share >= `checks.min_confidence`): untranslated;
- neither mostly the locale's language nor free of the source language (the source's share
  >= `checks.bleed_through`): a partial translation, with the share that shows through.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from locaudit.extract.language import (
    Block,
    counts_as,
    decode_blocks,
    prose_minimum,
    share_of,
    shares,
)
from locaudit.locales.align import LocatedPage

MIN_REPEATS = 3  # a block on this many pages of a locale (and on REPEAT_SHARE of them) ...
REPEAT_SHARE = 0.02  # ... is the site's chrome, not the page's prose
HEAD_MAX_WEIGHT = 200  # short lines are also matched on their first three words


@dataclass(frozen=True)
class ProseOptions:
    min_text_chars: int = 200
    min_confidence: float = 0.90
    bleed_through: float = 0.2


@dataclass(frozen=True)
class Chrome:
    """Per locale, the block hashes that repeat across its pages."""

    keys: dict[str, frozenset[str]] = field(default_factory=dict)
    heads: dict[str, frozenset[str]] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def skip(self, locale: str) -> _Skip:
        return _Skip(self.keys.get(locale, frozenset()), self.heads.get(locale, frozenset()))


@dataclass(frozen=True)
class _Skip:
    keys: frozenset[str]
    heads: frozenset[str]

    def __call__(self, block: Block) -> bool:
        return block.key in self.keys or (block.weight <= HEAD_MAX_WEIGHT and
                                           block.head in self.heads)


@dataclass(frozen=True)
class ProseVerdict:
    language: str | None  # the largest share's language; None: unknown
    share: float  # that language's share
    target_share: float | None  # share in the locale's language; None: unknown
    source_share: float


def find_chrome(located: Iterable[LocatedPage]) -> Chrome:
    """Blocks repeated on at least MIN_REPEATS pages (and REPEAT_SHARE) of a locale."""
    key_pages: dict[str, Counter[str]] = defaultdict(Counter)
    head_pages: dict[str, Counter[str]] = defaultdict(Counter)
    pages: Counter[str] = Counter()
    seen: dict[tuple[str, str], tuple[str | None, int, str]] = {}  # evidence per key
    for lp in located:
        if lp.locale is None or not lp.page.prose:
            continue
        locale = lp.locale
        pages[locale] += 1
        blocks = [b for b in decode_blocks(lp.page.prose) if b.key != "*"]
        key_pages[locale].update({b.key for b in blocks})
        head_pages[locale].update({b.head for b in blocks if b.weight <= HEAD_MAX_WEIGHT})
        for b in blocks:
            seen.setdefault((locale, b.key), (b.language, b.weight, lp.page.url))
    keys, heads, notes = {}, {}, []
    for locale, count in sorted(pages.items()):
        least = max(MIN_REPEATS, math.ceil(REPEAT_SHARE * count))
        repeated = {k: n for k, n in key_pages[locale].items() if n >= least}
        keys[locale] = frozenset(repeated)
        heads[locale] = frozenset(h for h, n in head_pages[locale].items() if n >= least)
        foreign = sorted(((n, k) for k, n in repeated.items()
                          if (lang := seen[(locale, k)][0]) and not counts_as(lang, locale)),
                         key=lambda nk: (-nk[0], nk[1]))
        for n, k in foreign[:3]:
            lang, weight, url = seen[(locale, k)]
            notes.append(f"boilerplate left out of the language decision: a block in {lang} "
                         f"({weight} letters) on {n} {locale} pages, e.g. {url}")
    return Chrome(keys, heads, tuple(notes))


def prose_verdict(lp: LocatedPage, source: str, chrome: Chrome, options: ProseOptions
                  ) -> ProseVerdict:
    """The page's languages without its locale's chrome."""
    locale = lp.locale
    assert locale is not None
    page = lp.page
    if not page.prose:  # stored by an older locaudit: the page-level detection only
        lang = page.detected_language
        if lang is None:
            return ProseVerdict(None, 0.0, None, 0.0)
        return ProseVerdict(lang, page.detected_confidence,
                            1.0 if counts_as(lang, locale) else 0.0,
                            1.0 if counts_as(lang, source) else 0.0)
    share, total = shares(decode_blocks(page.prose), chrome.skip(locale))
    if total < prose_minimum(options.min_text_chars) or not share:
        return ProseVerdict(None, 0.0, None, 0.0)
    language = max(sorted(share), key=lambda lang: share[lang])
    return ProseVerdict(language, round(share[language], 4),
                        round(share_of(share, locale), 4), round(share_of(share, source), 4))


def bleed_through(verdict: ProseVerdict, locale: str, source: str, options: ProseOptions
                  ) -> str | None:
    """Why the page is a partial translation, or None."""
    target = verdict.target_share
    if target is None or counts_as(source, locale):
        return None
    if target >= 1 - options.bleed_through or verdict.source_share < options.bleed_through:
        return None
    return (f"{verdict.source_share:.0%} of its prose is still {source} (bleed-through), "
            f"{target:.0%} is {locale}")
