"""Row views, table cells and headers."""

from __future__ import annotations

from pathlib import Path

from healthcheck.inputs.plan import load_plan
from healthcheck.report.context.figures import column_label, tidy_cell
from healthcheck.report.context.rows import row_view, verdict_note
from healthcheck.results.model import IndicatorRow

PLAN = load_plan(Path(__file__).resolve().parents[2] / "data" / "plan")


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
