"""The sub-city levels (住房, 小区（社区）, 街区) and 问题整治完成率: counts from the problem ledger
(问题台账), the judgement of each count, and the remediation of last year's problems.

**Counts** (:func:`ledger_counts`): an indicator's value in a unit (a 社区, a 街道, the city)
is the number of distinct ledger units with the problem (``ledger_count = units``: buildings,
estates …) or the sum of the records' ``quantity`` (``quantity``: a gap in places, a length in
km).  Every record of the year's ledger counts except the carried-forward records marked done
(last year's problems fixed this year: they no longer exist).

**Judgement** (:func:`judge_subcity`; the manual, 第一章 三(五): 底线型 one-vote veto, 提升型
judged with the survey).  The manual states no grade for these levels; this framework maps:

============================================  =======  ===========================
count                                         grade    problem
============================================  =======  ===========================
0                                             很好      no
> 0, 底线型                                    不足      yes: 底线型一票否决 (veto)
> 0, 提升型, residents' score ≥ 60             较好      no (residents are satisfied)
> 0, 提升型, residents' score < 60             一般      yes
> 0, 提升型, no survey score                   一般      yes, judged on the count alone
============================================  =======  ===========================

**问题整治完成率** (:func:`remediation_rate`, indicator 60; manual 指标60): of the previous
year's ledger, the share done by the report year, for 限时解决 and 尽力解决 separately and
overall.  A 限时解决 problem counts as done only if closed by the end of its ``due`` month (the
manual: "应在规定时间内完成整治，未完成的视为未达标"); done later it is listed as overdue.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import pandas as pd

from healthcheck.inputs.status import is_illustrative
from healthcheck.inputs.system import IndicatorSystem, SystemIndicator
from healthcheck.results.model import RemediationRate

__all__ = [
    "COUNT_COLUMNS",
    "JUDGED_COLUMNS",
    "UNIT_LEVELS",
    "judge_subcity",
    "ledger_counts",
    "remediation_rate",
]

#: the units counted in, smallest first (ledger column for each; the city is the whole ledger)
UNIT_LEVELS: dict[str, str] = {"community": "community", "street": "street", "city": ""}
#: the columns of :func:`ledger_counts`
COUNT_COLUMNS: tuple[str, ...] = (
    "indicator", "level", "dimension_zh", "dimension_en", "unit_level", "unit", "unit_name_zh",
    "unit_name_en", "district", "value", "records", "illustrative",
)  # fmt: skip
#: the columns of :func:`judge_subcity`: the counts, then the judgement
JUDGED_COLUMNS: tuple[str, ...] = (
    *COUNT_COLUMNS, "problem_class", "applicable", "problem", "veto", "grade", "survey_score",
    "reason_zh", "reason_en",
)  # fmt: skip


def _counted(ledger: pd.DataFrame) -> pd.DataFrame:
    """The records that count: all but carried-forward records marked done."""
    carried = ledger["carried_from"].notna() if "carried_from" in ledger else False
    return ledger[~(carried & (ledger["status"] == "done"))]


def _units_of(units: pd.DataFrame | None, unit_level: str, ledger: pd.DataFrame) -> pd.DataFrame:
    """The units to report (code, name_zh, name_en, district): the register's units of the
    level, else those the ledger names."""
    if unit_level == "city":
        return pd.DataFrame([{"code": "", "name_zh": "全市", "name_en": "City", "district": ""}])
    if units is not None and not units.empty:
        mine = units[units["level"] == unit_level]
        return mine[["code", "name_zh", "name_en", "district"]].reset_index(drop=True)
    col = UNIT_LEVELS[unit_level]
    codes = ledger[[col, "district"]].drop_duplicates(col)
    return pd.DataFrame(
        {"code": codes[col], "name_zh": codes[col], "name_en": codes[col],
         "district": codes["district"]}
    )  # fmt: skip


def _value(ind: SystemIndicator, records: pd.DataFrame) -> float:
    if records.empty:
        return 0.0
    if ind.ledger_count == "quantity":
        return float(records["quantity"].sum())
    return float(records["unit_id"].nunique())


def ledger_counts(
    system: IndicatorSystem,
    ledger: pd.DataFrame,
    unit_level: str,
    *,
    units: pd.DataFrame | None = None,
    level: str | None = None,
    city_code: str = "",
) -> pd.DataFrame:
    """The ledger's count of each ledger indicator (of ``level``, or all sub-city levels) in
    each unit of ``unit_level`` (``community``, ``street`` or ``city``), units in the order of
    the register (``units``: the checked units.csv frame) or of the ledger; columns
    :data:`COUNT_COLUMNS` (``illustrative``: any counted record is illustrative)."""
    if unit_level not in UNIT_LEVELS:
        raise ValueError(f"unknown unit level {unit_level!r}; known: {', '.join(UNIT_LEVELS)}")
    counted = _counted(ledger)
    rows = []
    for ind in system.indicators:
        if ind.source_of_value != "ledger" or (level is not None and ind.level != level):
            continue
        mine = counted[counted["indicator"] == ind.id]
        for u in _units_of(units, unit_level, counted).to_dict("records"):
            col = UNIT_LEVELS[unit_level]
            records = mine if unit_level == "city" else mine[mine[col] == u["code"]]
            rows.append(
                {"indicator": ind.id, "level": ind.level, "dimension_zh": ind.dimension_zh,
                 "dimension_en": ind.dimension_en, "unit_level": unit_level,
                 "unit": u["code"] or city_code, "unit_name_zh": u["name_zh"],
                 "unit_name_en": u["name_en"], "district": u["district"],
                 "value": _value(ind, records), "records": len(records),
                 "illustrative": bool(records["data_status"].map(is_illustrative).any())}
            )  # fmt: skip
    return pd.DataFrame(rows, columns=list(COUNT_COLUMNS))


def _verdict(
    ind: SystemIndicator, value: float, score: float | None, threshold: float
) -> tuple[bool, bool, str, str, str]:
    """(problem, veto, grade, reason_zh, reason_en) of one count (the module's table)."""
    if value <= 0:
        return False, False, "very_good", "未发现问题", "no problem found"
    if ind.problem_class == "bottom_line":
        zh = "底线型一票否决：存在问题即判定为问题"
        return True, True, "insufficient", zh, "bottom line (one-vote veto): any case is a problem"
    if score is None:
        zh = "提升型：无居民满意度数据，按问题数量判定"
        return True, False, "fair", zh, "improvement: no residents' score, judged on the count"
    if score < threshold:
        zh = f"提升型：存在问题且居民满意度{score:.1f}分，低于{threshold:.0f}分"
        en = f"improvement: problems found and residents' score {score:.1f}, below {threshold:.0f}"
        return True, False, "fair", zh, en
    zh = f"提升型：存在问题，但居民满意度{score:.1f}分，不低于{threshold:.0f}分"
    en = (
        f"improvement: problems found, but residents' score {score:.1f} is at least {threshold:.0f}"
    )
    return False, False, "good", zh, en


def _judge(
    ind: SystemIndicator, value: float, score: float | None, threshold: float, dropped: bool
) -> dict[str, object]:
    if dropped:
        zh, en = "本市不适用（见城市自定）", "not applicable to the city (see its choices)"
        problem, veto, grade = False, False, None
    else:
        problem, veto, grade, zh, en = _verdict(ind, value, score, threshold)
    return {
        "problem_class": ind.problem_class,
        "applicable": not dropped,
        "problem": problem,
        "veto": veto,
        "grade": grade,
        "survey_score": score,
        "reason_zh": zh,
        "reason_en": en,
    }


def judge_subcity(
    system: IndicatorSystem,
    ledger: pd.DataFrame,
    survey: Mapping[str, float | None] | None = None,
    *,
    units: pd.DataFrame | None = None,
    survey_by_unit: pd.DataFrame | None = None,
    level: str | None = None,
    city_code: str = "",
    dropped: Collection[str] = (),
) -> pd.DataFrame:
    """The counts of :func:`ledger_counts` per 社区, per 街道 and for the city (in that order),
    each judged (see the module's table); columns :data:`JUDGED_COLUMNS`.  Indicators in
    ``dropped`` (the city's ``drop`` refinements) are counted but not judged
    (``applicable`` False, grade None).

    ``survey``: residents' score (0-100) per indicator id for the whole city;
    ``survey_by_unit`` (``indicator, unit, score``): scores of single units, which win over the
    city's where given."""
    threshold = system.grading.survey_threshold
    by_unit: dict[tuple[str, str], float] = {}
    if survey_by_unit is not None:
        for r in survey_by_unit.dropna(subset=["score"]).to_dict("records"):
            by_unit[(str(r["indicator"]), str(r["unit"]))] = float(r["score"])
    frames = []
    for unit_level in UNIT_LEVELS:
        counts = ledger_counts(system, ledger, unit_level, units=units, level=level,
                               city_code=city_code)  # fmt: skip
        judged = []
        for r in counts.to_dict("records"):
            score = by_unit.get((r["indicator"], r["unit"]))
            if score is None and survey is not None:
                score = survey.get(r["indicator"])
            ind = system.indicator(r["indicator"])
            judged.append(r | _judge(ind, r["value"], score, threshold, ind.id in dropped))
        frames.append(pd.DataFrame(judged, columns=list(JUDGED_COLUMNS)))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=JUDGED_COLUMNS)


def _month_end(due: str) -> pd.Timestamp | None:
    if not isinstance(due, str) or not due:
        return None
    return pd.Period(due, freq="M").end_time.normalize()


def remediation_rate(previous: pd.DataFrame, ledger: pd.DataFrame, year: int) -> RemediationRate:
    """问题整治完成率 of report ``year`` (see the module): ``previous`` is the ledger of
    ``year - 1``, ``ledger`` the report year's (both checked ledger frames, keyed by
    ``problem_id``).  A previous problem's status is this year's record of the same id, else
    its own; not done and absent from this year's ledger it is listed as ``missing``."""
    current = ledger.set_index("problem_id") if not ledger.empty else ledger
    totals = {"time_bound": [0, 0], "best_effort": [0, 0]}
    carried: list[str] = []
    missing: list[str] = []
    overdue: list[str] = []
    illustrative = False
    for r in previous.to_dict("records"):
        pid = str(r["problem_id"])
        now = current.loc[pid] if pid in current.index else None
        status = str(now["status"]) if now is not None else str(r["status"])
        closed = now["closed"] if now is not None else r["closed"]
        illustrative |= is_illustrative(str(r["data_status"]))
        done = status == "done"
        if r["remedy"] == "time_bound" and done:
            end = _month_end(str(r["due"]))
            if end is not None and _after(closed, end):
                done = False
                overdue.append(pid)
        elif r["remedy"] == "time_bound" and _due_passed(str(r["due"]), year):
            overdue.append(pid)
        totals[str(r["remedy"])][0] += 1
        totals[str(r["remedy"])][1] += int(done)
        if status != "done":
            (carried if now is not None else missing).append(pid)
    tb, be = totals["time_bound"], totals["best_effort"]
    all_total, all_done = tb[0] + be[0], tb[1] + be[1]
    return RemediationRate(
        year=year,
        previous_year=year - 1,
        time_bound_total=tb[0],
        time_bound_done=tb[1],
        best_effort_total=be[0],
        best_effort_done=be[1],
        time_bound=tb[1] / tb[0] if tb[0] else None,
        best_effort=be[1] / be[0] if be[0] else None,
        overall=all_done / all_total if all_total else None,
        carried_forward=carried,
        missing=missing,
        overdue=overdue,
        illustrative=illustrative,
    )


def _after(closed: Any, end: pd.Timestamp) -> bool:
    """Whether a ``closed`` date (a date, or None / NaT when open) is after ``end``."""
    return closed is not None and not pd.isna(closed) and pd.Timestamp(closed) > end


def _due_passed(due: str, year: int) -> bool:
    end = _month_end(due)
    return end is not None and end < pd.Timestamp(year=year, month=12, day=31)
