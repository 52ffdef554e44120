"""The CLI's assessment as text: JSON cleaning, and no dependency on the results package."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import numpy as np
import pandas as pd

from healthcheck import tables
from healthcheck.tables import assessment_csv, assessment_json, display_width


def test_json_has_null_for_every_empty_value_and_plain_numbers() -> None:
    table = pd.DataFrame(
        {
            "id": ["A1", "A2"],
            "year": pd.array([2022, None], dtype="Int64"),
            "value": [np.float64(1.5), float("nan")],
            "projected_cagr": [float("inf"), 2.0],
            "likely_met": pd.array([True, None], dtype="boolean"),
            "count": [np.int64(3), np.int64(4)],
        }
    )
    text = assessment_json(table)
    assert "NaN" not in text and "Infinity" not in text
    assert json.loads(text) == [
        {"id": "A1", "year": 2022, "value": 1.5, "projected_cagr": None, "likely_met": True,
         "count": 3},
        {"id": "A2", "year": None, "value": None, "projected_cagr": 2.0, "likely_met": None,
         "count": 4},
    ]  # fmt: skip


def test_csv_keeps_fractions_with_six_significant_figures() -> None:
    table = pd.DataFrame({"id": ["A1"], "completion": [0.123456789]})
    assert assessment_csv(table) == "id,completion\nA1,0.123457\n"


def test_display_width_counts_cjk_as_two() -> None:
    assert display_width("武汉 Wuhan") == 4 + 1 + 5


def test_tables_does_not_import_the_results_package() -> None:
    tree = ast.parse(Path(tables.__file__).read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert "healthcheck.inputs.plan" in imported  # the check sees the module's imports
    assert not {m for m in imported if m and m.startswith("healthcheck.results")}


def test_csv_escapes_text_a_spreadsheet_would_run() -> None:
    table = pd.DataFrame({"id": ["A1", "A2"], "note": ["=1+1", "@x"], "gap": [-0.5, 0.25]})
    assert assessment_csv(table) == "id,note,gap\nA1,'=1+1,-0.5\nA2,'@x,0.25\n"
