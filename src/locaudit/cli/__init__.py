"""The command line. Thin: parse options, call the library, print, pick the exit code.

This package is the only place that does terminal I/O (its `terminal` module), and
`main()` turns errors into exit codes through `errors.exit_code_for`, the one mapping.
"""

from __future__ import annotations

import signal
import sys
import time
import traceback
from pathlib import Path
from typing import Annotated

import typer

from locaudit import __version__
from locaudit.cli import terminal as io
from locaudit.cli.app import (
    Command,
    FormatOpt,
    FreshOpt,
    NoProgressOpt,
    OutputOpt,
    QuietOpt,
    SampleOpt,
    TableOpt,
    VerboseOpt,
    WaitOpt,
    app,
)
from locaudit.cli.history import stored_baseline  # also registers `locaudit history`
from locaudit.errors import (
    ConfigError,
    ExitCode,
    LocauditError,
    NoResultError,
    exit_code_for,
)
from locaudit.redact import Redactor


@app.command(cls=Command)
def audit(
    config: Annotated[str, typer.Argument(
        help="Config file (YAML), the help site's URL, or a static site's build folder.")],
    format: FormatOpt = None,
    output: OutputOpt = None, table: TableOpt = None, quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    no_progress: NoProgressOpt = False, fresh: FreshOpt = False, wait: WaitOpt = False,
    sample: SampleOpt = None,
) -> None:
    """Crawl a help site, analyse it, and print the localization gap report.

    Example: locaudit audit acme.yaml --format table,json -o reports/

    Example: locaudit audit ./public  (a build folder: read from disk, no network)

    Example: locaudit audit https://help.acme.example --sample 200  (estimates, in minutes)
    """
    io.state["verbose"] = verbose
    from locaudit.audit import run_audit

    targets = io.targets(format, output, table)
    cfg = io.with_sample(io.load(config), sample)
    with io.progress(not (quiet or no_progress)) as progress:
        report = run_audit(cfg, on_progress=progress, fresh=fresh, wait=wait,
                           on_wait=io.waiting(quiet))
    io.emit(report, targets, output, quiet)


@app.command(cls=Command)
def crawl(
    config: Annotated[str, typer.Argument(help="Config file (YAML) or the help site's URL.")],
    quiet: QuietOpt = False, verbose: VerboseOpt = False, no_progress: NoProgressOpt = False,
    fresh: FreshOpt = False, wait: WaitOpt = False,
) -> None:
    """Fill the store (crawl.store) from the site's source; resumes an interrupted crawl.

    Example: locaudit crawl acme.yaml && locaudit report acme.yaml --format json
    """
    io.state["verbose"] = verbose
    from locaudit.audit import open_store
    from locaudit.sources import fill_store

    cfg = io.load(config)
    store = open_store(cfg, fresh=fresh, wait=wait, on_wait=io.waiting(quiet))
    try:
        with io.progress(not (quiet or no_progress)) as progress:
            stats = fill_store(cfg, store, on_progress=progress, fresh=fresh)
    finally:
        store.close()
    if not quiet:
        for notice in store.notices:
            io.say(f"locaudit: note: {notice}")
        state = "complete" if stats.complete else f"incomplete ({stats.stop_reason})"
        io.say(f"{stats.pages} pages, {stats.errors} errors, {stats.robots_blocked} "
             f"blocked by robots.txt, {stats.duration_s:.1f} s, {state}; "
             f"stored in {store.path}")


@app.command(cls=Command)
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
    io.state["verbose"] = verbose
    from locaudit.audit import open_store, report_of

    targets = io.targets(format, output, table)
    cfg = io.load(config)
    # Read-only, no lock: works on a read-only store, and while a crawl writes it (it reads
    # the last finished run).
    store = open_store(cfg, read_only=True)
    try:
        result = report_of(cfg, store)  # a run crawled by `crawl` joins the history here
    finally:
        store.close()
    io.emit(result, targets, output, quiet)


@app.command(cls=Command)
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
    io.state["verbose"] = verbose
    from locaudit.config import config_for_url
    from locaudit.probe import probe_site, starter_config

    if output.exists() and not force:
        raise ConfigError(f"{output} exists; pass --force to overwrite it")
    config_for_url(url)  # the URL is checked like any start URL before the network is used
    found = probe_site(url, max_pages=pages)
    io.write(output, starter_config(found))
    typer.echo(f"{found.pages} pages probed: platform {found.platform}, locales "
               f"{', '.join(found.locales)} (source {found.source_locale}), locale in URLs: "
               f"{found.locale_rule}. Wrote {output}; next: locaudit audit {output}", err=True)


@app.command(cls=Command)
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
    io.state["verbose"] = verbose
    if serve:
        _serve_demo(port)
        return
    from locaudit.demo.run import run_demo

    targets = io.targets(format, output, table)
    with io.progress(not (quiet or no_progress)) as progress:
        report = run_demo(on_progress=progress)
    io.emit(report, targets, output, quiet)


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


@app.command(cls=Command)
def check(
    config: Annotated[str, typer.Argument(help="Config file (YAML) with a gates: section.")],
    report_file: Annotated[Path | None, typer.Option(
        "--report", help="Gate this JSON report instead of auditing the site again.")] = None,
    baseline: Annotated[Path | None, typer.Option(
        "--baseline", help="An earlier JSON report: enables gates.max_drop, and every "
        "output says what changed since it (default: the previous run in the store's "
        "history).")] = None,
    format: FormatOpt = None,
    output: OutputOpt = None, table: TableOpt = None, quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    no_progress: NoProgressOpt = False, wait: WaitOpt = False, sample: SampleOpt = None,
) -> None:
    """CI gate: audit (or reuse --report), evaluate gates; exit 1 when one fails.

    Example: locaudit check acme.yaml --baseline last-week.json --format markdown,json -o out/
    """
    io.state["verbose"] = verbose
    from locaudit.diff import with_changes
    from locaudit.formats import Format
    from locaudit.formats.changes import text_lines
    from locaudit.formats.json_format import load_report
    from locaudit.gate import evaluate, passed, with_gates

    targets = io.targets(format, output, table)
    cfg = io.with_sample(io.load(config), sample)
    old = load_report(str(baseline)) if baseline is not None else None
    if report_file is not None:
        current = load_report(str(report_file))
    else:
        from locaudit.audit import run_audit

        try:
            with io.progress(not (quiet or no_progress)) as progress:
                current = run_audit(cfg, on_progress=progress, wait=wait,
                                    on_wait=io.waiting(quiet))
        except NoResultError as exc:  # CI dashboards still get a result that says why
            io.emit_no_result(str(exc), targets)
            raise
    if old is None:
        old = stored_baseline(cfg, current, quiet)
    results = evaluate(current, cfg.gates, old)
    gated = with_gates(current if old is None else with_changes(current, old), results)
    io.emit(gated, targets, output, quiet)
    if not quiet:
        gates = cfg.gates
        if (gates.min_score is None and not gates.min_coverage and gates.max_drop is None
                and not gates.fail_on):
            io.say("warning: no gates configured: only crawl completeness was checked "
                 "(add gates: min_score, min_coverage, max_drop, fail_on)")
        for gate in results:
            mark = "pass" if gate.passed else "FAIL"
            io.say(f"{mark}  {gate.name}: {gate.message}")
        table_on_stdout = any(t.fmt is Format.TABLE and t.path is None for t in targets)
        if gated.changes is not None and not table_on_stdout:  # the table shows them
            for line in text_lines(gated.changes):  # io.say redacts
                io.say(line)
    if not passed(results):
        raise typer.Exit(int(ExitCode.GATE_FAILED))



@app.command(cls=Command)
def diff(
    reports: Annotated[list[str], typer.Argument(
        help="OLD.json NEW.json; or, with --from/--to, the config whose history to use.",
        metavar="OLD.json NEW.json | CONFIG")],
    since: Annotated[str | None, typer.Option(
        "--from", help="A run of the config's history: its id, a date (YYYY-MM-DD: the last "
        "run of that day or before), first, previous or last (default: previous).")] = None,
    until: Annotated[str | None, typer.Option(
        "--to", help="The later run, named the same way (default: last).")] = None,
    format: Annotated[str, typer.Option("--format", "-f",
                                        help="table, markdown or json.")] = "table",
    output: OutputOpt = None,
) -> None:
    """What changed between two reports: per-locale deltas, newly missing and translated.

    Example: locaudit diff last-week.json today.json --format markdown

    Example: locaudit diff acme.yaml --from 2026-11-01 --to last
    """
    from locaudit.diff import diff_reports
    from locaudit.formats.diff_format import RENDERERS as renderers
    from locaudit.formats.json_format import load_report

    if format not in renderers:
        raise ConfigError(f"unknown format '{format}' (choose from table, markdown, json)",
                          key="--format")
    if since is not None or until is not None:
        if len(reports) != 1:
            raise ConfigError("with --from/--to, give one config (its history is compared)",
                              key="diff")
        from locaudit.history.api import stored_report

        cfg = io.load(reports[0])
        before = stored_report(cfg, since or "previous", "--from")
        after = stored_report(cfg, until or "last", "--to")
    elif len(reports) == 2:
        before, after = load_report(reports[0]), load_report(reports[1])
    else:
        raise ConfigError("give two JSON reports (OLD.json NEW.json), or a config with "
                          "--from/--to", key="diff")
    changes = diff_reports(before, after)
    text = renderers[format](changes)
    if output is not None or format == "json":  # the text output already says it
        for warning in changes.warnings:
            io.say(f"warning: the reports differ: {warning}")
    if output is None:
        io.out(text)
    else:
        io.write(Path(output), text)


@app.command(cls=Command)
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
        io.out(f"{code}: " + ", ".join(f"{lang} {share:.1%}" for lang, share in
                                    shares.items()) + "\n")
        inner = ", ".join(f"{lang}: {share:.3f}" for lang, share in shares.items())
        yaml_lines.append(f"  - {{country: {code}, share: 1.0, languages: {{{inner}}}}}")
    io.out("\n# as a config block (set each share to the country's share of customers):\n")
    io.out("\n".join(yaml_lines) + "\n")


def _version_callback(value: bool) -> None:
    if value:
        io.out(f"locaudit {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version_callback,
                                          is_eager=True, help="Show the version.")] = False,
) -> None:
    """locaudit: measure the localization gap of a help site."""


def main(argv: list[str] | None = None) -> None:
    """Entry point. Typer handles usage errors itself (exit 2); everything else lands here."""
    # SIGTERM (a CI timeout, `kill`) stops a crawl like Ctrl-C: the store is flushed and the
    # same command resumes it.
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    io.redactor[0] = Redactor()
    try:
        app(args=argv, prog_name="locaudit")
    except LocauditError as exc:
        io.say(f"locaudit: error: {exc}")
        sys.exit(int(exit_code_for(exc)))
    except KeyboardInterrupt:
        sys.stderr.write("locaudit: interrupted\n")
        sys.exit(int(ExitCode.INTERRUPTED))
    except Exception as exc:  # the top-level catch: a crash must never look like a gate
        if io.state["verbose"]:
            sys.stderr.write(io.redactor[0].text(traceback.format_exc()))
        io.say(f"locaudit: internal error: {type(exc).__name__}: {exc}. This is a bug; please "
             "report it with the command you ran (rerun with --verbose for the traceback).")
        sys.exit(int(ExitCode.INTERNAL))
    finally:
        signal.signal(signal.SIGTERM, previous)


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


# Commands defined in their own modules register on `app` when imported.
from locaudit.cli import survey as _survey  # noqa: E402,F401
