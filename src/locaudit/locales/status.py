"""Status of every (source article, target locale) pair, and the findings that explain it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from locaudit.extract.language import counts_as
from locaudit.locales.align import Alignment, LocatedPage, Unit
from locaudit.locales.deadlinks import dead_url_findings, is_reported_dead
from locaudit.locales.drift import drift_evidence
from locaudit.locales.hreflang import hreflang_findings
from locaudit.locales.prose import (
    Chrome,
    ProseOptions,
    ProseVerdict,
    bleed_through,
    carries_banner,
    find_chrome,
    learn_banners,
    prose_verdict,
)
from locaudit.locales.urls import LocaleRule
from locaudit.models import Finding, FindingType, Page, Severity, Status, Translation
from locaudit.tags import language_of, same_language, try_normalize


@dataclass(frozen=True)
class StatusOptions:
    stale_after_days: float = 0
    min_confidence: float = 0.90
    min_text_chars: int = 200
    bleed_through: float = 0.2  # source-language share from which a page is partial

    @property
    def prose(self) -> ProseOptions:
        return ProseOptions(self.min_text_chars, self.min_confidence, self.bleed_through)


@dataclass(frozen=True)
class Statuses:
    source_locale: str
    targets: tuple[str, ...]
    articles: tuple[Unit, ...]  # source articles, in key order
    pairs: dict[tuple[str, str], Translation]  # (article key, locale) -> status
    findings: tuple[Finding, ...]
    notes: tuple[str, ...] = ()  # boilerplate evidence: repeated foreign-language blocks


def page_date(page: Page) -> datetime | None:
    """When the content last changed, in design §4 order: the page's own date (meta, JSON-LD,
    <time>), the sitemap's lastmod, then the Last-Modified header."""
    for raw in (page.modified, page.sitemap_lastmod, page.last_modified):
        parsed = parse_date(raw)
        if parsed is not None:
            return parsed
    return None


def day(page: Page) -> str | None:
    """The page's date (page_date) as YYYY-MM-DD, as the report and its history keep it."""
    date = page_date(page)
    return date.date().isoformat() if date is not None else None


def parse_date(raw: str | None) -> datetime | None:
    if not raw:
        return None
    text = raw.strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


# Words in a translation per English source word (typical figures for help content). CJK
# word counts are not comparable, so those languages are judged on structure alone.
EXPANSION = {"de": 0.95, "fr": 1.15, "es": 1.15, "it": 1.1, "pt": 1.1, "nl": 1.05, "pl": 0.9,
             "ru": 0.9, "sv": 0.95, "tr": 0.8, "fi": 0.75}
_NO_WORD_RATIO = {"ja", "zh", "ko", "th"}
MIN_BLOCKS = 4  # below this, a source is too small to judge structure
MIN_SHARE = 0.5  # a translation with less than half the source's blocks or words is partial


def structure_drift(source: Page, translation: Page, locale: str) -> str | None:
    """Why the translation seems to hold only part of the source, or None.

    Headings, list items and code blocks survive translation one for one, so losing half of
    them means content is missing; failing that, far fewer words than the language's usual
    expansion factor predicts.
    """
    src_blocks = source.headings + source.list_items + source.code_blocks
    tr_blocks = translation.headings + translation.list_items + translation.code_blocks
    if src_blocks >= MIN_BLOCKS and tr_blocks < MIN_SHARE * src_blocks:
        return (f"{tr_blocks} of the source's {src_blocks} headings, list items and code "
                "blocks")
    language = language_of(locale)
    if language in _NO_WORD_RATIO or source.words < 100:
        return None
    expected = source.words * EXPANSION.get(language, 1.0)
    if translation.words < MIN_SHARE * expected:
        return f"{translation.words} words where about {expected:.0f} are expected"
    return None


def content_verdict(lp: LocatedPage, options: StatusOptions, verdict: ProseVerdict
                    ) -> tuple[str, str] | None:
    """(reason, detail) when the page under this locale is not really in its language."""
    page, locale = lp.page, lp.locale
    assert locale is not None
    if page.fallback_banner:
        return "fallback", page.fallback_banner
    detected = verdict.language
    if detected and verdict.share >= options.min_confidence and \
            not counts_as(detected, locale):
        return "language", f"{detected} ({verdict.share:.2f})"
    # Mostly the source page's text, verbatim, and little of the locale's language: the
    # same bound as bleed-through, seen from the other side.
    if verdict.copied >= 1 - options.bleed_through and \
            verdict.own_share < options.bleed_through:
        return "copy", f"{verdict.copied:.0%}"
    return None


def compute_statuses(
    alignment: Alignment, targets: Iterable[str], pages: Iterable[Page], rule: LocaleRule,
    options: StatusOptions,
) -> Statuses:
    source = alignment.source_locale
    targets = tuple(t for t in targets if t != source)
    articles = tuple(u for u in alignment.units if u.is_article and source in u.pages)
    unit_of_url = {lp.page.url: u for u in alignment.units for lp in u.pages.values()}
    findings: list[Finding] = []
    pairs: dict[tuple[str, str], Translation] = {}
    missing_count = {t: 0 for t in targets}
    chrome = find_chrome(alignment.located) if targets else Chrome()
    verdicts = {(unit.key, locale): (lp, prose_verdict(lp, source, chrome, options.prose,
                                                        unit.pages[source].page))
                for unit in articles for locale in targets
                if (lp := unit.pages.get(locale)) is not None}
    banners = learn_banners(verdicts.values(), chrome, source)
    for unit in articles:
        src = unit.pages[source]
        for locale in targets:
            lp = unit.pages.get(locale)
            if lp is None:
                pairs[(unit.key, locale)] = Translation(Status.MISSING)
                missing_count[locale] += 1
                continue
            prose = verdicts[(unit.key, locale)][1]
            banner = carries_banner(lp, banners) and not prose.target_share
            pairs[(unit.key, locale)], found = _judge(unit.key, locale, lp, src, source, prose,
                                                      banner, options)
            findings += found
    for locale, count in missing_count.items():
        if count:
            findings.append(Finding(
                FindingType.MISSING_TRANSLATION, Severity.WARNING,
                f"{count} of {len(articles)} source articles have no {locale} page; "
                "the backlog ranks them by what translating each would add",
                locale, None, None))
    findings += _orphans(alignment, source)
    findings += _conflicts(alignment)
    findings += _redirect_findings(pages, rule, unit_of_url, alignment, targets)
    findings += _page_findings(alignment, pages)
    findings += dead_url_findings(alignment, pages)
    findings += hreflang_findings(alignment, pages)
    return Statuses(source, targets, articles, pairs,
                    tuple(sorted(findings, key=Finding.sort_key)), chrome.notes)


def _judge(key: str, locale: str, lp: LocatedPage, src: LocatedPage, source: str,
           prose: ProseVerdict, banner: bool, options: StatusOptions
           ) -> tuple[Translation, list[Finding]]:
    """The status of the page a locale serves for a source article, and its findings:
    untranslated (another language, a copy, a fallback notice), else stale or translated,
    with partial-translation and machine-translation findings on the latter."""
    url, share = lp.page.url, prose.target_share
    verdict = content_verdict(lp, options, prose) or (("banner", "") if banner else None)
    if verdict is not None:
        return (Translation(Status.UNTRANSLATED, url, share, day(lp.page), lp.page.words),
                [_untranslated_finding(key, locale, url, source, verdict)])
    findings: list[Finding] = []
    stale = _stale_reason(lp.page, src.page, source, options)
    if stale is not None:
        translation = Translation(Status.STALE, url, share, day(lp.page), lp.page.words)
        findings.append(Finding(
            FindingType.STALE_TRANSLATION, Severity.WARNING,
            f"{locale} translation is {stale}; update it from the current source",
            locale, url, key))
    else:
        translation = Translation(Status.TRANSLATED, url, share, day(lp.page), lp.page.words)
    drift = bleed_through(prose, locale, source, options.prose) or \
        structure_drift(src.page, lp.page, locale)
    if drift:
        findings.append(Finding(
            FindingType.PARTIAL_TRANSLATION, Severity.WARNING,
            f"{locale} page looks partly translated: {drift}; compare it with the "
            "source and translate the missing parts", locale, url, key))
    elif (lacking := drift_evidence(src.page, lp.page)) is not None:
        findings.append(Finding(
            FindingType.STRUCTURE_DRIFT, Severity.INFO,
            f"{locale} page lacks parts of its {source} source: {lacking}; it may be "
            "translated from an older version, update it from the current source",
            locale, url, key))
    if lp.page.machine_translated:
        findings.append(Finding(
            FindingType.MACHINE_TRANSLATED, Severity.INFO,
            f"machine-translated ({lp.page.machine_translated}); counted as "
            "translated, have a translator review it", locale, url, key))
    return translation, findings


def _stale_reason(page: Page, source_page: Page, source: str, options: StatusOptions
                  ) -> str | None:
    """Why a translation is stale: older than its source by more than stale_after_days,
    or marked outdated by its platform (the Zendesk source); None when it is not."""
    reasons = [page.outdated] if page.outdated else []
    src_date, tr_date = page_date(source_page), page_date(page)
    if src_date and tr_date and src_date - tr_date > timedelta(days=options.stale_after_days):
        reasons.append(f"{(src_date - tr_date).days} days older than the {source} source "
                       f"(updated {src_date.date()})")
    return ", and ".join(reasons) if reasons else None


def _untranslated_finding(key: str, locale: str, url: str, source: str,
                          verdict: tuple[str, str]) -> Finding:
    reason, detail = verdict
    if reason == "banner":
        message = (f"served as {locale}, but shows the notice that this site's {locale} "
                   f"copies of {source} pages carry (its {source} source page's text, "
                   f"untranslated): translate it or stop serving it as {locale}")
    elif reason == "copy":
        message = (f"served as {locale}, but {detail} of its text is the {source} source "
                   f"page's, verbatim: translate the page, or remove the {locale} URL so "
                   "customers are not misled")
    elif reason == "fallback":
        message = (f"served as {locale}, but shows a fallback notice (\"{detail}\"): the "
                   f"page is the {source} text; translate it or stop serving it as {locale}")
    else:
        message = (f"served as {locale}, text is {detail}: translate the page, or remove the "
                   f"{locale} URL so customers are not misled")
    return Finding(FindingType.UNTRANSLATED_CONTENT, Severity.ERROR, message, locale, url, key)


def _orphans(alignment: Alignment, source: str) -> list[Finding]:
    found = []
    for unit in alignment.units:
        if unit.is_article and source not in unit.pages:
            for locale, lp in unit.pages.items():
                found.append(Finding(
                    FindingType.ORPHAN_TRANSLATION, Severity.WARNING,
                    f"{locale} page has no {source} source article; link it to its source "
                    "(hreflang) or retire it", locale, lp.page.url, unit.key))
    return found


def _conflicts(alignment: Alignment) -> list[Finding]:
    units = {u.key: u for u in alignment.units}
    found = []
    for key, dropped in alignment.duplicates:
        locale = dropped.locale
        assert locale is not None
        kept = units[key].pages[locale].page.url
        found.append(Finding(
            FindingType.ALIGNMENT_CONFLICT, Severity.WARNING,
            f"a second {locale} page of this article ({kept} is the one counted); keep one "
            f"{locale} URL per article, or fix the hreflang/canonical that ties them",
            locale, dropped.page.url, key))
    return found


def _redirect_findings(pages: Iterable[Page], rule: LocaleRule, unit_of_url: dict[str, Unit],
                       alignment: Alignment, targets: tuple[str, ...]) -> list[Finding]:
    located = {lp.page.url: lp for lp in alignment.located}
    found = []
    for page in pages:
        if page.requested_url == page.url or page.url not in located:
            continue
        wanted, _ = rule.split(page.requested_url)
        got = located[page.url].locale
        if wanted and got and wanted != got:
            unit = unit_of_url.get(page.url)
            found.append(Finding(
                FindingType.LOCALE_REDIRECT, Severity.INFO,
                f"{wanted} URL redirects to the {got} page {page.url}; counted as missing",
                wanted, page.requested_url, unit.key if unit else None))
    return found


def _page_findings(alignment: Alignment, pages: Iterable[Page]) -> list[Finding]:
    found = []
    for page in pages:
        if page.robots_rule:
            found.append(Finding(FindingType.BLOCKED_BY_ROBOTS, Severity.INFO,
                                 f"not crawled: {page.robots_rule}", None, page.url))
        elif page.error:
            found.append(Finding(FindingType.CRAWL_ERROR, Severity.WARNING,
                                 f"could not be read: {page.error}", None, page.url))
        elif page.status >= 400 and not is_reported_dead(page):
            found.append(Finding(FindingType.BROKEN_PAGE, Severity.ERROR,
                                 f"HTTP {page.status}; fix or remove the links to it",
                                 None, page.url))
    for lp in alignment.located:
        html_lang = lp.page.html_lang
        if html_lang is None:
            found.append(Finding(FindingType.HTML_LANG_MISSING, Severity.WARNING,
                                 f'<html> has no lang attribute; add lang="{lp.locale}"',
                                 lp.locale, lp.page.url))
        elif lp.url_locale and not same_language(try_normalize(html_lang) or html_lang,
                                                 lp.url_locale):
            found.append(Finding(FindingType.HTML_LANG_MISMATCH, Severity.WARNING,
                                 f'<html lang="{html_lang}"> but the URL serves '
                                 f'{lp.url_locale}; set lang="{lp.url_locale}"',
                                 lp.locale, lp.page.url))
    return found
