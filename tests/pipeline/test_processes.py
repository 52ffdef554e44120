"""Nothing a build starts outlives it: SIGTERM / SIGINT during the notebooks stop every child
(exit 1, one line); after ``kill -9`` the next build stops what was left, by the pids the killed
build recorded, and is correct.  Real builds in a subprocess, real kernels, no mocks."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import psutil
import pytest

from healthcheck.pipeline.kernels import available
from healthcheck.pipeline.processes import (
    Stopped,
    _still_ours,
    leftovers_line,
    recorded,
    stop_leftovers,
    stopping_on_signals,
)
from tests.conftest import DEFAULT_DATA, HEADER, ROOT, SMALL_INDICATORS, SMALL_PLAN_YAML, good_rows

HEALTHCHECK = str(Path(sys.executable).with_name("healthcheck"))
needs_fork = pytest.mark.skipif(not available(), reason="the preloaded kernel needs fork (Linux)")

#: the first cell after the parameters: says the kernel runs (its pid), then waits while the
#: hold file exists
HOLD_CELL = """\
import os, pathlib, time
_mark = pathlib.Path(os.environ["HC_TEST_MARKS"])
_mark.mkdir(exist_ok=True)
(_mark / domain).write_text(str(os.getpid()))
while pathlib.Path(os.environ["HC_TEST_HOLD"]).exists():
    time.sleep(0.1)
"""


class Project:
    """The small plan with the project's real notebooks, each of which holds in its first
    cell while ``hold`` exists."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.data, self.notebooks, self.out = root / "data", root / "notebooks", root / "out"
        self.hold, self.marks = root / "hold", root / "marks"
        (self.data / "plan").mkdir(parents=True)
        (self.data / "plan" / "indicators.csv").write_text(SMALL_INDICATORS, encoding="utf-8")
        (self.data / "plan" / "plan.yaml").write_text(SMALL_PLAN_YAML, encoding="utf-8")
        (self.data / "observations").mkdir()
        for year in (2020, 2021):
            rows = "".join(r + "\n" for r in good_rows(year))
            (self.data / "observations" / f"{year}.csv").write_text(HEADER + rows, "utf-8")
        shutil.copytree(DEFAULT_DATA / "geo", self.data / "geo")
        shutil.copytree(ROOT / "notebooks", self.notebooks)
        for name in ("domain.ipynb", "summary.ipynb"):
            nb = nbformat.read(self.notebooks / name, as_version=4)
            at = next(
                i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])
            )
            nb.cells.insert(at + 1, nbformat.v4.new_code_cell(HOLD_CELL))
            nbformat.write(nb, self.notebooks / name)
        self.hold.touch()

    def start(self) -> subprocess.Popen[str]:
        """``healthcheck report`` in its own session (a signal to it reaches nothing else)."""
        env = {**os.environ, "HC_TEST_HOLD": str(self.hold), "HC_TEST_MARKS": str(self.marks)}
        return subprocess.Popen(
            [HEALTHCHECK, *self.args()],
            env=env,
            cwd=self.root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )

    def args(self) -> list[str]:
        return ["report", "--data", str(self.data), "--out", str(self.out), "--jobs", "3",
                "--notebooks", str(self.notebooks)]  # fmt: skip

    def kernels_running(self, build: subprocess.Popen[str], timeout: float = 240) -> list[int]:
        """Wait until every notebook's kernel runs its first cell and the build's record
        names those kernels; return their pids."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert build.poll() is None, build.communicate()
            pids = [int(p.read_text()) for p in self.marks.glob("*") if p.read_text()]
            if len(pids) == 3 and set(pids) <= self.recorded_pids():
                return pids
            time.sleep(0.2)
        raise AssertionError("the kernels did not start")

    def recorded_pids(self) -> set[int]:
        pids: set[int] = set()
        for path in (self.out / ".cache" / "processes").glob("*.json"):
            with contextlib.suppress(ValueError, OSError):  # being replaced
                pids |= {p["pid"] for p in json.loads(path.read_text())["processes"]}
        return pids


def _alive(procs: list[psutil.Process]) -> list[psutil.Process]:
    out = []
    for p in procs:
        try:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                out.append(p)
        except psutil.NoSuchProcess:
            pass
    return out


def _descendants(pid: int) -> list[psutil.Process]:
    return psutil.Process(pid).children(recursive=True)


@pytest.mark.e2e
@needs_fork
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["TERM", "INT"])
def test_a_signal_stops_every_child_and_says_so(tmp_path: Path, signum: int):
    project = Project(tmp_path / "p")
    build = project.start()
    tree: list[psutil.Process] = []
    try:
        kernels = project.kernels_running(build)
        tree = _descendants(build.pid)
        assert {k for k in kernels} <= {p.pid for p in tree}
        build.send_signal(signum)
        _, err = build.communicate(timeout=60)
    finally:  # whatever the outcome, nothing of this test stays running
        for p in _alive([*tree, psutil.Process(build.pid)] if build.poll() is None else tree):
            p.kill()
    assert build.returncode == 1, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    last = err.strip().splitlines()[-1]
    name = signal.Signals(signum).name
    said = re.fullmatch(
        rf"interrupted by {name}; stopped (\d+) kernels? and (\d+) other processe?s?", last
    )
    assert said, err
    # the three notebooks' kernels were running; how many of them had been forked (and so are
    # counted as kernels rather than as their stand-ins) at the signal is a matter of timing
    assert 1 <= int(said[1]) <= 3 and int(said[1]) + int(said[2]) >= 3, last
    assert _alive(tree) == []
    assert list((project.out / ".cache" / "processes").glob("*.json")) == []


@pytest.mark.e2e
@needs_fork
def test_after_kill_9_the_next_build_stops_what_was_left_and_is_correct(tmp_path: Path):
    project = Project(tmp_path / "p")
    build = project.start()
    tree: list[psutil.Process] = []
    try:
        project.kernels_running(build)
        tree = _descendants(build.pid)
        zygotes = {p.cmdline()[-1] for p in tree if "healthcheck.pipeline.kernels" in p.cmdline()}
        assert zygotes and all(z.endswith("zygote.sock") for z in zygotes), zygotes
        build.kill()
        build.wait(30)  # not communicate(): what the build left holds its pipes open
        for pipe in (build.stdout, build.stderr):
            assert pipe is not None
            pipe.close()
        time.sleep(1)  # what dies with the build has had time to go
        left = _alive(tree)
        # without the next build these keep running: the zygote and its kernels at least
        assert len(left) >= 4, left
        project.hold.unlink()
        shutil.rmtree(project.marks)
        again = subprocess.run(
            [HEALTHCHECK, *project.args(), "--quiet"],
            env={
                **os.environ,
                "HC_TEST_HOLD": str(project.hold),
                "HC_TEST_MARKS": str(project.marks),
            },  # fmt: skip
            cwd=project.root,
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:  # whatever the outcome, nothing of this test stays running
        if build.poll() is None:
            build.kill()
        for p in _alive(tree):
            p.kill()
    assert again.returncode == 0, again.stderr
    first = again.stderr.splitlines()[0]
    assert first.startswith("stopped ") and "left running by an earlier build" in first, first
    assert _alive(tree) == []
    # the killed kernels' connection files and IPC sockets, and the zygote's folder, are gone
    assert "and removed the 3 kernel connection files and " in first, first
    assert sorted(p.name for p in (project.out / ".cache" / "kernels").iterdir()) == ["zygote.log"]
    assert not any(Path(z).parent.exists() for z in zygotes), zygotes
    # correct: every notebook ran again, and the report holds every indicator
    assert again.stdout.startswith("wrote ") and "3 notebook(s) run, 0 cached" in again.stdout
    table = (project.out / "2021" / "tables" / "assessment.csv").read_text("utf-8-sig")
    assert all(f"\n{i}," in table for i in ("A01", "A02", "A03", "B01", "B02", "B03")), table
    assert (project.out / "2021" / "report.pdf").stat().st_size > 10_000


def test_a_recycled_pid_is_never_stopped(tmp_path: Path):
    """A record naming a live process with another start time or command line (a pid the
    system gave to another program) stops nothing."""
    sleeper = subprocess.Popen(["sleep", "60"])
    try:
        me = psutil.Process(sleeper.pid)
        deadline = time.monotonic() + 10
        while me.cmdline() != ["sleep", "60"]:  # read before the exec, it is Python's
            assert time.monotonic() < deadline
            time.sleep(0.02)
        real = {"pid": me.pid, "started": me.create_time(), "cmdline": me.cmdline()}
        assert _still_ours(real) is not None
        assert _still_ours({**real, "started": real["started"] - 5}) is None
        assert _still_ours({**real, "cmdline": ["python", "-m", "healthcheck"]}) is None
        folder = tmp_path / ".cache" / "processes"
        folder.mkdir(parents=True)
        dead_build = {"pid": 2**22 + 7, "started": 1.0, "cmdline": ["healthcheck"]}
        recycled = {**real, "started": real["started"] - 5}
        (folder / "1-1.json").write_text(json.dumps({"build": dead_build, "processes": [recycled]}))
        assert stop_leftovers(tmp_path / ".cache") == Stopped()
        assert sleeper.poll() is None  # still running
        assert not (folder / "1-1.json").exists()  # the record of a dead build is gone
        # the same record, naming the process as it is: it is stopped
        (folder / "1-1.json").write_text(json.dumps({"build": dead_build, "processes": [real]}))
        assert stop_leftovers(tmp_path / ".cache") == Stopped(kernels=0, others=1)
        sleeper.wait(5)  # stopped (psutil may have reaped it: its status is not ours to read)
        assert not me.is_running()
    finally:
        sleeper.kill()
        sleeper.wait()


def _socket_file(path: Path) -> Path:
    """A Unix socket file at ``path``, as a kernel's zmq IPC socket leaves it when killed."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.bind(str(path))
    return path


def test_the_files_of_a_killed_builds_kernels_are_removed(tmp_path: Path):
    """After ``kill -9`` the kernels' connection files and IPC sockets stayed in
    ``<out>/.cache/kernels`` (and the zygote's socket folder in the temporary folder): the next
    build removes exactly those its record names, and says so."""
    cache = tmp_path / ".cache"
    kernels = cache / "kernels"
    kernels.mkdir(parents=True)
    folder = cache / "processes"
    folder.mkdir()
    python = [sys.executable, str(Path(__file__).with_name("_forkclient.py"))]
    # a kernel whose process is gone, and one still running (stopped first): their files
    gone, alive = kernels / "k-0123abcd.json", kernels / "k-89abcdef.json"
    left = [gone, alive]
    for conn in (gone, alive):
        conn.write_text('{"transport": "ipc"}')
        left += [_socket_file(kernels / f"{conn.stem}-ipc-{n}") for n in range(1, 6)]
    zygote = Path(tempfile.mkdtemp(prefix="hc-kernel-"))
    spec = zygote / "kernels" / "healthcheck-preloaded" / "kernel.json"
    spec.parent.mkdir(parents=True)
    spec.write_text("{}")
    left += [_socket_file(zygote / "zygote.sock"), spec]
    # what stays: another build's kernel, the kernels' log, a file the record names but that
    # is not a kernel's (a record is data: it never removes what the build does not make)
    other = kernels / "k-feedface.json"
    kept = [other, _socket_file(kernels / "k-feedface-ipc-1"), kernels / "zygote.log"]
    victim = tmp_path / "important.json"
    kept += [victim]
    for path in (other, kernels / "zygote.log", victim):
        path.write_text("{}")
    runner = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(60)", "ipykernel_launcher", "-f",
         str(alive)]
    )  # fmt: skip
    try:
        me = psutil.Process(runner.pid)
        deadline = time.monotonic() + 10
        while "ipykernel_launcher" not in me.cmdline():  # exec'd
            assert time.monotonic() < deadline
            time.sleep(0.02)
        running = {"pid": me.pid, "started": me.create_time(), "cmdline": me.cmdline()}
        dead = {"pid": 2**22 + 9, "started": 1.0}
        entries = [
            running,
            {**dead, "cmdline": [*python, "-f", str(gone)]},
            {**dead, "cmdline": [sys.executable, "-m", "healthcheck.pipeline.kernels",
                                 str(zygote / "zygote.sock")]},
            {**dead, "cmdline": [sys.executable, "ipykernel_launcher", "-f", str(victim)]},
        ]  # fmt: skip
        dead_build = {"pid": 2**22 + 7, "started": 1.0, "cmdline": ["healthcheck"]}
        record = {"build": dead_build, "processes": entries}
        (folder / "1-1.json").write_text(json.dumps(record))
        stopped = stop_leftovers(cache)
        runner.wait(10)
    finally:
        runner.kill()
        runner.wait()
        shutil.rmtree(zygote, ignore_errors=True)
    assert stopped == Stopped(kernels=1, others=0, connection_files=2, sockets=11)
    assert [p for p in left if p.exists() or p.is_symlink()] == []
    assert not zygote.exists()  # the zygote's folder in the temporary folder, emptied
    assert all(p.exists() for p in kept)
    assert leftovers_line(stopped, tmp_path) == (
        f"stopped 1 kernel left running by an earlier build into {tmp_path} that was killed, "
        "and removed the 2 kernel connection files and 11 IPC sockets its kernels left"
    )
    # nothing running any more, only files: the line says that alone; nothing: no line
    files_only = Stopped(connection_files=1, sockets=5)
    assert leftovers_line(files_only, tmp_path) == (
        f"removed 1 kernel connection file and 5 IPC sockets left by an earlier build into "
        f"{tmp_path} that was killed"
    )
    assert leftovers_line(Stopped(), tmp_path) is None


def test_the_record_of_a_running_build_is_left_alone(tmp_path: Path):
    """Two builds into one folder: the second stops nothing of the first, which runs."""
    cache = tmp_path / ".cache"
    with recorded(cache):
        sleeper = subprocess.Popen(["sleep", "60"])
        try:
            deadline = time.monotonic() + 10
            while sleeper.pid not in {
                p["pid"]
                for f in (cache / "processes").glob("*.json")
                for p in json.loads(f.read_text())["processes"]
            }:
                assert time.monotonic() < deadline, "the child was never recorded"
                time.sleep(0.05)
            assert stop_leftovers(cache) == Stopped()
            assert sleeper.poll() is None
        finally:
            sleeper.kill()
            sleeper.wait()
    assert list((cache / "processes").glob("*.json")) == []  # removed when the block ends


def test_signal_handlers_only_in_the_main_thread():
    """A build called from a worker's thread (Dask) leaves its host's signal handlers."""
    import threading

    seen: list[object] = []

    def worker() -> None:
        with stopping_on_signals():
            seen.append(signal.getsignal(signal.SIGTERM))

    before = signal.getsignal(signal.SIGTERM)
    t = threading.Thread(target=worker)
    t.start()
    t.join()
    assert seen == [before]
    with stopping_on_signals():
        assert signal.getsignal(signal.SIGTERM) is not before
    assert signal.getsignal(signal.SIGTERM) is before
