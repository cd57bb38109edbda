"""Realistic multilingual sites served on 127.0.0.1 for the tests, and the one way to audit
one of them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from locaudit.audit import run_audit
from locaudit.config import parse_config
from locaudit.demo.server import Site, SiteServer
from locaudit.models import Report


@contextmanager
def audited_site(build: Callable[[str], Site], tmp: Path, name: str, crawl: str = "",
                 start: str = "/en/") -> Iterator[tuple[SiteServer, Report]]:
    """Serve `build`'s site and audit it from `start` with no rate limit and its own store;
    `crawl` adds crawl keys (YAML lines, each indented by two spaces)."""
    with SiteServer(build) as server:
        config = parse_config(
            f"site:\n  start_urls: ['{server.base_url}{start}']\n"
            f"crawl:\n  rate_limit: 0\n  store: store/\n{crawl}",
            filename=f"{name}.yaml", base_dir=tmp)
        yield server, run_audit(config)
