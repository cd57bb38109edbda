"""Survey throughput: N small generated help centers on loopback, surveyed with 1 and with 2
local workers. Prints sites per minute, pages per second and the peak memory of a worker.

    python benchmarks/survey_bench.py --sites 200

Each site is a 6-article help center in 1-4 locales (about 15-40 pages), served by its own
threaded server in this process (its CPU counts against the survey's coordinator, not the
workers). Each worker count runs in a fresh child process, so the peak RSS of a worker
(RUSAGE_CHILDREN) is that run's alone.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = ("de", "fr", "ja", "es", "pt")


def _sites(count: int):  # type: ignore[no-untyped-def]
    from locaudit.demo.helpcenter import HelpCenter, State

    for i in range(count):
        targets = [TARGETS[(i + k) % len(TARGETS)] for k in range(i % 4)]
        states = {(a, loc): State.TRANSLATED for k, loc in enumerate(targets)
                  for a in range((i + k) % 6 + 1)}
        yield f"site{i:03d}", HelpCenter(name=f"site{i:03d}", articles=6, sections=1,
                                         locales={"en-us": "en", **{t: t for t in targets}},
                                         states=states)


def run_one(sites_yaml: str, workers: int) -> None:
    """In a child process: survey once and print its figures as JSON."""
    from locaudit.survey import load_survey, local_pool, survey_sites

    with tempfile.TemporaryDirectory() as out:
        t = time.monotonic()
        agg = survey_sites(load_survey(sites_yaml, Path(out)), Path(out), local_pool(workers))
        wall = time.monotonic() - t
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    pages = sum(row.pages for row in agg.site_rows)
    print(json.dumps({"workers": workers, "finished": agg.finished, "failed": len(agg.failed),
                      "wall": wall, "pages": pages, "peak_worker_mb": peak}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=200)
    parser.add_argument("--one", nargs=2, metavar=("SITES_YAML", "WORKERS"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    if args.one:
        run_one(args.one[0], int(args.one[1]))
        return
    from locaudit.demo.helpcenter import build
    from locaudit.demo.server import SiteServer

    with ExitStack() as stack, tempfile.TemporaryDirectory() as tmp:
        lines = ["survey:", "  per_site: {rate_limit: 0, retries: 0, respect_robots: false}",
                 "sites:"]
        for name, hc in _sites(args.sites):
            server = stack.enter_context(SiteServer(lambda base, hc=hc: build(hc, base)))
            lines.append(f"  - {{name: {name}, url: '{server.base_url}/hc/en-us'}}")
        sites_yaml = Path(tmp) / "sites.yaml"
        sites_yaml.write_text("\n".join(lines) + "\n")
        load = os.getloadavg()
        print(f"{args.sites} sites on loopback; load average before: {load[0]:.2f} "
              f"({os.cpu_count()} cores)")
        print(f"{'workers':>7} {'sites/min':>9} {'pages/s':>8} {'wall s':>7} "
              f"{'peak worker MB':>14} {'failed':>6}")
        for workers in (1, 2):
            child = subprocess.run(
                [sys.executable, __file__, "--one", str(sites_yaml), str(workers)],
                capture_output=True, text=True, check=True)
            r = json.loads(child.stdout.strip().splitlines()[-1])
            print(f"{workers:>7} {r['finished'] / r['wall'] * 60:>9.0f} "
                  f"{r['pages'] / r['wall']:>8.0f} {r['wall']:>7.1f} "
                  f"{r['peak_worker_mb']:>14.0f} {r['failed']:>6}")


if __name__ == "__main__":
    main()
