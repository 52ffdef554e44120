"""The build: domain notebooks and the summary in parallel through papermill, then the report.

Each notebook runs in its own worker process (papermill changes the working directory, so no
threads), with an explicit kernel name and absolute paths.  A notebook is re-executed only when
its cache key changed (see :mod:`healthcheck.pipeline.fingerprint`): its notebook file, its
parameters, the plan, the observations of its domain's indicators and the context series,
the district geometry, or the library.  The summary, which assesses every indicator from the data,
is
re-executed when any observation changed; the report is re-rendered when any result, the
templates, the plan or the data changed.

A failing notebook does not stop the others: when all have finished, the build raises
:class:`~healthcheck.errors.BuildError` naming each failed domain, the cell and the exception,
and the executed notebook with the error is kept in ``<out>/<year>/notebooks/``.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from healthcheck.errors import BuildError, NotebookError
from healthcheck.files import atomic_write_text, choose_year, observation_files
from healthcheck.pipeline import fingerprint as fp

__all__ = ["KERNEL_NAME", "BuildResult", "build", "notebook_for", "project_root"]

KERNEL_NAME = "python3"
PARAMETERS = ("year", "plan_dir", "data_dir", "out_dir", "domain")
SUMMARY = "summary"
GENERIC = "domain"


def project_root() -> Path:
    """The checkout holding notebooks/ and templates/ (the package lives in its src/)."""
    here = Path(__file__).resolve().parents[3]
    return here if (here / "notebooks").is_dir() else Path.cwd()


@dataclass
class BuildResult:
    year: int
    pdf: Path
    executed: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    report_rendered: bool = False
    seconds: float = 0.0


def notebook_for(domain: str, notebooks_dir: Path, declared: str | None = None) -> Path:
    """The notebook of a domain: plan.yaml's ``notebook``, else ``<id>.ipynb``, else the
    generic ``domain.ipynb``."""
    for name in (declared, f"{domain}.ipynb", f"{GENERIC}.ipynb"):
        if name and (notebooks_dir / name).is_file():
            return notebooks_dir / name
    raise BuildError(f"no notebook for domain '{domain}' in {notebooks_dir}")


def _execute(task: dict[str, Any]) -> dict[str, Any]:
    """Run one notebook (in a worker process).  One retry if the kernel fails to start."""
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    start = time.perf_counter()
    out = {"name": task["name"], "output": task["output"]}
    for attempt in (1, 2):
        try:
            pm.execute_notebook(
                task["input"],
                task["output"],
                parameters=task["parameters"],
                kernel_name=task["kernel"],
                progress_bar=False,
                cwd=task["cwd"],
                start_timeout=120,
                shutdown_kernel="immediate",
            )
            return {**out, "ok": True, "seconds": time.perf_counter() - start}
        except PapermillExecutionError as exc:
            cell, first = _source_cell(task["input"], exc.source, exc.cell_index)
            return {
                **out,
                "ok": False,
                "cell": cell,
                "exception": f"{exc.ename}: {exc.evalue} (in `{first}`)",
            }
        except Exception as exc:  # the kernel did not start, or died
            if attempt == 1 and _kernel_start_failure(exc):
                continue
            return {**out, "ok": False, "cell": None, "exception": f"{type(exc).__name__}: {exc}"}
    raise AssertionError("unreachable")


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
    return any(
        s in text
        for s in (
            "kernel died",
            "kernel didn't respond",
            "timeout",
            "kernel_info",
            "failed to start",
            "dead kernel",
        )
    )


def _check_parameters(path: Path, passed: dict[str, Any]) -> None:
    import papermill as pm

    declared = set(pm.inspect_notebook(str(path)))
    unknown = sorted(set(passed) - declared)
    if unknown:
        raise BuildError(
            f"{path}: the parameters cell lacks {', '.join(unknown)} "
            f"(declared: {', '.join(sorted(declared)) or 'none'}); an unknown parameter is an "
            "error, not a warning"
        )


def _domain_order(plan_dir: Path) -> tuple[list[str], dict[str, str | None]]:
    by_domain = fp.plan_domains(plan_dir)
    order: list[str] = []
    declared: dict[str, str | None] = {}
    yaml_path = plan_dir / "plan.yaml"
    if yaml_path.is_file():
        for d in (yaml.safe_load(yaml_path.read_text(encoding="utf-8-sig")) or {}).get(
            "domains", []
        ) or []:
            order.append(d["id"])
            declared[d["id"]] = d.get("notebook")
    order += [d for d in by_domain if d not in order]
    return [d for d in order if d in by_domain], declared


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
) -> BuildResult:
    """Build the report for ``year``; see the module docstring."""
    t0 = time.perf_counter()
    root = project_root()
    plan_dir, data_dir, out_dir = (p.resolve() for p in (plan_dir, data_dir, out_dir))
    notebooks_dir = (notebooks_dir or root / "notebooks").resolve()
    template_dir = (template_dir or root / "templates").resolve()
    files = observation_files(data_dir)
    plan_files = sorted(p for p in plan_dir.glob("*") if p.is_file()) if plan_dir.is_dir() else []
    lib = fp.library_digest()

    # 1. Validate, unless these exact inputs were validated before.
    cache_dir = out_dir / ".cache"
    state_path = cache_dir / "state.json"
    state: dict[str, Any] = {}
    if use_cache and state_path.is_file():
        state = json.loads(state_path.read_text(encoding="utf-8"))
    input_key = fp.key(
        plan=fp.digest_files(plan_files, plan_dir) if plan_files else "",
        data=fp.digest_files(files.values()),
        lib=lib,
    )
    loaded: dict[str, Any] = {}

    def inputs() -> tuple[Any, Any]:
        if not loaded:
            from healthcheck.inputs.project import load_inputs

            loaded["plan"], loaded["obs"] = load_inputs(plan_dir, data_dir)
        return loaded["plan"], loaded["obs"]

    need_validation = state.get("validated") != input_key
    if not files:
        inputs()  # raises: a data folder without observation files
    year = choose_year(list(files), year)
    year_dir = out_dir / str(year)
    ystate: dict[str, Any] = state.setdefault("years", {}).setdefault(str(year), {})

    # 2. Cache keys, from the files as they are (a broken plan is reported by the validation).
    try:
        order, declared = _domain_order(plan_dir)
        groups = fp.plan_domains(plan_dir)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, yaml.YAMLError):
        inputs()
        raise
    context = _context_ids(plan_dir)
    digests = fp.observation_digests(files, {d: groups[d] + context for d in order})
    geo = (
        fp.digest_files(sorted((data_dir / "geo").glob("*")), data_dir)
        if (data_dir / "geo").is_dir()
        else ""
    )
    common = {
        "plan": fp.digest_files(plan_files, plan_dir),
        "geo": geo,
        "lib": lib,
        "kernel": KERNEL_NAME,
    }
    tasks: dict[str, dict[str, Any]] = {}
    keys: dict[str, str] = {}
    for domain in order:
        nb = notebook_for(domain, notebooks_dir, declared.get(domain))
        params = {
            "year": year,
            "plan_dir": str(plan_dir),
            "data_dir": str(data_dir),
            "out_dir": str(out_dir),
            "domain": domain,
        }
        keys[domain] = fp.key(
            nb=fp.digest_files([nb]), params=params, data=digests[domain], **common
        )
        tasks[domain] = {
            "name": domain,
            "input": str(nb),
            "parameters": params,
            "output": str(year_dir / "notebooks" / f"{domain}.ipynb"),
            "cwd": str(notebooks_dir),
        }
    summary_nb = notebooks_dir / f"{SUMMARY}.ipynb"
    if not summary_nb.is_file():
        raise BuildError(f"no summary notebook: {summary_nb} does not exist")
    summary_params = {
        "year": year,
        "plan_dir": str(plan_dir),
        "data_dir": str(data_dir),
        "out_dir": str(out_dir),
        "domain": SUMMARY,
    }
    keys[SUMMARY] = fp.key(
        nb=fp.digest_files([summary_nb]),
        params=summary_params,
        data=fp.digest_files(files.values()),  # it assesses every indicator from the data
        **common,
    )
    tasks[SUMMARY] = {
        "name": SUMMARY,
        "input": str(summary_nb),
        "parameters": summary_params,
        "output": str(year_dir / "notebooks" / f"{SUMMARY}.ipynb"),
        "cwd": str(notebooks_dir),
    }

    def fresh(name: str) -> bool:
        folder = year_dir / ("summary" if name == SUMMARY else f"domains/{name}")
        return (
            use_cache
            and ystate.get(name) == keys[name]
            and (folder / "results.json").is_file()
            and Path(tasks[name]["output"]).is_file()
        )

    stale = [d for d in order if not fresh(d)]
    result = BuildResult(year=year, pdf=year_dir / "report.pdf")
    result.cached = [d for d in [*order, SUMMARY] if fresh(d)]

    # 3. Notebooks.  The zygote's imports run while this process validates the data.
    if stale or not fresh(SUMMARY):
        from healthcheck.pipeline.kernels import preloaded_kernel

        with preloaded_kernel(notebooks_dir) as kernel:
            if need_validation:
                inputs()
            for name in [*stale, SUMMARY]:
                _check_parameters(Path(tasks[name]["input"]), tasks[name]["parameters"])
            for task in tasks.values():
                task["kernel"] = kernel
            # The summary reads the data, not the domains' results: it runs in the same pool.
            batch = [tasks[d] for d in stale] + ([] if fresh(SUMMARY) else [tasks[SUMMARY]])
            failures = _run_all(batch, jobs, progress, ystate, keys, year_dir)
        state["validated"] = input_key
        _save_state(state_path, state)
        if failures:
            raise _failure(failures)
        result.executed = [t["name"] for t in batch]
    elif need_validation:
        inputs()
    state["validated"] = input_key

    # 4. The report.
    report_key = fp.key(
        results=fp.digest_files(
            [p for p in (year_dir / "domains").rglob("*") if p.is_file()]
            + [p for p in (year_dir / "summary").rglob("*") if p.is_file()],
            year_dir,
        ),
        templates=fp.digest_files(
            [p for p in template_dir.rglob("*") if p.is_file()], template_dir
        ),
        inputs=input_key,
    )
    if not (use_cache and ystate.get("report") == report_key and result.pdf.is_file()):
        from healthcheck.report import render_report

        plan, obs = inputs()
        if progress:
            print("rendering the report …", file=sys.stderr, flush=True)
        from healthcheck.layout import BuildLayout
        from healthcheck.results import FileStore

        render_report(plan, obs, FileStore(BuildLayout(out_dir, year)), template_dir=template_dir)
        ystate["report"] = report_key
        result.report_rendered = True
    _save_state(state_path, state)
    result.seconds = time.perf_counter() - t0
    return result


def _context_ids(plan_dir: Path) -> list[str]:
    path = plan_dir / "plan.yaml"
    if not path.is_file():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
    return [c["id"] for c in data.get("context_series", []) or []]


def _save_state(path: Path, state: dict[str, Any]) -> None:
    atomic_write_text(path, json.dumps(state, indent=1, sort_keys=True))


def _failure(failures: list[dict[str, Any]]) -> BuildError:
    if len(failures) == 1:
        f = failures[0]
        return NotebookError(f["name"], f.get("cell"), f["exception"], Path(f["output"]))
    lines = [
        str(NotebookError(f["name"], f.get("cell"), f["exception"], Path(f["output"])))
        for f in failures
    ]
    return BuildError(f"{len(failures)} notebooks failed:\n  " + "\n  ".join(lines))


def _run_all(
    tasks: list[dict[str, Any]],
    jobs: int | None,
    progress: bool,
    ystate: dict[str, Any],
    keys: dict[str, str],
    year_dir: Path,
) -> list[dict]:
    """Execute ``tasks`` in a process pool; record each success's key; return the failures."""
    if not tasks:
        return []
    from tqdm import tqdm

    for t in tasks:
        ystate.pop(t["name"], None)
        folder = year_dir / ("summary" if t["name"] == SUMMARY else f"domains/{t['name']}")
        shutil.rmtree(folder, ignore_errors=True)  # no stale figures from an earlier run
        Path(t["output"]).parent.mkdir(parents=True, exist_ok=True)
    workers = max(1, min(jobs or os.cpu_count() or 1, len(tasks)))
    failures = []
    bar = tqdm(
        total=len(tasks),
        unit="notebook",
        disable=not progress,
        file=sys.stderr,
        dynamic_ncols=True,
        desc="notebooks",
    )
    with ProcessPoolExecutor(max_workers=workers) as pool:
        running: dict[Future, str] = {pool.submit(_execute, t): t["name"] for t in tasks}
        bar.set_postfix_str(", ".join(running.values()))
        while running:
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for fut in done:
                name = running.pop(fut)
                res = fut.result()
                if res["ok"]:
                    ystate[name] = keys[name]
                else:
                    failures.append(res)
                    bar.write(f"failed: {name} (cell {res.get('cell')}): {res['exception']}")
                bar.update(1)
            bar.set_postfix_str(", ".join(running.values()))
    bar.close()
    return failures
