"""Expanded secrets never appear in any output (issue 12): a `${HELP_TOKEN}` in a start URL,
a header or any string of the config is written back as `${HELP_TOKEN}` in every report
format, the step summary, messages and errors."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from locaudit.demo.server import SiteServer
from locaudit.redact import Redactor
from tests.report_fixture import BASE, sample_report
from tests.test_check import write_report
from tests.test_cli import free_port, run_cli

SECRET = "tok-5up3r-s3cr3t"
ENV = {"HELP_TOKEN": SECRET}


def everything(tmp_path: Path, result_out: str, result_err: str) -> str:
    """Every byte the run left behind: stdout, stderr and every file under tmp_path."""
    files = [p.read_text(encoding="utf-8", errors="replace") for p in tmp_path.rglob("*")
             if p.is_file() and p.suffix != ".sqlite" and ".sqlite" not in p.name]
    return "\n".join([result_out, result_err, *files])


def test_redactor_puts_back_the_name_as_typed_and_percent_encoded() -> None:
    redact = Redactor({"HELP_TOKEN": "a+b/c=d", "PORT": "80"})
    assert redact.text("https://x/?t=a+b/c=d and a%2Bb%2Fc%3Dd, port 80") == \
        "https://x/?t=${HELP_TOKEN} and ${HELP_TOKEN}, port 80"  # 2 characters: no secret
    report = replace(sample_report(), notes=("token a+b/c=d",))
    assert redact.value(report).notes == ("token ${HELP_TOKEN}",)
    assert redact.value(report).locales == report.locales


def test_a_report_holding_the_secret_is_redacted_in_every_format(tmp_path: Path) -> None:
    # A report whose every URL, title and note holds the token (an older locaudit wrote it).
    leaky = json.loads((write_report(tmp_path / "r.json")).read_text(encoding="utf-8"))
    text = json.dumps(leaky).replace(BASE, f"{BASE}/{SECRET}")
    text = text.replace("Acme <Help> & Co", f"Acme {SECRET}")
    (tmp_path / "r.json").write_text(text, encoding="utf-8")
    assert text.count(SECRET) >= 10
    config = tmp_path / "c.yaml"
    config.write_text("site:\n  start_urls: ['https://help.acme.example/hc/en-us?t=${HELP_TOKEN}']"
                      "\n  headers: {Authorization: 'Bearer ${HELP_TOKEN}'}\n"
                      "gates: {min_coverage: {ja: 0.5}}\n", encoding="utf-8")
    # A baseline where ja/1 was translated and de/2 fresh: the changes name both, by their
    # leaky titles and URLs.
    earlier = json.loads(text)
    earlier["articles"][0]["translations"]["ja"]["status"] = "translated"
    earlier["articles"][1]["translations"]["de"]["status"] = "translated"
    (tmp_path / "base.json").write_text(json.dumps(earlier), encoding="utf-8")
    summary = tmp_path / "summary.md"
    result = run_cli("check", str(config), "--report", str(tmp_path / "r.json"),
                     "--baseline", str(tmp_path / "base.json"),
                     "-f", "all", "-o", str(tmp_path / "out"),
                     env={**ENV, "GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 1, result.stderr
    assert "1 newly missing, 1 newly stale" in result.stderr
    (tmp_path / "r.json").unlink()  # the inputs, not outputs
    (tmp_path / "base.json").unlink()
    out = tmp_path / "out"
    for name in ("report.txt", "report.json", "report.md", "report.html", "csv/articles.csv",
                 "csv/findings.csv", "report.junit.xml"):
        assert SECRET not in (out / name).read_text(encoding="utf-8"), name
    assert SECRET not in everything(tmp_path, result.stdout, result.stderr)
    gated = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert gated["site"]["name"] == "Acme ${HELP_TOKEN}"
    assert gated["articles"][0]["source_url"] == f"{BASE}/${{HELP_TOKEN}}/en-us/articles/1"
    assert "Acme ${HELP_TOKEN}" in summary.read_text(encoding="utf-8")
    # stdout too: one format, no -o
    table = run_cli("check", str(config), "--report", str(out / "report.json"), env=ENV)
    assert "${HELP_TOKEN}" in table.stdout and SECRET not in table.stdout + table.stderr


def test_an_audit_keeps_the_start_url_as_written_and_leaks_nothing(
        tmp_path: Path, zendesk_site: SiteServer) -> None:
    config = tmp_path / "site.yaml"
    config.write_text(f"site:\n  start_urls: ['{zendesk_site.base_url}/hc/en-us?t=${{HELP_TOKEN}}']"
                      "\n  headers: {X-Token: '${HELP_TOKEN}'}\n"
                      "crawl: {store: store/, rate_limit: 0}\n", encoding="utf-8")
    summary = tmp_path / "summary.md"
    result = run_cli("audit", str(config), "-f", "all", "-o", str(tmp_path / "out"),
                     "--no-progress", env={**ENV, "GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 0, result.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["site"]["start_urls"] == [
        f"{zendesk_site.base_url}/hc/en-us?t=${{HELP_TOKEN}}"]
    assert SECRET not in everything(tmp_path, result.stdout, result.stderr)
    crawl = run_cli("crawl", str(config), env=ENV)
    assert crawl.returncode == 0 and SECRET not in crawl.stderr + crawl.stdout


def test_an_unreachable_site_names_the_token_never_its_value(tmp_path: Path) -> None:
    port = free_port()
    config = tmp_path / "down.yaml"
    config.write_text(f"site:\n  start_urls: ['http://127.0.0.1:{port}/hc/en-us?t=${{HELP_TOKEN}}']"
                      "\ncrawl: {retries: 0, timeout: 2}\ngates: {min_score: 0.5}\n",
                      encoding="utf-8")
    summary = tmp_path / "summary.md"
    result = run_cli("check", str(config), "-f", "junit", "-o", "junit.xml", "--no-progress",
                     cwd=tmp_path, env={**ENV, "GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 3, result.stderr
    assert f"127.0.0.1:{port}/hc/en-us?t=${{HELP_TOKEN}}" in result.stderr
    assert "${HELP_TOKEN}" in (tmp_path / "junit.xml").read_text(encoding="utf-8")
    assert SECRET not in everything(tmp_path, result.stdout, result.stderr)


def test_a_config_error_about_an_expanded_value_names_the_variable(tmp_path: Path) -> None:
    config = tmp_path / "bad.yaml"
    config.write_text("site:\n  start_urls: ['${HELP_TOKEN}']\n", encoding="utf-8")
    result = run_cli("audit", str(config), env=ENV)
    assert result.returncode == 2
    assert "'${HELP_TOKEN}' is not an absolute http(s) URL" in result.stderr
    assert SECRET not in result.stderr
