"""The history: a fixture site audited four times while it changes, then `history`, `diff`
by date, `check` against the stored previous run, import and prune.

The site (tests/sites/evolving.py; no markets, no traffic: equal demand, weights 1, so the
score is the mean coverage; stale_after_days 30):
  run 1 (2026-11-01): sources install, configure, deploy, upgrade (dated 10-01);
         fr install, configure; de install             -> fr 2/4 50 %, de 1/4 25 %, score 37.5 %
  run 2 (2026-11-08): fr adds deploy                   -> fr 75 % ↑, de 25 % →, score 50 %
  run 3 (2026-11-15, by `check`): source troubleshoot added, source configure updated on
         11-14 (fr configure, 40 days older, is stale but covered); de install removed
                                                       -> fr 3/5 60 % ↓, de 0 % ↓, score 30 %
  run 4 (2026-11-22, `crawl` then `report`): de install, configure
                                                       -> fr 60 % →, de 2/5 40 % ↑, score 50 %
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from unittest.mock import patch

import pytest

from locaudit.audit import open_store, run_audit
from locaudit.cli import main
from locaudit.config import load_config
from locaudit.crawl.schema import SCHEMA_VERSION, TABLES
from locaudit.crawl.store import Store
from locaudit.demo.server import SiteServer
from locaudit.formats import json_format
from locaudit.history.api import history_of, history_reports
from locaudit.history.store import History, earlier_reports, remember
from locaudit.metrics.trends import with_history
from locaudit.models import Report
from tests.sites.evolving import Version, build

OLD = "2026-10-01"
V1 = Version({name: OLD for name in ("install", "configure", "deploy", "upgrade")},
             {"fr": {"install": "2026-10-05", "configure": "2026-10-05"},
              "de": {"install": "2026-10-05"}})
V2 = replace(V1, translations={**V1.translations,
                               "fr": {**V1.translations["fr"], "deploy": "2026-11-07"}})
V3 = Version({**V1.sources, "configure": "2026-11-14", "troubleshoot": "2026-11-14"},
             {"fr": V2.translations["fr"], "de": {}})
V4 = replace(V3, translations={"fr": V2.translations["fr"],
                               "de": {"install": "2026-11-20", "configure": "2026-11-20"}})
DAYS = ("2026-11-01", "2026-11-08", "2026-11-15", "2026-11-22")


def cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(list(args))
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def at(day: str) -> contextlib.AbstractContextManager[object]:
    """The audit's clock: each run on its own day."""
    return patch("locaudit.audit.now", lambda: f"{day}T10:00:00Z")


@dataclass(frozen=True)
class Evolved:
    folder: Path
    reports: tuple[Report, ...]  # the four runs' reports, as audit/check/report made them
    check: tuple[int, str, str]  # run 3's `check`

    def copy(self, tmp: Path) -> Path:
        """A copy of the config and its store, for tests that change the history."""
        shutil.copytree(self.folder, tmp / "site")
        return tmp / "site" / "acme.yaml"


@pytest.fixture(scope="module")
def evolved(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Evolved]:
    folder = tmp_path_factory.mktemp("history")
    with SiteServer(build(V1)) as server:
        path = folder / "acme.yaml"
        path.write_text(f"site:\n  name: Acme Docs\n  start_urls: ['{server.base_url}/']\n"
                        "crawl:\n  rate_limit: 0\n  store: store/\nstale_after_days: 30\n"
                        "gates:\n  max_drop: 0.1\n", encoding="utf-8")
        config = load_config(path)
        with at(DAYS[0]):
            first = run_audit(config)
        server.site = build(V2)(server.base_url)
        with at(DAYS[1]):
            second = run_audit(config)
        server.site = build(V3)(server.base_url)
        with at(DAYS[2]):
            check = cli("check", str(path), "-f", "json", "-o", str(folder / "r3.json"),
                        "--no-progress")
        server.site = build(V4)(server.base_url)
        assert cli("crawl", str(path), "-q")[0] == 0
        with at(DAYS[3]):
            assert cli("report", str(path), "-f", "json", "-o", str(folder / "r4.json"))[0] == 0
    third, fourth = (json_format.load_report(str(folder / f"r{n}.json")) for n in (3, 4))
    yield Evolved(folder, (first, second, third, fourth), check)


def brief(report: Report) -> dict[str, object]:
    """What the history keeps of a report: all of it but backlog, updates, findings (kept
    as sizes and counts), and gates, changes and trends (the command's, not the run's)."""
    return json_format.to_dict(replace(report, backlog=(), updates=(), findings=(), gates=(),
                                       changes=None, history=None))


def coverage(report: Report) -> dict[str, float]:
    return {row.locale: row.weighted_coverage for row in report.locales}


def test_each_run_is_remembered_with_its_numbers_and_arrows(evolved: Evolved) -> None:
    table = history_of(load_config(evolved.folder / "acme.yaml"))
    assert table.locales == ("de", "fr")
    assert [row.entry.at[:10] for row in table.rows] == list(DAYS)
    assert [row.entry.score for row in table.rows] == [0.375, 0.5, 0.3, 0.5]
    assert [[(t.weighted_coverage, t.arrow) for t in row.trends] for row in table.rows] == [
        [(0.25, ""), (0.5, "")], [(0.25, "→"), (0.75, "↑")],
        [(0.0, "↓"), (0.6, "↓")], [(0.4, "↑"), (0.6, "→")]]
    assert [row.entry.run_id is not None for row in table.rows] == [True] * 4
    # backlog sizes: run 1 has 2 fr + 3 de missing pairs; run 3 updates fr configure (stale)
    assert [row.entry.backlog_items for row in table.rows] == [5, 4, 7, 5]
    assert [row.entry.updates_items for row in table.rows] == [0, 0, 1, 1]


def test_a_stored_report_is_the_report_that_was_made(evolved: Evolved) -> None:
    config = load_config(evolved.folder / "acme.yaml")
    store = open_store(config, read_only=True)
    try:
        stored = history_reports(store)
        entries = History(store).entries()
    finally:
        store.close()
    assert [brief(r) for r in stored] == [brief(r) for r in evolved.reports]
    configure = next(a for a in stored[2].articles if a.key.endswith("configure"))
    assert (configure.modified, configure.translations["fr"].status.value,
            configure.translations["fr"].modified) == ("2026-11-14", "stale", "2026-10-05")
    assert entries[2].findings and all(f.count > 0 for f in entries[2].findings)


def test_earlier_reports_feed_the_trend_figures(evolved: Evolved) -> None:
    store = open_store(load_config(evolved.folder / "acme.yaml"), read_only=True)
    try:
        fourth = evolved.reports[3]
        earlier = earlier_reports(store, fourth)
        narrow = earlier_reports(store, fourth, window_days=10)  # only run 3 has articles
    finally:
        store.close()
    assert [brief(r) for r in earlier] == [brief(r) for r in evolved.reports[:3]]
    assert [len(r.articles) for r in narrow] == [0, 0, 5]
    block = with_history(fourth, earlier).history
    assert block is not None
    assert [run.score for run in block.runs] == [0.375, 0.5, 0.3, 0.5]
    assert {t.locale: t.weighted_coverage for t in block.locales} == {
        "de": (0.25, 0.25, 0.0, 0.4), "fr": (0.5, 0.75, 0.6, 0.6)}


def test_check_without_a_baseline_compares_with_the_previous_run(evolved: Evolved) -> None:
    code, _, err = evolved.check
    assert code == 1, err
    assert "baseline: run 2 of the history (2026-11-08T10:00:00Z)" in err
    drops = {g.name: (g.passed, g.actual) for g in evolved.reports[2].gates
             if g.name.startswith("max_drop")}
    assert drops == {"max_drop[score]": (False, 0.2), "max_drop[de]": (False, 0.25),
                     "max_drop[fr]": (False, 0.15)}
    changes = evolved.reports[2].changes  # what changed since run 2, in every output
    assert changes is not None
    assert [(c.article, c.locale, c.before) for c in changes.newly_missing] == [
        ("/guide/install", "de", "translated"), ("/guide/troubleshoot", "de", "absent"),
        ("/guide/troubleshoot", "fr", "absent")]
    assert [(c.article, c.locale) for c in changes.newly_stale] == [("/guide/configure", "fr")]


def test_history_command_formats_and_filters(evolved: Evolved) -> None:
    config = str(evolved.folder / "acme.yaml")
    code, out, _ = cli("history", config)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Acme Docs: 4 runs in the history"
    assert lines[5].split() == ["2", "2026-11-08", "10:00", "11", "50.0%", "25.0%", "→",
                                "75.0%", "↑"]
    code, out, _ = cli("history", config, "--last", "2", "-f", "json")
    data = json.loads(out)
    assert (data["total"], [r["id"] for r in data["runs"]]) == (4, [3, 4])
    assert data["runs"][0]["locales"]["de"] == {"coverage": 0.0, "weighted_coverage": 0.0,
                                                "fresh_coverage": 0.0, "trend": "↓"}
    code, out, _ = cli("history", config, "--since", "2026-11-15", "-f", "csv")
    assert out.splitlines()[0] == ("id,generated_at,pages,complete,score,backlog_words,"
                                   "backlog_cost,weighted_coverage_de,trend_de,"
                                   "weighted_coverage_fr,trend_fr")
    assert [line.split(",")[7:] for line in out.splitlines()[1:]] == [
        ["0.0", "↓", "0.6", "↓"], ["0.4", "↑", "0.6", "→"]]
    code, out, _ = cli("history", config, "-f", "markdown")
    assert "| 4 | 2026-11-22 10:00 | " in out and "| 40.0% ↑ | 60.0% → |" in out
    code, out, _ = cli("history", config, "-f", "html")
    assert out.startswith("<!doctype html>") and '<td class="up">40.0% ↑</td>' in out
    code, _, err = cli("history", config, "--since", "last week")
    assert code == 2 and "--since" in err


def test_diff_by_date_and_by_id(evolved: Evolved) -> None:
    config = str(evolved.folder / "acme.yaml")
    code, out, _ = cli("diff", config, "--from", "2026-11-01", "--to", "last", "-f", "json")
    data = json.loads(out)
    assert code == 0 and data["score"] == {"before": 0.375, "after": 0.5, "delta": 0.125}
    assert [(c["article"], c["locale"]) for c in data["newly_translated"]] == [
        ("/guide/configure", "de"), ("/guide/deploy", "fr")]
    assert [(c["article"], c["locale"], c["before"]) for c in data["newly_missing"]] == [
        ("/guide/troubleshoot", "de", "absent"), ("/guide/troubleshoot", "fr", "absent")]
    # 2026-11-10 has no run: the last one before it is run 2
    code, out, _ = cli("diff", config, "--from", "2026-11-10", "--to", "3", "-f", "json")
    assert [(c["article"], c["locale"], c["before"]) for c in json.loads(out)["newly_missing"]
            ] == [("/guide/install", "de", "translated"), ("/guide/troubleshoot", "de", "absent"),
                  ("/guide/troubleshoot", "fr", "absent")]
    code, _, err = cli("diff", config, "--from", "2026-10-01")
    assert code == 2 and "starts on 2026-11-01" in err
    code, _, err = cli("diff", config, "--to", "9")
    assert code == 2 and "no history entry 9" in err


def test_import_orders_by_date_and_refuses_duplicates_and_other_sites(
        evolved: Evolved, tmp_path: Path) -> None:
    config = evolved.copy(tmp_path)
    first, _, _, fourth = evolved.reports
    older = tmp_path / "older.json"
    older.write_text(json_format.format(replace(first, generated_at="2026-10-25T10:00:00Z")))
    between = tmp_path / "between.json"  # run 4's report, dated between runs 2 and 3
    between.write_text(json_format.format(replace(fourth, generated_at="2026-11-10T10:00:00Z")))
    code, _, err = cli("history", "import", str(config), str(between), str(older))
    assert code == 0, err
    assert f"{older}: added as run 5" in err and f"{between}: added as run 6" in err
    table = history_of(load_config(config))
    assert [row.entry.id for row in table.rows] == [5, 1, 2, 6, 3, 4]
    assert [t.arrow for t in table.rows[1].trends] == ["→", "→"]  # same numbers as run 5
    store = open_store(load_config(config), read_only=True)
    try:
        stored = history_reports(store)
    finally:
        store.close()
    expected = [replace(first, generated_at="2026-10-25T10:00:00Z"), *evolved.reports[:2],
                replace(fourth, generated_at="2026-11-10T10:00:00Z"), *evolved.reports[2:]]
    assert [brief(r) for r in stored] == [brief(r) for r in expected]

    code, _, err = cli("history", "import", str(config), str(older))
    assert code == 0 and "already in the history (2026-10-25T10:00:00Z); nothing done" in err
    other = tmp_path / "other.json"
    other.write_text(json_format.format(replace(
        first, site=replace(first.site, start_urls=("https://help.other.example/",)))))
    code, _, err = cli("history", "import", str(config), str(other))
    assert code == 2 and "a report of another site (https://help.other.example/)" in err
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    code, _, err = cli("history", "import", str(config), str(bad))
    assert code == 2 and len(err.strip().splitlines()) == 1 and "not a JSON file" in err
    assert len(history_of(load_config(config)).rows) == 6


def test_prune_keeps_the_newest_runs_intact(evolved: Evolved, tmp_path: Path) -> None:
    config = evolved.copy(tmp_path)
    code, _, err = cli("history", "prune", str(config))
    assert code == 2 and "pass --keep N or set crawl.keep_runs" in err
    code, _, err = cli("history", "prune", str(config), "--keep", "2")
    assert code == 0 and "2 runs forgotten, 2 kept" in err
    table = history_of(load_config(config))
    assert [row.entry.id for row in table.rows] == [3, 4]
    assert [t.arrow for t in table.rows[0].trends] == ["", ""]  # nothing before it now
    store = open_store(load_config(config), read_only=True)
    try:
        assert [brief(r) for r in history_reports(store)] == \
            [brief(r) for r in evolved.reports[2:]]
    finally:
        store.close()


def test_keep_runs_prunes_as_runs_are_added(evolved: Evolved, tmp_path: Path) -> None:
    config = evolved.copy(tmp_path)
    config.write_text(config.read_text().replace("crawl:\n", "crawl:\n  keep_runs: 3\n"))
    older = tmp_path / "older.json"
    older.write_text(json_format.format(
        replace(evolved.reports[0], generated_at="2026-12-01T10:00:00Z")))
    assert cli("history", "import", str(config), str(older))[0] == 0
    assert [r.entry.id for r in history_of(load_config(config)).rows] == [3, 4, 5]


def test_an_interrupted_run_is_never_history(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite")
    try:
        store.begin_run("2026-11-01T10:00:00Z")  # never finished
        config = load_config_text(tmp_path)
        assert remember(config, store, _any_report()) is None
        assert History(store).entries() == []
    finally:
        store.close()


def test_a_schema_3_store_gains_an_empty_history(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    for statement in TABLES[:5]:  # meta, runs, pages, frontier, sitemap: schema 3
        db.execute(statement)
    db.execute("INSERT INTO meta VALUES ('schema', '3')")
    db.execute("INSERT INTO runs (started_at, state) VALUES ('2026-11-01', 'finished')")
    db.commit()
    db.close()
    store = Store(path)
    try:
        assert store.schema == SCHEMA_VERSION == 4
        assert store.finished_run() == 1 and History(store).entries() == []
    finally:
        store.close()


def load_config_text(tmp: Path):  # type: ignore[no-untyped-def]
    path = tmp / "c.yaml"
    path.write_text("site:\n  start_urls: ['https://help.acme.example/hc/en-us']\n")
    return load_config(path)


def _any_report() -> Report:
    from tests.report_fixture import sample_report

    return sample_report()


def test_a_config_never_audited_has_an_empty_history_and_no_store(tmp_path: Path) -> None:
    config = load_config_text(tmp_path)
    code, out, _ = cli("history", str(config.path))
    assert code == 0 and "0 runs in the history; runs join it when" in out
    assert not (tmp_path / ".locaudit").exists()
    code, _, err = cli("diff", str(config.path), "--to", "last")
    assert code == 2 and "the history is empty" in err
    code, _, err = cli("diff", str(config.path))
    assert code == 2 and "give two JSON reports (OLD.json NEW.json), or a config" in err
