"""Executing tasks on any concurrent.futures executor, with real papermill kernels."""

from __future__ import annotations

import errno
import os
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

import nbformat
import pytest

from healthcheck.errors import BuildError, NotebookError
from healthcheck.layout import BuildLayout
from healthcheck.pipeline import cache, execute
from healthcheck.pipeline.tasks import Task

WRITE = (
    "import json, pathlib\n"
    "d = pathlib.Path(out_dir) / str(year) / 'domains' / domain\n"
    "(d / 'figures').mkdir(parents=True, exist_ok=True)\n"
    "(d / 'figures' / 'a.svg').write_text('<svg/>')\n"
    "(d / 'results.json').write_text(json.dumps({'domain': domain}))"
)


class SerialExecutor(Executor):
    """Runs each task at once in this process: no threads, no pool; counts what it ran."""

    def __init__(self) -> None:
        self.ran: list[str] = []

    def submit(self, fn, /, *args: Any, **kwargs: Any) -> Future:  # type: ignore[override]
        self.ran.append(args[0]["name"])
        fut: Future = Future()
        try:
            fut.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            fut.set_exception(exc)
        return fut


def _task(tmp_path: Path, name: str, *cells: str) -> Task:
    nbs = tmp_path / "notebooks"
    nbs.mkdir(exist_ok=True)
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("year = 0\nout_dir = ''\ndomain = ''")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, *(nbformat.v4.new_code_cell(c) for c in cells)]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, nbs / f"{name}.ipynb")
    layout = BuildLayout(tmp_path / "out", 2021)
    return Task(
        name=name,
        notebook=nbs / f"{name}.ipynb",
        parameters={"year": 2021, "out_dir": str(layout.out_dir), "domain": name},
        output=layout.executed_notebook(name),
        results=layout.results_dir(name),
        cwd=nbs,
        key_parts={"name": name},
    )


@pytest.mark.e2e
def test_a_batch_on_a_given_executor_reports_successes_and_failures(tmp_path: Path):
    ok = _task(tmp_path, "alpha", WRITE)
    bad = _task(tmp_path, "beta", "x = 1", "1 / 0")
    stray = ok.results / "figures" / "old.svg"  # from an earlier run: must go
    stray.parent.mkdir(parents=True)
    stray.write_text("<svg/>")
    pool = SerialExecutor()
    done: list[tuple[str, dict]] = []
    failures = execute.run_batch(
        [ok, bad],
        kernel="python3",
        executor=pool,
        progress=False,
        on_success=lambda t, m: done.append((t.name, m)),
    )
    assert pool.ran == ["alpha", "beta"]  # the executor given ran both
    assert [n for n, _ in done] == ["alpha"]
    manifest = done[0][1]
    assert manifest["ok"] and manifest["results"] == cache.digest_folder(ok.results)
    assert not stray.exists() and (ok.results / "figures" / "a.svg").is_file()
    assert [f["name"] for f in failures] == ["beta"]
    assert failures[0]["cell"] == 3 and "ZeroDivisionError" in failures[0]["exception"]
    err = execute.failure(failures)
    assert isinstance(err, NotebookError) and err.domain == "beta" and err.path == bad.output


@pytest.mark.e2e
def test_a_factory_is_called_with_the_number_of_workers(tmp_path: Path):
    tasks = [_task(tmp_path, n, WRITE) for n in ("alpha", "beta", "gamma")]
    asked: list[int] = []

    def factory(workers: int) -> Executor:
        asked.append(workers)
        return ProcessPoolExecutor(workers)

    failures = execute.run_batch(tasks, kernel="python3", jobs=2, executor=factory, progress=False)
    assert failures == [] and asked == [2]
    assert all((t.results / "results.json").is_file() for t in tasks)


def test_a_lost_worker_is_a_failure_not_a_crash(tmp_path: Path):
    class Broken(SerialExecutor):
        def submit(self, fn, /, *args: Any, **kwargs: Any) -> Future:  # type: ignore[override]
            fut: Future = Future()
            fut.set_exception(RuntimeError("worker lost"))
            return fut

    task = _task(tmp_path, "alpha", WRITE)
    failures = execute.run_batch([task], kernel="python3", executor=Broken(), progress=False)
    assert failures[0]["exception"] == "RuntimeError: worker lost"
    two = execute.failure([*failures, {**failures[0], "name": "beta"}])
    assert type(two) is BuildError and "2 notebooks failed" in str(two)


def test_a_full_disk_is_one_line_not_one_per_notebook(tmp_path: Path, capsys):
    """Every notebook of a build fails when the disk is full; the build says so once, with
    the path and the cause, as the render and the publication do (once: a line per notebook,
    on stdout even with --quiet)."""

    class Full(SerialExecutor):
        def submit(self, fn, /, *args: Any, **kwargs: Any) -> Future:  # type: ignore[override]
            fut: Future = Future()
            name = args[0]["name"]
            fut.set_exception(OSError(errno.ENOSPC, "No space left on device", f"/o/{name}.json"))
            return fut

    tasks = [_task(tmp_path, n, WRITE) for n in ("alpha", "beta")]
    failures = execute.run_batch(tasks, kernel="python3", executor=Full(), progress=True)
    assert sorted(f["disk"]["path"] for f in failures) == ["/o/alpha.json", "/o/beta.json"]
    assert {f["disk"]["cause"] for f in failures} == {"No space left on device"}
    err = execute.failure(failures)
    assert type(err) is BuildError
    assert str(err) in {f"/o/{n}.json: No space left on device" for n in ("alpha", "beta")}
    said = capsys.readouterr()
    assert said.out == "" and "failed:" not in said.err


def test_other_failures_are_still_named_each_and_said_on_stderr(tmp_path: Path, capsys):
    class Lost(SerialExecutor):
        def submit(self, fn, /, *args: Any, **kwargs: Any) -> Future:  # type: ignore[override]
            fut: Future = Future()
            fut.set_exception(OSError(errno.ENOENT, "No such file or directory", "/o/x"))
            return fut

    tasks = [_task(tmp_path, n, WRITE) for n in ("alpha", "beta")]
    failures = execute.run_batch(tasks, kernel="python3", executor=Lost(), progress=True)
    assert all("disk" not in f for f in failures)
    assert "2 notebooks failed" in str(execute.failure(failures))
    said = capsys.readouterr()
    assert said.out == "" and said.err.count("failed: ") == 2


@pytest.mark.parametrize(
    ("ename", "evalue", "disk"),
    [
        ("OSError", "[Errno 28] No space left on device: '/o/r.json'",
         {"path": "/o/r.json", "cause": "No space left on device"}),
        ("OSError", "[Errno 28] No space left on device", {"path": "/res", "cause":
                                                           "No space left on device"}),
        ("OSError", "[Errno 30] Read-only file system: '/o/fig.svg'",
         {"path": "/o/fig.svg", "cause": "Read-only file system"}),
        ("OSError", f"[Errno {errno.EDQUOT}] Disk quota exceeded: '/o/a'",
         {"path": "/o/a", "cause": os.strerror(errno.EDQUOT)}),
        ("FileNotFoundError", "[Errno 2] No such file or directory: '/o/a'", None),
        ("ZeroDivisionError", "division by zero", None),
    ],
)  # fmt: skip
def test_a_disk_error_raised_in_a_kernel_is_recognised(ename, evalue, disk):
    assert execute._disk_in_kernel(ename, evalue, "/res") == disk


@pytest.mark.e2e
def test_a_read_only_disk_in_a_notebook_is_one_line(tmp_path: Path):
    """A cell that cannot write its results (the kernel's OSError, EROFS): one line."""
    raising = (
        "import errno, os\n"
        "raise OSError(errno.EROFS, os.strerror(errno.EROFS), '/o/2021/domains/a/results.json')"
    )
    task = _task(tmp_path, "alpha", raising)
    failures = execute.run_batch(
        [task], kernel="python3", executor=SerialExecutor(), progress=False
    )
    assert failures[0]["cell"] == 2
    err = execute.failure(failures)
    assert str(err) == "/o/2021/domains/a/results.json: Read-only file system"
