"""Figures and tables of the results as the templates print them.

A shortfall's figure is drawn once, in the 问题清单, and its domain chapter refers to it by
number and page (each drawing costs the PDF 20-60 KB and WeasyPrint 0.2-0.4 s).  A notebook
table is printed as :mod:`healthcheck.report.context.tabular` says (key columns, typed cells,
the full table named by its workbook sheet).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from healthcheck.inputs.plan import Plan
from healthcheck.layout import SUMMARY
from healthcheck.report.context import tabular
from healthcheck.report.context.tabular import MAX_TABLE_COLUMNS, MAX_TABLE_ROWS, tidy_cell
from healthcheck.results.model import DomainResults, Figure, IndicatorRow, Table
from healthcheck.results.store import FileStore

__all__ = [
    "COLUMN_LABELS",
    "HALF_WIDTH_MM",
    "MAX_TABLE_COLUMNS",
    "MAX_TABLE_ROWS",
    "column_label",
    "figure_view",
    "indicator_figure",
    "table_view",
    "tidy_cell",
]

#: figures at most this wide (mm, at their natural size) sit two to a row
HALF_WIDTH_MM = 100.0

_SVG_SIZE = re.compile(rb"<svg\b[^>]*?\bwidth=\"([0-9.]+)\s*(pt|px|mm|cm|in)?\"", re.S)
_TO_MM = {b"pt": 25.4 / 72, b"px": 25.4 / 96, b"mm": 1.0, b"cm": 10.0, b"in": 25.4, None: 25.4 / 96}


def rel_folder(name: str) -> str:
    """The results folder of ``name`` relative to the year folder (figure URLs)."""
    return SUMMARY if name == SUMMARY else f"domains/{name}"


def _figure_width_mm(path: Path) -> float | None:
    """The natural width of an SVG figure in millimetres (None if unknown or not SVG)."""
    if path.suffix.lower() != ".svg":
        return None
    with path.open("rb") as fh:
        head = fh.read(4096)
    match = _SVG_SIZE.search(head)
    if not match:
        return None
    return float(match.group(1)) * _TO_MM[match.group(2)]


def figure_view(
    fig: Figure, store: FileStore, name: str, plan: Plan, number: str
) -> dict[str, Any]:
    """A figure of the results folder ``name``, numbered ``number``."""
    resolved = store.file(name, fig.path)
    if fig.kind == "map":
        if plan.map_approval:
            map_zh, map_en = (
                f"审图号：{plan.map_approval}",
                f"map approval number {plan.map_approval}",
            )
        else:
            map_zh, map_en = "示意图", "schematic map"
    else:
        map_zh = map_en = ""
    width = _figure_width_mm(resolved)
    half = fig.kind == "indicator" and width is not None and width <= HALF_WIDTH_MM
    return {
        "id": fig.id, "url": f"{rel_folder(name)}/{fig.path}", "kind": fig.kind,
        "indicator": fig.indicator, "caption_zh": fig.caption_zh, "caption_en": fig.caption_en,
        "illustrative": fig.illustrative, "origin": fig.origin,
        "map_zh": map_zh, "map_en": map_en, "number": number,
        "layout": "half" if half else "full",
        "width_mm": None if half or width is None else round(width, 1),
        "natural_mm": None if width is None else round(width, 1),
        "sentence_zh": "", "sentence_en": "", "text": [],
        "same_as": None, "moved_to": None,
    }  # fmt: skip


def indicator_figure(results: DomainResults, row: IndicatorRow) -> Figure | None:
    """The figure of an indicator: the domain's indicator figure of it, else the one its row
    names."""
    for fig in results.figures:
        if fig.kind == "indicator" and fig.indicator == row.id:
            return fig
    if row.figure is not None:
        return next(f for f in results.figures if f.id == row.figure)
    return None


#: bilingual headers for the column names the notebooks' tables use
COLUMN_LABELS: dict[str, str] = {
    "year": "年份 Year", "id": "编号 ID", "name_zh": "指标 Indicator",
    "name_en": "Indicator (English)", "domain": "领域 Domain", "completion": "完成率 Completion",
    "time_elapsed": "时序进度 Time elapsed", "schedule_gap": "进度差 Schedule gap",
    "schedule_verdict": "时序判定 Schedule verdict", "verdict": "判定 Verdict",
    "count": "个数 Count", "share": "占比 Share", "total": "合计 Total",
    "system": "判定体系 System", "status": "数据状态 Status",
    "illustrative": "示意数据 Illustrative", "annual": "年度完成量 Annual amount",
    "running_sum": "累计 Running sum", "population_10k": "常住人口（万人）Population (10k)",
    "beds_per_1000": "每千人床位 Beds per 1000", "beds_implied": "推算床位数 Implied beds",
    "row": "类别 Kind of row",
    "value": "数值 Value", "target": "目标 Target", "target_value": "目标值 Target",
    "baseline": "基期值 Baseline", "baseline_year": "基期 Baseline year",
    "gap": "差距 Gap", "meets": "达标 Meets", "rank": "排名 Rank",
    "zone_zh": "范围 Zone", "city_value": "全市值 City value", "city_year": "全市值年份 Year",
    "districts": "区数 Districts", "districts_meeting": "达标区数 Meeting",
    "worst_district_zh": "最差的区 Worst district", "worst_value": "最差值 Worst value",
    "median": "中位数 Median", "pace_so_far": "迄今年均 Pace so far",
    "pace_needed": "所需年均 Pace needed", "pace_needed_from_now": "今后所需年均 Needed from now",
    "so_far_share_of_needed": "迄今/所需 So far / needed",
    "from_now_share_of_needed": "今后/所需 From now / needed",
    "cagr_observed": "年均增速 Growth", "cagr_required": "所需增速 Required growth",
    "cagr_required_from_now": "今后所需增速 Required from now",
    "level_vs_baseline": "相对基期 vs baseline", "flow": "流量指标 Flow",
    "pre_baseline_year": "基期前年份 Pre-baseline year",
    "pre_baseline_value": "基期前数值 Pre-baseline value",
    "level_vs_pre_baseline": "相对基期前 vs pre-baseline",
}  # fmt: skip


def column_label(name: str, plan: Plan | None = None) -> str:
    """A table header in both languages: a known column, an indicator id with its name, or
    the name as it is."""
    if name in COLUMN_LABELS:
        return COLUMN_LABELS[name]
    if plan is not None:
        try:
            ind = plan.indicator(name)
        except KeyError:
            return name
        return f"{ind.id} {ind.name_zh}"
    return name


def _header(table: Table, name: str, plan: Plan) -> str:
    """A column's header: the table's own labels, else the report's label for the name (in
    a table of districts, ``name_zh`` names the district)."""
    for col in table.columns:
        if col.name == name and (col.label_zh or col.label_en):
            return " ".join(x for x in (col.label_zh, col.label_en) if x)
    if name == "name_zh" and any(c.name == "area" for c in table.columns):
        return "区 District"
    return column_label(name, plan)


def table_view(
    table: Table, store: FileStore, name: str, number: str, plan: Plan
) -> dict[str, Any]:
    """A notebook table for print (:func:`healthcheck.report.context.tabular.table_view`)."""
    return tabular.table_view(table, store, name, number, plan, _header)
