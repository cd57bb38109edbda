"""A site that declares no language anywhere: the text's detected language is the evidence
that confirms URL locales, so it is audited with no locale_pattern or source_locale."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from locaudit.demo.server import SiteServer
from tests.sites import nolang
from tests.test_audit_sites import audit_json, counts


@pytest.fixture(scope="module")
def nolang_site() -> Iterator[SiteServer]:
    with SiteServer(nolang.build_site) as server:
        yield server


def test_locales_are_confirmed_by_the_text_when_nothing_is_declared(
    nolang_site: SiteServer, tmp_path: Path
) -> None:
    report = audit_json(tmp_path, f"{nolang_site.base_url}/")
    assert report["site"]["source_locale"] == "en"
    # translated, stale, untranslated, missing (tests/sites/nolang.py docstring)
    assert counts(report) == {"de": (3, 0, 0, 8), "fr": (5, 0, 1, 5)}
    keys = {a["key"] for a in report["articles"]}
    assert set(nolang.GUIDES) | set(nolang.IT_PAGES) == keys  # /it/ is English content
    untranslated = [f for f in report["findings"] if f["type"] == "untranslated_content"]
    assert [(f["locale"], f["article"]) for f in untranslated] == [("fr", "/guides/restore")]
