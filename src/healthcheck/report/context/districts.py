"""一区一表: each district's rows, from the domains' ``districts`` results."""

from __future__ import annotations

from typing import Any

import pandas as pd

from healthcheck.kinds import kind
from healthcheck.report.context.base import Report
from healthcheck.report.context.formatting import signed_value, value
from healthcheck.report.outlines import Part
from healthcheck.results.model import DistrictRow
from healthcheck.text import fmt_value
from healthcheck.text.numbers import indicator_decimals

__all__ = [
    "district_comparison",
    "district_rows",
    "district_sentence",
    "district_table",
    "district_views",
    "districts",
]


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
    row = report.results.rows[r.id]
    unit = report.plan.indicator(r.id)
    return {
        "id": r.id, "name_zh": row.name_zh, "name_en": row.name_en,
        "value_zh": value(unit, r.value, "zh"), "value_en": value(unit, r.value, "en"),
        "year": r.year,
        "target_zh": value(unit, r.target, "zh") if r.target is not None else "—",
        "target_en": value(unit, r.target, "en") if r.target is not None else "—",
        "analysts": r.target_source == "analyst",
        "gap_zh": signed_value(unit, r.gap, "zh"), "gap_en": signed_value(unit, r.gap, "en"),
        "meets": r.meets, "rank": r.rank, "of": r.of,
        "illustrative": r.illustrative,
        "short": _short(unit, r.value),
    }  # fmt: skip


def _short(unit: Any, x: float | None) -> str:
    """A value without its unit (the comparison table names the unit once, in its header);
    a percentage keeps its sign."""
    if x is None or kind(unit.kind).family == "milestone":
        return value(unit, x, "zh")
    pct = "%" if unit.unit_zh.strip() == "%" else ""
    return fmt_value(x, pct, pct, "zh", indicator_decimals(unit))


def _ids(rows: list[dict[str, Any]]) -> tuple[str, str]:
    return "、".join(r["id"] for r in rows), ", ".join(r["id"] for r in rows)


def district_sentence(rows: list[dict[str, Any]]) -> tuple[str, str]:
    """What stands out for a district, from its rows: the targets it meets, the indicators
    where it ranks first and where it ranks last among the districts."""
    judged = [r for r in rows if r["meets"] is not None]
    best = [r for r in rows if r["rank"] == 1 and r["of"] > 1]
    worst = [r for r in rows if r["rank"] and r["of"] > 1 and r["rank"] == r["of"]]
    zh, en = [], []
    if judged:
        met, n = sum(1 for r in judged if r["meets"]), len(judged)
        if met == 0:
            zh.append(f"与全市目标比较的{n}项指标均未达标")
            en.append(f"meets none of the {n} city targets it is compared with")
        elif met == n:
            zh.append(f"与全市目标比较的{n}项指标全部达标")
            en.append(f"meets all {n} city targets it is compared with")
        else:
            zh.append(f"与全市目标比较的{n}项指标中达标{met}项")
            en.append(f"meets {met} of the {n} city targets it is compared with")
    if best:
        ids = _ids(best)
        zh.append(f"{ids[0]}在各区中排名第一")
        en.append(f"ranks first among the districts in {ids[1]}")
    if worst:
        ids = _ids(worst)
        zh.append(f"{ids[0]}排名末位")
        en.append(f"ranks last in {ids[1]}")
    if not zh:
        return "", ""
    if not best and not worst:
        zh.append("没有排名第一或末位的指标")
        en.append("ranks neither first nor last in any indicator")
    return "；".join(zh) + "。", "It " + "; ".join(en) + "."


def district_comparison(report: Report, views: list[dict[str, Any]]) -> dict[str, Any]:
    """Districts × indicators: each district's value (and whether it meets the target), with
    the city value and the target of each indicator."""
    ids = list(dict.fromkeys(r["id"] for d in views for r in d["rows"]))
    columns = []
    for i in ids:
        row = report.results.rows[i]
        ind = report.plan.indicator(i)
        view = report.views.get(i, {})
        columns.append({
            "id": i, "name_zh": row.name_zh, "name_en": row.name_en,
            "unit_zh": "" if row.unit_zh.strip() == "%" else row.unit_zh,
            "unit_en": "" if row.unit_en.strip() == "%" else row.unit_en,
            "city_zh": value(ind, row.value, "zh"), "city_en": value(ind, row.value, "en"),
            "target_zh": view.get("target_zh", "—"), "target_en": view.get("target_en", "—"),
        })  # fmt: skip
    lines = []
    for d in views:
        by_id = {r["id"]: r for r in d["rows"]}
        lines.append({"code": d["code"], "name_zh": d["name_zh"], "name_en": d["name_en"],
                      "cells": [by_id.get(i) for i in ids]})  # fmt: skip
    every = [r for d in views for r in d["rows"]]
    return {"columns": columns, "lines": lines,
            "all_illustrative": bool(every) and all(r["illustrative"] for r in every)}  # fmt: skip


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
            "sentence": district_sentence(mine),
        })  # fmt: skip
    return views


def districts(report: Report, part: Part) -> dict[str, Any]:
    views = district_views(report)
    return {
        "ch_districts": report.chapter_of[part.key],
        "districts": views,
        "has_districts": any(d["rows"] for d in views),
        "comparison": district_comparison(report, views),
    }
