"""`locaudit survey`: four generated help centers and one dead site, audited as a survey;
the aggregate is checked against numbers worked out by hand from how the sites are built."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from locaudit.demo.helpcenter import HelpCenter, State, build
from locaudit.demo.server import SiteServer
from locaudit.survey import Results, aggregate_folder, load_survey, local_pool, survey_sites
from locaudit.survey.aggregate import language_of
from tests.test_cli import run_cli

ARTICLES = 10


def _hc(name: str, translated: dict[str, int]) -> HelpCenter:
    """A 10-article help center with the first n articles translated per locale."""
    locales = {"en-us": "en", **{loc: loc for loc in translated}}
    states = {(i, loc): State.TRANSLATED for loc, n in translated.items() for i in range(n)}
    return HelpCenter(name=name, locales=locales, articles=ARTICLES, states=states,
                      sections=2)


# name -> (translated articles per locale, tags). Depth = n / 10.
SITES = {
    "acme": ({"de": 10, "fr": 5}, "saas"),  # en de fr: 3 languages (self)
    "globex": ({"de": 2}, "saas"),  # en de: 2
    "initech": ({"ja": 4}, "retail"),  # en ja: 2
    "umbrella": ({"de": 6, "fr": 3, "ja": 10}, "retail"),  # en de fr ja: 4
}


@pytest.fixture(scope="module")
def servers() -> Iterator[dict[str, str]]:
    with ExitStack() as stack:
        urls = {}
        for name, (translated, _) in SITES.items():
            hc = _hc(name, translated)
            server = stack.enter_context(SiteServer(lambda base, hc=hc: build(hc, base)))
            urls[name] = f"{server.base_url}/hc/en-us"
        yield urls


def _sites_yaml(tmp: Path, urls: dict[str, str]) -> Path:
    lines = ["survey:", "  per_site: {rate_limit: 0, retries: 0, respect_robots: false}",
             "  rare_below: 0.6",
             "  markets: [{language: en, share: 0.5}, {language: de, share: 0.3},",
             "            {language: ro, share: 0.2}]", "sites:"]
    for name, (_, industry) in SITES.items():
        self_line = ", self: true" if name == "acme" else ""
        lines.append(f"  - {{name: {name}, url: '{urls[name]}', tags: {{industry: "
                     f"{industry}}}{self_line}}}")
    lines.append("  - {name: dead, url: 'http://127.0.0.1:9/hc/en-us'}")  # discard port
    path = tmp / "sites.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_language_of_keeps_chinese_scripts_apart() -> None:
    assert [language_of(t) for t in ("pt-BR", "de-DE", "zh-CN", "zh-TW", "zh-Hant")] == \
        ["pt", "de", "zh-Hans", "zh-Hant", "zh-Hant"]


def test_survey_aggregate_matches_the_sites_as_built(tmp_path: Path,
                                                     servers: dict[str, str]) -> None:
    out = tmp_path / "survey"
    survey = load_survey(_sites_yaml(tmp_path, servers), out)
    agg = survey_sites(survey, out, local_pool(2))

    assert (agg.sites, agg.finished) == (5, 4)
    assert [(f.name, f.exit_code) for f in agg.failed] == [("dead", 3)]
    # languages per site: acme 3, globex 2, initech 2, umbrella 4
    dist = agg.languages_per_site
    assert dist is not None
    assert (dist.mean, dist.median, dist.min, dist.max) == (2.75, 2.5, 2, 4)
    assert (dist.q1, dist.q3) == (2.0, 3.25)  # inclusive quartiles of 2 2 3 4
    assert dist.histogram == ((2, 2), (3, 1), (4, 1))
    rows = {r.language: (r.sites, r.share, round(r.median_depth, 6), r.demand)
            for r in agg.languages}
    assert rows == {
        "en": (4, 1.0, 1.0, 0.5),
        "de": (3, 0.75, 0.6, 0.3),  # 1.0, 0.2, 0.6
        "fr": (2, 0.5, 0.4, None),  # 0.5, 0.3
        "ja": (2, 0.5, 0.7, None),  # 0.4, 1.0
        "ro": (0, 0.0, 0.0, 0.2),  # read by customers, offered by nobody
    }
    assert agg.self_site == "acme"
    ranks = {r.language: (r.depth, r.rank, r.of) for r in agg.ranks}
    assert ranks["de"] == (1.0, 1, 4) and ranks["fr"] == (0.5, 1, 4)
    assert ranks["ja"] == (0.0, 3, 4)  # initech and umbrella are deeper
    assert [r.language for r in agg.rare] == ["ro"]  # fr, ja: offered by 50% but no demand
    groups = {(g.tag, g.value): (g.sites, g.languages_per_site) for g in agg.groups}
    assert groups == {("industry", "retail"): (2, 3), ("industry", "saas"): (2, 2.5)}

    # Each finished site's report is a normal locaudit report, written as it finished.
    report = json.loads((out / "sites" / "umbrella.json").read_text())
    assert {r["locale"]: r["translated"] for r in report["locales"]} == {
        "de": 6, "fr": 3, "ja": 10}
    failure = json.loads((out / "sites" / "dead.failed.json").read_text())
    assert failure["exit_code"] == 3 and "127.0.0.1:9" in failure["reason"]

    # The aggregate reads sites/summaries.jsonl; a line torn by a kill, or the file lost,
    # falls back to the sites' reports with the same result.
    summaries = out / "sites" / "summaries.jsonl"
    lines = summaries.read_text().splitlines()
    assert len(lines) == 4
    summaries.write_text("\n".join(lines[:-1]) + "\n" + lines[-1][:20])
    assert aggregate_folder(survey, Results(out)) == agg
    summaries.unlink()
    assert aggregate_folder(survey, Results(out)) == agg


def test_survey_runs_again_skipping_finished_sites(tmp_path: Path,
                                                   servers: dict[str, str]) -> None:
    sites = _sites_yaml(tmp_path, servers)
    out = tmp_path / "out"
    first = run_cli("survey", str(sites), "-o", str(out), "--format", "json")
    assert first.returncode == 0, first.stderr
    assert "dead: failed (exit 3)" in first.stderr
    assert json.loads(first.stdout)["finished"] == 4
    for name in ("aggregate.json", "aggregate.md", "languages.csv", "sites.csv"):
        assert (out / name).is_file()
    page = (out / "aggregate.html").read_text()
    assert page.count("<svg") == 3  # languages per site, per language, the client's ranks
    assert "acme against its peers" in page and "<script" not in page
    assert "failed (exit 3)" in page
    stamp = (out / "sites" / "acme.json").stat().st_mtime_ns
    again = run_cli("survey", str(sites), "-o", str(out), "--retry-failed")
    assert again.returncode == 0
    # Only the failed site was tried again; finished reports were not rewritten.
    assert again.stderr.count("failed (exit 3)") == 1 and "acme: done" not in again.stderr
    assert (out / "sites" / "acme.json").stat().st_mtime_ns == stamp
    assert "4 of 5 sites audited, 1 failed" in again.stdout
    assert "ro         demand  20%, offered by 0% of sites" in again.stdout


@pytest.mark.parametrize(("text", "message"), [
    ("sites: []\n", "sites: list at least one site"),
    ("sites:\n  - {url: 'http://a.example/'}\n", "sites[0].name: missing"),
    ("sites:\n  - {name: a, url: 'http://a.example/', config: x.yaml}\n",
     "give a site either `url` or `config`"),
    ("sites:\n  - {name: a, url: 'http://a.example/'}\n  - {name: a, url: 'http://b/'}\n",
     "'a' names two sites"),
    ("sites:\n  - {name: a, url: 'http://a.example/', overrides: {crawl: {rate: 1}}}\n",
     "(site a): crawl.rate: unknown key"),
    ("survey: {per_site: {max_page: 3}}\nsites:\n  - {name: a, url: 'http://a.example/'}\n",
     "survey.per_site: expected crawl keys"),
])
def test_bad_survey_files_are_one_line_usage_errors(tmp_path: Path, text: str,
                                                    message: str) -> None:
    path = tmp_path / "sites.yaml"
    path.write_text(text)
    result = run_cli("survey", str(path), "-o", str(tmp_path / "out"))
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()  # nothing crawled, nothing written
