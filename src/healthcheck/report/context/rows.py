"""An indicator row as the templates print it: formatted values, verdicts and provenance.

Provenance follows the results (:mod:`healthcheck.inputs.status` decided it): a value is
marked illustrative only when its own status is (``value_illustrative``); a verdict that
rests on illustrative values of other years says so, naming the years (``verdict_note_*``).
``illustrative`` (either) marks the row for the page footer.
"""

from __future__ import annotations

from typing import Any

from healthcheck.inputs.plan import Plan
from healthcheck.inputs.status import is_illustrative
from healthcheck.kinds import kind
from healthcheck.report.context.formatting import minus, value, verdict, year_span
from healthcheck.results.model import IndicatorRow
from healthcheck.text import fmt_percent, fmt_pp

__all__ = ["row_view", "verdict_note"]


def verdict_note(row: IndicatorRow) -> tuple[str, str]:
    """ "判定依据含示意数据（2020年）" / "verdict rests on illustrative values (2020)" when the
    verdict rests on illustrative values of years other than the value's own; else ("", "")."""
    others = [y for y in row.illustrative_years if y != row.year]
    if not row.illustrative or not others:
        return "", ""
    span = year_span(others)
    return f"判定依据含示意数据（{span}年）", f"verdict rests on illustrative values ({span})"


def _target(row: IndicatorRow, target_year: int, lang: str) -> str:
    words = kind(row.kind).target_words(target_year, "zh" if lang == "zh" else "en")
    if words is not None:
        return words
    return value(row, row.target_value, "zh" if lang == "zh" else "en")


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


def row_view(row: IndicatorRow, plan: Plan, year: int) -> dict[str, Any]:
    """Everything the templates print of an indicator (values formatted in both languages)."""
    ind = plan.indicator(row.id)
    k = kind(row.kind)
    t = row.year
    target_year = row.target_year or ind.target_year
    value_illustrative = is_illustrative(row.value_status)
    note_zh, note_en = verdict_note(row)
    comp, gap = row.completion, row.schedule_gap
    projected, anticipated = row.projected_value, row.anticipated_completion
    return {
        "id": row.id, "domain": row.domain, "kind": row.kind,
        "kind_zh": row.kind_zh or k.label_zh, "kind_en": row.kind_en or k.label_en,
        "milestone": k.family == "milestone", "running_sum": k.running_sum,
        **_plan_text(row, plan),
        "value_zh": value(row, row.value, "zh"), "value_en": value(row, row.value, "en"),
        "value_year": t,
        "stale": t is not None and t < min(year, plan.target_year),
        "baseline_zh": value(row, row.baseline, "zh"),
        "baseline_en": value(row, row.baseline, "en"),
        "baseline_year": row.baseline_year or ind.baseline_year,
        "target_zh": row.target_zh or _target(row, target_year, "zh"),
        "target_en": row.target_en or _target(row, target_year, "en"),
        "completion": minus(fmt_percent(comp, "zh")) if comp is not None else "—",
        "gap_zh": fmt_pp(gap, "zh"), "gap_en": fmt_pp(gap, "en"), "gap_value": gap,
        "verdict": verdict("verdict", row.schedule_verdict),
        "category": verdict("category", row.international_category),
        "projected_zh": value(row, projected, "zh") if projected is not None else "",
        "projected_en": value(row, projected, "en") if projected is not None else "",
        "anticipated": minus(fmt_percent(anticipated, "zh")) if anticipated is not None else "",
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
