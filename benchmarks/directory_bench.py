"""Build-folder benchmark (`source: directory`): pages/s, wall time, peak memory.

    python benchmarks/directory_bench.py                 # 10,000 pages, 5 locales
    python benchmarks/directory_bench.py --pages 50000

Writes the help site of crawl_bench.py (its generator: 30-60 KB pages, mean ~44 KB, ~140
links a page, hreflang, links without `.html` as a static host serves them) into a folder,
then runs what `locaudit audit FOLDER` runs: read the folder into the store
(sources/directory.read_folder, extraction in the crawl's process pool) and analyse it.
Prints wall time and pages/s of each step, peak RSS of every locaudit process, and the load
average and the CPU other processes took meanwhile (the figure depends on them on a shared
machine). Prints figures; asserts nothing. Target (issue 14): 10,000 pages in <= 60 s on 2
cores.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10_000)
    args = parser.parse_args()
    sys.path[:0] = [str(HERE.parent / "src"), str(HERE)]
    import crawl_bench  # the same generated site and worker instrumentation as the crawl's

    from locaudit import audit
    from locaudit.config import parse_config
    from locaudit.sources import crawl as crawl_source
    from locaudit.sources import directory

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "public"
        t = time.monotonic()
        written = crawl_bench.generate(root, args.pages)
        sizes = [f.stat().st_size / 1024 for f in root.glob("hc/*/articles/*.html")]
        print(f"folder: {written} article pages, 5 locales, {min(sizes):.0f}-{max(sizes):.0f} "
              f"KB (mean {sum(sizes) / len(sizes):.0f} KB) a page, generated in "
              f"{time.monotonic() - t:.0f} s")
        config = parse_config(
            f"site:\n  source: directory\n  directory: {root}\n  article_pattern: "
            "'/articles/'\ncrawl:\n  store: store/\n", base_dir=Path(tmp))
        reports = Path(tmp) / "workers"
        reports.mkdir()
        crawl_source.extraction_pool = crawl_bench._instrumented_pool(  # type: ignore[assignment]
            crawl_source.extraction_pool, str(reports))
        load = os.getloadavg()
        busy0 = crawl_bench._machine_busy()
        cpu0 = resource.getrusage(resource.RUSAGE_SELF)
        t = time.monotonic()
        store = audit.open_store(config)
        try:
            stats = directory.read_folder(config, store)
            read_wall = time.monotonic() - t
            busy = crawl_bench._machine_busy() - busy0
            cpu1 = resource.getrusage(resource.RUSAGE_SELF)
            report = audit.analyze(config, store, stats)
        finally:
            store.close()
        wall = time.monotonic() - t
        cpu2 = resource.getrusage(resource.RUSAGE_SELF)
        after = os.getloadavg()
        pages = stats.pages
        print(f"locaudit audit FOLDER: {pages} pages in {wall:.1f} s = {pages / wall:.0f} "
              f"pages/s end to end (reading {read_wall:.1f} s = {pages / read_wall:.0f} "
              f"pages/s, then analysis {wall - read_wall:.1f} s)")
        coverage = ", ".join(f"{row.locale} {row.coverage:.0%}" for row in report.locales)
        print(f"report: {report.summary.source_articles} source articles, coverage "
              f"{coverage}, {stats.errors} errors")
        workers = [json.loads(f.read_text()) for f in sorted(reports.glob("*.json"))]
        main_cpu = crawl_bench._cpu(cpu1) - crawl_bench._cpu(cpu0)
        worker_cpu = sum(w["cpu"] for w in workers)
        cores = os.cpu_count() or 1
        others = busy - main_cpu - worker_cpu
        print(f"CPU while reading: main process {main_cpu:.1f} s, {len(workers)} extraction "
              f"workers {worker_cpu:.1f} s; other processes {others:.1f} s "
              f"({others / read_wall / cores:.0%} of {cores} cores)")
        analysis_cpu = crawl_bench._cpu(cpu2) - crawl_bench._cpu(cpu1)
        print(f"CPU a page: reading {(main_cpu + worker_cpu) * 1000 / pages:.2f} ms (main "
              f"{main_cpu * 1000 / pages:.2f}, pool {worker_cpu * 1000 / pages:.2f}), analysis "
              f"{analysis_cpu * 1000 / pages:.2f} ms")
        # What the same CPU would take with every core ours (the pool spreads the work).
        alone = max(main_cpu, (main_cpu + worker_cpu) / cores) + analysis_cpu
        print(f"with the {cores} cores to itself, this CPU would take ~{alone:.0f} s "
              f"({pages / alone:.0f} pages/s): an estimate, not a measurement")
        print(f"load average: before {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, after "
              f"{after[0]:.2f} {after[1]:.2f} {after[2]:.2f}")
        main_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        worker_rss = [w["maxrss_mb"] for w in workers]
        each = " + ".join(f"{mb:.0f}" for mb in worker_rss) or "-"
        print(f"peak RSS: main process {main_rss:.0f} MB, extraction workers {each} MB; all "
              f"locaudit processes <= {main_rss + sum(worker_rss):.0f} MB")


if __name__ == "__main__":
    main()
