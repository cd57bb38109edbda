"""Language of each localized page's prose, once the site's boilerplate is known.

The extraction workers label every prose block of a page (extract/language.py) and store a
hash of each short block. Here, after the crawl, a block whose text repeats on many pages of
one locale is the site's chrome (an "outdated translation" notice, a "Last modified: <English
commit message>" line, a feedback widget): it is left out of the page's language decision
and kept as evidence ("an en block on 312 de pages"). A block that a few other pages of the
locale show too (a section index's listing of its child pages' titles and descriptions, an
include) is not the page's own prose either: an English index page under /fr/ listing
translated children is English. What remains decides the page:

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

from locaudit.extract.fingerprint import containment, sketch_hashes
from locaudit.extract.language import (
    Block,
    counts_as,
    decode_blocks,
    prose_minimum,
    share_of,
    shares,
    top_language,
)
from locaudit.locales.align import LocatedPage
from locaudit.models import Page

MIN_REPEATS = 3  # a block on this many pages of a locale (and on REPEAT_SHARE of them) ...
REPEAT_SHARE = 0.02  # ... is the site's chrome, not the page's prose
HEAD_MAX_WEIGHT = 200  # short lines are also matched on their first three words
COPIED = 0.9  # a page this much its source page's text, verbatim, is a copy (banners)
SHARED_PAGES = 2  # a block on this many pages of a locale is not any one page's own prose
MIN_SKETCH = 8  # sketch hashes a whole-page containment estimate needs
BANNER_COPIES = 0.5  # a notice of the locale is a fallback banner when this share of the
# pages carrying it are verbatim copies of their source
COPIED_MIN = 40  # letters of a copy that must not be the source locale's chrome


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
    shared: dict[str, frozenset[str]] = field(default_factory=dict)  # on 2+ pages, not chrome
    sketch: dict[str, frozenset[int]] = field(default_factory=dict)  # chrome's sketch hashes

    def skip(self, locale: str) -> _Skip:
        return _Skip(self.keys.get(locale, frozenset()), self.heads.get(locale, frozenset()))

    def borrowed(self, locale: str, source_keys: frozenset[str]) -> _Skip:
        """Chrome, and blocks other pages of the locale show too, unless the page's source
        has them verbatim (two copies of near-identical source pages share their text, and
        it is theirs): not the page's own prose. A page with under COPIED_MIN letters of
        its own is judged with them (prose_verdict)."""
        shared = self.shared.get(locale, frozenset()) - source_keys
        return _Skip(self.keys.get(locale, frozenset()) | shared,
                     self.heads.get(locale, frozenset()))


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
    copied: float = 0.0  # share of the page's text in blocks its source page has verbatim
    banner: bool = False  # carries a notice only pages copied from the source carry
    own_share: float = 0.0  # share in the locale's language, even under the prose minimum


def find_chrome(located: Iterable[LocatedPage]) -> Chrome:
    """Blocks repeated on at least MIN_REPEATS pages (and REPEAT_SHARE) of a locale."""
    key_pages: dict[str, Counter[str]] = defaultdict(Counter)
    head_pages: dict[str, Counter[str]] = defaultdict(Counter)
    sketch_pages: dict[str, Counter[int]] = defaultdict(Counter)
    pages: Counter[str] = Counter()
    seen: dict[tuple[str, str], tuple[str | None, int, str]] = {}  # evidence per key
    for lp in located:
        if lp.locale is None or not lp.page.prose:
            continue
        locale = lp.locale
        pages[locale] += 1
        sketch_pages[locale].update(sketch_hashes(lp.page.sketch))
        blocks = [b for b in decode_blocks(lp.page.prose) if b.key != "*"]
        key_pages[locale].update({b.key for b in blocks})
        head_pages[locale].update({b.head for b in blocks if b.weight <= HEAD_MAX_WEIGHT})
        for b in blocks:
            seen.setdefault((locale, b.key), (b.language, b.weight, lp.page.url))
    keys, heads, notes, shared, sketch = {}, {}, [], {}, {}
    for locale, count in sorted(pages.items()):
        least = max(MIN_REPEATS, math.ceil(REPEAT_SHARE * count))
        repeated = {k: n for k, n in key_pages[locale].items() if n >= least}
        keys[locale] = frozenset(repeated)
        shared[locale] = frozenset(k for k, n in key_pages[locale].items()
                                   if SHARED_PAGES <= n < least)
        sketch[locale] = frozenset(h for h, n in sketch_pages[locale].items() if n >= least)
        heads[locale] = frozenset(h for h, n in head_pages[locale].items() if n >= least)
        foreign = sorted(((n, k) for k, n in repeated.items()
                          if (lang := seen[(locale, k)][0]) and not counts_as(lang, locale)),
                         key=lambda nk: (-nk[0], nk[1]))
        for n, k in foreign[:3]:
            lang, weight, url = seen[(locale, k)]
            notes.append(f"boilerplate left out of the language decision: a block in {lang} "
                         f"({weight} letters) on {n} {locale} pages, e.g. {url}")
    return Chrome(keys, heads, tuple(notes), shared, sketch)


def prose_verdict(lp: LocatedPage, source: str, chrome: Chrome, options: ProseOptions,
                  source_page: Page | None = None) -> ProseVerdict:
    """The page's languages without its locale's chrome; and how much of it is its source
    page's text verbatim (a fallback page too short to judge by language)."""
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
    blocks = decode_blocks(page.prose)
    source_keys = frozenset(b.key for b in decode_blocks(source_page.prose)
                            if b.key != "*") if source_page is not None else frozenset()
    skip = chrome.borrowed(locale, source_keys)
    if sum(b.weight for b in blocks if b.language and not skip(b)) < COPIED_MIN:
        skip = chrome.skip(locale)  # nothing of its own: judged on the text it shares
    copied = _copied(page, blocks, source_page, source_keys, skip, chrome, locale, source)
    share, total = shares(blocks, skip)
    own_share = round(share_of(share, locale), 4) if share else 0.0
    if total < prose_minimum(options.min_text_chars) or not share:
        return ProseVerdict(None, 0.0, None, 0.0, copied, own_share=own_share)
    language, top = top_language(share)
    return ProseVerdict(language, round(top, 4), own_share, round(share_of(share, source), 4),
                        copied, own_share=own_share)


def _copied(page: Page, blocks: list[Block], source_page: Page | None,
            keys: frozenset[str], skip: _Skip, chrome: Chrome, locale: str, source: str
            ) -> float:
    """The share of the page's own text in blocks its source page has verbatim, when its
    title is the source's too and at least COPIED_MIN letters of it are not the source
    locale's own chrome (a feedback widget both pages show proves nothing); else 0. The
    locale's chrome that the source lacks (a "not translated yet" notice in the locale's
    language) is left out, and so are blocks other pages of the locale show too. On a page
    whose blocks are mostly not prose (a list of names and dates) or too many to store one
    by one, the share of all its text blocks its source has too (sketch_hashes) counts
    when it is higher: a long list copied from an older version of the source."""
    if source_page is None or not source_page.prose or page.title != source_page.title:
        return 0.0
    source_chrome = chrome.skip(source)
    same = [b for b in blocks if b.key in keys]
    total = sum(b.weight for b in blocks if b.key in keys or not skip(b))
    if not total or sum(b.weight for b in same if not source_chrome(b)) < COPIED_MIN:
        return 0.0
    by_blocks = sum(b.weight for b in same) / total
    ignore = chrome.sketch.get(locale, frozenset()) | chrome.sketch.get(source, frozenset())
    whole, sample = containment(sketch_hashes(page.sketch), sketch_hashes(source_page.sketch),
                                ignore)
    return round(max(by_blocks, whole if sample >= MIN_SKETCH else 0.0), 4)


def learn_banners(verdicts: Iterable[tuple[LocatedPage, ProseVerdict]], chrome: Chrome,
                  source: str) -> dict[str, frozenset[str]]:
    """Per locale, the repeated blocks that the source's pages do not show and that mostly
    pages copied verbatim from their source carry: the site's "not translated yet" notice
    (in the locale's language or the source's). Every page carrying one is a fallback page,
    even with no prose."""
    site_chrome = chrome.keys.get(source, frozenset())
    carriers: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for lp, verdict in verdicts:
        locale = lp.locale
        if locale is None or not lp.page.prose:
            continue
        repeated = chrome.keys.get(locale, frozenset())
        for b in decode_blocks(lp.page.prose):
            if b.key in repeated and b.key not in site_chrome:
                counter = carriers[(locale, b.key)]
                counter[0] += 1
                counter[1] += verdict.copied >= COPIED
    banners: dict[str, set[str]] = defaultdict(set)
    for (locale, key), (carried, copies) in carriers.items():
        if copies >= MIN_REPEATS and copies >= BANNER_COPIES * carried:
            banners[locale].add(key)
    return {locale: frozenset(keys) for locale, keys in banners.items()}


def carries_banner(lp: LocatedPage, banners: dict[str, frozenset[str]]) -> bool:
    keys = banners.get(lp.locale or "", frozenset())
    return bool(keys) and any(b.key in keys for b in decode_blocks(lp.page.prose))


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
