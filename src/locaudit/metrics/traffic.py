"""Page views per article, from the analytics exports users actually download.

Recognised: GA4 (leading `#` comment lines; "Page path and screen class", "Page path + query
string" or "Page location"; "Views" or "Sessions"), Universal Analytics ("Page",
"Pageviews"), Matomo ("Label" or "Page URL"; "Pageviews"/"nb_hits"), Plausible ("name";
"pageviews" or "visitors"), and plain `url,views`. Rows match pages by normalised URL or
path; a row for a URL that redirects counts for its target. Unmatched rows are counted and
reported, never silently dropped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from locaudit.crawl.urls import normalize_url, path_of
from locaudit.errors import ConfigError
from locaudit.metrics.exports import find_column, read_export
from locaudit.models import Page, TrafficSummary

URL_COLUMNS = ("page path and screen class", "page path + query string", "page location",
               "page path", "page", "page url", "url", "path", "label", "name",
               "landing page", "pagepath")
VIEW_COLUMNS = ("views", "screen page views", "pageviews", "page views", "nb_hits",
                "nb hits", "hits", "sessions", "visitors", "nb_visits", "unique pageviews")
EXAMPLES = 5


@dataclass(frozen=True)
class TrafficRow:
    target: str  # a full URL or a path (+query), as exported
    views: float


def read_traffic(path: Path) -> list[TrafficRow]:
    export = read_export(path)
    rows = export.rows
    header = [h.strip().lower() for h in rows[0]]
    url_col, view_col = find_column(header, URL_COLUMNS), find_column(header, VIEW_COLUMNS)
    if url_col is None or view_col is None:
        raise ConfigError(
            f"traffic file: found columns {rows[0]}; wanted a page column (one of Page path "
            "and screen class, Page location, Page, Label, name, url) and a views column "
            "(one of Views, Pageviews, Sessions, nb_hits, pageviews, visitors)", file=str(path))
    out = []
    for row in rows[1:]:
        if len(row) <= max(url_col, view_col) or not row[url_col].strip():
            continue
        out.append(TrafficRow(row[url_col].strip(), export.count(row[view_col])))
    return out


def _key(target: str, hosts: set[str]) -> str | None:
    """Match key: path+query of a normalised URL (on the site's hosts) or of a bare path."""
    if target.startswith(("http://", "https://")):
        url = normalize_url(target)
        if url is None or (hosts and urlsplit(url).netloc not in hosts):
            return None
        return path_of(url)
    if not target.startswith("/"):
        return None
    url = normalize_url("http://x" + target)
    return path_of(url) if url else None


def page_views(rows: Iterable[TrafficRow], pages: Iterable[Page], hosts: set[str]
               ) -> tuple[dict[str, float], TrafficSummary]:
    """Views per final page URL, and what matched."""
    final_by_key: dict[str, str] = {}
    for page in pages:
        if page.status and not page.error:
            final_by_key.setdefault(path_of(page.url), page.url)
            # A row for a URL that redirected counts for where it redirected to.
            final_by_key.setdefault(path_of(page.requested_url), page.url)
    views: dict[str, float] = defaultdict(float)
    unmatched: dict[str, float] = defaultdict(float)
    count = matched = 0
    for row in rows:
        count += 1
        key = _key(row.target, hosts)
        final = final_by_key.get(key) if key is not None else None
        if final is None:
            unmatched[row.target] += row.views
        else:
            matched += 1
            views[final] += row.views
    top = sorted(unmatched.items(), key=lambda kv: (-kv[1], kv[0]))[:EXAMPLES]
    summary = TrafficSummary(
        rows=count, matched=matched, unmatched=count - matched,
        unmatched_views=sum(unmatched.values()), matched_views=sum(views.values()),
        unmatched_examples=tuple(t for t, _ in top),
    )
    return dict(views), summary


def article_weights(views: Mapping[str, float], units: Mapping[str, Iterable[str]]
                    ) -> tuple[dict[str, float], bool]:
    """w(a) = views of all pages of a, every locale. (weights, fell back to 1 for all)."""
    weights = {key: sum(views.get(url, 0.0) for url in urls) for key, urls in units.items()}
    if weights and not any(weights.values()):
        return {key: 1.0 for key in weights}, True
    return weights, False
