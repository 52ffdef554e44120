"""The observed values: one CSV per data year, long format, loaded and checked together.

A data folder holds ``observations/<year>.csv`` (and ``geo/``); a folder that holds the
``<year>.csv`` files directly is accepted too.  :func:`load_observations` checks every file and
raises :class:`~healthcheck.errors.InputError` with the problems of all of them at once.

The frame returned has one row per value: ``indicator, year, area, value, status, source, note,
file, line``; ``area`` is ``""`` for the whole city, else a district code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from healthcheck.errors import InputError, Problem
from healthcheck.files import observation_files, observation_folder, scan_observation_files
from healthcheck.inputs.csvfile import read_csv_strict
from healthcheck.inputs.plan import Plan
from healthcheck.inputs.spec import check_observations
from healthcheck.kinds import kind

__all__ = [
    "COLUMNS",
    "baseline_gaps",
    "latest_year",
    "load_observations",
    "missing_years",
    "observation_files",
    "running_sum_gaps",
    "series",
]

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
    scopes = {
        i.id: {d.code for d in plan.districts_of(i)} for i in plan.indicators if i.district_scope
    }
    frames = []
    for year, path in files.items():
        raw, read_problems = read_csv_strict(path, data_dir)
        problems += read_problems
        if raw is None:
            continue
        typed, check_problems = check_observations(
            raw,
            str(path),
            file_year=year,
            series=kinds,
            areas=areas,
            city_code=plan.city_code,
            scopes=scopes,
        )
        problems += check_problems
        if typed is not None:
            frames.append(typed)
    if problems:
        raise InputError(problems)
    obs = pd.concat(frames, ignore_index=True)
    gaps = running_sum_gaps(obs, plan, files, folder) + baseline_gaps(obs, plan, files, folder)
    if gaps:
        raise InputError(gaps)
    return obs.sort_values(["indicator", "area", "year"], kind="stable").reset_index(drop=True)


def missing_years(years: Iterable[int]) -> list[int]:
    """The years between the first and the last of ``years`` that are not among them."""
    have = {int(y) for y in years}
    return [y for y in range(min(have), max(have)) if y not in have] if have else []


def running_sum_gaps(
    obs: pd.DataFrame, plan: Plan, files: Mapping[int, Path], folder: Path
) -> list[Problem]:
    """A year without an annual amount where an indicator sums its annual amounts from the
    baseline (``cumulative``): the running sum would stop at the gap and the completion fall
    (N01: 0.99 to 0.18), so the year is required from the baseline to the indicator's last
    value (up to its target year), in the city and in every district that has values --
    from its first value on: data that begin after the baseline are no gap in the middle (the
    engine's note says where the running sum starts).

    A year with no file at all is one problem naming the indicators that need it; a file
    without the row, one problem per indicator and area.
    """
    by_file: dict[int, list[str]] = {}
    problems: list[Problem] = []
    for ind in plan.indicators:
        if not kind(ind.kind).running_sum:
            continue
        rows = obs[obs["indicator"] == ind.id]
        for area, years in rows.groupby("area")["year"]:
            last = min(int(years.max()), ind.target_year)
            where = f" in {area!s}" if area else ""
            have = {int(y) for y in years}
            first = max(ind.baseline_year + 1, min(have))
            for y in range(first, last + 1):
                if y in have:
                    continue
                if y not in files:
                    by_file.setdefault(y, [])
                    if ind.id not in by_file[y]:
                        by_file[y].append(ind.id)
                    continue
                problems.append(
                    Problem(
                        str(files[y]),
                        None,
                        "indicator",
                        f"no row for {ind.id}{where}",
                        f"a row for {ind.id}{where} in every year from {first} to {last}: "
                        f"{ind.id} is cumulative, its annual amounts are summed from the "
                        f"baseline year {ind.baseline_year} (give 0 for a year "
                        "with nothing done)",
                    )
                )
    for y, ids in sorted(by_file.items()):
        problems.append(
            Problem(
                str(folder / f"{y}.csv"),
                None,
                None,
                f"no observation file for {y}",
                f"a file for {y}: the cumulative indicators {', '.join(ids)} sum their "
                "annual amounts every year from their baseline year (give 0 for a year with "
                "nothing done)",
            )
        )
    return problems


def baseline_gaps(
    obs: pd.DataFrame, plan: Plan, files: Mapping[int, Path], folder: Path
) -> list[Problem]:
    """A year missing between the first and the last observation file that is the baseline
    year of an indicator with a target figure and values: its completion (and, for the
    increase and growth kinds, its target) is measured from the baseline value, so every
    verdict would read "insufficient data" for a file left out.  (Data that simply begin after
    the baseline are no gap: the verdict and its note say so.)"""
    gap = set(missing_years(files))
    needs: dict[int, list[str]] = {}
    have = set(obs["indicator"])
    for ind in plan.indicators:
        if ind.baseline_year in gap and kind(ind.kind).has_target_value and ind.id in have:
            needs.setdefault(ind.baseline_year, []).append(ind.id)
    return [
        Problem(
            str(folder / f"{y}.csv"),
            None,
            None,
            f"no observation file for {y}",
            f"a file for {y}, the baseline year of {', '.join(ids)}: their completion (and "
            "an increase or growth target) is measured from the baseline value",
        )
        for y, ids in sorted(needs.items())
    ]


def series(obs: pd.DataFrame, indicator: str, area: str = "") -> dict[int, float]:
    """The values of one indicator in one area (``""`` = city), by year."""
    rows = obs[(obs["indicator"] == indicator) & (obs["area"] == area)]
    return dict(zip(rows["year"].astype(int), rows["value"].astype(float), strict=True))


def latest_year(obs: pd.DataFrame) -> int:
    """The latest data year: the default report year."""
    return int(obs["year"].max())
