"""Loading a project's inputs together: the plan, then the observations checked against it."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd

from healthcheck.errors import InputError, Problem
from healthcheck.files import choose_year, district_folder, folder_problems, present
from healthcheck.inputs.district import (
    district_problems,
    district_scope,
    district_view,
    measured_for_districts,
)
from healthcheck.inputs.findings import findings_problems
from healthcheck.inputs.national import national_problems
from healthcheck.inputs.observations import load_observations
from healthcheck.inputs.plan import Plan, load_plan
from healthcheck.inputs.survey_spec import load_survey_spec

__all__ = [
    "district_findings_folders",
    "district_findings_problems",
    "findings_folder",
    "load_inputs",
    "resolve_year",
    "survey_spec_problems",
]


def load_inputs(
    plan_dir: str | Path, data_dir: str | Path, district: str = ""
) -> tuple[Plan, pd.DataFrame]:
    """The plan and its observations (and the findings files, checked; for a national plan
    also its ledgers, grades, peers and units); an InputError lists the problems of all of
    them.  ``district``: a district's code -- the plan and observations of that district's
    report (:func:`~healthcheck.inputs.district.district_view`)."""
    plan = load_plan(plan_dir)  # the data can only be checked against a valid plan
    problems: list[Problem] = district_problems(plan, district) if district else []
    try:
        obs = load_observations(data_dir, plan)
    except InputError as exc:
        problems += exc.problems
    problems += findings_problems(data_dir, {i.id for i in plan.indicators})
    problems += district_findings_problems(plan, obs if not problems else None, data_dir)
    problems += national_problems(plan, data_dir)
    problems += folder_problems(Path(data_dir) / "geo", data_dir)
    problems += survey_spec_problems(plan, data_dir)
    if problems:
        raise InputError(problems)
    return district_view(plan, obs, district) if district else (plan, obs)


def district_findings_folders(data_dir: str | Path) -> list[Path]:
    """The folders of the districts' own findings: ``<data>/districts/<code>/`` (each with a
    ``findings/<year>.csv`` like the city's)."""
    root = Path(data_dir) / "districts"
    return sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []


def district_findings_problems(
    plan: Plan, obs: pd.DataFrame | None, data_dir: str | Path
) -> list[Problem]:
    """The problems of the districts' own findings: each folder must be a district of the
    plan, and its findings about the targets that district's report assesses (``obs``: the
    valid observations that decide it; None: checked against every target of the plan)."""
    out: list[Problem] = []
    codes = {d.code for d in plan.districts}
    measured = None if obs is None else measured_for_districts(obs)
    for folder in district_findings_folders(data_dir):
        if folder.name not in codes or plan.framework != "plan_targets":
            listed = ", ".join(sorted(codes)) or "none"
            out.append(Problem(str(folder), None, None, f"a folder named '{folder.name}'",
                               "districts/<code>/ for a district of plan.yaml with a district "
                               f"report ({listed})"))  # fmt: skip
            continue
        ids = {i.id for i in plan.indicators}
        if measured is not None:
            try:
                ids = set(district_scope(plan, measured, folder.name).assessed)
            except InputError as exc:
                out += exc.problems
                continue
        out += [
            _about_the_district(p, ids, folder.name, plan) for p in findings_problems(folder, ids)
        ]
    return out


def _about_the_district(problem: Problem, ids: set[str], code: str, plan: Plan) -> Problem:
    """A finding about a target of the plan that the district's report does not assess says
    so (the spec's wording names the plan's indicators.csv, where the id is)."""
    if problem.column != "indicator" or problem.found.strip("'") not in plan.series_ids:
        return problem
    expected = f"a target district {code}'s report assesses: {', '.join(sorted(ids))}"
    return dataclasses.replace(problem, expected=expected)


def findings_folder(data_dir: str | Path, plan: Plan) -> Path:
    """Where the report's findings are: the data folder, or a district report's own folder
    ``<data>/districts/<code>/`` (the city's findings are not the district's)."""
    scope = plan.district_report
    return district_folder(data_dir, scope.district.code) if scope else Path(data_dir)


def survey_spec_problems(plan: Plan, data_dir: str | Path) -> list[Problem]:
    """The problems of the survey the build would read (the framework's, with the plan's own
    ``survey.yaml`` over it), where the plan has its own survey.yaml or the data a survey."""
    own = plan.path / "survey.yaml" if plan.path is not None else None
    if not (own is not None and present(own)) and not (Path(data_dir) / "survey").is_dir():
        return []
    try:
        load_survey_spec(plan.framework, plan.path)
    except InputError as exc:
        return list(exc.problems)
    return []


def resolve_year(obs: pd.DataFrame, year: int | None) -> int:
    """The report year: ``year`` if the data has it, else (None) the latest data year."""
    return choose_year([int(y) for y in obs["year"].unique()], year)
