"""The sitemap inventory of a sample (`site.source: sample`, design §6): translation units
read from sitemap `loc`s and their `xhtml:link` alternates, grouped into strata, and the
seeded stratified sample of them. No page is fetched here.

A *cluster* is the URLs one sitemap entry ties together (its `loc` and alternates, joined
when entries share a URL): one article in every locale the sitemap lists. The sample draws
whole clusters, so every sampled article is verified in every locale, and the estimate of a
locale rests on as many articles as the sample has.

The same functions run when the sample is drawn (sources/sample.py) and when it is
estimated (metrics/estimate.py), so the strata and their sizes are the same both times.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

# (loc, lastmod, [(hreflang, href)]) as discovery lists them and the store keeps them.
Entry = tuple[str, str | None, list[tuple[str, str]]]

MIN_PER_STRATUM = 2  # a stratum's variance needs two draws; smaller strata are pooled
OTHER = "(other)"  # the pooled stratum of sections too small for their own draws
ROOT = "(root)"  # pages with no folder of their own
# Path segments that name a platform's URL scheme, not a section of the content.
_PLATFORM_SEGMENTS = frozenset({"hc", "articles", "article", "s", "docs", "kb", "help",
                                "support", "solutions", "knowledge", "en"})


@dataclass(frozen=True)
class Cluster:
    key: str  # its smallest URL: stable whatever order the sitemaps list them in
    urls: tuple[str, ...]  # sorted
    stratum: str


@dataclass(frozen=True)
class Inventory:
    clusters: tuple[Cluster, ...]  # by key
    with_alternates: int  # sitemap entries that list at least one alternate

    def strata(self) -> dict[str, int]:
        """Clusters per stratum (before pooling)."""
        sizes: dict[str, int] = defaultdict(int)
        for cluster in self.clusters:
            sizes[cluster.stratum] += 1
        return dict(sorted(sizes.items()))


def build_inventory(entries: Iterable[Entry], in_scope: Callable[[str], bool] | None = None
                    ) -> Inventory:
    """Clusters of the sitemap entries (union-find over loc and alternate hrefs). Alternate
    URLs `in_scope` rejects are left out (discovery keeps only in-scope locs)."""
    parent: dict[str, str] = {}
    codes: dict[str, set[str]] = defaultdict(set)

    def find(url: str) -> str:
        root = parent.setdefault(url, url)
        while root != parent[root]:
            parent[root] = parent[parent[root]]
            root = parent[root]
        return root

    with_alternates = 0
    for loc, _lastmod, alternates in entries:
        find(loc)
        with_alternates += bool(alternates)
        for hreflang, href in alternates:
            if in_scope is not None and not in_scope(href):
                continue
            a, b = find(loc), find(href)
            if a != b:
                parent[max(a, b)] = min(a, b)
            codes[loc].add(hreflang.lower().replace("_", "-"))
    members: dict[str, list[str]] = defaultdict(list)
    for url in parent:
        members[find(url)].append(url)
    clusters = []
    for urls in members.values():
        urls.sort()
        tags = set().union(*(codes.get(u, set()) for u in urls))
        clusters.append(Cluster(urls[0], tuple(urls), stratum_of(urls[0], tags)))
    clusters.sort(key=lambda c: c.key)
    return Inventory(tuple(clusters), with_alternates)


def stratum_of(url: str, locale_tags: set[str]) -> str:
    """The section a URL sits in: its first folder that is neither a locale tag (of the
    cluster's hreflang values, or tag-shaped) nor a platform's URL segment."""
    folders = [s for s in urlsplit(url).path.split("/") if s][:-1]
    for folder in folders:
        lowered = folder.lower().replace("_", "-")
        if lowered in locale_tags or lowered in _PLATFORM_SEGMENTS or _TAG.fullmatch(lowered):
            continue
        return folder
    return ROOT


_TAG = re.compile(r"[a-z]{2}(-[a-z0-9]{2,4})?")


def allocate(sizes: dict[str, int], total: int) -> dict[str, int]:
    """Draws per stratum for a sample of `total` clusters: proportional to size (largest
    remainders), every stratum at least MIN_PER_STRATUM; strata whose share is under that
    are pooled into OTHER first. The keys are the (pooled) strata; see `pooled`."""
    sizes = pool(sizes, total)
    population = sum(sizes.values())
    if total >= population:
        return dict(sizes)  # a census
    exact = {name: total * size / population for name, size in sizes.items()}
    draws = {name: min(sizes[name], max(MIN_PER_STRATUM, int(share)))
             for name, share in exact.items()}
    # Hand out what is left by largest remainder, or take back what the minimums overdrew.
    order = sorted(sizes, key=lambda n: (-(exact[n] - int(exact[n])), n))
    while sum(draws.values()) < total:
        grew = False
        for name in order:
            if sum(draws.values()) >= total:
                break
            if draws[name] < sizes[name]:
                draws[name] += 1
                grew = True
        if not grew:
            break
    # Never under the minimum: a stratum of one draw has no variance of its own (one drawn
    # whole, a census of it, needs none). The sample may then exceed `total` by a few.
    floor = {name: min(sizes[name], MIN_PER_STRATUM) for name in sizes}
    while sum(draws.values()) > total:
        over = [n for n in draws if draws[n] > floor[n]]
        if not over:
            break
        name = max(over, key=lambda n: (draws[n] - exact[n], n))
        draws[name] -= 1
    return draws


def pool(sizes: dict[str, int], total: int) -> dict[str, int]:
    """Strata too small for MIN_PER_STRATUM proportional draws, pooled into OTHER."""
    population = sum(sizes.values())
    if population == 0 or total >= population:
        return dict(sizes)
    pooled: dict[str, int] = {}
    for name, size in sorted(sizes.items()):
        key = name if total * size / population >= MIN_PER_STRATUM else OTHER
        pooled[key] = pooled.get(key, 0) + size
    return pooled


def pooled_stratum(stratum: str, pooled: dict[str, int]) -> str:
    """The stratum a cluster is drawn in after pooling."""
    return stratum if stratum in pooled else OTHER


def draw(inventory: Inventory, total: int, seed: int) -> list[Cluster]:
    """The seeded stratified random sample of `total` clusters (all of them when the
    inventory is no larger): the same seed draws the same clusters."""
    sizes = pool(inventory.strata(), total)
    by_stratum: dict[str, list[Cluster]] = defaultdict(list)
    for cluster in inventory.clusters:
        by_stratum[pooled_stratum(cluster.stratum, sizes)].append(cluster)
    chosen: list[Cluster] = []
    for name, count in sorted(allocate(inventory.strata(), total).items()):
        # One generator per stratum, seeded by name: a stratum's draw does not depend on
        # the order of the others.
        rng = random.Random(f"{seed}:{name}")
        chosen += rng.sample(by_stratum[name], count)
    return sorted(chosen, key=lambda c: c.key)


@dataclass(frozen=True)
class Design:
    """What an estimate needs of a drawn sample: the population of each (pooled) stratum,
    the stratum of each cluster drawn, and which drawn cluster each fetched URL is of."""

    population: dict[str, int]  # stratum -> clusters in the inventory
    drawn: dict[str, str]  # cluster key -> stratum, for the clusters drawn
    cluster_of: dict[str, str]  # URL -> cluster key, for the URLs of drawn clusters
    seed: int


def sample_design(inventory: Inventory, size: int, fetched: Iterable[str], seed: int
                  ) -> Design:
    """The design of a stored sample: the clusters drawn are those a fetched URL is of
    (the same as `draw` chose with this seed)."""
    population = pool(inventory.strata(), size)
    by_url = {url: cluster for cluster in inventory.clusters for url in cluster.urls}
    drawn = {by_url[u].key: by_url[u] for u in fetched if u in by_url}
    return Design(
        population=population,
        drawn={key: pooled_stratum(c.stratum, population) for key, c in sorted(drawn.items())},
        cluster_of={url: c.key for c in drawn.values() for url in c.urls}, seed=seed)
