"""The GitHub Actions recipe works as written: docs/locaudit-workflow.yml runs only locaudit
commands and flags that exist, and its shell steps, run in order by bash against a local
help site (with a stand-in `gh` that serves earlier runs' artifacts), find the baseline,
gate, say what changed in the step summary, and leave the store and the reports where the
cache and upload steps take them. docs/github-actions.md quotes the file in full."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import typer
import yaml

from locaudit.cli import app
from locaudit.config import load_config
from locaudit.demo.server import SiteServer
from locaudit.formats import Format
from tests.test_changes import RUN1, RUN2, TITLES, build
from tests.test_check import DOCS
from tests.test_cli import run_cli

WORKFLOW = DOCS / "locaudit-workflow.yml"
# What the runner puts in the ${{ }} of the steps' env (the scripts themselves have none).
EXPRESSIONS = {"${{ github.token }}": "test-token",
               "${{ github.event.repository.default_branch }}": "main",
               "${{ secrets.HELP_TOKEN }}": ""}
# A stand-in for the GitHub CLI: `run list` prints run ids newest first; `run download RUN
# --name NAME --dir DIR` copies $ARTIFACTS/RUN/NAME into DIR, or fails as gh does when the
# run has no such artifact (expired, or never uploaded).
FAKE_GH = r"""#!/usr/bin/env bash
echo "$*" >> "$GH_LOG"
if [ "$1 $2" = "run list" ]; then printf '303\n202\n101\n'; exit 0; fi
run="$3"; shift 3
while [ $# -gt 0 ]; do
  case "$1" in --name) name="$2"; shift 2;; --dir) dir="$2"; shift 2;; *) shift;; esac
done
if [ ! -d "$ARTIFACTS/$run/$name" ]; then echo "no valid artifacts found" >&2; exit 1; fi
mkdir -p "$dir" && cp -r "$ARTIFACTS/$run/$name/." "$dir/"
"""


def workflow() -> dict[Any, Any]:
    data: dict[Any, Any] = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return data


def steps() -> list[dict[str, Any]]:
    return list(workflow()["jobs"]["locaudit"]["steps"])


def _commands(script: str) -> list[list[str]]:
    """Each shell line of a step as words (continuations joined, comments dropped)."""
    return [words for line in script.replace("\\\n", " ").splitlines()
            if (words := shlex.split(line, comments=True))]


def _set_args(words: list[str]) -> list[str]:
    """What `set -- ...` on this line adds to the script's "$@" (up to `;` or `fi`)."""
    for i in range(len(words) - 1):
        if words[i:i + 2] == ["set", "--"]:
            rest = words[i + 2:]
            return [w.rstrip(";") for w in rest[:rest.index("fi")] if w != "$@"] \
                if "fi" in rest else [w for w in rest if w != "$@"]
    return []


def test_the_workflow_runs_locaudit_commands_and_flags_that_exist() -> None:
    cli = typer.main.get_command(app)
    commands = cli.commands  # type: ignore[attr-defined]
    called = []
    for step in steps():
        script = step.get("run", "")
        assert "${{" not in script  # values reach scripts through env: no injection
        lines = _commands(script)
        extra = [w for words in lines for w in _set_args(words)]
        for words in lines:
            if words[0] != "locaudit":
                continue
            command = commands[words[1]]
            options = {opt for p in command.params for opt in (*p.opts, *p.secondary_opts)}
            flags = [w for w in words[2:] + extra if w.startswith("-")]
            assert set(flags) <= options, (words[1], set(flags) - options)
            called.append((words[1], words[2:] + extra))
    assert [name for name, _ in called] == ["check"]
    args = called[0][1]
    assert args[0] == "$LOCAUDIT_CONFIG"
    formats = args[args.index("--format") + 1].split(",")
    assert {"json", "markdown", "junit"} <= set(formats) <= {f.value for f in Format}
    assert args[args.index("-o") + 1] == "out/"
    assert args[args.index("--baseline") + 1] == "baseline/report.json"


def test_the_workflow_keeps_the_store_and_the_report_whatever_the_outcome() -> None:
    by_use = {s.get("uses", "").split("@")[0]: s for s in steps()}
    restore, save = by_use["actions/cache/restore"], by_use["actions/cache/save"]
    upload = by_use["actions/upload-artifact"]
    # A failed gate (exit 1) still saves its crawl and uploads its report: the next run
    # re-crawls conditionally and compares with it.
    assert save["if"] == "always()" and upload["if"] == "always()"
    assert restore["with"]["path"] == save["with"]["path"] == ".locaudit"
    assert restore["with"]["key"] == save["with"]["key"]
    assert restore["with"]["key"].endswith("-${{ github.run_id }}")  # caches are immutable
    prefixes = restore["with"]["restore-keys"].splitlines()
    assert len(prefixes) == 2
    assert all(restore["with"]["key"].startswith(p) for p in prefixes)
    assert upload["with"]["name"] == "locaudit-report" and upload["with"]["path"] == "out/"
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "actions: read" in text and "--name locaudit-report" in text
    env = workflow()["env"]
    assert env["BASELINE_FROM"] == "completed"  # not only green runs (docs say how to change)
    assert env["LOCAUDIT_PACKAGE"].startswith("locaudit @ git+https://github.com/")
    install = next(s for s in steps() if "pip install" in s.get("run", ""))
    assert install["run"].strip() == 'pip install "$LOCAUDIT_PACKAGE"'


def test_the_docs_quote_the_workflow_and_a_config_it_can_finish(tmp_path: Path) -> None:
    doc = (DOCS / "github-actions.md").read_text(encoding="utf-8")
    assert WORKFLOW.read_text(encoding="utf-8") in doc
    config_block = re.search(r"```yaml\n(site:.*?)```", doc, re.S)
    assert config_block is not None
    (tmp_path / "locaudit.yaml").write_text(config_block.group(1), encoding="utf-8")
    config = load_config(tmp_path / "locaudit.yaml")
    timeout_s = workflow()["jobs"]["locaudit"]["timeout-minutes"] * 60
    # The crawl stops with a report well before the job is killed without one.
    assert config.crawl.time_limit is not None
    assert config.crawl.time_limit <= timeout_s - 10 * 60


def _run_steps(workspace: Path, env: dict[str, str]) -> dict[str, int]:
    codes = {}
    for step in steps():
        if "run" not in step or "pip install" in step["run"]:
            continue  # the install step: the project is installed in this environment
        step_env = {k: EXPRESSIONS.get(v, v) for k, v in step.get("env", {}).items()}
        script = workspace.parent / "step.sh"
        script.write_text(step["run"], encoding="utf-8")
        done = subprocess.run(["bash", "-e", str(script)], cwd=workspace, text=True,
                              capture_output=True, env={**env, **step_env}, timeout=300)
        codes[step["name"]] = done.returncode
    return codes


def test_the_workflow_steps_run_as_written(tmp_path: Path) -> None:
    workspace = tmp_path / "repo"
    workspace.mkdir()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "gh").write_text(FAKE_GH, encoding="utf-8")
    (bin_dir / "gh").chmod(0o755)
    artifacts = tmp_path / "artifacts"
    # Run 303: artifacts expired; 202: the site was down (JUnit only); 101: a full report.
    (artifacts / "202" / "locaudit-report").mkdir(parents=True)
    (artifacts / "202" / "locaudit-report" / "report.junit.xml").write_text("<testsuites/>")
    locaudit_bin = Path(sys.executable).parent
    assert (locaudit_bin / "locaudit").exists()  # the console script the step calls
    env_vars = workflow()["env"]
    summary = tmp_path / "summary.md"
    env = {**os.environ, **env_vars, "PATH": f"{bin_dir}:{locaudit_bin}:{os.environ['PATH']}",
           "GH_LOG": str(tmp_path / "gh.log"), "ARTIFACTS": str(artifacts),
           "GITHUB_REPOSITORY": "acme/help",
           "GITHUB_WORKFLOW_REF": "acme/help/.github/workflows/locaudit.yml@refs/heads/main",
           "GITHUB_STEP_SUMMARY": str(summary), "NO_COLOR": "1"}
    with SiteServer(lambda base: build(RUN1)) as server:
        config = workspace / env_vars["LOCAUDIT_CONFIG"]
        config.write_text(f"site:\n  start_urls: ['{server.base_url}/']\n"
                          "crawl:\n  rate_limit: 0\n  time_limit: 600\nstale_after_days: 30\n"
                          "gates:\n  min_coverage: {de: 0.8}\n", encoding="utf-8")
        first = run_cli("audit", str(config), "-f", "json,junit", "-o",
                        str(artifacts / "101" / "locaudit-report"), "--no-progress")
        assert first.returncode == 0, first.stderr
        server.site = build(RUN2)
        codes = _run_steps(workspace, env)
    assert codes == {"baseline (the report of the previous run on the default branch)": 0,
                     "audit and gate": 1}  # de 60% < 80%: the gate fails, as it should
    calls = (tmp_path / "gh.log").read_text(encoding="utf-8").splitlines()
    assert calls[0] == ("run list --repo acme/help --workflow locaudit.yml --branch main "
                        "--status completed --limit 20 --json databaseId --jq .[].databaseId")
    assert [c.split()[2] for c in calls[1:]] == ["303", "202", "101"]  # newest usable wins
    baseline = json.loads((workspace / "baseline" / "report.json").read_text())
    report = json.loads((workspace / "out" / "report.json").read_text())
    assert report["changes"]["since"] == baseline["generated_at"]
    text = summary.read_text(encoding="utf-8")
    assert "**Newly missing** (3)" in text and TITLES["a1"] in text and TITLES["a5"] in text
    assert {p.name for p in (workspace / "out").iterdir()} >= {
        "report.json", "report.md", "report.junit.xml", "report.html"}  # what upload takes
    assert (workspace / ".locaudit" / "locaudit.sqlite").exists()  # what the cache saves


def test_no_earlier_run_or_no_permission_means_no_baseline_not_a_failed_job(
        tmp_path: Path) -> None:
    step = next(s for s in steps() if s.get("name", "").startswith("baseline"))
    script = tmp_path / "step.sh"
    script.write_text(step["run"], encoding="utf-8")
    env = {**os.environ, **workflow()["env"], "GITHUB_REPOSITORY": "acme/help",
           "GITHUB_WORKFLOW_REF": "acme/help/.github/workflows/loc.yml@refs/pull/7/merge",
           "DEFAULT_BRANCH": "main", "PATH": f"{tmp_path}:{os.environ['PATH']}"}
    for gh, said in (("exit 0", "no baseline"),  # the first run: no earlier run listed
                     ("echo 'HTTP 403' >&2; exit 1", "::warning::cannot list earlier runs")):
        (tmp_path / "gh").write_text(f"#!/usr/bin/env bash\n{gh}\n", encoding="utf-8")
        (tmp_path / "gh").chmod(0o755)
        done = subprocess.run(["bash", "-e", str(script)], cwd=tmp_path, text=True,
                              capture_output=True, env=env, timeout=60)
        assert done.returncode == 0 and said in done.stdout, done.stdout + done.stderr
        assert not (tmp_path / "baseline").exists()
