"""Each platform's URL shape, read right with no locale_pattern or article_key given."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from locaudit.demo import texts
from locaudit.demo.helpcenter import slugify
from locaudit.demo.server import SiteServer
from tests.sites import platforms
from tests.test_audit_sites import SCHEMA, counts
from tests.test_cli import run_cli


def audit(tmp_path: Path, name: str, server: SiteServer, top: str = "", extra: str = ""
          ) -> dict[str, Any]:
    """`locaudit audit` on a fixture, with no locale_pattern or article_key unless `top`
    names a profile; the Help Scout fixture's made-up hosts are reached through its server
    acting as an HTTP proxy."""
    starts = ", ".join(f"'{url}'" for url in platforms.start_urls(name, server.base_url))
    tmp_path.mkdir(parents=True, exist_ok=True)
    config = tmp_path / "site.yaml"
    config.write_text(f"{top}site:\n  start_urls: [{starts}]\n{extra}"
                      "crawl:\n  store: store/\n  rate_limit: 0\n", encoding="utf-8")
    env = {"HTTP_PROXY": server.base_url, "NO_PROXY": ""} if name == "helpscout" else None
    result = run_cli("audit", str(config), "--format", "json", "-o",
                     str(tmp_path / "report.json"), "--no-progress", env=env)
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA)
    return data


@pytest.mark.parametrize("name", sorted(platforms.TRUTH))
def test_platform_counts_match_how_the_site_was_built(name: str, tmp_path: Path) -> None:
    with SiteServer(platforms.builder(name)) as server:
        report = audit(tmp_path, name, server)
    assert counts(report) == platforms.TRUTH[name]
    articles = platforms.SOURCE_ARTICLES.get(name, platforms.ARTICLES)
    assert report["summary"]["source_articles"] == articles
    assert report["site"]["source_locale"] == ("en-US" if name == "salesforce" else "en")
    # Every locale in the report is one the fixture serves: no section taken for a locale.
    assert {row["locale"] for row in report["locales"]} == set(platforms.TRUTH[name])
    untranslated = [f for f in report["findings"] if f["type"] == "untranslated_content"]
    partial = [f for f in report["findings"] if f["type"] == "partial_translation"]
    if name == "document360":
        # The fallback banner is what gives the two English pages away.
        slug = {i: slugify(texts.title(i, "en")) for i in range(platforms.ARTICLES)}
        assert sorted(f["url"] for f in untranslated) == sorted(
            f"{server.base_url}/docs/fr/{slug[i]}" for i in (3, 4))
        assert all("fallback notice" in f["message"] for f in untranslated)
        [half] = partial
        assert (half["locale"], half["url"]) == ("fr", f"{server.base_url}/docs/fr/{slug[2]}")
        assert "of the source's" in half["message"]
    else:
        assert untranslated == [] and partial == []


@pytest.mark.parametrize("name", [*sorted(platforms.PLATFORMS), "helpscout"])
def test_the_platform_profile_reads_its_site_the_same(name: str, tmp_path: Path) -> None:
    with SiteServer(platforms.builder(name)) as server:
        report = audit(tmp_path, name, server, top=f"extends: {name}\n")
    assert counts(report) == platforms.TRUTH[name]


def test_it_id_and_no_sections_are_not_locales(tmp_path: Path) -> None:
    with SiteServer(platforms.build_itdocs) as server:
        report = audit(tmp_path, "itdocs", server)
    assert [row["locale"] for row in report["locales"]] == ["fr"]
    keys = {a["key"] for a in report["articles"]}
    assert {"/it/vpn", "/id/login", "/no/alerts"} <= keys
    assert not [f for f in report["findings"] if f["type"].startswith("html_lang")]
    assert Counter(f["type"] for f in report["findings"]) == {"missing_translation": 1}


def test_help_scout_subdomains_tied_by_hreflang_from_html_headers_and_sitemap(
        tmp_path: Path) -> None:
    with SiteServer(platforms.build_helpscout) as server:
        report = audit(tmp_path, "helpscout", server)
    articles = {a["key"]: a for a in report["articles"]}
    # Keyed by the English site's IDs; each translation found where its set was declared.
    assert sorted(articles, key=int) == [str(100 + i) for i in range(platforms.ARTICLES)]
    for i in range(platforms.ARTICLES):
        translations = articles[str(100 + i)]["translations"]
        for lang, done in platforms.HELPSCOUT_TRANSLATED.items():
            if i in done:
                shown = {k: translations[lang][k] for k in ("status", "url", "target_share")}
                assert shown == {"status": "translated",
                                 "url": platforms.helpscout_url(lang, i),
                                 "target_share": 1.0}  # all prose translated
            else:
                assert translations[lang]["status"] == "missing"
    lang, index = platforms.HELPSCOUT_ORPHAN
    [orphan] = [f for f in report["findings"] if f["type"] == "orphan_translation"]
    assert (orphan["locale"], orphan["url"]) == (lang, platforms.helpscout_url(lang, index))
    assert "has no en source article" in orphan["message"]
    # Complete sets, wherever declared: no hreflang finding at all.
    assert Counter(f["type"] for f in report["findings"]) == {
        "missing_translation": 2, "orphan_translation": 1}


def test_file_suffix_locales_short_text_and_machine_translation(tmp_path: Path) -> None:
    with SiteServer(platforms.build_manual) as server:
        base = server.base_url
        report = audit(tmp_path, "manual", server)
        keys = sorted(a["key"] for a in report["articles"])
        assert keys == sorted([*(f"/manual/{n}.html" for n in platforms.MANUAL),
                               "/manual/notes.old.html"])
        # The short English line under .fr. is unknown: counted, and no finding of any kind.
        limits = next(a for a in report["articles"] if a["key"] == "/manual/limits.html")
        assert limits["translations"]["fr"]["status"] == "translated"
        assert not [f for f in report["findings"] if f["url"] and "limits" in f["url"]]
        [mt] = [f for f in report["findings"] if f["type"] == "machine_translated"]
        assert (mt["locale"], mt["url"]) == ("ja", f"{base}/manual/usage.ja.html")
        assert "ms.translationtype" in mt["message"] and "review" in mt["message"]
        assert Counter(f["type"] for f in report["findings"]) == {
            "missing_translation": 2, "machine_translated": 1}
        # A phrase the config adds is a machine-translation marker too.
        again = audit(tmp_path / "phrases", "manual", server,
                      extra="checks:\n  machine_translation_phrases: ['traduit par deepl']\n")
    marked = sorted((f["locale"], f["url"]) for f in again["findings"]
                    if f["type"] == "machine_translated")
    assert marked == [("fr", f"{base}/manual/backup.fr.html"),
                      ("ja", f"{base}/manual/usage.ja.html")]
    assert counts(again) == platforms.TRUTH["manual"]
