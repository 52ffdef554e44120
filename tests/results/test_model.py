"""The results contract: strict, frozen models and the JSON-safe conversion."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from pydantic import ValidationError

from healthcheck.results import (
    SCHEMA_VERSION,
    Column,
    DistrictRow,
    DomainResults,
    Figure,
    IndicatorRow,
    Paragraph,
    SummaryResults,
    Table,
    jsonable,
)


def indicator(**kw) -> IndicatorRow:
    base = dict(
        id="A01",
        domain="alpha",
        kind="level",
        direction="up",
        name_zh="覆盖率",
        name_en="Coverage",
        report_year=2025,
    )
    return IndicatorRow(**{**base, **kw})


def test_defaults_and_version():
    row = indicator()
    assert row.schedule_verdict == "insufficient_data"
    assert row.illustrative is False and row.illustrative_years == []
    assert row.assessment == {}
    res = DomainResults(
        framework="plan_targets", domain="alpha", year=2025, title_zh="甲", title_en="A"
    )
    assert res.schema_version == SCHEMA_VERSION == 3
    assert res.text == res.indicators == res.figures == res.tables == res.districts == []
    assert Paragraph(key="overview").origin == "generated"


def test_unknown_fields_are_refused():
    with pytest.raises(ValidationError, match="extra"):
        indicator(colour="red")
    with pytest.raises(ValidationError):
        Paragraph(key="k", zh="中", en="en", origin="someone")  # not a known origin


def test_models_are_frozen():
    para = Paragraph(key="overview", zh="中", en="en")
    with pytest.raises(ValidationError):
        para.zh = "改"  # type: ignore[misc]


def test_wrong_types_are_refused():
    with pytest.raises(ValidationError, match="value"):
        indicator(value="lots")
    with pytest.raises(ValidationError):
        indicator(direction="sideways")
    with pytest.raises(ValidationError):
        Figure(id="f", path="figures/f.svg", kind="pie", caption_zh="图", caption_en="fig")
    with pytest.raises(ValidationError):
        Column(name="x", type="date")


def test_summary_round_trip_through_json():
    table = Table(
        id="t",
        path="tables/t.csv",
        caption_zh="表",
        caption_en="Table",
        columns=[Column(name="id"), Column(name="share", type="fraction")],
        illustrative=[True, False],
    )
    res = SummaryResults(
        framework="plan_targets",
        domain="summary",
        year=2025,
        title_zh="总",
        title_en="Summary",
        indicators=[indicator(value=1.5, assessment={"value": 1.5, "note": "", "x": None})],
        tables=[table],
        districts=[DistrictRow(id="A01", area="420102", name_zh="江岸区", name_en="Jiang'an")],
        counts={"schedule_verdict": {"alpha": {"ahead": 1}, "__all__": {"ahead": 1}}},
        shortfalls=["A01"],
        method={"thresholds_target": [0.95, 0.6, 0.0], "zero_target_replacement": 0.001},
        illustrative_share=0.25,
    )
    again = SummaryResults.model_validate_json(res.model_dump_json())
    assert again == res
    assert again.tables[0].illustrative == [True, False]
    # a summary is not a domain's results: its extra fields are refused there
    with pytest.raises(ValidationError):
        DomainResults.model_validate_json(res.model_dump_json())


def test_jsonable():
    value = {
        "int": np.int64(3),
        "float": np.float64(1.5),
        "nan": float("nan"),
        "inf": math.inf,
        "na": pd.NA,
        "nat": pd.NaT,
        "bool": np.bool_(True),
        "list": (np.int32(1), None, "a"),
        1: "key made text",
    }
    assert jsonable(value) == {
        "int": 3,
        "float": 1.5,
        "nan": None,
        "inf": None,
        "na": None,
        "nat": None,
        "bool": True,
        "list": [1, None, "a"],
        "1": "key made text",
    }
    assert type(jsonable(np.int64(3))) is int
