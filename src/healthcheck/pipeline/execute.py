"""Executing tasks: one notebook through papermill (:func:`run_task`), and a batch of them on
a :class:`concurrent.futures.Executor` with a progress bar (:func:`run_batch`).

:func:`run_task` takes a task's :meth:`~healthcheck.pipeline.tasks.Task.spec` (JSON, absolute
paths) and returns a manifest (JSON: name, ok, seconds, the digest of the results folder, or the
failing cell and exception), never a notebook, so the same function runs in a local process
pool (the default: papermill changes the working directory, so one task per process, no
threads) or on a cluster (``executor=dask_client.get_executor(pure=False)``).

A failing notebook does not stop the others; :func:`failure` turns the failures into one
:class:`~healthcheck.errors.BuildError` naming each domain, cell and exception -- or, when the
disk was full or read-only (:data:`DISK_ERRNOS`, raised by papermill, by a worker or inside a
kernel), one line naming the path and the cause, as the rest of the build says it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Any

from healthcheck.errors import BuildError, NotebookError
from healthcheck.pipeline.cache import digest_folder
from healthcheck.pipeline.tasks import Task

__all__ = [
    "DISK_ERRNOS",
    "ExecutorLike",
    "check_parameters",
    "default_executor",
    "failure",
    "run_batch",
    "run_task",
]

#: an executor, or a factory taking the number of workers (the build shuts down what it made)
ExecutorLike = Executor | Callable[[int], Executor]

_KERNEL_START_FAILURES = (
    "kernel died",
    "kernel didn't respond",
    "timeout",
    "kernel_info",
    "failed to start",
    "dead kernel",
    "address already in use",  # ports are picked before the kernel binds them (papermill #511)
)


#: the causes that are the disk's, not the notebook's: full, over quota, read-only
DISK_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS})
#: an OSError as a kernel reports it: ``[Errno 28] No space left on device: '/path'``
_ERRNO_TEXT = re.compile(r"\[Errno (\d+)\] [^:]*(?::\s*'(.*)')?")


def _disk(exc: BaseException, where: str) -> dict[str, str] | None:
    """The path and the cause of a disk failure (None for anything else); ``where``: the path
    to name when the error names none (a write's error carries no file name)."""
    if isinstance(exc, OSError) and exc.errno in DISK_ERRNOS:
        path = exc.filename if exc.filename is not None else where
        return {"path": str(path), "cause": os.strerror(exc.errno)}
    return None


def _disk_in_kernel(ename: str, evalue: str, where: str) -> dict[str, str] | None:
    """The same for an exception a notebook's cell raised (its name and text)."""
    m = _ERRNO_TEXT.match(evalue or "")
    if not (ename.endswith("Error") and m and int(m[1]) in DISK_ERRNOS):
        return None
    return {"path": m[2] or where, "cause": os.strerror(int(m[1]))}


def default_executor(workers: int) -> Executor:
    """A process pool: papermill's working-directory change is not thread-safe.  Its workers
    leave signals to the build (:mod:`healthcheck.pipeline.processes`), which stops them."""
    return ProcessPoolExecutor(max_workers=workers, initializer=_worker_signals)


def _worker_signals() -> None:
    """A worker ignores the terminal's Ctrl-C (the build stops it), and does not inherit the
    command line's handler of SIGTERM and SIGHUP."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)


def run_task(spec: dict[str, Any]) -> dict[str, Any]:
    """Run one notebook (in a worker); one retry if the kernel fails to start."""
    from healthcheck.pipeline.kernels import kernel_manager_class, socket_dir

    _find_kernel_spec(spec.get("jupyter_path", ""))
    start = time.perf_counter()
    out = {"name": spec["name"], "output": spec["output"]}
    log = Path(spec["output"]).with_suffix(".log")  # the kernel's output, beside its notebook
    wanted = Path(spec.get("kernel_dir") or Path(spec["output"]).parent)
    try:
        log.unlink(missing_ok=True)
        sockets = socket_dir(wanted)
        try:
            return _run(spec, kernel_manager_class(sockets, log), out, start)
        finally:
            if sockets != wanted:  # a short temporary folder, for a build folder's long path
                shutil.rmtree(sockets, ignore_errors=True)
    except OSError as exc:  # papermill writing the notebook, the prose, the kernel's files
        disk = _disk(exc, spec["output"])
        if disk is None:
            raise
        return {**out, "ok": False, "cell": None, "exception": str(exc), "disk": disk}


def _run(spec: dict[str, Any], manager: type, out: dict[str, Any], start: float) -> dict[str, Any]:
    """papermill on the notebook with kernels from ``manager``; the manifest."""
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    for attempt in (1, 2):
        try:
            pm.execute_notebook(
                spec["input"],
                spec["output"],
                parameters=spec["parameters"],
                kernel_name=spec["kernel"],
                progress_bar=False,
                cwd=spec["cwd"],
                start_timeout=120,
                shutdown_kernel="immediate",
                kernel_manager_class=manager,
            )
        except PapermillExecutionError as exc:
            cell, first = _source_cell(spec["input"], exc.source, exc.cell_index)
            exception = f"{exc.ename}: {exc.evalue} (in `{first}`)"
            disk = _disk_in_kernel(exc.ename, exc.evalue, spec["results"])
            return {**out, "ok": False, "cell": cell, "exception": exception} | (
                {"disk": disk} if disk else {}
            )
        except Exception as exc:  # the kernel did not start, or died
            if _disk(exc, "") is not None:
                raise  # the disk's (run_task), not the kernel's
            if attempt == 1 and _kernel_start_failure(exc):
                continue
            return {**out, "ok": False, "cell": None, "exception": f"{type(exc).__name__}: {exc}"}
        break
    if spec.get("prose"):
        _attach_prose(spec)
    seconds = time.perf_counter() - start
    return {**out, "ok": True, "seconds": seconds, "results": digest_folder(Path(spec["results"]))}


def _find_kernel_spec(folder: str) -> None:
    """Let this worker find the preloaded kernel's spec (a pool's workers inherit it; a
    cluster's workers on the same machine learn it here)."""
    paths = os.environ.get("JUPYTER_PATH", "").split(os.pathsep)
    if folder and folder not in paths:
        os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [folder, *paths]))


def _attach_prose(spec: dict[str, Any]) -> None:
    """The notebook's markdown cells tagged ``report`` (the analysts' prose) go into its
    results.json; a notebook without one leaves its results as it wrote them."""
    from healthcheck.layout import BuildLayout
    from healthcheck.notebook.prose import attach_prose, prose_cells
    from healthcheck.results import FileStore

    if not prose_cells(Path(spec["output"])):
        return
    params = spec["parameters"]
    store = FileStore(BuildLayout(Path(params["out_dir"]), int(params["year"])))
    attach_prose(Path(spec["output"]), store, spec["name"])


def _source_cell(path: str, source: str, index: int) -> tuple[int, str]:
    """The failing cell's 1-based number in the source notebook (papermill inserts a cell of
    injected parameters, so its index is off by one) and the cell's first line."""
    import nbformat

    cells = nbformat.read(path, as_version=4).cells
    matches = [i for i, c in enumerate(cells) if c.source == source]
    number = min(matches, key=lambda i: abs(i - index)) + 1 if matches else index + 1
    first = next((ln.strip() for ln in source.splitlines() if ln.strip()), "")
    return number, first[:80]


def _kernel_start_failure(exc: Exception) -> bool:
    text = f"{type(exc).__name__} {exc}".lower()
    return any(s in text for s in _KERNEL_START_FAILURES)


def check_parameters(path: Path, passed: dict[str, Any]) -> None:
    """Every parameter passed must be declared by the notebook's parameters cell."""
    import papermill as pm

    declared = set(pm.inspect_notebook(str(path)))
    unknown = sorted(set(passed) - declared)
    if unknown:
        raise BuildError(
            f"{path}: the parameters cell lacks {', '.join(unknown)} "
            f"(declared: {', '.join(sorted(declared)) or 'none'}); an unknown parameter is an "
            "error, not a warning"
        )


def failure(failures: list[dict[str, Any]]) -> BuildError:
    """One error for the failed tasks' manifests: one line naming the path and the cause if
    any failed for the disk (full, read-only: every notebook then fails for it, and the rest
    of the build says a disk failure so), else each failed notebook."""
    disk = next((f["disk"] for f in failures if f.get("disk")), None)
    if disk is not None:
        return BuildError(f"{disk['path']}: {disk['cause']}")
    errors = [
        NotebookError(f["name"], f.get("cell"), f["exception"], Path(f["output"])) for f in failures
    ]
    if len(errors) == 1:
        return errors[0]
    lines = "\n  ".join(map(str, errors))
    return BuildError(f"{len(errors)} notebooks failed:\n  {lines}")


@contextlib.contextmanager
def _pool(executor: ExecutorLike | None, workers: int) -> Iterator[Executor]:
    """An executor given is used as it is; one made from a factory is shut down after."""
    if isinstance(executor, Executor):
        yield executor
        return
    with (executor or default_executor)(workers) as pool:
        yield pool


class _Progress:
    """A progress bar on a terminal; plain lines elsewhere (a CI log, a file); or nothing."""

    def __init__(self, total: int, show: bool) -> None:
        from tqdm import tqdm

        self.total, self.done = total, 0
        self.plain = show and not sys.stderr.isatty()
        self.bar = tqdm(
            total=total,
            unit="notebook",
            disable=not show or self.plain,
            file=sys.stderr,
            dynamic_ncols=True,
            desc="notebooks",
        )

    def running(self, names: Iterable[str]) -> None:
        names = list(names)
        if self.plain and self.done == 0:
            self.line(f"notebooks: running {', '.join(names)}")
        self.bar.set_postfix_str(", ".join(names))

    def finished(self, manifest: dict[str, Any]) -> None:
        self.done += 1
        name = manifest["name"]
        if manifest.get("disk"):
            pass  # said once, by the build's error (execute.failure)
        elif not manifest["ok"]:
            self.bar.write(
                f"failed: {name} (cell {manifest['cell']}): {manifest['exception']}",
                file=sys.stderr,
            )
        elif self.plain:
            self.line(f"notebooks: {name} done in {manifest['seconds']:.1f} s")
        self.bar.update(1)

    def line(self, text: str) -> None:
        print(f"{text} [{self.done}/{self.total}]", file=sys.stderr, flush=True)

    def close(self) -> None:
        self.bar.close()


def run_batch(
    batch: Sequence[Task],
    *,
    kernel: str,
    jobs: int | None = None,
    executor: ExecutorLike | None = None,
    progress: bool = True,
    on_success: Callable[[Task, dict[str, Any]], None] | None = None,
    kernel_dir: Path | None = None,
    on_started: Callable[[], None] | None = None,
) -> list[dict[str, Any]]:
    """Execute ``batch`` (each task's results folder emptied first, so no figure of an
    earlier run stays); call ``on_success`` as each succeeds; return the failures.
    ``kernel_dir``: where the kernels' connection files and IPC sockets go (default: beside
    each executed notebook); ``on_started`` is called once the tasks are submitted (the
    build records the processes started)."""
    if not batch:
        return []
    for task in batch:
        shutil.rmtree(task.results, ignore_errors=True)
        task.output.parent.mkdir(parents=True, exist_ok=True)
    by_name = {t.name: t for t in batch}
    jupyter_path = os.environ.get("JUPYTER_PATH", "")
    workers = max(1, min(jobs or os.cpu_count() or 1, len(batch)))
    failures: list[dict[str, Any]] = []
    shown = _Progress(len(batch), progress)
    try:
        with _pool(executor, workers) as pool:
            running: dict[Future, str] = {
                pool.submit(run_task, t.spec(kernel, jupyter_path, str(kernel_dir or ""))): t.name
                for t in batch
            }
            if on_started:
                on_started()
            shown.running(running.values())
            while running:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for fut in done:
                    name = running.pop(fut)
                    manifest = _manifest(fut, by_name[name])
                    if not manifest["ok"]:
                        failures.append(manifest)
                    elif on_success:
                        on_success(by_name[name], manifest)
                    shown.finished(manifest)
                shown.running(running.values())
    finally:
        shown.close()
    return failures


def _manifest(fut: Future, task: Task) -> dict[str, Any]:
    """The task's manifest, or a failure if the worker itself failed (died, was lost)."""
    try:
        return fut.result()
    except Exception as exc:
        disk = _disk(exc, str(task.output))
        return {
            "name": task.name,
            "output": str(task.output),
            "ok": False,
            "cell": None,
            "exception": f"{type(exc).__name__}: {exc}",
        } | ({"disk": disk} if disk else {})
