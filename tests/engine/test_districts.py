"""The district comparison (section E)."""

from __future__ import annotations

import pytest

from healthcheck.engine import assess_districts
from tests.engine.factories import CENTRAL, NEW, make_indicator, make_plan, obs_frame

approx = pytest.approx


# --------------------------------------------------------------------------------------------
# Districts


def test_districts_rank_direction_down_central_only() -> None:
    ind = make_indicator(id="S07", direction="down", target=10.0, district_scope="central")
    plan = make_plan([ind], CENTRAL + NEW)
    obs = obs_frame([
        ("S07", 2021, "420102", 9.5), ("S07", 2022, "420102", 11.0),  # latest = 2022
        ("S07", 2023, "420102", 8.0),  # after the report year
        ("S07", 2022, "420103", 9.0), ("S07", 2022, "420104", 9.0),
        ("S07", 2022, "420112", 8.0),  # a new district: out of scope
        ("S07", 2022, "", 10.5),  # the city
    ])  # fmt: skip
    d = assess_districts(plan, obs, 2022)
    assert list(d["area"]) == ["420102", "420103", "420104"]
    assert list(d["value"]) == [11.0, 9.0, 9.0]
    assert list(d["year"]) == [2022, 2022, 2022]
    assert list(d["target"]) == [10.0, 10.0, 10.0]
    assert list(d["gap"]) == [-1.0, 1.0, 1.0]  # -1 * (11 - 10); -1 * (9 - 10)
    assert list(d["meets"]) == [False, True, True]
    assert list(d["rank"]) == [3, 1, 1]  # lower is better; the tie shares rank 1
    assert list(d["target_source"]) == ["plan"] * 3


def test_districts_other_kinds_have_no_target() -> None:
    inc = make_indicator(id="U01", kind="increase", target=50.0)
    cum = make_indicator(id="P03", kind="cumulative", target=100.0)
    thr = make_indicator(id="S04", target=None, threshold=90.0)
    plan = make_plan([inc, cum, thr], CENTRAL[:2])
    obs = obs_frame([
        ("U01", 2022, "420102", 5.0), ("U01", 2022, "420103", 7.0),
        ("P03", 2021, "420102", 3.0), ("P03", 2022, "420102", 4.0),
        ("P03", 2022, "420103", 9.0),  # no 2021 amount: no running sum
        ("S04", 2022, "420102", 95.0),
    ])  # fmt: skip
    d = assess_districts(plan, obs, 2022)
    u = d[d["id"] == "U01"]
    assert u["target"].isna().all() and u["gap"].isna().all() and u["meets"].isna().all()
    assert list(u["rank"]) == [2, 1]  # 7 > 5, higher is better
    p = d[d["id"] == "P03"]
    assert list(p["area"]) == ["420102"] and list(p["value"]) == [7.0]  # 3 + 4
    s = d[d["id"] == "S04"]
    assert list(s["target"]) == [90.0] and list(s["target_source"]) == ["analyst"]
    assert list(s["meets"]) == [True]
