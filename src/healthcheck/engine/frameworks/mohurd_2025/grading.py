"""Grading the 城区（城市） indicators and rating the dimensions (manual 第五章).

The manual grades each city indicator 很好 / 较好 / 一般 / 不足 by expert judgement "against the
reference value, with the city's trend over the years, its goals and comparable cities", and
states one mechanical rule: a residents' survey score below 60 lowers the grade one step.  The
default rule here makes that judgement transparent (parameters in ``grading.yaml``):

1. **The goal**: the city's threshold (refinements.csv) if it set one, else the manual's
   reference value.  The distance to it, in the indicator's direction, relative to the goal
   (absolute over ``zero_scale`` for a goal of 0): met by ``very_good_margin`` or more, or met
   at the end of the scale (0 for a count to be removed, 100 % for a coverage) -- 很好; met --
   较好; short by at most ``fair_shortfall`` -- 一般; further short -- 不足.
2. **The trend** over the years held (at least ``trend_min_years``): the change per year from
   the first to the last year, relative, in the indicator's direction; improving above
   ``trend_tolerance``, worsening below minus it, stable otherwise.  With a goal (and
   ``trend_step``): worsening lowers the grade one step; improving raises 不足 to 一般 (a missed
   goal never rises above 一般 by its trend).  Without a goal the trend alone grades:
   improving 较好, stable 一般, worsening 不足.
3. **Peer cities** (at least ``peer_min`` values): better than their median by ``peer_margin``
   or more raises one step, worse by as much lowers one step; a missed goal stays at most 一般.
4. No value for the year, or neither a goal nor a trend: not graded, with the reason.

An expert grade (grades/<year>.csv) overrides the default; both are kept.  Then the survey
(:func:`lower_one`).  Dimension ratings: :func:`rate_dimension`, 第五章 表3 exactly, with the one
case the table leaves out decided (see there).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from healthcheck.inputs.status import is_illustrative
from healthcheck.inputs.system import LEVELS, GradingParams, IndicatorSystem, SystemIndicator

if TYPE_CHECKING:
    from healthcheck.inputs.plan import Plan
    from healthcheck.inputs.refinements import Refinement
    from healthcheck.results.model import RemediationRate

__all__ = [
    "GRADED_COLUMNS",
    "GRADES",
    "GRADE_LABELS",
    "RATINGS",
    "RATING_COLUMNS",
    "RATING_LABELS",
    "Goal",
    "default_grade",
    "dimension_ratings",
    "goal_of",
    "grade_city",
    "level_ratings",
    "lower_one",
    "raise_one",
    "rate_dimension",
    "trend_of",
]

#: the grades, best first: 很好 / 较好 / 一般 / 不足
GRADES: tuple[str, ...] = ("very_good", "good", "fair", "insufficient")
GRADE_LABELS: dict[str, tuple[str, str]] = {
    "very_good": ("很好", "very good"),
    "good": ("较好", "good"),
    "fair": ("一般", "fair"),
    "insufficient": ("不足", "insufficient"),
}
#: the dimension ratings, best first: 优 / 良 / 中 / 差
RATINGS: tuple[str, ...] = ("excellent", "good", "fair", "poor")
RATING_LABELS: dict[str, tuple[str, str]] = {
    "excellent": ("优", "excellent"),
    "good": ("良", "good"),
    "fair": ("中", "fair"),
    "poor": ("差", "poor"),
}
Trend = Literal["improving", "stable", "worsening"]
_TREND_WORDS: dict[str, tuple[str, str]] = {
    "improving": ("逐年向好", "improving"),
    "stable": ("基本持平", "stable"),
    "worsening": ("趋于变差", "worsening"),
}

#: the columns of :func:`dimension_ratings`
RATING_COLUMNS: tuple[str, ...] = (
    "level", "dimension_zh", "dimension_en", "rating", "graded", *GRADES, "not_graded",
    "reason_zh", "reason_en",
)  # fmt: skip
#: the columns of :func:`grade_city` (one row per graded indicator of the plan)
GRADED_COLUMNS: tuple[str, ...] = (
    "id", "level", "source_of_value", "dimension_zh", "dimension_en", "name_zh", "name_en",
    "unit_zh", "unit_en", "direction", "problem_class", "year", "value", "value_status",
    "illustrative", "goal",
    "goal_op", "goal_source", "reference_zh", "reference_en", "distance", "trend",
    "trend_rate", "trend_years", "peer_median", "peers", "default_grade", "expert_grade",
    "expert_panel", "grade", "grade_reason_zh", "grade_reason_en", "survey_score",
    "survey_downgrade", "applicable", "not_applicable_zh", "not_applicable_en",
    "city_choice_zh", "city_choice_en",
)  # fmt: skip


def lower_one(grade: str | None) -> str | None:
    """One grade lower (不足 stays 不足; None stays None)."""
    if grade is None:
        return None
    return GRADES[min(GRADES.index(grade) + 1, len(GRADES) - 1)]


def raise_one(grade: str | None) -> str | None:
    """One grade higher (很好 stays 很好; None stays None)."""
    if grade is None:
        return None
    return GRADES[max(GRADES.index(grade) - 1, 0)]


# --------------------------------------------------------------------------------------------
# Dimension rating (第五章 表3)


def rate_dimension(grades: Sequence[str], params: GradingParams | None = None) -> str | None:
    """The rating 优/良/中/差 (``excellent``/``good``/``fair``/``poor``) of a dimension from
    the grades of its graded indicators, by 第五章 表3; None when none is graded.

    With s1 the share graded 很好, s2 the share 很好 or 较好 (exact fractions, so that 4 of 5
    is exactly 80 %), and "any 不足":

    ====  ==========================================================================
    优    s1 ≥ 80 %, no 不足
    良    s2 ≥ 80 % with 不足; 60 % ≤ s2 < 80 %, no 不足
    中    60 % ≤ s2 < 80 % with 不足; 40 % ≤ s2 < 60 %, no 不足
    差    40 % ≤ s2 < 60 % with 不足; s2 < 40 %
    ====  ==========================================================================

    The table leaves one case out: s1 < 80 % with s2 ≥ 80 % and no 不足.  It is rated 良: it
    is better than the rows of 良 (s2 ≥ 80 % with a 不足, or s2 < 80 % without), and short of
    优's share of 很好.  (A dimension with s1 ≥ 80 % and a 不足 falls in 良's first row.)
    """
    p = params or GradingParams()
    if not grades:
        return None
    unknown = [g for g in grades if g not in GRADES]
    if unknown:
        raise ValueError(f"unknown grades {unknown}; known: {', '.join(GRADES)}")
    n = len(grades)
    s1 = Fraction(sum(g == "very_good" for g in grades), n)
    s2 = Fraction(sum(g in ("very_good", "good") for g in grades), n)
    top, mid, low = (Fraction(str(b)) for b in p.dimension_bands)
    any_insufficient = "insufficient" in grades
    if s1 >= Fraction(str(p.dimension_very_good)) and not any_insufficient:
        return "excellent"
    if s2 >= top:
        return "good"  # with 不足 (the table), or without and s1 < 80 % (the gap, see above)
    if s2 >= mid:
        return "fair" if any_insufficient else "good"
    if s2 >= low:
        return "poor" if any_insufficient else "fair"
    return "poor"


def dimension_ratings(graded: pd.DataFrame, params: GradingParams | None = None) -> pd.DataFrame:
    """One row per (level, dimension) of ``graded`` (any frame with ``level``,
    ``dimension_zh``, ``dimension_en``, ``grade`` and, optionally, ``applicable`` and
    ``source_of_value``), in the order of first appearance: ``level, dimension_zh,
    dimension_en, rating, graded, very_good, good, fair, insufficient, not_graded, reason_zh,
    reason_en``.

    Dimensions are told apart by level and Chinese name (the English of the first row is
    used).  Indicators not graded or not applicable are left out of the shares and counted in
    ``not_graded``.  问题整治完成率 (``source_of_value = remediation``) is not rated: 表3 rates
    the five dimensions of the 城区 level, and 问题整治 stands apart in the outline (第七章).
    """
    if "source_of_value" in graded:
        graded = graded[graded["source_of_value"] != "remediation"]
    rows = []
    for (level, dim_zh), group in graded.groupby(["level", "dimension_zh"], sort=False):
        applicable = (
            group["applicable"].fillna(True).astype(bool) if "applicable" in group else True
        )
        grades = [str(g) for g in group.loc[applicable & group["grade"].notna(), "grade"]]
        counts = {g: grades.count(g) for g in GRADES}
        rating = rate_dimension(grades, params)
        zh, en = _rating_reason(grades, counts)
        rows.append(
            {"level": str(level), "dimension_zh": str(dim_zh),
             "dimension_en": str(group["dimension_en"].iloc[0]), "rating": rating,
             "graded": len(grades), **counts, "not_graded": len(group) - len(grades),
             "reason_zh": zh, "reason_en": en}
        )  # fmt: skip
    return pd.DataFrame(rows, columns=list(RATING_COLUMNS))


def _rating_reason(grades: list[str], counts: dict[str, int]) -> tuple[str, str]:
    n = len(grades)
    if n == 0:
        return "本维度没有完成评级的指标，不作评价", "no indicator of the dimension is graded"
    vg, vgg, bad = counts["very_good"], counts["very_good"] + counts["good"], counts["insufficient"]
    zh = f"{n}项指标中很好{vg}项（{vg / n:.0%}），很好和较好{vgg}项（{vgg / n:.0%}），不足{bad}项"
    en = (
        f"of {n} indicators {vg} very good ({vg / n:.0%}), {vgg} very good or good "
        f"({vgg / n:.0%}), {bad} insufficient"
    )
    return zh, en


def level_ratings(
    graded: pd.DataFrame, judged: pd.DataFrame | None = None, params: GradingParams | None = None
) -> pd.DataFrame:
    """The dimension ratings of every level: the graded rows (:func:`grade_city`) together
    with the city-wide judgements of the ledger indicators (the ``unit_level == "city"`` rows
    of :func:`~healthcheck.engine.frameworks.mohurd_2025.judge_subcity`), levels in the
    framework's order.  Columns as :func:`dimension_ratings`.

    The manual rates only the 城区 level (表3); rating the sub-city levels by the same table,
    from the grades of the judgement (see :mod:`.ledger`), is this framework's choice."""
    frames = [graded]
    if judged is not None and not judged.empty:
        frames.append(judged[judged["unit_level"] == "city"].rename(columns={"indicator": "id"}))
    rows = pd.concat(frames, ignore_index=True)
    order = {lv: i for i, lv in enumerate(LEVELS)}
    rows = rows.sort_values("level", key=lambda s: s.map(order), kind="mergesort")
    return dimension_ratings(rows, params)


# --------------------------------------------------------------------------------------------
# The default grade of one indicator


@dataclass(frozen=True)
class Goal:
    """The figure an indicator is graded against: the city's threshold or the manual's
    reference value, with its comparison."""

    value: float
    op: Literal[">=", "<=", "=="]
    source: Literal["city", "manual"]


def goal_of(ind: SystemIndicator, threshold: float | None, op: str = "") -> Goal | None:
    """The goal of ``ind``: the city's ``threshold`` (with ``op``, else the reference's or the
    direction's) if given, else the manual's reference value; None without either."""
    default_op: Literal[">=", "<=", "=="] = ind.reference_op or (
        ">=" if ind.direction == "up" else "<="
    )
    if threshold is not None:
        return Goal(threshold, (op or default_op), "city")  # type: ignore[arg-type]
    if ind.reference is not None:
        return Goal(ind.reference, default_op, "manual")
    return None


def _distance(value: float, goal: Goal, direction: str, params: GradingParams) -> float:
    """The signed distance of ``value`` to ``goal``, positive when met with room to spare."""
    scale = abs(goal.value) if goal.value != 0 else params.zero_scale
    if goal.op == "==":
        return -abs(value - goal.value) / scale
    sign = 1 if goal.op == ">=" else -1
    if goal.op not in (">=", "<="):
        sign = 1 if direction == "up" else -1
    return sign * (value - goal.value) / scale


def _at_scale_end(goal: Goal, unit: str) -> bool:
    return (
        (goal.op == "<=" and goal.value == 0)
        or (goal.op == ">=" and unit.strip() == "%" and goal.value >= 100)
        or goal.op == "=="
    )


def trend_of(
    series: pd.Series, direction: str, params: GradingParams | None = None
) -> tuple[Trend | None, float | None]:
    """The trend of a city's values by year (index: years, up to the report year) in the
    indicator's direction, and its rate per year; (None, None) with fewer than
    ``trend_min_years`` values."""
    p = params or GradingParams()
    s = series.dropna().sort_index()
    if len(s) < p.trend_min_years:
        return None, None
    first, last = float(s.iloc[0]), float(s.iloc[-1])
    years = int(s.index[-1]) - int(s.index[0])
    scale = abs(first) if first != 0 else p.zero_scale
    rate = (last - first) / scale / years * (1 if direction == "up" else -1)
    if rate > p.trend_tolerance:
        return "improving", rate
    if rate < -p.trend_tolerance:
        return "worsening", rate
    return "stable", rate


def default_grade(
    ind: SystemIndicator,
    value: float | None,
    goal: Goal | None,
    trend: Trend | None,
    peer_median: float | None,
    params: GradingParams | None = None,
) -> tuple[str | None, str, str]:
    """The default rule's grade of one indicator (see the module), with its reason in Chinese
    and English; grade None when not graded."""
    p = params or GradingParams()
    if value is None:
        return None, "本年度无数值，不作评级", "no value for the year: not graded"
    if goal is None and trend is None:
        return (
            None,
            "无参考标准、本市阈值或历年趋势，不作评级",
            "no reference value, city threshold or trend over the years: not graded",
        )
    zh: list[str] = []
    en: list[str] = []
    missed = False
    if goal is not None:
        d = _distance(value, goal, ind.direction, p)
        missed = d < 0
        whose = ("本市阈值", "the city's threshold") if goal.source == "city" else (
            "参考标准", "the reference value")  # fmt: skip
        if d >= 0 and _at_scale_end(goal, ind.unit_zh):
            grade = "very_good"
            zh.append(f"达到{whose[0]}（已是最优值）")
            en.append(f"meets {whose[1]} (the best possible value)")
        elif d >= p.very_good_margin:
            grade = "very_good"
            zh.append(f"达到{whose[0]}且留有余量")
            en.append(f"meets {whose[1]} with room to spare")
        elif d >= 0:
            grade = "good"
            zh.append(f"达到{whose[0]}")
            en.append(f"meets {whose[1]}")
        elif -d <= p.fair_shortfall:
            grade = "fair"
            zh.append(f"略低于{whose[0]}（差距不超过{p.fair_shortfall:.0%}）")
            en.append(f"just short of {whose[1]} (by at most {p.fair_shortfall:.0%})")
        else:
            grade = "insufficient"
            zh.append(f"未达到{whose[0]}（差距超过{p.fair_shortfall:.0%}）")
            en.append(f"short of {whose[1]} (by more than {p.fair_shortfall:.0%})")
        if trend is not None and p.trend_step:
            zh.append(f"历年{_TREND_WORDS[trend][0]}")
            en.append(f"{_TREND_WORDS[trend][1]} over the years held")
            if trend == "worsening":
                grade = lower_one(grade) or grade
            elif trend == "improving" and grade == "insufficient":
                grade = "fair"
    else:
        assert trend is not None
        grade = {"improving": "good", "stable": "fair", "worsening": "insufficient"}[trend]
        zh.append(f"无参考标准，按历年趋势：{_TREND_WORDS[trend][0]}")
        en.append(f"no reference value; by the trend over the years: {_TREND_WORDS[trend][1]}")
    grade = _peer_step(grade, ind, value, peer_median, missed, p, zh, en)
    return grade, "；".join(zh), "; ".join(en)


def _peer_step(
    grade: str,
    ind: SystemIndicator,
    value: float,
    median: float | None,
    missed: bool,
    p: GradingParams,
    zh: list[str],
    en: list[str],
) -> str:
    if median is None:
        return grade
    scale = abs(median) if median != 0 else p.zero_scale
    rel = (value - median) / scale * (1 if ind.direction == "up" else -1)
    if rel >= p.peer_margin:
        grade = raise_one(grade) or grade
        zh.append("优于可比城市中位数")
        en.append("better than the peer cities' median")
    elif rel <= -p.peer_margin:
        grade = lower_one(grade) or grade
        zh.append("低于可比城市中位数")
        en.append("worse than the peer cities' median")
    if missed and GRADES.index(grade) < GRADES.index("fair"):
        grade = "fair"
    return grade


# --------------------------------------------------------------------------------------------
# The city level


def _city_values(obs: pd.DataFrame, ident: str, year: int) -> pd.DataFrame:
    rows = obs[(obs["indicator"] == ident) & (obs["area"] == "") & (obs["year"] <= year)]
    return rows.sort_values("year")


def _peer_median(
    peers: pd.DataFrame | None, ident: str, p: GradingParams
) -> tuple[float | None, int]:
    if peers is None or peers.empty:
        return None, 0
    values = peers.loc[peers["indicator"] == ident, "value"].dropna()
    if len(values) < p.peer_min:
        return None, len(values)
    return float(values.median()), len(values)


def grade_city(
    plan: Plan,
    obs: pd.DataFrame,
    year: int,
    *,
    expert: pd.DataFrame | None = None,
    peers: pd.DataFrame | None = None,
    survey: Mapping[str, float | None] | None = None,
    remediation: RemediationRate | None = None,
) -> pd.DataFrame:
    """One row per graded indicator of the national ``plan`` (its order), columns
    :data:`GRADED_COLUMNS`: every indicator not counted from the ledger -- the 城区（城市）
    level, the two coverage rates of the 街区 level (N22, N25) and the city's 特色指标 with
    an observed value.

    ``obs``: the observations (city rows: ``area == ""``); ``expert``: the expert grades
    (``indicator, grade, panel, reason_zh, reason_en``, grades as :data:`GRADES`); ``peers``:
    peer-city values (``indicator, city, value``); ``survey``: residents' score (0-100) per
    indicator id; ``remediation``: 问题整治完成率, the value of the indicator whose
    ``source_of_value`` is ``remediation`` (in %).
    """
    system = _system(plan)
    p = system.grading
    refinements = {r.indicator: r for r in plan.refinements}
    experts: dict[str, dict[str, Any]] = (
        {} if expert is None else {str(r["indicator"]): r for r in _records(expert)}
    )
    rows = []
    for ind in system.indicators:
        if ind.source_of_value == "ledger":
            continue
        ref = refinements.get(ind.id)
        row = _identity(ind, ref)
        if ref is not None and ref.action == "drop":
            row.update(applicable=False, not_applicable_zh=ref.reason_zh,
                       not_applicable_en=ref.reason_en,
                       grade_reason_zh=f"不适用：{ref.reason_zh}",
                       grade_reason_en=f"not applicable: {ref.reason_en}")  # fmt: skip
            rows.append(row)
            continue
        goal = goal_of(ind, ref.value if ref and ref.action == "threshold" else None,
                       ref.op if ref else "")  # fmt: skip
        row.update(_value_part(ind, obs, year, remediation, p))
        if goal is not None:
            row.update(goal=goal.value, goal_op=goal.op, goal_source=goal.source)
            if row["value"] is not None:
                row["distance"] = _distance(row["value"], goal, ind.direction, p)
        median, n_peers = _peer_median(peers, ind.id, p)
        row.update(peer_median=median, peers=n_peers)
        grade, zh, en = default_grade(ind, row["value"], goal, row["trend"], median, p)
        row.update(default_grade=grade, grade=grade, grade_reason_zh=zh, grade_reason_en=en)
        _apply_expert(row, experts.get(ind.id))
        _apply_survey(row, None if survey is None else survey.get(ind.id), p)
        rows.append(row)
    return pd.DataFrame(rows, columns=list(GRADED_COLUMNS))


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): v for k, v in r.items()} for r in frame.to_dict("records")]


def _system(plan: Plan) -> IndicatorSystem:
    system = getattr(plan, "system", None)
    if system is None:
        raise ValueError(f"plan {plan.title_en!r} is not a national plan (framework "
                         f"{plan.framework!r} has no indicator system)")  # fmt: skip
    return system


def _identity(ind: SystemIndicator, ref: Refinement | None) -> dict[str, Any]:
    choice_zh = choice_en = ""
    if ref is not None and ref.action in ("threshold", "add"):
        choice_zh, choice_en = ref.choice_zh, ref.choice_en
    return {c: None for c in GRADED_COLUMNS} | {
        "id": ind.id, "level": ind.level, "source_of_value": ind.source_of_value,
        "dimension_zh": ind.dimension_zh,
        "dimension_en": ind.dimension_en, "name_zh": ind.name_zh, "name_en": ind.name_en,
        "unit_zh": ind.unit_zh, "unit_en": ind.unit_en, "direction": ind.direction,
        "problem_class": ind.problem_class, "reference_zh": ind.reference_text_zh,
        "reference_en": ind.reference_text_en, "illustrative": False, "peers": 0,
        "survey_downgrade": False, "applicable": True, "not_applicable_zh": "",
        "not_applicable_en": "", "city_choice_zh": choice_zh, "city_choice_en": choice_en,
        "goal_source": "", "goal_op": "", "grade_reason_zh": "", "grade_reason_en": "",
        "expert_panel": "", "trend_years": 0,
    }  # fmt: skip


def _value_part(
    ind: SystemIndicator,
    obs: pd.DataFrame,
    year: int,
    remediation: RemediationRate | None,
    p: GradingParams,
) -> dict[str, Any]:
    if ind.source_of_value == "remediation":
        if remediation is None or remediation.overall is None:
            return {"year": None, "value": None, "trend": None}
        return {"year": year, "value": remediation.overall * 100, "trend": None,
                "value_status": "illustrative" if remediation.illustrative else "estimate",
                "illustrative": remediation.illustrative}  # fmt: skip
    rows = _city_values(obs, ind.id, year)
    this = rows[rows["year"] == year]
    trend, rate = trend_of(rows.set_index("year")["value"], ind.direction, p)
    out: dict[str, Any] = {"trend": trend, "trend_rate": rate, "trend_years": len(rows)}
    if this.empty or pd.isna(this["value"].iloc[0]):
        return out | {"year": None, "value": None}
    status = str(this["status"].iloc[0])
    return out | {"year": year, "value": float(this["value"].iloc[0]), "value_status": status,
                  "illustrative": is_illustrative(status)}  # fmt: skip


def _apply_expert(row: dict[str, Any], expert: Mapping[str, Any] | None) -> None:
    if expert is None:
        return
    grade = str(expert["grade"])
    row.update(expert_grade=grade, grade=grade, expert_panel=str(expert.get("panel", "")))
    zh, en = str(expert.get("reason_zh", "")), str(expert.get("reason_en", ""))
    if grade != row["default_grade"]:
        row["grade_reason_zh"] = (
            f"专家评定（{zh or '未说明理由'}）；默认规则：{row['grade_reason_zh']}"
        )
        row["grade_reason_en"] = (
            f"graded by the experts ({en or 'no reason given'}); default rule: "
            f"{row['grade_reason_en']}"
        )


def _apply_survey(row: dict[str, Any], score: float | None, p: GradingParams) -> None:
    row["survey_score"] = score
    if score is None or row["grade"] is None or score >= p.survey_threshold:
        return
    lowered = lower_one(str(row["grade"]))
    row["survey_downgrade"] = lowered != row["grade"]
    row["grade"] = lowered
    row["grade_reason_zh"] = (
        f"{row['grade_reason_zh']}；居民满意度{score:.1f}分，低于{p.survey_threshold:.0f}分"
        + ("，降一级" if row["survey_downgrade"] else "（已为不足）")
    )
    row["grade_reason_en"] = (
        f"{row['grade_reason_en']}; residents' score {score:.1f}, below "
        f"{p.survey_threshold:.0f}" + (": one grade lower" if row["survey_downgrade"]
                                       else " (already insufficient)")
    )  # fmt: skip
