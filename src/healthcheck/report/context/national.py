"""The chapters of the national 城市体检's report (outline ``mohurd_2025``, the manual's 附件三):
一 工作概述, 二 指标体系, 三 总体评价, 四 分维度分析评价 and 五 专项体检.  The later chapters and
the attachments are in :mod:`.national_lists`.

Everything comes from the results (the levels' and the summary's, written by
``notebooks/national/``): the indicator rows with their grades, the summary's ratings, ledger
counts and 问题整治完成率, and the notebooks' figures and tables by their ids (the contract in
:mod:`healthcheck.notebook.national` and :mod:`healthcheck.notebook.national_summary`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from healthcheck.layout import SUMMARY
from healthcheck.report.context.base import Report
from healthcheck.report.context.figures import figure_view
from healthcheck.report.outlines import Part
from healthcheck.results.model import DomainResults, IndicatorRow, Table
from healthcheck.text import fmt_percent
from healthcheck.text.narrative import national as words
from healthcheck.text.numbers import value_text

__all__ = [
    "grade_view",
    "indicator_view",
    "nat_cover",
    "nat_evaluation",
    "nat_levels",
    "nat_overview",
    "nat_special",
    "nat_system",
    "table_records",
]


def grade_view(key: str | None) -> dict[str, str]:
    """A grade as symbol and words (``none``: not graded)."""
    if not key:
        return {"key": "none", "sym": "–", "zh": "未定级", "en": "not graded"}
    zh, en, sym = words.GRADE.get(key, (key, key, "?"))
    return {"key": key, "sym": sym, "zh": zh, "en": en}


def rating_view(key: str | None) -> dict[str, str]:
    if not key:
        return {"key": "none", "sym": "–", "zh": "未评价", "en": "not rated"}
    zh, en, sym = words.RATING.get(key, (key, key, "?"))
    return {"key": key, "sym": sym, "zh": zh, "en": en}


def _value(report: Report, row: IndicatorRow, lang: str) -> str:
    if row.value is None:
        return "—"
    try:
        ind = report.plan.indicator(row.id)
    except KeyError:
        return f"{row.value:g}"
    return value_text(row.value, ind, lang)  # type: ignore[arg-type]


def indicator_view(report: Report, row: IndicatorRow) -> dict[str, Any]:
    """One indicator of the national check as the templates print it."""
    expert_differs = row.expert_grade is not None and row.expert_grade != row.default_grade
    return {
        "id": row.id,
        "level": row.level,
        "name_zh": row.name_zh,
        "name_en": row.name_en,
        "unit_zh": row.unit_zh,
        "unit_en": row.unit_en,
        "dimension_zh": row.dimension_zh,
        "dimension_en": row.dimension_en,
        "value_zh": _value(report, row, "zh"),
        "value_en": _value(report, row, "en"),
        "value_year": row.year,
        "value_status": row.value_status,
        "value_illustrative": row.illustrative,
        "illustrative": row.illustrative,
        "reference_zh": row.reference_zh or "—",
        "reference_en": row.reference_en or "—",
        "city_choice_zh": row.city_choice_zh,
        "city_choice_en": row.city_choice_en,
        "problem_class": row.problem_class,
        "class_zh": words.nat_label("problem_class", row.problem_class, "zh"),
        "class_en": words.nat_label("problem_class", row.problem_class, "en"),
        "grade": grade_view(row.grade),
        "default_grade": grade_view(row.default_grade),
        "expert_grade": grade_view(row.expert_grade) if row.expert_grade else None,
        "expert_differs": expert_differs,
        "survey_downgrade": row.survey_downgrade,
        "survey_score": None if row.survey_score is None else f"{row.survey_score:.1f}",
        "change_zh": words.grade_change(
            row.default_grade, row.expert_grade, row.grade, row.survey_downgrade, "zh"
        ),
        "change_en": words.grade_change(
            row.default_grade, row.expert_grade, row.grade, row.survey_downgrade, "en"
        ),
        "reason_zh": row.grade_reason_zh,
        "reason_en": row.grade_reason_en,
        "applicable": row.applicable,
        "not_applicable_zh": row.not_applicable_zh,
        "not_applicable_en": row.not_applicable_en,
        "trend": row.assessment.get("trend"),
    }


def table_records(report: Report, name: str, table_id: str) -> list[dict[str, Any]]:
    """A notebook table of results folder ``name`` as dicts of its CSV cells (``[]`` when the
    notebook did not record it)."""
    res = report.results.summary if name == SUMMARY else _domain(report, name)
    table = next((t for t in res.tables if t.id == table_id), None) if res else None
    if table is None:
        return []
    return _rows(report, name, table)


def _rows(report: Report, name: str, table: Table) -> list[dict[str, Any]]:
    cells = report.results.store.table_rows(name, table)
    if not cells:
        return []
    head = cells[0]
    return [dict(zip(head, r, strict=False)) for r in cells[1:]]


def _domain(report: Report, level: str) -> DomainResults | None:
    return next((d for d in report.results.domains if d.domain == level), None)


def _figure(report: Report, name: str, fig_id: str, number: str) -> dict[str, Any] | None:
    res = report.results.summary if name == SUMMARY else _domain(report, name)
    fig = next((f for f in res.figures if f.id == fig_id), None) if res else None
    if fig is None:
        return None
    return figure_view(fig, report.results.store, name, report.plan, number)


def _para(res: DomainResults | None, key: str) -> dict[str, str] | None:
    p = next((t for t in res.text if t.key == key), None) if res else None
    return {"zh": p.zh, "en": p.en} if p is not None else None


def _rows_of(report: Report, level: str) -> list[dict[str, Any]]:
    return [
        indicator_view(report, report.results.rows[i.id]) for i in report.plan.indicators_of(level)
    ]


def _grade_counts(rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    rows = list(rows)
    counts = {g: sum(r["grade"]["key"] == g for r in rows) for g in words.GRADE}
    not_graded = sum(r["grade"]["key"] == "none" for r in rows)
    return {
        "n": len(rows),
        "by": [dict(grade_view(g), n=counts[g]) for g in words.GRADE],
        "not_graded": not_graded,
        "zh": words.grade_counts_sentence(counts, not_graded, "zh"),
        "en": words.grade_counts_sentence(counts, not_graded, "en"),
    }


# -- the cover and chapter 一 -------------------------------------------------------------------


def nat_cover(report: Report, part: Part) -> dict[str, Any]:
    from healthcheck.report.context.cover import shows_illustrative

    return {"illustrative": shows_illustrative(report), "levels": _levels(report)}


def _levels(report: Report) -> list[dict[str, Any]]:
    return [
        {
            "id": d.id,
            "title_zh": d.title_zh,
            "title_en": d.title_en,
            "n": len(report.plan.indicators_of(d.id)),
        }
        for d in report.plan.domains
    ]


def _ledger_totals(report: Report) -> dict[str, Any]:
    """The ledger and the lists in total (工作概述 (三))."""
    counts = report.results.summary.ledger_counts
    city = [c for c in counts if c.unit_level == "city"]
    comm = {c.unit for c in counts if c.unit_level == "community" and c.records > 0}
    streets = {c.unit for c in counts if c.unit_level == "street" and c.records > 0}
    problems = table_records(report, SUMMARY, "problems")
    remedies = table_records(report, SUMMARY, "remedies")
    by_level = []
    for d in report.plan.domains:
        if d.id == "city":
            continue
        mine = [c for c in city if report.results.rows[c.indicator].level == d.id]
        by_level.append(
            {
                "id": d.id,
                "title_zh": d.title_zh,
                "title_en": d.title_en,
                "records": sum(c.records for c in mine),
                "problems": sum(c.problem for c in mine),
                "indicators": len(mine),
            }
        )
    return {
        "records": sum(c.records for c in city),
        "communities": len(comm),
        "streets": len(streets),
        "by_level": by_level,
        "problems": len(problems),
        "remedies": len(remedies),
        "time_bound": sum(r.get("remedy") == "time_bound" for r in remedies),
    }


def nat_overview(report: Report, part: Part) -> dict[str, Any]:
    summary = report.results.summary
    index = report.chapter_of[part.key]["index"]
    return {
        "nat_map": _figure(report, SUMMARY, "problem-map", f"{index}-1"),
        "nat_coverage": _para(summary, "coverage"),
        "nat_totals": _ledger_totals(report),
        "nat_levels_list": _levels(report),
    }


# -- chapter 二: the indicator system ---------------------------------------------------------


def nat_system(report: Report, part: Part) -> dict[str, Any]:
    """The indicators by level and dimension, and the city's choices as the city's."""
    levels = []
    for d in report.plan.domains:
        dims: dict[str, dict[str, Any]] = {}
        for r in _rows_of(report, d.id):
            dim = dims.setdefault(
                r["dimension_zh"], {"zh": r["dimension_zh"], "en": r["dimension_en"], "rows": []}
            )
            dim["rows"].append(r)
        levels.append(
            {
                "id": d.id,
                "title_zh": d.title_zh,
                "title_en": d.title_en,
                "dimensions": list(dims.values()),
                "n": sum(len(x["rows"]) for x in dims.values()),
            }
        )
    rows = [indicator_view(report, r) for r in report.results.rows.values()]
    return {
        "nat_system_levels": levels,
        "nat_choices": [r for r in rows if r["city_choice_zh"] or r["city_choice_en"]],
        "nat_dropped": [r for r in rows if not r["applicable"]],
        "nat_total": len(rows),
        "nat_framework_total": sum(1 for r in rows if r["id"][:1] == "N" and r["id"][1:].isdigit()),
    }


# -- chapter 三: the overall evaluation -------------------------------------------------------


def _ratings(report: Report) -> list[dict[str, Any]]:
    titles = {d.id: (d.title_zh, d.title_en) for d in report.plan.domains}
    out = []
    for r in report.results.summary.ratings:
        out.append(
            {
                "level_zh": titles.get(r.level, (r.level, r.level))[0],
                "level_en": titles.get(r.level, (r.level, r.level))[1],
                "level": r.level,
                "dimension_zh": r.dimension_zh,
                "dimension_en": r.dimension_en,
                "rating": rating_view(r.rating),
                "graded": r.graded,
                "very_good": r.very_good,
                "good": r.good,
                "fair": r.fair,
                "insufficient": r.insufficient,
                "not_graded": r.not_graded,
                "reason_zh": r.reason_zh,
                "reason_en": r.reason_en,
            }
        )
    return out


def nat_evaluation(report: Report, part: Part) -> dict[str, Any]:
    summary = report.results.summary
    rows = [indicator_view(report, r) for r in report.results.rows.values()]
    applicable = [r for r in rows if r["applicable"]]
    survey = getattr(report.results, "survey", None) is not None
    short = [r for r in applicable if r["grade"]["key"] == "insufficient"]
    fair = [r for r in applicable if r["grade"]["key"] == "fair"]
    return {
        "nat_counts": _grade_counts(applicable),
        "nat_ratings": _ratings(report),
        "nat_ratings_figure": _figure(report, SUMMARY, "ratings", "3-1"),
        "nat_shortfalls": short,
        "nat_fair": fair,
        "nat_overview_text": _para(summary, "overview"),
        "nat_survey_given": survey,
        "nat_no_survey": {
            "zh": words.no_survey_sentence("zh"),
            "en": words.no_survey_sentence("en"),
        },
        "nat_expert_differs": [r for r in rows if r["expert_differs"]],
        "nat_downgraded": [r for r in rows if r["survey_downgrade"]],
    }


# -- chapter 四: by level ---------------------------------------------------------------------


def _unit_counts(report: Report, level: str) -> list[dict[str, Any]]:
    """The level's ledger counts per 社区 and 街道: one row per unit, a column per indicator."""
    ids = [i.id for i in report.plan.indicators_of(level)]
    units: dict[tuple[str, str], dict[str, Any]] = {}
    for c in report.results.summary.ledger_counts:
        if c.indicator not in ids or c.unit_level == "city":
            continue
        u = units.setdefault(
            (c.unit_level, c.unit),
            {
                "unit_level": c.unit_level,
                "unit": c.unit,
                "name_zh": c.unit_name_zh,
                "name_en": c.unit_name_en,
                "cells": {},
                "problems": 0,
                "records": 0,
                "illustrative": False,
            },
        )
        u["cells"][c.indicator] = {"value": f"{c.value:g}", "problem": c.problem, "veto": c.veto}
        u["problems"] += int(c.problem)
        u["records"] += c.records
        u["illustrative"] |= c.illustrative
    ordered = sorted(units.values(), key=lambda u: u["unit_level"] != "street")
    return ordered


def _level_view(report: Report, level: str, index: int, k: int) -> dict[str, Any]:
    d = report.plan.domain(level)
    res = _domain(report, level)
    rows = _rows_of(report, level)
    ratings = [r for r in _ratings(report) if r["level"] == level]
    figures = []
    for n, fig_id in enumerate(("grades", "ledger-bars", "ratings"), start=1):
        fig = _figure(report, level, fig_id, f"{index}-{k}{n}")
        if fig is not None:
            figures.append(fig)
    for n, f in enumerate(figures, start=1):
        f["number"] = f"{index}-{k}.{n}"
    return {
        "id": level,
        "title_zh": d.title_zh,
        "title_en": d.title_en,
        "rows": rows,
        "counts": _grade_counts(r for r in rows if r["applicable"]),
        "ratings": ratings,
        "text": _para(res, "overview"),
        "figures": figures,
        "units": _unit_counts(report, level) if level != "city" else [],
        "ids": [r["id"] for r in rows],
        "history": _history(report, rows) if level == "city" else None,
        "illustrative": any(r["illustrative"] for r in rows),
    }


def _history(report: Report, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The 城区 indicators compared with past years: every city value held, year by year."""
    obs = report.results.observations
    if obs.empty:
        return {"years": [], "rows": []}
    city = obs[obs["area"].fillna("").astype(str).isin(["", report.plan.city_code])]
    city = city[city["year"] <= report.year]
    years = sorted({int(y) for y in city["year"]})[-4:]
    out = []
    for r in rows:
        mine = city[city["indicator"] == r["id"]]
        if mine.empty:
            continue
        ind = report.plan.indicator(r["id"])
        cells = {}
        for rec in mine.to_dict("records"):
            if int(rec["year"]) in years and rec["value"] == rec["value"]:
                cells[int(rec["year"])] = value_text(float(rec["value"]), ind, "zh")
        out.append(
            {
                "id": r["id"],
                "name_zh": r["name_zh"],
                "name_en": r["name_en"],
                "cells": cells,
                "trend": r["trend"],
            }
        )
    return {"years": years, "rows": out}


def nat_levels(report: Report, part: Part) -> dict[str, Any]:
    index = report.chapter_of[part.key]["index"]
    levels = [
        _level_view(report, d.id, index, k) for k, d in enumerate(report.plan.domains, start=1)
    ]
    return {"nat_level_views": levels, "nat_levels_index": index}


# -- chapter 五: special checks (only when given) ---------------------------------------------


def nat_special(report: Report, part: Part) -> dict[str, Any]:
    summary = report.results.summary
    paras = [{"zh": p.zh, "en": p.en} for p in summary.text if p.key.startswith("special")]
    return {"nat_special_text": paras}


def share(x: float | None, lang: str) -> str:
    return fmt_percent(x, lang)  # type: ignore[arg-type]
