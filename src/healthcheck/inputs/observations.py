"""The observed values: one CSV per data year, long format, loaded and checked together.

A data folder holds ``observations/<year>.csv`` (and ``geo/``); a folder that holds the
``<year>.csv`` files directly is accepted too.  :func:`load_observations` checks every file and
raises :class:`~healthcheck.errors.InputError` with the problems of all of them at once.

The frame returned has one row per value: ``indicator, year, area, value, status, source, note,
file, line``; ``area`` is ``""`` for the whole city, else a district code.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from healthcheck.errors import InputError, Problem
from healthcheck.files import observation_files, observation_folder, scan_observation_files
from healthcheck.inputs.csvfile import read_csv_strict
from healthcheck.inputs.plan import Plan
from healthcheck.inputs.spec import check_observations

__all__ = ["COLUMNS", "load_observations", "observation_files", "series", "latest_year"]

COLUMNS = ("indicator", "year", "area", "value", "status", "source", "note", "file", "line")


def load_observations(data_dir: str | Path, plan: Plan) -> pd.DataFrame:
    """Read and check every ``<year>.csv`` of ``data_dir``; all problems in one InputError."""
    data_dir = Path(data_dir)
    folder = observation_folder(data_dir)
    if not folder.is_dir():
        raise InputError(
            [
                Problem(
                    str(data_dir),
                    None,
                    None,
                    "no such folder",
                    "a data folder with observations/<year>.csv",
                )
            ]
        )
    files, problems = scan_observation_files(data_dir)
    if not files and not problems:
        problems.append(
            Problem(
                str(folder), None, None, "no <year>.csv file", "one observation file per data year"
            )
        )
    kinds = {i.id: (i.kind, i.is_percentage) for i in plan.indicators}
    kinds.update({c.id: ("context", False) for c in plan.context})
    areas = {d.code for d in plan.districts}
    frames = []
    for year, path in files.items():
        raw, read_problems = read_csv_strict(path, data_dir)
        problems += read_problems
        if raw is None:
            continue
        typed, check_problems = check_observations(
            raw, str(path), file_year=year, series=kinds, areas=areas, city_code=plan.city_code
        )
        problems += check_problems
        if typed is not None:
            frames.append(typed)
    if problems:
        raise InputError(problems)
    obs = pd.concat(frames, ignore_index=True)
    return obs.sort_values(["indicator", "area", "year"], kind="stable").reset_index(drop=True)


def series(obs: pd.DataFrame, indicator: str, area: str = "") -> dict[int, float]:
    """The values of one indicator in one area (``""`` = city), by year."""
    rows = obs[(obs["indicator"] == indicator) & (obs["area"] == area)]
    return dict(zip(rows["year"].astype(int), rows["value"].astype(float), strict=True))


def latest_year(obs: pd.DataFrame) -> int:
    """The latest data year: the default report year."""
    return int(obs["year"].max())
