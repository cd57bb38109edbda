"""English pages served under a locale that are not plain verbatim copies: an index page
whose only translated text is the generated listing of its children, a page with one
paragraph of six translated, an older copy of a long list of names and dates. One audit of
tests/sites/copies.py; expected values from how the fixture is built."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from locaudit.demo.server import SiteServer
from tests.sites import copies
from tests.test_audit_sites import audit_json, counts

_LETTER = re.compile(r"[^\W\d_]")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    with SiteServer(copies.build_site) as server:
        yield audit_json(tmp_path_factory.mktemp("copies"), f"{server.base_url}/")


def _untranslated(report: dict[str, Any]) -> dict[str, str]:
    return {f["url"].rsplit("/", 1)[-1]: f["message"] for f in report["findings"]
            if f["type"] == "untranslated_content"}


def test_counts_and_findings(report: dict[str, Any]) -> None:
    # translated, stale, untranslated, missing (tests/sites/copies.py docstring)
    assert counts(report) == {"fr": (6, 0, 3, 0)}
    assert sorted(_untranslated(report)) == ["events", "guide", "rules"]
    assert [f["type"] for f in report["findings"] if f["locale"] == "fr"] == \
        ["untranslated_content"] * 3


def test_an_index_page_is_judged_on_its_own_prose_not_its_childrens_listing(
        report: dict[str, Any]) -> None:
    # The French titles and leads of /fr/docs/guide's listing are /fr/docs/install's and
    # /fr/docs/configure's own: what is left is the English intro, the source's verbatim.
    assert "but 100% of its text is the en source page's, verbatim" in \
        _untranslated(report)["guide"]


def test_a_page_mostly_the_source_verbatim_with_one_paragraph_translated(
        report: dict[str, Any]) -> None:
    english = sum(len(_LETTER.findall(p)) for i, p in enumerate(copies.RULES_EN) if i != 2)
    french = len(_LETTER.findall(copies.RULES_FR_THIRD))
    share = english / (english + french)
    assert 0.8 <= share < 0.9  # over bleed-through's 80%, under the 90% of a language verdict
    assert f"but {share:.0%} of its text is the en source page's" in _untranslated(report)["rules"]


def test_an_older_copy_of_a_list_with_almost_no_prose(report: dict[str, Any]) -> None:
    # 6 of the source's 60 events are missing, the French breadcrumb is the page's only
    # text the source lacks: whole-page containment, not the few blocks that read as prose.
    message = _untranslated(report)["events"]
    assert re.search(r"but (9\d|100)% of its text is the en source page's", message)


def test_translated_pages_with_shared_listings_and_names_stay_translated(
        report: dict[str, Any]) -> None:
    [article] = [a for a in report["articles"] if a["key"].endswith("/start")]
    assert article["translations"]["fr"]["status"] == "translated"
    [api] = [a for a in report["articles"] if a["key"].endswith("/api")]
    assert api["translations"]["fr"]["status"] == "translated"
