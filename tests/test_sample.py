"""`source: sample`: the sitemap inventory, the seeded stratified draw, the estimates and
their intervals (checked against numbers worked out by hand), a sample of a real site on
127.0.0.1 whose truth is known from how it was built, and how `check` treats estimates."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from locaudit.audit import run_audit
from locaudit.config import parse_config
from locaudit.demo.server import SiteServer
from locaudit.errors import ConfigError
from locaudit.formats import Format, formatter
from locaudit.formats.json_format import from_dict
from locaudit.gate import evaluate
from locaudit.metrics.estimate import Draw, ratio_estimate, wilson
from locaudit.models import LocaleRow, Report, Status, Summary
from locaudit.sources.inventory import allocate, build_inventory, draw, pool
from tests.report_fixture import sample_report
from tests.sites.sampled import FALLBACK, MISSING, TRANSLATED, SampledSite
from tests.test_cli import run_cli

SPEC = SampledSite(articles=90, sections=(("billing", 0.4), ("account", 0.1), ("api", 0.0)),
                   locales=("en", "de", "fr"), missing=0.1)
EXPECTED = {TRANSLATED: Status.TRANSLATED, FALLBACK: Status.UNTRANSLATED,
            MISSING: Status.MISSING}


# --------------------------------------------------------------------------- interval math


def test_wilson_matches_the_hand_worked_interval() -> None:
    # p = 0.88, n = 200, z² = 3.841459: centre (0.88 + z²/400) / (1 + z²/200)
    # = 0.8896036 / 1.0192073 = 0.872839; half z / (1 + z²/200) * sqrt(0.88 * 0.12 / 200
    # + z² / 160000) = 1.923028 * 0.0234949 = 0.045181
    low, high = wilson(0.88, 200)
    assert low == pytest.approx(0.827658, abs=1e-5)
    assert high == pytest.approx(0.918020, abs=1e-5)
    # p = 0: the upper end is z² / (n + z²) = 3.841459 / 13.841459
    assert wilson(0.0, 10) == pytest.approx((0.0, 0.277533), abs=1e-5)


def test_one_large_stratum_is_wilson_on_its_draws() -> None:
    draws = [Draw("all", {"x": 1, "y": 1.0 if i < 176 else 0.0}) for i in range(200)]
    found = ratio_estimate(draws, {"all": 10**9}, "y", "x")
    assert found is not None
    assert found.value == pytest.approx(0.88)
    # s² = 0.88 * 0.12 * 200 / 199, so n_eff = 0.88 * 0.12 / (s² / 200) = 199
    assert found.ci95 == pytest.approx(wilson(0.88, 199), abs=1e-6)


def test_two_strata_by_hand() -> None:
    # A: N 100, draws 1 1 1 0; B: N 300, draws 1 0 0 0. R = (100 * .75 + 300 * .25) / 400
    # = 0.375. Residuals y - R have variance 0.25 in both strata, so
    # V = (100² (1 - 4/100) .25/4 + 300² (1 - 4/300) .25/4) / 400² = 6150 / 160000
    # and n_eff = .375 * .625 / V = 6.0976.
    values = {"A": [1, 1, 1, 0], "B": [1, 0, 0, 0]}
    draws = [Draw(h, {"x": 1, "y": v}) for h, vs in values.items() for v in vs]
    found = ratio_estimate(draws, {"A": 100, "B": 300}, "y", "x")
    assert found is not None
    assert found.value == pytest.approx(0.375)
    assert found.ci95 == pytest.approx(wilson(0.375, 0.375 * 0.625 / (6150 / 160000)))


def test_the_finite_population_correction_narrows_and_a_census_is_exact() -> None:
    draws = [Draw("all", {"x": 1, "y": float(i % 4 != 0)}) for i in range(40)]
    wide = ratio_estimate(draws, {"all": 10**9}, "y", "x")
    narrow = ratio_estimate(draws, {"all": 80}, "y", "x")
    census = ratio_estimate(draws, {"all": 40}, "y", "x")
    assert wide is not None and narrow is not None and census is not None
    width = (wide.ci95[1] - wide.ci95[0], narrow.ci95[1] - narrow.ci95[0])
    assert width[1] < width[0] * 0.75  # half the population drawn: about sqrt(1/2)
    assert census.ci95 == (0.75, 0.75)


def test_draws_all_alike_still_have_an_interval() -> None:
    draws = [Draw("all", {"x": 1, "y": 1.0}) for _ in range(50)]
    found = ratio_estimate(draws, {"all": 10**9}, "y", "x")
    assert found is not None and found.value == 1.0
    assert found.ci95[1] == 1.0 and found.ci95[0] == pytest.approx(wilson(1.0, 50)[0])


# --------------------------------------------------------------------------- the draw


def _entries(articles: int) -> list[tuple[str, str | None, list[tuple[str, str]]]]:
    base = "https://help.example"
    out = []
    for i in range(articles):
        section = ("billing", "account", "api", "tiny")[0 if i >= 6 else i % 3] \
            if i != 5 else "tiny"
        urls = {loc: f"{base}/hc/{loc}/{section}/articles/{i}" for loc in ("en", "de")}
        out.append((urls["en"], None, [("en", urls["en"]), ("de", urls["de"])]))
    return out


def test_the_inventory_is_one_cluster_per_article_stratified_by_section() -> None:
    inventory = build_inventory(_entries(100))
    assert len(inventory.clusters) == 100
    assert all(len(c.urls) == 2 for c in inventory.clusters)
    # articles 0-4 cycle billing/account/api, 5 is tiny, 6-99 are billing
    assert inventory.strata() == {"account": 2, "api": 1, "billing": 96, "tiny": 1}


def test_allocation_is_proportional_and_pools_small_sections() -> None:
    sizes = {"account": 2, "api": 1, "billing": 96, "tiny": 1}
    assert pool(sizes, 20) == {"(other)": 4, "billing": 96}
    assert allocate(sizes, 20) == {"(other)": 2, "billing": 18}
    assert allocate(sizes, 500) == sizes  # a census


def test_the_same_seed_draws_the_same_sample() -> None:
    inventory = build_inventory(_entries(100))
    first, again = draw(inventory, 20, seed=3), draw(inventory, 20, seed=3)
    other = draw(inventory, 20, seed=4)
    assert [c.key for c in first] == [c.key for c in again]
    assert len(first) == 20 and {c.key for c in first} != {c.key for c in other}


# --------------------------------------------------------------------------- a real site


def _sample(server: SiteServer, tmp: Path, name: str, size: int, seed: int = 0,
            extra: str = "") -> Report:
    config = parse_config(
        f"site:\n  start_urls: ['{server.base_url}/hc/en']\n  source: sample\n"
        f"  sample: {size}\n  sample_seed: {seed}\ncrawl:\n  rate_limit: 0\n"
        f"  store: store/\n{extra}", filename=f"{name}.yaml", base_dir=tmp)
    return run_audit(config)


def _article_index(url: str) -> int:
    match = re.search(r"/articles/(\d+)", url)
    assert match is not None
    return int(match.group(1)) - 1000


@pytest.fixture(scope="module")
def sampled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, Report, Report,
                                                                 list[str]]:
    tmp = tmp_path_factory.mktemp("sampled")
    with SiteServer(SPEC.build) as server:
        first = _sample(server, tmp, "a", 30)
        log = list(server.request_log)
        again = _sample(server, tmp, "b", 30)
        other = _sample(server, tmp, "c", 30, seed=1)
    return first, again, other, log


def test_every_sampled_page_is_judged_as_the_site_was_built(sampled: tuple) -> None:
    report, *_ = sampled
    assert report.estimate and report.crawl.source == "sample"
    assert report.sample is not None
    assert (report.sample.articles, report.sample.inventory) == (30, 90)
    assert len(report.articles) == 30
    for article in report.articles:
        index = _article_index(article.source_url)
        for loc, translation in article.translations.items():
            assert translation.status is EXPECTED[SPEC.state(index, loc)], (index, loc)


def test_only_the_sampled_articles_are_fetched(sampled: tuple) -> None:
    report, _, _, log = sampled
    sampled_ids = {_article_index(a.source_url) for a in report.articles}
    fetched = [p for p in log if "/articles/" in p]
    assert {_article_index(p) for p in fetched} == sampled_ids
    pages = sum(SPEC.state(i, loc) != MISSING for i in sampled_ids for loc in SPEC.locales)
    assert len(fetched) == pages  # each page once, no link followed
    assert len(log) < pages + 10  # robots.txt, the sitemaps, soft-404 probes


def test_estimates_carry_intervals_and_counts_for_the_inventory(sampled: tuple) -> None:
    report, *_ = sampled
    assert report.summary.source_articles == 90
    assert report.summary.score_ci95 is not None
    low, high = report.summary.score_ci95
    assert low <= report.summary.score <= high
    for row in report.locales:
        assert row.translated + row.stale + row.untranslated + row.missing == 90
        for value, ci in ((row.coverage, row.coverage_ci95),
                          (row.weighted_coverage, row.weighted_coverage_ci95),
                          (row.fresh_coverage, row.fresh_coverage_ci95)):
            assert ci is not None and ci[0] <= value <= ci[1]
        assert row.coverage == pytest.approx(row.translated / 90, abs=0.006)


def test_the_same_seed_gives_the_same_report(sampled: tuple) -> None:
    first, again, other, _ = sampled
    assert first.locales == again.locales and first.summary == again.summary
    assert {a.key for a in first.articles} != {a.key for a in other.articles}


def test_a_sample_as_large_as_the_site_is_exact(tmp_path: Path) -> None:
    with SiteServer(SPEC.build) as server:
        report = _sample(server, tmp_path, "all", 500)
    for row in report.locales:
        assert row.coverage == pytest.approx(SPEC.coverage[row.locale])
        assert row.coverage_ci95 == (row.coverage, row.coverage)


def test_every_format_shows_the_interval(sampled: tuple) -> None:
    report, *_ = sampled
    de = next(r for r in report.locales if r.locale == "de")
    assert de.coverage_ci95 is not None
    plus = f"{de.coverage * 100:.1f}% ± {(de.coverage_ci95[1] - de.coverage_ci95[0]) * 50:.0f}"
    for fmt in (Format.TABLE, Format.MARKDOWN, Format.HTML, Format.JUNIT):
        assert plus in formatter(fmt)(report), fmt
    text = formatter(Format.JSON)(report)
    read = from_dict(json.loads(text))  # strict validation, as check --report reads it
    assert read.estimate and formatter(Format.JSON)(read) == text
    data = json.loads(text)
    assert data["estimate"] is True and data["crawl"]["source"] == "sample"
    assert data["locales"][0]["coverage_ci95"] == pytest.approx(
        list(report.locales[0].coverage_ci95 or ()))


# --------------------------------------------------------------------------- gates


def _estimate(coverage: float, low: float, score: float, score_low: float) -> Report:
    report = sample_report()
    de = replace(report.locales[0], coverage=coverage, coverage_ci95=(low, coverage + 0.05))
    summary = replace(report.summary, score=score, score_ci95=(score_low, score + 0.05))
    return replace(report, locales=(de, *report.locales[1:]), summary=summary, estimate=True)


def test_check_refuses_an_estimate_unless_allowed(tmp_path: Path) -> None:
    report = _estimate(0.8, 0.74, 0.6, 0.55)
    gates = parse_config("site:\n  start_urls: ['https://a.example/']\n"
                         "gates:\n  min_score: 0.5\n", filename="g.yaml", base_dir=tmp_path)
    with pytest.raises(ConfigError, match="allow_estimate"):
        evaluate(report, gates.gates)
    path = tmp_path / "estimate.json"
    path.write_text(formatter(Format.JSON)(report), encoding="utf-8")
    config = tmp_path / "gates.yaml"
    config.write_text("site:\n  start_urls: ['https://a.example/']\ngates:\n  min_score: 0.5\n",
                      encoding="utf-8")
    result = run_cli("check", str(config), "--report", str(path))
    assert result.returncode == 2
    assert "gates.allow_estimate" in result.stderr and "Traceback" not in result.stderr


def test_allowed_estimates_are_judged_on_their_lower_bound() -> None:
    from locaudit.config.model import Gates

    report = _estimate(0.8, 0.74, 0.6, 0.55)
    gates = Gates(min_score=0.58, min_coverage={"de": 0.76}, allow_estimate=True)
    results = {g.name: g for g in evaluate(report, gates)}
    # both point estimates pass; their lower bounds do not
    assert not results["min_score"].passed and results["min_score"].actual == 0.55
    assert not results["min_coverage[de]"].passed
    assert "judged on its lower bound" in results["min_coverage[de]"].message
    passing = Gates(min_score=0.55, min_coverage={"de": 0.74}, allow_estimate=True)
    assert all(g.passed for g in evaluate(report, passing))
    # max_drop: from the baseline's 0.8 to the lower bound 0.74 is a drop of 6 points
    baseline = replace(sample_report(), locales=(
        LocaleRow("de", 0.45, 1, 1, 0, 0, 0.8, 0.8, 0.8), *sample_report().locales[1:]),
        summary=Summary(2, 2, 0.55, 0.1))
    drops = {g.name: g for g in evaluate(report, Gates(max_drop=0.05, allow_estimate=True),
                                         baseline)}
    assert drops["max_drop[de]"].actual == pytest.approx(0.06)
    assert not drops["max_drop[de]"].passed and drops["max_drop[score]"].passed


def test_audit_sample_on_the_command_line_and_report_reads_it_again(tmp_path: Path) -> None:
    with SiteServer(SPEC.build) as server:
        url = f"{server.base_url}/hc/en"
        audited = run_cli("audit", url, "--sample", "20", "-f", "json", "-o", "a.json",
                          "--no-progress", cwd=tmp_path)
        assert audited.returncode == 0, audited.stderr
        served = len(server.request_log)
        # the stored run knows it is a sample: `report` (no --sample) estimates it again
        again = run_cli("report", url, "-f", "json", "-o", "b.json", cwd=tmp_path)
        assert again.returncode == 0, again.stderr
        assert len(server.request_log) == served
    first = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    second = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    assert first["estimate"] is True and first["sample"]["articles"] == 20
    assert first["locales"] == second["locales"]


def test_diff_warns_that_estimates_differ_by_sampling_noise() -> None:
    from locaudit.diff import diff_reports

    counted = sample_report()
    warnings = diff_reports(counted, replace(counted, estimate=True)).warnings
    assert any("the new report is estimated from a sample" in w for w in warnings)
    assert not any("sample" in w for w in diff_reports(counted, counted).warnings)


def test_sitemaps_without_alternates_are_a_one_line_error(tmp_path: Path) -> None:
    from locaudit.demo.server import Resource

    def build(base: str) -> dict[str, Resource]:
        urls = "".join(f"<url><loc>{base}/en/{i}</loc></url>" for i in range(3))
        page = "<!doctype html><html lang=en><title>x</title><p>Hello</p></html>"
        return {"/sitemap.xml": Resource(
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' + urls +
            "</urlset>", headers={"Content-Type": "application/xml"}),
            **{f"/en/{i}": Resource(page) for i in range(3)}}

    with SiteServer(build) as server:
        result = run_cli("audit", f"{server.base_url}/en/0", "--sample", "2", "--no-progress",
                         cwd=tmp_path)
        fetched = [p for p in server.request_log if p.startswith("/en/")]
    assert result.returncode == 3
    assert "xhtml:link alternates" in result.stderr and "Traceback" not in result.stderr
    assert fetched == []  # the inventory alone told: no page was fetched
