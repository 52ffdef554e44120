"""Tests of the gap-assessment engine, on series worked out by hand.

Every expected number has its arithmetic in a comment.  Unless said otherwise an indicator has
baseline year t0 = 2020, target year T = 2025, so e = (t - 2020) / 5.  CAGR(a, b, n) means
(a / b) ** (1 / n) - 1.
"""

from __future__ import annotations

from typing import Any

import pytest

from healthcheck.engine import (
    ASSESSMENT_COLUMNS,
    INTERNATIONAL_CATEGORIES,
    SCHEDULE_VERDICTS,
    Assessment,
    assess_plan,
    assess_series,
)
from healthcheck.inputs.plan import Indicator
from tests.engine.factories import CENTRAL, PLAN_DIR, make_indicator, make_plan, obs_frame

approx = pytest.approx


# --------------------------------------------------------------------------------------------
# The API's shape


def test_vocabularies_and_column_order() -> None:
    assert SCHEDULE_VERDICTS == (
        "achieved", "ahead", "behind", "moving_away", "insufficient_data", "not_achieved",
        "done", "not_done", "rose", "rose_overall", "unchanged", "fell_overall", "fell",
    )  # fmt: skip
    assert INTERNATIONAL_CATEGORIES == (
        "target_achieved", "on_track", "progress_needs_acceleration", "limited_progress",
        "deterioration",
    )  # fmt: skip
    assert ASSESSMENT_COLUMNS[:14] == (
        "id", "domain", "kind", "direction", "year", "value", "baseline", "target_value",
        "completion", "time_elapsed", "schedule_gap", "schedule_verdict",
        "international_category", "projected_value",
    )  # fmt: skip
    for col in (
        "report_year",
        "baseline_year",
        "target_year",
        "target_source",
        "added",
        "cagr_observed",
        "cagr_required",
        "cagr_ratio",
        "projected_linear",
        "projected_cagr",
        "anticipated_completion",
        "likely_met",
        "previous_year",
        "previous_value",
        "done_year",
        "note",
    ):
        assert col in ASSESSMENT_COLUMNS
    a = assess_series(make_indicator(), {2020: 50, 2022: 80}, 2022)
    d = a.as_dict()
    assert list(d) == list(ASSESSMENT_COLUMNS)
    assert d["done_year"] is None and d["previous_year"] is None
    assert isinstance(a, Assessment)


# --------------------------------------------------------------------------------------------
# Level, direction up: each schedule verdict and international category


def test_level_up_ahead_on_track_with_projection() -> None:
    a = assess_series(make_indicator(), {2020: 50, 2022: 80}, 2022)
    assert (a.year, a.value, a.baseline, a.target_value) == (2022, 80, 50, 100)
    assert a.completion == approx(0.6)  # (80 - 50) / (100 - 50) = 30/50
    assert a.time_elapsed == approx(0.4)  # (2022 - 2020) / 5
    assert a.schedule_gap == approx(0.2)  # 0.6 - 0.4
    assert a.schedule_verdict == "ahead"  # c 0.6 >= e 0.4
    assert a.cagr_observed == approx(0.264911064)  # sqrt(80/50) - 1 = 1.264911 - 1
    assert a.cagr_required == approx(0.148698355)  # 2 ** 0.2 - 1 = 1.148698 - 1
    assert a.cagr_ratio == approx(1.781533253)  # 0.264911 / 0.148698
    assert a.intl_measure == approx(1.781533253) and a.intl_method == "cagr_ratio"
    assert a.international_category == "on_track"  # 1.78 >= 0.95
    # line through (2020, 50), (2022, 80): slope 15 -> 50 + 15 * 5 = 125 at 2025
    assert a.projected_linear == approx(125) and a.projected_value == approx(125)
    assert a.anticipated_completion == approx(1.5)  # (125 - 50) / (100 - 50)
    assert a.likely_met is True  # 125 >= 100
    # 80 * 1.264911 ** 3 = 80 * 2.023858 = 161.9086
    assert a.projected_cagr == approx(161.9086162)
    assert a.target_source == "plan" and a.report_year == 2022


def test_level_up_behind_limited_progress() -> None:
    a = assess_series(make_indicator(), {2020: 50, 2023: 60}, 2023)
    assert a.completion == approx(0.2)  # (60 - 50) / 50
    assert a.time_elapsed == approx(0.6)  # 3 / 5
    assert a.schedule_gap == approx(-0.4)  # 0.2 - 0.6
    assert a.schedule_verdict == "behind"  # 0 <= 0.2 < 0.6
    # CAGR(60, 50, 3) = 1.2 ** (1/3) - 1 = 0.062659; / 0.148698 = 0.421380
    assert a.cagr_ratio == approx(0.421380379)
    assert a.international_category == "limited_progress"  # 0 <= 0.42 < 0.60


def test_level_up_needs_acceleration() -> None:
    a = assess_series(make_indicator(), {2020: 50, 2023: 65}, 2023)
    assert a.completion == approx(0.3)  # 15 / 50
    assert a.schedule_verdict == "behind"  # 0.3 < 0.6
    # CAGR(65, 50, 3) = 1.3 ** (1/3) - 1 = 0.091393; / 0.148698 = 0.614619
    assert a.cagr_ratio == approx(0.614619328)
    assert a.international_category == "progress_needs_acceleration"  # 0.60 <= 0.61 < 0.95


def test_level_up_moving_away_deterioration() -> None:
    a = assess_series(make_indicator(), {2020: 50, 2022: 45}, 2022)
    assert a.completion == approx(-0.1)  # (45 - 50) / 50
    assert a.schedule_gap == approx(-0.5)  # -0.1 - 0.4
    assert a.schedule_verdict == "moving_away"  # c < 0
    # CAGR(45, 50, 2) = sqrt(0.9) - 1 = -0.051317; / 0.148698 = -0.345106
    assert a.cagr_ratio == approx(-0.34510605)
    assert a.international_category == "deterioration"  # R < 0


def test_level_up_achieved_before_target_year() -> None:
    a = assess_series(make_indicator(), {2020: 50, 2022: 100}, 2022)
    assert a.schedule_verdict == "achieved"  # d (100 - 100) = 0 >= 0
    assert a.completion == approx(1.0)  # 50 / 50
    assert a.international_category == "target_achieved"


def test_completion_equal_to_time_elapsed_is_ahead_despite_float_noise() -> None:
    ind = make_indicator(target=3.6)
    a = assess_series(ind, {2020: 0.1, 2022: 1.5}, 2022)
    # by hand c = (1.5 - 0.1) / (3.6 - 0.1) = 1.4 / 3.5 = 0.4 = e; in floats 0.39999999999999997
    assert a.completion == approx(0.4)
    assert a.schedule_verdict == "ahead"


# --------------------------------------------------------------------------------------------
# Level, direction down (S07-like: response time, 10 minutes)


def down(**kw: Any) -> Indicator:
    return make_indicator(direction="down", target=10.0, **kw)


def test_level_down_behind_needs_acceleration() -> None:
    a = assess_series(down(), {2020: 12.5, 2023: 11.5}, 2023)
    assert a.completion == approx(0.4)  # (11.5 - 12.5) / (10 - 12.5) = -1 / -2.5
    assert a.time_elapsed == approx(0.6)
    assert a.schedule_gap == approx(-0.2)
    assert a.schedule_verdict == "behind"
    # CAGR_obs = 0.92 ** (1/3) - 1 = -0.027411; CAGR_req = 0.8 ** 0.2 - 1 = -0.043648
    # R = d * CAGR_obs / |CAGR_req| = -1 * -0.027411 / 0.043648 = 0.628012
    assert a.cagr_observed == approx(-0.027411174)
    assert a.cagr_required == approx(-0.0436475)
    assert a.cagr_ratio == approx(0.628012455)
    assert a.international_category == "progress_needs_acceleration"


def test_level_down_ahead() -> None:
    a = assess_series(down(), {2020: 12.5, 2022: 11}, 2022)
    assert a.completion == approx(0.6)  # -1.5 / -2.5
    assert a.schedule_verdict == "ahead"  # 0.6 >= 0.4
    assert a.likely_met is True  # line 12.5 - 0.75/yr -> 12.5 - 3.75 = 8.75 <= 10
    assert a.projected_linear == approx(8.75)
    assert a.anticipated_completion == approx(1.5)  # (8.75 - 12.5) / (10 - 12.5)


def test_level_down_moving_away() -> None:
    a = assess_series(down(), {2020: 12.5, 2022: 13}, 2022)
    assert a.completion == approx(-0.2)  # 0.5 / -2.5
    assert a.schedule_verdict == "moving_away"
    # -1 * (sqrt(13/12.5) - 1) / 0.043648 = -0.019804 / 0.043648 = -0.453724
    assert a.cagr_ratio == approx(-0.453723641)
    assert a.international_category == "deterioration"


def test_level_down_achieved() -> None:
    a = assess_series(down(), {2020: 12.5, 2022: 9.8}, 2022)
    assert a.schedule_verdict == "achieved"  # -1 * (9.8 - 10) = 0.2 >= 0
    assert a.international_category == "target_achieved"  # 9.8 <= 10


# --------------------------------------------------------------------------------------------
# Final verdict at or after the target year


def test_final_not_achieved_at_target_year() -> None:
    a = assess_series(make_indicator(), {2020: 50, 2024: 85, 2025: 90}, 2025)
    assert a.year == 2025 and a.value == 90
    assert a.schedule_verdict == "not_achieved"  # 90 < 100 at T
    assert a.completion == approx(0.8)  # 40 / 50
    assert a.time_elapsed == approx(1.0)
    assert a.schedule_gap == approx(-0.2)
    assert a.projected_value is None and a.projected_linear is None  # t = T: nothing to project
    assert a.likely_met is None


def test_final_after_target_year_uses_the_target_year() -> None:
    a = assess_series(make_indicator(), {2020: 50, 2025: 100, 2026: 80}, 2026)
    assert (a.year, a.value) == (2025, 100)  # 2026 is after T and not used
    assert a.schedule_verdict == "achieved"
    assert a.international_category == "target_achieved"
    assert "2026" in a.note and "not used" in a.note
    assert a.report_year == 2026


def test_final_verdict_with_latest_value_before_target_year() -> None:
    a = assess_series(make_indicator(), {2020: 50, 2024: 90}, 2025)
    assert a.year == 2024
    assert a.schedule_verdict == "not_achieved"  # 90 < 100; final because report year = T
    assert a.time_elapsed == approx(0.8)  # 4 / 5
    assert "no value for 2025" in a.note and "2024" in a.note
    # still projected, since t < T: slope (90 - 50) / 4 = 10 -> 90 + 10 = 100 at 2025
    assert a.projected_linear == approx(100)
    assert a.likely_met is True  # 100 >= 100
    assert a.anticipated_completion == approx(1.0)  # (100 - 50) / 50


def test_final_achieved_with_latest_before_target_year() -> None:
    a = assess_series(make_indicator(), {2020: 50, 2024: 101}, 2027)
    assert a.schedule_verdict == "achieved"
    assert "no value for 2025" in a.note


# --------------------------------------------------------------------------------------------
# Insufficient data and the international base-year fallback


def test_no_value_at_all() -> None:
    a = assess_series(make_indicator(), {}, 2022)
    assert a.schedule_verdict == "insufficient_data"
    assert a.international_category is None
    assert a.value is None and "no value" in a.note


def test_no_baseline_value_base_year_fallback() -> None:
    a = assess_series(make_indicator(), {2021: 60, 2023: 80}, 2023)
    assert a.schedule_verdict == "insufficient_data"  # no value for t0
    assert a.completion is None and a.baseline is None
    assert "no value for the baseline year 2020" in a.note
    assert a.intl_base_year == 2021 and a.intl_base_value == 60
    # CAGR(80, 60, 2) = 0.154701; CAGR(100, 60, 4) = 0.136219; R = 1.135672
    assert a.cagr_observed == approx(0.154700538)
    assert a.cagr_required == approx(0.136219366)
    assert a.cagr_ratio == approx(1.135672132)
    assert a.international_category == "on_track"
    assert "base year 2021 used" in a.note


def test_only_baseline_value() -> None:
    a = assess_series(make_indicator(), {2020: 50}, 2022)
    assert a.schedule_verdict == "insufficient_data"  # none after t0
    assert "no value after the baseline year 2020" in a.note
    assert a.international_category is None  # one year: Open SDG needs two
    assert "fewer than two years" in a.note
    assert a.projected_value is None and "at least two values" in a.note


def test_single_value_meeting_target_has_no_international_category() -> None:
    a = assess_series(make_indicator(), {2022: 120}, 2022)
    assert a.schedule_verdict == "achieved"  # 120 >= 100 needs no baseline (B3)
    assert a.completion is None
    assert a.international_category is None  # Open SDG checks two years before the target


def test_values_only_before_baseline_year() -> None:
    a = assess_series(make_indicator(), {2018: 40, 2019: 45}, 2022)
    assert a.schedule_verdict == "insufficient_data"
    assert "before the baseline year" in a.note
    assert a.international_category is None
    assert "no value in or after the base year 2020" in a.note


def test_values_after_the_report_year_and_missing_values_are_ignored() -> None:
    a = assess_series(
        make_indicator(),
        {2020: 50, 2021: float("nan"), 2022: 80, 2023: 99},  # type: ignore[dict-item]
        2022,
    )
    assert (a.year, a.value) == (2022, 80)
    assert a.completion == approx(0.6)


# --------------------------------------------------------------------------------------------
# Target 0 -> 0.001, and the cases where the reference is undefined


def test_target_zero_replaced_for_international_only() -> None:
    ind = make_indicator(direction="down", target=0.0)
    a = assess_series(ind, {2020: 10, 2022: 5}, 2022)
    assert a.completion == approx(0.5)  # (5 - 10) / (0 - 10)
    assert a.schedule_verdict == "ahead"  # 0.5 >= 0.4
    assert a.target_value == 0 and a.intl_target == approx(0.001)
    # CAGR_obs = sqrt(0.5) - 1 = -0.292893; CAGR_req = (0.001/10) ** 0.2 - 1 = -0.841511
    # R = 0.292893 / 0.841511 = 0.348056
    assert a.cagr_required == approx(-0.841510681)
    assert a.cagr_ratio == approx(0.348056448)
    assert a.international_category == "limited_progress"
    assert "0.001" in a.note
    b = assess_series(ind, {2020: 10, 2022: 0.0005}, 2022)
    assert b.schedule_verdict == "ahead"  # 0.0005 > 0: plan's 0 not met; c = 0.99995
    assert b.international_category == "target_achieved"  # 0.0005 <= 0.001


def test_baseline_already_meets_target() -> None:
    a = assess_series(make_indicator(), {2020: 110, 2022: 95}, 2022)
    assert a.completion is None and a.schedule_gap is None
    assert a.schedule_verdict == "moving_away"  # base met target, value now below it
    assert "already meets the target" in a.note
    # CAGR_obs = sqrt(95/110) - 1 = -0.070680; CAGR_req = (100/110) ** 0.2 - 1 = -0.018882
    # R = +1 * -0.070680 / |-0.018882| = -3.743326 (older CAGR_obs/CAGR_req would give +3.74)
    assert a.cagr_ratio == approx(-3.743325833)
    assert a.international_category == "deterioration"
    assert a.anticipated_completion is None
    assert a.likely_met is False  # line 110 - 7.5/yr -> 72.5 at 2025
    b = assess_series(make_indicator(), {2020: 110, 2022: 105}, 2022)
    assert b.schedule_verdict == "achieved" and b.international_category == "target_achieved"
    c = assess_series(make_indicator(), {2020: 110, 2025: 95}, 2025)
    assert c.schedule_verdict == "not_achieved"


def test_target_equal_to_baseline() -> None:
    a = assess_series(make_indicator(), {2020: 100, 2022: 95}, 2022)
    assert a.completion is None  # (95 - 100) / (100 - 100): undefined
    assert a.schedule_verdict == "moving_away"
    assert a.international_category == "deterioration"  # CAGR_req = 0, target not met
    assert a.intl_measure is None and a.cagr_ratio is None
    assert "required growth 0" in a.note
    b = assess_series(make_indicator(), {2020: 100, 2022: 100}, 2022)
    assert b.schedule_verdict == "achieved" and b.international_category == "target_achieved"


def test_zero_baseline_uses_linear_ratio() -> None:
    ind = make_indicator(target=50.0)
    a = assess_series(ind, {2020: 0, 2022: 10}, 2022)
    assert a.completion == approx(0.2)  # 10 / 50
    assert a.schedule_verdict == "behind"  # 0.2 < 0.4
    assert a.cagr_observed is None and a.cagr_ratio is None
    # (10 - 0) / 2 = 5 per year observed; (50 - 0) / 5 = 10 per year required; 5 / 10 = 0.5
    assert a.intl_measure == approx(0.5) and a.intl_method == "linear_ratio"
    assert a.international_category == "limited_progress"
    assert "CAGR undefined" in a.note
    assert a.projected_cagr is None


def test_no_target_and_no_threshold() -> None:
    ind = make_indicator(target=None)
    a = assess_series(ind, {2020: 100, 2022: 104}, 2022)
    assert a.schedule_verdict == "insufficient_data" and "no target figure" in a.note
    assert a.target_source == ""
    # no target: the no-target rule, sqrt(1.04) - 1 = 0.019804 >= 1.5 %
    assert a.international_category == "on_track"


def test_unknown_kind_and_bad_years_do_not_crash() -> None:
    a = assess_series(make_indicator(kind="weird"), {2020: 1, 2022: 2}, 2022)
    assert a.schedule_verdict == "insufficient_data" and "unknown kind" in a.note
    b = assess_series(make_indicator(target_year=2020), {2020: 1}, 2022)
    assert b.schedule_verdict == "insufficient_data" and "not after the baseline" in b.note


# --------------------------------------------------------------------------------------------
# Analysts' threshold (S04-S06)


def test_analyst_threshold() -> None:
    ind = make_indicator(target=None, threshold=90.0)
    a = assess_series(ind, {2020: 60, 2022: 75}, 2022)
    assert a.target_value == 90 and a.target_source == "analyst"
    assert a.completion == approx(0.5)  # (75 - 60) / (90 - 60)
    assert a.schedule_verdict == "ahead"  # 0.5 >= 0.4
    # CAGR(75, 60, 2) = 0.118034; CAGR(90, 60, 5) = 0.084472; R = 1.397319
    assert a.cagr_ratio == approx(1.397318738)
    assert a.international_category == "on_track"


# --------------------------------------------------------------------------------------------
# Increase and growth


def test_increase() -> None:
    ind = make_indicator(kind="increase", target=50.0)
    a = assess_series(ind, {2020: 100, 2022: 130}, 2022)
    assert a.target_value == approx(150)  # 100 + 50
    assert a.added == approx(30)  # 130 - 100
    assert a.completion == approx(0.6)  # 30 / 50
    assert a.schedule_verdict == "ahead"
    # CAGR(130, 100, 2) = 0.140175; CAGR(150, 100, 5) = 0.084472; R = 1.659435
    assert a.cagr_ratio == approx(1.659435136)
    assert a.international_category == "on_track"


def test_increase_without_baseline_value() -> None:
    ind = make_indicator(kind="increase", target=50.0)
    a = assess_series(ind, {2021: 120, 2022: 130}, 2022)
    assert a.target_value is None
    assert a.schedule_verdict == "insufficient_data"
    assert a.international_category is None
    assert "needs the value of 2020" in a.note


def test_growth_behind() -> None:
    ind = make_indicator(kind="growth", target=25.0)
    a = assess_series(ind, {2020: 200, 2023: 215}, 2023)
    assert a.target_value == approx(250)  # 200 * 1.25
    assert a.completion == approx(0.3)  # 15 / 50
    assert a.schedule_gap == approx(-0.3)  # 0.3 - 0.6
    assert a.schedule_verdict == "behind"
    # CAGR(215, 200, 3) = 0.024400; CAGR(250, 200, 5) = 0.045640; R = 0.534620
    assert a.cagr_ratio == approx(0.534619773)
    assert a.international_category == "limited_progress"
    assert a.added is None  # only for increase and cumulative


def test_growth_doubling_achieved_and_reduction_down() -> None:
    ind = make_indicator(kind="growth", target=100.0)  # 翻一番
    a = assess_series(ind, {2020: 40, 2023: 80}, 2023)
    assert a.target_value == approx(80) and a.schedule_verdict == "achieved"  # 40 * 2
    red = make_indicator(kind="growth", target=-20.0, direction="down")
    b = assess_series(red, {2020: 100, 2022: 90}, 2022)
    assert b.target_value == approx(80)  # 100 * 0.8
    assert b.completion == approx(0.5)  # -10 / -20
    assert b.schedule_verdict == "ahead"


# --------------------------------------------------------------------------------------------
# Cumulative


def test_cumulative_running_sum() -> None:
    ind = make_indicator(kind="cumulative", target=100.0)
    a = assess_series(ind, {2020: 999, 2021: 20, 2022: 22}, 2022)  # 2020's amount not counted
    assert a.baseline == 0 and a.value == approx(42)  # 20 + 22
    assert a.added == approx(42)
    assert a.completion == approx(0.42)  # 42 / 100
    assert a.schedule_gap == approx(0.02)  # 0.42 - 0.40
    assert a.schedule_verdict == "ahead"
    # y0 = 0: no CAGR; (42 / 2) / (100 / 5) = 21 / 20 = 1.05 = c / e
    assert a.cagr_observed is None and a.cagr_required is None
    assert a.intl_measure == approx(1.05) and a.intl_method == "linear_ratio"
    assert a.international_category == "on_track"
    # line through (2020, 0), (2021, 20), (2022, 42): mean x 2021, mean y 62/3,
    # slope = (1 * (20.667) + 1 * 21.333) / 2 = 21 -> 20.667 + 21 * 4 = 104.667
    assert a.projected_linear == approx(104.6666667)
    assert a.anticipated_completion == approx(1.046666667)
    assert a.likely_met is True
    assert a.projected_cagr is None


def test_cumulative_behind_and_gap_in_the_years() -> None:
    ind = make_indicator(kind="cumulative", target=100.0)
    a = assess_series(ind, {2021: 10, 2022: 5, 2023: 10}, 2023)
    assert a.value == approx(25)  # 10 + 5 + 10
    assert a.schedule_verdict == "behind"  # 0.25 < 0.6
    # (25 / 3) / (100 / 5) = 8.333 / 20 = 0.416667
    assert a.intl_measure == approx(0.4166666667)
    assert a.international_category == "limited_progress"
    b = assess_series(ind, {2021: 20, 2023: 30}, 2023)
    assert (b.year, b.value) == (2021, 20)  # no amount for 2022: sum stops at 2021
    assert "2022" in b.note and "2023" in b.note
    assert b.schedule_verdict == "ahead"  # c = 0.2 = e = 0.2


def test_cumulative_without_amounts() -> None:
    ind = make_indicator(kind="cumulative", target=100.0)
    a = assess_series(ind, {}, 2022)
    assert (a.year, a.value) == (2020, 0)  # y0 = 0 by definition
    assert a.schedule_verdict == "insufficient_data"
    assert a.international_category is None


def test_cumulative_final() -> None:
    ind = make_indicator(kind="cumulative", target=100.0)
    amounts = {2021: 20, 2022: 20, 2023: 20, 2024: 20, 2025: 19}
    a = assess_series(ind, amounts, 2025)
    assert a.value == approx(99) and a.schedule_verdict == "not_achieved"  # 99 < 100
    assert a.completion == approx(0.99)


# --------------------------------------------------------------------------------------------
# Trend (逐年提升): year on year, no-target international thresholds


def trend(**kw: Any) -> Indicator:
    return make_indicator(kind="trend", target=None, **kw)


def test_trend_rose_on_track() -> None:
    a = assess_series(trend(), {2020: 100, 2021: 102, 2022: 104}, 2022)
    assert a.schedule_verdict == "rose"
    assert (a.previous_year, a.previous_value) == (2021, 102)
    assert a.cagr_observed == approx(0.019803903)  # sqrt(104/100) - 1
    assert a.intl_measure == approx(0.019803903) and a.intl_method == "cagr"
    assert a.international_category == "on_track"  # >= 1.5 %
    assert a.target_value is None and a.completion is None and a.target_source == ""
    # line through (2020,100),(2021,102),(2022,104): 104 + 2 * 3 = 110
    assert a.projected_linear == approx(110)
    assert a.likely_met is None and a.anticipated_completion is None


@pytest.mark.parametrize(
    ("last", "growth", "category", "verdict"),
    [
        (102.0, 0.009950494, "progress_needs_acceleration", "rose"),  # sqrt(1.02) - 1: 0.5-1.5 %
        (100.5, 0.002496883, "limited_progress", "rose"),  # sqrt(1.005) - 1: 0-0.5 %
        (99.0, -0.005012563, "deterioration", "fell"),  # sqrt(0.99) - 1 < 0
        (100.0, 0.0, "limited_progress", "unchanged"),  # 0 is in [0, 0.5 %)
    ],
)
def test_trend_no_target_thresholds(
    last: float, growth: float, category: str, verdict: str
) -> None:
    a = assess_series(trend(), {2020: 100, 2022: last}, 2022)
    assert a.cagr_observed == approx(growth, abs=1e-9)
    assert a.international_category == category
    assert a.schedule_verdict == verdict
    assert a.previous_year == 2020
    assert "no value for 2021" in a.note


def test_trend_direction_down() -> None:
    a = assess_series(trend(direction="down"), {2020: 100, 2022: 96}, 2022)
    assert a.schedule_verdict == "fell"  # the value's movement, whatever the direction
    # CAGR = sqrt(0.96) - 1 = -0.020204; negated for down: +0.020204 >= 1.5 %
    assert a.intl_measure == approx(0.020204103)
    assert a.international_category == "on_track"


def test_trend_insufficient_and_undefined() -> None:
    assert assess_series(trend(), {2020: 100}, 2022).schedule_verdict == "insufficient_data"
    a = assess_series(trend(), {2021: 100}, 2022)
    assert a.schedule_verdict == "insufficient_data" and "no value before 2021" in a.note
    b = assess_series(trend(), {2020: 0, 2022: 5}, 2022)
    assert b.schedule_verdict == "rose"
    assert b.international_category is None and "growth rate undefined" in b.note


def test_trend_after_target_year_is_read_over_the_period() -> None:
    a = assess_series(trend(), {2020: 100, 2024: 110, 2025: 108, 2026: 120}, 2026)
    # 2026 is after T; 2025 (108) is below 2024 (110) but above the baseline (100)
    assert a.schedule_verdict == "rose_overall" and "fell in 2025" in a.note
    assert a.year == 2025 and a.projected_value is None


def test_trend_is_judged_over_the_whole_period() -> None:
    # E07 of the default data: fell in 2021 and 2023, ends below its baseline
    e07 = {2020: 302, 2021: 290, 2022: 300, 2023: 280, 2024: 299, 2025: 296}
    a = assess_series(trend(), e07, 2025)
    assert a.schedule_verdict == "fell_overall"
    assert "rose in 2022, 2024" in a.note
    # the last pair rose, but the value ends below the baseline: not "rose"
    b = assess_series(trend(), {2020: 100, 2021: 90, 2022: 95}, 2022)
    assert b.schedule_verdict == "fell_overall"
    assert assess_series(trend(), {2020: 100, 2021: 101, 2022: 103}, 2022).schedule_verdict == (
        "rose"
    )
    c = assess_series(trend(), {2020: 100, 2021: 104, 2022: 103}, 2022)
    assert c.schedule_verdict == "rose_overall" and "fell in 2022" in c.note
    assert assess_series(trend(), {2020: 100, 2021: 104, 2022: 100}, 2022).schedule_verdict == (
        "unchanged"
    )
    assert assess_series(trend(), {2020: 100, 2021: 98, 2022: 97}, 2022).schedule_verdict == (
        "fell"
    )
    # a year without a value: its neighbours are compared, and the note says so
    d = assess_series(trend(), {2020: 100, 2022: 103}, 2022)
    assert d.schedule_verdict == "rose" and "no value for 2021" in d.note


# --------------------------------------------------------------------------------------------
# Milestones


def milestone(**kw: Any) -> Indicator:
    return make_indicator(kind="milestone", target=None, **kw)


def test_milestone_done() -> None:
    a = assess_series(milestone(), {2020: 0, 2021: 0, 2022: 1, 2023: 0}, 2023)
    assert a.schedule_verdict == "done" and a.done_year == 2022
    assert "once done stays done" in a.note
    assert a.international_category is None and a.completion is None


def test_milestone_not_done_and_final() -> None:
    a = assess_series(milestone(), {2020: 0, 2022: 0}, 2022)
    assert a.schedule_verdict == "not_done" and a.done_year is None
    b = assess_series(milestone(), {2020: 0, 2025: 0, 2026: 1}, 2026)
    assert b.schedule_verdict == "not_done"  # done in 2026, after T
    assert "not done by 2025" in b.note and "2026" in b.note


def test_milestone_invalid_and_missing() -> None:
    a = assess_series(milestone(), {2022: 0.5}, 2022)
    assert a.schedule_verdict == "insufficient_data" and "must be 1" in a.note
    assert assess_series(milestone(), {}, 2022).schedule_verdict == "insufficient_data"


# --------------------------------------------------------------------------------------------
# assess_plan


def test_assess_plan_small_plan() -> None:
    lvl = make_indicator(id="A1", domain="a")
    cum = make_indicator(id="A2", domain="a", kind="cumulative", target=100.0)
    mil = make_indicator(id="B1", domain="b", kind="milestone", target=None)
    plan = make_plan([lvl, cum, mil], CENTRAL)
    obs = obs_frame([
        ("A1", 2020, "", 50.0), ("A1", 2022, "420100", 80.0),  # the city's own code
        ("A1", 2022, "420102", 1.0),  # a district: not the city
        ("A2", 2021, "", 20.0), ("A2", 2022, "", 22.0),
        ("A2", 2022, "", 23.0),  # a repeated year: the last row is used
        ("B1", 2022, "", 1.0),
    ], status="estimate")  # fmt: skip
    df = assess_plan(plan, obs, 2022)
    assert list(df.columns) == [*ASSESSMENT_COLUMNS, "value_status"]
    assert list(df["id"]) == ["A1", "A2", "B1"]
    assert df.loc[0, "value"] == 80 and df.loc[0, "schedule_verdict"] == "ahead"  # c 0.6
    assert df.loc[1, "value"] == 43  # 20 + 23
    assert "several values for 2022" in df.loc[1, "note"]
    assert df.loc[2, "schedule_verdict"] == "done" and df.loc[2, "done_year"] == 2022
    assert list(df["value_status"]) == ["estimate"] * 3
    assert str(df["year"].dtype) == "Int64" and df["completion"].dtype == float


def test_assess_plan_real_plan() -> None:
    from healthcheck.inputs.plan import load_plan

    plan = load_plan(PLAN_DIR)
    obs = obs_frame([
        ("T03", 2020, "", 1900.0), ("T03", 2022, "", 2500.0),
        ("S04", 2020, "", 60.0), ("S04", 2022, "", 75.0),
        ("E07", 2020, "", 300.0), ("E07", 2021, "", 290.0),
        ("P03", 2021, "", 20.0), ("P03", 2022, "", 22.0),
        ("U01", 2020, "", 500.0), ("U01", 2022, "", 600.0),
        ("S01", 2021, "", 1.0),
        ("S07", 2022, "420102", 11.0),
    ])  # fmt: skip
    df = assess_plan(plan, obs, 2022)
    assert list(df["id"]) == [i.id for i in plan.indicators]
    assert len(df) == len(plan.indicators)
    row = df.set_index("id")
    # T03: (2500 - 1900) / (4200 - 1900) = 600 / 2300 = 0.260870 < 0.4
    assert row.loc["T03", "completion"] == approx(0.2608695652)
    assert row.loc["T03", "schedule_verdict"] == "behind"
    assert row.loc["S04", "target_source"] == "analyst"
    assert row.loc["S04", "completion"] == approx(0.5)  # (75 - 60) / (90 - 60)
    assert row.loc["E07", "schedule_verdict"] == "fell"
    assert row.loc["P03", "value"] == 42  # 20 + 22
    assert row.loc["U01", "target_value"] == approx(640)  # 500 + 140
    assert row.loc["S01", "schedule_verdict"] == "done"
    assert row.loc["S07", "schedule_verdict"] == "insufficient_data"  # only a district value
    assert set(df["schedule_verdict"]) <= set(SCHEDULE_VERDICTS)
    cats = {c for c in df["international_category"] if c is not None}
    assert cats <= set(INTERNATIONAL_CATEGORIES)


# --------------------------------------------------------------------------------------------
# B10, B11, D4: completion only where it means something, distance to the target, percentages


def test_completion_not_meaningful_near_the_baseline() -> None:
    # M11 of the default data: 42.05 -> 43.55 against a target of 42.17 (completion 1,250 %)
    a = assess_series(make_indicator(target=42.17, unit_zh="%", unit_en="%"),
                      {2020: 42.05, 2025: 43.55}, 2025)  # fmt: skip
    assert a.schedule_verdict == "achieved"
    assert a.completion == approx(12.5) and a.completion_meaningful is False
    assert a.distance == 0.0 and a.distance_class is None
    # a required change of 2 % of the target or more, completion up to 200 %: meaningful
    b = assess_series(make_indicator(target=103), {2020: 100, 2025: 102}, 2025)
    assert b.completion == approx(2 / 3) and b.completion_meaningful is True
    # 2 of 102 is below 2 %: not meaningful
    near = assess_series(make_indicator(target=102), {2020: 100, 2025: 101}, 2025)
    assert near.completion_meaningful is False
    # passed the target far (completion > 200 %) with a baseline far from it: not meaningful
    c = assess_series(make_indicator(target=110), {2020: 100, 2023: 125}, 2023)
    assert c.completion == approx(2.5) and c.completion_meaningful is False
    # U02: 99.985 -> 99.9986 against 99.999: near the baseline, not met
    d = assess_series(make_indicator(target=99.999, unit_zh="%", unit_en="%"),
                      {2020: 99.985, 2025: 99.9986}, 2025)  # fmt: skip
    assert d.schedule_verdict == "not_achieved" and d.completion_meaningful is False


def test_distance_to_the_target_in_the_unit_and_as_a_share() -> None:
    # S07: 11.40 -> 11.49 minutes, target 10 (lower is better): 1.49 minutes to go, 14.9 %
    s07 = assess_series(make_indicator(target=10, direction="down"),
                        {2020: 11.40, 2025: 11.49}, 2025)  # fmt: skip
    assert s07.distance == approx(1.49) and s07.distance_share == approx(0.149)
    assert s07.distance_class == "far"
    # 94 % against 100 %: 6 points to go, 6 % of the target: slight
    e08 = assess_series(make_indicator(target=100), {2020: 20, 2025: 94}, 2025)
    assert e08.distance == approx(6) and e08.distance_class == "slight"
    # exactly the threshold (10 %) is far
    assert assess_series(make_indicator(target=100), {2020: 20, 2025: 90}, 2025).distance_class == (
        "far"
    )
    # a target of 0: the share is of the required change
    z = assess_series(make_indicator(target=0, direction="down"), {2020: 10, 2025: 4}, 2025)
    assert z.distance == approx(4) and z.distance_share == approx(0.4)


def test_projection_of_a_percentage_stops_at_100() -> None:
    a = assess_series(make_indicator(target=100, unit_zh="%", unit_en="%"),
                      {2020: 80, 2021: 86, 2022: 92}, 2022)  # fmt: skip
    assert a.projected_linear == 100.0 and a.projected_value == 100.0
    assert a.projected_cagr is not None and a.projected_cagr <= 100.0
    assert a.likely_met is True
    b = assess_series(make_indicator(target=120), {2020: 80, 2021: 86, 2022: 92}, 2022)
    assert b.projected_value == approx(110)  # not a percentage: not capped
