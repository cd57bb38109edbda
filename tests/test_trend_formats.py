"""The history block in each format: sparklines, the trend tables, the HTML charts and the
JSON round trip, on the shared sample report given a hand-made history."""

from __future__ import annotations

import json
from dataclasses import replace

import jsonschema
import pytest

from locaudit.formats import html, json_format, markdown, table
from locaudit.formats.trend_text import forecast_text, sparkline
from locaudit.metrics.trends import with_history
from locaudit.models import LocaleRow, Report, Summary
from tests.report_fixture import sample_report
from tests.test_formats import SCHEMA


def with_weeks() -> Report:
    """The sample report (de 100 %, ja 0 %, score 45 %, on 2026-11-22) after three weekly runs
    in which de had 70, 80 and 90 %, ja 0 % and the score 30, 35 and 40 %: de meets its 80 %
    target, ja never gets there."""
    now = sample_report()
    earlier = []
    for weeks, de in ((3, 0.7), (2, 0.8), (1, 0.9)):
        rows = (replace(now.locales[0], weighted_coverage=de), now.locales[1])
        score = round(de / 2 - 0.05, 2)
        earlier.append(replace(now, generated_at=f"2026-11-{22 - 7 * weeks:02d}T10:00:00Z",
                               locales=rows, summary=replace(now.summary, score=score)))
    return with_history(now, earlier)


@pytest.mark.parametrize("values, line", [
    ((0.5, 0.55, 0.6, 0.65), "▁▃▆█"),  # 0, 2.3, 4.7, 7 eighths of the 15 pt range
    ((0.5, 0.5, 0.5), "▁▁▁"),  # flat stays low
    ((0.5, 0.51), "▁▂"),  # 1 pt of the 5 pt minimum span: 1.4 -> 1
    ((None, 0.2, 0.3), "▁█"),  # runs before the locale existed are left out
    ((), ""),
])
def test_sparkline(values: tuple[float | None, ...], line: str) -> None:
    assert sparkline(values) == line


def test_a_long_history_is_sampled_to_24_blocks_ending_on_the_last_run() -> None:
    line = sparkline([i / 100 for i in range(48)])
    assert len(line) == 24 and line[0] == "▁" and line[-1] == "█"


def test_forecast_words() -> None:
    de, ja = with_weeks().history.locales  # type: ignore[union-attr]
    assert forecast_text(de) == "at or above 80%"
    assert forecast_text(ja) == "never at this pace (gap +0.0 pt/week)"
    assert forecast_text(replace(ja, forecast="on_pace", forecast_date="2026-12-14")) == \
        "80% on 2026-12-14"
    assert forecast_text(replace(ja, forecast="unknown")) == "not enough history"


def test_table_and_markdown_show_a_trend_line_per_locale() -> None:
    report = with_weeks()
    text = table.format(report)
    assert "Trend (4 runs, 2026-11-01 to 2026-11-22; pace over the last 3.0 weeks)" in text
    # de 70, 80, 90, 100 % over a 30 pt range: 0, 2.3, 4.7, 7 eighths.
    assert "▁▃▆█" in text and "+10.0 pt" in text
    assert "score ▁▃▆█ 30.0% to 45.0%" in text
    assert all(len(line) <= 100 for line in text.splitlines())
    md = markdown.format(report)
    assert "| de | ▁▃▆█ | 100.0% | +10.0 pt/week | 0 | at or above 80% | – | – |" in md
    assert "Trend" not in table.format(sample_report())
    assert "Trend" not in markdown.format(sample_report())


def test_html_draws_a_chart_per_locale_and_the_score() -> None:
    text = html.format(with_weeks())
    assert text == html.format(with_weeks())  # same report, same bytes
    for chart in ("trend-score", "trend-0", "trend-1"):
        assert f'id="{chart}"' in text
    assert "<script" not in text
    de = text[text.index('id="trend-0"'):text.index('id="trend-1"')]
    # de 70..100 % and its 80 % target, 2 pt of air: 68..102 -> a 10 pt step from 60 to 100 %;
    # y = 140 - 112 * (value - 60) / 40 and weeks 0..3 over x 40..306.
    assert 'points="40.0,112.0 128.7,84.0 217.3,56.0 306.0,28.0"' in de
    assert 'y1="84.0" x2="306" y2="84.0" stroke="#1e7a3c"' in de  # the target line at 80 %
    assert "target 80%" in de and "2026-11-01" in de and "2026-11-22" in de
    assert "never at this pace" in text
    assert 'id="history"' not in html.format(sample_report())


def test_html_escapes_a_hostile_locale_in_the_trends() -> None:
    evil = "<img src=x onerror=alert(5)>"
    now = sample_report()
    rows = (replace(now.locales[0], locale=evil),)
    now = replace(now, locales=rows, summary=replace(now.summary, locales=1))
    earlier = replace(now, generated_at="2026-11-15T10:00:00Z")
    text = html.format(with_history(now, [earlier]))
    assert evil not in text and "&lt;img src=x onerror=alert(5)&gt;" in text


def test_json_carries_the_history_block_and_reads_it_back() -> None:
    report = with_weeks()
    data = json.loads(json_format.format(report))
    jsonschema.validate(data, SCHEMA)
    history = data["history"]
    assert [run["date"][:10] for run in history["runs"]] == [
        "2026-11-01", "2026-11-08", "2026-11-15", "2026-11-22"]
    assert history["locales"][0]["weighted_coverage"] == [0.7, 0.8, 0.9, 1.0]
    assert history["locales"][1]["forecast"] == "never"
    assert json_format.from_dict(data).history == json_format.from_dict(
        json.loads(json_format.format(report))).history
    assert json.loads(json_format.format(sample_report()))["history"] is None


def test_a_locale_row_without_history_is_not_invented() -> None:
    one = replace(sample_report(), locales=(LocaleRow("de", 1.0, 1, 0, 0, 0, 1, 1, 1),),
                  summary=Summary(2, 1, 0.5, 0.0))
    assert with_history(one, []).history is None
