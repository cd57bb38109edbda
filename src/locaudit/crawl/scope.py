"""What a fetched URL may become: content of the site, or a page the audit must not read.

A response is read as content only when its final URL is in scope (a host of `site.hosts`,
then include/exclude) and the request was not sent to a login wall. Anything else is kept
as a record (status, redirects) but never parsed, so it can never become a locale.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import parse_qsl, urlsplit

from locaudit.crawl.urls import Scope, host_of, normalize_url
from locaudit.models import Fetched, Page

# Path segments (or their stem: login.php, Login.aspx) that name a sign-in step.
LOGIN_SEGMENTS = frozenset({
    "login", "log-in", "log_in", "logon", "signin", "sign-in", "sign_in", "sso", "saml",
    "saml2", "oauth", "oauth2", "openid", "oidc", "authorize", "authenticate", "auth",
    "unauthenticated", "cas", "adfs", "idp", "challenge",
})
# First host labels of identity providers' and sites' login hosts.
LOGIN_HOST_LABELS = frozenset({"login", "sso", "auth", "signin", "idp", "adfs", "cas",
                               "accounts", "account"})
# Query parameters only a sign-in flow carries.
LOGIN_QUERY_KEYS = frozenset({"samlrequest", "relaystate", "redirect_uri"})


def login_marks(url: str) -> frozenset[str]:
    """What in `url` says "sign in here": path words, a login host, SAML/OAuth parameters."""
    parts = urlsplit(url)
    marks = set()
    for segment in parts.path.lower().split("/"):
        stem = segment.split(".", 1)[0]
        if stem in LOGIN_SEGMENTS:
            marks.add(stem)
    labels = (parts.hostname or "").lower().split(".")
    if len(labels) >= 3 and labels[0] in LOGIN_HOST_LABELS:
        marks.add(f"host:{labels[0]}")
    marks.update(f"query:{k.lower()}" for k, _ in parse_qsl(parts.query)
                 if k.lower() in LOGIN_QUERY_KEYS)
    return frozenset(marks)


def login_wall(requested: str, redirects: tuple[str, ...], final: str) -> str | None:
    """The login URL a request ended on, when a redirect (HTTP, meta refresh or script)
    took it to a sign-in page. A link that is itself a sign-in link is not a wall: only
    marks the requested URL lacks count (a docs page /sso redirected to /en/sso is not)."""
    if not redirects:
        return None
    own = login_marks(requested)
    for hop in (*redirects[1:], final):
        if login_marks(hop) - own:
            return hop
    return None


def readable(scope: Scope, requested: str, redirects: tuple[str, ...], final: str) -> bool:
    """Whether the response may be read as the site's content."""
    return scope.contains(final) and login_wall(requested, redirects, final) is None


def unread_page(fetched: Fetched) -> Page:
    """The record of a response that is not read: where it went, nothing from its body."""
    content_type = (fetched.header("content-type") or "").split(";")[0].strip().lower()
    return Page(url=fetched.final_url, requested_url=fetched.url, status=fetched.status,
                redirects=fetched.redirects, content_type=content_type, error=fetched.error,
                vary=fetched.header("vary"))


def site_origins(start_urls: Iterable[str], scope: Scope) -> list[str]:
    """The start URLs, then the root of every other host in scope (`site.hosts`), with the
    first start URL's scheme: each is read like the start host (robots.txt, sitemaps)."""
    starts = list(start_urls)
    scheme = urlsplit(starts[0]).scheme if starts else "https"
    start_hosts = {host_of(normalize_url(u) or u) for u in starts}
    return starts + [f"{scheme}://{h}/" for h in sorted(scope.hosts - start_hosts)]


def page_readable(scope: Scope, page: Page) -> bool:
    return readable(scope, page.requested_url, page.redirects, page.url)
