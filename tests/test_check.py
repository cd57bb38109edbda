"""`locaudit check`: each gate fails alone, all pass together, a crash never exits 1."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from locaudit.demo.server import SiteServer
from locaudit.formats import json_format
from locaudit.models import CrawlStats
from tests.report_fixture import sample_report
from tests.test_cli import run_cli

DOCS = Path(__file__).parents[1] / "docs"

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


def test_max_drop_fails_on_a_locale_alone(tmp_path: Path) -> None:
    # Baseline: ja 0.5, score unchanged at 0.45; now ja 0.0: a drop of 0.5 in ja only.
    sample = sample_report()
    baseline = write_report(tmp_path / "old.json", locales=(
        sample.locales[0], replace(sample.locales[1], coverage=0.5)))
    code, _, err = check(tmp_path, "  max_drop: 0.02\n", "--baseline", str(baseline))
    assert code == 1, err
    gated = json.loads((tmp_path / "gated.json").read_text())
    assert [(g["name"], g["passed"], g["actual"]) for g in gated["gates"]] == [
        ("crawl_complete", True, True), ("max_drop[score]", True, 0.0),
        ("max_drop[de]", True, 0.0), ("max_drop[ja]", False, 0.5)]


def test_a_locale_gone_from_the_report_is_a_drop_to_zero(tmp_path: Path) -> None:
    sample = sample_report()
    baseline = write_report(tmp_path / "old.json", locales=(
        *sample.locales, replace(sample.locales[0], locale="fr", coverage=0.6)))
    code, _, err = check(tmp_path, "  max_drop: 0.1\n", "--baseline", str(baseline))
    assert code == 1
    assert "FAIL  max_drop[fr]: fr 60.0% -> 0.0% (no longer in the report)" in err


def test_without_a_baseline_max_drop_is_not_evaluated(tmp_path: Path) -> None:
    code, _, _ = check(tmp_path, "  max_drop: 0.0\n")
    assert code == 0
    gated = json.loads((tmp_path / "gated.json").read_text())
    assert [g["name"] for g in gated["gates"]] == ["crawl_complete"]


@pytest.mark.parametrize(("content", "message"), [
    ("[]", "the top level is a list, not an object"),
    ("null", "the top level is null, not an object"),
    ('{"schema_version": 2}', "schema_version is 2"),
    ('{"schema_version": 1}',
     "missing key 'tool' at report.tool (and generated_at, site, crawl, summary)"),
])
@pytest.mark.parametrize("option", ["--report", "--baseline"])
def test_a_bad_report_or_baseline_is_one_line_and_exit_2(tmp_path: Path, content: str,
                                                          message: str, option: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    write_report(tmp_path / "report.json")
    extra = ("--baseline", str(bad)) if option == "--baseline" else ()
    if option == "--report":
        (tmp_path / "report.json").write_text(content, encoding="utf-8")
    code, _, err = check(tmp_path, "  min_score: 0.99\n  max_drop: 0.0\n", *extra)
    assert code == 2, err
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


@pytest.mark.parametrize(("path", "value", "message"), [
    (("summary", "score"), "0.5", "report.summary.score should be a number, not a string"),
    (("locales", 0, "coverage"), None, "report.locales[0].coverage should be a number, not null"),
    (("crawl", "complete"), "yes", "report.crawl.complete should be true or false, not a string"),
    (("locales", 0, "missing"), 1.5, "report.locales[0].missing should be an integer, not a num"),
])
def test_a_report_with_wrong_types_is_a_usage_error_not_a_crash(
        tmp_path: Path, path: tuple[str | int, ...], value: object, message: str) -> None:
    data = json.loads(json_format.format(sample_report()))
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    (tmp_path / "report.json").write_text(json.dumps(data), encoding="utf-8")
    code, _, err = check(tmp_path, "  min_score: 0.99\n")
    assert code == 2, err
    assert message in err and err.count("\n") == 1


def test_unwritable_output_after_a_failed_gate_is_exit_2_not_1(tmp_path: Path) -> None:
    # The gate fails (0.45 < 0.99) but the output cannot be written (its parent is a file):
    # a usage error (exit 2), never 1, so CI does not report a coverage drop for a broken job.
    (tmp_path / "afile").write_text("", encoding="utf-8")
    config = tmp_path / "gates.yaml"
    config.write_text("site:\n  start_urls: ['https://help.acme.example/hc/en-us']\n"
                      "gates:\n  min_score: 0.99\n", encoding="utf-8")
    report = write_report(tmp_path / "report.json")
    result = run_cli("check", str(config), "--report", str(report), "--format", "json",
                     "-o", str(tmp_path / "afile" / "out.json"))
    assert result.returncode == 2, result.stderr
    assert "cannot write" in result.stderr and "Traceback" not in result.stderr


def test_a_crash_after_a_failed_gate_is_exit_4_not_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A bug while rendering, after the gate has failed: a crash no real input can be relied
    # on to cause, so the renderer is patched to raise.
    from locaudit import cli

    def broken(report: object) -> str:
        raise RuntimeError("simulated renderer bug")

    config = tmp_path / "gates.yaml"
    config.write_text("site:\n  start_urls: ['https://help.acme.example/hc/en-us']\n"
                      "gates:\n  min_score: 0.99\n", encoding="utf-8")
    report = write_report(tmp_path / "report.json")
    monkeypatch.setattr(json_format, "format", broken)
    with pytest.raises(SystemExit) as exited:
        cli.main(["check", str(config), "--report", str(report), "--format", "json"])
    assert exited.value.code == 4
    assert "internal error: RuntimeError: simulated renderer bug" in capsys.readouterr().err


def test_gates_are_written_into_every_format(tmp_path: Path) -> None:
    config = tmp_path / "gates.yaml"
    config.write_text("site:\n  start_urls: ['https://help.acme.example/hc/en-us']\n"
                      "gates:\n  min_coverage: {ja: 0.5}\n", encoding="utf-8")
    report = write_report(tmp_path / "report.json")
    result = run_cli("check", str(config), "--report", str(report), "--format", "all",
                     "-o", str(tmp_path / "out"))
    assert result.returncode == 1
    out = tmp_path / "out"
    gated = json.loads((out / "report.json").read_text())
    jsonschema.validate(gated, json.loads((DOCS / "report.schema.json").read_text()))
    gates = gated["gates"]
    assert gates[-1] == {"name": "min_coverage[ja]", "passed": False, "actual": 0.0,
                         "threshold": 0.5, "message": "ja coverage 0.0% vs minimum 50.0%",
                         "locale": "ja"}
    assert "| min_coverage[ja] | ❌ FAIL | 0.0% | 50.0% |" in (out / "report.md").read_text()
    assert "gate min_coverage[ja]: FAIL (actual 0.0%, threshold 50.0%)" in \
        (out / "report.txt").read_text()
    assert "1 quality gate failed:</b>\nmin_coverage[ja] (see" in (out / "report.html").read_text()
    junit = (out / "report.junit.xml").read_text()
    assert '<testsuite name="locaudit.gates" tests="2" failures="1">' in junit


def test_markdown_is_appended_to_the_github_step_summary(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("# earlier step\n", encoding="utf-8")
    config = tmp_path / "gates.yaml"
    config.write_text("site:\n  start_urls: ['https://help.acme.example/hc/en-us']\n",
                      encoding="utf-8")
    report = write_report(tmp_path / "report.json")
    result = run_cli("check", str(config), "--report", str(report), "--format",
                     "json,markdown", "-o", str(tmp_path / "out"),
                     env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 0, result.stderr
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# earlier step\n## Localization coverage: Acme &lt;Help&gt; & Co")
    assert text[len("# earlier step\n"):] == (tmp_path / "out" / "report.md").read_text()


def test_the_step_summary_shows_gates_in_percent_and_drops_in_points(tmp_path: Path) -> None:
    # Now: score 0.796036, de 1.0, ja 0.0, one untranslated_content finding.
    # Baseline: score 0.85 (a drop of 0.053964: 5.4 pt), de 0.9 (a rise of 10 pt), ja 0.0.
    sample = sample_report()
    write_report(tmp_path / "report.json", summary=replace(sample.summary, score=0.796036))
    baseline = write_report(tmp_path / "old.json", summary=replace(sample.summary, score=0.85),
                            locales=(replace(sample.locales[0], coverage=0.9),
                                     sample.locales[1]))
    summary = tmp_path / "summary.md"
    config = tmp_path / "gates.yaml"
    config.write_text("site:\n  start_urls: ['https://help.acme.example/hc/en-us']\n"
                      "gates:\n  min_score: 0.6\n  max_drop: 0.02\n"
                      "  fail_on: [untranslated_content]\n", encoding="utf-8")
    result = run_cli("check", str(config), "--report", str(tmp_path / "report.json"),
                     "--baseline", str(baseline), "-f", "markdown,junit,table,html",
                     "-o", str(tmp_path / "out"), env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 1, result.stderr
    rows = [line for line in summary.read_text(encoding="utf-8").splitlines()
            if line.startswith(("| crawl", "| min_", "| max_", "| fail_"))]
    assert rows == [
        "| crawl_complete | ✅ pass | complete | complete |",
        "| min_score | ✅ pass | 79.6% | 60.0% |",
        "| max_drop[score] | ❌ FAIL | 5.4 pt | 2.0 pt |",
        "| max_drop[de] | ✅ pass | 0.0 pt (rose 10.0 pt) | 2.0 pt |",
        "| max_drop[ja] | ✅ pass | 0.0 pt | 2.0 pt |",
        "| fail_on[untranslated_content] | ❌ FAIL | 1 | 0 |",
    ]
    assert "FAIL  max_drop[score]: score 85.0% -> 79.6% (drop 5.4 pt, allowed 2.0 pt)" \
        in result.stderr
    out = tmp_path / "out"
    assert "actual 5.4 pt, threshold 2.0 pt" in (out / "report.junit.xml").read_text()
    assert "gate min_score: PASS (actual 79.6%, threshold 60.0%)" in \
        (out / "report.txt").read_text()
    assert '<td class="num">79.6%</td><td class="num">60.0%</td>' in \
        (out / "report.html").read_text()
