"""The methodology appendix: the framework's parameters (the summary's ``method``), the kinds
of target in the plan, the analysts' thresholds and the indicators scoped to some districts."""

from __future__ import annotations

from typing import Any

from healthcheck.errors import BuildError
from healthcheck.kinds import KINDS
from healthcheck.layout import SUMMARY
from healthcheck.report.context.base import Report
from healthcheck.report.context.formatting import value, verdict
from healthcheck.report.outlines import Part
from healthcheck.text import i18n

__all__ = ["KIND_METHOD", "METHOD_KEYS", "methods"]

#: the parameters of the plan_targets method the appendix prints (SummaryResults.method)
METHOD_KEYS = (
    "thresholds_target", "thresholds_trend", "zero_target", "near_baseline", "completion_max",
    "far_short",
)  # fmt: skip

#: how the methodology describes each kind: the plan's wording (zh, en), the target value
#: (HTML, zh; en), the series compared (HTML, zh; en).  One entry per kind of
#: :data:`healthcheck.kinds.KINDS` (a test asserts it).
KIND_METHOD: dict[str, tuple[str, str, str, str, str, str]] = {
    "level": ("达到X", "reach X", "X", "X", "水平值", "the level"),
    "increase": ("新增X", "add X", "y<sub>0</sub> + X", "y0 + X",
                 "水平值（总能力），并列出已新增量",
                 "the level (total capacity); the amount added shown too"),
    "growth": ("提升X% / 翻一番", "raise by X% / double", "y<sub>0</sub> × (1 + X/100)", "",
               "水平值", "the level"),
    "cumulative": ("“十四五”时期累计X", "X in total over the plan period", "X", "X",
                   "自 t<sub>0</sub>+1 起逐年累加（y<sub>0</sub> = 0）",
                   "running sum of the annual amounts from t0+1 (y0 = 0)"),
    "trend": ("逐年提升", "rise every year", "无", "none", "整个期间逐年比较",
              "year by year over the whole period"),
    "milestone": ("建成 / 全面推行", "complete / put in force", "在T年前完成", "done by T",
                  "是 / 否及完成年份", "yes / no, with the year done"),
}  # fmt: skip


def _method(report: Report) -> dict[str, Any]:
    method = report.results.summary.method
    missing = [k for k in METHOD_KEYS if k not in method]
    if missing:
        raise BuildError(
            f"results {report.results.path(SUMMARY)}: the method lacks {', '.join(missing)}"
        )
    return {k: method[k] for k in METHOD_KEYS}


def _kinds(report: Report) -> list[dict[str, Any]]:
    """The table of kinds: every kind, its description and how many indicators have it."""
    out = []
    for name, k in KINDS.items():
        text = KIND_METHOD[name]
        out.append({
            "key": name, "label_zh": k.label_zh, "label_en": k.label_en,
            "wording_zh": text[0], "wording_en": text[1], "target_html": text[2],
            "series_html": text[4], "series_en": text[5],
            "n": sum(1 for i in report.plan.indicators if i.kind == name),
        })  # fmt: skip
    return out


def methods(report: Report, part: Part) -> dict[str, Any]:
    plan = report.plan
    method = _method(report)
    analysts = [
        {"id": ind.id, "name_zh": ind.name_zh, "name_en": ind.name_en,
         "threshold_zh": value(ind, ind.threshold, "zh"),
         "threshold_en": value(ind, ind.threshold, "en"),
         "note_zh": ind.threshold_note_zh, "note_en": ind.threshold_note_en,
         "target_text_zh": ind.target_text_zh}
        for ind in plan.indicators if ind.goal_is_analysts
    ]  # fmt: skip
    scoped = []
    for ind in plan.indicators:
        if ind.district_scope:
            zone = plan.zones.get(ind.district_scope, (ind.district_scope,) * 2)
            scoped.append({"id": ind.id, "name_zh": ind.name_zh, "name_en": ind.name_en,
                           "zone_zh": zone[0], "zone_en": zone[1]})  # fmt: skip
    return {
        "ch_methods": report.chapter_of[part.key],
        "thresholds_target": tuple(method["thresholds_target"]),
        "thresholds_trend": tuple(method["thresholds_trend"]),
        "zero_target": method["zero_target"],
        "near_baseline": method["near_baseline"],
        "completion_max": method["completion_max"],
        "far_short": method["far_short"],
        "kind_methods": _kinds(report),
        "analysts": analysts,
        "scoped": scoped,
        "verdict_legend": [verdict("verdict", k) for k in i18n.VERDICT],
        # the same names as the contents' legend (the context is one namespace)
        "category_legend": [
            verdict("category_final" if report.final else "category", k) for k in i18n.CATEGORY
        ],
        "category_mid_legend": [verdict("category", k) for k in i18n.CATEGORY],
        "status_legend": [{"key": k, "zh": v[0], "en": v[1]} for k, v in i18n.STATUS.items()],
    }
