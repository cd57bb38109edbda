"""`locaudit history CONFIG`, `history import CONFIG REPORT.json...`, `history prune CONFIG`:
the runs the store remembers (history/)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from locaudit.cli import terminal as io
from locaudit.cli.app import Command, Group, OutputOpt, QuietOpt, VerboseOpt, app
from locaudit.config import Config
from locaudit.errors import ConfigError
from locaudit.models import Report

SHOW = "show"


class HistoryGroup(Group):
    """`locaudit history CONFIG` is `locaudit history show CONFIG`: a first argument that
    is no subcommand is the config."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = [SHOW, *args]
        result: list[str] = super().parse_args(ctx, args)
        return result


history_app = typer.Typer(cls=HistoryGroup, no_args_is_help=True,
                          help="The runs the store remembers: their table, importing "
                               "earlier reports, pruning.")
app.add_typer(history_app, name="history")

ConfigArg = Annotated[str, typer.Argument(help="Config file (YAML).")]


@history_app.command(SHOW, cls=Command)
def show(
    config: ConfigArg,
    format: Annotated[str, typer.Option(
        "--format", "-f", help="table, json, csv, markdown or html.")] = "table",
    since: Annotated[str | None, typer.Option(
        "--since", help="Only runs from this date on (YYYY-MM-DD, UTC).")] = None,
    last: Annotated[int | None, typer.Option(
        "--last", min=1, help="Only the newest N runs.")] = None,
    output: OutputOpt = None, verbose: VerboseOpt = False,
) -> None:
    """The remembered runs: date, pages, score, per-locale weighted coverage with arrows.

    Example: locaudit history acme.yaml --last 12 --format markdown
    """
    io.state["verbose"] = verbose
    from locaudit.history.api import history_of
    from locaudit.history.formats import RENDERERS

    if format not in RENDERERS:
        raise ConfigError(f"unknown format '{format}' (choose from "
                          f"{', '.join(RENDERERS)})", key="--format")
    day = None
    if since is not None:
        try:
            day = date.fromisoformat(since)
        except ValueError:
            raise ConfigError(f"'{since}' is not a date (YYYY-MM-DD)", key="--since") from None
    text = RENDERERS[format](history_of(io.load(config), since=day, last=last))
    if output is None:
        io.out(text)
    else:
        io.write(Path(output), text)


@history_app.command("import", cls=Command)
def import_(
    config: ConfigArg,
    reports: Annotated[list[Path], typer.Argument(help="JSON reports written by locaudit.")],
    quiet: QuietOpt = False, verbose: VerboseOpt = False,
) -> None:
    """Add earlier JSON reports (CI artifacts, ...) to the history, by their date.

    Example: locaudit history import acme.yaml artifacts/*/report.json
    """
    io.state["verbose"] = verbose
    from locaudit.history.api import import_reports

    for done in import_reports(io.load(config), [str(p) for p in reports]):
        if done.entry is None:
            io.say(f"{done.path}: already in the history ({done.generated_at}); nothing done")
        elif not quiet:
            io.say(f"{done.path}: added as run {done.entry.id} ({done.generated_at})")


@history_app.command("prune", cls=Command)
def prune(
    config: ConfigArg,
    keep: Annotated[int | None, typer.Option(
        "--keep", min=1, help="Runs to keep, the newest (default: crawl.keep_runs).")] = None,
    quiet: QuietOpt = False, verbose: VerboseOpt = False,
) -> None:
    """Forget all but the newest runs of the history.

    Example: locaudit history prune acme.yaml --keep 90
    """
    io.state["verbose"] = verbose
    from locaudit.history.api import prune_history

    forgotten, kept = prune_history(io.load(config), keep)
    if not quiet:
        io.say(f"{forgotten} run{'s' if forgotten != 1 else ''} forgotten, {kept} kept")


def stored_baseline(cfg: Config, current: Report, quiet: bool) -> Report | None:
    """The previous run in the store's history: `check`'s baseline when none is given."""
    from locaudit.history.api import previous_report

    found = previous_report(cfg, current)
    if found is None:
        return None
    entry, report = found
    if not quiet:
        io.say(f"baseline: run {entry.id} of the history ({entry.at})")
    return report
