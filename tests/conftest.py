"""Fixture sites served by a real HTTP server on 127.0.0.1 for the whole test session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from locaudit.demo.helpcenter import build_demo_site
from locaudit.demo.server import SiteServer
from tests.sites import docs, hreflang, zendesk


@pytest.fixture(scope="session")
def zendesk_site() -> Iterator[SiteServer]:
    with SiteServer(zendesk.build_site) as server:
        yield server


@pytest.fixture(scope="session")
def docs_site() -> Iterator[SiteServer]:
    with SiteServer(docs.build_site) as server:
        yield server


@pytest.fixture(scope="session")
def demo_site() -> Iterator[SiteServer]:
    with SiteServer(build_demo_site) as server:
        yield server


@pytest.fixture(scope="session")
def hreflang_site() -> Iterator[SiteServer]:
    with SiteServer(hreflang.build_site) as server:
        yield server
