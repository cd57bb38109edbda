"""What a help platform's API adds to the stored pages (the Zendesk source): drafts, kept out
of coverage and counted per locale, and the live pages that disagree with the API."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from locaudit.locales.align import locate
from locaudit.locales.urls import LocaleRule
from locaudit.models import Finding, FindingType, Page, Severity


@dataclass(frozen=True)
class Drafts:
    """Unpublished pages, left out of the analysis: customers cannot read them."""

    by_locale: dict[str, int] = field(default_factory=dict)

    def note(self) -> str | None:
        if not self.by_locale:
            return None
        total = sum(self.by_locale.values())
        counts = ", ".join(f"{count} {locale}" for locale, count in self.by_locale.items())
        return (f"{total} draft{'s' if total != 1 else ''} kept out of coverage (not "
                f"published, so customers cannot read them): {counts}")


def split_drafts(pages: Iterable[Page], rule: LocaleRule) -> tuple[list[Page], Drafts]:
    """The published pages, and the drafts counted per locale (the locale the analysis
    gives their URL)."""
    published: list[Page] = []
    counts: Counter[str] = Counter()
    for page in pages:
        if page.draft:
            counts[locate(page, rule, None).locale or "unknown"] += 1
        else:
            published.append(page)
    return published, Drafts(dict(sorted(counts.items())))


def mismatch_findings(pages: Iterable[Page], rule: LocaleRule) -> list[Finding]:
    """A `source_mismatch` warning per verified page whose live page disagrees with the
    API: what customers meet is not what the platform reports."""
    found = []
    for page in pages:
        if page.source_mismatch is None:
            continue
        locale = locate(page, rule, None).locale
        found.append(Finding(
            FindingType.SOURCE_MISMATCH, Severity.WARNING,
            f"the help center's API has this {locale + ' ' if locale else ''}translation, but "
            f"the live "
            f"page {page.source_mismatch}: customers meet the live page; check its "
            "publishing, redirects and theme", locale, page.url, page.article_id))
    return found


def verified_note(pages: Iterable[Page]) -> str | None:
    """How many live pages were fetched to check the API, and how many disagree."""
    checked = [p for p in pages if p.verified]
    if not checked:
        return None
    differ = sum(1 for p in checked if p.source_mismatch is not None)
    return (f"{len(checked)} page{'s' if len(checked) != 1 else ''} also fetched over HTTP "
            f"to check the API (zendesk.verify): {differ} disagree (source_mismatch)")
