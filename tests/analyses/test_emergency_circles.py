"""emergency_circles (spatial: S07 central districts, target 10 min; S08 new, 12 min)."""

from __future__ import annotations

import statistics

import pytest

from healthcheck.text.narrative import count_zh

ZONES = {"S07": ("central", 10.0, "中心城区"), "S08": ("new", 12.0, "新城区")}


@pytest.mark.parametrize("year", [2025, 2023])
def test_numbers(context, observations, analysis, year):
    ctx = context("spatial", year)
    assert ctx.domain.analysis.params == {"indicators": ["S07", "S08"]}
    in_zone = {z: {d.code for d in ctx.plan.districts if d.zone == z} for z, _, _ in ZONES.values()}
    names = {d.code: d.name_zh for d in ctx.plan.districts}

    result = analysis(ctx)
    rows = {r["id"]: r for r in result.frame.to_dict("records")}
    assert list(rows) == list(ZONES)
    for sid, (zone, target, zone_zh) in ZONES.items():
        obs = observations[
            (observations["indicator"] == sid)
            & observations["area"].isin(in_zone[zone])
            & (observations["year"] <= year)
        ]
        latest = obs[obs["year"] == obs.groupby("area")["year"].transform("max")]
        values = dict(zip(latest["area"], latest["value"], strict=True))
        meeting = sum(v <= target for v in values.values())  # response time: lower is better
        worst = max(values, key=lambda a: values[a])
        got = rows[sid]
        assert got["zone"] == zone and got["target"] == target
        assert got["districts"] == len(values)
        assert got["districts_meeting"] == meeting
        assert got["worst_district_zh"] == names[worst]
        assert got["worst_value"] == pytest.approx(values[worst])
        assert got["median"] == pytest.approx(statistics.median(values.values()))
        # S07/S08 are written with one decimal (indicators.csv); "7个区均未达到", never "有0个区"
        goal = f"达到{target:.1f}分钟的目标"
        assert (
            f"{zone_zh}{count_zh(meeting, len(values), goal)}，"
            f"最差的是{names[worst]}（{values[worst]:.1f}分钟）"
        ) in result.text_zh
        assert "有0个区" not in result.text_zh
    assert result.table is not None and "illustrative" not in result.table.columns
    assert len(result.table_illustrative) == 2
