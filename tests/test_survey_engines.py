"""The same 30 generated help centers surveyed three ways — a local process pool, a Dask
cluster of 2 worker processes, and from WARC files that recorded them: identical
aggregates, each site as the generator built it, and a worker killed mid-survey loses
nothing."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from distributed import Client, LocalCluster

from locaudit.demo.helpcenter import build
from locaudit.demo.server import SiteServer
from locaudit.formats.json_format import load_report
from locaudit.survey import SiteOutcome, load_survey, local_pool, survey_sites
from locaudit.survey.aggregate import site_depths, to_dict
from locaudit.survey.engine import dask_cluster
from tests.sites.portfolio import portfolio, truth
from tests.sites.recording import record

SITES = portfolio(30)


@pytest.fixture(scope="module")
def portfolio_servers() -> Iterator[list[SiteServer]]:
    with ExitStack() as stack:
        yield [stack.enter_context(SiteServer(lambda base, hc=hc: build(hc, base)))
               for hc in SITES.values()]


def _sites_yaml(folder: Path, servers: list[SiteServer], warc: list[str] | None = None
                ) -> Path:
    lines = ["survey:", "  per_site: {rate_limit: 0, retries: 0, respect_robots: false}"]
    if warc is not None:
        lines.append(f"  warc: {warc}")
    lines.append("sites:")
    for (name, hc), server in zip(SITES.items(), servers, strict=True):
        lines.append(f"  - {{name: {name}, url: '{server.base_url}/hc/en-us', "
                     f"tags: {{size: {'big' if len(hc.locales) > 2 else 'small'}}}}}")
    path = folder / "sites.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture(scope="module")
def sites_yaml(tmp_path_factory: pytest.TempPathFactory,
               portfolio_servers: list[SiteServer]) -> Path:
    return _sites_yaml(tmp_path_factory.mktemp("portfolio"), portfolio_servers)


@pytest.fixture(scope="module")
def local_result(sites_yaml: Path, tmp_path_factory: pytest.TempPathFactory
                 ) -> tuple[Path, Any]:
    out = tmp_path_factory.mktemp("local")
    return out, survey_sites(load_survey(sites_yaml, out), out, local_pool(2))


def test_every_site_is_as_the_generator_built_it(local_result: tuple[Path, Any]) -> None:
    out, agg = local_result
    assert (agg.sites, agg.finished, agg.failed) == (30, 30, ())
    for name, hc in SITES.items():
        depths = site_depths(load_report(str(out / "sites" / f"{name}.json")))
        assert depths == pytest.approx(truth(hc), abs=1e-6)  # reports round to 6 digits
    # site i offers 1 + i % 4 languages: 8 sites with 1 and 2, 7 with 3 and 4
    assert agg.languages_per_site.histogram == ((1, 8), (2, 8), (3, 7), (4, 7))


def _cluster() -> LocalCluster:
    return LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                        dashboard_address=None)


def test_a_dask_cluster_gives_the_same_aggregate(sites_yaml: Path, tmp_path: Path,
                                                 local_result: tuple[Path, Any]) -> None:
    with _cluster() as cluster:
        agg = survey_sites(load_survey(sites_yaml, tmp_path), tmp_path,
                           dask_cluster(cluster.scheduler_address))
    assert to_dict(agg) == to_dict(local_result[1])


def test_a_worker_killed_mid_survey_loses_nothing(sites_yaml: Path, tmp_path: Path,
                                                  local_result: tuple[Path, Any]) -> None:
    with _cluster() as cluster, Client(cluster) as client:
        pids = list(client.run(os.getpid).values())
        killed: list[int] = []

        def kill_one(outcome: SiteOutcome) -> None:
            if not killed:  # after the first site: the workers are busy with others
                os.kill(pids[0], signal.SIGKILL)
                killed.append(pids[0])

        agg = survey_sites(load_survey(sites_yaml, tmp_path), tmp_path,
                           dask_cluster(cluster.scheduler_address), on_outcome=kill_one)
    assert killed
    assert to_dict(agg) == to_dict(local_result[1])
    assert len(list((tmp_path / "sites").glob("*.json"))) == 30


def test_from_web_archives_the_same_aggregate_and_no_request(
        tmp_path: Path, portfolio_servers: list[SiteServer],
        local_result: tuple[Path, Any]) -> None:
    # Three WARC files of ten sites each, as an archive's crawl would spread them.
    archives = [record(portfolio_servers[i:i + 10], tmp_path / f"part{i // 10}.warc.gz").name
                for i in range(0, 30, 10)]
    before = [len(s.request_log) for s in portfolio_servers]
    out = tmp_path / "out"
    agg = survey_sites(load_survey(_sites_yaml(tmp_path, portfolio_servers, archives), out),
                       out, local_pool(2))
    assert [len(s.request_log) for s in portfolio_servers] == before  # no site contacted
    assert to_dict(agg) == to_dict(local_result[1])
    assert len(list((out / "archives").glob("*.index.jsonl"))) == 30  # one per site
