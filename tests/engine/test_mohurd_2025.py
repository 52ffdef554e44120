"""The national 城市体检 (mohurd_2025): the dimension rating of 第五章 表3 row by row, the
default grading rule, expert grades, the survey downgrade, the sub-city judgement (底线型
one-vote veto) and 问题整治完成率 on a ledger pair worked by hand."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from healthcheck.engine.frameworks import FRAMEWORKS, Framework
from healthcheck.engine.frameworks.mohurd_2025 import (
    GRADED_COLUMNS,
    GRADES,
    MOHURD_2025,
    dimension_ratings,
    grade_city,
    judge_subcity,
    ledger_counts,
    level_ratings,
    load_system,
    lower_one,
    rate_dimension,
    remediation_rate,
)
from healthcheck.inputs.plan import load_plan
from tests.engine.national import ledger, record, write_plan


def grades(very_good: int = 0, good: int = 0, fair: int = 0, insufficient: int = 0) -> list[str]:
    return (
        ["very_good"] * very_good + ["good"] * good + ["fair"] * fair
        + ["insufficient"] * insufficient
    )  # fmt: skip


# --------------------------------------------------------------------------------------------
# 第五章 表3, row by row.  Ten indicators, so that each share is exact; 5 for the 80 % edge.

TABLE_3 = [
    # 优: 很好 ≥ 80 %, no 不足
    ("优: very good exactly 80 %, no insufficient", grades(8, 2), "excellent"),
    ("优: all very good", grades(10), "excellent"),
    ("优: 4 of 5 very good (exactly 80 %)", grades(4, 0, 1), "excellent"),
    # 良 row 1: 很好+较好 ≥ 80 % with 不足
    ("良 1: vg+g exactly 80 % with insufficient", grades(4, 4, 0, 2), "good"),
    ("良 1: very good 90 % but an insufficient", grades(9, 0, 0, 1), "good"),
    # 良 row 2: 60 % ≤ 很好+较好 < 80 %, no 不足
    ("良 2: vg+g exactly 60 %, no insufficient", grades(2, 4, 4), "good"),
    ("良 2: vg+g 70 %, no insufficient", grades(0, 7, 3), "good"),
    ("良 2: vg+g just under 80 % (79 of 100), no insufficient", grades(0, 79, 21), "good"),
    # 中 row 1: 60 % ≤ 很好+较好 < 80 % with 不足
    ("中 1: vg+g exactly 60 % with insufficient", grades(3, 3, 3, 1), "fair"),
    ("中 1: vg+g 70 % with insufficient", grades(0, 7, 0, 3), "fair"),
    # 中 row 2: 40 % ≤ 很好+较好 < 60 %, no 不足
    ("中 2: vg+g exactly 40 %, no insufficient", grades(2, 2, 6), "fair"),
    ("中 2: vg+g 59 of 100, no insufficient", grades(0, 59, 41), "fair"),
    # 差 row 1: 40 % ≤ 很好+较好 < 60 % with 不足
    ("差 1: vg+g exactly 40 % with insufficient", grades(4, 0, 5, 1), "poor"),
    ("差 1: vg+g 50 % with insufficient", grades(0, 5, 4, 1), "poor"),
    # 差 row 2: 很好+较好 < 40 %
    ("差 2: vg+g 39 of 100, no insufficient", grades(0, 39, 61), "poor"),
    ("差 2: vg+g 30 % with insufficient", grades(3, 0, 0, 7), "poor"),
    ("差 2: nothing good", grades(0, 0, 10), "poor"),
    # the case table 3 leaves out: 很好 < 80 %, 很好+较好 ≥ 80 %, no 不足 -> 良 (documented)
    ("gap: very good 70 %, vg+g 100 %, no insufficient", grades(7, 3), "good"),
    ("gap: very good 0 %, vg+g exactly 80 %, no insufficient", grades(0, 8, 2), "good"),
]


@pytest.mark.parametrize(("case", "given", "rating"), TABLE_3, ids=[c[0] for c in TABLE_3])
def test_table_3(case: str, given: list[str], rating: str) -> None:
    assert rate_dimension(given) == rating, case


def test_table_3_order_does_not_matter() -> None:
    assert rate_dimension(list(reversed(grades(4, 4, 0, 2)))) == "good"


def test_no_graded_indicator_is_not_rated() -> None:
    assert rate_dimension([]) is None


def test_unknown_grade_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown grades"):
        rate_dimension(["excellent"])


def test_dimension_ratings_skip_ungraded_and_remediation() -> None:
    frame = pd.DataFrame(
        {
            "level": ["city"] * 7,
            "dimension_zh": ["安全韧性"] * 5 + ["智慧高效", "问题整治"],
            "dimension_en": ["safety"] * 5 + ["smart", "remediation"],
            "grade": ["very_good"] * 4 + [None, "fair", "insufficient"],
            "applicable": [True] * 7,
            "source_of_value": ["observed"] * 6 + ["remediation"],
        }
    )
    out = dimension_ratings(frame)
    assert list(out["dimension_zh"]) == ["安全韧性", "智慧高效"]
    safety = out.iloc[0]
    assert (safety["rating"], safety["graded"], safety["not_graded"]) == ("excellent", 4, 1)
    assert safety["reason_zh"] == "4项指标中很好4项（100%），很好和较好4项（100%），不足0项"
    assert out.iloc[1]["rating"] == "poor"


# --------------------------------------------------------------------------------------------
# Grades


def test_lower_one() -> None:
    assert [lower_one(g) for g in GRADES] == ["good", "fair", "insufficient", "insufficient"]
    assert lower_one(None) is None


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory):
    refinements = (
        "indicator,action,value,op,reason_zh,reason_en,source\n"
        "N43,drop,,,本市无轨道交通,The city has no metro,\n"
        "N38,threshold,5,<=,省定标准5%,The province sets 5 %,省住建厅\n"
    )
    return load_plan(write_plan(tmp_path_factory.mktemp("plan"), refinements))


def obs(rows: list[tuple[str, int, float]], status: str = "official") -> pd.DataFrame:
    return pd.DataFrame(
        [{"indicator": i, "year": y, "area": "", "value": v, "status": status, "source": "s",
          "note": ""} for i, y, v in rows],
        columns=["indicator", "year", "area", "value", "status", "source", "note"],
    )  # fmt: skip


def row_of(frame: pd.DataFrame, ident: str) -> pd.Series:
    return frame.set_index("id").loc[ident]


# N30: up, reference 70 (>=).  Values against it: the distance is relative to 70.
@pytest.mark.parametrize(
    ("value", "grade"),
    [
        (77.0, "very_good"),  # met by exactly 10 % of the goal
        (76.9, "good"),  # met, by less than 10 %
        (70.0, "good"),  # exactly the goal
        (63.0, "fair"),  # short by exactly 10 %
        (62.9, "insufficient"),  # short by more
    ],
)
def test_default_grade_by_distance(plan, value: float, grade: str) -> None:
    out = grade_city(plan, obs([("N30", 2025, value)]), 2025)
    r = row_of(out, "N30")
    assert (r["default_grade"], r["grade"], r["goal"], r["goal_source"]) == (
        grade, grade, 70.0, "manual")  # fmt: skip
    assert r["trend"] is None  # one year held: no trend


def test_goal_zero_met_is_very_good_and_a_count_left_is_insufficient(plan) -> None:
    out = grade_city(plan, obs([("N39", 2025, 0), ("N47", 2025, 2)]), 2025)
    assert row_of(out, "N39")["grade"] == "very_good"
    assert "最优值" in row_of(out, "N39")["grade_reason_zh"]
    assert row_of(out, "N47")["grade"] == "insufficient"


def test_trend_moves_the_grade_one_step(plan) -> None:
    worsening = obs([("N30", 2023, 90), ("N30", 2024, 85), ("N30", 2025, 80)])
    improving = obs([("N30", 2023, 40), ("N30", 2024, 50), ("N30", 2025, 60)])
    w = row_of(grade_city(plan, worsening, 2025), "N30")
    i = row_of(grade_city(plan, improving, 2025), "N30")
    assert (w["trend"], w["grade"]) == ("worsening", "good")  # very good, one step down
    assert (i["trend"], i["grade"]) == ("improving", "fair")  # insufficient raised to fair
    assert w["trend_years"] == 3


def test_trend_alone_without_a_goal(plan) -> None:
    # N31 黑臭水体数量 has no reference value: its trend grades it (down is better)
    cases = {
        "improving": (5, 3, "good"),
        "stable": (3, 3, "fair"),
        "worsening": (3, 5, "insufficient"),
    }
    for trend, (first, last, grade) in cases.items():
        r = row_of(grade_city(plan, obs([("N31", 2023, first), ("N31", 2025, last)]), 2025), "N31")
        assert (r["trend"], r["grade"]) == (trend, grade)
        assert r["goal_source"] == ""


def test_not_graded_without_value_or_goal_and_trend(plan) -> None:
    out = grade_city(plan, obs([("N31", 2025, 3)]), 2025)
    r = row_of(out, "N31")
    assert r["grade"] is None and "not graded" in r["grade_reason_en"]
    r = row_of(out, "N30")  # no value at all
    assert r["grade"] is None and r["grade_reason_en"] == "no value for the year: not graded"


def test_peer_median_moves_one_step_but_not_past_a_missed_goal(plan) -> None:
    peers = pd.DataFrame({"indicator": ["N30"] * 3 + ["N31"] * 3, "city": list("abcabc"),
                          "value": [50.0, 55.0, 60.0, 10.0, 9.0, 8.0]})  # fmt: skip
    out = grade_city(plan, obs([("N30", 2025, 66.0), ("N31", 2023, 3), ("N31", 2025, 2)]),
                     2025, peers=peers)  # fmt: skip
    n30 = row_of(out, "N30")  # fair (short by < 10 %), far above peers: stays fair (missed)
    assert (n30["peer_median"], n30["peers"], n30["grade"]) == (55.0, 3, "fair")
    n31 = row_of(out, "N31")  # improving -> good, far better than peers (down) -> very good
    assert n31["grade"] == "very_good"
    few = grade_city(plan, obs([("N30", 2025, 66.0)]), 2025, peers=peers.iloc[:2])
    assert row_of(few, "N30")["peer_median"] is None  # fewer than peer_min peers


def test_city_threshold_wins_over_reference_and_is_the_citys_choice(plan) -> None:
    r = row_of(grade_city(plan, obs([("N38", 2025, 4.0)]), 2025), "N38")
    assert (r["goal"], r["goal_op"], r["goal_source"], r["grade"]) == (
        5.0,
        "<=",
        "city",
        "very_good",
    )
    assert r["city_choice_zh"] == "本市阈值≤5：省定标准5%"
    assert r["city_choice_en"] == "the city's threshold ≤5: The province sets 5 %"


def test_dropped_indicator_is_not_applicable_with_reason(plan) -> None:
    r = row_of(grade_city(plan, obs([("N43", 2025, 12.0)]), 2025), "N43")
    assert not r["applicable"] and r["grade"] is None
    assert r["not_applicable_zh"] == "本市无轨道交通"
    assert r["not_applicable_en"] == "The city has no metro"


def test_expert_grade_overrides_and_both_are_kept(plan) -> None:
    expert = pd.DataFrame([{"indicator": "N30", "grade": "fair", "panel": "专家组",
                            "reason_zh": "管网漏损严重", "reason_en": "Leaky sewers"}])  # fmt: skip
    r = row_of(grade_city(plan, obs([("N30", 2025, 80.0)]), 2025, expert=expert), "N30")
    assert (r["default_grade"], r["expert_grade"], r["grade"]) == ("very_good", "fair", "fair")
    assert r["expert_panel"] == "专家组"
    assert r["grade_reason_zh"].startswith("专家评定（管网漏损严重）；默认规则：达到参考标准")


@pytest.mark.parametrize(
    ("score", "start", "final", "downgrade"),
    [
        (59.9, "very_good", "good", True),
        (59.9, "fair", "insufficient", True),
        (60.0, "very_good", "very_good", False),  # exactly 60 does not lower
        (75.0, "good", "good", False),
        (10.0, "insufficient", "insufficient", False),  # 不足 stays 不足
    ],
)
def test_survey_below_60_lowers_one_grade(plan, score, start, final, downgrade) -> None:
    expert = pd.DataFrame([{"indicator": "N30", "grade": start, "panel": "",
                            "reason_zh": "专家", "reason_en": "experts"}])  # fmt: skip
    out = grade_city(plan, obs([("N30", 2025, 70.0)]), 2025, expert=expert,
                     survey={"N30": score})  # fmt: skip
    r = row_of(out, "N30")
    assert (r["expert_grade"], r["grade"], r["survey_downgrade"]) == (start, final, downgrade)
    assert r["survey_score"] == score
    if score < 60:
        assert "低于60分" in r["grade_reason_zh"] and "below 60" in r["grade_reason_en"]


def test_survey_lowers_the_default_grade_too(plan) -> None:
    r = row_of(grade_city(plan, obs([("N30", 2025, 80.0)]), 2025, survey={"N30": 40.0}), "N30")
    assert (r["default_grade"], r["grade"], r["survey_downgrade"]) == ("very_good", "good", True)


def test_grade_city_rows_and_columns(plan) -> None:
    out = grade_city(plan, obs([]), 2025)
    assert tuple(out.columns) == GRADED_COLUMNS
    system = plan.system
    expected = [i.id for i in system.indicators if i.source_of_value != "ledger"]
    assert list(out["id"]) == expected
    assert {"N22", "N25", "N30", "N59", "N60"} <= set(expected) and "N01" not in expected
    assert len(out) == 33  # 30 city indicators, N60 and the two 街区 coverage rates


def test_illustrative_value_is_flagged(plan) -> None:
    r = row_of(grade_city(plan, obs([("N30", 2025, 80.0)], "illustrative"), 2025), "N30")
    assert r["illustrative"] and r["value_status"] == "illustrative"


# --------------------------------------------------------------------------------------------
# The framework seam


def test_registered_and_implements_the_protocol(plan) -> None:
    assert FRAMEWORKS["mohurd_2025"] is MOHURD_2025
    assert isinstance(MOHURD_2025, Framework)
    assessed = MOHURD_2025.assess(plan, obs([("N30", 2025, 50.0), ("N35", 2025, 8.0)]), 2025)
    assert list(assessed["id"]) == [i.id for i in plan.system.indicators]
    assert list(dict.fromkeys(assessed["domain"])) == ["housing", "community", "block", "city"]
    short = MOHURD_2025.shortfalls(assessed)
    assert list(short["id"]) == ["N30"]  # insufficient; N35 is good
    roll = MOHURD_2025.rollup(assessed, "grade")
    city = roll[(roll["domain"] == "__all__")].set_index("verdict")["count"]
    assert (city["insufficient"], city["good"], city.sum()) == (1, 1, 60)
    assert MOHURD_2025.districts(plan, obs([]), 2025).empty
    assert MOHURD_2025.method()["survey_threshold"] == 60.0
    with pytest.raises(ValueError, match="no verdict system"):
        MOHURD_2025.rollup(assessed, "schedule_verdict")


# --------------------------------------------------------------------------------------------
# Sub-city levels: counts and the one-vote veto


def subcity_ledger() -> pd.DataFrame:
    return ledger([
        record(problem_id="P1", indicator="N02", unit_id="B1"),  # 底线型, C1
        record(problem_id="P2", indicator="N07", unit_id="B1", remedy="best_effort"),  # 提升型
        record(problem_id="P3", indicator="N07", unit_id="B2", remedy="best_effort"),
        record(problem_id="P4", indicator="N07", unit_id="B2", remedy="best_effort"),  # same unit
        record(problem_id="P5", indicator="N14", unit_type="小区", unit_id="E1", quantity="40",
               remedy="best_effort"),
        record(problem_id="P6", indicator="N14", community="C3", street="S2", district="420106",
               unit_type="小区", unit_id="E9", quantity="12.5", remedy="best_effort"),
    ], year=2025)  # fmt: skip


def test_counts_units_or_quantities_per_unit(plan) -> None:
    units = pd.read_csv(Path(plan.path) / "units.csv", dtype=str).fillna("")
    frame = subcity_ledger()
    city = ledger_counts(plan.system, frame, "city", city_code="420100").set_index("indicator")
    assert city.loc["N02", "value"] == 1 and city.loc["N07", "value"] == 2  # B1, B2
    assert city.loc["N07", "records"] == 3
    assert city.loc["N14", "value"] == 52.5  # the sum of the parking gaps
    assert city.loc["N01", "value"] == 0 and city.loc["N01", "unit"] == "420100"
    assert city.loc["N02", "illustrative"]
    com = ledger_counts(plan.system, frame, "community", units=units)
    n14 = com[com["indicator"] == "N14"].set_index("unit")["value"]
    assert n14.to_dict() == {"C1": 40.0, "C2": 0.0, "C3": 12.5}  # the register's order
    street = ledger_counts(plan.system, frame, "street", units=units, level="housing")
    assert set(street["level"]) == {"housing"} and set(street["unit"]) == {"S1", "S2"}


def test_bottom_line_veto_and_improvement_with_survey(plan) -> None:
    frame = subcity_ledger()
    judged = judge_subcity(plan.system, frame, {"N07": 72.0, "N14": 40.0}, city_code="420100")
    city = judged[judged["unit_level"] == "city"].set_index("indicator")
    n02 = city.loc["N02"]
    assert (n02["problem"], n02["veto"], n02["grade"]) == (True, True, "insufficient")
    assert n02["reason_zh"].startswith("底线型一票否决")
    assert (city.loc["N07", "problem"], city.loc["N07", "grade"]) == (False, "good")  # score ≥ 60
    assert (city.loc["N14", "problem"], city.loc["N14", "grade"]) == (True, "fair")  # score < 60
    n01 = city.loc["N01"]
    assert (n01["problem"], n01["veto"], n01["grade"]) == (False, False, "very_good")
    assert list(dict.fromkeys(judged["unit_level"])) == ["community", "street", "city"]


def test_one_case_in_one_community_vetoes_that_community_only(plan) -> None:
    judged = judge_subcity(plan.system, subcity_ledger())
    com = judged[(judged["unit_level"] == "community") & (judged["indicator"] == "N02")]
    assert com.set_index("unit")["veto"].to_dict() == {"C1": True, "C3": False}


def test_improvement_without_survey_is_judged_on_the_count(plan) -> None:
    city = judge_subcity(plan.system, subcity_ledger()).query("unit_level == 'city'")
    n07 = city.set_index("indicator").loc["N07"]
    assert (n07["problem"], n07["grade"], n07["survey_score"]) == (True, "fair", None)
    assert "no residents' score" in n07["reason_en"]


def test_unit_scores_win_over_the_city_score(plan) -> None:
    by_unit = pd.DataFrame({"indicator": ["N07"], "unit": ["C1"], "score": [30.0]})
    judged = judge_subcity(plan.system, subcity_ledger(), {"N07": 90.0}, survey_by_unit=by_unit)
    n07 = judged[(judged["indicator"] == "N07") & (judged["unit_level"] == "community")]
    # without a register the communities are those the ledger names; C3 has no N07 problem
    assert n07.set_index("unit")["grade"].to_dict() == {"C1": "fair", "C3": "very_good"}


def test_dropped_subcity_indicator_not_judged(plan) -> None:
    judged = judge_subcity(plan.system, subcity_ledger(), dropped={"N02"})
    n02 = judged[judged["indicator"] == "N02"]
    assert not n02["applicable"].any() and n02["grade"].isna().all()


def test_level_ratings_cover_every_level(plan) -> None:
    graded = grade_city(plan, obs([("N30", 2025, 80.0), ("N22", 2025, 100.0)]), 2025)
    judged = judge_subcity(plan.system, subcity_ledger())
    out = level_ratings(graded, judged)
    assert list(dict.fromkeys(out["level"])) == ["housing", "community", "block", "city"]
    safety = out[(out["level"] == "housing") & (out["dimension_zh"] == "安全耐久")].iloc[0]
    # N01, N03, N04 none found (very good), N02 vetoed: 75 % very good with a 不足 -> 中
    assert (safety["graded"], safety["very_good"], safety["insufficient"]) == (4, 3, 1)
    assert safety["rating"] == "fair"


# --------------------------------------------------------------------------------------------
# 问题整治完成率, worked by hand
#
# 2024 ledger (the previous year), seven problems:
#   A time_bound due 2025-06, done 2025-03-01 in 2025            -> done in time
#   B time_bound due 2025-06, done 2025-08-15 in 2025            -> done late: not counted, overdue
#   C time_bound due 2025-12, in_progress in 2025                -> not done, carried forward
#   D time_bound due 2024-11, already done 2024-10-20, absent in 2025 -> done (its own status)
#   E best_effort, done in 2025                                  -> done
#   F best_effort, open in 2025                                  -> not done, carried forward
#   G best_effort, open in 2024 and absent from 2025             -> not done, missing
# 限时: 2 done of 4 (A, D) = 50 %; 尽力: 1 of 3 (E) = 33.3 %; overall 3 of 7 = 42.9 %.


def test_remediation_rate_by_hand() -> None:
    def prev(pid: str, remedy: str, due: str, status: str = "open", closed: str = "") -> dict:
        return record(problem_id=pid, remedy=remedy, due=due, status=status, closed=closed,
                      found="2024-04-01")  # fmt: skip

    def now(pid: str, status: str, closed: str = "") -> dict:
        return record(problem_id=pid, status=status, closed=closed, carried_from="2024",
                      found="2024-04-01")  # fmt: skip

    previous = ledger([
        prev("A", "time_bound", "2025-06"), prev("B", "time_bound", "2025-06"),
        prev("C", "time_bound", "2025-12"),
        prev("D", "time_bound", "2024-11", "done", "2024-10-20"),
        prev("E", "best_effort", "2025-12"), prev("F", "best_effort", "2025-12"),
        prev("G", "best_effort", "2025-12"),
    ], year=2024)  # fmt: skip
    current = ledger([
        now("A", "done", "2025-03-01"), now("B", "done", "2025-08-15"), now("C", "in_progress"),
        now("E", "done", "2025-05-05"), now("F", "open"),
        record(problem_id="NEW", found="2025-02-02", due="2025-12"),
    ], year=2025)  # fmt: skip
    r = remediation_rate(previous, current, 2025)
    assert (r.time_bound_total, r.time_bound_done) == (4, 2)
    assert (r.best_effort_total, r.best_effort_done) == (3, 1)
    assert r.time_bound == pytest.approx(0.5)
    assert r.best_effort == pytest.approx(1 / 3)
    assert r.overall == pytest.approx(3 / 7)
    assert r.carried_forward == ["C", "F"]
    assert r.missing == ["G"]
    assert r.overdue == ["B"]
    assert (r.year, r.previous_year, r.illustrative) == (2025, 2024, True)


def test_remediation_rate_of_an_empty_class_is_none() -> None:
    previous = ledger([record(problem_id="A", remedy="best_effort", due="2025-12")], year=2024)
    r = remediation_rate(previous, ledger([], year=2025), 2025)
    assert r.time_bound is None and r.best_effort == 0.0 and r.overall == 0.0
    assert r.missing == ["A"]


def test_remediation_feeds_n60(plan) -> None:
    previous = ledger([record(problem_id="A", remedy="best_effort", due="2025-12")], year=2024)
    current = ledger([record(problem_id="A", status="done", closed="2025-01-02",
                             carried_from="2024")], year=2025)  # fmt: skip
    rate = remediation_rate(previous, current, 2025)
    r = row_of(grade_city(plan, obs([]), 2025, remediation=rate), "N60")
    assert (r["value"], r["grade"]) == (100.0, "very_good")


# --------------------------------------------------------------------------------------------
# The system's data


def test_the_system_has_sixty_checked_rows() -> None:
    system = load_system()
    assert (system.name, system.year, len(system)) == ("mohurd_2025", 2025, 60)
    assert system.ids == tuple(f"N{i:02d}" for i in range(1, 61))
    counts = {lv: len(system.of_level(lv)) for lv in ("housing", "community", "block", "city")}
    assert counts == {"housing": 9, "community": 12, "block": 8, "city": 31}
    bottom = [i.id for i in system.indicators if i.problem_class == "bottom_line"]
    assert bottom == ["N01", "N02", "N03", "N04"]
    assert all(i.name_en and i.unit_en and i.dimension_en for i in system.indicators)
    assert system.indicator("N35").reference == 8 and system.indicator("N53").reference == 75
    assert system.indicator("N31").survey_items == ("SURVEY2025-27",)  # 附表IV-4's pairs
    assert system.indicator("N60").source_of_value == "remediation"


def test_survey_items_are_ids_of_the_survey_file() -> None:
    import csv

    from healthcheck.inputs.system import system_folder

    items_file = system_folder("mohurd_2025") / "survey-items.csv"
    if not items_file.is_file():
        pytest.skip("survey-items.csv comes with the survey helper's branch")
    with items_file.open(encoding="utf-8-sig") as fh:
        ids = {r["id"] for r in csv.DictReader(fh)}
    used = {s for i in load_system().indicators for s in i.survey_items}
    assert used <= ids
