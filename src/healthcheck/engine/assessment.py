"""One assessment per indicator: :class:`Assessment`, :func:`assess_series` (one series) and
:func:`assess_plan` (every indicator of the plan, from the city's observations).

The verdict family comes from the indicator's kind in :data:`healthcheck.kinds.KINDS`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any

import pandas as pd

from healthcheck.engine.schedule import FAMILIES, Case
from healthcheck.engine.series import city_rows, clean, series_of, years_text
from healthcheck.kinds import KINDS

if TYPE_CHECKING:
    from healthcheck.inputs.plan import Indicator, Plan

__all__ = [
    "ASSESSMENT_COLUMNS",
    "PLAN_EXTRA_COLUMNS",
    "Assessment",
    "assess_plan",
    "assess_series",
]


@dataclass(frozen=True)
class Assessment:
    """One indicator in one report year: both verdicts and every input of them."""

    id: str
    domain: str
    kind: str
    direction: str
    year: int | None = None
    value: float | None = None
    baseline: float | None = None
    target_value: float | None = None
    completion: float | None = None
    time_elapsed: float | None = None
    schedule_gap: float | None = None
    schedule_verdict: str = "insufficient_data"
    international_category: str | None = None
    projected_value: float | None = None
    report_year: int | None = None
    baseline_year: int | None = None
    target_year: int | None = None
    target_source: str = ""
    added: float | None = None
    cagr_observed: float | None = None
    cagr_required: float | None = None
    cagr_ratio: float | None = None
    intl_base_year: int | None = None
    intl_base_value: float | None = None
    intl_target: float | None = None
    intl_measure: float | None = None
    intl_method: str = ""
    projected_linear: float | None = None
    projected_cagr: float | None = None
    anticipated_completion: float | None = None
    likely_met: bool | None = None
    previous_year: int | None = None
    previous_value: float | None = None
    done_year: int | None = None
    completion_meaningful: bool | None = None
    distance: float | None = None
    distance_share: float | None = None
    distance_class: str | None = None
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        """The assessment as a row: keys in :data:`ASSESSMENT_COLUMNS` order, None if empty."""
        return {name: getattr(self, name) for name in ASSESSMENT_COLUMNS}


#: CSV column order of :func:`assess_plan` (``assess_plan`` appends ``value_status``)
ASSESSMENT_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(Assessment))
PLAN_EXTRA_COLUMNS: tuple[str, ...] = ("value_status",)

_INT_COLUMNS = (
    "year",
    "report_year",
    "baseline_year",
    "target_year",
    "intl_base_year",
    "previous_year",
    "done_year",
)
_FLOAT_COLUMNS = (
    "value",
    "baseline",
    "target_value",
    "completion",
    "time_elapsed",
    "schedule_gap",
    "projected_value",
    "added",
    "cagr_observed",
    "cagr_required",
    "cagr_ratio",
    "intl_base_value",
    "intl_target",
    "intl_measure",
    "projected_linear",
    "projected_cagr",
    "anticipated_completion",
    "previous_value",
    "distance",
    "distance_share",
)


def assess_series(indicator: Indicator, series: Mapping[int, float], year: int) -> Assessment:
    """Assess one indicator on its city-level series (values by data year) for ``year``.

    For cumulative targets ``series`` holds the annual amounts; for every other kind the level
    (1/0 for milestones).  Only years up to min(year, target year) are used (A1).
    """
    ind = indicator
    t0, T = int(ind.baseline_year), int(ind.target_year)
    year = int(year)
    sign = 1 if ind.direction == "up" else -1
    horizon = min(year, T)
    notes: list[str] = []
    every = clean(series, year, notes)
    later = [y for y in every if y > horizon]
    if later:
        notes.append(f"values after the target year {T} ({years_text(later)}) not used")
    obs = {y: v for y, v in every.items() if y <= horizon}
    common: dict[str, Any] = {
        "id": ind.id, "domain": ind.domain, "kind": ind.kind, "direction": ind.direction,
        "report_year": year, "baseline_year": t0, "target_year": T,
    }  # fmt: skip
    if t0 >= T:
        notes.append(f"target year {T} not after the baseline year {t0}: not assessed")
        return Assessment(**common, note="; ".join(notes))
    kind = KINDS.get(ind.kind)
    if kind is None:
        notes.append(f"unknown kind {ind.kind!r}: not assessed")
        return Assessment(**common, note="; ".join(notes))
    case = Case(ind, kind, common, obs, notes, t0, T, sign, year >= T)
    return Assessment(**FAMILIES[kind.family](case))


def assess_plan(plan: Plan, observations: pd.DataFrame, year: int) -> pd.DataFrame:
    """One row per plan indicator (plan order) for report ``year``, from the city's rows.

    City rows are those whose ``area`` is empty (or the city's code).  Columns:
    :data:`ASSESSMENT_COLUMNS`, then ``value_status`` (the status of the observation behind
    ``value``; for cumulative targets, of the latest annual amount summed).
    """
    city = city_rows(plan.city_code, observations)
    rows: list[dict[str, Any]] = []
    for ind in plan.indicators:
        sub = city[city["indicator"] == ind.id]
        extra: list[str] = []
        a = assess_series(ind, series_of(sub, extra), year)
        if extra:
            a = replace(a, note="; ".join([*extra, a.note] if a.note else extra))
        row = a.as_dict()
        status = None
        if a.year is not None and "status" in sub.columns:
            st = sub.loc[(sub["year"] == a.year) & sub["value"].notna(), "status"]
            if len(st) and isinstance(st.iloc[-1], str):
                status = st.iloc[-1]
        row["value_status"] = status
        rows.append(row)
    return _typed(pd.DataFrame(rows, columns=[*ASSESSMENT_COLUMNS, *PLAN_EXTRA_COLUMNS]))


def _typed(df: pd.DataFrame) -> pd.DataFrame:
    for col in _INT_COLUMNS:
        df[col] = df[col].astype("Int64")
    for col in _FLOAT_COLUMNS:
        df[col] = pd.to_numeric(df[col], errors="coerce").astype(float)
    df["likely_met"] = df["likely_met"].astype("boolean")
    df["completion_meaningful"] = df["completion_meaningful"].astype("boolean")
    return df
