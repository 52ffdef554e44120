"""The workbook and the CSV tables agree with the PDF on provenance."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from healthcheck.inputs.plan import Plan
from healthcheck.report import render_outputs
from healthcheck.report.workbook import ILLUSTRATIVE, VERDICT_ILLUSTRATIVE
from healthcheck.results.store import FileStore

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_workbook_marks_values_and_verdicts_apart(
    small_plan: Plan, observations: pd.DataFrame, store: FileStore
) -> None:
    out = render_outputs(small_plan, observations, store, template_dir=TEMPLATES,
                         formats=("xlsx",))  # fmt: skip
    book = pd.read_excel(io.BytesIO(out["report.xlsx"]), sheet_name=None)
    # the notebook tables follow, whole, as the sheets the PDF names
    assert list(book) == [
        "说明 About",
        "scorecard",
        "transport",
        "districts",
        "data",
        "transport-values",
    ]
    card = book["scorecard"].set_index("编号 ID").fillna("")
    assert (
        card.loc["T05", ILLUSTRATIVE] == "" and str(card.loc["T05", VERDICT_ILLUSTRATIVE]) == "2020"
    )
    assert card.loc["T06", ILLUSTRATIVE] == "示意 illustrative"
    assert card.loc["T01", ILLUSTRATIVE] == "" and card.loc["T01", VERDICT_ILLUSTRATIVE] == ""
    data = book["data"].fillna("")
    t05 = data[data["编号 ID"] == "T05"].set_index("年份 Year")
    assert t05.loc[2025, ILLUSTRATIVE] == "" and t05.loc[2020, ILLUSTRATIVE] != ""
    assert list(book["districts"][ILLUSTRATIVE].fillna("")) == ["示意 illustrative", ""]


def test_csv_tables(small_plan: Plan, observations: pd.DataFrame, store: FileStore) -> None:
    out = render_outputs(small_plan, observations, store, template_dir=TEMPLATES,
                         formats=("csv",))  # fmt: skip
    assert set(out) == {"tables/assessment.csv", "tables/districts.csv", "tables/observations.csv"}
    assert out["tables/assessment.csv"].startswith("\ufeff".encode())
    frame = pd.read_csv(io.BytesIO(out["tables/assessment.csv"]), encoding="utf-8-sig")
    rows = frame.set_index("id")
    assert list(rows.index) == ["T01", "T05", "T06"]
    assert not rows.loc["T05", "value_illustrative"] and rows.loc["T05", "verdict_illustrative"]
    assert rows.loc["T06", "value_illustrative"]
    assert rows.loc["T01", "cagr_observed"] == 0.02
    districts = pd.read_csv(io.BytesIO(out["tables/districts.csv"]), encoding="utf-8-sig")
    assert list(districts["illustrative"]) == [True, False]
