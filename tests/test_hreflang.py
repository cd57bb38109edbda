"""hreflang and <html lang> validation: every class of mistake on its own fixture article,
and no finding on a correct cluster (tests/sites/hreflang.py)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from locaudit.demo.server import SiteServer
from locaudit.locales.hreflang import invalid_code_fix
from tests.sites import hreflang
from tests.test_audit_sites import audit_json, counts


@pytest.mark.parametrize(("raw", "fix"), [
    ("jp", "ja"), ("en-UK", "en-GB"), ("en_US", "en-US"), ("us-en", "en-US"), ("x", ""),
    ("iw", "he"), ("de_de", "de-DE"), ("xx", ""),
])
def test_invalid_codes_and_the_fix_they_suggest(raw: str, fix: str) -> None:
    assert invalid_code_fix(raw) == fix


@pytest.mark.parametrize("raw", ["en", "en-us", "en-US", "x-default", "X-Default", "zh-Hans",
                                 "zh-hant-tw", "es-419", "de-CH", "pt-BR", "fil"])
def test_valid_codes_pass(raw: str) -> None:
    assert invalid_code_fix(raw) is None


def test_every_hreflang_mistake_is_found_once(hreflang_site: SiteServer, tmp_path: Path
                                              ) -> None:
    base = hreflang_site.base_url
    report = audit_json(tmp_path, f"{base}/en/")
    assert report["summary"]["source_articles"] == len(hreflang.ARTICLES)
    assert counts(report) == hreflang.COUNTS
    assert Counter(f["type"] for f in report["findings"]) == hreflang.FINDINGS

    def on(name: str, kind: str) -> list[dict[str, str]]:
        return [f for f in report["findings"] if f["type"] == kind
                and f["url"] and f["url"].rsplit("/", 1)[1] == name]

    # The correct clusters raise nothing, however their links are spelled.
    assert not [f for f in report["findings"]
                if f["url"] and f["url"].endswith(("/good", "/nodefault", "/langattr"))
                and f["type"].startswith("hreflang_") and f["type"] != "hreflang_missing_x_default"]
    assert not [f for f in report["findings"] if f["url"] and f["url"].endswith(
        ("/good", "/spelling", hreflang.SPELLING_DE))]
    spelling = next(a for a in report["articles"] if a["key"] == "/guide/spelling")
    assert {loc: t["url"] for loc, t in spelling["translations"].items()} == {
        "de": base + hreflang.SPELLING_DE, "fr": f"{base}/fr/guide/spelling"}
    codes = on("codes", "hreflang_invalid_code")
    assert sorted(f["message"].split('"')[1] for f in codes) == \
        ["en-UK", "en_US", "jp", "us-en", "x"]
    jp = next(f for f in codes if 'hreflang="jp"' in f["message"])
    assert 'use hreflang="ja"' in jp["message"]
    [noreturn] = on("noreturn", "hreflang_missing_return_link")
    assert noreturn["locale"] == "en" and f"{base}/de/guide/noreturn" in noreturn["message"]
    assert 'add hreflang="en"' in noreturn["message"]
    [moved_back] = on("moved", "hreflang_missing_return_link")
    assert moved_back["locale"] == "de"
    assert on("noself", "hreflang_missing_self_reference")[0]["locale"] == "en"
    assert "2 URLs" in on("dupe", "hreflang_duplicate_language")[0]["message"]
    # Both de URLs claim the article: the one with its key is counted, the copy reported.
    [conflict_copy] = on("dupe-copy", "alignment_conflict")
    assert (conflict_copy["locale"], conflict_copy["article"]) == ("de", "/guide/dupe")
    assert f"{base}/de/guide/dupe is the one counted" in conflict_copy["message"]
    not_ok = {f["url"].rsplit("/", 1)[1]: f["message"]
              for f in report["findings"] if f["type"] == "hreflang_target_not_ok"}
    assert set(not_ok) == {"moved", "broken", "noindex", "canonical"}
    assert f"redirects to {base}/de/guide/moved" in not_ok["moved"]
    assert "HTTP 404" in not_ok["broken"]
    assert "noindex" in not_ok["noindex"]
    assert f"canonical ({base}/fr/guide/good)" in not_ok["canonical"]
    [conflict] = on("conflict", "hreflang_conflict")
    assert 'hreflang="fr"' in conflict["message"] and "de page" in conflict["message"]
    [no_default] = [f for f in report["findings"] if f["type"] == "hreflang_missing_x_default"]
    assert (no_default["url"], no_default["severity"]) == (f"{base}/en/guide/nodefault", "info")
    # Every message says what to do about it.
    fix = re.compile(r"\b(add|use|point|fix|keep|set|drop|index|remove|translat\w+)\b")
    for f in report["findings"]:
        assert fix.search(f["message"]), f
    assert on("langattr", "html_lang_missing")[0]["locale"] == "de"
    assert on("langattr", "html_lang_mismatch")[0]["locale"] == "fr"
