"""Running a batch on Dask distributed: one task per report, a local cluster or a given one.

:func:`build_report` is the task.  It runs in a Dask worker, calls
:func:`healthcheck.pipeline.build` with absolute paths and returns a small JSON manifest
(paths, verdict counts or grades, seconds, peak memory), never objects.  A daemonic Dask
worker cannot start a process pool, so the notebooks of one report run one after another in
the worker (:class:`InlineExecutor`, jobs=1); the parallelism is across reports, one per
worker, one thread per worker (papermill changes the working directory).

:func:`run_batch` submits every report (``retries=1``), shows one progress bar (plain lines
when stderr is not a terminal) and returns the manifests in the manifest's order.  A report
that fails (invalid input, a failing notebook) is a failure in its manifest with a one-line
reason; the other reports go on.  A task whose worker dies is run again on another worker by
the scheduler (the local cluster allows one such failure per task:
``distributed.scheduler.allowed-failures = 1``).
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import socket
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from healthcheck.batch.manifest import ReportSpec
from healthcheck.batch.refs import ReportRef
from healthcheck.errors import BuildError, HealthcheckError, InputError
from healthcheck.layout import BuildLayout

if TYPE_CHECKING:
    from distributed import Client

__all__ = [
    "OUTPUTS",
    "BatchResult",
    "InlineExecutor",
    "build_report",
    "connect",
    "refs",
    "run",
    "run_batch",
]

#: the outputs of a report, as the summary links them
OUTPUTS = ("report.pdf", "report.html", "report.xlsx")


class InlineExecutor(Executor):
    """Runs each submitted call at once, in this process and thread: the notebooks of one
    report, one after another, inside a Dask worker (which may not start a process pool)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        fut: Future[Any] = Future()
        try:
            fut.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # the future carries it, as a pool's would
            fut.set_exception(exc)
        return fut


def build_report(params: dict[str, Any]) -> dict[str, Any]:
    """The task: build one report (``params`` from :meth:`ReportSpec.params`) in this worker;
    the manifest of its outputs, or of its failure with a one-line reason."""
    from healthcheck.pipeline import build

    start = time.perf_counter()
    jobs = int(params.get("jobs", 1))
    out: dict[str, Any] = {
        **{k: params[k] for k in ("label", "framework", "year", "plan_dir", "data_dir", "out_dir")},
        "district": str(params.get("district") or ""),
        "status": "ok",
        "reason": "",
        "worker": f"{socket.gethostname()}:{os.getpid()}",
    }
    kwargs: dict[str, Any] = {
        "plan_dir": Path(params["plan_dir"]),
        "data_dir": Path(params["data_dir"]),
        "out_dir": Path(params["out_dir"]),
        "year": int(params["year"]),
        "jobs": jobs,
        "progress": False,
        "district": str(params.get("district") or ""),
    }
    try:
        try:
            result = build(**kwargs, executor=InlineExecutor() if jobs == 1 else None)
        except BuildError as exc:
            if not _kernels_failed(exc):
                raise
            # kernels that never started (a loaded machine): once more, on the stock kernel
            # (no zygote to lose); what ran is cached
            out["retried"] = _reason(exc)
            with _environ(HEALTHCHECK_KERNEL="python3"):
                result = build(**kwargs, executor=InlineExecutor() if jobs == 1 else None)
    except HealthcheckError as exc:
        out.update(status="failed", reason=_reason(exc))
    except Exception as exc:  # a bug, not an input: still one report among others
        out.update(status="failed", reason=f"{type(exc).__name__}: {_first_line(str(exc))}")
    else:
        layout = BuildLayout(Path(params["out_dir"]), result.year)
        out["build_dir"] = str(layout.year_dir)
        out["outputs"] = {n: str(layout.output(n)) for n in OUTPUTS if layout.output(n).is_file()}
        out["verdicts"], out["grades"] = _counts(layout.summary_dir / "results.json")
        out["executed"], out["cached"] = len(result.executed), len(result.cached)
    out["seconds"] = round(time.perf_counter() - start, 2)
    out.update(_peak_memory())
    return out


#: what a notebook's failure says when its kernel never ran it (papermill #511, a loaded
#: machine: "Kernel didn't respond in 120 seconds", then the zygote is gone)
_KERNEL_FAILURES = ("kernel died before replying", "kernel didn't respond", "no zygote",
                    "address already in use", "failed to start")  # fmt: skip


@contextlib.contextmanager
def _environ(**values: str) -> Iterator[None]:
    """Environment variables set for the block (one thread per worker: the task owns them)."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _kernels_failed(exc: BuildError) -> bool:
    """Every failed notebook of ``exc`` failed to start its kernel (not in a cell)."""
    lines = [ln for ln in str(exc).lower().splitlines() if "notebook of domain" in ln]
    return bool(lines) and all(
        "an unknown cell" in ln and any(k in ln for k in _KERNEL_FAILURES) for ln in lines
    )


def _reason(exc: HealthcheckError) -> str:
    if isinstance(exc, InputError) and exc.problems:
        more = len(exc.problems) - 1
        return f"invalid input: {exc.problems[0]}" + (f" (and {more} more)" if more else "")
    return _first_line(str(exc))


def _first_line(text: str) -> str:
    """``text`` on one line (a build error may name several notebooks, one a line)."""
    return " ".join(ln.strip() for ln in text.splitlines() if ln.strip())


def _counts(summary: Path) -> tuple[dict[str, int], dict[str, int]]:
    """The verdict counts (the plan's targets) and the grade counts (the national check) of
    a built report's summary results."""
    try:
        raw = json.loads(summary.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}, {}
    counts = raw.get("counts") or {}
    verdicts = dict((counts.get("schedule_verdict") or {}).get("__all__") or {})
    grades: dict[str, int] = {}
    for rating in raw.get("ratings") or []:
        for grade in ("very_good", "good", "fair", "insufficient"):
            grades[grade] = grades.get(grade, 0) + int(rating.get(grade) or 0)
    return verdicts, grades


def _peak_memory() -> dict[str, float]:
    """Peak resident memory (MB): of this worker process so far, and of the largest of its
    finished child processes (the kernel zygote and the kernels it forked)."""
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"peak_rss_worker_mb": round(me, 1), "peak_rss_child_mb": round(children, 1)}


@contextlib.contextmanager
def connect(
    scheduler: str | None, workers: int | None, *, jobs: int = 1, echo: Callable[[str], None]
) -> Iterator[Client]:
    """A client of the cluster at ``scheduler``, or of a new local cluster of ``workers``
    processes (default: the cores) with one thread each; prints the dashboard's address."""
    import logging

    import dask
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            echo(f"scheduler {scheduler}; dashboard {client.dashboard_link}")
            yield client
        return
    n = workers or os.cpu_count() or 1
    config = {
        "distributed.scheduler.allowed-failures": 1,  # a task whose worker dies: once more
        "distributed.worker.daemon": jobs == 1,  # a process pool per report needs non-daemonic
    }
    with (
        dask.config.set(config),
        LocalCluster(
            n_workers=n, threads_per_worker=1, processes=True, silence_logs=logging.ERROR,
            dashboard_address=":0",
        ) as cluster,
        Client(cluster) as client,
    ):  # fmt: skip
        echo(f"local cluster: {n} worker(s) x 1 thread; dashboard {client.dashboard_link}")
        yield client


def run_batch(
    client: Client,
    specs: Sequence[ReportSpec],
    out_root: Path,
    *,
    jobs: int = 1,
    progress: bool = True,
) -> list[dict[str, Any]]:
    """Build every report of ``specs`` on ``client``'s cluster; their manifests, in order."""
    from distributed import as_completed

    params = [{**s.params(out_root), "jobs": jobs} for s in specs]
    futures = [
        client.submit(build_report, p, key=f"report-{i}-{s.out}", pure=False, retries=1)
        for i, (p, s) in enumerate(zip(params, specs, strict=True))
    ]
    index = {f.key: i for i, f in enumerate(futures)}
    results: list[dict[str, Any] | None] = [None] * len(specs)
    with _Progress(len(specs), progress) as bar:
        for fut in as_completed(futures):
            i = index[fut.key]
            results[i] = _result(fut, params[i])
            bar.done(results[i] or {})
    return [r for r in results if r is not None]


def _result(fut: Any, params: dict[str, Any]) -> dict[str, Any]:
    """The task's manifest, or a failure when the task itself was lost (its workers died)."""
    try:
        return dict(fut.result())
    except Exception as exc:
        keep = ("label", "framework", "year", "plan_dir", "data_dir", "out_dir")
        reason = f"{type(exc).__name__}: {_first_line(str(exc))}"
        return {**{k: params[k] for k in keep}, "status": "failed", "reason": reason}


class _Progress:
    """One bar (reports done / total, failures in the postfix) on a terminal; plain lines
    otherwise."""

    def __init__(self, total: int, enabled: bool) -> None:
        from tqdm import tqdm

        self.total, self.enabled, self.count, self.failed = total, enabled, 0, 0
        self.tty = enabled and sys.stderr.isatty()
        self.bar = tqdm(total=total, unit="report", desc="reports", file=sys.stderr,
                        disable=not self.tty, dynamic_ncols=True)  # fmt: skip

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.close()

    def done(self, manifest: dict[str, Any]) -> None:
        self.count += 1
        ok = manifest.get("status") == "ok"
        self.failed += not ok
        what = f"{manifest.get('seconds', 0):.0f} s" if ok else manifest.get("reason", "")
        line = (
            f"[{self.count}/{self.total}] {'ok' if ok else 'FAILED'}: {manifest['label']} ({what})"
        )
        if self.tty:
            if not ok:
                self.bar.write(line, file=sys.stderr)
            self.bar.set_postfix_str(f"{self.failed} failed")
            self.bar.update(1)
        elif self.enabled:
            print(line, file=sys.stderr, flush=True)


def refs(manifests: Sequence[dict[str, Any]]) -> list[ReportRef]:
    """The reports that were built, as the comparison reads them."""
    return [
        ReportRef(
            label=m["label"],
            framework=m["framework"],
            year=int(m["year"]),
            build_dir=Path(m["build_dir"]),
            plan_dir=Path(m["plan_dir"]),
            data_dir=Path(m["data_dir"]),
            district=str(m.get("district") or ""),
        )  # fmt: skip
        for m in manifests
        if m.get("status") == "ok"
    ]


@dataclass
class BatchResult:
    """What a batch made: the reports' manifests (in the manifest's order), the summary's
    files (the last is ``index.html``), and a failure of the comparison or the peer values
    (None: none)."""

    reports: list[dict[str, Any]]
    written: list[Path]
    after: str | None = None

    @property
    def failed(self) -> list[dict[str, Any]]:
        return [m for m in self.reports if m.get("status") != "ok"]


def run(
    specs: Sequence[ReportSpec],
    out_root: Path,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    jobs: int = 1,
    progress: bool = True,
    echo: Callable[[str], None] = print,
) -> BatchResult:
    """Build ``specs`` into ``out_root``; compare the reports built (``<out>/comparison/``)
    and gather the national reports' peer values (``<out>/peers/``); write the summary."""
    from healthcheck.batch.summary import write_summary

    out_root = Path(out_root).resolve()
    with connect(scheduler, workers, jobs=jobs, echo=echo) as client:
        manifests = run_batch(client, specs, out_root, jobs=jobs, progress=progress)
    extras: list[Path] = []
    after = None
    try:
        extras = _after(out_root, refs(manifests), echo)
    except HealthcheckError as exc:  # the reports stand; the summary says what is missing
        after = _first_line(str(exc))
    return BatchResult(manifests, write_summary(out_root, manifests, extras, after), after)


def _after(out_root: Path, built: list[ReportRef], echo: Callable[[str], None]) -> list[Path]:
    """The comparison's files and the peers files of the reports built."""
    if not built:
        return []
    from healthcheck.batch.compare import write_comparison
    from healthcheck.batch.peers import write_peers

    written = write_comparison(out_root / "comparison", built)
    return written + [f.path for f in write_peers(out_root, built, echo=echo)]
