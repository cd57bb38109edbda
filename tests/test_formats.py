"""Each format on one shared, hand-built report: golden files, escaping, CSV injection."""

from __future__ import annotations

import csv
import io
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from locaudit.formats import Format, csv_format, formatter, html, json_format, table
from tests.report_fixture import BASE, EVIL_TITLE, FORMULA_TITLE, sample_report

GOLDEN = Path(__file__).parent / "golden"
SCHEMA = json.loads((Path(__file__).parents[1] / "docs" / "report.schema.json").read_text())
# LOCAUDIT_UPDATE_GOLDEN=1 rewrites the golden files; review the diff before committing.
UPDATE = os.environ.get("LOCAUDIT_UPDATE_GOLDEN") == "1"


@pytest.mark.parametrize("fmt, name", [(Format.MARKDOWN, "report.md"),
                                       (Format.JSON, "report.json"),
                                       (Format.JUNIT, "report.junit.xml"),
                                       (Format.TABLE, "report.txt")])
def test_golden(fmt: Format, name: str) -> None:
    text = formatter(fmt)(sample_report())
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_json_validates_against_the_published_schema_and_round_trips() -> None:
    data = json.loads(json_format.format(sample_report()))
    jsonschema.validate(data, SCHEMA)
    assert json_format.from_dict(data) == sample_report()


def test_published_schema_is_the_one_generated_from_the_models() -> None:
    # docs/report.schema.json is generated (python -m locaudit.formats.json_format); a model
    # change that is not republished fails here, so the two can never drift apart.
    assert json_format.schema() == SCHEMA


def test_schema_rejects_a_broken_report() -> None:
    data = json.loads(json_format.format(sample_report()))
    data["locales"][0]["coverage"] = 1.5
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)


def test_markdown_escapes_crawled_text() -> None:
    text = formatter(Format.MARKDOWN)(sample_report())
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "Acme &lt;Help&gt; & Co" in text
    assert "| de | 45.0% | 1 | 1 | 0 | 0 | 100.0% | 100.0% | 75.0% |" in text
    assert "| 1 | 1 &lt;script&gt;" in text and "| +33.75 pt | 400 | 48.00 USD | 78.8% |" in text


def test_csv_tables_neutralise_formulas() -> None:
    tables = csv_format.tables(sample_report())
    assert sorted(tables) == ["articles.csv", "backlog.csv", "findings.csv", "locales.csv"]
    articles = list(csv.DictReader(io.StringIO(tables["articles.csv"])))
    assert articles[1]["title"] == "'" + FORMULA_TITLE  # shown as text, never evaluated
    assert articles[0]["title"] == EVIL_TITLE  # not a formula: kept as is
    assert (articles[0]["de"], articles[0]["ja"]) == ("translated", "untranslated")
    findings = list(csv.DictReader(io.StringIO(tables["findings.csv"])))
    assert findings[2]["message"] == "'-cmd|' /C calc'!A0"
    locales = list(csv.DictReader(io.StringIO(tables["locales.csv"])))
    assert locales[0] == {"locale": "de", "demand": "0.45", "translated": "1", "stale": "1",
                          "untranslated": "0", "missing": "0", "coverage": "1.0",
                          "weighted_coverage": "1.0", "fresh_coverage": "0.75"}
    assert csv_format.format(sample_report()) == tables["locales.csv"]


def test_junit_has_a_case_per_gate_and_per_locale() -> None:
    from dataclasses import replace

    from locaudit.models import GateResult

    report = replace(sample_report(), gates=(
        GateResult("min_score", True, 0.45, 0.4), GateResult("min_coverage[ja]", False, 0.0,
                                                             0.5, "ja coverage 0.0%", "ja")))
    root = ET.fromstring(formatter(Format.JUNIT)(report))
    cases = [(c.get("classname"), c.get("name"), c.find("failure") is not None)
             for c in root.iter("testcase")]
    assert cases == [("locaudit.gates", "min_score", False),
                     ("locaudit.gates", "min_coverage[ja]", True),
                     ("locaudit.locales", "de", False), ("locaudit.locales", "ja", True)]


def test_html_is_self_contained_and_escaped() -> None:
    text = html.format(sample_report())
    assert EVIL_TITLE not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in text
    assert "<script" not in text.lower()  # the report itself runs no script
    assert "http://" not in text.replace("http://evil.example", "")  # nothing to fetch
    for section in ("Executive summary", "Coverage by locale", "Coverage by section",
                    "What to translate next", "Findings", "Methodology"):
        assert section in text
    assert "@media print" in text


def test_table_fits_100_columns_without_colour_off_a_terminal() -> None:
    text = table.format(sample_report())
    assert max(len(line) for line in text.splitlines()) <= 100
    assert "\x1b[" not in text and "█" not in text
    coloured = table.format(sample_report(), color=True, bars=True)
    assert "\x1b[" in coloured and "█" in coloured


def test_csv_and_html_golden() -> None:
    outputs = {f"csv/{name}": text for name, text in csv_format.tables(sample_report()).items()}
    outputs["report.html"] = html.format(sample_report())
    for name, text in outputs.items():
        path = GOLDEN / name
        if UPDATE:
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
        assert text == path.read_text(encoding="utf-8"), name


@pytest.mark.parametrize(("value", "shown"), [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1+1", "'\t=1+1"), ("\r=1+1", "'\r=1+1"),
    ("a=1", "a=1"), (" =1", " =1"), ("", ""), ("Reset your password", "Reset your password"),
])
def test_csv_cell_neutralises_what_a_spreadsheet_would_run(value: str, shown: str) -> None:
    assert csv_format.cell(value) == shown


def test_csv_keeps_numbers_numbers() -> None:
    # A negative number is data, not a formula: only text is prefixed.
    assert csv_format.cell(-0.5) == -0.5 and csv_format.cell(3) == 3


def test_csv_neutralises_every_crawled_column() -> None:
    from dataclasses import replace

    from locaudit.models import Finding, FindingType, Severity

    report = replace(sample_report(), findings=(
        Finding(FindingType.BROKEN_PAGE, Severity.ERROR, "\tboom", "@de", "+https://x/", "=1"),
    ))
    row = next(csv.DictReader(io.StringIO(csv_format.tables(report)["findings.csv"])))
    assert row == {"type": "broken_page", "severity": "error", "locale": "'@de",
                   "url": "'+https://x/", "article": "'=1", "message": "'\tboom"}


def test_table_narrow_terminal_drops_columns_instead_of_truncating_numbers() -> None:
    text = table.format(sample_report(), bars=True, width=60)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 60
    header = next(line for line in lines if "locale" in line and "coverage" in line)
    assert "…" not in header and "transl." not in header and "demand" not in header
    de = next(line for line in lines if line.startswith("│ de "))
    assert "100.0%" in de and "██████████" in de  # de weighted 1.0: a full 10-cell bar


def test_table_bar_gives_way_to_a_long_locale_at_100_columns() -> None:
    from dataclasses import replace

    report = sample_report()
    long = replace(report, locales=(replace(report.locales[0], locale="zh-Hant-TW",
                                            missing=123456), report.locales[1]))
    text = table.format(long, bars=True, width=100)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 100
    row = next(line for line in lines if line.startswith("│ zh-Hant-TW"))
    assert "123456" in row and "100.0%" in row and "75.0%" in row and "…" not in row
    assert "█" in row  # the bar shrank but stayed


def test_table_on_a_terminal_follows_its_width_and_files_stay_at_100(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "70")
    on_terminal = table.format(sample_report(), bars=True)
    assert max(len(line) for line in on_terminal.splitlines()) <= 70
    in_a_file = table.format(sample_report())
    assert max(len(line) for line in in_a_file.splitlines()) == 100


def test_markdown_finding_without_locale_has_no_double_space() -> None:
    text = formatter(Format.MARKDOWN)(sample_report())
    assert "- **broken_page** https://help.acme.example/hc/en-us/articles/9: HTTP 404" in text


def test_junit_matches_a_gate_locale_to_the_report_locale() -> None:
    from dataclasses import replace

    from locaudit.config import Gates
    from locaudit.gate import evaluate

    base = sample_report()
    report = replace(base, locales=(replace(base.locales[0], locale="de-DE", coverage=0.5),
                                    base.locales[1]))
    baseline = replace(base, summary=replace(base.summary, score=base.summary.score + 0.1))
    gates = evaluate(report, Gates(min_coverage={"de": 0.8}, max_drop=0.02,
                                   fail_on=("broken_page",)), baseline)
    report = replace(report, gates=gates)
    root = ET.fromstring(formatter(Format.JUNIT)(report))
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    failed_gates = [c.get("name") for c in suites["locaudit.gates"].iter("testcase")
                    if c.find("failure") is not None]
    assert failed_gates == ["min_coverage[de]", "max_drop[score]", "max_drop[de]",
                            "fail_on[broken_page]"]
    failed = [c.get("name") for c in suites["locaudit.locales"].iter("testcase")
              if c.find("failure") is not None]
    # min_coverage[de] is de-DE's (the site's only German); max_drop[de] is about the
    # baseline's "de", which this report no longer has; the score and fail_on name no locale.
    assert failed == ["de-DE"]
    assert suites["locaudit.locales"].get("failures") == "1"


def test_html_backlog_effort_and_source_row() -> None:
    text = html.format(sample_report())
    # Source demand = 1 - (0.45 + 0.45) - 0.10 unserved = 0: no source row.
    assert "(source)" not in text
    # 2 backlog items: one milestone, the whole backlog: 400 + 100 words, 48 + 12 = 60 USD,
    # score after 90.0% = 45.0% + 45.0 pt.
    assert "the whole backlog (2 items)" in text
    assert '<td class="num">500</td><td class="num">60.00</td>' in text
    assert "90.0%\n          <span class=\"note\">(+45.0 pt)</span>" in text
    assert "Cost (USD)" in text and "costs are not estimated" not in text
    # Findings are explained to the reader and errors come first.
    assert "Pages that answer with an HTTP error (4xx/5xx)." in text
    assert text.index(">error<") < text.index(">warning<")


def test_html_source_row_and_no_cost_columns_when_no_rate() -> None:
    from dataclasses import replace

    base = sample_report()
    # Markets: de 0.3, ja 0.2, pl unserved 0.1 -> the source language reads 0.4.
    report = replace(base, locales=(replace(base.locales[0], demand=0.3),
                                    replace(base.locales[1], demand=0.2)),
                     backlog=tuple(replace(b, cost=0.0) for b in base.backlog),
                     updates=tuple(replace(b, cost=0.0) for b in base.updates))
    text = html.format(report)
    assert "en-US <span class=\"note\">(source)</span></td><td class=\"num\">40.0%</td>" in text
    assert "costs are not estimated" in text and "Cost (USD)" not in text
    assert "<th class=\"num\">Cost</th>" not in text


def test_html_milestones() -> None:
    from locaudit.models import BacklogItem

    backlog = tuple(BacklogItem(str(i), "de", 0.01, 100, 12.0, 0.5 + 0.01 * i)
                    for i in range(1, 31))
    assert [(m.items, m.words, m.cost, round(m.score_after, 6))
            for m in html.milestones(backlog)] == [(10, 1000, 120.0, 0.6),
                                                   (25, 2500, 300.0, 0.75),
                                                   (30, 3000, 360.0, 0.8)]
    assert html.milestones(()) == []


def test_html_links_only_http_urls() -> None:
    from dataclasses import replace

    from locaudit.models import Finding, FindingType, Severity

    report = replace(sample_report(), findings=(
        Finding(FindingType.BROKEN_PAGE, Severity.ERROR, "x", None, "javascript:alert(3)"),
        Finding(FindingType.BROKEN_PAGE, Severity.ERROR, "y", None, "https://ok.example/a?b=1&c=2"),
    ))
    text = html.format(report)
    assert 'href="javascript' not in text and ">javascript:alert(3)</td>" in text
    assert '<a href="https://ok.example/a?b=1&amp;c=2" rel="noreferrer">' in text


def test_table_shows_crawled_brackets_as_text() -> None:
    from dataclasses import replace

    from locaudit.models import GateResult

    base = sample_report()
    report = replace(base, articles=(replace(base.articles[0], title="[/b]Setup [red]now"),
                                     base.articles[1]),
                     gates=(GateResult("min_coverage[ja]", False, 0.0, 0.5, locale="ja"),))
    text = table.format(report)  # rich markup would raise on "[/b]" and swallow "[ja]"
    assert "1 [/b]Setup [red]now" in text
    assert "gate min_coverage[ja]: FAIL (actual 0.0%, threshold 50.0%)" in text


def _table_on_a_terminal(tmp_path: Path, env: dict[str, str]) -> str:
    """Run `check --report` with stdout on a pseudo-terminal; return what it printed."""
    import pty
    import subprocess
    import sys

    from tests.test_cli import SRC

    config = tmp_path / "c.yaml"
    config.write_text("site:\n  start_urls: ['https://help.acme.example/hc/en-us']\n",
                      encoding="utf-8")
    report = tmp_path / "r.json"
    report.write_text(json_format.format(sample_report()), encoding="utf-8")
    main, child = pty.openpty()
    full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "locaudit", "check", str(config), "--report", str(report)],
        stdout=child, stderr=subprocess.DEVNULL,
        env={**full_env, "PYTHONPATH": SRC, "TERM": "xterm", **env})
    os.close(child)
    chunks = []
    while True:
        try:
            data = os.read(main, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(main)
    assert proc.wait(timeout=60) == 0
    return b"".join(chunks).decode("utf-8")


def test_table_on_a_terminal_has_colour_and_bars_unless_no_color(tmp_path: Path) -> None:
    coloured = _table_on_a_terminal(tmp_path, {"COLUMNS": "100"})
    assert "\x1b[" in coloured and "██████████" in coloured
    plain = _table_on_a_terminal(tmp_path, {"COLUMNS": "100", "NO_COLOR": "1"})
    assert "\x1b[" not in plain and "██████████" in plain  # bars stay: they are not colour


def test_table_on_a_narrow_terminal_fits_it(tmp_path: Path) -> None:
    text = _table_on_a_terminal(tmp_path, {"COLUMNS": "60", "NO_COLOR": "1"})
    lines = text.replace("\r", "").splitlines()
    assert max(len(line) for line in lines) <= 60
    assert any(line.startswith("│ de ") and "100.0%" in line for line in lines)


def test_html_charts_are_inline_svg_escaped_and_deterministic() -> None:
    from dataclasses import replace

    base = sample_report()
    evil = "<b onmouseover=alert(3)>pl</b>"
    report = replace(base, unserved=(replace(base.unserved[0], language=evil),))
    text = html.format(report)
    assert text == html.format(report)  # same report, same bytes
    assert text.count('<svg class="chart"') == 3
    for chart in ("chart-coverage", "chart-demand", "chart-effort"):
        assert f'id="{chart}"' in text
    assert evil not in text and "&lt;b onmouseover=alert(3)&gt;" in text
    # Coverage chart: de by count 100% and weighted 100% -> two full 270-unit bars.
    coverage = text[text.index('id="chart-coverage"'):text.index('id="chart-demand"')]
    assert coverage.count('width="270.0"') == 2
    # Demand chart: the unserved language is there, with coverage 0.
    demand = text[text.index('id="chart-demand"'):text.index('id="chart-effort"')]
    assert "(not offered)" in demand and "10.0%" in demand
    # The effort curve starts at the score now (45% of the 196-unit plot height above
    # y=214 -> 125.8) at 0 words (x=52), passes 78.75% (59.7) after 400 of the 500 words
    # (52 + 340 * 0.8 = 324) and ends at 90% (37.6) after all of them (x=392).
    assert 'points="52.0,125.8 324.0,59.7 392.0,37.6"' in text
    assert "all: 500 words, 60.00 USD, score 90.0%" in text


def test_html_no_charts_without_locales_or_backlog() -> None:
    from dataclasses import replace

    text = html.format(replace(sample_report(), locales=(), unserved=(), backlog=()))
    assert '<svg class="chart"' not in text


def test_html_tables_scroll_in_their_own_box() -> None:
    text = html.format(sample_report())
    # Every table sits in an overflow-x box so a wide one never widens the page on a phone.
    assert text.count("<table") == text.count('<div class="scroll"><table') > 0
    assert ".scroll { overflow-x: auto;" in text


def test_html_backlog_titles_link_to_the_source_article() -> None:
    from dataclasses import replace

    base = sample_report()
    text = html.format(base)
    evil = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"
    assert (f'<td class="title"><a href="{BASE}/en-us/articles/1" rel="noreferrer">{evil}</a>'
            ' <span class="key-id">1</span></td>') in text
    assert f'<a href="{BASE}/en-us/articles/2" rel="noreferrer">=HYPERLINK(' in text
    # A source URL that is not http(s) is never a link: the title stays text.
    report = replace(base, articles=(replace(base.articles[0], source_url="javascript:alert(4)"),
                                     base.articles[1]))
    text = html.format(report)
    assert "javascript:" not in text
    assert f'<td class="title">{evil} <span class="key-id">1</span></td>' in text


@pytest.mark.parametrize(("total", "step"), [(1, 1), (5, 1), (6, 2), (500, 100),
                                             (18_555, 5_000), (100_001, 50_000)])
def test_html_effort_curve_axis_steps_are_round(total: int, step: int) -> None:
    assert html.nice_step(total) == step
