"""The CLI as a user runs it: a subprocess, its exit code, stdout/stderr and files."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from locaudit.demo.server import SiteServer

SRC = str(Path(__file__).resolve().parents[1] / "src")


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None
            ) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "PYTHONPATH": SRC, "NO_COLOR": "1", **(env or {})}
    return subprocess.run([sys.executable, "-m", "locaudit", *args], capture_output=True,
                          text=True, cwd=cwd, env=full_env, timeout=120)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def assert_one_line_error(result: subprocess.CompletedProcess[str], *parts: str) -> None:
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for part in parts:
        assert part in lines[0], lines[0]


def test_typo_key_is_one_line_naming_file_line_and_suggestion(tmp_path: Path) -> None:
    cfg = write(tmp_path, "acme.yaml",
                "site:\n  name: Acme\n  start_url: [http://127.0.0.1:9/]\n")
    result = run_cli("audit", str(cfg))
    assert result.returncode == 2
    assert_one_line_error(result, "acme.yaml:3", "site.start_url", "start_urls")


def test_bad_yaml_indent_names_the_line(tmp_path: Path) -> None:
    cfg = write(tmp_path, "bad.yaml",
                "site:\n  start_urls: [http://127.0.0.1:9/]\n   name: Acme\n")
    result = run_cli("audit", str(cfg))
    assert result.returncode == 2
    assert_one_line_error(result, "bad.yaml:3")


def test_bad_locale_tag_is_rejected(tmp_path: Path) -> None:
    cfg = write(tmp_path, "tags.yaml",
                "site:\n  start_urls: [http://127.0.0.1:9/]\n  locales: [de, jp]\n")
    result = run_cli("audit", str(cfg))
    assert result.returncode == 2
    assert_one_line_error(result, "tags.yaml:3", "site.locales", "jp")


def test_missing_config_file_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("audit", str(tmp_path / "nope.yaml"))
    assert result.returncode == 2
    assert_one_line_error(result, "nope.yaml")


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("audit", "http://127.0.0.1:9/", "--format", "pdf")
    assert result.returncode == 2
    assert_one_line_error(result, "pdf")


def test_unreachable_site_exits_3_without_traceback(tmp_path: Path) -> None:
    port = free_port()  # nothing listens there once the socket is closed
    cfg = write(tmp_path, "down.yaml",
                f"site:\n  start_urls: ['http://127.0.0.1:{port}/hc/en-us']\n"
                "crawl:\n  timeout: 2\n  retries: 0\n")
    result = run_cli("audit", str(cfg), "--no-progress")
    assert result.returncode == 3, result.stderr
    assert_one_line_error(result, f"127.0.0.1:{port}")
    assert result.stdout == ""


def test_dns_failure_exits_3_and_says_so(tmp_path: Path) -> None:
    # .invalid never resolves (RFC 2606), with or without a DNS server.
    cfg = write(tmp_path, "dns.yaml", "site:\n  start_urls: ['http://help.example.invalid/']\n"
                "crawl:\n  retries: 0\n")
    result = run_cli("audit", str(cfg), "--no-progress")
    assert result.returncode == 3, result.stderr
    assert_one_line_error(result, "help.example.invalid", "DNS lookup failed")


def test_tls_failure_exits_3_and_says_so(tmp_path: Path, zendesk_site: SiteServer) -> None:
    # https:// to a server that speaks plain HTTP: the TLS handshake fails on a real socket.
    url = zendesk_site.base_url.replace("http://", "https://") + "/hc/en-us"
    cfg = write(tmp_path, "tls.yaml", f"site:\n  start_urls: ['{url}']\n"
                "crawl:\n  retries: 0\n")
    result = run_cli("audit", str(cfg), "--no-progress")
    assert result.returncode == 3, result.stderr
    assert_one_line_error(result, url, "TLS handshake failed")


def test_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("locaudit ")


@pytest.mark.parametrize("args", [["audit"], ["nonsense-command"]])
def test_usage_errors_exit_2(args: list[str]) -> None:
    assert run_cli(*args).returncode == 2


def _explode(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError("simulated bug")


@pytest.mark.parametrize("verbose", [False, True])
def test_internal_error_exits_4_and_never_looks_like_a_gate(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], verbose: bool
) -> None:
    # A crash is the one fault no real server can produce: patch the library entry point.
    import locaudit.audit
    from locaudit import cli

    monkeypatch.setattr(locaudit.audit, "run_audit", _explode)
    args = ["audit", "http://127.0.0.1:9/"] + (["--verbose"] if verbose else [])
    with pytest.raises(SystemExit) as exited:
        cli.main(args)
    assert exited.value.code == 4
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: simulated bug" in err
    assert ("Traceback" in err) is verbose


def test_unwritable_output_is_a_usage_error_and_the_crawl_is_kept(
    tmp_path: Path, zendesk_site: SiteServer
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    cfg = write(tmp_path, "site.yaml", f"site:\n  start_urls: ['{zendesk_site.base_url}/hc/en-us']"
                "\ncrawl:\n  store: store/\n  rate_limit: 0\n")
    result = run_cli("audit", str(cfg), "--no-progress", "-f", "json",
                     "-o", str(blocker / "report.json"))
    assert result.returncode == 2, result.stderr
    assert_one_line_error(result, "cannot write", "report.json")
    # The finished crawl is in the store: `report` writes it without the network.
    again = run_cli("report", str(cfg), "-f", "json", "-o", str(tmp_path / "report.json"))
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "report.json").read_text(encoding="utf-8").startswith("{")


def test_progress_in_ci_logs_is_a_plain_line_every_10_seconds(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from locaudit.cli import terminal

    ticks = iter([100.0, 105.0, 112.0, 118.0, 130.0])  # start, then one per update
    monkeypatch.setattr(terminal.time, "monotonic", lambda: next(ticks))
    with terminal.progress(True) as progress:  # stderr is not a terminal under pytest
        assert progress is not None
        progress(50, 900, 0)  # 5 s in: too soon for a line
        progress(240, 760, 1)  # 12 s: 20 pages/s, 760 queued -> ~38 s left
        progress(300, 700, 1)  # 18 s: 6 s after the last line
        progress(600, 0, 2)  # 30 s
    assert capsys.readouterr().err.splitlines() == [
        "locaudit: 240 pages, 760 queued, 1 errors, 20 pages/s, ~38 s left",
        "locaudit: 600 pages, 0 queued, 2 errors, 20 pages/s, ~0 s left",
    ]
    with terminal.progress(False) as silent:
        assert silent is None


@pytest.mark.parametrize("command", [(), ("audit",), ("crawl",), ("report",), ("check",),
                                     ("init",), ("demo",), ("diff",), ("markets",)])
def test_help_shows_flags_as_plain_flags(command: tuple[str, ...]) -> None:
    result = run_cli(*command, "--help", env={"COLUMNS": "100"})
    assert result.returncode == 0, result.stderr
    assert "<bool>" not in result.stdout
    assert re.search(r"--help\s+Show this message and exit", result.stdout), result.stdout
    if command in (("audit",), ("check",)):
        assert re.search(r"--quiet\s+-q\s+Only errors on stderr", result.stdout)
        assert re.search(r"--format\s+-f\s+<list\[str\]>", result.stdout)  # values keep theirs


def test_a_flag_takes_no_value() -> None:
    result = run_cli("audit", "http://127.0.0.1:9/", "--quiet", "true")
    assert result.returncode == 2 and "unexpected extra argument" in result.stderr
