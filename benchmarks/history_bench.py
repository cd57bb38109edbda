"""The history's cost over a year: 365 daily runs of a 5,000-article, 6-locale site where 1 %
of the article x locale pairs and 1 % of the source articles change each day.

Reports are generated directly (no crawl) and stored through the history's API, as `audit`
does at the end of each run. Prints the store's size, the time to record a run, of
`locaudit history` (the table of every run), of loading the last run's report and diffing it
with the one before (what `check` without --baseline and `diff --from/--to` do), and of
the last 8 weeks of reports for trend figures. Targets: store <= 200 MB, history <= 1 s,
report <= 5 s.

    nice python benchmarks/history_bench.py [--days 365] [--articles 5000] [--store PATH]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from locaudit.crawl.store import Store
from locaudit.diff import diff_reports
from locaudit.history.api import history_reports
from locaudit.history.store import History
from locaudit.history.table import history_table
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
    ToolInfo,
    Translation,
)

LOCALES = ("de", "es", "fr", "ja", "pt-BR", "zh-CN")
BASE = "https://help.acme.example/hc"
STATUSES = (Status.TRANSLATED, Status.STALE, Status.MISSING, Status.UNTRANSLATED)


class Site:
    """The simulated site: each article's source and per-locale state, changed daily."""

    def __init__(self, articles: int, rng: random.Random) -> None:
        self.rng = rng
        self.sources: dict[str, tuple[str, int, str]] = {}  # key -> (title, words, date)
        self.pairs: dict[tuple[str, str], Translation] = {}
        for n in range(articles):
            self._add(n, "2025-06-01")

    def _add(self, n: int, day: str) -> None:
        key = f"{360000000 + n}"
        self.sources[key] = (f"How to do task number {n}", self.rng.randint(150, 2500), day)
        for loc in LOCALES:
            status = self.rng.choices(STATUSES, (60, 10, 28, 2))[0]
            self.pairs[(key, loc)] = self._translation(key, loc, status, day)

    def _translation(self, key: str, loc: str, status: Status, day: str) -> Translation:
        if status == Status.MISSING:
            return Translation(status)
        return Translation(status, f"{BASE}/{loc.lower()}/articles/{key}", 0.97, day,
                           self.rng.randint(150, 2500))

    def change(self, day: str, share: float) -> None:
        keys = sorted(self.sources)
        for key, loc in self.rng.sample(sorted(self.pairs), int(len(self.pairs) * share)):
            status = self.rng.choice(STATUSES)
            self.pairs[(key, loc)] = self._translation(key, loc, status, day)
        for key in self.rng.sample(keys, int(len(keys) * share)):
            title, _, _ = self.sources[key]
            self.sources[key] = (title, self.rng.randint(150, 2500), day)
        if self.rng.random() < 0.3:  # a new source article now and then
            self._add(len(keys), day)

    def report(self, day: str) -> Report:
        keys = sorted(self.sources)
        articles = tuple(ArticleRow(
            key=k, title=self.sources[k][0], section="Getting started", words=self.sources[k][1],
            weight=1.0, source_url=f"{BASE}/en-us/articles/{k}",
            translations={loc: self.pairs[(k, loc)] for loc in LOCALES},
            modified=self.sources[k][2]) for k in keys)
        rows, backlog, findings = [], [], []
        for loc in LOCALES:
            counts = {s: 0 for s in Status}
            for k in keys:
                status = self.pairs[(k, loc)].status
                counts[status] += 1
                if status in (Status.MISSING, Status.UNTRANSLATED):
                    backlog.append(BacklogItem(k, loc, 1 / len(keys) / 6,
                                               self.sources[k][1], self.sources[k][1] * 0.12))
            covered = (counts[Status.TRANSLATED] + counts[Status.STALE]) / len(keys)
            rows.append(LocaleRow(loc, 1 / 6, counts[Status.TRANSLATED], counts[Status.STALE],
                                  counts[Status.UNTRANSLATED], counts[Status.MISSING], covered,
                                  covered, counts[Status.TRANSLATED] / len(keys)))
            findings.append(Finding(FindingType.MISSING_TRANSLATION, Severity.WARNING,
                                    f"{counts[Status.MISSING]} articles have no {loc} page",
                                    loc))
        return Report(
            tool=ToolInfo(version="0.1.0"), generated_at=f"{day}T06:00:00Z",
            site=SiteInfo("Acme", (f"{BASE}/en-us",), "en-US"),
            crawl=CrawlStats(pages=len(keys) * 6, duration_s=900.0),
            summary=Summary(len(keys), len(LOCALES),
                            sum(r.weighted_coverage for r in rows) / 6, 0.0),
            locales=tuple(rows), articles=articles, backlog=tuple(backlog),
            findings=tuple(findings))


def timed(label: str, fn, repeat: int = 3):  # type: ignore[no-untyped-def]
    best, cpu, result = float("inf"), float("inf"), None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()
        best = min(best, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    print(f"{label:<48} {best:8.3f} s  (CPU {cpu:.3f} s)")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--change", type=float, default=0.01, help="daily share changed")
    parser.add_argument("--store", type=Path, default=None)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="locaudit-history-"))
    path = args.store or folder / "bench.sqlite"
    rng = random.Random(13)
    site = Site(args.articles, rng)
    store = Store(path)
    history = History(store)
    start, day0 = time.perf_counter(), date(2026, 1, 1)
    record_times, record_cpu = [], []
    for d in range(args.days):
        day = (day0 + timedelta(days=d)).isoformat()
        if d:
            site.change(day, args.change)
        report = site.report(day)
        t, cpu = time.perf_counter(), time.process_time()
        history.record(report, run_id=d + 1)
        record_times.append(time.perf_counter() - t)
        record_cpu.append(time.process_time() - cpu)
        if (d + 1) % 50 == 0:
            print(f"  {d + 1} runs stored, {path.stat().st_size / 1e6:.1f} MB", flush=True)
    store.close()
    record_times.sort()
    record_cpu.sort()
    print(f"{args.days} runs of {args.articles:,} articles x {len(LOCALES)} locales, "
          f"{args.change:.0%} daily change, stored in {time.perf_counter() - start:.0f} s "
          f"(record: median {record_times[len(record_times) // 2] * 1000:.0f} ms, "
          f"max {record_times[-1] * 1000:.0f} ms; CPU median "
          f"{record_cpu[len(record_cpu) // 2] * 1000:.0f} ms)")
    size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    print(f"{'store size':<48} {size / 1e6:8.1f} MB")

    store = Store(path, read_only=True)
    history = History(store)
    table = timed("history (every run, the table)",
                  lambda: history_table(history.entries(), "Acme"))
    last, previous = table.rows[-1].entry.id, table.rows[-2].entry.id
    newest = timed("report: the last run's report from the history",
                   lambda: history.report(last))
    timed("check: last and previous reports, and their diff",
          lambda: diff_reports(history.report(previous), history.report(last)))
    timed("trends: the last 8 weeks of reports", lambda: history_reports(store, last=56),
          repeat=1)
    store.close()
    print(f"(the last report: {len(newest.articles):,} articles; store: {path})")


if __name__ == "__main__":
    main()
