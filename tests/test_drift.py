"""structure_drift: translations that lack parts of their source or name older versions.
One audit of tests/sites/drift.py; expected values from how the fixture is built."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from locaudit.demo.server import SiteServer
from tests.sites import drift
from tests.test_audit_sites import audit_json, counts


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    with SiteServer(drift.build_site) as server:
        yield audit_json(tmp_path_factory.mktemp("drift"), f"{server.base_url}/")


def test_a_translation_of_an_older_source_is_reported_with_what_it_lacks(
        report: dict[str, Any]) -> None:
    assert counts(report) == {"de": (3, 0, 0, 0)}  # still counted translated
    [finding] = [f for f in report["findings"] if f["locale"] == "de"]
    assert (finding["type"], finding["severity"]) == ("structure_drift", "info")
    assert finding["url"].endswith("/de/docs/upgrade")
    assert finding["message"].startswith(
        "de page lacks parts of its en source: 1 of the source's 4 images; 0 of the source's "
        "2 tables; version 1.28 where the source says 1.32;")


def test_a_decimal_comma_or_the_same_parts_are_no_drift(report: dict[str, Any]) -> None:
    urls = [f["url"] for f in report["findings"]]
    assert not any(u.endswith(("/de/docs/timeouts", "/de/docs/same")) for u in urls)
