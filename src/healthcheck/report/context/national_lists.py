"""The later chapters and the attachments of the national 城市体检's report: 七 上一年度问题整治
情况, 八 整治对策与行动建议, 附件1 指标汇总表, 附件2 问题台账, 附件3 问题清单, 附件4 整治建议清单
and 附件5 方法与数据说明 (see :mod:`.national` for the first chapters)."""

from __future__ import annotations

from typing import Any

from healthcheck.layout import SUMMARY
from healthcheck.report.context.base import Report
from healthcheck.report.context.national import grade_view, indicator_view, table_records
from healthcheck.report.outlines import Part
from healthcheck.text import fmt_percent
from healthcheck.text.narrative import national as words

__all__ = [
    "nat_actions",
    "nat_indicators",
    "nat_ledger",
    "nat_methods",
    "nat_problems",
    "nat_remediation",
    "nat_remedies",
]


def _flag(cell: str | None) -> bool:
    return str(cell).strip().lower() in ("true", "1", "yes")


def _pair(table: str, key: str | None) -> dict[str, str]:
    return {"zh": words.nat_label(table, key, "zh"), "en": words.nat_label(table, key, "en")}


def _number(cell: str | None) -> str:
    """A count of the tables as printed ("3", "12.5"; "—" for none)."""
    try:
        x = float(str(cell))
    except ValueError:
        return "—"
    return f"{x:,.0f}" if x == int(x) else f"{x:,.2f}".rstrip("0")


# -- 七 上一年度问题整治情况 -------------------------------------------------------------------


def nat_remediation(report: Report, part: Part) -> dict[str, Any]:
    from healthcheck.report.context.national import _figure

    rate = report.results.summary.remediation
    index = report.chapter_of[part.key]["index"]
    if rate is None:
        return {"nat_rate": None}
    totals = {
        "time_bound": (rate.time_bound_total, rate.time_bound_done, rate.time_bound),
        "best_effort": (rate.best_effort_total, rate.best_effort_done, rate.best_effort),
        "overall": (
            rate.time_bound_total + rate.best_effort_total,
            rate.time_bound_done + rate.best_effort_done,
            rate.overall,
        ),
    }
    carried = table_records(report, SUMMARY, "carried")
    rows = [
        {
            "remedy": _pair("remedy", k) if k != "overall" else {"zh": "合计", "en": "overall"},
            "total": t,
            "done": d,
            "rate_zh": fmt_percent(r, "zh"),
            "rate_en": fmt_percent(r, "en"),
        }
        for k, (t, d, r) in totals.items()
    ]
    for c in carried:
        c["remedy_v"] = _pair("remedy", c.get("remedy"))
        c["status_v"] = _pair("status", c.get("status"))
        c["overdue_b"] = _flag(c.get("overdue"))
        c["illustrative_b"] = _flag(c.get("illustrative"))
    return {
        "nat_rate": rate,
        "nat_rate_rows": rows,
        "nat_carried": carried,
        "nat_rate_zh": words.remediation_sentence(rate.previous_year, totals, len(carried), "zh"),
        "nat_rate_en": words.remediation_sentence(rate.previous_year, totals, len(carried), "en"),
        "nat_rate_figure": _figure(report, SUMMARY, "remediation", f"{index}-1"),
        "nat_overdue": len(rate.overdue),
        "nat_missing": rate.missing,
    }


# -- 八 整治对策与行动建议 ----------------------------------------------------------------------


def nat_actions(report: Report, part: Part) -> dict[str, Any]:
    """The recommendations of the ledgers and the findings, 限时解决 first, each once, and the
    analysts' own words (the summary notebook's cells tagged ``report``)."""
    remedies = table_records(report, SUMMARY, "remedies")
    seen: set[str] = set()
    actions = []
    for r in sorted(remedies, key=lambda r: r.get("remedy") != "time_bound"):
        key = r.get("recommendation_zh", "")
        if not key or key in seen:
            continue
        seen.add(key)
        actions.append(
            {
                "zh": key,
                "en": r.get("recommendation_en", ""),
                "remedy": _pair("remedy", r.get("remedy")),
                "indicator": r.get("indicator", ""),
                "responsible_zh": r.get("responsible_zh", ""),
                "responsible_en": r.get("responsible_en", ""),
                "time_bound": r.get("remedy") == "time_bound",
            }
        )
    summary = report.results.summary
    notes = [{"zh": p.zh, "en": p.en} for p in summary.text if p.origin == "analyst"]
    return {
        "nat_actions_list": actions,
        "nat_actions_time_bound": sum(a["time_bound"] for a in actions),
        "nat_analyst_notes": notes,
        "nat_actions_illustrative": any(_flag(r.get("illustrative")) for r in remedies),
    }


# -- 附件1 指标汇总表 ---------------------------------------------------------------------------


def nat_indicators(report: Report, part: Part) -> dict[str, Any]:
    levels: list[dict[str, Any]] = []
    for d in report.plan.domains:
        rows = [
            indicator_view(report, report.results.rows[i.id])
            for i in report.plan.indicators_of(d.id)
        ]
        levels.append({"id": d.id, "title_zh": d.title_zh, "title_en": d.title_en, "rows": rows})
    all_rows = [r for lv in levels for r in lv["rows"]]
    return {
        "nat_all_levels": levels,
        "nat_graded_n": sum(r["grade"]["key"] != "none" for r in all_rows),
        "nat_na_n": sum(not r["applicable"] for r in all_rows),
        "nat_ungraded": [r for r in all_rows if r["applicable"] and r["grade"]["key"] == "none"],
    }


# -- 附件2 问题台账 -----------------------------------------------------------------------------


def nat_ledger(report: Report, part: Part) -> dict[str, Any]:
    names = {c.unit: (c.unit_name_zh, c.unit_name_en) for c in report.results.summary.ledger_counts}
    levels = []
    for d in report.plan.domains:
        if d.id == "city":
            continue
        rows = table_records(report, d.id, "ledger")
        for r in rows:
            comm = names.get(r.get("community", ""), (r.get("community", ""),) * 2)
            r["community_zh"], r["community_en"] = comm
            r["severity_v"] = _pair("severity", r.get("severity"))
            r["remedy_v"] = _pair("remedy", r.get("remedy"))
            r["status_v"] = _pair("status", r.get("status"))
            r["quantity_s"] = _number(r.get("quantity"))
            r["illustrative_b"] = r.get("data_status") == "illustrative"
        levels.append({"id": d.id, "title_zh": d.title_zh, "title_en": d.title_en, "rows": rows})
    return {"nat_ledger_levels": levels}


# -- 附件3 问题清单, 附件4 整治建议清单 ----------------------------------------------------------


def nat_problems(report: Report, part: Part) -> dict[str, Any]:
    titles = {d.id: (d.title_zh, d.title_en) for d in report.plan.domains}
    rows = table_records(report, SUMMARY, "problems")
    for r in rows:
        r["grade_v"] = grade_view(r.get("grade") or None)
        r["level_zh"], r["level_en"] = titles.get(r.get("level", ""), ("", ""))
        r["value_s"] = _number(r.get("value"))
        r["illustrative_b"] = _flag(r.get("illustrative"))
    return {"nat_problem_rows": rows}


def nat_remedies(report: Report, part: Part) -> dict[str, Any]:
    rows = table_records(report, SUMMARY, "remedies")
    for r in rows:
        r["remedy_v"] = _pair("remedy", r.get("remedy"))
        r["value_s"] = _number(r.get("value"))
        r["illustrative_b"] = _flag(r.get("illustrative"))
    return {
        "nat_remedy_rows": rows,
        "nat_remedies_all_illustrative": bool(rows) and all(r["illustrative_b"] for r in rows),
    }


# -- 附件5 方法与数据说明 -----------------------------------------------------------------------

#: the default grading rule's parameters (grading.yaml) as the methods note prints them
PARAMETERS: tuple[tuple[str, str, str], ...] = (
    (
        "very_good_margin",
        "达到目标且超出该比例为“很好”",
        "goal met by at least this share: very good",
    ),
    (
        "fair_shortfall",
        "未达目标、差距不超过该比例为“一般”，更大为“不足”",
        "goal missed by at most this share: fair; further: insufficient",
    ),
    ("zero_scale", "目标为0时的距离尺度", "distance scale where the goal is 0"),
    ("trend_min_years", "判断趋势所需的最少年数", "fewest years for a trend"),
    (
        "trend_tolerance",
        "年均相对变化在此以内为“基本持平”",
        "relative change per year within which a trend is stable",
    ),
    (
        "peer_margin",
        "优于（劣于）同类城市中位数该比例，升（降）一级",
        "better (worse) than the peers' median by this share: one step up (down)",
    ),
    ("peer_min", "使用同类城市中位数所需的最少城市数", "fewest peer values for their median"),
    (
        "survey_threshold",
        "居民评分低于此值，定级降一级",
        "residents' score below which the grade drops one step",
    ),
    ("dimension_very_good", "“优”所需的“很好”占比", "share of very good for excellent"),
)


def nat_methods(report: Report, part: Part) -> dict[str, Any]:
    method = report.results.summary.method
    params = [
        {"key": k, "value": _param(method.get(k)), "zh": zh, "en": en}
        for k, zh, en in PARAMETERS
        if k in method
    ]
    bands = method.get("dimension_bands")
    return {
        "nat_params": params,
        "nat_bands": [_param(b) for b in bands] if isinstance(bands, list) else [],
        "nat_survey_given": getattr(report.results, "survey", None) is not None,
    }


def _param(v: Any) -> str:
    if isinstance(v, float) and 0 < v < 1:
        return f"{v:.0%}"
    return str(v)
