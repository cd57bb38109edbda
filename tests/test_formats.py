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
from tests.report_fixture import EVIL_TITLE, FORMULA_TITLE, sample_report

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
                                                             0.5, "ja coverage 0.0%")))
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
