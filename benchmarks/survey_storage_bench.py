"""Where a 100,000-site survey's results should live: JSON reports per site, one JSON Lines
file of per-site summaries, or one Parquet table read by DuckDB. Prints the time to build the
per-language aggregate (sites offering, median depth) and the bytes on disk.

    pip install duckdb pyarrow   # for this benchmark only
    python benchmarks/survey_storage_bench.py --sites 100000

The full-report figure is measured on --reports real demo-sized reports (40 articles,
5 locales; a real help center's report is larger) and scaled to --sites.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LANGS = ("en", "de", "fr", "ja", "es", "pt", "it", "nl", "ko", "zh-Hans", "ru", "pl")


def _rows(sites: int) -> list[tuple[str, str, float]]:
    rng = random.Random(7)
    rows = []
    for i in range(sites):
        name = f"site{i:06d}"
        rows.append((name, "en", 1.0))
        for lang in rng.sample(LANGS[1:], rng.randint(0, 8)):
            rows.append((name, lang, round(rng.random(), 6)))
    return rows


def _aggregate(depths: dict[str, list[float]], sites: int) -> dict[str, tuple[float, float]]:
    return {lang: (len(v) / sites, statistics.median(v)) for lang, v in depths.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=100_000)
    parser.add_argument("--reports", type=int, default=500)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    import duckdb
    import pyarrow as pa
    import pyarrow.parquet as pq

    from locaudit.demo.run import run_demo
    from locaudit.formats.json_format import format as json_format
    from locaudit.formats.json_format import load_report
    from locaudit.survey.aggregate import site_depths

    rows = _rows(args.sites)
    print(f"{args.sites:,} sites, {len(rows):,} (site, language) rows")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        report_text = json_format(run_demo())
        for i in range(args.reports):
            (folder / f"r{i}.json").write_text(report_text)
        t = time.perf_counter()
        for i in range(args.reports):
            site_depths(load_report(str(folder / f"r{i}.json")))
        per_report = (time.perf_counter() - t) / args.reports
        full_s = per_report * args.sites
        full_bytes = len(report_text.encode()) * args.sites

        by_site: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for name, lang, depth in rows:
            by_site[name].append((lang, depth))
        jsonl = folder / "sites.jsonl"
        with jsonl.open("w") as fh:
            for name, langs in by_site.items():
                fh.write(json.dumps({"site": name, "depths": dict(langs)}) + "\n")
        t = time.perf_counter()
        depths: dict[str, list[float]] = defaultdict(list)
        with jsonl.open() as fh:
            for line in fh:
                for lang, depth in json.loads(line)["depths"].items():
                    depths[lang].append(depth)
        _aggregate(depths, args.sites)
        jsonl_s = time.perf_counter() - t

        parquet = folder / "depths.parquet"
        pq.write_table(pa.table({"site": [r[0] for r in rows], "language": [r[1] for r in rows],
                                 "depth": [r[2] for r in rows]}), parquet)
        t = time.perf_counter()
        duckdb.sql(f"select language, count(*) / {args.sites} as share, median(depth) "
                   f"from '{parquet}' group by language").fetchall()
        parquet_s = time.perf_counter() - t

        print(f"{'storage':<34} {'aggregate s':>11} {'MB':>9}")
        print(f"{'JSON report per site (scaled)':<34} {full_s:>11.1f} "
              f"{full_bytes / 1e6:>9,.0f}")
        print(f"{'one JSON Lines of site summaries':<34} {jsonl_s:>11.2f} "
              f"{jsonl.stat().st_size / 1e6:>9.1f}")
        print(f"{'one Parquet table, DuckDB':<34} {parquet_s:>11.2f} "
              f"{parquet.stat().st_size / 1e6:>9.1f}")
        print(f"(one demo report: {len(report_text) / 1e3:.0f} kB, read and validated in "
              f"{per_report * 1e3:.1f} ms)")


if __name__ == "__main__":
    main()
