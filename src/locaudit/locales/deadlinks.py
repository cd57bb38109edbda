"""Dead URLs (404, 410 and other 4xx but 408/429) as findings, not failures: a link to one
is a `broken_link` on the page carrying it; sitemap entries that are dead are one
`sitemap_dead_url` finding with a count, however many there are."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from locaudit.crawl.politeness import is_dead_url
from locaudit.locales.align import Alignment
from locaudit.models import Finding, FindingType, Page, Severity

SITEMAP_EXAMPLES = 5


def is_reported_dead(page: Page) -> bool:
    """A dead URL these findings cover (the others stay `broken_page`)."""
    return is_dead_url(page.status) and page.error is None and page.robots_rule is None \
        and (page.linked_from is not None or page.in_sitemap)


def dead_url_findings(alignment: Alignment, pages: Iterable[Page]) -> list[Finding]:
    located = {lp.page.url: lp for lp in alignment.located}
    unit_of = {lp.page.url: u.key for u in alignment.units for lp in u.pages.values()}
    found: list[Finding] = []
    listed: list[Page] = []
    for page in pages:
        if not is_reported_dead(page):
            continue
        if page.in_sitemap:
            listed.append(page)
        if page.linked_from is None:
            continue
        referrer = located.get(page.linked_from)
        text = page.link_text or "a link"
        text = text if text.startswith("<") or not page.link_text else f'"{text}"'
        found.append(Finding(
            FindingType.BROKEN_LINK, Severity.INFO,
            f"{text} on this page points to {page.requested_url}, which answers HTTP "
            f"{page.status}; fix or remove the link",
            referrer.locale if referrer else None, page.linked_from,
            unit_of.get(page.linked_from)))
    if listed:
        statuses = Counter(p.status for p in listed)
        by_status = ", ".join(f"{n:,} HTTP {s}" for s, n in sorted(statuses.items()))
        examples = ", ".join(p.requested_url for p in listed[:SITEMAP_EXAMPLES])
        found.append(Finding(
            FindingType.SITEMAP_DEAD_URL, Severity.WARNING,
            f"{len(listed):,} URLs listed in the sitemaps are dead ({by_status}), e.g. "
            f"{examples}; remove them from the sitemaps or redirect them",
            None, listed[0].requested_url, None))
    return found
