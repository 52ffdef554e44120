"""renewal_pace (renewal: N01, a cumulative target of 5700 over 2021–2025)."""

from __future__ import annotations

import pytest

GOAL, T0, T = 5700.0, 2020, 2025


@pytest.mark.parametrize("year", [2025, 2023])
def test_numbers(context, city, analysis, year):
    ctx = context("renewal", year)
    assert ctx.domain.analysis.params == {"indicator": "N01"}
    s = city("N01", year)
    years = [y for y in range(T0 + 1, min(year, T) + 1) if y in s]
    annual = [s[y][0] for y in years]

    result = analysis(ctx)
    frame = result.frame
    assert frame["year"].tolist() == years
    assert frame["annual"].tolist() == annual
    assert frame["running_sum"].tolist() == pytest.approx(
        [sum(annual[: k + 1]) for k in range(len(annual))]
    )
    flags = [s[y][1] == "illustrative" for y in years]
    assert result.table_illustrative == flags
    assert result.illustrative == any(flags)

    total = sum(annual)
    needed = GOAL / (T - T0)
    average = total / len(annual)
    zh = result.text_zh
    # N01 is written with no decimals, thousands grouped (indicators.csv)
    assert f"{T0 + 1}—{years[-1]}年累计完成{total:,.0f}万平方米" in zh
    assert f"年均{average:,.0f}万平方米" in zh
    assert f"实现{GOAL:,.0f}万平方米的目标平均每年需{needed:,.0f}万平方米" in zh
    if years[-1] < T:
        from_now = (GOAL - total) / (T - years[-1])
        assert f"今后每年需{from_now:,.0f}万平方米" in zh
        assert "from now on" in result.text_en
    else:
        assert "今后" not in zh and "from now on" not in result.text_en


def test_caption_names_the_indicator(context, analysis):
    ctx = context("renewal", 2025)
    result = analysis(ctx)
    n01 = ctx.plan.indicator("N01")
    assert result.caption_zh == f"{n01.name_zh}：年度完成量与所需年均量"
    assert result.caption_en == f"{n01.name_en}: annual amounts against the pace needed"
