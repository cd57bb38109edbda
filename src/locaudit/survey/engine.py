"""Run a survey's audits: one job per site, on a local process pool or a Dask cluster.

Both engines run the same `audit_site` and hand each outcome back as it completes; the
coordinator writes it at once (`sites/<name>.json`, or `sites/<name>.failed.json` with the
exit code and reason), so a coordinator that stops loses at most the sites in flight, and a
second run skips the sites already written. Politeness stays per host: sites run in
parallel, while the pages of one site keep its rate limit.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from locaudit.crawl.urls import host_of
from locaudit.errors import ConfigError, ExitCode, exit_code_for
from locaudit.sources.warc import Capture, index_warc, latest, write_index
from locaudit.survey.aggregate import SiteSummary, summarize
from locaudit.survey.sites import SiteJob, Survey, archive_index


@dataclass(frozen=True)
class SiteOutcome:
    name: str
    exit_code: int  # ExitCode: 0 when the report was made
    reason: str = ""
    report_json: str | None = None  # the site's JSON report when exit_code is 0
    summary: SiteSummary | None = None  # what the aggregate reads of it


def audit_site(job: SiteJob) -> SiteOutcome:
    """One site's audit, as `locaudit audit` runs it, in whatever process runs the job.
    Never raises: every failure is an outcome with its exit code."""
    from locaudit.audit import run_audit
    from locaudit.config import parse_config
    from locaudit.formats.json_format import format as json_format
    from locaudit.redact import Redactor

    secrets: dict[str, str] = {}
    try:
        config = parse_config(job.config_text, filename=job.filename,
                              base_dir=Path(job.base_dir))
        secrets = config.secrets
        report = run_audit(config, fresh=True)
        return SiteOutcome(job.name, int(ExitCode.OK), report_json=json_format(report),
                           summary=summarize(job.name, report))
    except KeyboardInterrupt:
        raise
    except Exception as exc:  # recorded, never dropped: a survey outlives one bad site
        code = exit_code_for(exc)
        reason = str(exc) if code != ExitCode.INTERNAL else f"{type(exc).__name__}: {exc}"
        return SiteOutcome(job.name, int(code), Redactor(secrets).text(reason))


class Results:
    """The survey's folder: `sites/<name>.json` per finished site, `.failed.json` per
    failed one, and `sites/summaries.jsonl`, one line per finished site, which the
    aggregate reads instead of every report. Report writes are atomic (a temporary file
    renamed), so a killed coordinator never leaves half a report; a torn last summary
    line is skipped and that site's report read instead."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.sites = folder / "sites"
        self.summaries = self.sites / "summaries.jsonl"

    def report_path(self, name: str) -> Path:
        return self.sites / f"{name}.json"

    def failure_path(self, name: str) -> Path:
        return self.sites / f"{name}.failed.json"

    def pending(self, survey: Survey, *, retry_failed: bool) -> list[SiteJob]:
        return [job for job in survey.sites
                if not self.report_path(job.name).exists()
                and (retry_failed or not self.failure_path(job.name).exists())]

    def record(self, outcome: SiteOutcome) -> None:
        self.sites.mkdir(parents=True, exist_ok=True)
        if outcome.report_json is not None:
            _write(self.report_path(outcome.name), outcome.report_json)
            self.failure_path(outcome.name).unlink(missing_ok=True)
            if outcome.summary is not None:
                with self.summaries.open("a", encoding="utf-8") as fh:
                    fh.write(json.dumps(asdict(outcome.summary), sort_keys=True) + "\n")
        else:
            _write(self.failure_path(outcome.name), json.dumps(
                {"site": outcome.name, "exit_code": outcome.exit_code,
                 "reason": outcome.reason}, indent=2) + "\n")


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


T = TypeVar("T")
R = TypeVar("R")


class Engine(Protocol):
    """Runs `fn` over `items` somewhere, yielding the results as they complete."""

    def __call__(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[R]: ...


def local_pool(workers: int) -> Engine:
    """Tasks on a local process pool of `workers` processes."""

    def run(fn: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
        if not items:
            return
        with ProcessPoolExecutor(max_workers=max(1, min(workers, len(items)))) as pool:
            for future in as_completed([pool.submit(fn, item) for item in items]):
                yield future.result()

    return run


def dask_cluster(address: str) -> Engine:
    """Tasks on an existing Dask distributed cluster; the workers need only locaudit
    installed. A task whose worker dies is run again by the scheduler."""
    try:
        from distributed import Client
        from distributed import as_completed as dask_completed
    except ImportError:
        raise ConfigError("--scheduler needs Dask: pip install 'locaudit[cluster]'",
                          key="--scheduler") from None

    def run(fn: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
        if not items:
            return
        try:
            client: Any = Client(address, timeout="10s")
        except OSError as exc:
            raise ConfigError(f"cannot reach the Dask scheduler at {address}: {exc}",
                              key="--scheduler") from None
        try:
            # pure=False: the same site surveyed again is a new audit, not a cached result
            for future in dask_completed(client.map(fn, items, pure=False, retries=2)):
                yield future.result()
        finally:
            client.close()

    return run


def index_archive(task: tuple[str, tuple[str, ...]]) -> tuple[str, dict[str, Capture]]:
    """One WARC file's captures of the survey's hosts: a task per file, so each file is
    read once whatever the number of sites in it."""
    path, hosts = task
    return path, index_warc(path, hosts)


def run_survey(survey: Survey, results: Results, engine: Engine, *,
               retry_failed: bool = False,
               on_outcome: Callable[[SiteOutcome], None] | None = None) -> list[SiteOutcome]:
    """Audit every site not yet done, recording each outcome as it completes. A survey
    from archives first indexes each WARC file (one task per file) into one index per
    site; the sites' audits then replay their captures."""
    jobs = results.pending(survey, retry_failed=retry_failed)
    if survey.archives and jobs:
        hosts = tuple(sorted({h for job in jobs for h in job.hosts}))
        found = dict(engine(index_archive, [(path, hosts) for path in survey.archives]))
        merged = latest(found[path] for path in survey.archives)  # in the order listed
        for job in jobs:
            write_index({u: c for u, c in merged.items() if host_of(u) in job.hosts},
                        archive_index(results.folder, job.name))
    done: list[SiteOutcome] = []
    for outcome in engine(audit_site, jobs):
        results.record(outcome)
        done.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)
    return done


def finished(results: Results, names: Iterable[str]
             ) -> tuple[list[SiteSummary], dict[str, Any]]:
    """The summaries of the sites with a report, and the failures (name -> record)."""
    from locaudit.formats.json_format import load_report

    written = _summary_lines(results.summaries)
    summaries, failures = [], {}
    for name in names:
        if results.report_path(name).exists():
            summaries.append(written.get(name) or summarize(
                name, load_report(str(results.report_path(name)))))
        elif results.failure_path(name).exists():
            failures[name] = json.loads(results.failure_path(name).read_text(encoding="utf-8"))
    return summaries, failures


def _summary_lines(path: Path) -> dict[str, SiteSummary]:
    out: dict[str, SiteSummary] = {}
    if not path.exists():
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            summary = SiteSummary(**json.loads(line))
        except (ValueError, TypeError):
            continue  # a line torn by a kill: that site's report is read instead
        out[summary.name] = summary  # a site audited again: its last line wins
    return out
