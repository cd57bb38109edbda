"""`locaudit demo`: serve the bundled help center on 127.0.0.1 and audit it, offline.

The audit uses `data/acme.yaml` (markets, a GA4 traffic export, translation costs), so the
demo shows the market- and traffic-weighted numbers, not only page counts; and 12 weekly
runs bundled in `data/history/` (synthetic: scripts/demo_history.py) give it trends.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from locaudit.audit import run_audit
from locaudit.config import Config, load_config
from locaudit.crawl.crawler import ProgressFn
from locaudit.demo.helpcenter import build_demo_site
from locaudit.demo.server import SiteServer
from locaudit.formats.json_format import load_report
from locaudit.metrics.trends import run_time, with_history
from locaudit.models import Report

DEMO_CONFIG = Path(__file__).parent / "data" / "acme.yaml"
DEMO_HISTORY = Path(__file__).parent / "data" / "history"


def demo_config(base_url: str, store: Path) -> Config:
    """The bundled demo config, pointed at the running demo server, with its own store."""
    config = load_config(DEMO_CONFIG)
    return replace(config, site=replace(config.site, start_urls=(f"{base_url}/hc/en-us",)),
                   crawl=replace(config.crawl, store=store))


def run_demo(on_progress: ProgressFn | None = None) -> Report:
    """Start the demo site on a free port, audit it with a throwaway store, stop the site."""
    with SiteServer(build_demo_site) as server, tempfile.TemporaryDirectory() as store_dir:
        config = demo_config(server.base_url, Path(store_dir))
        report = run_audit(config, on_progress=on_progress)
    return with_history(report, bundled_history(report), config.gates.min_coverage)


def bundled_history(current: Report) -> list[Report]:
    """The demo's 12 weekly runs, oldest first, dated back from `current`: the last one a
    week before it, so the trends read the same whatever day the demo runs."""
    runs = [load_report(str(path)) for path in sorted(DEMO_HISTORY.glob("*.json"))]
    if not runs:
        return []
    shift = run_time(current) - timedelta(weeks=1) - run_time(runs[-1])
    return [replace(run, generated_at=(run_time(run) + shift).strftime("%Y-%m-%dT%H:%M:%SZ"))
            for run in runs]


def demo_server(port: int = 0) -> SiteServer:
    """The bundled help center as a server to keep up (`locaudit demo --serve`), to try
    `init` and `audit URL` on: `with demo_server(8000) as server: ...`."""
    return SiteServer(build_demo_site, port=port)
