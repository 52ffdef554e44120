"""The series an indicator is judged on: observations to values by year (A1, A2, A4, E2),
the running sum of annual amounts, the least-squares line, and the tolerance of B9.

Pure functions; notes on what the data left out are appended to the ``notes`` list passed in.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

__all__ = [
    "ABS_TOL",
    "REL_TOL",
    "city_rows",
    "clean",
    "close",
    "fmt",
    "ge",
    "join_notes",
    "line_at",
    "meets",
    "normalise",
    "running_sum",
    "series_of",
    "years_text",
]

#: differences smaller than this (relative) count as zero (B9)
REL_TOL = 1e-9
ABS_TOL = 1e-12


# --------------------------------------------------------------------------------------------
# Comparisons with the tolerance of B9, and words for the notes


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=ABS_TOL)


def ge(a: float, b: float) -> bool:
    """a >= b, with differences below the tolerance counted as equality (B9)."""
    return a >= b or close(a, b)


def meets(value: float, target: float, sign: int) -> bool:
    """d(value - target) >= 0."""
    return ge(sign * value, sign * target)


def years_text(ys: Iterable[int]) -> str:
    return ", ".join(str(y) for y in sorted(ys))


def fmt(x: float) -> str:
    return f"{x:g}"


def join_notes(notes: Sequence[str], more: Sequence[str] = ()) -> str:
    """The notes, then ``more``, each once, joined with "; "."""
    seen: list[str] = []
    for p in [*notes, *more]:
        if p not in seen:
            seen.append(p)
    return "; ".join(seen)


# --------------------------------------------------------------------------------------------
# One series


def clean(series: Mapping[int, float], horizon: int, notes: list[str]) -> dict[int, float]:
    """Finite values of years <= horizon, by year (A1, A2)."""
    out: dict[int, float] = {}
    bad: list[int] = []
    for key, raw in series.items():
        try:
            y = int(key)
        except (TypeError, ValueError):
            continue
        if y > horizon:
            continue
        try:
            v = float(raw)
        except (TypeError, ValueError):
            bad.append(y)
            continue
        if math.isnan(v):
            continue
        if math.isinf(v):
            bad.append(y)
            continue
        out[y] = v
    if bad:
        notes.append(f"non-numeric or infinite values of {years_text(bad)} ignored")
    return dict(sorted(out.items()))


def running_sum(annual: Mapping[int, float], t0: int, notes: list[str]) -> dict[int, float]:
    """Running sum of annual amounts from t0+1, with (t0, 0) (A4)."""
    out = {t0: 0.0}
    total = 0.0
    y = t0 + 1
    while y in annual:
        total += annual[y]
        out[y] = total
        y += 1
    left_out = [k for k in annual if k > y]
    if left_out:
        notes.append(
            f"no annual amount for {y}: the running sum stops at {y - 1}; "
            f"amounts of {years_text(left_out)} left out"
        )
    return out


def line_at(points: Mapping[int, float], x: int) -> float:
    """Least-squares line through the points, evaluated at x (needs >= 2 points)."""
    xs = list(points)
    ys = [points[k] for k in xs]
    n = len(xs)
    mx = sum(xs) / n
    my = sum(ys) / n
    sxx = sum((a - mx) ** 2 for a in xs)
    sxy = sum((a - mx) * (b - my) for a, b in zip(xs, ys, strict=True))
    slope = sxy / sxx
    return my + slope * (x - mx)


# --------------------------------------------------------------------------------------------
# The observations frame


def normalise(observations: pd.DataFrame) -> pd.DataFrame:
    """The observations with the columns the engine reads, typed; rows without a year dropped."""
    missing = [c for c in ("indicator", "year", "value") if c not in observations.columns]
    if missing and len(observations):
        raise ValueError(f"observations lack the column(s) {', '.join(missing)}")
    obs = observations.copy()
    for col in ("indicator", "year", "value", "area", "status"):
        if col not in obs.columns:
            obs[col] = pd.Series([None] * len(obs), index=obs.index, dtype=object)
    obs["area"] = obs["area"].map(lambda a: "" if a is None or a != a else str(a).strip())
    obs["indicator"] = obs["indicator"].astype(str)
    obs["year"] = pd.to_numeric(obs["year"], errors="coerce")
    obs["value"] = pd.to_numeric(obs["value"], errors="coerce")
    obs = obs[obs["year"].notna()].copy()
    obs["year"] = obs["year"].astype(int)
    return obs


def city_rows(city_code: str, observations: pd.DataFrame) -> pd.DataFrame:
    """The city's rows: ``area`` empty or the city's code."""
    obs = normalise(observations)
    city = {"", str(city_code or "")}
    return obs[obs["area"].isin(city)]


def series_of(rows: pd.DataFrame, notes: list[str]) -> dict[int, float]:
    """Values by year of one indicator and area; a repeated year keeps its last row (noted)."""
    rows = rows[rows["value"].notna()]
    dup = sorted(set(rows.loc[rows["year"].duplicated(keep=False), "year"].astype(int)))
    if dup:
        notes.append(f"several values for {years_text(dup)}: the last one used")
    return {int(y): float(v) for y, v in zip(rows["year"], rows["value"], strict=True)}
