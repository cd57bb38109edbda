"""`locaudit init URL`: probe a site, write a starter config that a full audit can use."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from locaudit.demo.server import SiteServer
from tests.sites import platforms
from tests.test_audit_sites import counts
from tests.test_cli import run_cli


def init_and_audit(server: SiteServer, start: str, tmp_path: Path) -> tuple[dict, dict]:
    config = tmp_path / "site.yaml"
    result = run_cli("init", server.base_url + start, "-o", str(config))
    assert result.returncode == 0, result.stderr
    assert f"Wrote {config}" in result.stderr
    written = yaml.safe_load(config.read_text(encoding="utf-8"))
    audit = run_cli("audit", str(config), "--format", "json", "--no-progress", cwd=tmp_path)
    assert audit.returncode == 0, audit.stderr
    return written, json.loads(audit.stdout)


def test_init_on_a_zendesk_help_center(zendesk_site: SiteServer, tmp_path: Path) -> None:
    written, report = init_and_audit(zendesk_site, "/hc/en-us", tmp_path)
    assert written["extends"] == "zendesk"
    assert written["site"]["source_locale"] == "en-US"
    assert written["site"]["locales"] == ["de", "fr", "ja"]
    assert counts(report) == {"de": (9, 0, 0, 3), "fr": (6, 0, 0, 6), "ja": (4, 0, 1, 7)}


def test_init_on_salesforce_knowledge(tmp_path: Path) -> None:
    with SiteServer(platforms.builder("salesforce")) as server:
        written, report = init_and_audit(server, "/s/?language=en_US", tmp_path)
    assert written["extends"] == "salesforce"
    assert written["site"]["locales"] == ["de", "ja"]
    assert counts(report) == platforms.TRUTH["salesforce"]


def test_init_on_a_docs_site_finds_no_platform(docs_site: SiteServer, tmp_path: Path) -> None:
    config = tmp_path / "docs.yaml"
    result = run_cli("init", docs_site.base_url + "/", "-o", str(config))
    assert result.returncode == 0, result.stderr
    text = config.read_text(encoding="utf-8")
    assert "extends: docs" in text and "path segment 1 (de, fr)" in text


def test_init_does_not_overwrite(tmp_path: Path) -> None:
    config = tmp_path / "site.yaml"
    config.write_text("keep me", encoding="utf-8")
    result = run_cli("init", "http://127.0.0.1:9/", "-o", str(config))
    assert result.returncode == 2
    assert "exists; pass --force" in result.stderr
    assert config.read_text(encoding="utf-8") == "keep me"


def test_init_rejects_a_bare_host(tmp_path: Path) -> None:
    result = run_cli("init", "help.acme.example", "-o", str(tmp_path / "x.yaml"))
    assert result.returncode == 2
    assert "not an absolute http(s) URL" in result.stderr
    assert not (tmp_path / "x.yaml").exists()
