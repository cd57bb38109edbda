"""`locaudit demo` with its bundled history (demo/data/history, made by
scripts/demo_history.py): 12 weekly runs before the demo's own, re-dated to end a week
before it. The expected figures follow from how the history was built:

- the window is the last 8 weeks: runs k = 8..0 weeks back, 8 pairs;
- source: articles 36, 37, 38 and 39 were added 7, 5, 3 and 1 weeks back, and the sources of
  today's stale translations (de 3 and 17, fr 12) changed 4 weeks back: their words over
  8 weeks;
- de translates 0.75 articles a week: 8 weeks back its last floor(6) covered articles,
  24-29, were missing, so its translated words are theirs over 8 weeks (the stale ones
  were not re-translated, so they do not count);
- pt-BR translated nothing while the source grew: its coverage falls, never at this pace.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.test_cli import SRC, run_cli

FIRST_ID = 360001000
ROOT = Path(__file__).parents[1]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str]:
    out = tmp_path_factory.mktemp("demo")
    result = run_cli("demo", "--format", "json,html", "-o", f"{out}/")
    assert result.returncode == 0, result.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return report, (out / "report.html").read_text(encoding="utf-8")


def words(report: dict[str, Any], *indexes: int) -> int:
    by_key = {a["key"]: a["words"] for a in report["articles"]}
    return sum(by_key[str(FIRST_ID + i)] for i in indexes)


def test_thirteen_weekly_runs_end_with_this_one(demo: tuple[dict[str, Any], str]) -> None:
    report, _ = demo
    history = report["history"]
    runs = [date.fromisoformat(run["date"][:10]) for run in history["runs"]]
    today = date.fromisoformat(report["generated_at"][:10])
    assert runs == [today - timedelta(weeks=12 - i) for i in range(13)]
    assert history["runs"][-1]["score"] == report["summary"]["score"]
    assert [r["source_articles"] for r in history["runs"]] == [
        34, 35, 35, 36, 36, 37, 37, 38, 38, 39, 39, 40, 40]
    assert history["window_weeks"] == 8.0


def test_velocity_of_the_source_and_of_de(demo: tuple[dict[str, Any], str]) -> None:
    report, _ = demo
    history = report["history"]
    changed = words(report, 36, 37, 38, 39, 3, 12, 17)
    assert history["source_words_per_week"] == round(changed / 8, 6)
    trend = {t["locale"]: t for t in history["locales"]}
    assert trend["de"]["translated_words_per_week"] == round(words(report, *range(24, 30)) / 8, 6)
    assert trend["pt-BR"]["translated_words_per_week"] == 0.0


def test_forecasts(demo: tuple[dict[str, Any], str]) -> None:
    report, _ = demo
    trend = {t["locale"]: t for t in report["history"]["locales"]}
    today = date.fromisoformat(report["generated_at"][:10])
    de = trend["de"]
    assert de["forecast"] == "on_pace" and de["target"] == 0.8  # no gates: 80 %
    assert date.fromisoformat(de["forecast_date"]) > today
    pt = trend["pt-BR"]
    assert pt["forecast"] == "never" and pt["forecast_date"] is None
    assert pt["pace"] < 0 and pt["gap_per_week"] == -pt["pace"]
    # 5400 of 23800 today (test_demo's weights): the last point is today's coverage.
    assert pt["weighted_coverage"][-1] == round(5400 / 23800, 6)


def test_html_shows_the_score_and_a_chart_per_locale(demo: tuple[dict[str, Any], str]) -> None:
    report, text = demo
    assert 'id="trend-score"' in text
    for i, locale in enumerate(("de", "es", "fr", "ja", "pt-BR")):
        assert f'id="trend-{i}"' in text
        assert f"{locale} weighted coverage" in text
    de = next(t for t in report["history"]["locales"] if t["locale"] == "de")
    assert f"80% on {de['forecast_date']}" in text
    assert "never at this pace" in text
    assert "<script" not in text


def test_the_bundled_history_is_what_the_script_writes(tmp_path: Path) -> None:
    """The script rebuilds the bundled runs from today's demo: the same runs, coverage,
    scores and statuses (when the demo site changes, rerun the script)."""
    script = ROOT / "scripts" / "demo_history.py"
    result = subprocess.run([sys.executable, str(script), str(tmp_path)], capture_output=True,
                            text=True, timeout=120, env={**os.environ, "PYTHONPATH": SRC})
    assert result.returncode == 0, result.stderr
    bundled = sorted((ROOT / "src" / "locaudit" / "demo" / "data" / "history").glob("*.json"))
    assert [f.name for f in sorted(tmp_path.glob("*.json"))] == [f.name for f in bundled]
    assert len(bundled) == 12 and bundled[0].name == "2026-09-07.json"
    for path in bundled:
        made, shipped = (json.loads(p.read_text(encoding="utf-8"))
                         for p in (tmp_path / path.name, path))
        for key in ("generated_at", "summary", "locales", "articles"):
            assert made[key] == shipped[key], (path.name, key)
        assert path.stat().st_size < 40_000  # small: the wheel compresses it about 9 times
