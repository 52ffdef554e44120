"""The rows a notebook hands the report: one per indicator, one per (indicator, district).

Provenance comes from :mod:`healthcheck.inputs.status` only, the kind's words from
:mod:`healthcheck.kinds`; nothing here decides either again.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import pandas as pd

from healthcheck.inputs import status
from healthcheck.inputs.plan import Indicator, Plan
from healthcheck.kinds import kind
from healthcheck.notebook.display import records
from healthcheck.results import DistrictRow, IndicatorRow, jsonable
from healthcheck.text import finite, value_text

__all__ = [
    "on_track_threshold",
    "city_points",
    "district_rows",
    "district_statuses",
    "illustrative_years",
    "indicator_row",
    "target_words",
]

#: the IndicatorRow fields copied from the assessment row as they are
_ASSESSED = (
    "baseline_year",
    "target_year",
    "year",
    "value",
    "baseline",
    "target_value",
    "completion",
    "time_elapsed",
    "schedule_gap",
    "international_category",
    "projected_value",
    "anticipated_completion",
    "likely_met",
    "done_year",
)


def on_track_threshold(method: Mapping[str, Any]) -> float | None:
    """The framework's threshold of "on track" (the first of its ``thresholds_target``, Open
    SDG's 0.95), which the sentences name; None for a framework without one."""
    found = method.get("thresholds_target")
    return float(found[0]) if isinstance(found, list | tuple) and found else None


def city_points(obs: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """The city's observations of one series (an indicator or a context series): year, value,
    status, by year."""
    rows = obs[(obs["indicator"] == indicator) & (obs["area"] == "")]
    return rows.loc[:, ["year", "value", "status"]].sort_values("year").reset_index(drop=True)


def illustrative_years(
    ind: Indicator, points: pd.DataFrame, row: Mapping[str, Any], report_year: int
) -> list[int]:
    """The years of the illustrative values the verdict of ``row`` rests on (the value's year,
    or the report year where the assessment found none)."""
    value_year = int(row.get("year") or report_year)
    return status.illustrative_years(ind, points, value_year)


def target_words(ind: Indicator, row: Mapping[str, Any], lang: Literal["zh", "en"]) -> str:
    """The target as the report prints it: the kind's words ("逐年提升", "done by 2025"), or the
    target value with its unit ("—" where there is none)."""
    words = kind(ind.kind).target_words(ind.target_year, lang)
    if words is not None:
        return words
    value = finite(row.get("target_value"))
    return "—" if value is None else value_text(value, ind, lang)  # the indicator's decimals


def indicator_row(
    ind: Indicator,
    row: Mapping[str, Any],
    *,
    report_year: int,
    points: pd.DataFrame,
    sentences: tuple[str, str],
    figure: str | None = None,
) -> IndicatorRow:
    """The results row of one indicator: ``row`` is its assessment (``assess_plan`` columns,
    missing values as None), ``points`` its city series."""
    years = illustrative_years(ind, points, row, report_year)
    k = kind(ind.kind)
    clean = jsonable(dict(row))
    return IndicatorRow(
        id=ind.id,
        domain=ind.domain,
        kind=ind.kind,
        direction=ind.direction,
        name_zh=ind.name_zh,
        name_en=ind.name_en,
        unit_zh=ind.unit_zh,
        unit_en=ind.unit_en,
        clause=ind.clause,
        kind_zh=k.label_zh,
        kind_en=k.label_en,
        target_zh=target_words(ind, row, "zh"),
        target_en=target_words(ind, row, "en"),
        target_text_zh=ind.target_text_zh,
        analysts_threshold=ind.goal_is_analysts,
        threshold_note_zh=ind.threshold_note_zh,
        threshold_note_en=ind.threshold_note_en,
        report_year=int(clean.get("report_year") or report_year),
        target_source=clean.get("target_source") or "",
        schedule_verdict=clean.get("schedule_verdict") or "insufficient_data",
        note=clean.get("note") or "",
        assessment=clean,
        value_status=clean.get("value_status"),
        illustrative=bool(years),
        illustrative_years=years,
        sentence_zh=sentences[0],
        sentence_en=sentences[1],
        figure=figure,
        **{name: clean.get(name) for name in _ASSESSED},
    )


def district_statuses(ind: Indicator, districts: pd.DataFrame, obs: pd.DataFrame) -> dict[str, str]:
    """District code -> ``"illustrative"`` if the district's figure rests on an illustrative
    value, else ``"official"`` (how the maps and rankings style a district)."""
    rows = districts[districts["id"] == ind.id]
    return {
        str(area): status.ILLUSTRATIVE
        if status.district_illustrative(ind, obs, str(area), int(year))
        else "official"
        for area, year in zip(rows["area"], rows["year"], strict=True)
    }


def district_rows(plan: Plan, districts: pd.DataFrame, obs: pd.DataFrame) -> list[DistrictRow]:
    """One row per (indicator, district) of the framework's district table, with the number
    of districts ranked for the indicator (``of``) and its provenance."""
    out = []
    recs = records(districts)
    ranked: dict[str, int] = {}
    for r in recs:
        if r["rank"] is not None:
            ranked[r["id"]] = ranked.get(r["id"], 0) + 1
    for r in recs:
        ind = plan.indicator(r["id"])
        illus = r["year"] is not None and status.district_illustrative(
            ind, obs, str(r["area"]), int(r["year"])
        )
        clean = jsonable(r)
        clean["note"] = clean.get("note") or ""
        clean["zone"] = clean.get("zone") or ""
        clean["target_source"] = clean.get("target_source") or ""
        out.append(DistrictRow(**clean, of=ranked.get(r["id"], 0), illustrative=illus))
    return out
