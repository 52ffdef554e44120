"""The inputs of a national check besides the plan and the observations, read and checked
together: the problem ledgers of the report year and the year before, the expert grades, the
peer-city values and the register of statistical units (the refinements come with the plan).

:func:`load_project_inputs` raises one :class:`~healthcheck.errors.InputError` listing every
problem of every file; :func:`national_problems` lists them (for ``healthcheck validate``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from healthcheck.errors import InputError, Problem
from healthcheck.files import read_input, year_files
from healthcheck.inputs.grades import read_grades
from healthcheck.inputs.ledgers import Bounds, LedgerContext, ledger_files, read_ledger
from healthcheck.inputs.peers import read_peers
from healthcheck.inputs.plan import Plan
from healthcheck.inputs.refinements import Refinement
from healthcheck.inputs.units import read_units

__all__ = ["NationalInputs", "district_bounds", "load_project_inputs", "national_problems"]


@dataclass(frozen=True)
class NationalInputs:
    """A national check's own inputs for one report year (see the module)."""

    year: int
    #: this year's ledger (empty frame without a file)
    ledger: pd.DataFrame
    #: the ledger of ``year - 1`` (None without a file: no 问题整治完成率)
    previous_ledger: pd.DataFrame | None
    grades: pd.DataFrame | None
    peers: pd.DataFrame | None
    units: pd.DataFrame | None
    refinements: tuple[Refinement, ...]


def _points(coords: Any) -> Iterator[tuple[float, float]]:
    if isinstance(coords, list | tuple) and coords and isinstance(coords[0], int | float):
        yield float(coords[0]), float(coords[1])
    elif isinstance(coords, list | tuple):
        for c in coords:
            yield from _points(c)


def district_bounds(data_dir: str | Path, codes: set[str]) -> dict[str, Bounds]:
    """The bounding box of each district of ``codes`` found in ``<data>/geo/*.geojson``
    (property ``code``); districts not found are left out (their points are not checked)."""
    out: dict[str, Bounds] = {}
    folder = Path(data_dir) / "geo"
    for path in sorted(folder.glob("*.geojson")) if folder.is_dir() else []:
        raw, _ = read_input(path, data_dir)  # None: load_inputs names what is wrong with it
        try:
            features = json.loads(raw or b"{}").get("features", [])
        except (OSError, ValueError, AttributeError):
            continue  # the maps' reader reports a broken geometry file
        for feat in features:
            code = str((feat.get("properties") or {}).get("code", ""))
            if code in codes and feat.get("geometry"):
                pts = list(_points(feat["geometry"].get("coordinates", [])))
                if pts:
                    lons, lats = zip(*pts, strict=True)
                    out[code] = (min(lons), min(lats), max(lons), max(lats))
    return out


def _read_all(plan: Plan, data_dir: Path, year: int) -> tuple[NationalInputs, list[Problem]]:
    if plan.system is None:
        raise ValueError(f"framework {plan.framework!r} is not a national indicator system")
    districts = {d.code for d in plan.districts}
    plan_dir = plan.path or Path(".")
    units, problems = read_units(plan_dir / "units.csv", districts)
    ctx = LedgerContext(
        {i.id for i in plan.system.indicators if i.level != "city"},
        districts,
        units,
        district_bounds(data_dir, districts),
    )
    files = ledger_files(data_dir)
    ledgers: dict[int, pd.DataFrame | None] = {}
    for y in (year, year - 1):
        if y in files:
            ledgers[y], more = read_ledger(files[y], y, ctx)
            problems += more
    graded = {i.id for i in plan.system.indicators if i.source_of_value != "ledger"}
    grades, more = read_grades(data_dir / "grades" / f"{year}.csv", graded)
    problems += more
    peers, more = read_peers(data_dir / "peers" / f"{year}.csv", graded)
    problems += more
    current = ledgers.get(year)
    return NationalInputs(
        year=year,
        ledger=current if current is not None else pd.DataFrame(columns=["problem_id"]),
        previous_ledger=ledgers.get(year - 1),
        grades=grades,
        peers=peers,
        units=units,
        refinements=plan.refinements,
    ), problems


def national_problems(plan: Plan, data_dir: str | Path) -> list[Problem]:
    """Every problem of every national input of the data folder -- the units, each year's
    ledger, grades and peers (none for a plan's-targets plan)."""
    if plan.system is None:
        return []
    data_dir = Path(data_dir)
    years: set[int] = set()
    problems: set[Problem] = set()
    for folder in ("ledgers", "grades", "peers"):
        found, wrong = year_files(data_dir / folder, data_dir, folder)
        years |= set(found)
        problems |= set(wrong)
    for year in sorted(years) or [0]:
        problems |= set(_read_all(plan, data_dir, year)[1])
    return sorted(problems, key=lambda p: (p.file, p.row or 0, p.column or ""))


def load_project_inputs(plan: Plan, data_dir: str | Path, year: int) -> NationalInputs:
    """The national inputs of report ``year`` for ``plan`` (a national plan, from
    :func:`~healthcheck.inputs.plan.load_plan`); InputError listing every problem."""
    inputs, problems = _read_all(plan, Path(data_dir), year)
    if problems:
        raise InputError(problems)
    return inputs
