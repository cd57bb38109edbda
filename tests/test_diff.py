"""`locaudit diff`: per-locale deltas and newly missing / newly translated articles."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from locaudit.formats import json_format
from locaudit.models import Status, Translation
from tests.report_fixture import sample_report
from tests.test_cli import run_cli


def test_diff_between_two_reports(tmp_path: Path) -> None:
    old = sample_report()
    a1, a2 = old.articles
    # Next week: ja article 2 got translated, de article 1 vanished (now missing).
    new_articles = (
        replace(a1, translations={**a1.translations, "de": Translation(Status.MISSING)}),
        replace(a2, translations={**a2.translations,
                                  "ja": Translation(Status.TRANSLATED, "https://x/ja/2")}),
    )
    de_old, ja_old = old.locales
    new = replace(old, articles=new_articles, summary=replace(old.summary, score=0.3),
                  locales=(replace(de_old, coverage=0.5), replace(ja_old, coverage=0.5)))
    (tmp_path / "old.json").write_text(json_format.format(old), encoding="utf-8")
    (tmp_path / "new.json").write_text(json_format.format(new), encoding="utf-8")
    result = run_cli("diff", str(tmp_path / "old.json"), str(tmp_path / "new.json"),
                     "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["score"] == {"before": 0.45, "after": 0.3, "delta": -0.15}
    assert [(x["locale"], x["delta"]) for x in data["locales"]] == [("de", -0.5),
                                                                   ("ja", 0.5)]
    assert [(c["article"], c["locale"], c["before"], c["after"])
            for c in data["newly_missing"]] == [("1", "de", "translated", "missing")]
    assert [(c["article"], c["locale"], c["before"], c["after"])
            for c in data["newly_translated"]] == [("2", "ja", "missing", "translated")]
    md = run_cli("diff", str(tmp_path / "old.json"), str(tmp_path / "new.json"),
                 "--format", "markdown").stdout
    assert "score 45.0% → 30.0% (-15.0 pt)" in md and "| de | 100.0% | 50.0% | -50.0 pt |" in md


def test_diff_of_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("diff", str(tmp_path / "a.json"), str(tmp_path / "b.json"))
    assert result.returncode == 2 and "cannot read report" in result.stderr


def test_diff_as_text_and_with_a_new_locale(tmp_path: Path) -> None:
    old = sample_report()
    de, ja = old.locales
    # Next week the site adds fr (coverage 0.25) and de drops from 1.0 to 0.5.
    new = replace(old, locales=(replace(de, coverage=0.5), ja,
                                replace(ja, locale="fr", coverage=0.25)))
    (tmp_path / "old.json").write_text(json_format.format(old), encoding="utf-8")
    (tmp_path / "new.json").write_text(json_format.format(new), encoding="utf-8")
    text = run_cli("diff", str(tmp_path / "old.json"), str(tmp_path / "new.json")).stdout
    assert text.splitlines()[0] == "locaudit diff: score 45.0% → 45.0% (+0.0 pt)"
    assert "| de | 100.0% | 50.0% | -50.0 pt |" in text
    assert "| fr | – | 25.0% | – |" in text
    assert "**" not in text and "###" not in text
    data = json.loads(run_cli("diff", str(tmp_path / "old.json"), str(tmp_path / "new.json"),
                              "--format", "json").stdout)
    fr = next(x for x in data["locales"] if x["locale"] == "fr")
    assert fr == {"locale": "fr", "coverage_before": None, "coverage_after": 0.25,
                  "weighted_before": None, "weighted_after": 0.0, "delta": None}
    assert data["newly_missing"] == [] and data["newly_translated"] == []


def test_diff_escapes_crawled_titles_in_markdown(tmp_path: Path) -> None:
    old = sample_report()
    a1, a2 = old.articles
    new = replace(old, articles=(
        replace(a1, translations={**a1.translations, "de": Translation(Status.MISSING)}), a2))
    (tmp_path / "old.json").write_text(json_format.format(old), encoding="utf-8")
    (tmp_path / "new.json").write_text(json_format.format(new), encoding="utf-8")
    md = run_cli("diff", str(tmp_path / "old.json"), str(tmp_path / "new.json"),
                 "--format", "markdown").stdout
    assert "<script>" not in md
    assert ("- de: 1 &lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt; "
            "(translated → missing)") in md


def test_diff_markdown_escapes_as_the_report_markdown_does() -> None:
    # A title with a backtick, a pipe and a backslash must not open code spans or split the
    # bullet: the diff's Markdown uses the same escaping as the report's own Markdown.
    from locaudit.diff import diff_reports
    from locaudit.formats import diff_format

    old = sample_report()
    a1, a2 = old.articles
    new = replace(old, articles=(
        replace(a1, title="Use `rm -rf` | C:\\temp",
                translations={**a1.translations, "de": Translation(Status.MISSING)}), a2))
    text = diff_format.markdown(diff_reports(old, new))
    assert "- de: 1 Use \\`rm -rf\\` \\| C:\\\\temp (translated → missing)" in text


def test_diff_of_reports_made_differently_warns_what_differs(tmp_path: Path) -> None:
    from locaudit.models import SiteInfo, ToolInfo, TrafficSummary

    # The sample: locaudit 0.1.0, source en-US, no markets (its note says so), no traffic.
    old = sample_report()
    de, ja = old.locales
    new = replace(old, tool=ToolInfo(version="0.2.0"),
                  site=SiteInfo(old.site.name, ("https://help.acme.example/hc/en-gb",), "en"),
                  notes=(), locales=(replace(de, demand=0.6), replace(ja, demand=0.3)),
                  summary=replace(old.summary, score=0.6),
                  traffic=TrafficSummary(rows=4, matched=2, unmatched=2, matched_views=4000,
                                         unmatched_views=500))
    (tmp_path / "old.json").write_text(json_format.format(old), encoding="utf-8")
    (tmp_path / "new.json").write_text(json_format.format(new), encoding="utf-8")
    result = run_cli("diff", str(tmp_path / "old.json"), str(tmp_path / "new.json"),
                     "--format", "json")
    assert result.returncode == 0, result.stderr
    warnings = [
        "made by locaudit 0.1.0 and 0.2.0: the rules may differ",
        "source locale en-US → en",
        "start URLs differ: https://help.acme.example/hc/en-us → "
        "https://help.acme.example/hc/en-gb",
        "markets differ: the old report has none (equal demand per locale), the new one "
        "weighs locales by markets",
        "traffic differs: no traffic file (every article weighs 1) → a traffic file of 4 "
        "rows, 4,500 views",
    ]
    assert json.loads(result.stdout)["warnings"] == warnings
    assert [f"warning: the reports differ: {w}" for w in warnings] == \
        result.stderr.splitlines()
    shown = run_cli("diff", str(tmp_path / "old.json"), str(tmp_path / "new.json")).stdout
    assert "Warning: the two reports were not made the same way" in shown
    assert "- markets differ: the old report has none" in shown


def test_diff_warns_when_both_have_markets_but_different_ones() -> None:
    from locaudit.diff import diff_reports

    # Both with markets: de 45% and ja 45% (pl 10% unserved, en 0%) against de 60%, ja 30%.
    old = replace(sample_report(), notes=())
    de, ja = old.locales
    new = replace(old, locales=(replace(de, demand=0.6), replace(ja, demand=0.3)))
    assert diff_reports(old, new).warnings == (
        "markets differ: demand de 45.0% → 60.0%, ja 45.0% → 30.0%",)
    # The same markets, the site now has a pl locale: pl's 10% moves from unserved to it.
    grown = replace(old, locales=(de, ja, replace(ja, locale="pl", demand=0.1)), unserved=(),
                    summary=replace(old.summary, unserved_demand=0.0))
    assert diff_reports(old, grown).warnings == ()
    assert diff_reports(sample_report(), sample_report()).warnings == ()
