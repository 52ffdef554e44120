"""Done-when for batches (issue 15): a real ``dask scheduler`` and two ``dask worker``
processes on localhost; ``healthcheck batch --scheduler`` builds three reports of the small
plan; one worker is killed (-9, with its kernels, as when its machine dies) while it builds;
every report is still produced, byte for byte the report ``healthcheck report`` builds alone.

The kill waits for the scheduler to say that a report's task is on that worker and for that
task's build folder to exist, not for a fixed time.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psutil  # type: ignore[import-untyped]  # distributed's dependency
import pytest

from tests.conftest import HEADER, ROOT, SMALL_INDICATORS, SMALL_PLAN_YAML, good_rows

BIN = Path(sys.executable).parent
YEARS = (2021, 2022, 2023)
OUTPUTS = ("report.pdf", "report.html", "report.xlsx")


def small_project(root: Path, years: tuple[int, ...] = YEARS) -> Path:
    """The small plan (two domains, two districts) with observations and the default
    district geometry: the cheapest real report.  Returns the manifest."""
    plan = root / "plan"
    plan.mkdir(parents=True)
    (plan / "indicators.csv").write_text(SMALL_INDICATORS, encoding="utf-8")
    (plan / "plan.yaml").write_text(SMALL_PLAN_YAML, encoding="utf-8")
    obs = root / "data" / "observations"
    obs.mkdir(parents=True)
    for year in (2020, *years):
        rows = "".join(r + "\n" for r in good_rows(year))
        (obs / f"{year}.csv").write_text(HEADER + rows, encoding="utf-8")
    shutil.copytree(ROOT / "data" / "geo", root / "data" / "geo")
    manifest = root / "batch.toml"
    entries = [
        f'[[reports]]\nplan = "plan"\ndata = "data"\nyear = {y}\nlabel = "T {y}"\nout = "t-{y}"\n'
        for y in years
    ]
    manifest.write_text("\n".join(entries), encoding="utf-8")
    return manifest


def _start(*args: str, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [str(BIN / "dask"), *args], stdout=log.open("w"), stderr=subprocess.STDOUT, cwd="/"
    )


def _wait_for(what: str, check, timeout: float = 120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _kill_tree(pid: int) -> None:
    """kill -9 the process and everything it started (its kernels)."""
    try:
        proc = psutil.Process(pid)
        family = [proc, *proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return
    for p in family:
        with contextlib.suppress(psutil.NoSuchProcess):
            p.send_signal(signal.SIGKILL)


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[tuple[str, list[subprocess.Popen]]]:
    """A scheduler and two one-thread workers (no nanny: the worker is the process)."""
    sched_file = tmp_path / "scheduler.json"
    procs = [
        _start("scheduler", "--scheduler-file", str(sched_file), "--port", "0",
               "--dashboard-address", ":0", log=tmp_path / "scheduler.log")
    ]  # fmt: skip
    try:
        _wait_for("the scheduler file", sched_file.is_file, 60)
        address = _wait_for("its address", lambda: json.loads(sched_file.read_text())["address"])
        for name in ("w1", "w2"):
            args = ("worker", address, "--nthreads", "1", "--no-nanny", "--name", name)
            procs.append(_start(*args, log=tmp_path / f"{name}.log"))
        yield address, procs
    finally:
        for proc in reversed(procs):
            _kill_tree(proc.pid)
            proc.wait(30)


@pytest.mark.e2e
def test_a_killed_worker_loses_no_report(tmp_path: Path, cluster) -> None:
    from distributed import Client

    address, procs = cluster
    manifest = small_project(tmp_path / "project")
    out = tmp_path / "batch"
    with Client(address, timeout=60) as client:
        client.wait_for_workers(2, timeout=120)
        pids = client.run(os.getpid)  # worker address -> pid
        batch = subprocess.Popen(
            [str(BIN / "healthcheck"), "batch", str(manifest), "--scheduler", address,
             "--out", str(out)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:

            def busy() -> tuple[str, str] | None:  # a worker the scheduler gave a report to
                for worker, keys in client.processing().items():
                    for key in keys:
                        label = str(key).split("-", 2)[-1]  # report-<i>-<out>
                        if (out / label).is_dir():  # its build has begun
                            return worker, label
                return None

            victim, label = _wait_for("a report building on a worker", busy, 600)
            assert pids[victim] in {p.pid for p in procs}
            _kill_tree(pids[victim])
            _wait_for("the scheduler to lose the worker",
                      lambda: victim not in client.scheduler_info()["workers"], 60)  # fmt: skip
            stdout, stderr = batch.communicate(timeout=1800)
        finally:
            if batch.poll() is None:
                batch.kill()
    assert batch.returncode == 0, stderr
    assert "3 built, 0 failed" in stdout
    rows = json.loads((out / "batch-summary.json").read_text(encoding="utf-8"))["reports"]
    assert [r["status"] for r in rows] == ["ok", "ok", "ok"]
    survivor = next(a for a in pids if a != victim)
    (rebuilt,) = [r for r in rows if r["out_dir"].endswith(f"/{label}")]
    assert rebuilt["worker"].endswith(f":{pids[survivor]}")  # built again on the other worker

    # the same reports built one by one at the command line (each alone, all at once): the
    # same bytes
    project = manifest.parent
    refs, alone = {}, []
    for year in YEARS:
        refs[year] = tmp_path / f"ref-{year}"
        args = ["--plan", str(project / "plan"), "--data", str(project / "data"),
                "--year", str(year), "--out", str(refs[year]), "--quiet"]  # fmt: skip
        alone.append(subprocess.Popen([str(BIN / "healthcheck"), "report", *args], cwd=tmp_path))
    assert [p.wait(1800) for p in alone] == [0, 0, 0]
    for year in YEARS:
        built = out / f"t-{year}" / str(year)
        for name in OUTPUTS:
            ref = refs[year] / str(year) / name
            assert (built / name).read_bytes() == ref.read_bytes(), (year, name)
