"""`locaudit survey`: audit many sites and aggregate them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from locaudit.cli import terminal as io
from locaudit.cli.app import Command, QuietOpt, app
from locaudit.errors import ConfigError, NoResultError


@app.command(cls=Command)
def survey(
    sites: Annotated[str, typer.Argument(help="The survey file (YAML) listing the sites.")],
    output: Annotated[str, typer.Option("--output", "-o", help=(
        "The survey folder: sites/<name>.json per site, aggregate.json, aggregate.md, "
        "languages.csv, sites.csv."))] = "survey",
    format: Annotated[str, typer.Option("--format", "-f",
                                        help="What stdout shows: table, markdown or json."
                                        )] = "table",
    workers: Annotated[int, typer.Option(help="Sites audited at once (local processes).",
                                         min=1)] = 2,
    scheduler: Annotated[str | None, typer.Option(help=(
        "Run the sites as tasks on this Dask scheduler (tcp://HOST:8786) instead of local "
        "processes; needs locaudit[cluster]."))] = None,
    retry_failed: Annotated[bool, typer.Option(
        "--retry-failed", help="Audit again the sites that failed last time.")] = False,
    quiet: QuietOpt = False,
) -> None:
    """Audit every site of a survey file and compare them: languages per site, depth per
    language, your site's rank among its peers. Finished sites are skipped when run again.

    Example: locaudit survey competitors.yaml -o survey/ --workers 4
    """
    from locaudit.survey import (
        SiteOutcome,
        dask_cluster,
        load_survey,
        local_pool,
        survey_sites,
    )
    from locaudit.survey.formats import FILES, STDOUT

    if format not in STDOUT:
        raise ConfigError(f"unknown format '{format}' (choose from {', '.join(STDOUT)})",
                          key="--format")
    folder = Path(output)
    plan = load_survey(sites, folder)
    engine = dask_cluster(scheduler) if scheduler else local_pool(workers)

    def said(outcome: SiteOutcome) -> None:
        if not quiet:
            io.say(f"{outcome.name}: done" if outcome.exit_code == 0 else
                   f"{outcome.name}: failed (exit {outcome.exit_code}): {outcome.reason}")

    result = survey_sites(plan, folder, engine, retry_failed=retry_failed, on_outcome=said)
    for name, render in FILES.items():
        io.write(folder / name, render(result))
    io.out(STDOUT[format](result))
    if not quiet:
        io.say(f"wrote {len(FILES)} files and {result.finished} site reports to {folder}/")
    if result.finished == 0:
        raise NoResultError(f"none of the {result.sites} sites could be audited")
    if result.failed:
        io.say(f"locaudit: {len(result.failed)} of {result.sites} sites failed; run again "
               "with --retry-failed to retry them")
