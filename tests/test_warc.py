"""source: warc: a site audited from its WARC recording, with the site gone, gives the
report a live crawl gives; bad archives are one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from locaudit.audit import run_audit
from locaudit.config import parse_config
from locaudit.demo.helpcenter import DEMO_TRUTH, build_demo_site
from locaudit.demo.server import Resource, SiteServer
from locaudit.formats.json_format import to_dict
from locaudit.models import Report
from tests.sites.recording import record
from tests.test_cli import run_cli


def _config(tmp: Path, base: str, extra: str = "") -> str:
    return (f"site:\n  start_urls: ['{base}/hc/en-us']\n{extra}"
            f"crawl:\n  rate_limit: 0\n  store: store/\n")


def _numbers(report: Report) -> dict[str, object]:
    data = to_dict(report)
    return {k: data[k] for k in ("summary", "locales", "articles", "backlog", "findings")}


def test_the_demo_from_its_recording_gives_the_live_report(tmp_path: Path) -> None:
    with SiteServer(build_demo_site) as server:
        base = server.base_url
        live = run_audit(parse_config(_config(tmp_path, base), base_dir=tmp_path / "live"))
        warc = record([server], tmp_path / "demo.warc.gz")
    # The server is gone: every answer now comes from the archive.
    config = parse_config(_config(tmp_path, base, f"  source: warc\n  warc: [{warc.name}]\n"),
                          base_dir=tmp_path)
    replayed = run_audit(config)
    assert _numbers(replayed) == _numbers(live)
    rows = {r.locale: (r.translated, r.stale, r.untranslated, r.missing)
            for r in replayed.locales}
    assert rows == DEMO_TRUTH["locales"]


def test_bad_archives_are_one_line_errors(tmp_path: Path) -> None:
    (tmp_path / "notwarc.warc").write_text("hello\n")
    cases = [
        ("  source: warc\n", 2, "site.warc: give the WARC files"),
        ("  source: warc\n  warc: [missing.warc.gz]\n", 2, "cannot read"),
        ("  source: warc\n  warc: [notwarc.warc]\n", 2, "is not a WARC file"),
    ]
    with SiteServer(build_demo_site) as server:
        warc = record([server], tmp_path / "other.warc.gz")
    cases.append((f"  source: warc\n  warc: [{warc.name}]\n", 3, "no response recorded"))
    for extra, code, message in cases:
        path = tmp_path / "acme.yaml"
        path.write_text(_config(tmp_path, "http://help.acme.example", extra))
        result = run_cli("audit", str(path), "--quiet")
        assert result.returncode == code, (extra, result.stderr)
        assert message in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("archives", [1, 2])
def test_the_latest_capture_of_a_url_is_replayed(tmp_path: Path, archives: int) -> None:
    """A site recorded twice: the later recording (a German article removed) wins, whether
    both recordings are in one file or two."""
    with SiteServer(build_demo_site) as server:
        first = record([server], tmp_path / "a.warc.gz")
        gone = next(p for p in server.site if p.startswith("/hc/de/articles/"))
        server.site = {**server.site, gone: Resource("<title>Not found</title>", status=404)}
        second = record([server], tmp_path / ("b.warc.gz" if archives == 2 else "c.warc.gz"))
        base = server.base_url
    files = [first.name, second.name] if archives == 2 else [second.name]
    if archives == 1:
        second.write_bytes(first.read_bytes() + second.read_bytes())
    extra = f"  source: warc\n  warc: {json.dumps(files)}\n"
    config = parse_config(_config(tmp_path, base, extra), base_dir=tmp_path)
    de = next(r for r in run_audit(config).locales if r.locale == "de")
    assert (de.translated + de.stale, de.missing) == (29, 11)  # 30 pages, one now gone

