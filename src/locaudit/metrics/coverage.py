"""Coverage per locale, the market-weighted score, sections, and the ranked backlog.

Formulas (design §6), with A the source articles and w(a) their weights:
  coverage(L)          = |{a : status in (translated, stale)}| / |A|
  weighted_coverage(L) = sum of w(a) over those a / sum of w(a) over A
  fresh_coverage(L)    = the same, counting translated only
  score                = sum over L of demand(L) * weighted_coverage(L)
  gain(a, L)           = demand(L) * w(a) / sum of w   (for missing / untranslated pairs)

A locale's plan is the shortest head of its own backlog that closes PLAN_SHARE of its
weighted gap (1 - weighted_coverage): with real traffic a few articles close most of it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from locaudit.locales.status import Statuses
from locaudit.models import COVERED, BacklogItem, LocalePlan, LocaleRow, SectionRow, Status

TO_TRANSLATE = (Status.MISSING, Status.UNTRANSLATED)
PLAN_SHARE = 0.8


@dataclass(frozen=True)
class Costing:
    per_word: float = 0.0
    per_locale: Mapping[str, float] | None = None

    def rate(self, locale: str) -> float:
        return (self.per_locale or {}).get(locale, self.per_word)


@dataclass(frozen=True)
class Numbers:
    locales: tuple[LocaleRow, ...]
    score: float
    sections: tuple[SectionRow, ...]
    backlog: tuple[BacklogItem, ...]
    updates: tuple[BacklogItem, ...]
    plans: tuple[LocalePlan, ...] = ()


def compute_numbers(
    statuses: Statuses, weights: Mapping[str, float], demand: Mapping[str, float],
    words: Mapping[str, int], sections: Mapping[str, str | None], costing: Costing,
) -> Numbers:
    """All numbers of the report. `demand` covers target locales and may include the source."""
    keys = [u.key for u in statuses.articles]
    total_weight = sum(weights[k] for k in keys)
    rows = []
    score = demand.get(statuses.source_locale, 0.0)  # weighted_coverage(source) = 1
    for locale in statuses.targets:
        counts: dict[Status, int] = defaultdict(int)
        covered_w = fresh_w = 0.0
        for key in keys:
            status = statuses.pairs[(key, locale)].status
            counts[status] += 1
            if status in COVERED:
                covered_w += weights[key]
            if status is Status.TRANSLATED:
                fresh_w += weights[key]
        n = len(keys)
        weighted = covered_w / total_weight if total_weight else 0.0
        row = LocaleRow(
            locale=locale, demand=demand.get(locale, 0.0),
            translated=counts[Status.TRANSLATED], stale=counts[Status.STALE],
            untranslated=counts[Status.UNTRANSLATED], missing=counts[Status.MISSING],
            coverage=(counts[Status.TRANSLATED] + counts[Status.STALE]) / n if n else 0.0,
            weighted_coverage=weighted,
            fresh_coverage=fresh_w / total_weight if total_weight else 0.0,
        )
        rows.append(row)
        score += row.demand * weighted
    backlog = _ranked(statuses, weights, demand, words, costing, total_weight, TO_TRANSLATE)
    cumulative = score
    with_cumulative = []
    for item in backlog:
        cumulative += item.gain
        with_cumulative.append(BacklogItem(item.article, item.locale, item.gain, item.words,
                                           item.cost, cumulative))
    updates = _ranked(statuses, weights, demand, words, costing, total_weight, (Status.STALE,))
    by_locale: dict[str, list[BacklogItem]] = defaultdict(list)
    for item in backlog:  # in gain order, which within one locale is weight order
        by_locale[item.locale].append(item)
    plans = tuple(p for row in rows if (p := _plan(row, by_locale.get(row.locale, []),
                                                   weights, total_weight)) is not None)
    return Numbers(tuple(rows), score, _sections(statuses, sections), tuple(with_cumulative),
                   tuple(updates), plans)


def _plan(row: LocaleRow, items: list[BacklogItem], weights: Mapping[str, float],
          total_weight: float) -> LocalePlan | None:
    """The head of `row.locale`'s backlog `items` (heaviest first) that closes PLAN_SHARE of
    its weighted gap."""
    gap = 1.0 - row.weighted_coverage
    if not items or total_weight <= 0 or gap <= 1e-12:
        return None
    closed = 0.0
    chosen: list[BacklogItem] = []
    for item in items:
        chosen.append(item)
        closed += weights[item.article] / total_weight
        if closed >= PLAN_SHARE * gap - 1e-12:
            break
    return LocalePlan(
        locale=row.locale, articles=len(chosen), words=sum(b.words for b in chosen),
        cost=round(sum(b.cost for b in chosen), 2),
        weighted_coverage_before=row.weighted_coverage,
        weighted_coverage_after=row.weighted_coverage + closed,
        score_gain=sum(b.gain for b in chosen))


def _ranked(statuses: Statuses, weights: Mapping[str, float], demand: Mapping[str, float],
            words: Mapping[str, int], costing: Costing, total_weight: float,
            wanted: tuple[Status, ...]) -> list[BacklogItem]:
    items = []
    order = {u.key: i for i, u in enumerate(statuses.articles)}
    for (key, locale), tr in statuses.pairs.items():
        if tr.status in wanted:
            gain = demand.get(locale, 0.0) * weights[key] / total_weight if total_weight \
                else 0.0
            items.append(BacklogItem(key, locale, gain, words[key],
                                     round(words[key] * costing.rate(locale), 2)))
    items.sort(key=lambda i: (-i.gain, order[i.article], i.locale))
    return items


def _sections(statuses: Statuses, sections: Mapping[str, str | None]) -> tuple[SectionRow, ...]:
    members: dict[str, list[str]] = defaultdict(list)
    for unit in statuses.articles:
        members[sections.get(unit.key) or "(none)"].append(unit.key)
    rows = []
    for section in sorted(members):
        keys = members[section]
        for locale in statuses.targets:
            covered = sum(1 for k in keys if statuses.pairs[(k, locale)].status in COVERED)
            rows.append(SectionRow(section, locale, covered / len(keys)))
    return tuple(rows)
