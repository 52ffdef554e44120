"""The pipeline, declared as data: one :class:`Task` per domain notebook and one for the summary.

Each task names its notebook, its parameters, where its executed notebook and its results go
(from :class:`~healthcheck.layout.BuildLayout`), the working directory, and the parts of its
cache key:

* a domain: its notebook file, its parameters, the plan files, *the observation rows of its own
  indicators* and of the context series, the district geometry, the library's source, the
  kernel, and -- when ``plan.yaml`` binds ``domains[].analysis`` -- its analysis file
  ``<notebooks>/analyses/<name>.py``;
* the summary: the same, with every observation row (it assesses every indicator);
* every task of a framework whose notebooks read more than the observations (the national
  check's ledgers, expert grades, peer values, survey): those files
  (:mod:`healthcheck.pipeline.frameworks` says which, and where each framework's notebooks are);
* the resident survey (``survey``), when ``<data>/survey/<year>.csv`` and
  ``<notebooks>/survey.ipynb`` exist: the survey files (:func:`survey_task`; its results in
  ``<out>/<year>/domains/survey/``).

The report is the last step; its key covers the results, the templates and the inputs.

Everything here is JSON-serialisable with absolute paths (:meth:`Task.spec`), so that a task
runs the same on a local process pool and on a cluster's workers.  Standard library (and
PyYAML) only: deciding that nothing needs doing does not import pandas.
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from healthcheck.errors import BuildError
from healthcheck.files import district_folder, district_values, present
from healthcheck.inputs.yamlfile import read_yaml_leniently
from healthcheck.layout import SUMMARY, SURVEY, BuildLayout
from healthcheck.pipeline import cache
from healthcheck.pipeline.frameworks import FrameworkPipeline, pipeline_of

__all__ = [
    "GENERIC",
    "KERNEL_NAME",
    "PARAMETERS",
    "SURVEY",
    "PlanOutline",
    "Sources",
    "Task",
    "declare",
    "input_key",
    "notebook_for",
    "parameters",
    "project_root",
    "report_key",
]

KERNEL_NAME = "python3"
#: the parameters every notebook's parameters cell declares
PARAMETERS = ("year", "plan_dir", "data_dir", "out_dir", "domain")
#: the notebook of a domain without one of its own
GENERIC = "domain"


def project_root() -> Path:
    """The checkout holding notebooks/ and templates/ (the package lives in its src/)."""
    here = Path(__file__).resolve().parents[3]
    return here if (here / "notebooks").is_dir() else Path.cwd()


@dataclass(frozen=True)
class Sources:
    """The project's folders, absolute."""

    plan_dir: Path
    data_dir: Path
    notebooks_dir: Path
    template_dir: Path
    #: a district's code: that district's report (:mod:`healthcheck.inputs.district`)
    district: str = ""

    @classmethod
    def resolve(
        cls,
        plan_dir: Path,
        data_dir: Path,
        notebooks_dir: Path | None = None,
        template_dir: Path | None = None,
        district: str = "",
    ) -> Sources:
        root = project_root()
        return cls(
            Path(plan_dir).resolve(),
            Path(data_dir).resolve(),
            Path(notebooks_dir or root / "notebooks").resolve(),
            Path(template_dir or root / "templates").resolve(),
            district,
        )

    @property
    def findings_dir(self) -> Path:
        """The folder whose ``findings/`` the report reads: the data folder, or a district's
        own ``<data>/districts/<code>/``."""
        return district_folder(self.data_dir, self.district) if self.district else self.data_dir

    def plan_files(self) -> list[Path]:
        if not self.plan_dir.is_dir():
            return []
        return sorted(p for p in self.plan_dir.glob("*") if p.is_file())

    def geo_files(self) -> list[Path]:
        geo = self.data_dir / "geo"
        return sorted(geo.glob("*")) if geo.is_dir() else []


@dataclass(frozen=True)
class PlanOutline:
    """What the pipeline needs of the plan, read without validating it (a broken plan is
    reported by the validation, which runs anyway)."""

    domains: list[str]
    indicators: dict[str, list[str]]
    notebooks: dict[str, str | None] = field(default_factory=dict)
    analyses: dict[str, str | None] = field(default_factory=dict)
    context: list[str] = field(default_factory=list)
    framework: str = "plan_targets"

    @property
    def pipeline(self) -> FrameworkPipeline:
        return pipeline_of(self.framework)

    @classmethod
    def read(cls, plan_dir: Path) -> PlanOutline:
        path = plan_dir / "plan.yaml"
        raw: dict[str, Any] = {}
        if present(path):
            found = read_yaml_leniently(path)  # with limits; None: validation reports it
            raw = found if isinstance(found, dict) else {}
        name = str(raw.get("framework") or "plan_targets")
        pipe = pipeline_of(name)
        declared = raw.get("domains") or []
        if pipe.levels is None:
            indicators = cache.plan_domains(plan_dir)
            order = [d["id"] for d in declared]
            order += [d for d in indicators if d not in order]
            domains = [d for d in order if d in indicators]
        else:  # the framework's levels, with the city's own indicators (特色指标) added
            indicators = pipe.level_indicators()
            if (plan_dir / "indicators.csv").is_file():
                for level, ids in cache.plan_domains(plan_dir, "level").items():
                    indicators.setdefault(level, []).extend(ids)
            domains = list(pipe.levels)
        return cls(
            domains=domains,
            indicators=indicators,
            notebooks={d["id"]: d.get("notebook") for d in declared},
            analyses={d["id"]: (d.get("analysis") or {}).get("name") for d in declared},
            context=[c["id"] for c in raw.get("context_series") or []],
            framework=name,
        )


@dataclass(frozen=True)
class Task:
    """One notebook to execute, with everything that decides whether it must."""

    name: str
    notebook: Path
    parameters: dict[str, str | int]
    output: Path
    results: Path
    cwd: Path
    key_parts: dict[str, Any]
    #: the notebook's markdown cells tagged ``report`` go into its results after it ran
    prose: bool = True

    @property
    def key(self) -> str:
        return cache.key(**self.key_parts)

    def spec(self, kernel: str, jupyter_path: str = "", kernel_dir: str = "") -> dict[str, Any]:
        """What a worker needs to run it: JSON-serialisable, absolute paths; ``kernel_dir``:
        where its kernel's IPC sockets go (default: beside the executed notebook)."""
        return {
            "name": self.name,
            "input": str(self.notebook),
            "output": str(self.output),
            "parameters": dict(self.parameters),
            "results": str(self.results),
            "cwd": str(self.cwd),
            "kernel": kernel,
            "jupyter_path": jupyter_path,
            "kernel_dir": kernel_dir,
            "prose": self.prose,
        }


def notebook_for(domain: str, notebooks_dir: Path, declared: str | None = None) -> Path:
    """The notebook of a domain: plan.yaml's ``notebook``, else ``<id>.ipynb``, else the
    generic ``domain.ipynb``."""
    for name in (declared, f"{domain}.ipynb", f"{GENERIC}.ipynb"):
        if name and (notebooks_dir / name).is_file():
            return notebooks_dir / name
    raise BuildError(f"no notebook for domain '{domain}' in {notebooks_dir}")


def parameters(name: str, sources: Sources, layout: BuildLayout) -> dict[str, str | int]:
    """The parameters of a notebook (a domain id, or ``SUMMARY``): :data:`PARAMETERS`, and
    ``district`` for a district's report."""
    params: dict[str, str | int] = {
        "year": layout.year,
        "plan_dir": str(sources.plan_dir),
        "data_dir": str(sources.data_dir),
        "out_dir": str(layout.out_dir),
        "domain": name,
    }
    if sources.district:
        params["district"] = sources.district
    return params


def declare(sources: Sources, layout: BuildLayout, files: Mapping[int, Path]) -> list[Task]:
    """The build's tasks: the plan's domains (or the framework's levels) in order, the survey
    when there is one, then the summary."""
    outline = PlanOutline.read(sources.plan_dir)
    if sources.district:
        outline = _district_outline(outline, sources, files)
    pipe = outline.pipeline
    notebooks = pipe.notebooks_dir(sources.notebooks_dir)
    groups = {d: outline.indicators.get(d, []) + outline.context for d in outline.domains}
    digests = cache.observation_digests(files, groups)
    common = {
        "plan": cache.digest_files(sources.plan_files(), sources.plan_dir),
        "geo": cache.digest_files(sources.geo_files(), sources.data_dir),
        "lib": cache.library_digest(),
        "kernel": KERNEL_NAME,
    }
    if pipe.name != "plan_targets":  # the framework's other inputs (ledgers, grades …)
        common["inputs"] = _inputs_digest(sources, pipe)
    tasks = []
    for domain in outline.domains:
        declared = outline.notebooks.get(domain) if pipe.own_notebooks else None
        nb = (
            notebook_for(domain, notebooks, declared)
            if pipe.own_notebooks
            else _notebook(notebooks, pipe.generic, domain)
        )
        parts = {"data": digests[domain], **common}
        analysis = outline.analyses.get(domain)
        if analysis:
            path = sources.notebooks_dir / "analyses" / f"{analysis}.py"
            parts["analysis"] = cache.digest_files([path], sources.notebooks_dir)
        tasks.append(_task(domain, nb, sources, layout, parts, prose=True))
    survey = survey_task(sources, layout, common)
    if survey is not None:
        tasks.append(survey)
    summary = notebooks / pipe.summary
    if not summary.is_file():
        raise BuildError(f"no summary notebook: {summary} does not exist")
    # the summary assesses every indicator from the data: every row is in its key, and it
    # carries the analysts' findings
    parts = {"data": cache.digest_files(files.values()), "findings": _findings_digest(sources),
             **common}  # fmt: skip
    tasks.append(_task(SUMMARY, summary, sources, layout, parts, prose=True))
    return tasks


def _district_outline(
    outline: PlanOutline, sources: Sources, files: Mapping[int, Path]
) -> PlanOutline:
    """The outline of a district's report: the domains with an indicator it assesses (the
    plan is loaded and checked: an InputError names what is wrong, or the unknown district)."""
    from healthcheck.inputs.district import district_scope
    from healthcheck.inputs.plan import load_plan

    plan = load_plan(sources.plan_dir)
    measured = {ind for _, ind in district_values(files.values())}
    scope = district_scope(plan, measured, sources.district)
    kept = {plan.indicator(i).domain for i in scope.assessed}
    return dataclasses.replace(outline, domains=[d for d in outline.domains if d in kept])


def _notebook(folder: Path, name: str, domain: str) -> Path:
    path = folder / name
    if not path.is_file():
        raise BuildError(f"no notebook for level '{domain}': {path} does not exist")
    return path


def survey_task(sources: Sources, layout: BuildLayout, common: Mapping[str, Any]) -> Task | None:
    """The resident survey's notebook (``survey.ipynb``), when the year has a responses file
    (``<data>/survey/<year>.csv``); its key covers the responses, the margins and the
    framework's survey files.  Without a responses file the survey's results of an earlier
    build are removed, so that the report prints no stale survey chapter."""
    responses = sources.data_dir / "survey" / f"{layout.year}.csv"
    notebook = sources.notebooks_dir / f"{SURVEY}.ipynb"
    # a district's report has no survey chapter: the sample is drawn for the city
    if sources.district or not responses.is_file() or not notebook.is_file():
        shutil.rmtree(layout.results_dir(SURVEY), ignore_errors=True)
        return None
    files = [responses, sources.data_dir / "survey-margins.csv"]
    framework = Path(__file__).resolve().parents[1] / "engine" / "frameworks"
    spec = sorted(framework.glob("*/survey*"))
    parts = {"survey": cache.digest_files([f for f in files if f.is_file()], sources.data_dir),
             "spec": cache.digest_files(spec, framework), **common}  # fmt: skip
    return _task(SURVEY, notebook, sources, layout, parts, prose=True)


def _task(
    name: str,
    notebook: Path,
    sources: Sources,
    layout: BuildLayout,
    parts: dict[str, Any],
    prose: bool,
) -> Task:
    params = parameters(name, sources, layout)
    return Task(
        name=name,
        notebook=notebook,
        parameters=params,
        output=layout.executed_notebook(name),
        results=layout.results_dir(name),
        cwd=sources.notebooks_dir,
        key_parts={"nb": cache.digest_files([notebook]), "params": params, **parts},
        prose=prose,
    )


def input_key(sources: Sources, files: Mapping[int, Path]) -> str:
    """The key of a validation: the plan files, every observation file, the library."""
    plan_files = sources.plan_files()
    parts = {
        "plan": cache.digest_files(plan_files, sources.plan_dir) if plan_files else "",
        "data": cache.digest_files(files.values()),
        "findings": _findings_digest(sources),
        "lib": cache.library_digest(),
    }
    pipe = pipeline_of(_framework_name(sources.plan_dir))
    if pipe.name != "plan_targets":
        parts["inputs"] = _inputs_digest(sources, pipe)
    return cache.key(**parts)


def _framework_name(plan_dir: Path) -> str:
    """plan.yaml's ``framework``, read leniently (a broken file is the validation's to
    report): "plan_targets" when it cannot be read."""
    raw = read_yaml_leniently(plan_dir / "plan.yaml")
    found = raw.get("framework") if isinstance(raw, dict) else None
    return found if isinstance(found, str) and found else "plan_targets"


def _inputs_digest(sources: Sources, pipe: FrameworkPipeline) -> str:
    """The digest of a framework's other input files (ledgers, grades, peers, survey …)."""
    found = pipe.input_files(sources.data_dir)
    return cache.digest_files(found, sources.data_dir) if found else ""


def _findings_digest(sources: Sources) -> str:
    """The digest of the findings folder (``<data>/findings/``, or a district's; "" when
    there is none)."""
    folder = sources.findings_dir / "findings"
    found = sorted(p for p in folder.glob("*") if p.is_file()) if folder.is_dir() else []
    return cache.digest_files(found, sources.data_dir) if found else ""


def report_key(layout: BuildLayout, sources: Sources, inputs: str) -> str:
    """The report's key: every results file, the templates, and the inputs' key."""
    results = [p for p in layout.domains_dir.rglob("*") if p.is_file()]
    results += [p for p in layout.summary_dir.rglob("*") if p.is_file()]
    templates = [p for p in sources.template_dir.rglob("*") if p.is_file()]
    return cache.key(
        results=cache.digest_files(results, layout.year_dir),
        templates=cache.digest_files(templates, sources.template_dir),
        inputs=inputs,
    )
