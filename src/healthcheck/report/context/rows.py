"""An indicator row as the templates print it: formatted values, verdicts and provenance.

Provenance follows the results (:mod:`healthcheck.inputs.status` decided it): a value is
marked illustrative only when its own status is (``value_illustrative``); a verdict that
rests on illustrative values of other years says so, naming the years (``verdict_note_*``).
``illustrative`` (either) marks the row for the page footer.
"""

from __future__ import annotations

import math
from typing import Any

from healthcheck.inputs.plan import Indicator, Plan
from healthcheck.inputs.status import is_illustrative
from healthcheck.kinds import kind
from healthcheck.report.context.formatting import minus, signed_value, value, verdict, year_span
from healthcheck.results.model import IndicatorRow
from healthcheck.text import fmt_percent, fmt_pp, i18n, missed_despite_pace
from healthcheck.text.i18n import Lang
from healthcheck.text.numbers import indicator_decimals

__all__ = ["category_view", "completion_text", "distance_view", "row_view", "verdict_note"]


def is_final(row: IndicatorRow) -> bool:
    """The report year is the target year or later: the verdicts are final."""
    return row.target_year is not None and row.report_year >= row.target_year


def category_view(row: IndicatorRow, on_track: float | None = None) -> dict[str, str]:
    """The international category; in a final assessment, as the trajectory over the period
    (methodology G1), and never a bare positive word beside a final "not achieved" (which
    names ``on_track``, the framework's threshold of "on track", where given)."""
    if not is_final(row):
        return verdict("category", row.international_category)
    view = verdict("category_final", row.international_category)
    short = i18n.CATEGORY_FINAL_SHORT.get(str(row.international_category))
    if short:
        view = dict(view, short_zh=short[0], short_en=short[1])
    if row.schedule_verdict == "not_achieved" and row.international_category == "on_track":
        zh, en = (missed_despite_pace(on_track, lang) for lang in ("zh", "en"))
        short_zh, short_en = i18n.MISSED_DESPITE_PACE_SHORT
        view = dict(view, zh=zh, en=en, short_zh=short_zh, short_en=short_en)
    return view


def completion_text(row: IndicatorRow) -> tuple[str, str] | None:
    """Why the completion rate is not shown (methodology B10), or None where it is."""
    if row.assessment.get("completion_meaningful") is not False:
        return None
    comp = row.completion
    if comp is not None and comp > 2.0:
        return "不计（远超目标）", "n.m. (target far exceeded)"
    return "不计（基期近目标）", "n.m. (baseline ≈ target)"


def _distance(row: IndicatorRow, dist: float, lang: Lang, ind: Indicator | None) -> str:
    """A distance in the unit (in the indicator's decimals); in percentage points with as many
    decimals as it takes not to print 0 (99.9986 % against 99.999 %: 0.0004 pp)."""
    if row.unit_zh.strip() == "%" or row.unit_en.strip() == "%":
        digits = 1 if dist >= 0.1 else math.ceil(-math.log10(dist))
        if ind is not None:
            digits = max(digits, indicator_decimals(ind))
        return fmt_pp(dist / 100, lang, digits).lstrip("+")
    return signed_value(ind or row, dist, lang).lstrip("+")


def distance_view(row: IndicatorRow, ind: Indicator | None = None) -> dict[str, str | bool]:
    """The distance still to go in the indicator's own unit (``ind``: the plan's indicator,
    for its decimals), and its class (B11)."""
    dist = row.assessment.get("distance")
    cls = row.assessment.get("distance_class")
    if not isinstance(dist, (int, float)) or dist <= 0 or not cls:
        return {"distance_zh": "", "distance_en": "", "severity": "", "severity_zh": "",
                "severity_en": "", "distance_short_zh": "", "distance_short_en": "",
                "severity_short_zh": "", "severity_short_en": "", "away": False}  # fmt: skip
    far = cls == "far"
    zh, en = ("差距较大", "far short") if far else ("差距较小", "slightly short")
    away = row.completion is not None and row.completion < 0
    if away:
        zh, en = zh + "，且较基期背离", en + ", worse than at the baseline"
    amount_zh = _distance(row, float(dist), "zh", ind)
    amount_en = _distance(row, float(dist), "en", ind)
    return {
        "distance_zh": "还差" + amount_zh, "distance_en": amount_en + " short",
        "severity": str(cls), "severity_zh": zh, "severity_en": en,
        "distance_short_zh": amount_zh, "distance_short_en": amount_en,
        "severity_short_zh": "差距较大" if far else "差距较小",
        "severity_short_en": "far short" if far else "slightly short",
        "away": away,
    }  # fmt: skip


def verdict_note(row: IndicatorRow) -> tuple[str, str]:
    """ "判定依据含示意数据（2020年）" / "verdict rests on illustrative values (2020)" when the
    verdict rests on illustrative values of years other than the value's own; else ("", "")."""
    others = [y for y in row.illustrative_years if y != row.year]
    if not row.illustrative or not others:
        return "", ""
    span = year_span(others)
    return f"判定依据含示意数据（{span}年）", f"verdict rests on illustrative values ({span})"


def _target(row: IndicatorRow, ind: Indicator, target_year: int, lang: str) -> str:
    words = kind(row.kind).target_words(target_year, "zh" if lang == "zh" else "en")
    if words is not None:
        return words
    return value(ind, row.target_value, "zh" if lang == "zh" else "en")


def _plan_text(row: IndicatorRow, plan: Plan) -> dict[str, Any]:
    """The row's identity text, falling back on the plan's where the results leave it empty."""
    ind = plan.indicator(row.id)
    return {
        "name_zh": row.name_zh or ind.name_zh, "name_en": row.name_en or ind.name_en,
        "clause": row.clause or ind.clause,
        "target_text_zh": row.target_text_zh or ind.target_text_zh,
        "analysts": row.analysts_threshold or ind.goal_is_analysts
        or row.target_source == "analyst",
        "threshold_note_zh": row.threshold_note_zh or ind.threshold_note_zh,
        "threshold_note_en": row.threshold_note_en or ind.threshold_note_en,
    }  # fmt: skip


def row_view(
    row: IndicatorRow, plan: Plan, year: int, on_track: float | None = None
) -> dict[str, Any]:
    """Everything the templates print of an indicator (values formatted in both languages;
    ``on_track``: the framework's threshold of "on track", from the summary's method)."""
    ind = plan.indicator(row.id)
    k = kind(row.kind)
    t = row.year
    target_year = row.target_year or ind.target_year
    value_illustrative = is_illustrative(row.value_status)
    note_zh, note_en = verdict_note(row)
    comp, gap = row.completion, row.schedule_gap
    no_comp = completion_text(row)
    if no_comp:  # the gap is completion minus time elapsed: as meaningless (B10)
        gap = None
    projected, anticipated = row.projected_value, row.anticipated_completion
    return {
        "id": row.id, "domain": row.domain, "kind": row.kind,
        "kind_zh": row.kind_zh or k.label_zh, "kind_en": row.kind_en or k.label_en,
        "milestone": k.family == "milestone", "running_sum": k.running_sum,
        **_plan_text(row, plan),
        "value_zh": value(ind, row.value, "zh"), "value_en": value(ind, row.value, "en"),
        "value_year": t,
        "stale": t is not None and t < min(year, plan.target_year),
        "baseline_zh": value(ind, row.baseline, "zh"),
        "baseline_en": value(ind, row.baseline, "en"),
        "baseline_year": row.baseline_year or ind.baseline_year,
        "target_zh": row.target_zh or _target(row, ind, target_year, "zh"),
        "target_en": row.target_en or _target(row, ind, target_year, "en"),
        "completion": "—" if comp is None or no_comp else minus(fmt_percent(comp, "zh")),
        "completion_note_zh": no_comp[0] if no_comp else "",
        "completion_note_en": no_comp[1] if no_comp else "",
        **distance_view(row, ind),
        "gap_zh": fmt_pp(gap, "zh"), "gap_en": fmt_pp(gap, "en"), "gap_value": gap,
        "verdict": verdict("verdict", row.schedule_verdict),
        "category": category_view(row, on_track),
        "final": is_final(row),
        "projected_zh": value(ind, projected, "zh") if projected is not None else "",
        "projected_en": value(ind, projected, "en") if projected is not None else "",
        "anticipated": minus(fmt_percent(anticipated, "zh"))
        if anticipated is not None and not no_comp else "",
        "likely_met": row.likely_met,
        "value_status": row.value_status,
        "value_illustrative": value_illustrative,
        "verdict_illustrative": bool(note_zh),
        "verdict_note_zh": note_zh, "verdict_note_en": note_en,
        "illustrative_years": list(row.illustrative_years),
        "illustrative": value_illustrative or row.illustrative,
        "sentence_zh": row.sentence_zh, "sentence_en": row.sentence_en,
        "note": row.note,
        "figure": None,
        "done_year": row.done_year,
    }  # fmt: skip
