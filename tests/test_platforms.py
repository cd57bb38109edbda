"""Each platform's URL shape, read right with no locale_pattern or article_key given."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from locaudit.demo import texts
from locaudit.demo.helpcenter import slugify
from locaudit.demo.server import SiteServer
from tests.sites import platforms
from tests.test_audit_sites import audit_json, counts


@pytest.mark.parametrize("name", sorted(platforms.TRUTH))
def test_platform_counts_match_how_the_site_was_built(name: str, tmp_path: Path) -> None:
    with SiteServer(platforms.builder(name)) as server:
        start = platforms.PLATFORMS[name].home(platforms.PLATFORMS[name].source) \
            if name in platforms.PLATFORMS else "/"
        report = audit_json(tmp_path, server.base_url + start)
    assert counts(report) == platforms.TRUTH[name]
    articles = len(platforms.IT_GUIDES) if name == "itdocs" else platforms.ARTICLES
    assert report["summary"]["source_articles"] == articles
    if name == "salesforce":
        assert report["site"]["source_locale"] == "en-US"
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


@pytest.mark.parametrize("name", sorted(platforms.PLATFORMS))
def test_the_platform_profile_reads_its_site_the_same(name: str, tmp_path: Path) -> None:
    platform = platforms.PLATFORMS[name]
    with SiteServer(platforms.builder(name)) as server:
        report = audit_json(tmp_path, server.base_url + platform.home(platform.source),
                            top=f"extends: {name}\n")
    assert counts(report) == platforms.TRUTH[name]


def test_it_and_id_sections_are_not_locales(tmp_path: Path) -> None:
    with SiteServer(platforms.build_itdocs) as server:
        report = audit_json(tmp_path, server.base_url + "/")
    assert [row["locale"] for row in report["locales"]] == ["fr"]
    keys = {a["key"] for a in report["articles"]}
    assert {"/it/vpn", "/id/login"} <= keys
    assert not [f for f in report["findings"] if f["type"].startswith("html_lang")]
    assert Counter(f["type"] for f in report["findings"]) == {"missing_translation": 1}
