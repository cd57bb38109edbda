"""The command line. Thin: parse options, call the library, print, pick the exit code.

This is the only module that does terminal I/O, and `main()` is the one place that maps
errors to exit codes (ExitCode in errors.py).
"""

from __future__ import annotations

import os
import signal
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from locaudit import __version__
from locaudit.config import Config
from locaudit.crawl.crawler import ProgressFn
from locaudit.errors import (
    ConfigError,
    ExitCode,
    Interrupted,
    LocauditError,
    NoResultError,
    ReportFileError,
    StoreBusyError,
    StoreError,
)
from locaudit.formats import Format, formatter, outputs
from locaudit.models import Report
from locaudit.redact import Redactor


def _plain_flags(params: list[Any]) -> list[Any]:
    """Flags (--quiet, --help, --version) take no value: shown plain in --help, not as
    `--quiet <bool>` (recent typer writes a type for every option)."""
    for param in params:
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""
    return params


class _Command(TyperCommand):
    def get_params(self, ctx: Any) -> list[Any]:
        return _plain_flags(super().get_params(ctx))


class _Group(TyperGroup):
    def get_params(self, ctx: Any) -> list[Any]:
        return _plain_flags(super().get_params(ctx))


app = typer.Typer(
    name="locaudit", no_args_is_help=True, add_completion=False, cls=_Group,
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

_state = {"verbose": False}
# The loaded config's ${VAR} values: every message and output goes through it (redact.py).
_redactor = [Redactor()]


def _say(message: str) -> None:
    """A line on stderr, the secrets put back as ${VAR}."""
    sys.stderr.write(_redactor[0].text(message) + "\n")


def _out(text: str) -> None:
    """Text on stdout. A reader that went away (`locaudit check ... | head`) is not a
    failure: the rest of the output is dropped and the command's exit code stands (0 when
    the gates passed, never 1 for the pipe)."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # Python flushes stdout again at exit: point it at /dev/null so that cannot fail.
        # (no real file descriptor when tests capture stdout: nothing to do)
        with suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _waiting(quiet: bool) -> Callable[[str], None]:
    def say(message: str) -> None:
        if not quiet:
            _say(f"locaudit: {message}")
    return say


def _load(target: str) -> Config:
    from locaudit.config import config_for_url, load_config

    if target.startswith(("http://", "https://")):
        cfg = config_for_url(target)
    elif not Path(target).exists():
        raise ConfigError("no such config file (give a config path or an http(s) URL)",
                          file=target)
    else:
        cfg = load_config(target)
    _redactor[0] = Redactor(cfg.secrets)
    return cfg


def _formats(values: list[str] | None) -> list[Format] | None:
    """The formats asked for with -f, in order; None when -f was not given."""
    if not values:
        return None
    chosen: list[Format] = []
    for value in values:
        for name in value.split(","):
            name = name.strip().lower()
            if not name:
                continue
            if name == "all":
                chosen.extend(f for f in Format if f not in chosen)
                continue
            try:
                fmt = Format(name)
            except ValueError:
                valid = ", ".join(f.value for f in Format)
                raise ConfigError(f"unknown format '{name}' (choose from {valid})",
                                  key="--format") from None
            if fmt not in chosen:
                chosen.append(fmt)
    return chosen or None


def _targets(values: list[str] | None, output: str | None,
             csv_table: str | None = None) -> list[outputs.Target]:
    """Check -f, -o and --table before any crawl starts: a usage error costs no crawl."""
    return outputs.plan(_formats(values), output,
                        output_is_dir=output is not None and Path(output).is_dir(),
                        csv_table=csv_table)


def _emit(report: Report, targets: list[outputs.Target], output: str | None,
          quiet: bool = False) -> None:
    """Render each target to stdout or its file, then say in one line what was written.

    The table gets colour and bars only on a terminal (and never with NO_COLOR); Markdown is
    also appended to $GITHUB_STEP_SUMMARY when that is set, as GitHub Actions expects.
    """
    from locaudit.formats import csv_format, markdown, table

    report = _redactor[0].value(report)  # every string, before any format escapes it
    written: list[Path] = []
    for target in targets:
        fmt = target.fmt
        if fmt is Format.MARKDOWN and os.environ.get("GITHUB_STEP_SUMMARY"):
            with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as summary:
                summary.write(markdown.format(report))
        if fmt is Format.CSV and target.csv_table is None and target.path is not None:
            for name, content in csv_format.tables(report).items():
                written.append(_write(target.path / name, content))
            continue
        if fmt is Format.TABLE:
            tty = target.path is None and sys.stdout.isatty()
            text = table.format(report, color=tty and "NO_COLOR" not in os.environ, bars=tty)
        elif fmt is Format.CSV:
            text = csv_format.tables(report)[f"{target.csv_table}.csv"]
        else:
            text = formatter(fmt)(report)
        if target.path is None:
            _out(text)
        else:
            written.append(_write(target.path, text))
    if written and output is not None and not quiet:
        _say(outputs.summary(written, output))


def _write(path: Path, text: str) -> Path:
    """Write an output file; a path that cannot be written is a usage error, not a crash."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ReportFileError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path


@contextmanager
def _progress(enabled: bool) -> Iterator[ProgressFn | None]:
    """Crawl progress on stderr: a live rich bar on a terminal, a plain line every 10 s
    otherwise (CI logs), nothing with --quiet or --no-progress."""
    if not enabled:
        yield None
        return
    started = time.monotonic()
    if not sys.stderr.isatty():
        last = [started]

        def plain(done: int, queued: int, errors: int) -> None:
            now = time.monotonic()
            if now - last[0] >= 10:
                last[0] = now
                rate = done / (now - started)
                eta = f", ~{queued / rate:.0f} s left" if rate > 0 else ""
                _say(f"locaudit: {done} pages, {queued} queued, {errors} errors, "
                     f"{rate:.0f} pages/s{eta}")

        yield plain
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    # The total is what is known so far (done + queued): the ETA firms up as the frontier
    # (sitemaps first) stops growing.
    columns = (TextColumn("crawling"), BarColumn(),
               TextColumn("{task.completed} pages, {task.fields[queued]} queued, "
                          "{task.fields[errors]} errors, {task.fields[rate]} pages/s"),
               TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("crawl", total=None, queued=0, errors=0, rate="0")

        def live(done: int, queued: int, errors: int) -> None:
            rate = done / max(time.monotonic() - started, 1e-6)
            bar.update(task, completed=done, total=done + queued, queued=queued,
                       errors=errors, rate=f"{rate:.0f}")

        yield live


@app.command(cls=_Command)
def audit(
    config: Annotated[str, typer.Argument(help="Config file (YAML) or the help site's URL.")],
    format: FormatOpt = None,
    output: OutputOpt = None, table: TableOpt = None, quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    no_progress: NoProgressOpt = False, fresh: FreshOpt = False, wait: WaitOpt = False,
) -> None:
    """Crawl a help site, analyse it, and print the localization gap report.

    Example: locaudit audit acme.yaml --format table,json -o reports/
    """
    _state["verbose"] = verbose
    from locaudit.audit import run_audit

    targets = _targets(format, output, table)
    cfg = _load(config)
    with _progress(not (quiet or no_progress)) as progress:
        report = run_audit(cfg, on_progress=progress, fresh=fresh, wait=wait,
                           on_wait=_waiting(quiet))
    _emit(report, targets, output, quiet)


@app.command(cls=_Command)
def crawl(
    config: Annotated[str, typer.Argument(help="Config file (YAML) or the help site's URL.")],
    quiet: QuietOpt = False, verbose: VerboseOpt = False, no_progress: NoProgressOpt = False,
    fresh: FreshOpt = False, wait: WaitOpt = False,
) -> None:
    """Crawl the site into the store (crawl.store); resumes an interrupted crawl.

    Example: locaudit crawl acme.yaml && locaudit report acme.yaml --format json
    """
    _state["verbose"] = verbose
    from locaudit.audit import crawl_site, open_store

    cfg = _load(config)
    store = open_store(cfg, fresh=fresh, wait=wait, on_wait=_waiting(quiet))
    try:
        with _progress(not (quiet or no_progress)) as progress:
            stats = crawl_site(cfg, store, on_progress=progress, fresh=fresh)
    finally:
        store.close()
    if not quiet:
        for notice in store.notices:
            _say(f"locaudit: note: {notice}")
        state = "complete" if stats.complete else f"incomplete ({stats.stop_reason})"
        _say(f"{stats.pages} pages, {stats.errors} errors, {stats.robots_blocked} "
             f"blocked by robots.txt, {stats.duration_s:.1f} s, {state}; "
             f"stored in {store.path}")


@app.command(cls=_Command)
def report(
    config: Annotated[str, typer.Argument(help="Config file (YAML) or the help site's URL.")],
    format: FormatOpt = None,
    output: OutputOpt = None, table: TableOpt = None, quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Analyse the stored crawl again, without network (new weights, new formats).

    It shows the last finished crawl; when only an interrupted one is stored, that crawl,
    marked partial (complete: false).

    Example: locaudit report acme.yaml --format json -o report.json
    """
    _state["verbose"] = verbose
    from locaudit.audit import analyze, open_store

    targets = _targets(format, output, table)
    cfg = _load(config)
    # Read-only, no lock: works on a read-only store, and while a crawl writes it (it reads
    # the last finished run).
    store = open_store(cfg, read_only=True)
    try:
        result = analyze(cfg, store)
    finally:
        store.close()
    _emit(result, targets, output, quiet)


@app.command(cls=_Command)
def init(
    url: Annotated[str, typer.Argument(help="The help site's home page.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write the config.")
                      ] = Path("locaudit.yaml"),
    pages: Annotated[int, typer.Option("--pages", min=5, help="Pages to probe.")] = 60,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    verbose: VerboseOpt = False,
) -> None:
    """Probe a help site and write a starter config (platform, locales, URL patterns).

    Reads a few dozen pages, like the audit would, and fills in the platform profile, the
    locales and where the locale sits in URLs.

    Example: locaudit init https://help.acme.example/hc/en-us -o acme.yaml
    """
    _state["verbose"] = verbose
    from locaudit.config import config_for_url
    from locaudit.probe import probe_site, starter_config

    if output.exists() and not force:
        raise ConfigError(f"{output} exists; pass --force to overwrite it")
    config_for_url(url)  # the URL is checked like any start URL before the network is used
    found = probe_site(url, max_pages=pages)
    _write(output, starter_config(found))
    typer.echo(f"{found.pages} pages probed: platform {found.platform}, locales "
               f"{', '.join(found.locales)} (source {found.source_locale}), locale in URLs: "
               f"{found.locale_rule}. Wrote {output}; next: locaudit audit {output}", err=True)


@app.command(cls=_Command)
def demo(
    format: FormatOpt = None,
    output: OutputOpt = None, table: TableOpt = None, quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    no_progress: NoProgressOpt = False,
    serve: Annotated[bool, typer.Option(
        "--serve", help="Only serve the demo help center until Ctrl-C, to try init and "
        "audit URL on it.")] = False,
    port: Annotated[int, typer.Option("--port", min=0, max=65535,
                                      help="Port for --serve (0: any free port).")] = 0,
) -> None:
    """Serve the bundled sample help center on 127.0.0.1 and audit it, offline.

    Example: locaudit demo --format all -o demo-report/

    Example: locaudit demo --serve --port 8000  (then: locaudit audit http://127.0.0.1:8000/hc/en-us)
    """
    _state["verbose"] = verbose
    if serve:
        _serve_demo(port)
        return
    from locaudit.demo.run import run_demo

    targets = _targets(format, output, table)
    with _progress(not (quiet or no_progress)) as progress:
        report = run_demo(on_progress=progress)
    _emit(report, targets, output, quiet)


def _serve_demo(port: int) -> None:
    from locaudit.demo.run import demo_server

    try:
        with demo_server(port) as server:
            url = f"{server.base_url}/hc/en-us"
            typer.echo(f"serving the demo help center at {url} (Ctrl-C to stop)\n"
                       f"try: locaudit init {url} -o demo.yaml && locaudit audit demo.yaml",
                       err=True)
            while True:
                time.sleep(3600)
    except OSError as exc:
        raise ConfigError(f"cannot serve on 127.0.0.1:{port}: {exc.strerror or exc}",
                          key="--port") from None
    except KeyboardInterrupt:
        typer.echo("stopped", err=True)


@app.command(cls=_Command)
def check(
    config: Annotated[str, typer.Argument(help="Config file (YAML) with a gates: section.")],
    report_file: Annotated[Path | None, typer.Option(
        "--report", help="Gate this JSON report instead of auditing the site again.")] = None,
    baseline: Annotated[Path | None, typer.Option(
        "--baseline", help="An earlier JSON report: enables gates.max_drop.")] = None,
    format: FormatOpt = None,
    output: OutputOpt = None, table: TableOpt = None, quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    no_progress: NoProgressOpt = False, wait: WaitOpt = False,
) -> None:
    """CI gate: audit (or reuse --report), evaluate gates; exit 1 when one fails.

    Example: locaudit check acme.yaml --baseline last-week.json --format markdown,json -o out/
    """
    _state["verbose"] = verbose
    from locaudit.formats.json_format import load_report
    from locaudit.gate import evaluate, passed, with_gates

    targets = _targets(format, output, table)
    cfg = _load(config)
    old = load_report(str(baseline)) if baseline is not None else None
    if report_file is not None:
        current = load_report(str(report_file))
    else:
        from locaudit.audit import run_audit

        try:
            with _progress(not (quiet or no_progress)) as progress:
                current = run_audit(cfg, on_progress=progress, wait=wait,
                                    on_wait=_waiting(quiet))
        except NoResultError as exc:  # CI dashboards still get a result that says why
            _emit_no_result(str(exc), targets)
            raise
    results = evaluate(current, cfg.gates, old)
    _emit(with_gates(current, results), targets, output, quiet)
    if not quiet:
        gates = cfg.gates
        if (gates.min_score is None and not gates.min_coverage and gates.max_drop is None
                and not gates.fail_on):
            _say("warning: no gates configured: only crawl completeness was checked "
                 "(add gates: min_score, min_coverage, max_drop, fail_on)")
        for gate in results:
            mark = "pass" if gate.passed else "FAIL"
            _say(f"{mark}  {gate.name}: {gate.message}")
    if not passed(results):
        raise typer.Exit(int(ExitCode.GATE_FAILED))


def _emit_no_result(message: str, targets: list[outputs.Target]) -> None:
    """A crawl with no result still leaves a JUnit file with an error case and a step-summary
    line, so a dashboard shows "site unreachable" rather than nothing."""
    from locaudit.formats import junit

    message = _redactor[0].text(message)
    for target in targets:
        if target.fmt is Format.JUNIT and target.path is not None:
            _write(target.path, junit.no_result(message))
    if os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as summary:
            summary.write(f"## locaudit: no result\n\n{message}\n")


@app.command(cls=_Command)
def diff(
    old: Annotated[Path, typer.Argument(help="The earlier JSON report.")],
    new: Annotated[Path, typer.Argument(help="The later JSON report.")],
    format: Annotated[str, typer.Option("--format", "-f",
                                        help="table, markdown or json.")] = "table",
    output: OutputOpt = None,
) -> None:
    """What changed between two reports: per-locale deltas, newly missing and translated.

    Example: locaudit diff last-week.json today.json --format markdown
    """
    from locaudit.diff import diff_reports
    from locaudit.formats.diff_format import RENDERERS as renderers
    from locaudit.formats.json_format import load_report

    if format not in renderers:
        raise ConfigError(f"unknown format '{format}' (choose from table, markdown, json)",
                          key="--format")
    changes = diff_reports(load_report(str(old)), load_report(str(new)))
    text = renderers[format](changes)
    if output is not None or format == "json":  # the text output already says it
        for warning in changes.warnings:
            _say(f"warning: the reports differ: {warning}")
    if output is None:
        _out(text)
    else:
        _write(Path(output), text)


@app.command(cls=_Command)
def markets(
    countries: Annotated[list[str], typer.Argument(help="ISO 3166 country codes, e.g. DE CH.")],
    min_language_share: Annotated[float, typer.Option(
        help="Drop languages under this share of a country.")] = 0.01,
) -> None:
    """Show the language demand locaudit derives for countries from CLDR.

    Example: locaudit markets CH BE CA
    """
    from locaudit.metrics.markets import country_languages

    yaml_lines = ["markets:"]
    for raw in countries:
        code = raw.upper()
        shares = country_languages(code, min_language_share) if len(code) == 2 else {}
        if not shares:
            raise ConfigError(f"no CLDR language data for '{raw}' (use ISO 3166 alpha-2 "
                              "codes such as DE, CH, BR)", key="COUNTRY")
        _out(f"{code}: " + ", ".join(f"{lang} {share:.1%}" for lang, share in
                                    shares.items()) + "\n")
        inner = ", ".join(f"{lang}: {share:.3f}" for lang, share in shares.items())
        yaml_lines.append(f"  - {{country: {code}, share: 1.0, languages: {{{inner}}}}}")
    _out("\n# as a config block (set each share to the country's share of customers):\n")
    _out("\n".join(yaml_lines) + "\n")


def _version_callback(value: bool) -> None:
    if value:
        _out(f"locaudit {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version_callback,
                                          is_eager=True, help="Show the version.")] = False,
) -> None:
    """locaudit: measure the localization gap of a help site."""


def exit_code_for(exc: BaseException) -> ExitCode:
    """The one mapping from errors to exit codes."""
    if isinstance(exc, NoResultError | StoreError):
        return ExitCode.NO_RESULT
    if isinstance(exc, StoreBusyError):  # another crawl holds the store: try again later
        return ExitCode.USAGE
    if isinstance(exc, Interrupted):
        return ExitCode.INTERRUPTED
    if isinstance(exc, LocauditError):  # ConfigError, ReportFileError, ...
        return ExitCode.USAGE
    return ExitCode.INTERNAL


def main(argv: list[str] | None = None) -> None:
    """Entry point. Typer handles usage errors itself (exit 2); everything else lands here."""
    # SIGTERM (a CI timeout, `kill`) stops a crawl like Ctrl-C: the store is flushed and the
    # same command resumes it.
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    _redactor[0] = Redactor()
    try:
        app(args=argv, prog_name="locaudit")
    except LocauditError as exc:
        _say(f"locaudit: error: {exc}")
        sys.exit(int(exit_code_for(exc)))
    except KeyboardInterrupt:
        sys.stderr.write("locaudit: interrupted\n")
        sys.exit(int(ExitCode.INTERRUPTED))
    except Exception as exc:  # the top-level catch: a crash must never look like a gate
        if _state["verbose"]:
            sys.stderr.write(_redactor[0].text(traceback.format_exc()))
        _say(f"locaudit: internal error: {type(exc).__name__}: {exc}. This is a bug; please "
             "report it with the command you ran (rerun with --verbose for the traceback).")
        sys.exit(int(ExitCode.INTERNAL))
    finally:
        signal.signal(signal.SIGTERM, previous)


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
