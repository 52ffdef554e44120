"""The sentence of each indicator: the verdicts with their numbers, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from healthcheck.engine import THRESHOLDS_TARGET, assess_series
from healthcheck.inputs.plan import load_plan
from healthcheck.kinds import KINDS
from healthcheck.text.narrative import SENTENCES, indicator_sentence, indicator_sentences

ROOT = Path(__file__).resolve().parents[3]
PLAN = load_plan(ROOT / "data" / "plan")


def row(ind_id: str, series: dict[int, float], year: int) -> dict:
    return assess_series(PLAN.indicator(ind_id), series, year).as_dict()


def test_behind_schedule_sentence_has_the_numbers_in_both_languages():
    ind = PLAN.indicator("T01")
    r = row("T01", {2020: 5230, 2022: 9000, 2024: 13780}, 2024)
    zh, en = indicator_sentences(ind, r)
    assert r["schedule_verdict"] == "behind"
    assert "铁路旅客发送量2024年为13,780万人次/年" in zh
    assert "目标为18,000万人次/年" in zh and "慢于时序进度" in zh and "时序进度80.0%" in zh
    assert "进度差−13.0个百分点" in zh
    assert "年均增速对比（国际方法）为“" in zh and "2025年预计为" in zh
    assert en.startswith("Railway passenger departures: 13,780 × 10k trips per year in 2024")
    assert "behind schedule (gap −13.0 pp)" in en and "trajectory (Open SDG):" in en
    assert "示意" not in zh and "illustrative" not in en


def test_final_verdict_in_the_target_year_without_projection():
    ind = PLAN.indicator("T01")
    r = row("T01", {2020: 5230, 2024: 13780, 2025: 14620}, 2025)
    zh = indicator_sentence(ind, r, "zh")
    en = indicator_sentence(ind, r, "en")
    assert "终期判定为“未达成”" in zh and "预计" not in zh
    assert "final verdict: not achieved" in en and "would reach" not in en


def test_illustrative_and_analysts_threshold_are_said():
    ind = PLAN.indicator("S04")
    r = row("S04", {2020: 72, 2024: 87.9}, 2024)
    zh, en = indicator_sentences(ind, r, illustrative=True)
    assert "分析组设定的阈值" in zh and "analysts' threshold" in en
    assert zh.endswith("（所用数值含示意数据，并非公开发布的统计数。）")
    assert en.endswith("(Uses illustrative values, not published statistics.)")


def test_kinds_milestone_trend_cumulative_increase():
    zh = indicator_sentence(PLAN.indicator("S01"), row("S01", {2020: 0, 2022: 1}, 2024), "zh")
    assert "已于2022年完成" in zh
    en = indicator_sentence(PLAN.indicator("S01"), row("S01", {2020: 0, 2024: 0}, 2024), "en")
    assert "not yet done by 2024" in en
    zh = indicator_sentence(
        PLAN.indicator("E07"), row("E07", {2020: 280, 2023: 290, 2024: 286}, 2024), "zh"
    )
    assert "较2020年基期（280天）+6天" in zh and "按整个期间判定为“总体上升，期间有回落”" in zh
    en = indicator_sentence(PLAN.indicator("P03"), row("P03", {2021: 20, 2022: 25}, 2022), "en")
    assert "45 schools in total over 2021–2022" in en
    zh = indicator_sentence(PLAN.indicator("U01"), row("U01", {2020: 525, 2023: 600}, 2023), "zh")
    assert "较2020年新增75万吨/日" in zh and "目标为665万吨/日" in zh


def test_insufficient_data():
    zh, en = indicator_sentences(PLAN.indicator("T02"), row("T02", {}, 2024))
    assert "数据不足" in zh and "insufficient data" in en


def test_every_kind_has_its_sentence():
    assert set(SENTENCES) == set(KINDS)


def test_whole_sentences_are_pinned():
    ind = PLAN.indicator("T01")
    r = row("T01", {2020: 5230, 2022: 9000, 2024: 13780}, 2024)
    # the one number policy: the indicator's unit (万人次/年 in both languages, as on the chart's
    # axis), its decimals (0 for T01, 0 for P03: 112所, not 111.667所), grouped, U+2212
    assert indicator_sentences(ind, r) == (
        "铁路旅客发送量2024年为13,780万人次/年（2020年基线5,230万人次/年），2025年目标为"
        "18,000万人次/年；完成率67.0%，时序进度80.0%，判定为“慢于时序进度”（进度差−13.0个百分点）；"
        "年均增速对比（国际方法）为“进展顺利”（年均增速+27.4%，达标所需+28.0%，"
        "实际与所需增速之比0.98）；按2020—2024年的线性趋势，2025年预计为15,749万人次/年，"
        "按此趋势难以实现目标。",
        "Railway passenger departures: 13,780 × 10k trips per year in 2024 (baseline 2020: "
        "5,230 × 10k trips per year), against a 2025 target of 18,000 × 10k trips per year; "
        "completion 67.0% against 80.0% of the time elapsed: behind schedule (gap −13.0 pp); "
        "trajectory (Open SDG): on track (average annual growth +27.4% against +28.0% "
        "required, ratio of actual to required growth 0.98); on the linear trend of 2020–2024, "
        "2025 would reach 15,749 × 10k trips per year, short of the target.",
    )
    ind = PLAN.indicator("P03")
    r = row("P03", {2021: 20, 2022: 25}, 2022)
    assert indicator_sentence(ind, r, "zh") == (
        "中小学竣工投用（累计）2021—2022年累计45所，2025年目标为100所；完成率45.0%，时序进度40.0%，"
        "判定为“快于时序进度”（进度差+5.0个百分点）；年均增速对比（国际方法）为“进展顺利”"
        "（实际与所需年均增量之比1.12）；按2020—2022年的线性趋势，2025年预计为112所，有望实现目标。"
    )


def test_trend_without_change_has_no_sign():
    r = row("E07", {2020: 280, 2023: 290, 2024: 280}, 2024)
    zh, en = indicator_sentences(PLAN.indicator("E07"), r)
    assert "较2020年基期（280天）0天" in zh and "期末与基期持平" in zh
    assert " 0 days on the 2020 baseline" in en and "no change over the period" in en


def test_trend_without_an_earlier_year():
    r = row("E07", {2024: 290}, 2024)
    en = indicator_sentence(PLAN.indicator("E07"), r, "en")
    assert "with no baseline value to compare" in en


def test_trend_said_over_the_whole_period():
    # E07 of the default data: fell in 2021 and 2023, ends below its baseline
    r = row("E07", {2020: 302, 2021: 290, 2022: 300, 2023: 280, 2024: 299, 2025: 296}, 2025)
    zh, en = indicator_sentences(PLAN.indicator("E07"), r)
    assert "较2020年基期（302天）−6天" in zh and "总体下降，期间有回升" in zh
    assert "逐年提升”" not in zh and "rose every year" not in en
    assert "期间趋势：" in zh and "trend over the period: " in en


def test_final_sentences_never_pair_a_miss_with_a_bare_positive_word():
    # N01 of the default data: 5620 of 5700 (cumulative), pace on track, target missed
    ind = PLAN.indicator("T01")
    r = row("T01", {2020: 5230, 2022: 9000, 2024: 13780, 2025: 17500}, 2025)
    assert r["schedule_verdict"] == "not_achieved" and r["international_category"] == "on_track"
    zh, en = indicator_sentences(ind, r, on_track=THRESHOLDS_TARGET[0])
    assert "终期判定为“未达成”" in zh
    assert "期间增速达到达标所需的95%以上，但期末未达标" in zh
    assert "yet the target was missed" in en
    # the percentage is the threshold handed in, not a word of the text
    zh90, en90 = indicator_sentences(ind, r, on_track=0.9)
    assert "达标所需的90%以上" in zh90 and "at least 90%" in en90 and "95" not in zh90 + en90
    # without a threshold: the short form, no number
    assert "增速足够，但期末未达标" in indicator_sentence(ind, r, "zh")
    for word in ("进展顺利", "需加快进展", "on track", "needs acceleration"):
        assert word not in zh + en
    # mid-term: today's wording
    mid = row("T01", {2020: 5230, 2022: 9000, 2024: 13780}, 2024)
    assert "年均增速对比（国际方法）为“进展顺利”" in indicator_sentence(ind, mid, "zh")


def test_final_sentence_without_a_meaningless_completion():
    ind = PLAN.indicator("T01")
    r = row("T01", {2020: 17900, 2025: 18100}, 2025)  # target 18000: 100 of 18000 to go
    assert r["completion_meaningful"] is False and r["schedule_verdict"] == "achieved"
    zh, en = indicator_sentences(ind, r)
    assert "终期判定为“已达成”（基期值接近目标，完成率无意义）" in zh
    assert "(baseline close to target: completion rate not meaningful)" in en
    assert "完成率200" not in zh and "%" not in zh.split("终期判定")[1].split("；")[0]


def test_cumulative_before_any_annual_amount():
    ind = PLAN.indicator("P03")
    r = dict(row("P03", {2021: 20, 2022: 25}, 2022), year=2020)
    assert "no annual amount after 2020" in indicator_sentence(ind, r, "en")


def test_a_kind_without_a_sentence_is_an_error_naming_it():
    r = row("T01", {2020: 5230, 2024: 13780}, 2024)
    stranger = type("Stranger", (), {"kind": "graded", "id": "X01"})()
    with pytest.raises(KeyError, match="'graded' \\(X01\\)"):
        indicator_sentence(stranger, r, "en")  # type: ignore[arg-type]
