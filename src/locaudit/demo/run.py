"""`locaudit demo`: serve the bundled help center on 127.0.0.1 and audit it, offline.

The audit uses `data/acme.yaml` (markets, a GA4 traffic export, translation costs), so the
demo shows the market- and traffic-weighted numbers, not only page counts.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from locaudit.audit import run_audit
from locaudit.config import Config, load_config
from locaudit.crawl.crawler import ProgressFn
from locaudit.demo.helpcenter import build_demo_site
from locaudit.demo.server import SiteServer
from locaudit.models import Report

DEMO_CONFIG = Path(__file__).parent / "data" / "acme.yaml"


def demo_config(base_url: str, store: Path) -> Config:
    """The bundled demo config, pointed at the running demo server, with its own store."""
    config = load_config(DEMO_CONFIG)
    return replace(config, site=replace(config.site, start_urls=(f"{base_url}/hc/en-us",)),
                   crawl=replace(config.crawl, store=store))


def run_demo(on_progress: ProgressFn | None = None) -> Report:
    """Start the demo site on a free port, audit it with a throwaway store, stop the site."""
    with SiteServer(build_demo_site) as server, tempfile.TemporaryDirectory() as store_dir:
        return run_audit(demo_config(server.base_url, Path(store_dir)), on_progress=on_progress)


def demo_server(port: int = 0) -> SiteServer:
    """The bundled help center as a server to keep up (`locaudit demo --serve`), to try
    `init` and `audit URL` on: `with demo_server(8000) as server: ...`."""
    return SiteServer(build_demo_site, port=port)
