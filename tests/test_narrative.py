"""Generated sentences and paragraphs: the verdicts with their numbers, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from healthcheck.engine import assess_series
from healthcheck.inputs.plan import load_plan
from healthcheck.text.narrative import (
    changes_paragraph,
    district_sentence,
    domain_paragraph,
    indicator_sentence,
    indicator_sentences,
    shortfall_paragraph,
    summary_paragraph,
    value_text,
)

ROOT = Path(__file__).resolve().parents[1]
PLAN = load_plan(ROOT / "data" / "plan")
NAMES = {i.id: (i.name_zh, i.name_en) for i in PLAN.indicators}


def row(ind_id: str, series: dict[int, float], year: int) -> dict:
    return assess_series(PLAN.indicator(ind_id), series, year).as_dict()


def test_behind_schedule_sentence_has_the_numbers_in_both_languages():
    ind = PLAN.indicator("T01")
    r = row("T01", {2020: 5230, 2022: 9000, 2024: 13780}, 2024)
    zh, en = indicator_sentences(ind, r)
    assert r["schedule_verdict"] == "behind"
    assert "铁路旅客发送量2024年为1.378亿人次/年" in zh
    assert "目标为1.8亿人次/年" in zh and "慢于时序进度" in zh and "时序进度80.0%" in zh
    assert "进度差−13.0个百分点" in zh
    assert "国际分类为“" in zh and "2025年预计为" in zh
    assert en.startswith("Railway passenger departures: 137.8 million trips per year in 2024")
    assert "behind schedule (gap −13.0 pp)" in en and "international category:" in en
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
    assert "较2023年（290天）−4天" in zh and "下降" in zh
    en = indicator_sentence(PLAN.indicator("P03"), row("P03", {2021: 20, 2022: 25}, 2022), "en")
    assert "45 schools in total over 2021–2022" in en
    zh = indicator_sentence(PLAN.indicator("U01"), row("U01", {2020: 525, 2023: 600}, 2023), "zh")
    assert "较2020年新增75万吨/日" in zh and "目标为665万吨/日" in zh


def test_insufficient_data():
    zh, en = indicator_sentences(PLAN.indicator("T02"), row("T02", {}, 2024))
    assert "数据不足" in zh and "insufficient data" in en


def test_values_next_to_a_target_keep_its_precision():
    ind = PLAN.indicator("U02")  # target 99.999 %
    assert value_text(99.9986, ind, "zh", 99.999) == "99.9986%"
    assert value_text(99.999, ind, "en", 99.999) == "99.999%"
    assert value_text(99.5, ind, "en") == "99.5%"
    ind = PLAN.indicator("T01")
    assert value_text(18000, ind, "zh") == "1.8亿人次/年"


def test_domain_paragraph_counts_and_shortfalls():
    rows = [
        {
            "id": "T01",
            "kind": "level",
            "direction": "up",
            "schedule_verdict": "behind",
            "schedule_gap": -0.2,
            "international_category": "limited_progress",
        },
        {
            "id": "T02",
            "kind": "level",
            "direction": "up",
            "schedule_verdict": "ahead",
            "schedule_gap": 0.1,
            "international_category": "on_track",
        },
        {
            "id": "T03",
            "kind": "level",
            "direction": "up",
            "schedule_verdict": "moving_away",
            "schedule_gap": -0.5,
            "international_category": "deterioration",
        },
    ]
    zh = domain_paragraph(("综合交通", "Transport"), rows, NAMES, "zh", illustrative_share=0.5)
    en = domain_paragraph(("综合交通", "Transport"), rows, NAMES, "en")
    assert "共3项指标" in zh and "慢于时序进度1项" in zh and "50%的数值为示意数据" in zh
    assert zh.index("T03") < zh.index("T01")  # worst gap first
    assert "has 3 indicators" in en and "1 behind schedule" in en and "illustrative" not in en
    text = shortfall_paragraph([rows[2], rows[0]], NAMES, "en")
    assert text.startswith("The list of shortfalls has 2 indicators")


def test_summary_and_changes():
    rows = [
        {
            "id": "T01",
            "kind": "level",
            "schedule_verdict": "achieved",
            "international_category": "target_achieved",
        }
    ]
    zh = summary_paragraph(("武汉市", "Wuhan"), 2025, rows, "zh")
    assert zh.startswith("2025年城市体检共评估武汉市1项规划指标")
    ch = [{"id": "T01", "schedule_from": "behind", "schedule_to": "achieved"}]
    assert "慢于时序进度→已达成" in changes_paragraph(ch, NAMES, 2025, "zh")
    assert "behind schedule → achieved" in changes_paragraph(ch, NAMES, 2025, "en")
    assert "no comparison" in changes_paragraph([], NAMES, 2020, "en", previous_available=False)
    assert "没有变化" in changes_paragraph([], NAMES, 2025, "zh")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_district_sentence(lang):
    ind = PLAN.indicator("S07")
    rows = [
        {
            "name_zh": "江汉区",
            "name_en": "Jianghan",
            "value": 9.5,
            "rank": 1,
            "meets": True,
            "target": 10.0,
        },
        {
            "name_zh": "武昌区",
            "name_en": "Wuchang",
            "value": 12.7,
            "rank": 2,
            "meets": False,
            "target": 10.0,
        },
    ]
    text = district_sentence(ind, rows, lang)
    if lang == "zh":
        assert "2个区中，1个区达到目标" in text and "最差的是武昌区（12.7分钟）" in text
    else:
        assert "1 meet the target" in text and "worst Wuchang (12.7 minutes)" in text
