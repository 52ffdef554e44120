"""The 问题清单 and the 整治建议清单 of the national check (the manual's 附件四 and 附件五),
built from the ledger (住房, 小区（社区）, 街区) and from the grades and the analysts' findings
(城区).

A ledger indicator enters the 问题清单 when the ledger has a record of it (its count is the
体检结果; the problems found are quoted, at most :data:`QUOTED` distinct texts, with how many
records and units); a 城区 indicator when it is graded 一般 or 不足 (存在问题: the analysts'
cause where they gave one, else the grade's reason).  The 整治建议清单 has one row per
indicator, recommendation, class and responsible unit of the ledger (整治区域: the 社区 named),
and one per finding of a 城区 indicator (整治区域: the city).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from healthcheck.inputs.findings import FindingRow
from healthcheck.inputs.status import is_illustrative

__all__ = ["PROBLEM_COLUMNS", "QUOTED", "REMEDY_COLUMNS", "problem_list", "remedy_list"]

#: 问题清单 (附件四): one row per indicator found a problem (a ledger indicator judged a problem
#: in the city, or a 城区 indicator graded 一般 or 不足)
PROBLEM_COLUMNS: tuple[str, ...] = (
    "no",
    "level",
    "indicator",
    "name_zh",
    "name_en",
    "value",
    "unit_zh",
    "unit_en",
    "grade",
    "records",
    "units",
    "problems_zh",
    "problems_en",
    "illustrative",
)
#: 整治建议清单 (附件五): 序号, 问题涉及的指标, 指标结果, 存在问题, 整治建议, 整治区域, 整治类型,
#: 责任单位
REMEDY_COLUMNS: tuple[str, ...] = (
    "no",
    "level",
    "indicator",
    "name_zh",
    "name_en",
    "value",
    "unit_zh",
    "unit_en",
    "problem_zh",
    "problem_en",
    "recommendation_zh",
    "recommendation_en",
    "area_zh",
    "area_en",
    "remedy",
    "responsible_zh",
    "responsible_en",
    "records",
    "illustrative",
)

#: at most this many distinct problem texts are quoted per indicator
QUOTED = 3
_LEVELS = ("housing", "community", "block", "city")


def _quote(texts: Iterable[str], sep: str, more: str) -> str:
    distinct = list(dict.fromkeys(t.strip() for t in texts if isinstance(t, str) and t.strip()))
    head = sep.join(distinct[:QUOTED])
    return head + (more if len(distinct) > QUOTED else "")


def _illus(frame: pd.DataFrame) -> bool:
    return bool(frame["data_status"].map(is_illustrative).any()) if len(frame) else False


def _row_base(r: Mapping[Any, Any]) -> dict[str, Any]:
    return {
        "level": r["level"],
        "indicator": r["id"],
        "name_zh": r["name_zh"],
        "name_en": r["name_en"],
        "value": r["value"],
        "unit_zh": r["unit_zh"],
        "unit_en": r["unit_en"],
    }


def problem_list(
    rows: pd.DataFrame,
    ledger: pd.DataFrame,
    judged: pd.DataFrame,
    findings: Iterable[FindingRow],
) -> pd.DataFrame:
    """The 问题清单, level by level in the framework's order (columns
    :data:`PROBLEM_COLUMNS`)."""
    causes = {f.indicator: f for f in findings}
    out: list[dict[str, Any]] = []
    for r in rows.to_dict("records"):
        if r["applicable"] is False:
            continue
        if r["level"] != "city":
            mine = ledger[ledger["indicator"] == r["id"]] if len(ledger) else ledger
            if mine.empty:
                continue
            n, units = len(mine), int(mine["unit_id"].nunique())
            zh = f"共{n}条记录、涉及{units}处：" + _quote(mine["problem_zh"], "；", "等")
            en = (
                f"{n} record{'s' if n != 1 else ''} at {units} unit{'s' if units != 1 else ''}: "
                + _quote(mine["problem_en"], "; ", " …")
            )  # noqa: E501
            out.append(
                _row_base(r)
                | {
                    "grade": r["grade"],
                    "records": n,
                    "units": units,
                    "problems_zh": zh,
                    "problems_en": en,
                    "illustrative": _illus(mine),
                }
            )
        elif r["grade"] in ("fair", "insufficient"):
            f = causes.get(r["id"])
            zh = f.cause_zh if f is not None and f.cause_zh else r["grade_reason_zh"]
            en = f.cause_en if f is not None and f.cause_en else r["grade_reason_en"]
            illus = bool(r["illustrative"]) or (f is not None and f.illustrative)
            out.append(
                _row_base(r)
                | {
                    "grade": r["grade"],
                    "records": 0,
                    "units": 0,
                    "problems_zh": zh or "",
                    "problems_en": en or "",
                    "illustrative": illus,
                }
            )
    frame = pd.DataFrame(out)
    if frame.empty:
        return pd.DataFrame(columns=list(PROBLEM_COLUMNS))
    frame.insert(0, "no", range(1, len(frame) + 1))
    return frame


def remedy_list(
    rows: pd.DataFrame,
    ledger: pd.DataFrame,
    findings: Iterable[FindingRow],
    unit_names: Mapping[str, tuple[str, str]] | None = None,
) -> pd.DataFrame:
    """The 整治建议清单 (columns :data:`REMEDY_COLUMNS`):
    the ledger's recommendations grouped, then the findings of the 城区 indicators."""
    names = unit_names or {}
    by_id = {r["id"]: r for r in rows.to_dict("records")}
    out: list[dict[str, Any]] = []
    keys = ["indicator", "recommendation_zh", "remedy", "responsible_zh"]
    if len(ledger):
        ordered = ledger.assign(_o=ledger["indicator"].map({k: i for i, k in enumerate(by_id)}))
        for key, g in ordered.sort_values("_o", kind="mergesort").groupby(keys, sort=False):
            r = by_id.get(str(key[0]))
            if r is None:
                continue
            comms = list(dict.fromkeys(str(c) for c in g["community"]))
            out.append(
                _row_base(r)
                | {
                    "problem_zh": _quote(g["problem_zh"], "；", "等"),
                    "problem_en": _quote(g["problem_en"], "; ", " …"),
                    "recommendation_zh": key[1],
                    "recommendation_en": str(g["recommendation_en"].iloc[0]),
                    "area_zh": "、".join(names.get(c, (c, c))[0] for c in comms),
                    "area_en": ", ".join(names.get(c, (c, c))[1] for c in comms),
                    "remedy": key[2],
                    "responsible_zh": key[3],
                    "responsible_en": str(g["responsible_en"].iloc[0]),
                    "records": len(g),
                    "illustrative": _illus(g),
                }
            )
    for f in findings:
        r = by_id.get(f.indicator)
        if r is None or r["level"] != "city":
            continue
        out.append(
            _row_base(r)
            | {
                "problem_zh": f.cause_zh,
                "problem_en": f.cause_en,
                "recommendation_zh": f.recommendation_zh,
                "recommendation_en": f.recommendation_en,
                "area_zh": "全市",
                "area_en": "whole city",
                "remedy": f.remedy_class,
                "responsible_zh": f.unit_zh,
                "responsible_en": f.unit_en,
                "records": 0,
                "illustrative": f.illustrative,
            }
        )
    frame = pd.DataFrame(out)
    if frame.empty:
        return pd.DataFrame(columns=list(REMEDY_COLUMNS))
    frame["_lv"] = frame["level"].map({lv: i for i, lv in enumerate(_LEVELS)})
    frame = frame.sort_values("_lv", kind="mergesort").drop(columns="_lv")
    frame.insert(0, "no", range(1, len(frame) + 1))
    return frame.reset_index(drop=True)
