"""The 问题清单 and 整治建议清单 of the national check built from a small ledger and grades
(notebook/national_lists.py): which indicators enter, what is quoted, the manual's columns."""

from __future__ import annotations

import pandas as pd

from healthcheck.inputs.findings import FindingRow
from healthcheck.notebook.national_lists import QUOTED, problem_list, remedy_list
from healthcheck.notebook.national_summary import PROBLEM_COLUMNS, REMEDY_COLUMNS


def _row(ident: str, level: str, grade: str | None, value: float, applicable: bool = True):
    return {"id": ident, "level": level, "name_zh": f"指标{ident}", "name_en": f"Ind {ident}",
            "value": value, "unit_zh": "栋", "unit_en": "buildings", "grade": grade,
            "applicable": applicable, "illustrative": False,
            "grade_reason_zh": f"理由{ident}", "grade_reason_en": f"reason {ident}"}  # fmt: skip


ROWS = pd.DataFrame([
    _row("N01", "housing", "insufficient", 3), _row("N02", "housing", "very_good", 0),
    _row("N43", "city", None, 0, applicable=False), _row("N31", "city", "fair", 1),
    _row("N32", "city", "good", 80),
])  # fmt: skip


def _ledger(n: int) -> pd.DataFrame:
    return pd.DataFrame([
        {"problem_id": f"P{i}", "indicator": "N01", "unit_id": f"B{i % 3}",
         "community": "C1" if i < 2 else "C2", "problem_zh": f"裂缝{i}", "problem_en": f"crack {i}",
         "recommendation_zh": "结构检测", "recommendation_en": "structural survey",
         "remedy": "time_bound", "responsible_zh": "区住建局", "responsible_en": "district bureau",
         "data_status": "illustrative"}
        for i in range(n)
    ])  # fmt: skip


FINDING = FindingRow(
    "N31",
    "湖泊返黑",
    "a lake turned black",
    "清淤",
    "dredge",
    "区水务局",
    "district water bureau",
    "2026",
    "time_bound",
    "illustrative",
    "x",
    "f",
    2,
)


def test_problem_list_ledger_and_city_rows_in_order() -> None:
    out = problem_list(ROWS, _ledger(5), pd.DataFrame(), [FINDING])
    assert list(out.columns) == list(PROBLEM_COLUMNS)
    # N01 from the ledger (5 records at 3 units); N31 graded fair, its cause the finding's;
    # N02 (no record), N32 (good) and N43 (not applicable) do not enter
    assert list(out["indicator"]) == ["N01", "N31"] and list(out["no"]) == [1, 2]
    n01 = out.iloc[0]
    assert n01["records"] == 5 and n01["units"] == 3
    quoted = n01["problems_zh"].split("：", 1)[1]
    assert quoted.count("裂缝") == QUOTED and quoted.endswith("等")
    assert n01["problems_zh"].startswith("共5条记录、涉及3处")
    assert out.iloc[1]["problems_zh"] == "湖泊返黑" and bool(out.iloc[1]["illustrative"])


def test_remedy_list_groups_the_ledger_and_adds_the_findings() -> None:
    names = {"C1": ("社区一", "Community 1"), "C2": ("社区二", "Community 2")}
    out = remedy_list(ROWS, _ledger(4), [FINDING], names)
    assert list(out.columns) == list(REMEDY_COLUMNS)
    assert len(out) == 2
    first, city = out.iloc[0], out.iloc[1]
    assert first["indicator"] == "N01" and first["records"] == 4
    assert first["area_zh"] == "社区一、社区二" and first["area_en"] == "Community 1, Community 2"
    assert first["remedy"] == "time_bound" and first["responsible_zh"] == "区住建局"
    assert city["indicator"] == "N31" and city["area_zh"] == "全市"
    assert city["recommendation_zh"] == "清淤" and city["responsible_en"] == "district water bureau"


def test_empty_inputs_give_empty_lists_with_the_columns() -> None:
    assert list(problem_list(ROWS.iloc[:0], _ledger(0), pd.DataFrame(), [])) == list(
        PROBLEM_COLUMNS
    )
    assert list(remedy_list(ROWS.iloc[:0], _ledger(0), [])) == list(REMEDY_COLUMNS)


def test_rated_dimensions_leave_out_the_remediation_rate() -> None:
    """问题整治完成率 (N60) stands apart (第七章): graded 不足 or not, it is no dimension of
    table 3, while the 城区 dimension beside it is rated."""
    from pathlib import Path

    from healthcheck.inputs import load_plan
    from healthcheck.notebook.national_inputs import rated_dimensions

    plan = load_plan(Path(__file__).resolve().parents[2] / "examples/wuhan-national/plan")
    rows = pd.DataFrame(
        [
            {**_row("N60", "city", "insufficient", 40.0), "dimension_zh": "问题整治",
             "dimension_en": "problem remediation"},
            {**_row("N31", "city", "very_good", 0.0), "dimension_zh": "生态宜居",
             "dimension_en": "ecology and liveability"},
        ]
    )  # fmt: skip
    rated = rated_dimensions(plan, rows)
    assert list(rated["dimension_zh"]) == ["生态宜居"]
    assert rated["rating"].iloc[0] == "excellent"
