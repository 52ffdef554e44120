"""The workbook's scorecard of the national 城市体检 (framework ``mohurd_2025``): one row per
indicator with its level, dimension, value, reference, the city's choice, the final grade, the
default rule's and the experts' grades, the residents' score and the reason -- what the PDF's
附件1 prints, as data.  The other sheets are the plan report's (:mod:`.sheets`)."""

from __future__ import annotations

from collections.abc import Iterable

from healthcheck.report.document import Document
from healthcheck.report.sheets import ILLUSTRATIVE, YEAR_FORMAT, Col, Sheet, _Units
from healthcheck.results.model import IndicatorRow
from healthcheck.text.narrative import national as words

__all__ = ["NATIONAL_SCORECARD", "national_scorecard"]

NATIONAL_SCORECARD = [
    Col("编号 ID"), Col("维度代码 Level code"), Col("维度 Level (zh)"), Col("维度 Level (en)"),
    Col("方面 Dimension (zh)"), Col("方面 Dimension (en)"),
    Col("指标 Indicator (zh)", wrap=40), Col("指标 Indicator (en)", wrap=40),
    Col("单位 Unit (zh)"), Col("单位 Unit (en)"), Col("年份 Year", YEAR_FORMAT),
    Col("数值 Value"), Col("数值状态 Value status"), Col("问题类型 Problem class"),
    Col("参考值 Reference (zh)", wrap=30), Col("城市的选择 City's choice (zh)", wrap=30),
    Col("定级代码 Grade code"), Col("定级 Grade (zh)"), Col("定级 Grade (en)"),
    Col("默认规则定级 Default rule's grade"), Col("专家定级 Expert grade"),
    Col("居民评分 Residents' score", "0.0"), Col("因居民评分降一级 Lowered by the survey"),
    Col("适用 Applies"), Col("理由 Reason (zh)", wrap=50), Col("理由 Reason (en)", wrap=50),
    Col(ILLUSTRATIVE),
]  # fmt: skip


def national_scorecard(doc: Document, name: str, rows: Iterable[IndicatorRow], u: _Units) -> Sheet:
    """One row per indicator of the national check (the columns of
    :data:`NATIONAL_SCORECARD`)."""
    plan = doc.report.plan
    sheet = Sheet(name, list(NATIONAL_SCORECARD))
    for r in rows:
        dom = plan.domain(r.domain)
        reason = (
            (r.grade_reason_zh, r.grade_reason_en)
            if r.applicable
            else (r.not_applicable_zh, r.not_applicable_en)
        )
        sheet.add([
            r.id, r.domain, dom.title_zh, dom.title_en, r.dimension_zh, r.dimension_en,
            r.name_zh, r.name_en, r.unit_zh, r.unit_en, r.year, u.num(r.id, r.value),
            r.value_status or "", words.nat_label("problem_class", r.problem_class, "zh"),
            r.reference_zh, r.city_choice_zh, r.grade or "",
            words.nat_label("grade", r.grade, "zh"), words.nat_label("grade", r.grade, "en"),
            r.default_grade or "", r.expert_grade or "",
            None if r.survey_score is None else round(r.survey_score, 1),
            "是 yes" if r.survey_downgrade else "", "是 yes" if r.applicable else "否 no",
            *reason, "示意 illustrative" if r.illustrative else "",
        ], flagged=r.illustrative)  # fmt: skip
    return sheet
