"""Time writing and reading the JSON report of a large site (issue: declare the report once).

A synthetic report the size a 100,000-page help center gives: 20,000 source articles in 5
target locales (100,000 article x locale statuses), a backlog of every missing pair, 20,000
findings. Prints seconds to write (`json_format.format`) and to read back and validate
(`json_format.load_report`), the median of --runs runs, and the file size.

    python benchmarks/report_json_bench.py [--articles 20000] [--runs 3]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import tempfile
import time

from locaudit import models
from locaudit.formats import json_format
from locaudit.models import (
    ArticleRow,
    BacklogItem,
    CrawlStats,
    Finding,
    FindingType,
    LocaleRow,
    Report,
    Severity,
    SiteInfo,
    Status,
    Summary,
    Translation,
)

LOCALES = ("de", "fr", "ja", "es", "pt-BR")
STATUSES = (Status.TRANSLATED, Status.STALE, Status.UNTRANSLATED, Status.MISSING)


def build(articles: int) -> Report:
    base = "https://help.example.com/hc"
    rows = tuple(
        ArticleRow(str(360000000 + i), f"How to do thing number {i}", f"Section {i % 40}",
                   100 + i % 900, float(i % 500), f"{base}/en-us/articles/{360000000 + i}",
                   {loc: Translation(STATUSES[(i + j) % 4], f"{base}/{loc}/articles/{i}")
                    for j, loc in enumerate(LOCALES)})
        for i in range(articles))
    backlog = tuple(BacklogItem(r.key, loc, 1e-6 * (i % 997), r.words, r.words * 0.12,
                                min(1.0, i / (articles * 5)))
                    for i, (r, loc) in enumerate((r, loc) for r in rows for loc in LOCALES
                                                 if r.translations[loc].status in
                                                 (Status.MISSING, Status.UNTRANSLATED)))
    findings = tuple(Finding(FindingType.MISSING_TRANSLATION, Severity.WARNING,
                             f"no {LOCALES[i % 5]} page for article {i}", LOCALES[i % 5],
                             f"{base}/en-us/articles/{i}", str(i)) for i in range(articles))
    locales = tuple(LocaleRow(loc, 0.2, articles // 4, articles // 4, articles // 4,
                              articles // 4, 0.5, 0.5, 0.25) for loc in LOCALES)
    fields = {f.name for f in dataclasses.fields(Report)}
    tool = ({"tool": models.ToolInfo(version="bench")} if "tool" in fields  # type: ignore[attr-defined]
            else {"tool_version": "bench"})
    return Report(**tool, generated_at="2026-11-30T00:00:00Z",
                  site=SiteInfo("bench", (f"{base}/en-us",), "en-US"),
                  crawl=CrawlStats(pages=articles * 6),
                  summary=Summary(articles, len(LOCALES), 0.5, 0.0), locales=locales,
                  articles=rows, backlog=backlog, findings=findings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    report = build(args.articles)
    writes, reads = [], []
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "report.json")
        for _ in range(args.runs):
            start = time.perf_counter()
            text = json_format.format(report)
            writes.append(time.perf_counter() - start)
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text)
            start = time.perf_counter()
            loaded = json_format.load_report(path)
            reads.append(time.perf_counter() - start)
        assert len(loaded.articles) == args.articles
    print(f"{args.articles:,} articles x {len(LOCALES)} locales, {len(report.backlog):,} backlog "
          f"items, {len(report.findings):,} findings: {len(text) / 1e6:.1f} MB of JSON")
    print(f"write  {statistics.median(writes):.2f} s   read+validate "
          f"{statistics.median(reads):.2f} s   (median of {args.runs})")


if __name__ == "__main__":
    main()
