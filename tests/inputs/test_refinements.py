"""refinements.csv: a threshold is read by the number policy of the observation values."""

from __future__ import annotations

import pandas as pd
import pytest

from healthcheck.inputs.csvfile import LINE
from healthcheck.inputs.refinements import check_refinements


def _frame(value: str, indicator: str = "N43") -> pd.DataFrame:
    f = pd.DataFrame(
        [[indicator, "threshold", value, ">=", "理由", "reason", "src"]],
        columns=["indicator", "action", "value", "op", "reason_zh", "reason_en", "source"],
        dtype=str,
    )
    f[LINE] = [2]
    return f


@pytest.mark.parametrize(
    ("typed", "value"), [("1,234", 1234.0), ("２０．５", 20.5), ("\u22123", -3.0), (" 20 ", 20.0)]
)
def test_a_threshold_parses_as_observation_values_do(typed: str, value: float) -> None:
    rows, problems = check_refinements(_frame(typed), "refinements.csv", {"N43"}, set())
    assert problems == []
    assert rows[0].value == value


@pytest.mark.parametrize("typed", ["1,5", "20%", "nan", "abc"])
def test_a_threshold_that_is_no_number_is_refused_located(typed: str) -> None:
    rows, problems = check_refinements(_frame(typed), "refinements.csv", {"N43"}, set())
    assert rows == ()
    assert [(p.row, p.column, p.found) for p in problems] == [(2, "value", f"'{typed}'")]


def test_an_indicator_with_a_space_around_it_is_refused() -> None:
    rows, problems = check_refinements(_frame("20", "N43 "), "refinements.csv", {"N43"}, set())
    assert rows == ()
    assert [(p.row, p.column, p.found) for p in problems] == [(2, "indicator", "'N43 '")]
