"""Sample benchmark (issue 14): requests and accuracy of `source: sample` on a 50,000-URL
help center.

    python benchmarks/sample_bench.py                  # 8,334 articles x 6 locales, 40 seeds
    python benchmarks/sample_bench.py --seeds 5 --articles 2000   # quicker
    python benchmarks/sample_bench.py --check-truth 1000          # also crawl a smaller copy
    python benchmarks/sample_bench.py --replay 1000               # and 1,000 seeds without HTTP

The site (tests/sites/sampled.py) is served on 127.0.0.1, pages made on request: Zendesk-
style URLs with the section in the path, a sitemap index of urlsets whose entries list
every translation as xhtml:link alternates, real text in each language, and English
fallback pages (with their "currently unavailable" banner) at a rate that differs by
section, 12% over all. For each seed, it runs what `locaudit audit URL --sample N` runs
(audit.run_audit, source: sample, its own store, rate limit off) and counts the requests
the server answered.

The truth is each locale's coverage as the generator made it (SampledSite.coverage), not a
50,000-page crawl: `--check-truth K` crawls a K-article copy of the same site with
`source: crawl` and shows that the crawl reports exactly the generator's coverage there.
A full crawl of the big site requests every URL it serves (from the generator: its pages,
robots.txt, the sitemap index and urlsets).

Prints a Markdown table; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests.sites

from locaudit.audit import run_audit
from locaudit.config import parse_config
from locaudit.demo.server import SiteServer
from locaudit.metrics.estimate import Draw, ratio_estimate
from locaudit.sources.inventory import build_inventory, draw, pool, pooled_stratum
from tests.sites.sampled import FALLBACK, FIRST_ID, MISSING, PER_SITEMAP, TRANSLATED, SampledSite

# Fallback share by section: uneven (2% to 26%), 12% over the site.
SECTIONS = (("getting-started", 0.02), ("account", 0.04), ("billing", 0.06),
            ("integrations", 0.08), ("api", 0.10), ("security", 0.12), ("mobile", 0.14),
            ("reports", 0.18), ("admin", 0.20), ("troubleshooting", 0.26))


def audit(base_url: str, folder: Path, source: str, sample: int, seed: int):
    sampling = f"  sample: {sample}\n  sample_seed: {seed}\n" if source == "sample" else ""
    config = parse_config(
        f"site:\n  start_urls: ['{base_url}/hc/en']\n  source: {source}\n{sampling}"
        "crawl:\n  rate_limit: 0\n  max_pages: 1000000\n  store: store/\n",
        filename="bench.yaml", base_dir=folder)
    return run_audit(config)


def run_seeds(spec: SampledSite, sample: int, seeds: int) -> None:
    truth = spec.coverage
    inside: list[bool] = []
    half_widths: list[float] = []  # (high - low) / 2: the ± the formats show
    lower_sides: list[float] = []  # estimate - low: Wilson reaches further down near 100%
    requests: list[int] = []
    seconds: list[float] = []
    worst: list[tuple[float, int, str]] = []
    misjudged = judged = 0  # sampled (article, locale) statuses unlike the generator's
    with SiteServer(spec.build) as server, tempfile.TemporaryDirectory() as tmp:
        for seed in range(seeds):
            # The server's logs count every request: emptied per run, so that counting
            # (a scan of the log) does not slow later runs.
            for log in (server.request_log, server.arrivals, server.status_log):
                log.clear()
            started = time.monotonic()
            report = audit(server.base_url, Path(tmp) / str(seed), "sample", sample, seed)
            seconds.append(time.monotonic() - started)
            requests.append(len(server.request_log))
            for article in report.articles:
                index = int(article.source_url.rsplit("/", 1)[1]) - FIRST_ID
                for loc, translation in article.translations.items():
                    judged += 1
                    misjudged += translation.status.value != EXPECTED[spec.state(index, loc)]
            for row in report.locales:
                assert row.coverage_ci95 is not None
                low, high = row.coverage_ci95
                inside.append(low <= truth[row.locale] <= high)
                half_widths.append((high - low) / 2)
                lower_sides.append(row.coverage - low)
                worst.append((abs(row.coverage - truth[row.locale]), seed, row.locale))
            print(f"seed {seed}: {requests[-1]} requests, {seconds[-1]:.1f} s, "
                  f"{sum(inside[-len(report.locales):])}/{len(report.locales)} inside",
                  file=sys.stderr)
    urls = spec.urls()
    full = urls + 2 + -(-spec.articles // PER_SITEMAP)  # + robots.txt, index, urlsets
    pairs = len(inside)
    print(f"\nSite: {spec.articles:,} articles x {len(spec.locales)} locales = {urls:,} URLs; "
          f"fallback share by section {', '.join(f'{r:.0%}' for _, r in spec.sections)}")
    print("Truth (generator): " + ", ".join(f"{k} {v:.2%}" for k, v in truth.items()))
    print(f"\n| measure | sample (N = {sample}) | full crawl | target |")
    print("|---|---:|---:|---:|")
    print(f"| requests per run (median, max) | {statistics.median(requests):,.0f}, "
          f"{max(requests):,} | {full:,} (from the generator) | ≤ 2,000 |")
    print(f"| time per run here, rate limit off (median) | {statistics.median(seconds):.1f} s"
          " | – | – |")
    print(f"| time at 10 requests/s | {max(requests) / 10 / 60:.1f} min | "
          f"{full / 10 / 60:.0f} min | – |")
    print(f"| truth inside the 95% interval, (seed, locale) pairs | "
          f"{sum(inside)}/{pairs} = {sum(inside) / pairs:.1%} | exact | ≥ 93% |")
    print(f"| interval half-width, mean (max) | ± {statistics.mean(half_widths) * 100:.1f} "
          f"(± {max(half_widths) * 100:.1f}) points | 0 | ≤ ± 5 |")
    print(f"| estimate to its lower bound, mean (max) | {statistics.mean(lower_sides) * 100:.1f}"
          f" ({max(lower_sides) * 100:.1f}) points | 0 | – |")
    print(f"| sampled statuses unlike the generator's | {misjudged} of {judged:,} | – | – |")
    miss = max(worst)
    print(f"| largest error of an estimate | {miss[0] * 100:.1f} points ({miss[2]}, "
          f"seed {miss[1]}) | 0 | – |")


EXPECTED = {TRANSLATED: "translated", FALLBACK: "untranslated", MISSING: "missing"}


def replay(spec: SampledSite, sample: int, seeds: int) -> None:
    """The draw and the estimator of every seed without HTTP: the statuses are the
    generator's, which the runs above judged the same (their misjudged count)."""
    base = "http://replay.example"
    entries = [(base + spec.path(i, spec.locales[0]), None,
                [(loc, base + spec.path(i, loc)) for loc in spec.locales])
               for i in range(spec.articles)]
    inventory = build_inventory(entries)
    population = pool(inventory.strata(), sample)
    truth, inside, pairs, halves = spec.coverage, 0, 0, []
    for seed in range(seeds):
        chosen = draw(inventory, sample, seed)
        for loc in spec.locales[1:]:
            draws = [Draw(pooled_stratum(c.stratum, population), {"a": 1.0, "y": float(
                spec.state(int(c.key.rsplit("/", 1)[1]) - FIRST_ID, loc) == TRANSLATED)})
                for c in chosen]
            found = ratio_estimate(draws, population, "y", "a")
            assert found is not None
            inside += found.ci95[0] <= truth[loc] <= found.ci95[1]
            halves.append((found.ci95[1] - found.ci95[0]) / 2)
            pairs += 1
    print(f"\nReplay without HTTP, seeds 0-{seeds - 1}: the truth inside the 95% interval for "
          f"{inside}/{pairs} = {inside / pairs:.1%} of (seed, locale) pairs; half-widths "
          f"mean ± {statistics.mean(halves) * 100:.2f}, ≤ ± 5 points for "
          f"{sum(h <= 0.05 for h in halves) / pairs:.1%}, max ± {max(halves) * 100:.1f}")


def check_truth(articles: int) -> None:
    """Crawl a smaller copy of the site and compare its coverage with the generator's."""
    spec = SampledSite(articles=articles, sections=SECTIONS)
    with SiteServer(spec.build) as server, tempfile.TemporaryDirectory() as tmp:
        started = time.monotonic()
        report = audit(server.base_url, Path(tmp), "crawl", 0, 0)
        took = time.monotonic() - started
    print(f"\nTruth check: a full crawl of {articles:,} articles ({spec.urls():,} URLs, "
          f"{report.crawl.pages:,} pages fetched, {took:.0f} s):")
    print("| locale | generator | crawl |")
    print("|---|---:|---:|")
    for row in report.locales:
        print(f"| {row.locale} | {spec.coverage[row.locale]:.2%} | {row.coverage:.2%} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=8334, help="source articles")
    parser.add_argument("--sample", type=int, default=200, help="articles per sample")
    parser.add_argument("--seeds", type=int, default=40)
    parser.add_argument("--replay", type=int, default=0, metavar="S",
                        help="also replay the draw and the estimate for S seeds, no HTTP")
    parser.add_argument("--check-truth", type=int, default=0, metavar="K",
                        help="also crawl a K-article copy and compare with the generator")
    args = parser.parse_args()
    spec = SampledSite(articles=args.articles, sections=SECTIONS)
    if args.seeds:
        run_seeds(spec, args.sample, args.seeds)
    if args.replay:
        replay(spec, args.sample, args.replay)
    if args.check_truth:
        check_truth(args.check_truth)


if __name__ == "__main__":
    main()
