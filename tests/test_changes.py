"""What changed since the baseline, in every output a failing CI run is read from: a docs
site audited twice, changed in between, then `check --baseline` on the second audit.

The site, by construction (English sources; `stale_after_days: 30`):

  run 1: a1..a4 in en; de has all four; fr has a1 and a2. Every translation is dated
         2026-09-25, every source 2026-10-01 (6 days older: translated).
  run 2: a5 is a new source article with no translation; de/a1 is removed (page and link);
         the source of a2 is updated to 2026-11-20 (its de and fr become 56 days older:
         stale); fr/a3 is added.

So, since run 1:
  newly missing     de a1 "Reset your password" (translated → missing),
                    de a5 "Export your data" and fr a5 (absent → missing);
  newly stale       de a2 and fr a2 "Update billing details" (translated → stale);
  newly translated  fr a3 "Invite team members" (missing → translated).
Coverage: de 4/4 → 3/5 (a2 stale still counts), fr 2/4 → 3/5.
"""

from __future__ import annotations

import html
import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import jsonschema

from locaudit.demo import texts
from locaudit.demo.server import Resource, Site, SiteServer
from locaudit.formats import changes as changes_text
from locaudit.formats import markdown
from locaudit.models import ArticleChange, ReportDiff
from tests.report_fixture import sample_report
from tests.test_check import DOCS
from tests.test_cli import run_cli

KEYS = ("a1", "a2", "a3", "a4", "a5")
TITLES = {key: texts.title(i, "en") for i, key in enumerate(KEYS)}
RUN1 = {"sources": KEYS[:4], "de": KEYS[:4], "fr": ("a1", "a2"), "updated": ()}
RUN2 = {"sources": KEYS, "de": ("a2", "a3", "a4"), "fr": ("a1", "a2", "a3"),
        "updated": ("a2",)}


def _page(lang: str, key: str, modified: str) -> Resource:
    index = KEYS.index(key)
    title = texts.title(index, lang)
    body = "".join(f"<p>{p}</p>" for p in texts.paragraphs(index, lang))
    return Resource(f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
                    f"<title>{html.escape(title)}</title><meta property="
                    f'"article:modified_time" content="{modified}"></head><body><main>'
                    f"<h1>{html.escape(title)}</h1>{body}</main></body></html>",
                    headers={"Content-Type": "text/html; charset=utf-8"})


def build(state: dict[str, tuple[str, ...]]) -> Site:
    site: dict[str, Resource] = {}
    links = []
    for key in state["sources"]:
        updated = "2026-11-20T09:00:00Z" if key in state["updated"] else "2026-10-01T09:00:00Z"
        site[f"/kb/{key}"] = _page("en", key, updated)
        links.append(f'<a href="/kb/{key}">{key}</a>')
        for lang in ("de", "fr"):
            if key in state[lang]:
                site[f"/{lang}/kb/{key}"] = _page(lang, key, "2026-09-25T09:00:00Z")
                links.append(f'<a href="/{lang}/kb/{key}">{lang} {key}</a>')
    site["/"] = Resource(f'<!doctype html><html lang="en"><title>KB</title><body>'
                         f'{" ".join(links)}</body></html>',
                         headers={"Content-Type": "text/html"})
    return site


def audit_twice(tmp_path: Path) -> tuple[Path, Path, str]:
    """Run 1 as the baseline JSON, then run 2 under `check --baseline`: (out dir, step
    summary, check's stderr)."""
    config = tmp_path / "kb.yaml"
    summary = tmp_path / "summary.md"
    with SiteServer(lambda base: build(RUN1)) as server:
        config.write_text(f"site:\n  start_urls: ['{server.base_url}/']\n"
                          "crawl:\n  store: store/\n  rate_limit: 0\nstale_after_days: 30\n"
                          "gates:\n  min_coverage: {de: 0.8}\n", encoding="utf-8")
        first = run_cli("audit", str(config), "-f", "json", "-o",
                        str(tmp_path / "baseline.json"), "--no-progress")
        assert first.returncode == 0, first.stderr
        server.site = build(RUN2)
        second = run_cli("check", str(config), "--baseline", str(tmp_path / "baseline.json"),
                         "-f", "json,markdown,junit,html,table", "-o", str(tmp_path / "out"),
                         "--no-progress", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert second.returncode == 1, second.stderr  # de 60% < 80%
    return tmp_path / "out", summary, second.stderr


def test_check_against_a_baseline_names_what_changed_in_every_output(tmp_path: Path) -> None:
    out, summary, stderr = audit_twice(tmp_path)
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, json.loads((DOCS / "report.schema.json").read_text()))
    changes = report["changes"]

    def pairs(kind: str) -> list[tuple[str, str, str, str, str]]:
        return [(c["article"].rsplit("/", 1)[-1], c["locale"], c["before"], c["after"],
                 c["title"]) for c in changes[kind]]

    assert pairs("newly_missing") == [
        ("a1", "de", "translated", "missing", TITLES["a1"]),
        ("a5", "de", "absent", "missing", TITLES["a5"]),
        ("a5", "fr", "absent", "missing", TITLES["a5"])]
    assert pairs("newly_stale") == [("a2", "de", "translated", "stale", TITLES["a2"]),
                                    ("a2", "fr", "translated", "stale", TITLES["a2"])]
    assert pairs("newly_translated") == [("a3", "fr", "missing", "translated", TITLES["a3"])]
    assert [(x["locale"], x["coverage_before"], x["coverage_after"])
            for x in changes["locales"]] == [("de", 1.0, 0.6), ("fr", 0.5, 0.6)]
    base = json.loads((tmp_path / "baseline.json").read_text(encoding="utf-8"))
    assert changes["since"] == base["generated_at"]
    missing_a1 = changes["newly_missing"][0]
    assert missing_a1["source_url"].endswith("/kb/a1")
    assert missing_a1["url"].endswith("/de/kb/a1")  # the page that was there
    assert changes["newly_translated"][0]["url"].endswith("/fr/kb/a3")

    # The check's log (stderr) and the table.
    headline = "3 newly missing, 2 newly stale, 1 newly translated"
    for text in (stderr, (out / "report.txt").read_text(encoding="utf-8")):
        assert headline in text and "(-15.0 pt)" in text  # score 75% → 60%
        assert f"de  {TITLES['a1']} (translated → missing)" in text
        assert f"fr  {TITLES['a5']} (absent → missing)" in text
        assert f"fr  {TITLES['a3']} (missing → translated)" in text

    # Markdown, and the same text in the step summary.
    md = (out / "report.md").read_text(encoding="utf-8")
    assert summary.read_text(encoding="utf-8") == md
    assert "### What changed since the baseline" in md
    assert "**Newly missing** (3)" in md and "**Newly stale** (2)" in md
    for key in ("a1", "a5"):
        assert f"[{TITLES[key]}](<" in md
    assert f"- de: [{TITLES['a1']}](<" in md and "/kb/a1>) (translated → missing)" in md

    # JUnit: the failed gate on de lists de's changes only.
    junit = ET.fromstring((out / "report.junit.xml").read_text(encoding="utf-8"))
    failure = junit.find(".//testcase[@name='min_coverage[de]']/failure")
    assert failure is not None and failure.text is not None
    assert "in de: 2 newly missing, 1 newly stale, 0 newly translated" in failure.text
    assert f"de  {TITLES['a1']} (translated → missing)" in failure.text
    assert f"de  {TITLES['a5']} (absent → missing)" in failure.text
    assert "fr  " not in failure.text
    locale_failure = junit.find(".//testcase[@name='de']/failure")
    assert locale_failure is not None and TITLES["a1"] in (locale_failure.text or "")

    # HTML: its own section, titles linked to the source pages.
    page = (out / "report.html").read_text(encoding="utf-8")
    section = page[page.index('<section id="changes">'):page.index('<section id="locales">')]
    assert "<h3>Newly missing (3)</h3>" in section and "<h3>Newly stale (2)</h3>" in section
    for key in ("a1", "a5"):
        assert f'/kb/{key}">{html.escape(TITLES[key])}</a>' in section
    assert '/fr/kb/a3">fr page</a>' in section
    assert '<a href="#changes">What changed</a>' in page  # in the table of contents

    # `locaudit diff` of the same two reports lists the same changes.
    diff = run_cli("diff", str(tmp_path / "baseline.json"), str(out / "report.json"),
                   "-f", "json")
    assert json.loads(diff.stdout)["newly_stale"] == changes["newly_stale"]
    text = run_cli("diff", str(tmp_path / "baseline.json"), str(out / "report.json")).stdout
    assert f"Newly stale (2)\n\n- de: /kb/a2 {TITLES['a2']} (translated → stale)" in text


def _change(i: int) -> ArticleChange:
    return ArticleChange(f"k{i:02d}", "de", "translated", "missing", f"Article {i}",
                         f"https://help.example/kb/{i}")


def test_long_lists_are_capped_with_how_many_more() -> None:
    diff = ReportDiff(0.8, 0.7, (), tuple(_change(i) for i in range(13)), (),
                      since="2026-11-20T06:00:00Z")
    lines = changes_text.text_lines(diff, shown=10)
    assert lines[0] == ("Since the baseline of 2026-11-20: 13 newly missing, 0 newly stale, 0 "
                        "newly translated; score 80.0% → 70.0% (-10.0 pt)")
    assert lines[1] == "Newly missing (13):"
    assert lines[2] == "  de  Article 0 (translated → missing)  https://help.example/kb/0"
    assert lines[-1] == "  and 3 more" and len(lines) == 2 + 10 + 1
    md = markdown.format(replace(sample_report(), changes=diff))
    assert "- and 3 more" in md and "Article 9" in md and "Article 10" not in md


def test_crawled_titles_and_urls_are_escaped_in_markdown_links() -> None:
    evil = ArticleChange("k", "de", "translated", "missing", "Pipes | and <b>tags</b>",
                         "https://help.example/kb/a (1)>x")
    md = "\n".join(markdown.changes_lines(ReportDiff(0.5, 0.5, (), (evil,), ())))
    assert "[Pipes \\| and &lt;b&gt;tags&lt;/b&gt;](<https://help.example/kb/a%20(1)%3Ex>)" in md


def test_a_baseline_from_before_the_changes_block_still_loads() -> None:
    # CI artifacts made by an earlier locaudit have no `changes` key: still a baseline.
    from locaudit.formats import json_format

    data = json.loads(json_format.format(sample_report()))
    del data["changes"]
    assert json_format.from_dict(data).changes is None
