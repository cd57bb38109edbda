"""What the crawl could not read as the site's content, and what the user can do about it:
login walls, locales on hosts outside the scope, URLs whose language a cookie decides."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from locaudit.crawl.scope import login_wall, page_readable
from locaudit.crawl.urls import Scope, host_of
from locaudit.locales.align import Alignment, locate
from locaudit.locales.urls import LocaleRule
from locaudit.models import Finding, FindingType, Page, Severity
from locaudit.tags import try_normalize

_NEGOTIATING = re.compile(r"\b(cookie|accept-language)\b", re.IGNORECASE)
EXAMPLES = 3


def readable_pages(pages: Iterable[Page], scope: Scope) -> list[Page]:
    """The pages, with those that are not the site's content (final URL off scope, a login
    wall) made unreadable: a store crawled under a wider scope never adds locales."""
    return [p if not p.is_html or page_readable(scope, p) else replace(p, is_html=False)
            for p in pages]


def login_findings(pages: Iterable[Page], rule: LocaleRule, alignment: Alignment,
                   article_key: re.Pattern[str] | None) -> list[Finding]:
    """A `login_required` warning per URL that redirects to a sign-in page."""
    unit_of = {lp.key: u.key for u in alignment.units for lp in u.pages.values()}
    found = []
    for page in pages:
        wall = login_wall(page.requested_url, page.redirects, page.url)
        if wall is None:
            continue
        locale, _ = rule.split(page.requested_url)
        natural = locate(replace(page, url=page.requested_url), rule, article_key).key
        where = f"the {locale} URL" if locale else "this URL"
        found.append(Finding(
            FindingType.LOGIN_REQUIRED, Severity.WARNING,
            f"{where} redirects to a sign-in page ({wall}); counted as missing, because a "
            "customer without an account cannot read it. Publish it for everyone, or give "
            "locaudit access (site.headers) if it is private on purpose",
            locale, page.requested_url, unit_of.get(natural)))
    return found


def offscope_hosts_note(pages: Iterable[Page], scope: Scope, rule: LocaleRule,
                        configured: tuple[str, ...]) -> str | None:
    """A note naming the locales that hreflang (or a localized URL's redirect) places on
    hosts outside the scope, with the config line that brings them in."""
    locales: dict[str, set[str]] = defaultdict(set)
    for page in pages:
        if not scope.contains(page.requested_url):
            continue
        for alt in page.alternates:
            tag = try_normalize(alt.hreflang)
            host = host_of(alt.url)
            if tag and host not in scope.hosts:
                locales[host].add(tag)
        target = host_of(page.url)
        if page.redirects and target not in scope.hosts and \
                login_wall(page.requested_url, page.redirects, page.url) is None:
            wanted, _ = rule.split(page.requested_url)
            if wanted:
                locales[target].add(wanted)
    if not locales:
        return None
    found = "; ".join(f"{host}: {', '.join(sorted(tags))}"
                      for host, tags in sorted(locales.items()))
    hosts = ", ".join(dict.fromkeys([*configured, *sorted(locales)]))
    return (f"hreflang or redirects place locales on hosts outside the crawl, which were not "
            f"audited ({found}); to audit them like the start host, add to the config: "
            f"site.hosts: [{hosts}]")


def negotiation_finding(alignment: Alignment) -> Finding | None:
    """One `locale_negotiated` warning for all locale-less URLs whose answer varies by
    Cookie or Accept-Language: their language depends on the visitor, not the URL."""
    urls = sorted(lp.page.url for lp in alignment.located
                  if lp.url_locale is None and _NEGOTIATING.search(lp.page.vary or ""))
    if not urls:
        return None
    examples = ", ".join(urls[:EXAMPLES]) + (", ..." if len(urls) > EXAMPLES else "")
    return Finding(
        FindingType.LOCALE_NEGOTIATED, Severity.WARNING,
        f"{len(urls)} URLs with no locale in them answer by cookie or Accept-Language "
        f"(Vary), e.g. {examples}: locaudit reads them as a first-time visitor without "
        "cookies sees them; give each language its own URL (with hreflang) so search "
        "engines and shared links reach it", None, urls[0])
