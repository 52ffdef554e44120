"""The build: domain notebooks and the summary in parallel through papermill, then the report.

:func:`build` orchestrates; the parts are

* :mod:`~healthcheck.pipeline.tasks` -- the pipeline as data: one task per notebook, with its
  parameters, paths and the parts of its cache key;
* :mod:`~healthcheck.pipeline.cache` -- the keys, and the state that remembers what was built;
* :mod:`~healthcheck.pipeline.execute` -- papermill on an executor (a process pool by default);
* :mod:`~healthcheck.pipeline.kernels` -- the preloaded kernel the notebooks run on.

A notebook is re-executed only when its cache key changed, or when its results folder is not as
its last run left it (a notebook run by hand wrote into it); the report is re-rendered when any
result, the templates, the plan or the data changed.  A failing notebook does not stop the
others: when all have finished, the build raises :class:`~healthcheck.errors.BuildError` naming
each failed domain, the cell and the exception, and the executed notebook with the error is kept
in ``<out>/<year>/notebooks/``.

Paths come from :class:`~healthcheck.layout.BuildLayout`.  ``healthcheck.build`` is
:func:`build`.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from healthcheck.errors import BuildError, InputError
from healthcheck.files import choose_year, scan_observation_files
from healthcheck.layout import BuildLayout
from healthcheck.pipeline import execute, processes, tasks
from healthcheck.pipeline.cache import State
from healthcheck.pipeline.execute import ExecutorLike
from healthcheck.pipeline.tasks import KERNEL_NAME, Sources, Task, notebook_for, project_root
from healthcheck.publish import recover

if TYPE_CHECKING:
    import pandas as pd

    from healthcheck.inputs.plan import Plan

__all__ = [
    "KERNEL_NAME",
    "BuildResult",
    "ExecutorLike",
    "Task",
    "build",
    "notebook_for",
    "os_failure",
    "project_root",
]


@dataclass
class BuildResult:
    year: int
    pdf: Path
    executed: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    report_rendered: bool = False
    seconds: float = 0.0


class _Inputs:
    """The validated plan and observations, loaded (and so validated) once, when first needed."""

    def __init__(self, sources: Sources) -> None:
        self.sources = sources
        self._loaded: tuple[Plan, pd.DataFrame] | None = None

    def load(self) -> tuple[Plan, pd.DataFrame]:
        if self._loaded is None:
            from healthcheck.inputs.project import load_inputs

            src = self.sources
            self._loaded = load_inputs(src.plan_dir, src.data_dir, src.district)
        return self._loaded


def build(
    *,
    plan_dir: Path,
    data_dir: Path,
    out_dir: Path,
    year: int | None = None,
    jobs: int | None = None,
    use_cache: bool = True,
    progress: bool = True,
    notebooks_dir: Path | None = None,
    template_dir: Path | None = None,
    executor: ExecutorLike | None = None,
    self_contained_html: bool = False,
    district: str = "",
) -> BuildResult:
    """Build the report for ``year`` (default: the latest data year); see the module docstring.

    ``executor``: where the notebooks run -- a :class:`concurrent.futures.Executor` (used as
    it is, e.g. a Dask client's ``get_executor()``), or a factory taking the number of
    workers; default a process pool of ``jobs`` workers (default: the number of cores).
    ``self_contained_html``: report.html with its figures inside it (one file to mail).
    ``district``: a district's code (plan.yaml ``districts``): that district's report, its own
    series against the targets a district can meet (:mod:`healthcheck.inputs.district`).

    A file that cannot be read or written (a read-only or full disk) raises a
    :class:`~healthcheck.errors.BuildError` naming the path and the cause.
    """
    try:
        return _build(
            Sources.resolve(plan_dir, data_dir, notebooks_dir, template_dir, district),
            Path(out_dir).resolve(),
            year,
            _Options(jobs, use_cache, progress, executor, self_contained_html),
        )
    except OSError as exc:
        raise BuildError(os_failure(exc)) from exc


def os_failure(exc: OSError) -> str:
    """One line for a failed file operation: the path and the cause."""
    where = exc.filename if exc.filename is not None else None
    if where is not None and exc.filename2 is not None:
        where = f"{where} -> {exc.filename2}"
    cause = exc.strerror or type(exc).__name__
    return f"{where}: {cause}" if where is not None else f"{cause}: {exc}"


@dataclass(frozen=True)
class _Options:
    jobs: int | None
    use_cache: bool
    progress: bool
    executor: ExecutorLike | None
    self_contained_html: bool


def _build(sources: Sources, out_dir: Path, year: int | None, opt: _Options) -> BuildResult:
    t0 = time.perf_counter()
    inputs = _Inputs(sources)
    files, refused = scan_observation_files(sources.data_dir)
    if not files or refused:
        inputs.load()  # raises: no observation files, or a file that cannot be one
    layout = BuildLayout(out_dir, choose_year(list(files), year))
    said = processes.leftovers_line(processes.stop_leftovers(layout.cache_dir), out_dir)
    if said:
        print(said, file=sys.stderr, flush=True)
    if recover(layout.year_dir):  # a build killed while replacing the outputs
        print(f"restored the previous outputs in {layout.year_dir}", file=sys.stderr, flush=True)
    state = State.load(layout, opt.use_cache)
    input_key = tasks.input_key(sources, files)
    try:
        declared = tasks.declare(sources, layout, files)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, InputError):
        inputs.load()  # the validation names the problem
        raise
    stale = [t for t in declared if not state.fresh(t.name, t.key)]
    result = BuildResult(year=layout.year, pdf=layout.output("report.pdf"))
    result.cached = [t.name for t in declared if t not in stale]

    def validate() -> None:  # unless these exact inputs were validated before
        if state.validated != input_key:
            inputs.load()
            state.validated = input_key

    if stale:
        _execute(stale, state, validate, opt, sources)
        result.executed = [t.name for t in stale]
    validate()

    report_key = tasks.report_key(layout, sources, input_key)
    if opt.self_contained_html:  # another report.html from the same results
        report_key += "+self-contained"
    if not (opt.use_cache and state.report == report_key and result.pdf.is_file()):
        from healthcheck.report import render_report
        from healthcheck.results import FileStore

        plan, obs = inputs.load()
        if opt.progress:
            print("rendering the report …", file=sys.stderr, flush=True)
        render_report(
            plan, obs, FileStore(layout), template_dir=sources.template_dir,
            self_contained=opt.self_contained_html,
        )  # fmt: skip
        state.report = report_key
        result.report_rendered = True
    state.save()
    result.seconds = time.perf_counter() - t0
    return result


def _execute(
    stale: list[Task],
    state: State,
    validate: Callable[[], None],
    opt: _Options,
    sources: Sources,
) -> None:
    """Run ``stale`` on the preloaded kernel, recording each success in ``state``; call
    ``validate`` while the kernel's zygote imports its libraries.  Every process started on
    the way is recorded (:func:`~healthcheck.pipeline.processes.recorded`)."""
    from healthcheck.pipeline.kernels import preloaded_kernel

    def done(task: Task, manifest: dict[str, Any]) -> None:
        state.record(task.name, task.key, manifest["results"])

    layout = state.layout
    kernels = layout.cache_dir / "kernels"
    with (
        processes.recorded(layout.cache_dir) as note,
        preloaded_kernel(sources.notebooks_dir, log=kernels / "zygote.log") as kernel,
    ):
        note()  # the zygote, recorded before anything else can happen
        validate()
        for task in stale:
            execute.check_parameters(task.notebook, task.parameters)
            state.forget(task.name)
        failures = execute.run_batch(
            stale, kernel=kernel, jobs=opt.jobs, executor=opt.executor, progress=opt.progress,
            on_success=done, kernel_dir=kernels, on_started=note,
        )  # fmt: skip
    state.save()
    if failures:
        raise execute.failure(failures)
