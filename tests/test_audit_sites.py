"""`locaudit audit` end to end on the fixture sites: exact counts from how each was built."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema

from locaudit.demo.server import SiteServer
from tests.test_cli import run_cli

SCHEMA = json.loads((Path(__file__).parents[1] / "docs/report.schema.json").read_text())


def audit_json(tmp_path: Path, start_url: str, extra: str = "", top: str = ""
               ) -> dict[str, Any]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    config = tmp_path / "site.yaml"
    config.write_text(f"{top}site:\n  start_urls: ['{start_url}']\n{extra}"
                      f"crawl:\n  store: store/\n  rate_limit: 0\n", encoding="utf-8")
    result = run_cli("audit", str(config), "--format", "json", "-o",
                     str(tmp_path / "report.json"), "--no-progress")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""  # the report went to the file
    data: dict[str, Any] = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA)  # every report the tests produce fits the schema
    return data


def counts(report: dict[str, Any]) -> dict[str, tuple[int, int, int, int]]:
    return {row["locale"]: (row["translated"], row["stale"], row["untranslated"],
                            row["missing"]) for row in report["locales"]}


def test_zendesk_help_center_counts(zendesk_site: SiteServer, tmp_path: Path) -> None:
    report = audit_json(tmp_path, f"{zendesk_site.base_url}/hc/en-us")
    assert report["site"]["source_locale"] == "en-US"
    assert report["summary"]["source_articles"] == 12
    # translated, stale, untranslated, missing (tests/sites/zendesk.py docstring)
    assert counts(report) == {"de": (9, 0, 0, 3), "fr": (6, 0, 0, 6), "ja": (4, 0, 1, 7)}
    coverage = {row["locale"]: row["coverage"] for row in report["locales"]}
    assert coverage == {"de": 0.75, "fr": 0.5, "ja": round(4 / 12, 6)}
    # Equal demand over three locales: the score is the mean coverage.
    assert report["summary"]["score"] == round((9 + 6 + 4) / 36, 6)
    # Articles are keyed by the Zendesk ID, whatever the localized slug.
    keys = [a["key"] for a in report["articles"]]
    assert keys == [str(360001000 + i) for i in range(12)]
    untranslated = [f for f in report["findings"] if f["type"] == "untranslated_content"]
    assert [(f["locale"], f["article"]) for f in untranslated] == [("ja", "360001004")]
    assert untranslated[0]["url"].startswith(f"{zendesk_site.base_url}/hc/ja/articles/360001004-")
    assert "text is en" in untranslated[0]["message"]
    # Nothing else is wrong with this site: one missing-translation summary per locale, the
    # search pages robots.txt disallows (one per locale) and the de URL of article 10 that
    # redirects to English are the only other findings.
    assert Counter(f["type"] for f in report["findings"]) == {
        "untranslated_content": 1, "missing_translation": 3, "blocked_by_robots": 4,
        "locale_redirect": 1}
    redirect = next(f for f in report["findings"] if f["type"] == "locale_redirect")
    assert (redirect["locale"], redirect["article"]) == ("de", "360001010")


def test_docs_site_with_source_at_root_and_no_hreflang(docs_site: SiteServer, tmp_path: Path
                                                       ) -> None:
    report = audit_json(tmp_path, f"{docs_site.base_url}/")
    assert report["site"]["source_locale"] == "en"
    assert report["summary"]["source_articles"] == 10  # the index pages are not articles
    assert counts(report) == {"de": (4, 0, 0, 6), "fr": (7, 0, 0, 3)}
    assert {row["locale"]: row["coverage"] for row in report["locales"]} == \
        {"de": 0.4, "fr": 0.7}
    install = next(a for a in report["articles"] if a["key"] == "/guide/install")
    # All of the page's prose is French: target_share 1.
    fr = install["translations"]["fr"]
    assert {k: fr[k] for k in ("status", "url", "target_share")} == {
        "status": "translated", "url": f"{docs_site.base_url}/fr/guide/install",
        "target_share": 1.0}
    assert install["section"] == "guide"
    assert Counter(f["type"] for f in report["findings"]) == {"missing_translation": 2}


def test_configured_locales_limit_the_report(zendesk_site: SiteServer, tmp_path: Path
                                             ) -> None:
    report = audit_json(tmp_path, f"{zendesk_site.base_url}/hc/en-us",
                        "  locales: [de, ja]\n")
    assert counts(report) == {"de": (9, 0, 0, 3), "ja": (4, 0, 1, 7)}


def test_same_crawl_gives_the_same_report(zendesk_site: SiteServer, tmp_path: Path) -> None:
    first = audit_json(tmp_path / "a", f"{zendesk_site.base_url}/hc/en-us")
    second = audit_json(tmp_path / "b", f"{zendesk_site.base_url}/hc/en-us")
    for report in (first, second):
        report.pop("generated_at")
        report["crawl"].pop("duration_s")
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
