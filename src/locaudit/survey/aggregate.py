"""The survey's aggregate: languages per site, depth per language, tag groups, the client's
rank, and the languages customers read that few sites offer. Pure: reports in, numbers out.

A site offers a language when its report has a locale of it (its source counts, at depth
1). A language is its BCP 47 language subtag (pt-BR and pt-PT are pt), except Chinese,
which stays split by script (zh-Hans, zh-Hant): a reader of one cannot read the other.
Depth is the share of the site's source articles translated (coverage) in that language,
the best of its locales when it has several.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, is_dataclass
from typing import Any

import langcodes

from locaudit.models import Report


@dataclass(frozen=True)
class Distribution:
    mean: float
    median: float
    q1: float
    q3: float
    min: float
    max: float
    histogram: tuple[tuple[int, int], ...]  # (languages, sites offering that many)


@dataclass(frozen=True)
class LanguageRow:
    language: str
    sites: int  # sites offering it
    share: float  # of the finished sites
    median_depth: float  # among the sites offering it
    demand: float | None = None  # survey.markets' share of customers reading it


@dataclass(frozen=True)
class SiteSummary:
    """What the aggregate needs of one site's report (a few hundred bytes, not the report:
    re-reading 100,000 full reports takes minutes, see docs/survey.md)."""

    name: str
    depths: dict[str, float]  # language -> depth
    score: float
    pages: int


@dataclass(frozen=True)
class SiteRow:
    name: str
    languages: tuple[str, ...]
    score: float
    pages: int
    tags: tuple[tuple[str, str], ...] = ()
    is_self: bool = False


@dataclass(frozen=True)
class GroupRow:
    tag: str
    value: str
    sites: int
    languages_per_site: float  # median
    languages: tuple[LanguageRow, ...]


@dataclass(frozen=True)
class Rank:
    language: str
    depth: float  # the client's; 0 when it does not offer the language
    rank: int  # 1 = deepest; ties share a rank
    of: int


@dataclass(frozen=True)
class FailedSite:
    name: str
    exit_code: int
    reason: str


@dataclass(frozen=True)
class SurveyAggregate:
    sites: int
    finished: int
    languages_per_site: Distribution | None
    languages: tuple[LanguageRow, ...]
    groups: tuple[GroupRow, ...]
    site_rows: tuple[SiteRow, ...]
    failed: tuple[FailedSite, ...] = ()
    self_site: str | None = None
    ranks: tuple[Rank, ...] = ()
    rare_below: float = 0.25
    rare: tuple[LanguageRow, ...] = ()  # in demand, offered by fewer than rare_below


def language_of(tag: str) -> str:
    lang = langcodes.Language.get(tag)
    base = lang.language or tag.split("-")[0].lower()
    if base == "zh":
        return f"zh-{lang.maximize().script}"
    return base


def site_depths(report: Report) -> dict[str, float]:
    """language -> depth: the source at 1, each target locale at its coverage."""
    depths = {language_of(report.site.source_locale): 1.0}
    for row in report.locales:
        lang = language_of(row.locale)
        depths[lang] = max(depths.get(lang, 0.0), row.coverage)
    return depths


def summarize(name: str, report: Report) -> SiteSummary:
    # Rounded as the JSON report rounds: read from a summary or a report, the same numbers.
    return SiteSummary(name, {k: round(v, 6) for k, v in site_depths(report).items()},
                       round(report.summary.score, 6), report.crawl.pages)


def aggregate(summaries: Iterable[SiteSummary], *, total: int,
              tags: Mapping[str, tuple[tuple[str, str], ...]] | None = None,
              self_site: str | None = None, failed: Sequence[FailedSite] = (),
              demand: Mapping[str, float] | None = None,
              rare_below: float = 0.25) -> SurveyAggregate:
    tags = tags or {}
    demand = {language_of(k): v for k, v in (demand or {}).items()}
    by_name = {s.name: s for s in sorted(summaries, key=lambda s: s.name)}
    depths = {name: s.depths for name, s in by_name.items()}
    site_rows = tuple(
        SiteRow(name, tuple(sorted(s.depths)), s.score, s.pages, tags.get(name, ()),
                name == self_site)
        for name, s in by_name.items())
    languages = _languages(depths, demand)
    groups = []
    for tag, value in sorted({t for name in depths for t in tags.get(name, ())}):
        members = {n: d for n, d in depths.items() if (tag, value) in tags.get(n, ())}
        groups.append(GroupRow(tag, value, len(members),
                               statistics.median(len(d) for d in members.values()),
                               _languages(members, demand)))
    ranks: tuple[Rank, ...] = ()
    if self_site in depths:
        ranks = tuple(_rank(self_site, row.language, depths) for row in languages)
    rare = tuple(row for row in languages
                 if row.demand and row.share < rare_below)
    return SurveyAggregate(
        sites=total, finished=len(depths),
        languages_per_site=_distribution([len(d) for d in depths.values()]),
        languages=languages, groups=tuple(groups), site_rows=site_rows,
        failed=tuple(sorted(failed, key=lambda f: f.name)),
        self_site=self_site if self_site in depths else None, ranks=ranks,
        rare_below=rare_below, rare=tuple(sorted(rare, key=lambda r: (-(r.demand or 0),
                                                                      r.language))))


def _languages(depths: Mapping[str, Mapping[str, float]], demand: Mapping[str, float]
               ) -> tuple[LanguageRow, ...]:
    offered: dict[str, list[float]] = {}
    for site in depths.values():
        for lang, depth in site.items():
            offered.setdefault(lang, []).append(depth)
    rows = [LanguageRow(lang, len(values), len(values) / len(depths) if depths else 0.0,
                        statistics.median(values), demand.get(lang))
            for lang, values in offered.items()]
    rows += [LanguageRow(lang, 0, 0.0, 0.0, share) for lang, share in demand.items()
             if lang not in offered]
    return tuple(sorted(rows, key=lambda r: (-r.sites, -(r.demand or 0), r.language)))


def _rank(self_site: str, language: str, depths: Mapping[str, Mapping[str, float]]) -> Rank:
    mine = depths[self_site].get(language, 0.0)
    deeper = sum(1 for d in depths.values() if d.get(language, 0.0) > mine)
    return Rank(language, mine, deeper + 1, len(depths))


def _distribution(values: Iterable[int]) -> Distribution | None:
    data = sorted(values)
    if not data:
        return None
    if len(data) > 1:
        q1, _, q3 = statistics.quantiles(data, n=4, method="inclusive")
    else:
        q1 = q3 = float(data[0])
    return Distribution(mean=statistics.fmean(data), median=float(statistics.median(data)),
                        q1=q1, q3=q3, min=data[0], max=data[-1],
                        histogram=tuple(sorted(Counter(data).items())))


def to_dict(value: Any) -> Any:
    """The aggregate as JSON-ready data (dataclasses -> objects, tuples -> lists)."""
    if is_dataclass(value) and not isinstance(value, type):
        return to_dict(asdict(value))
    if isinstance(value, dict):
        return {k: to_dict(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_dict(v) for v in value]
    if isinstance(value, float):
        return round(value, 6)
    return value
