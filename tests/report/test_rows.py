"""Row views, table cells and headers."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd

from healthcheck.inputs.plan import Plan, load_plan
from healthcheck.report import render_outputs
from healthcheck.report.context.figures import column_label, tidy_cell
from healthcheck.report.context.rows import (
    category_view,
    completion_text,
    distance_view,
    row_view,
    verdict_note,
)
from healthcheck.results.model import IndicatorRow
from healthcheck.results.store import FileStore

PLAN = load_plan(Path(__file__).resolve().parents[2] / "data" / "plan")
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def _row(**kw: object) -> IndicatorRow:
    base: dict[str, object] = {"id": "S01", "domain": "spatial", "kind": "milestone",
                               "direction": "up", "name_zh": "一张图", "name_en": "One map",
                               "report_year": 2025, "year": 2025, "value": 1.0}  # fmt: skip
    return IndicatorRow.model_validate({**base, **kw})


def test_verdict_note_names_the_other_years() -> None:
    assert verdict_note(_row()) == ("", "")
    assert verdict_note(_row(illustrative=True, illustrative_years=[2025])) == ("", "")
    zh, en = verdict_note(_row(illustrative=True, illustrative_years=[2020, 2021, 2023, 2025]))
    assert zh == "判定依据含示意数据（2020–2021, 2023年）"
    assert en == "verdict rests on illustrative values (2020–2021, 2023)"


def test_milestone_row_view() -> None:
    view = row_view(_row(value_status="illustrative", illustrative=True,
                         illustrative_years=[2024, 2025]), PLAN, 2025)  # fmt: skip
    assert view["milestone"] and not view["running_sum"]
    assert (view["value_zh"], view["value_en"]) == ("已完成", "done")
    assert (view["target_zh"], view["target_en"]) == ("2025年前完成", "done by 2025")
    assert view["value_illustrative"] and view["verdict_illustrative"] and view["illustrative"]
    assert view["verdict"]["key"] == "insufficient_data"


def test_headers_and_cells() -> None:
    assert column_label("completion", PLAN) == "完成率 Completion"
    assert column_label("E01", PLAN) == "E01 污水处理能力"
    assert column_label("something_new", PLAN) == "something_new"
    assert tidy_cell("True") == ("是 yes", False) and tidy_cell("False") == ("否 no", False)
    assert tidy_cell("0.123456") == ("0.123", True) and tidy_cell("-2.50") == ("−2.5", True)


# --------------------------------------------------------------------------------------------
# The judgement rules as the report prints them (methodology B10, B11, G1)


def _level(**kw: object) -> IndicatorRow:
    base: dict[str, object] = {"id": "U02", "domain": "utilities", "kind": "level",
                               "direction": "up", "name_zh": "供电可靠性",
                               "name_en": "Power supply reliability", "unit_zh": "%",
                               "unit_en": "%", "report_year": 2025, "baseline_year": 2020,
                               "target_year": 2025, "year": 2025}  # fmt: skip
    return IndicatorRow.model_validate({**base, **kw})


def test_final_category_is_the_trend_over_the_period() -> None:
    missed = _level(schedule_verdict="not_achieved", international_category="on_track",
                    value=99.9986, baseline=99.985, target_value=99.999)  # fmt: skip
    c = category_view(missed, 0.95)
    assert c["zh"] == "期间增速达到达标所需的95%以上，但期末未达标"
    # the percentage is the framework's threshold handed in (the summary's method)
    assert "达标所需的80%以上" in category_view(missed, 0.8)["zh"]
    assert category_view(missed)["zh"] == "增速足够，但期末未达标"
    assert (
        c["short_zh"] == "增速足够，但期末未达标"
        and c["short_en"] == "pace sufficient, target missed"
    )
    assert "yet the target was missed" in c["en"] and c["key"] == "on_track"
    slow = category_view(
        _level(
            schedule_verdict="not_achieved", international_category="progress_needs_acceleration"
        )
    )
    assert (slow["zh"], slow["en"]) == ("期间增速略有不足", "pace somewhat short over the period")
    met = category_view(_level(schedule_verdict="achieved", international_category="on_track"))
    assert met["zh"] == "期间增速足以达标"
    # a mid-term report keeps today's wording
    mid = category_view(
        _level(
            report_year=2024,
            schedule_verdict="behind",
            international_category="progress_needs_acceleration",
        )
    )
    assert (mid["zh"], mid["en"]) == ("需加快进展", "needs acceleration")


def test_completion_shown_only_where_it_means_something() -> None:
    m11 = _level(completion=12.5, schedule_gap=11.5, schedule_verdict="achieved",
                 assessment={"completion_meaningful": False, "distance": 0.0})  # fmt: skip
    view = row_view(m11.model_copy(update={"id": "M11", "domain": "management"}), PLAN, 2025)
    assert view["completion"] == "—" and "1250" not in str(view)
    assert view["gap_value"] is None and view["gap_zh"] == "—"
    assert view["completion_note_zh"] == "不计（远超目标）"
    u02 = _level(completion=0.971, schedule_verdict="not_achieved",
                 assessment={"completion_meaningful": False})  # fmt: skip
    assert completion_text(u02) == ("不计（基期近目标）", "n.m. (baseline ≈ target)")
    tiny = _level(completion=0.971, schedule_verdict="not_achieved",
                  assessment={"distance": 0.0004, "distance_class": "slight"})  # fmt: skip
    assert distance_view(tiny)["distance_zh"] == "还差0.0004个百分点"  # never "0.0"
    ok = _level(completion=0.5, assessment={"completion_meaningful": True})
    assert completion_text(ok) is None and row_view(ok, PLAN, 2025)["completion"] == "50.0%"


def test_distance_in_the_unit_and_its_class() -> None:
    s07 = _level(id="S07", unit_zh="分钟", unit_en="minutes", direction="down", completion=-0.064,
                 schedule_verdict="not_achieved",
                 assessment={"distance": 1.49, "distance_class": "far"})  # fmt: skip
    d = distance_view(s07)
    assert d["distance_zh"] == "还差1.49分钟" and d["distance_en"] == "1.49 minutes short"
    assert (d["severity_zh"], d["severity_en"]) == (
        "差距较大，且较基期背离",
        "far short, worse than at the baseline",
    )
    e08 = _level(completion=0.925, schedule_verdict="not_achieved",
                 assessment={"distance": 6.0, "distance_class": "slight"})  # fmt: skip
    d = distance_view(e08)
    assert d["distance_zh"] == "还差6.0个百分点" and d["severity_zh"] == "差距较小"
    assert distance_view(_level(assessment={"distance": 0.0}))["severity"] == ""


def test_the_fixture_report_prints_the_rules(
    small_plan: Plan, observations: pd.DataFrame, store: FileStore, rewrite: Any
) -> None:
    res = store.read("transport")
    t01, t05, t06 = res.indicators
    rewrite(indicators=[
        t01.model_copy(update={"international_category": "on_track", "assessment": {
            "distance": 1500.0, "distance_share": 0.083, "distance_class": "slight"}}),
        t05.model_copy(update={"completion": 12.5, "schedule_verdict": "achieved",
                               "assessment": {"completion_meaningful": False}}),
        t06,
    ])  # fmt: skip
    out = render_outputs(small_plan, observations, store, template_dir=TEMPLATES,
                         formats=("html",))  # fmt: skip
    html = out["report.html"].decode("utf-8")
    # the methodology appendix names the mid-term words once, to say what they become
    body = html.split('id="methods"')[0]
    text = re.sub(r"<[^>]+>", "", body)
    assert "进展顺利" not in text and "需加快进展" not in text
    assert "期间增速达到达标所需的95%以上，但期末未达标" in text
    assert "期间趋势" in text and "Trend over the period" in text
    assert "1250" not in text and "不计（远超目标）" in text
    assert "还差1,500万人次/年差距较小" in text
