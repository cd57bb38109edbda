"""`locaudit demo`: serve the bundled help center on 127.0.0.1 and audit it, offline."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from locaudit.audit import run_audit
from locaudit.config import config_for_url
from locaudit.crawl.crawler import ProgressFn
from locaudit.demo.helpcenter import build_demo_site
from locaudit.demo.server import SiteServer
from locaudit.models import Report

DEMO_NAME = "Acme Help Center (demo)"


def run_demo(on_progress: ProgressFn | None = None) -> Report:
    """Start the demo site on a free port, audit it with a throwaway store, stop the site."""
    with SiteServer(build_demo_site) as server, tempfile.TemporaryDirectory() as store_dir:
        config = config_for_url(f"{server.base_url}/hc/en-us")
        config = replace(
            config,
            site=replace(config.site, name=DEMO_NAME),
            crawl=replace(config.crawl, store=Path(store_dir), rate_limit=0),
        )
        return run_audit(config, on_progress=on_progress)
