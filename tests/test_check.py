"""`locaudit check`: each gate fails alone, all pass together, a crash never exits 1."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from locaudit.demo.server import SiteServer
from locaudit.formats import json_format
from locaudit.models import CrawlStats
from tests.report_fixture import sample_report
from tests.test_cli import run_cli

# The sample report: score 0.45, de coverage 1.0, ja 0.0, one untranslated_content finding.


def write_report(path: Path, **changes: object) -> Path:
    report = replace(sample_report(), **changes)  # type: ignore[arg-type]
    path.write_text(json_format.format(report), encoding="utf-8")
    return path


def check(tmp_path: Path, gates: str, *extra: str) -> tuple[int, str, str]:
    config = tmp_path / "gates.yaml"
    config.write_text("site:\n  start_urls: ['https://help.acme.example/hc/en-us']\n"
                      f"gates:\n{gates}", encoding="utf-8")
    report = tmp_path / "report.json"
    if not report.exists():
        write_report(report)
    result = run_cli("check", str(config), "--report", str(report), "--format", "json",
                     "-o", str(tmp_path / "gated.json"), *extra)
    return result.returncode, result.stdout, result.stderr


@pytest.mark.parametrize(("gates", "failing"), [
    ("  min_score: 0.5\n", "min_score"),
    ("  min_coverage: {ja: 0.1}\n", "min_coverage[ja]"),
    ("  min_coverage: {fr: 0.1}\n", "min_coverage[fr]"),  # a locale not in the report
    ("  fail_on: [untranslated_content]\n", "fail_on[untranslated_content]"),
])
def test_each_gate_fails_alone(tmp_path: Path, gates: str, failing: str) -> None:
    code, _, err = check(tmp_path, gates)
    assert code == 1, err
    gated = json.loads((tmp_path / "gated.json").read_text())
    failed = [g["name"] for g in gated["gates"] if not g["passed"]]
    assert failed == [failing]
    assert f"FAIL  {failing}" in err


def test_all_gates_pass(tmp_path: Path) -> None:
    code, _, err = check(tmp_path, "  min_score: 0.45\n  min_coverage: {de: 1.0, ja: 0.0}\n"
                                   "  fail_on: [machine_translated]\n")
    assert code == 0, err
    gated = json.loads((tmp_path / "gated.json").read_text())
    assert [(g["name"], g["passed"]) for g in gated["gates"]] == [
        ("crawl_complete", True), ("min_score", True), ("min_coverage[de]", True),
        ("min_coverage[ja]", True), ("fail_on[machine_translated]", True)]


def test_max_drop_against_a_baseline(tmp_path: Path) -> None:
    # Baseline: score 0.50 and de 1.0; now 0.45 and de 1.0: a drop of 0.05 in the score.
    baseline = write_report(tmp_path / "old.json", summary=replace(sample_report().summary,
                                                                   score=0.5))
    code, _, err = check(tmp_path, "  max_drop: 0.02\n", "--baseline", str(baseline))
    assert code == 1
    assert "FAIL  max_drop[score]" in err and "pass  max_drop[de]" in err
    code, _, _ = check(tmp_path, "  max_drop: 0.06\n", "--baseline", str(baseline))
    assert code == 0


def test_incomplete_crawl_fails_unless_allowed(tmp_path: Path) -> None:
    write_report(tmp_path / "report.json",
                 crawl=CrawlStats(pages=5, complete=False, stop_reason="max_pages (5) reached"))
    code, _, err = check(tmp_path, "  min_score: 0.1\n")
    assert code == 1 and "FAIL  crawl_complete" in err and "max_pages (5)" in err
    code, _, _ = check(tmp_path, "  min_score: 0.1\n  allow_incomplete: true\n")
    assert code == 0


def test_bad_report_file_is_a_usage_error_never_a_gate_failure(tmp_path: Path) -> None:
    (tmp_path / "report.json").write_text("{not json", encoding="utf-8")
    code, _, err = check(tmp_path, "  min_score: 0.1\n")
    assert code == 2 and "not a JSON file" in err and "Traceback" not in err


def test_check_audits_the_site_when_no_report_is_given(zendesk_site: SiteServer,
                                                       tmp_path: Path) -> None:
    config = tmp_path / "site.yaml"
    # Zendesk fixture: de 9/12 = 0.75, ja 4/12 and one untranslated_content finding.
    config.write_text(f"site:\n  start_urls: ['{zendesk_site.base_url}/hc/en-us']\n"
                      "crawl: {store: store/}\n"
                      "gates:\n  min_coverage: {de: 0.75}\n  fail_on: [untranslated_content]\n",
                      encoding="utf-8")
    result = run_cli("check", str(config), "--format", "junit", "-o",
                     str(tmp_path / "junit.xml"), "--no-progress")
    assert result.returncode == 1
    assert "pass  min_coverage[de]" in result.stderr
    assert "FAIL  fail_on[untranslated_content]: 1 untranslated_content" in result.stderr
    assert 'name="fail_on[untranslated_content]"' in (tmp_path / "junit.xml").read_text()
