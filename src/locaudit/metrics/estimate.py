"""Estimates from a sample (`site.source: sample`; design §6): each locale's status shares,
coverages and the score for the whole sitemap inventory, with 95% intervals.

The sample is a stratified random sample of clusters (translation units as the sitemaps
list them; sources/inventory.py). Every number is a stratified ratio estimate

    R = sum_h N_h * mean_h(y) / sum_h N_h * mean_h(x)

over strata h of N_h clusters, n_h of them drawn: x is the weight of the cluster's source
article (w(a), 0 when the cluster has no source article) and y its weight where the status
counts (covered, fresh, one status). Its variance is the linearised one with the finite
population correction (1 - n_h/N_h): V = sum_h N_h^2 (1 - f_h) s_h^2(y - R x) / n_h / X^2.
The interval is Wilson's score interval at the effective sample size n_eff = R(1 - R) / V
(Korn & Graubard): the plain Wilson interval for a simple random sample of a large
population, narrower by the finite population correction, never outside 0..1. A stratum
drawn whole adds no variance; a whole inventory drawn is exact.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from locaudit.locales.status import Statuses
from locaudit.models import COVERED, LocaleRow, SampleInfo, Status
from locaudit.sources.inventory import Design

Z95 = 1.959963984540054  # the standard normal's 97.5% quantile
Interval = tuple[float, float]


def wilson(p: float, n: float, z: float = Z95) -> Interval:
    """Wilson's score interval of a proportion p observed on n draws."""
    if n <= 0:
        return (0.0, 1.0)
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z / denominator * math.sqrt(max(p * (1 - p), 0.0) / n + z * z / (4 * n * n))
    # Wilson's interval always holds p; said exactly, against floating-point rounding.
    return (max(0.0, min(p, centre - half)), min(1.0, max(p, centre + half)))


@dataclass(frozen=True)
class Draw:
    """One cluster of the sample: its stratum and its sums by name (x and y values)."""

    stratum: str
    values: Mapping[str, float]

    def __getitem__(self, name: str) -> float:
        return self.values.get(name, 0.0)


@dataclass(frozen=True)
class Estimate:
    value: float
    ci95: Interval


def ratio_estimate(draws: list[Draw], population: Mapping[str, int], y: str, x: str,
                   scale: float = 1.0) -> Estimate | None:
    """R = Y / X of the sums named `y` and `x` over the strata, and its 95% interval;
    `scale` is R's largest possible value (y <= scale * x). None when no draw has x."""
    by_stratum: dict[str, list[Draw]] = defaultdict(list)
    for d in draws:
        by_stratum[d.stratum].append(d)
    total_x = sum(population[h] * _mean([d[x] for d in ds]) for h, ds in by_stratum.items())
    if total_x <= 0:
        return None
    total_y = sum(population[h] * _mean([d[y] for d in ds]) for h, ds in by_stratum.items())
    r = min(max(total_y / total_x, 0.0), scale)  # y <= scale * x: only rounding exceeds it
    variance, census = 0.0, True
    for h, ds in by_stratum.items():
        n, size = len(ds), population[h]
        fpc = max(0.0, 1 - n / size)
        census = census and fpc == 0
        if n > 1 and fpc > 0:
            residuals = [d[y] - r * d[x] for d in ds]
            variance += size * size * fpc * _sample_variance(residuals) / n
    variance /= total_x * total_x
    if census or scale <= 0:
        return Estimate(r, (r, r))
    q = min(1.0, max(0.0, r / scale))
    if variance > 0 and 0 < q < 1:
        n_eff = q * (1 - q) / (variance / (scale * scale))
    else:  # every draw alike: Wilson on the draws, finite population corrected
        drawn_share = len(draws) / sum(population[h] for h in by_stratum)
        n_eff = len(draws) / (1 - drawn_share)
    low, high = wilson(q, n_eff)
    return Estimate(r, (low * scale, high * scale))


def population_total(draws: list[Draw], population: Mapping[str, int], x: str) -> float:
    """The estimated inventory total of `x`: sum_h N_h * mean_h(x)."""
    by_stratum: dict[str, list[float]] = defaultdict(list)
    for d in draws:
        by_stratum[d.stratum].append(d[x])
    return sum(population[h] * _mean(v) for h, v in by_stratum.items())


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


def _sample_variance(values: list[float]) -> float:
    mean = _mean(values)
    return sum((v - mean) ** 2 for v in values) / (len(values) - 1)


# --------------------------------------------------------------------------- the report's numbers


@dataclass(frozen=True)
class Estimates:
    locales: tuple[LocaleRow, ...]
    score: float
    score_ci95: Interval
    source_articles: int
    sample: SampleInfo


def estimate_numbers(statuses: Statuses, weights: Mapping[str, float],
                     demand: Mapping[str, float], rows: tuple[LocaleRow, ...],
                     design: Design) -> Estimates:
    """The locale rows and the score for the inventory, estimated from the sampled
    statuses; `rows` are the sample's own rows (their demand is kept). Coverage and status
    shares count articles; weighted and fresh coverage weigh them by w(a), like §6."""
    draws = _draws(statuses, weights, demand, design)
    population = design.population
    articles = population_total(draws, population, ARTICLES)
    estimated: list[LocaleRow] = []
    for row in rows:

        def get(y: str, x: str = ARTICLES, loc: str = row.locale) -> Estimate:
            found = ratio_estimate(draws, population, f"{y}:{loc}", x)
            return found or Estimate(0.0, (0.0, 0.0))

        coverage, weighted, fresh = get("covered"), get("weighted", WEIGHT), get("fresh", WEIGHT)
        counts = _counts([get(s.value).value for s in Status], articles)
        estimated.append(LocaleRow(
            locale=row.locale, demand=row.demand, translated=counts[0], stale=counts[1],
            untranslated=counts[2], missing=counts[3],
            coverage=coverage.value, weighted_coverage=weighted.value,
            fresh_coverage=fresh.value, coverage_ci95=coverage.ci95,
            weighted_coverage_ci95=weighted.ci95, fresh_coverage_ci95=fresh.ci95))
    # score = demand(source) + sum_L demand(L) * weighted_coverage(L): one ratio of the
    # demand-weighted covered weight to the weight, so its interval counts the locales'
    # shared draws once.
    source_demand = demand.get(statuses.source_locale, 0.0)
    targets_demand = sum(demand.get(t, 0.0) for t in statuses.targets)
    score = ratio_estimate(draws, population, SCORE, WEIGHT, scale=targets_demand) or \
        Estimate(0.0, (0.0, 0.0))
    low, high = score.ci95
    return Estimates(
        locales=tuple(estimated), score=min(1.0, source_demand + score.value),
        score_ci95=(source_demand + low, min(1.0, source_demand + high)),
        source_articles=round(articles),
        sample=SampleInfo(articles=len(design.drawn), inventory=sum(population.values()),
                          strata=len(population), seed=design.seed))


ARTICLES, WEIGHT, SCORE = "articles", "weight", "score"


def _counts(shares: list[float], total: float) -> list[int]:
    """Status counts for the inventory from their shares, by largest remainder so that
    they add up to the (rounded) number of source articles."""
    whole = round(total)
    exact = [s * whole for s in shares]
    counts = [math.floor(e) for e in exact]
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - counts[i]), i))
    for i in order[:max(0, whole - sum(counts))]:
        counts[i] += 1
    return counts


def _draws(statuses: Statuses, weights: Mapping[str, float], demand: Mapping[str, float],
           design: Design) -> list[Draw]:
    """One Draw per drawn cluster: sums over the source articles found in it (none when
    its source page was missing or unusable: it then has no article, as in a crawl)."""
    sums: dict[str, dict[str, float]] = {key: defaultdict(float) for key in design.drawn}
    for unit in statuses.articles:
        cluster = next((design.cluster_of[u] for lp in unit.pages.values()
                        for u in (lp.page.requested_url, lp.page.url)
                        if u in design.cluster_of), None)
        if cluster is None:
            continue  # not a page of a drawn cluster
        y = sums[cluster]
        w = weights.get(unit.key, 1.0)
        y[ARTICLES] += 1
        y[WEIGHT] += w
        for loc in statuses.targets:
            status = statuses.pairs[(unit.key, loc)].status
            covered = status in COVERED
            y[f"covered:{loc}"] += covered
            y[f"weighted:{loc}"] += w * covered
            y[f"fresh:{loc}"] += w * (status is Status.TRANSLATED)
            y[f"{status.value}:{loc}"] += 1
            y[SCORE] += demand.get(loc, 0.0) * w * covered
    return [Draw(stratum, dict(sums[key])) for key, stratum in design.drawn.items()]
