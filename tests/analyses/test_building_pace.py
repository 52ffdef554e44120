"""building_pace (utilities: every capacity indicator with a goal that is not a percentage)."""

from __future__ import annotations

import pandas as pd
import pytest

from healthcheck.text.numbers import indicator_decimals

T0, T = 2020, 2025
#: id -> (kind, target) from data/plan/indicators.csv
CAPACITIES = {"U01": ("increase", 140.0), "U04": ("level", 3000.0), "U05": ("level", 1500.0),
              "U06": ("level", 20.5)}  # fmt: skip


@pytest.mark.parametrize("year", [2025, 2023])
def test_numbers(context, city, analysis, year):
    ctx = context("utilities", year)
    expected = {}
    for sid, (kind, target) in CAPACITIES.items():
        s = city(sid, year)
        t = max(s)
        y0, yt = s[T0][0], s[t][0]
        y_target = y0 + target if kind == "increase" else target
        expected[sid] = {
            "year": t,
            "pace_so_far": (yt - y0) / (t - T0),
            "pace_needed": (y_target - y0) / (T - T0),
            "pace_needed_from_now": max(0.0, y_target - yt) / (T - t) if t < T else None,
            "illustrative": any(s[y][1] == "illustrative" for y in range(T0, t + 1) if y in s),
        }

    result = analysis(ctx)
    rows = {r["id"]: r for r in result.frame.to_dict("records")}
    assert list(rows) == list(CAPACITIES)
    for sid, want in expected.items():
        got = rows[sid]
        assert got["year"] == want["year"]
        assert got["pace_so_far"] == pytest.approx(want["pace_so_far"])
        assert got["pace_needed"] == pytest.approx(want["pace_needed"])
        assert got["so_far_share_of_needed"] == pytest.approx(
            want["pace_so_far"] / want["pace_needed"]
        )
        if want["pace_needed_from_now"] is None:
            assert pd.isna(got["pace_needed_from_now"])
        else:
            assert got["pace_needed_from_now"] == pytest.approx(want["pace_needed_from_now"])
        assert got["illustrative"] == want["illustrative"]
    assert result.illustrative == any(w["illustrative"] for w in expected.values())

    slow = min(expected, key=lambda k: expected[k]["pace_so_far"] / expected[k]["pace_needed"])
    share = expected[slow]["pace_so_far"] / expected[slow]["pace_needed"]
    ind = ctx.plan.indicator(slow)
    assert f"建设最慢的是{slow} {ind.name_zh}" in result.text_zh
    assert f"为所需的{share * 100:.0f}%" in result.text_zh
    assert f"the slowest is {slow} {ind.name_en}" in result.text_en
    assert f"{share * 100:.0f}% of the pace needed" in result.text_en
    from_now = expected[slow]["pace_needed_from_now"]
    assert ("今后每年需" in result.text_zh) == (from_now is not None)
    if from_now is not None:
        # in the indicator's decimals (indicators.csv), grouped
        digits = indicator_decimals(ind)
        assert f"今后每年需{from_now:,.{digits}f}{ind.unit_zh}" in result.text_zh
