"""Write the demo's synthetic history: 12 weekly runs before today's demo audit, as JSON
reports in src/locaudit/demo/data/history/ (`python scripts/demo_history.py [FOLDER]`).

The runs are derived from the demo's own audit, walking back a week at a time:
- the source grows: articles 34-39 were added one every two weeks (39 last week, 34 eleven
  weeks ago), so before then they are absent;
- each locale translated its covered articles in key order at a steady rate (per week: de
  0.75, fr 0.5, es 0.5, ja 0.25, pt-BR none), so k weeks back the last floor(rate * k) of
  them are missing;
- the stale translations (de 3 and 17, fr 12) went stale 4 weeks ago, when their sources
  changed: before then the source carries the translation's date and they are translated.
Weights, demand, words and page dates are today's; coverage and the score are recomputed
with design §6's formulas. The output is byte-identical on every run of this script.
"""

from __future__ import annotations

import json
import math
import re
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from locaudit.demo.run import run_demo
from locaudit.formats.json_format import to_dict
from locaudit.models import (
    COVERED,
    ArticleRow,
    CrawlStats,
    LocaleRow,
    Report,
    Status,
    Summary,
    Translation,
)

OUT = Path(__file__).resolve().parent.parent / "src" / "locaudit" / "demo" / "data" / "history"
RUNS = 12
LAST_RUN = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)  # the demo re-dates them from its run
RATES = {"de": 0.75, "fr": 0.5, "es": 0.5, "ja": 0.25, "pt-BR": 0.0}
STALE_SINCE = 4  # weeks back: the sources of today's stale translations changed then
NOTE = "a synthetic run of locaudit's demo history (scripts/demo_history.py)"


def added_weeks_ago(index: int) -> int | None:
    """How many weeks back source article `index` was added; None: before the history."""
    return 2 * (39 - index) + 1 if index >= 34 else None


def past_run(today: Report, weeks: int) -> Report:
    articles = []
    for index, article in enumerate(today.articles):
        added = added_weeks_ago(index)
        if added is not None and weeks > added:
            continue
        articles.append(article)
    dropped = {}
    for locale, rate in RATES.items():
        covered = [a.key for a in articles if a.translations[locale].status in COVERED]
        dropped[locale] = set(covered[len(covered) - math.floor(rate * weeks):]) \
            if rate * weeks >= 1 else set()
    rows = [_past_article(a, dropped, weeks) for a in articles]
    return _with_numbers(today, tuple(rows), LAST_RUN - timedelta(weeks=weeks - 1))


def _past_article(article: ArticleRow, dropped: dict[str, set[str]], weeks: int) -> ArticleRow:
    translations = {}
    modified = article.modified
    for locale, translation in article.translations.items():
        if article.key in dropped.get(locale, set()):
            translation = Translation(Status.MISSING)
        elif translation.status is Status.STALE and weeks > STALE_SINCE:
            translation = replace(translation, status=Status.TRANSLATED)
            modified = translation.modified
        translations[locale] = translation
    return replace(article, translations=translations, modified=modified)


def _with_numbers(today: Report, articles: tuple[ArticleRow, ...], when: datetime) -> Report:
    """The run's locale rows and score from its articles (design §6)."""
    total = sum(a.weight for a in articles)
    rows = []
    for row in today.locales:
        statuses = [a.translations[row.locale].status for a in articles]
        covered = sum(a.weight for a, s in zip(articles, statuses, strict=True) if s in COVERED)
        fresh = sum(a.weight for a, s in zip(articles, statuses, strict=True)
                    if s is Status.TRANSLATED)
        rows.append(LocaleRow(
            row.locale, row.demand, statuses.count(Status.TRANSLATED),
            statuses.count(Status.STALE), statuses.count(Status.UNTRANSLATED),
            statuses.count(Status.MISSING), sum(s in COVERED for s in statuses) / len(articles),
            covered / total, fresh / total))
    source_demand = 1 - sum(r.demand for r in rows) - today.summary.unserved_demand
    score = source_demand + sum(r.demand * r.weighted_coverage for r in rows)
    pages = len(articles) + sum(t.status is not Status.MISSING
                                for a in articles for t in a.translations.values())
    return Report(
        tool=today.tool, generated_at=when.strftime("%Y-%m-%dT%H:%M:%SZ"), site=today.site,
        crawl=CrawlStats(pages=pages),
        summary=Summary(len(articles), len(rows), score, today.summary.unserved_demand),
        locales=tuple(rows), unserved=today.unserved, articles=articles,
        notes=(NOTE,), currency=today.currency)


def main(out: Path = OUT) -> None:
    today = run_demo()
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.json"):
        old.unlink()
    for weeks in range(RUNS, 0, -1):
        report = past_run(today, weeks)
        text = json.dumps(to_dict(report), ensure_ascii=False, separators=(",", ":"))
        # The demo server's port changes on every run; the bundled config says 8000.
        text = re.sub(r"http://127\.0\.0\.1:\d+/", "http://127.0.0.1:8000/", text)
        (out / f"{report.generated_at[:10]}.json").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
