"""hreflang validation: the checks search engines apply, as findings a site owner can act on.

Search engines ignore an hreflang pair unless both pages name each other, the codes are valid
ISO 639-1 (+ ISO 3166-1 region) codes joined by a hyphen, and the target is a live, indexable,
canonical page. A broken cluster means a customer searching in German lands on the English
page even though a German one exists.

Alignment reads hreflang leniently (`en_US` still clusters pages); these checks are strict.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from locaudit.locales.align import Alignment, LocatedPage
from locaudit.models import Alternate, Finding, FindingType, Page, Severity
from locaudit.tags import language_of, same_language, try_normalize

X_DEFAULT = "x-default"
# Codes people write that are countries or typos, not languages.
_COMMON_MISTAKES = {"jp": "ja", "cn": "zh", "kr": "ko", "gr": "el", "dk": "da", "se": "sv",
                    "cz": "cs", "ua": "uk", "vn": "vi", "br": "pt-BR", "uk": "en-GB"}


def invalid_code_fix(raw: str) -> str | None:
    """None when `raw` is a valid hreflang value; otherwise the fix to suggest ("" if none)."""
    value = raw.strip()
    if value.lower() == X_DEFAULT:
        return None
    if "_" in value:
        return try_normalize(value) or ""
    normalized = try_normalize(value)
    if normalized is None:
        return _guess(value)
    # `en-UK` normalises to `en-GB` and `iw` to `he`: valid BCP 47 input, wrong hreflang.
    return None if normalized.lower() == value.lower() else normalized


def _guess(value: str) -> str:
    lower = value.lower()
    if lower in _COMMON_MISTAKES:
        return _COMMON_MISTAKES[lower]
    parts = lower.split("-")
    if len(parts) == 2:  # `us-en`: region and language swapped
        swapped = try_normalize(f"{parts[1]}-{parts[0]}")
        if swapped and language_of(swapped) == parts[1]:
            return swapped
    return ""


def hreflang_findings(alignment: Alignment, pages: Iterable[Page]) -> list[Finding]:
    """Every hreflang problem on the site's indexable pages, in a deterministic order."""
    fetched: dict[str, Page] = {}
    for page in pages:
        fetched.setdefault(page.requested_url, page)
        fetched.setdefault(page.url, page)
    located = {lp.page.url: lp for lp in alignment.located}
    unit_of = {lp.page.url: u.key for u in alignment.units for lp in u.pages.values()}
    found: list[Finding] = []
    for lp in located.values():  # a page reached by a redirect and directly is checked once
        alternates = _unique(lp.page.alternates)
        if alternates:
            found += _check_page(lp, unit_of.get(lp.page.url), alternates, fetched, located)
    found += _missing_x_default(alignment)
    return found


def _unique(alternates: Iterable[Alternate]) -> list[tuple[str, str]]:
    """(raw hreflang, URL) pairs, once each whatever the origin (HTML, header, sitemap)."""
    return sorted({(a.hreflang.strip(), a.url) for a in alternates})


def _check_page(lp: LocatedPage, key: str | None, alternates: list[tuple[str, str]],
                fetched: dict[str, Page], located: dict[str, LocatedPage]) -> list[Finding]:
    page = lp.page
    found: list[Finding] = []

    def finding(kind: FindingType, severity: Severity, message: str) -> None:
        found.append(Finding(kind, severity, message, lp.locale, page.url, key))

    valid: list[tuple[str, str, str]] = []  # (raw, normalised or x-default, url)
    for raw, url in alternates:
        fix = invalid_code_fix(raw)
        if fix is None:
            valid.append((raw, X_DEFAULT if raw.lower() == X_DEFAULT else
                          try_normalize(raw) or raw, url))
        else:
            hint = f'use hreflang="{fix}"' if fix else "use an ISO 639-1 language code"
            finding(FindingType.HREFLANG_INVALID_CODE, Severity.ERROR,
                    f'hreflang="{raw}" is not a valid language code, so search engines ignore '
                    f"it; {hint} (language-REGION, hyphenated)")
    urls_by_tag: dict[str, set[str]] = defaultdict(set)
    for _raw, tag, url in valid:
        urls_by_tag[tag].add(url)
    for tag, urls in sorted(urls_by_tag.items()):
        if len(urls) > 1:
            finding(FindingType.HREFLANG_DUPLICATE_LANGUAGE, Severity.WARNING,
                    f'hreflang="{tag}" names {len(urls)} URLs ({", ".join(sorted(urls))}); '
                    "keep one URL per language")
    languages = [(raw, tag, url) for raw, tag, url in valid if tag != X_DEFAULT]
    if languages and not any(url == page.url for _r, _t, url in languages):
        finding(FindingType.HREFLANG_MISSING_SELF_REFERENCE, Severity.WARNING,
                f"the hreflang set does not list this page itself; add "
                f'hreflang="{lp.locale}" href="{page.url}"')
    for raw, tag, url in valid:
        if url == page.url:
            continue
        target = fetched.get(url)
        if target is None or target.robots_rule:
            continue  # not crawled: nothing to say about it
        problem = _target_problem(url, target)
        if problem:
            finding(FindingType.HREFLANG_TARGET_NOT_OK, Severity.WARNING,
                    f'hreflang="{raw}" points to {url}, which {problem}')
            continue
        target_lp = located.get(target.url)
        if target_lp is None or tag == X_DEFAULT:
            continue
        if target_lp.locale and not same_language(tag, target_lp.locale):
            finding(FindingType.HREFLANG_CONFLICT, Severity.ERROR,
                    f'hreflang="{raw}" points to {url}, which is a {target_lp.locale} page; '
                    f"point it at the {tag} page or fix the code")
        elif not any(alt.url == page.url and alt.hreflang.lower() != X_DEFAULT
                     for alt in target.alternates):
            finding(FindingType.HREFLANG_MISSING_RETURN_LINK, Severity.WARNING,
                    f'hreflang="{raw}" points to {url}, which does not link back, so search '
                    f'engines ignore the pair; add hreflang="{lp.locale}" href="{page.url}" '
                    "to that page")
    return found


def _target_problem(url: str, target: Page) -> str | None:
    if target.url != url:
        return f"redirects to {target.url}; point hreflang at the final URL"
    if target.error:
        return f"could not be read ({target.error}); fix the page or drop the link"
    if target.status != 200:
        return f"returns HTTP {target.status}; fix the page or drop the link"
    if target.noindex:
        return "is noindex; search engines drop it, so index it or drop the link"
    if target.canonical and target.canonical != target.url:
        return (f"names another page as canonical ({target.canonical}); point hreflang at "
                "the canonical URL")
    return None


def _missing_x_default(alignment: Alignment) -> list[Finding]:
    """One note per translated article whose hreflang set has no x-default."""
    found = []
    for unit in alignment.units:
        members = list(unit.pages.values())
        if len(members) < 2 or not any(m.page.alternates for m in members):
            continue
        if any(a.hreflang.strip().lower() == X_DEFAULT for m in members
               for a in m.page.alternates):
            continue
        first = unit.pages.get(alignment.source_locale) or members[0]
        found.append(Finding(
            FindingType.HREFLANG_MISSING_X_DEFAULT, Severity.INFO,
            "no hreflang=\"x-default\": visitors whose language has no page get whichever "
            f"page the search engine picks; add x-default pointing at the {first.locale} page",
            first.locale, first.page.url, unit.key))
    return found
