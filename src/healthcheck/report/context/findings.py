"""The analysts' findings in the report: beside each shortfall of the 问题清单, as the
appendix 整治建议清单 (remediation list), and in the overall conclusion (总体结论) that opens
the executive summary.

Everything here is read from the summary's ``findings`` (the store); a text the analysts left
empty in one language is shown as missing (:data:`MISSING_ZH`, :data:`MISSING_EN`), never
translated or invented.  The conclusion is assembled from the counts, the 问题清单's order and
the findings' own words.
"""

from __future__ import annotations

from typing import Any

from healthcheck.report.context.base import Report
from healthcheck.report.outlines import Part
from healthcheck.results.model import Finding

__all__ = [
    "CLASS_LABELS",
    "MISSING_EN",
    "MISSING_ZH",
    "conclusion",
    "deadline_text",
    "finding_view",
    "finding_views",
    "findings",
]

#: what stands in a text the analysts did not give in that language
MISSING_ZH = "—（未提供中文）"
MISSING_EN = "(no English text provided)"
#: the classes: (zh, en, the sense of the class)
CLASS_LABELS: dict[str, tuple[str, str]] = {
    "time_bound": ("限时解决", "fix by the deadline"),
    "best_effort": ("尽力解决", "best effort"),
}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: how many shortfalls and recommendations the conclusion names
WORST, NEXT = 3, 3


def deadline_text(deadline: str) -> tuple[str, str]:
    """ "2026-12" -> ("2026年12月", "Dec 2026"); "2026" -> ("2026年", "2026")."""
    if not deadline:
        return "—", "—"
    year, _, month = deadline.partition("-")
    if month:
        return f"{year}年{int(month)}月", f"{_MONTHS[int(month) - 1]} {year}"
    return f"{year}年", year


def _text(zh: str, en: str) -> tuple[str, str]:
    return zh or MISSING_ZH, en or MISSING_EN


def finding_view(f: Finding) -> dict[str, Any]:
    """A finding as the templates print it, both languages, missing texts marked."""
    cause_zh, cause_en = _text(f.cause_zh, f.cause_en)
    rec_zh, rec_en = _text(f.recommendation_zh, f.recommendation_en)
    unit_zh, unit_en = _text(f.unit_zh, f.unit_en)
    deadline_zh, deadline_en = deadline_text(f.deadline)
    class_zh, class_en = CLASS_LABELS[f.remedy_class]
    return {
        "indicator": f.indicator,
        "cause_zh": cause_zh, "cause_en": cause_en,
        "recommendation_zh": rec_zh, "recommendation_en": rec_en,
        "unit_zh": unit_zh, "unit_en": unit_en,
        "deadline": f.deadline, "deadline_zh": deadline_zh, "deadline_en": deadline_en,
        "class": f.remedy_class, "class_zh": class_zh, "class_en": class_en,
        "time_bound": f.remedy_class == "time_bound",
        "illustrative": f.illustrative, "status": f.status, "source": f.source,
    }  # fmt: skip


def finding_views(report: Report) -> dict[str, dict[str, Any]]:
    """The findings of the report year by indicator (those of the plan's indicators)."""
    return {
        f.indicator: finding_view(f)
        for f in report.results.summary.findings
        if f.indicator in report.views
    }


def _ordered(report: Report) -> list[dict[str, Any]]:
    """The findings in the 问题清单's order, then the others in plan order."""
    views = finding_views(report)
    order = [*report.results.summary.shortfalls, *report.views]
    seen: list[str] = []
    for sid in order:
        if sid in views and sid not in seen:
            seen.append(sid)
    return [views[s] for s in seen]


def findings(report: Report, part: Part) -> dict[str, Any]:
    """The appendix 整治建议清单: one row per finding, with the indicator's result."""
    ch = report.chapter_of[part.key]
    shortfalls = set(report.results.summary.shortfalls)
    rows = []
    for f in _ordered(report):
        v = report.views[f["indicator"]]
        rows.append({**f, "row": v, "shortfall": f["indicator"] in shortfalls})
    return {
        "ch_findings": ch,
        "findings_rows": rows,
        "findings_illustrative": any(r["illustrative"] for r in rows),
        "findings_all_illustrative": bool(rows) and all(r["illustrative"] for r in rows),
        "findings_time_bound": sum(r["time_bound"] for r in rows),
    }


def _strip(text: str) -> str:
    return text.rstrip("。．.；; ")


def _problems(report: Report) -> tuple[str, str]:
    ids = report.results.summary.shortfalls
    if not ids:
        return "本年度没有列入问题清单的指标。", "No indicator is on the shortfall list this year."
    worst = [report.views[i] for i in ids[:WORST] if i in report.views]
    zh = "、".join(f"{v['name_zh']}（{v['value_zh']}，目标{v['target_zh']}）" for v in worst)
    en = "; ".join(f"{v['name_en']} ({v['value_en']} against {v['target_en']})" for v in worst)
    more_zh = f"等{len(ids)}项" if len(ids) > len(worst) else ""
    more_en = f", among {len(ids)} on the list" if len(ids) > len(worst) else ""
    return (
        f"主要问题集中在{zh}{more_zh}，详见问题清单。",
        f"The main problems: {en}{more_en}; see the shortfall list.",
    )


def _next(report: Report, city: tuple[str, str]) -> tuple[str, str]:
    items = _ordered(report)
    if not items:
        return (
            "本年度分析组未提供原因分析和整治建议，下一步工作须待其补充后确定。",
            "The analysts have given no causes or recommendations this year; what follows must "
            "wait for them.",
        )
    ranked = sorted(items, key=lambda f: (not f["time_bound"], f["deadline"] or "9999"))[:NEXT]
    names = {i: (report.views[i]["name_zh"], report.views[i]["name_en"]) for i in report.views}
    zh = "；".join(
        f"{names[f['indicator']][0]}——{_strip(f['recommendation_zh'])}"
        f"（{f['unit_zh']}，{f['class_zh']}，{f['deadline_zh']}前）"
        for f in ranked
    )
    en = "; ".join(
        f"{names[f['indicator']][1]} — {_strip(f['recommendation_en'])} "
        f"({f['unit_en']}; {f['class_en']}, by {f['deadline_en']})"
        for f in ranked
    )
    bound = sum(f["time_bound"] for f in items)
    split_zh, split_en = _split(len(items), bound)
    out_zh = f"下一步，{split_zh}，首先是：{zh}。全部建议见整治建议清单。"
    out_en = f"What follows: {split_en}; first: {en}. The remediation list gives them all."
    if all(f["illustrative"] for f in items):
        out_zh += (f"以上原因分析和整治建议均为示意内容，仅演示工作流程，"
                   f"并非{city[0]}的分析结论。")  # fmt: skip
        out_en += (
            " These causes and recommendations are all illustrative: they demonstrate "
            f"the workflow and are not {city[1]}'s findings."
        )
    elif any(f["illustrative"] for f in items):
        out_zh += "其中标注“示意”的原因分析和整治建议为示意内容，并非分析组结论。"
        out_en += " Those marked illustrative are not the analysts' findings."
    return out_zh, out_en


def conclusion(report: Report, achieved: tuple[str, str]) -> dict[str, Any]:
    """The overall conclusion (总体结论): what was achieved (``achieved``: the summary's
    sentence of the verdict counts), the main problems, what follows."""
    plan = report.plan
    city = (plan.city_zh, plan.city_en)
    done_zh, done_en = achieved
    prob_zh, prob_en = _problems(report)
    next_zh, next_en = _next(report, city)
    return {
        "conclusion": [
            {
                "zh": f"截至{report.year}年，{done_zh}",
                "en": f"By {report.year}: {done_en[0].lower()}{done_en[1:]}",
            },
            {"zh": prob_zh, "en": prob_en},
            {"zh": next_zh, "en": next_en},
        ]
    }


def _split(n: int, bound: int) -> tuple[str, str]:
    """How ``n`` recommendations split into time-bound and best-effort ones, said without a
    count of 0 and with the verb agreeing with a count of 1."""
    rest = n - bound
    if bound == 0 or rest == 0:
        zh_kind, en_kind = (
            ("限时解决", "to be fixed by a deadline")
            if rest == 0
            else ("尽力解决", "on a best-effort basis")
        )
        en = (
            f"the recommendation is {en_kind}"
            if n == 1
            else f"all {n} recommendations are {en_kind}"
        )
        zh = f"整治建议1项，为{zh_kind}" if n == 1 else f"{n}项整治建议均为{zh_kind}"
        return zh, en
    verb = "is" if bound == 1 else "are"
    return (
        f"{n}项整治建议中限时解决{bound}项、尽力解决{rest}项",
        f"of the {n} recommendations, {bound} {verb} to be fixed by a deadline and {rest} on a "
        "best-effort basis",
    )
