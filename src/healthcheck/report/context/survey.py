"""The resident survey chapter (居民调查问卷分析), from the survey's results alone.

The builder reads :attr:`ReportResults.survey` (a :class:`SurveyResults`) and, where the
framework grades its indicators (the national check), the indicator rows' ``grade`` for the
comparison of residents' scores with the objective grades.  An outline prints the chapter with
``needs: survey``.
"""

from __future__ import annotations

from typing import Any

from healthcheck.errors import BuildError
from healthcheck.report.context.base import Report
from healthcheck.report.context.figures import figure_view
from healthcheck.report.outlines import Part
from healthcheck.results.model import SURVEY, SurveyArea, SurveyResults, SurveyScore

__all__ = ["GRADE_WORDS", "survey"]

#: the national grades in words (the report imports nothing of the engine)
GRADE_WORDS = {
    "very_good": ("很好", "very good"),
    "good": ("较好", "good"),
    "fair": ("一般", "fair"),
    "insufficient": ("不足", "insufficient"),
}
_LEVELS = {
    "district": ("区", "district"),
    "street": ("街道", "sub-district"),
    "community": ("社区", "community"),
}


def _num(x: float | None) -> str:
    return "—" if x is None else f"{x:.1f}"


def _score(s: SurveyScore | SurveyArea, threshold: float) -> dict[str, Any]:
    small = s.score is None
    return {
        "name_zh": s.name_zh,
        "name_en": s.name_en,
        "n": f"{s.n:,}",
        "small": small,
        "score": _num(s.score),
        "interval": "" if small else f"{_num(s.low)}–{_num(s.high)}",
        "low": (not small) and s.score is not None and s.score < threshold,
        "below_city": bool(getattr(s, "below_city", False)),
        "id": getattr(s, "id", getattr(s, "code", "")),
    }


def _agreement(report: Report, sv: SurveyResults) -> list[dict[str, Any]]:
    """Indicators whose objective grade and residents' score disagree: graded 很好/较好 with a
    score below the threshold, or 不足 with a score at or above it."""
    out = []
    for si in sv.survey_indicators:
        row = report.results.rows.get(si.indicator)
        grade = getattr(row, "expert_grade", None) or getattr(row, "default_grade", None)
        if row is None or grade not in GRADE_WORDS or si.score is None:
            continue
        good, low = grade in ("very_good", "good"), si.score < sv.threshold
        if (good and low) or (grade == "insufficient" and not low):
            kind = "good_low" if good else "poor_high"
            zh, en = GRADE_WORDS[grade]
            out.append(
                {
                    "id": row.id,
                    "name_zh": row.name_zh,
                    "name_en": row.name_en,
                    "grade_zh": zh,
                    "grade_en": en,
                    "score": _num(si.score),
                    "kind": kind,
                }
            )
    return [r for r in out if r["kind"] == "good_low"] + [
        r for r in out if r["kind"] == "poor_high"
    ]


def _areas(sv: SurveyResults) -> dict[str, Any]:
    t = sv.threshold
    districts = [_score(a, t) for a in sv.areas if a.level == "district"]
    below = [_score(a, t) for a in sv.areas if a.below_city and a.level == "district"]
    small = {lv: sum(1 for a in sv.areas if a.level == lv and a.small) for lv in _LEVELS}
    below_streets = sum(1 for a in sv.areas if a.level == "street" and a.below_city)
    streets = sum(1 for a in sv.areas if a.level == "street")
    below_communities = sum(1 for a in sv.areas if a.level == "community" and a.below_city)
    communities = sum(1 for a in sv.areas if a.level == "community")
    return {
        "districts": districts,
        "below": below,
        "small": small,
        "below_communities": below_communities,
        "below_streets": below_streets,
        "streets": streets,
        "communities": communities,
    }


def _scores(sv: SurveyResults) -> dict[str, Any]:
    t = sv.threshold
    overall = next((s for s in sv.scores if s.level == "overall"), None)
    items = sorted((s for s in sv.scores if s.level == "item"), key=lambda s: s.score or 0)
    return {
        "overall": _score(overall, t) if overall else None,
        "blocks": [_score(s, t) for s in sv.scores if s.level == "block"],
        "low_items": [_score(s, t) for s in items if s.score is not None and s.score < t],
        "small_items": [_score(s, t) for s in items if s.small],
    }


def survey(report: Report, part: Part) -> dict[str, Any]:
    sv = report.results.survey
    if sv is None:
        raise BuildError("the survey chapter needs the survey's results (outline: needs: survey)")
    ch = report.chapter_of.get(part.key)
    number = ch["index"] if ch else "S"
    figures = {
        f.id: figure_view(f, report.results.store, SURVEY, report.plan, f"{number}-{k}")
        for k, f in enumerate(sv.figures, start=1)
    }
    unusable = [{"zh": u.label_zh, "en": u.label_en, "n": f"{u.n:,}"} for u in sv.unusable]
    return {
        "ch_survey": ch,
        "survey": {
            "illustrative": sv.illustrative,
            "source": sv.source,
            "year": sv.year,
            "read": f"{sv.read:,}",
            "usable": f"{sv.usable:,}",
            "threshold": f"{sv.threshold:g}",
            "min_cell": sv.min_cell,
            "unusable": unusable,
            "checks": [c.model_dump() for c in sv.checks],
            "failed": sum(1 for c in sv.checks if not c.passed),
            **_scores(sv),
            "areas": _areas(sv),
            "agreement": _agreement(report, sv),
            "graded": any(getattr(r, "grade", None) for r in report.results.rows.values()),
            "figures": figures,
            "method": sv.method,
        },
    }
