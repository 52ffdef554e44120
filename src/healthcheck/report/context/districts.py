"""一区一表: each district's rows, from the domains' ``districts`` results."""

from __future__ import annotations

from typing import Any

import pandas as pd

from healthcheck.report.context.base import Report
from healthcheck.report.context.formatting import signed_value, value
from healthcheck.report.outlines import Part
from healthcheck.results.model import DistrictRow

__all__ = ["district_rows", "district_table", "district_views", "districts"]


def district_rows(report: Report) -> list[DistrictRow]:
    """Every district row of the domains' results, in plan order of the indicators."""
    order = {i.id: k for k, i in enumerate(report.plan.indicators)}
    rows = [r for res in report.results.domains for r in res.districts if r.id in order]
    return sorted(rows, key=lambda r: order[r.id])


def district_table(report: Report) -> pd.DataFrame:
    """The district rows as one table (the CSV and the workbook)."""
    columns = list(DistrictRow.model_fields)
    return pd.DataFrame([r.model_dump() for r in district_rows(report)], columns=columns)


def _row(report: Report, r: DistrictRow) -> dict[str, Any]:
    unit = report.results.rows[r.id]
    return {
        "id": r.id, "name_zh": unit.name_zh, "name_en": unit.name_en,
        "value_zh": value(unit, r.value, "zh"), "value_en": value(unit, r.value, "en"),
        "year": r.year,
        "target_zh": value(unit, r.target, "zh") if r.target is not None else "—",
        "target_en": value(unit, r.target, "en") if r.target is not None else "—",
        "analysts": r.target_source == "analyst",
        "gap_zh": signed_value(unit, r.gap, "zh"), "gap_en": signed_value(unit, r.gap, "en"),
        "meets": r.meets, "rank": r.rank, "of": r.of,
        "illustrative": r.illustrative,
    }  # fmt: skip


def district_views(report: Report) -> list[dict[str, Any]]:
    """One view per district of the plan, with its rows."""
    plan = report.plan
    rows = district_rows(report)
    views = []
    for d in plan.districts:
        mine = [_row(report, r) for r in rows if r.area == d.code]
        judged = [r for r in mine if r["meets"] is not None]
        zone = plan.zones.get(d.zone, (d.zone, d.zone))
        views.append({
            "code": d.code, "name_zh": d.name_zh, "name_en": d.name_en,
            "zone_zh": zone[0], "zone_en": zone[1],
            "rows": mine, "meets": sum(1 for r in judged if r["meets"]), "judged": len(judged),
            "illustrative": any(r["illustrative"] for r in mine),
        })  # fmt: skip
    return views


def districts(report: Report, part: Part) -> dict[str, Any]:
    views = district_views(report)
    return {
        "ch_districts": report.chapter_of[part.key],
        "districts": views,
        "has_districts": any(d["rows"] for d in views),
    }
