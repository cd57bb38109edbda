"""How long the trend figures take on a large history (metrics/trends.py).

    python benchmarks/trends_bench.py                  # 365 daily runs, 5,000 articles, 6 locales
    python benchmarks/trends_bench.py --runs 52 --articles 20000

Builds the runs in memory (one a day, 1 % of the article x locale pairs becoming translated
each day and 0.2 % of the sources changing), then times `trends()`. It reads article by
article only the runs of the last 8 weeks; the older ones give their per-locale coverage and
score, so they are built without articles (a year of full reports would take gigabytes
here, and a history need not hand them over). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, timedelta

from locaudit.metrics.trends import WINDOW_DAYS, trends
from locaudit.models import (
    ArticleRow,
    CrawlStats,
    LocaleRow,
    Report,
    SiteInfo,
    Status,
    Summary,
    ToolInfo,
    Translation,
)

LOCALES = ("de", "fr", "es", "ja", "pt-BR", "it")


def history(runs: int, articles: int) -> list[Report]:
    rng = random.Random(1)
    covered = {(i, loc): rng.random() < 0.5 for i in range(articles) for loc in LOCALES}
    changed = dict.fromkeys(range(articles), "2025-12-01")
    start = date(2026, 1, 1)
    reports = []
    missing = Translation(Status.MISSING)
    done = Translation(Status.TRANSLATED, None, None, "2026-01-01", 90)
    for day in range(runs):
        today = (start + timedelta(days=day)).isoformat()
        for _ in range(articles * len(LOCALES) // 100):
            covered[(rng.randrange(articles), rng.choice(LOCALES))] = True
        for _ in range(articles // 500):
            changed[rng.randrange(articles)] = today
        rows = tuple(ArticleRow(
            str(i), "title", None, 100, 1.0, f"https://help.example/en/{i}",
            {loc: done if covered[(i, loc)] else missing for loc in LOCALES},
            changed[i]) for i in range(articles)) if runs - day <= WINDOW_DAYS + 1 else ()
        locales = tuple(LocaleRow(loc, 1 / len(LOCALES), 0, 0, 0, 0, 0.5,
                                  sum(covered[(i, loc)] for i in range(articles)) / articles,
                                  0.5) for loc in LOCALES)
        reports.append(Report(
            tool=ToolInfo(version="bench"), generated_at=f"{today}T06:00:00Z",
            site=SiteInfo("bench", ("https://help.example/en",), "en"), crawl=CrawlStats(),
            summary=Summary(articles, len(LOCALES), 0.5, 0.0), locales=locales,
            articles=rows))
    return reports


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=365)
    parser.add_argument("--articles", type=int, default=5000)
    args = parser.parse_args()
    built = time.perf_counter()
    reports = history(args.runs, args.articles)
    start = time.perf_counter()
    block = trends(reports)
    took = time.perf_counter() - start
    print(f"{args.runs} daily runs, {args.articles:,} articles, {len(LOCALES)} locales "
          f"(built in {start - built:.1f} s): trends() {took:.2f} s")
    de = block.locales[0]
    print(f"de: pace {de.pace * 100:+.2f} pt/week, {de.translated_words_per_week:,.0f} words "
          f"translated a week; source {block.source_words_per_week:,.0f} words a week")


if __name__ == "__main__":
    main()
