"""The command line's shape: the typer app and the options the commands share."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup


def _plain_flags(params: list[Any]) -> list[Any]:
    """Flags (--quiet, --help, --version) take no value: shown plain in --help, not as
    `--quiet <bool>` (recent typer writes a type for every option)."""
    for param in params:
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""
    return params


class Command(TyperCommand):
    def get_params(self, ctx: Any) -> list[Any]:
        return _plain_flags(super().get_params(ctx))


class Group(TyperGroup):
    def get_params(self, ctx: Any) -> list[Any]:
        return _plain_flags(super().get_params(ctx))


app = typer.Typer(
    name="locaudit", no_args_is_help=True, add_completion=False, cls=Group,
    pretty_exceptions_enable=False,
    help="Audit the localization gap of a help site: which articles exist in which "
         "language, weighted by traffic and markets, and what to translate next.",
)

FormatOpt = Annotated[list[str] | None, typer.Option(
    "--format", "-f",
    help="table, json, csv, markdown, html, junit, or all (repeatable or comma list).")]
OutputOpt = Annotated[str | None, typer.Option(
    "--output", "-o", help="Write to this file (its extension picks the format when -f is not "
    "given), or into this directory (a trailing / or an existing one): one file per format.")]
TableOpt = Annotated[str | None, typer.Option(
    "--table", help="The CSV table of a single CSV output: locales, articles, backlog, "
    "findings (default: backlog in a file, locales on stdout).")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Only errors on stderr.")]
VerboseOpt = Annotated[bool, typer.Option("--verbose", "-v",
                                          help="More detail; tracebacks on internal errors.")]
NoProgressOpt = Annotated[bool, typer.Option("--no-progress", help="No progress display.")]
FreshOpt = Annotated[bool, typer.Option(
    "--fresh", help="Start a new crawl even if an interrupted one could be resumed.")]

WaitOpt = Annotated[bool, typer.Option(
    "--wait", help="If another locaudit is crawling the same store, wait for it to finish "
                   "instead of exiting.")]
SampleOpt = Annotated[int | None, typer.Option(
    "--sample", min=1, metavar="N",
    help="Estimate from the sitemaps and a random sample of N articles (each in every "
         "locale) instead of crawling: site.source: sample, site.sample: N.")]
