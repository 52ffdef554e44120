"""What the notebook shows: displays that do nothing outside IPython, and the assessment as a
bilingual table with formatted cells."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from healthcheck.inputs.plan import Plan
from healthcheck.text import fmt_percent, fmt_pp, label

__all__ = ["display_table", "in_ipython", "markdown", "records", "show", "svg"]


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as plain dicts with None for every missing value (NaN, <NA>, NaT)."""
    out = []
    for row in frame.astype(object).to_dict("records"):
        out.append({str(k): (None if _missing(v) else v) for k, v in row.items()})
    return out


def _missing(v: Any) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    return isinstance(v, float) and math.isnan(v)


def in_ipython() -> bool:
    """Whether this runs in an IPython kernel (a notebook), not in a test or a script."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - ipykernel is a dependency
        return False
    return get_ipython() is not None


def show(*objs: Any) -> None:
    """Display in a notebook; do nothing elsewhere (tests, scripts)."""
    if not in_ipython():
        return
    from IPython.display import display

    for obj in objs:
        if obj is not None:
            display(obj)


def svg(data: bytes) -> Any:
    """An SVG figure to display (None outside IPython)."""
    if not in_ipython():
        return None
    from IPython.display import SVG

    return SVG(data=data)


def markdown(zh: str, en: str) -> Any:
    """Two paragraphs, Chinese then English, to display (None outside IPython)."""
    if not in_ipython():
        return None
    from IPython.display import Markdown

    return Markdown(f"{zh}\n\n{en}")


def _fmt(x: Any, digits: int = 4, like: Any = None) -> str:
    """A number for the notebook's table: about ``digits`` significant figures, but at least
    the decimals of ``like`` (the target), and more where needed to tell the two apart."""
    if _missing(x):
        return "—"
    v = float(x)
    if not _missing(like):
        t = float(like)
        dec = len(f"{t:.6f}".rstrip("0").split(".")[1]) if "." in f"{t:.6f}".rstrip("0") else 0
        if dec > 2 or (abs(v) < 1000 and f"{v:.{dec}f}" == f"{t:.{dec}f}" and v != t):
            while dec < 6 and v != t and f"{v:.{dec}f}" == f"{t:.{dec}f}":
                dec += 1
            return f"{v:,.{dec}f}"
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    return f"{v:.{digits}g}"


def display_table(plan: Plan, full: pd.DataFrame) -> pd.DataFrame:
    """The assessment as the notebook shows it: bilingual headers, formatted cells."""
    out = []
    for r in records(full):
        ind = plan.indicator(r["id"])
        star = "*" if ind.goal_is_analysts else ""
        cat = r["international_category"]
        out.append(
            {
                "编号 ID": r["id"],
                "指标 Indicator": f"{ind.name_zh} {ind.name_en}",
                "单位 Unit": f"{ind.unit_zh} {ind.unit_en}".strip()
                if ind.unit_zh != ind.unit_en
                else ind.unit_zh,
                "基线 Baseline": _fmt(r["baseline"], like=r["target_value"]),
                "现值 Value": (
                    ("已完成 done" if r["value"] == 1 else "未完成 not yet") + f" ({r['year']})"
                    if r["kind"] == "milestone" and r["year"]
                    else f"{_fmt(r['value'], like=r['target_value'])} ({r['year']})"
                    if r["year"]
                    else "—"
                ),
                "示意 Illustr.": "是 yes" if r["illustrative"] else "",
                "目标 Target": _fmt(r["target_value"], 6) + star,
                "完成率 Completion": fmt_percent(r["completion"], "en"),
                "时序进度 Time elapsed": fmt_percent(r["time_elapsed"], "en"),
                "进度差 Gap": fmt_pp(r["schedule_gap"], "en"),
                "时序判定 Schedule": f"{r['schedule_verdict_zh']} {r['schedule_verdict_en']}",
                "年均增速 实际/所需 CAGR obs./req.": (
                    f"{fmt_percent(r['cagr_observed'], 'en')} / "
                    f"{fmt_percent(r['cagr_required'], 'en')}"
                ),
                "年均增速对比 Trajectory": f"{label('category', cat, 'zh')} "
                f"{label('category', cat, 'en')}"
                if cat
                else "—",
            }
        )
    return pd.DataFrame(out)
