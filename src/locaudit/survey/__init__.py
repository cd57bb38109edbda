"""Survey many sites: one normal audit per site, spread over workers, then an aggregate
("your site against the median of its peers"). Library first:

    from locaudit.survey import load_survey, survey_sites, local_pool
    aggregate = survey_sites(load_survey("sites.yaml", out), out, local_pool(2))

Every site's report lands in `OUT/sites/<name>.json` as soon as it finishes; a failure in
`OUT/sites/<name>.failed.json` with its exit code and reason. Running again skips finished
sites (and failed ones, unless `retry_failed`). The stage sits above the library API
(`audit.run_audit`), like the CLI.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from locaudit.survey.aggregate import FailedSite, SurveyAggregate, aggregate
from locaudit.survey.engine import (
    Engine,
    Results,
    SiteOutcome,
    dask_cluster,
    finished,
    local_pool,
    run_survey,
)
from locaudit.survey.sites import SiteJob, Survey, load_survey

__all__ = ["Engine", "Results", "SiteJob", "SiteOutcome", "Survey", "SurveyAggregate",
           "aggregate_folder", "dask_cluster", "load_survey", "local_pool", "survey_sites"]


def survey_sites(survey: Survey, output_dir: Path, engine: Engine, *,
                 retry_failed: bool = False,
                 on_outcome: Callable[[SiteOutcome], None] | None = None) -> SurveyAggregate:
    """Audit the sites not yet done, then aggregate every finished one."""
    results = Results(output_dir)
    run_survey(survey, results, engine, retry_failed=retry_failed, on_outcome=on_outcome)
    return aggregate_folder(survey, results)


def aggregate_folder(survey: Survey, results: Results) -> SurveyAggregate:
    summaries, failures = finished(results, (job.name for job in survey.sites))
    self_site = next((job.name for job in survey.sites if job.is_self), None)
    return aggregate(
        summaries, total=len(survey.sites), tags={job.name: job.tags for job in survey.sites},
        self_site=self_site, demand=survey.demand, rare_below=survey.rare_below,
        failed=[FailedSite(name, int(f.get("exit_code", 4)), str(f.get("reason", "")))
                for name, f in failures.items()])
