"""The command line's terminal I/O: messages on stderr (secrets put back as ${VAR}),
reports on stdout or in files, progress. Only the command line uses it."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import replace
from pathlib import Path

from locaudit.config import Config
from locaudit.config.model import ReportBranding
from locaudit.crawl.crawler import ProgressFn
from locaudit.errors import ConfigError, ReportFileError
from locaudit.formats import Format, formatter, outputs
from locaudit.models import Report
from locaudit.redact import Redactor

state = {"verbose": False}
# The loaded config's ${VAR} values: every message and output goes through it (redact.py).
redactor = [Redactor()]
branding = [ReportBranding()]  # the loaded config's report: block, for the HTML


def say(message: str) -> None:
    """A line on stderr, the secrets put back as ${VAR}."""
    sys.stderr.write(redactor[0].text(message) + "\n")


def out(text: str) -> None:
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


def waiting(quiet: bool) -> Callable[[str], None]:
    """What a crawl waiting for the store's lock says (nothing with --quiet)."""
    def tell(message: str) -> None:
        if not quiet:
            say(f"locaudit: {message}")
    return tell


def load(target: str) -> Config:
    from locaudit.config import (
        SOURCE_PREFIXES,
        config_for_directory,
        config_for_url,
        load_config,
    )

    if target.startswith(("http://", "https://", *SOURCE_PREFIXES)):
        cfg = config_for_url(target)
    elif Path(target).is_dir():
        from locaudit.sources.site_files import public_base_url

        cfg = config_for_directory(Path(target), public_base_url(Path(target)))
    elif not Path(target).exists():
        raise ConfigError("no such config file or folder (give a config path, a build "
                          "folder or an http(s) URL)", file=target)
    else:
        cfg = load_config(target)
    redactor[0] = Redactor(cfg.secrets)
    branding[0] = cfg.report
    return cfg


def formats(values: list[str] | None) -> list[Format] | None:
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


def targets(values: list[str] | None, output: str | None,
             csv_table: str | None = None) -> list[outputs.Target]:
    """Check -f, -o and --table before any crawl starts: a usage error costs no crawl."""
    return outputs.plan(formats(values), output,
                        output_is_dir=output is not None and Path(output).is_dir(),
                        csv_table=csv_table)


def emit(report: Report, targets: list[outputs.Target], output: str | None,
          quiet: bool = False) -> None:
    """Render each target to stdout or its file, then say in one line what was written.
    The HTML takes the loaded config's `report:` block (title, client, logo).

    The table gets colour and bars only on a terminal (and never with NO_COLOR); Markdown is
    also appended to $GITHUB_STEP_SUMMARY when that is set, as GitHub Actions expects.
    """
    from locaudit.formats import csv_format, html, markdown, table

    report = redactor[0].value(report)  # every string, before any format escapes it
    written: list[Path] = []
    for target in targets:
        fmt = target.fmt
        if fmt is Format.MARKDOWN and os.environ.get("GITHUB_STEP_SUMMARY"):
            with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as summary:
                summary.write(markdown.format(report))
        if fmt is Format.CSV and target.csv_table is None and target.path is not None:
            for name, content in csv_format.tables(report).items():
                written.append(write(target.path / name, content))
            continue
        if fmt is Format.TABLE:
            tty = target.path is None and sys.stdout.isatty()
            text = table.format(report, color=tty and "NO_COLOR" not in os.environ, bars=tty)
        elif fmt is Format.CSV:
            text = csv_format.tables(report)[f"{target.csv_table}.csv"]
        elif fmt is Format.HTML:
            brand = branding[0]
            text = html.format(report, replace(
                brand, title=redactor[0].text(brand.title or "") or None,
                client=redactor[0].text(brand.client or "") or None))
        else:
            text = formatter(fmt)(report)
        if target.path is None:
            out(text)
        else:
            written.append(write(target.path, text))
    if written and output is not None and not quiet:
        say(outputs.summary(written, output))


def write(path: Path, text: str) -> Path:
    """Write an output file; a path that cannot be written is a usage error, not a crash."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ReportFileError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path


@contextmanager
def progress(enabled: bool) -> Iterator[ProgressFn | None]:
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
                say(f"locaudit: {done} pages, {queued} queued, {errors} errors, "
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

def emit_no_result(message: str, targets: list[outputs.Target]) -> None:
    """A crawl with no result still leaves a JUnit file with an error case and a step-summary
    line, so a dashboard shows "site unreachable" rather than nothing."""
    from locaudit.formats import junit

    message = redactor[0].text(message)
    for target in targets:
        if target.fmt is Format.JUNIT and target.path is not None:
            write(target.path, junit.no_result(message))
    if os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as summary:
            summary.write(f"## locaudit: no result\n\n{message}\n")
