"""Outputs do what they say (issue: the first hour of a real user): the format follows the
file name, a folder is a folder, one CSV is one file, and written files are announced."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from locaudit.errors import ConfigError
from locaudit.formats import Format
from locaudit.formats.outputs import plan
from tests.test_check import write_report
from tests.test_cli import SRC, run_cli

NO_GATES = "site:\n  start_urls: ['https://help.acme.example/hc/en-us']\n"


@pytest.mark.parametrize(("name", "fmt"), [
    ("report.html", Format.HTML), ("r.json", Format.JSON), ("summary.md", Format.MARKDOWN),
    ("report.junit.xml", Format.JUNIT), ("junit.xml", Format.JUNIT), ("out.txt", Format.TABLE),
    ("REPORT.HTML", Format.HTML), ("report", Format.TABLE)])
def test_the_extension_picks_the_format_when_f_is_not_given(name: str, fmt: Format) -> None:
    [target] = plan(None, name, output_is_dir=False)
    assert (target.fmt, target.path) == (fmt, Path(name))


def test_f_wins_over_the_extension_and_a_trailing_slash_means_a_folder() -> None:
    assert [(t.fmt, t.path) for t in plan([Format.JSON], "x.html", output_is_dir=False)
            ] == [(Format.JSON, Path("x.html"))]
    assert [(t.fmt, t.path) for t in plan([Format.HTML], "reports/", output_is_dir=False)
            ] == [(Format.HTML, Path("reports") / "report.html")]
    assert [t.path for t in plan([Format.HTML], "reports", output_is_dir=True)
            ] == [Path("reports") / "report.html"]


def test_one_csv_file_is_one_table_and_stdout_keeps_the_locales() -> None:
    assert plan(None, "b.csv", output_is_dir=False)[0].csv_table == "backlog"
    assert plan([Format.CSV], "f.csv", output_is_dir=False,
                csv_table="findings")[0].csv_table == "findings"
    assert plan([Format.CSV], None, output_is_dir=False)[0].csv_table == "locales"
    assert plan([Format.CSV], "out/", output_is_dir=False)[0].csv_table is None
    with pytest.raises(ConfigError, match="unknown table 'backlogs'"):
        plan([Format.CSV], "b.csv", output_is_dir=False, csv_table="backlogs")


def test_several_formats_on_stdout_are_a_usage_error() -> None:
    with pytest.raises(ConfigError, match="2 formats need -o DIR"):
        plan([Format.JSON, Format.HTML], None, output_is_dir=False)


def _check(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    config = tmp_path / "site.yaml"
    config.write_text(NO_GATES, encoding="utf-8")
    report = write_report(tmp_path / "report.json")
    return run_cli("check", str(config), "--report", str(report), *args, cwd=tmp_path)


def test_report_html_without_f_is_html_and_announced(tmp_path: Path) -> None:
    result = _check(tmp_path, "-o", "client.html")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "client.html").read_text().lstrip().lower().startswith("<!doctype html")
    assert "wrote client.html" in result.stderr


def test_csv_to_a_file_is_the_backlog_not_a_folder(tmp_path: Path) -> None:
    result = _check(tmp_path, "-f", "csv", "-o", "backlog.csv")
    assert result.returncode == 0, result.stderr
    lines = (tmp_path / "backlog.csv").read_text().splitlines()
    # The sample report's backlog: articles 1 and 2 in ja.
    assert lines[0] == "rank,article,locale,gain,words,cost,currency,cumulative_score"
    assert [line.split(",")[1:3] for line in lines[1:]] == [["1", "ja"], ["2", "ja"]]


def test_a_new_folder_with_a_slash_and_every_format_counted(tmp_path: Path) -> None:
    html = _check(tmp_path, "-f", "html", "-o", "reports/")
    assert html.returncode == 0 and (tmp_path / "reports" / "report.html").is_file()
    everything = _check(tmp_path, "--format", "all", "-o", "out/")
    # table, json, markdown, html, junit, and csv as 4 tables: 9 files.
    assert everything.returncode == 0, everything.stderr
    assert "wrote 9 files to out (open out/report.html)" in everything.stderr
    assert len([p for p in (tmp_path / "out").rglob("*") if p.is_file()]) == 9


def test_format_all_without_o_is_exit_2_and_nothing_on_stdout(tmp_path: Path) -> None:
    result = _check(tmp_path, "--format", "all")
    assert result.returncode == 2
    assert result.stdout == "" and "formats need -o DIR" in result.stderr


def test_check_without_gates_warns_that_only_completeness_was_checked(tmp_path: Path) -> None:
    result = _check(tmp_path, "-f", "json", "-o", "gated.json")
    assert result.returncode == 0
    assert "no gates configured: only crawl completeness was checked" in result.stderr


def test_check_on_a_site_that_is_down_still_leaves_junit_and_a_summary(tmp_path: Path) -> None:
    config = tmp_path / "down.yaml"
    config.write_text("site:\n  start_urls: ['http://127.0.0.1:9/hc/en-us']\n"
                      "crawl: {retries: 0}\ngates: {min_score: 0.5}\n", encoding="utf-8")
    summary = tmp_path / "summary.md"
    result = run_cli("check", str(config), "-f", "junit", "-o", "junit.xml", "--no-progress",
                     cwd=tmp_path, env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 3, result.stderr
    junit = (tmp_path / "junit.xml").read_text()
    assert '<error message="' in junit and 'errors="1"' in junit and "connection refused" in junit
    assert summary.read_text().startswith("## locaudit: no result")


def test_demo_serve_keeps_the_help_center_up_until_ctrl_c() -> None:
    proc = subprocess.Popen([sys.executable, "-m", "locaudit", "demo", "--serve"],
                            stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": SRC})
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        match = re.search(r"at (http://127\.0\.0\.1:\d+/hc/en-us) \(Ctrl-C to stop\)", line)
        assert match, line
        home = httpx.get(match.group(1), timeout=10)
        assert home.status_code == 200 and "Acme" in home.text
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) == 0
        assert "stopped" in proc.stderr.read()
    finally:
        proc.kill()


def test_a_traffic_file_covering_few_articles_is_a_warning_in_every_format(
        tmp_path: Path) -> None:
    from dataclasses import replace

    from locaudit.audit import run_audit
    from locaudit.demo.helpcenter import build_demo_site
    from locaudit.demo.run import demo_config
    from locaudit.demo.server import SiteServer
    from locaudit.formats import html, json_format, table

    # The demo has 40 source articles; this export has views for 2 of them.
    traffic = tmp_path / "few.csv"
    traffic.write_text("Page path and screen class,Views\n"
                       "/hc/en-us/articles/360001000-reset-your-password,3000\n"
                       "/hc/en-us/articles/360001010-reset-your-password-on-mobile,1000\n",
                       encoding="utf-8")
    with SiteServer(build_demo_site) as server:
        config = demo_config(server.base_url, tmp_path / "store")
        report = run_audit(replace(config, traffic=traffic))
    warning = ("warning: 38 of 40 source articles have no traffic: weights rest on 2 "
               "articles; is the traffic file complete?")
    assert warning in report.notes
    assert warning in " ".join(table.format(report).split())  # wrapped at 100 columns
    assert warning in json_format.to_dict(report)["notes"]
    assert warning in html.format(report)


def _closed_stdout(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run locaudit with stdout a pipe nobody reads any more (`locaudit ... | head` once
    head has exited): every write to it fails with EPIPE."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run([sys.executable, "-m", "locaudit", *args], stdout=write_end,
                              stderr=subprocess.PIPE, text=True, cwd=cwd, timeout=120,
                              env={**os.environ, "PYTHONPATH": SRC, "NO_COLOR": "1"})
    finally:
        os.close(write_end)


def test_check_into_a_closed_pipe_with_passing_gates_exits_0(tmp_path: Path) -> None:
    config = tmp_path / "site.yaml"
    config.write_text(NO_GATES + "gates: {min_score: 0.4}\n", encoding="utf-8")
    report = write_report(tmp_path / "report.json")  # score 0.45: the gate passes
    for fmt in ("table", "json"):
        result = _closed_stdout("check", str(config), "--report", str(report), "-f", fmt,
                                cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
        assert "pass  min_score" in result.stderr
    # A failing gate still exits 1: the pipe changes nothing but the lost output.
    config.write_text(NO_GATES + "gates: {min_score: 0.5}\n", encoding="utf-8")
    failed = _closed_stdout("check", str(config), "--report", str(report), cwd=tmp_path)
    assert failed.returncode == 1 and "FAIL  min_score" in failed.stderr


@pytest.mark.parametrize("args", [("markets", "DE", "CH"), ("--version",), ("diff", "r.json",
                                                                           "r.json")])
def test_other_commands_into_a_closed_pipe_exit_0(tmp_path: Path, args: tuple[str, ...]
                                                  ) -> None:
    write_report(tmp_path / "r.json")
    result = _closed_stdout(*args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
