"""The language of a translation is judged on its prose: not on English chrome inside
<main>, code, Latin product names in Chinese, or a detector that does not know the script.
One audit of tests/sites/prose.py; expected values from how the fixture is built."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from locaudit.demo.server import SiteServer
from tests.sites import prose
from tests.test_audit_sites import audit_json, counts


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    with SiteServer(prose.build_site) as server:
        data = audit_json(tmp_path_factory.mktemp("prose"), f"{server.base_url}/")
        data["base_url"] = server.base_url
        yield data


def _translation(report: dict[str, Any], index: int, locale: str) -> dict[str, Any]:
    """The translation's status, URL and target share (what these tests are about)."""
    article = next(a for a in report["articles"] if a["key"].endswith(prose.SLUGS[index]))
    row = article["translations"][locale]
    return {k: row[k] for k in ("status", "url", "target_share")}


def _findings(report: dict[str, Any], kind: str) -> list[tuple[str, str]]:
    return sorted((f["locale"], f["url"].rsplit("/", 1)[-1]) for f in report["findings"]
                  if f["type"] == kind)


def test_counts_and_findings(report: dict[str, Any]) -> None:
    # translated, stale, untranslated, missing (tests/sites/prose.py docstring)
    assert counts(report) == {"de": (4, 0, 1, 4), "fr": (0, 0, 4, 5), "km": (1, 0, 0, 8),
                              "zh-CN": (2, 0, 0, 7)}
    assert _findings(report, "untranslated_content") == [
        ("de", "fallback"), ("fr", "code-heavy"), ("fr", "long-notice"), ("fr", "short-notice"),
        ("fr", "slides")]
    assert Counter(f["type"] for f in report["findings"]) == {
        "untranslated_content": 5, "partial_translation": 1, "missing_translation": 4}


def test_a_fallback_page_with_no_prose_by_the_notice_only_copies_carry(
        report: dict[str, Any]) -> None:
    # /fr/docs/slides has no prose at all: only the site's French "you are viewing the English
    # version" notice, which the three other fr pages carry too, all verbatim copies of their
    # English source.
    [slides] = [f for f in report["findings"] if f["type"] == "untranslated_content"
                and f["url"].endswith("/fr/docs/slides")]
    assert "the notice that this site's fr copies of en pages carry" in slides["message"]


def test_english_notice_on_a_short_translated_page(report: dict[str, Any]) -> None:
    # Without the repeated chrome, two German sentences are under the prose minimum:
    # unknown (no share), counted as the locale's page, no finding.
    assert _translation(report, 0, "de") == {
        "status": "translated", "url": f"{report['base_url']}/de/docs/short-notice",
        "target_share": None}


def test_english_notice_on_a_long_translated_page(report: dict[str, Any]) -> None:
    # The notice, the widget and the "Last modified" line repeat on the 5 de pages and are
    # left out; the shared "before you begin" English paragraph appears on this page only,
    # so it stays and shows through, under the bleed-through threshold.
    translation = _translation(report, 1, "de")
    assert translation["status"] == "translated"
    german = sum(len([c for c in p if c.isalpha()]) for p in prose.LONG_DE)
    english = len([c for c in prose.BEFORE if c.isalpha()])
    assert translation["target_share"] == round(german / (german + english), 4)
    # The evidence: the English notice repeated on every de page.
    assert any("a block in en" in n and "on 5 de pages" in n for n in report["notes"])


def test_code_heavy_chinese_page(report: dict[str, Any]) -> None:
    assert _translation(report, 2, "zh-CN")["target_share"] == 1.0


def test_chinese_prose_dense_with_latin_terms(report: dict[str, Any]) -> None:
    assert _translation(report, 3, "zh-CN")["target_share"] == 1.0


def test_a_script_the_detector_does_not_know(report: dict[str, Any]) -> None:
    assert _translation(report, 4, "km") == {
        "status": "translated", "url": f"{report['base_url']}/km/docs/khmer",
        "target_share": 1.0}


def test_half_translated_page_is_a_partial_translation(report: dict[str, Any]) -> None:
    german = sum(len([c for c in p if c.isalpha()]) for p in prose.HALF_DE)
    english = sum(len([c for c in p if c.isalpha()]) for p in prose.HALF_EN)
    translation = _translation(report, 6, "de")
    assert translation["status"] == "translated"
    assert translation["target_share"] == round(german / (german + english), 4)
    [partial] = [f for f in report["findings"] if f["type"] == "partial_translation"
                 and f["locale"] == "de"]
    assert partial["url"].endswith("/de/docs/half") and partial["severity"] == "warning"
    assert f"{english / (german + english):.0%} of its prose is still en (bleed-through)" \
        in partial["message"]


def test_names_are_not_prose(report: dict[str, Any]) -> None:
    assert _translation(report, 7, "de") == {
        "status": "translated", "url": f"{report['base_url']}/de/docs/credits",
        "target_share": None}


def test_bleed_through_threshold_is_configurable(tmp_path: Path) -> None:
    with SiteServer(prose.build_site) as server:
        data = audit_json(tmp_path, f"{server.base_url}/",
                          top="checks:\n  bleed_through: 0.6\n")
    assert "partial_translation" not in {f["type"] for f in data["findings"]}
