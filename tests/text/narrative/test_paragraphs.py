"""The paragraphs: counts of both verdicts, shortfalls, changes and districts, in both languages."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from healthcheck.engine import shortfalls
from healthcheck.inputs.plan import load_plan
from healthcheck.text.narrative import (
    changes_paragraph,
    count_en,
    count_zh,
    district_sentence,
    domain_paragraph,
    shortfall_paragraph,
    summary_paragraph,
)

ROOT = Path(__file__).resolve().parents[3]
PLAN = load_plan(ROOT / "data" / "plan")
NAMES = {i.id: (i.name_zh, i.name_en) for i in PLAN.indicators}


def engine_shortfalls(rows: list[dict]) -> list[dict]:
    """The rows the engine's shortfall rule selects, in its order (the notebooks' call)."""
    return shortfalls(pd.DataFrame(rows)).to_dict("records")


def test_domain_paragraph_counts_and_shortfalls():
    rows = [
        {
            "id": "T01",
            "kind": "level",
            "direction": "up",
            "schedule_verdict": "behind",
            "schedule_gap": -0.2,
            "distance_share": 0.3,
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
            "distance_share": 0.05,
            "international_category": "deterioration",
        },
    ]
    short = engine_shortfalls(rows)
    zh = domain_paragraph(
        ("综合交通", "Transport"), rows, NAMES, "zh", shortfalls=short, illustrative_share=0.5
    )
    en = domain_paragraph(("综合交通", "Transport"), rows, NAMES, "en", shortfalls=short)
    assert "共3项指标" in zh and "慢于时序进度1项" in zh and "50%的数值为示意数据" in zh
    # furthest from the target first: T01 (30 % to go) before T03 (moved away, 5 % to go)
    assert zh.index("T01") < zh.index("T03")
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
    assert "没有实质变化" in changes_paragraph([], NAMES, 2025, "zh")


def test_the_switch_to_final_verdicts_is_said_once():
    ch = [{"id": "T01", "schedule_from": "ahead", "schedule_to": "not_achieved",
           "category_from": "on_track", "category_to": "on_track"}]  # fmt: skip
    zh = changes_paragraph(ch, NAMES, 2025, "zh", switched=47)
    en = changes_paragraph(ch, NAMES, 2025, "en", switched=47)
    assert zh.startswith("2025年为规划目标年，时序进度判定转为终期结论：47项指标")
    assert "不逐一列出" in zh and "1项指标的判定发生实质变化：T01" in zh
    assert "快于时序进度→未达成" in zh
    assert "47 indicators went the way the 2024 check pointed" in en
    assert "1 verdict changed in substance" in en
    moved = [dict(ch[0], schedule_from="behind", category_to="progress_needs_acceleration")]
    final = changes_paragraph(moved, NAMES, 2025, "zh", switched=47, final=True)
    assert "进展顺利→期间增速略有不足" in final and "需加快进展" not in final
    only = changes_paragraph([], NAMES, 2025, "zh", switched=48)
    assert "48项" in only and "其余指标的判定没有实质变化" in only


def test_final_counts_name_the_trend_over_the_period():
    rows = [
        {"id": "U02", "kind": "level", "schedule_verdict": "not_achieved",
         "international_category": "on_track", "report_year": 2025, "target_year": 2025},
        {"id": "T01", "kind": "level", "schedule_verdict": "achieved",
         "international_category": "target_achieved", "report_year": 2025,
         "target_year": 2025},
    ]  # fmt: skip
    zh = summary_paragraph(("武汉市", "Wuhan"), 2025, rows, "zh")
    en = summary_paragraph(("武汉市", "Wuhan"), 2025, rows, "en")
    assert "终期判定：" in zh and "期间趋势（年均增速对比，建设事项除外）：" in zh
    assert "期间增速足以达标1项" in zh and "进展顺利" not in zh
    assert "Trend over the period" in en and "on track" not in en
    dom = domain_paragraph(("交通", "Transport"), rows, NAMES, "zh", shortfalls=[])
    assert "期间趋势" in dom and "进展顺利" not in dom
    mid = [dict(r, report_year=2024) for r in rows]
    assert "年均增速对比（国际方法，建设事项除外）：" in summary_paragraph(
        ("武汉市", "Wuhan"), 2024, mid, "zh"
    )


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
        assert "2个区中仅1个区达到目标" in text and "最差的是武昌区（12.7分钟）" in text
    else:
        assert (
            "only 1 of the 2 districts meets the target" in text
            and "worst Wuchang (12.7 minutes)" in text
        )


def test_domain_paragraph_names_the_shortfalls_it_is_given_in_their_order():
    rows = [
        {"id": "T01", "kind": "level", "schedule_verdict": "behind"},
        {"id": "T02", "kind": "milestone", "schedule_verdict": "done"},
    ]
    en = domain_paragraph(("交通", "Transport"), rows, NAMES, "en", shortfalls=[rows[1], rows[0]])
    assert en.index("T02") < en.index("T01")
    assert "Trajectory (Open SDG, milestones excepted): 1 not assessed." in en
    zh = domain_paragraph(("交通", "Transport"), rows, NAMES, "zh", shortfalls=[])
    assert "本领域没有指标列入问题清单" in zh and "T01" not in zh


def test_shortfall_paragraph_names_eight_and_counts_the_rest():
    ids = [i.id for i in PLAN.indicators][:10]
    rows = [
        {"id": i, "schedule_verdict": "behind", "schedule_gap": -0.1, "distance_share": 0.143}
        for i in ids
    ]
    zh = shortfall_paragraph(rows, NAMES, "zh")
    assert zh.startswith("问题清单共10项") and zh.endswith("等（另有2项见表）。")
    assert "距目标尚差目标值的14.3%" in zh and ids[8] not in zh
    assert "进度差" not in zh
    assert shortfall_paragraph([], NAMES, "en") == "No indicator is on the list of shortfalls."


def test_the_summary_states_the_share_with_its_counts():
    from healthcheck.text.narrative import share_text

    rows = [{"id": "T01", "kind": "level", "schedule_verdict": "achieved",
             "international_category": "target_achieved", "report_year": 2025,
             "target_year": 2025}]  # fmt: skip
    zh = summary_paragraph(("武汉市", "Wuhan"), 2025, rows, "zh", illustrative=(1182, 1206),
                           districts=True)  # fmt: skip
    en = summary_paragraph(("武汉市", "Wuhan"), 2025, rows, "en", illustrative=(1182, 1206),
                           districts=True)  # fmt: skip
    # the same words as the cover and the data appendix (one function states it)
    assert share_text((1182, 1206), 2025, "zh", districts=True) in zh
    assert "98%（2025年及以前的全市与分区指标数值共1206个，其中示意数据1182个）" in zh
    assert "(1182 of the 1206 city and district values of the indicators up to 2025)" in en
    assert "示意" not in summary_paragraph(("武汉市", "Wuhan"), 2025, rows, "zh")
    city_only = share_text((3, 12), 2022, "en", districts=False)
    assert city_only == "25% (3 of the 12 city values of the indicators up to 2022)"


def test_a_verdict_with_a_comma_of_its_own_is_quoted_in_a_count_list():
    rows = [{"id": "E07", "kind": "trend", "schedule_verdict": "fell_overall",
             "international_category": "deterioration"},
            {"id": "T01", "kind": "level", "schedule_verdict": "achieved",
             "international_category": "target_achieved"}]  # fmt: skip
    zh = summary_paragraph(("武汉市", "Wuhan"), 2024, rows, "zh")
    en = summary_paragraph(("武汉市", "Wuhan"), 2024, rows, "en")
    assert "“总体下降，期间有回升”1项" in zh
    assert "1 “fell overall, with rebounds”" in en


def test_a_domain_titled_plainly_is_not_named_twice():
    rows = [{"id": "T01", "kind": "level", "schedule_verdict": "achieved",
             "international_category": "target_achieved"}]  # fmt: skip
    zh = domain_paragraph(("领域“alpha”", "Domain “alpha”"), rows, NAMES, "zh", shortfalls=[])
    en = domain_paragraph(("领域“alpha”", "Domain “alpha”"), rows, NAMES, "en", shortfalls=[])
    assert zh.startswith("领域“alpha”共1项指标") and en.startswith("Domain “alpha” has 1 indicator")
    assert domain_paragraph(("交通", "Transport"), rows, NAMES, "zh", shortfalls=[]).startswith(
        "“交通”领域共1项指标"
    )


def test_a_sufficient_pace_beside_a_missed_target_is_said_in_the_summary():
    rows = [{"id": "U02", "kind": "level", "schedule_verdict": "not_achieved",
             "international_category": "on_track", "report_year": 2025, "target_year": 2025},
            {"id": "T01", "kind": "level", "schedule_verdict": "achieved",
             "international_category": "target_achieved", "report_year": 2025,
             "target_year": 2025}]  # fmt: skip
    zh = summary_paragraph(("武汉市", "Wuhan"), 2025, rows, "zh")
    en = summary_paragraph(("武汉市", "Wuhan"), 2025, rows, "en")
    assert zh.endswith("期间增速足以达标1项、已实现目标1项；期间增速足以达标的1项期末仍未达标。")
    assert en.endswith("1 target achieved; the one with a sufficient pace still missed the target.")


@pytest.mark.parametrize(
    ("k", "n", "zh", "en"),
    [
        (0, 7, "7个区均未达到目标", "none of the 7 districts meets the target"),
        (1, 7, "7个区中仅1个区达到目标", "only 1 of the 7 districts meets the target"),
        (3, 7, "7个区中有3个区达到目标", "3 of the 7 districts meet the target"),
        (7, 7, "7个区全部达到目标", "all 7 districts meet the target"),
        (0, 1, "唯一的区未达到目标", "the one district does not meet the target"),
    ],
)
def test_district_counts_read_well_at_zero_one_and_all(k, n, zh, en):
    assert count_zh(k, n, "达到目标") == zh
    assert count_en(k, n, "the target") == en
