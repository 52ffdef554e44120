"""The district comparison, 一区一表 (methodology section E)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from healthcheck.engine.series import meets, normalise, running_sum, series_of
from healthcheck.kinds import KINDS, Kind

if TYPE_CHECKING:
    from healthcheck.inputs.plan import District, Indicator, Plan

__all__ = ["DISTRICT_COLUMNS", "assess_districts"]

DISTRICT_COLUMNS: tuple[str, ...] = (
    "id", "area", "name_zh", "name_en", "zone", "year", "value", "target", "target_source",
    "gap", "meets", "rank", "note",
)  # fmt: skip


def _district_goal(ind: Indicator, kind: Kind | None) -> tuple[float | None, str]:
    """The city goal a district is compared with, and its source (E1): only for kinds whose
    target is a level a district can reach by itself (no running sum, not derived from the
    city's baseline value)."""
    goal = ind.goal
    level = (
        kind is not None
        and kind.has_target_value
        and not kind.running_sum
        and not kind.target_from_baseline
    )
    target = float(goal) if level and goal is not None else None
    source = "" if target is None else ("plan" if ind.target is not None else "analyst")
    return target, source


def _district_row(
    ind: Indicator, kind: Kind | None, d: District, sub: pd.DataFrame
) -> dict[str, Any] | None:
    """The district's latest value up to the report year, against the city goal; None if it
    has no value."""
    sign = 1 if ind.direction == "up" else -1
    target, source = _district_goal(ind, kind)
    notes: list[str] = []
    series = series_of(sub, notes)
    if kind is not None and kind.running_sum:
        series = running_sum(series, ind.baseline_year, notes)
        if max(series) == ind.baseline_year:
            return None
        notes.append(f"running sum {ind.baseline_year + 1}-{max(series)}")
    if not series:
        return None
    y = max(series)
    v = series[y]
    gap = None if target is None else sign * (v - target)
    return {
        "id": ind.id, "area": d.code, "name_zh": d.name_zh, "name_en": d.name_en,
        "zone": d.zone, "year": y, "value": v, "target": target,
        "target_source": source, "gap": gap,
        "meets": None if target is None else meets(v, target, sign),
        "rank": None, "note": "; ".join(notes),
    }  # fmt: skip


def assess_districts(plan: Plan, observations: pd.DataFrame, year: int) -> pd.DataFrame:
    """One row per (indicator, district of its scope) with a value up to ``year`` (E1, E2)."""
    obs = normalise(observations)
    obs = obs[(obs["year"] <= int(year)) & obs["value"].notna() & (obs["area"] != "")]
    # one group per (indicator, district): the frame is split once, not once per district
    groups = {key: rows for key, rows in obs.groupby(["indicator", "area"], sort=False)}
    rows: list[dict[str, Any]] = []
    for ind in plan.indicators:
        sign = 1 if ind.direction == "up" else -1
        kind = KINDS.get(ind.kind)
        found = [
            row
            for d in plan.districts_of(ind)
            if (ind.id, d.code) in groups
            and (row := _district_row(ind, kind, d, groups[(ind.id, d.code)])) is not None
        ]
        if found:
            keys = pd.Series([sign * r["value"] for r in found])
            ranks = keys.rank(method="min", ascending=False).astype(int)
            for r, k in zip(found, ranks, strict=True):
                r["rank"] = int(k)
        rows += found
    df = pd.DataFrame(rows, columns=list(DISTRICT_COLUMNS))
    df["year"] = df["year"].astype("Int64")
    df["rank"] = df["rank"].astype("Int64")
    for col in ("value", "target", "gap"):
        df[col] = pd.to_numeric(df[col], errors="coerce").astype(float)
    df["meets"] = df["meets"].astype("boolean")
    return df
