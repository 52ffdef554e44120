"""The assessment as text: CSV, JSON, and a bilingual table for the terminal."""

from __future__ import annotations

import json
import math
import unicodedata
from collections.abc import Mapping

import pandas as pd

from healthcheck.inputs.plan import Plan
from healthcheck.spreadsheet import csv_safe
from healthcheck.text import fmt_percent, fmt_pp, label

__all__ = ["assessment_csv", "assessment_json", "assessment_table", "display_width"]


def assessment_csv(table: pd.DataFrame) -> str:
    """One row per indicator; fractions as fractions (0.6 = 60 %); a text that a spreadsheet
    would read as a formula with ``'`` before it (:mod:`healthcheck.spreadsheet`)."""
    return csv_safe(table).to_csv(index=False, float_format="%.6g")


def assessment_json(table: pd.DataFrame) -> str:
    """One object per indicator; empty values as null."""
    records = [_json_safe(r) for r in table.to_dict("records")]
    return json.dumps(records, ensure_ascii=False, indent=1) + "\n"


def _json_safe(value: object) -> object:
    """NaN, infinities, <NA> and NaT -> None; numpy scalars -> Python; recursively."""
    if isinstance(value, Mapping):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is pd.NaT or value is pd.NA:
        return None
    return value


def display_width(text: str) -> int:
    """Terminal columns a string takes (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _fit(text: str, width: int) -> str:
    out, used = "", 0
    for ch in text:
        w = display_width(ch)
        if used + w > width:
            return out[:-1] + "…" + " " * (width - used) if out else ""
        out, used = out + ch, used + w
    return out + " " * (width - used)


def _num(x: object) -> str:
    """Up to six significant figures, thousands grouped, no exponent: 99.9991 stays 99.9991."""
    if x is None or (isinstance(x, float) and pd.isna(x)):
        return "—"
    v = float(x)  # type: ignore[arg-type]
    text = f"{v:,.6g}" if abs(v) < 1e6 else f"{v:,.0f}"
    if "e" in text:
        text = f"{v:,.0f}"
    return text


def assessment_table(plan: Plan, table: pd.DataFrame, year: int, width: int = 160) -> str:
    """A readable bilingual table: one line per indicator, then the verdict counts."""
    cols = [
        ("id", "编号 ID", 7),
        ("name", "指标 Indicator", 0),
        ("year", "年份 Year", 9),
        ("value", "现值 Value", 11),
        ("target_value", "目标 Target", 11),
        ("completion", "完成率 Compl.", 13),
        ("schedule_gap", "进度差 Gap", 11),
        ("verdict", "时序判定 Schedule", 30),
        ("category", "增速对比 Trajectory", 30),
    ]
    fixed = sum(w + 2 for _, _, w in cols)
    name_w = max(16, min(40, width - fixed))
    cols = [(k, h, w or name_w) for k, h, w in cols]
    title = (
        f"{plan.city_zh} {year} 年城市体检：规划目标差距评估 / {plan.city_en} {year} "
        f"health check: gaps against the plan's targets"
    )
    lines = [title, ""]
    lines.append("  ".join(_fit(h, w) for _, h, w in cols).rstrip())
    lines.append("  ".join("─" * w for _, _, w in cols))
    for dom in plan.domains:
        rows = table[table["domain"] == dom.id]
        if rows.empty:
            continue
        lines.append(f"【{dom.title_zh} {dom.title_en}】")
        for r in rows.to_dict("records"):
            ind = plan.indicator(r["id"])
            cells = {
                "id": r["id"],
                "name": f"{ind.name_zh} {ind.name_en}",
                "year": "—" if pd.isna(r["year"]) else str(int(r["year"])),
                "value": _num(r["value"]),
                "target_value": _num(r["target_value"]) + ("*" if ind.goal_is_analysts else ""),
                "completion": fmt_percent(r["completion"], "en"),
                "schedule_gap": fmt_pp(r["schedule_gap"], "en"),
                "verdict": f"{label('verdict', r['schedule_verdict'], 'zh')} "
                f"{label('verdict', r['schedule_verdict'], 'en')}",
                "category": f"{label('category', r['international_category'], 'zh')} "
                f"{label('category', r['international_category'], 'en')}"
                if r["international_category"]
                else "—",
            }
            lines.append("  ".join(_fit(cells[k], w) for k, _, w in cols).rstrip())
    counts = table["schedule_verdict"].value_counts()
    lines.append("")
    lines.append(
        "合计 Total: "
        + "; ".join(
            f"{label('verdict', str(k), 'zh')} {label('verdict', str(k), 'en')} {v}"
            for k, v in counts.items()
        )
    )
    if any(i.goal_is_analysts for i in plan.indicators):
        lines.append(
            "* 分析组设定的阈值（规划未给出数值） / analysts' threshold: the plan gives no figure"
        )
    return "\n".join(lines) + "\n"
