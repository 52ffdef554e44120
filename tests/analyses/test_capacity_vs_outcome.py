"""capacity_vs_outcome (resilience: R01 against R02; environment: E01 against E02)."""

from __future__ import annotations

import pytest

from healthcheck.text.numbers import indicator_decimals

CASES = [
    ("resilience", "R01", "R02"),
    ("environment", "E01", "E02"),
]


@pytest.mark.parametrize("year", [2025, 2023])
@pytest.mark.parametrize(("domain", "capacity", "outcome"), CASES)
def test_numbers_by_year(context, city, analysis, domain, capacity, outcome, year):
    ctx = context(domain, year)
    params = ctx.domain.analysis.params
    assert (params["capacity"], params["outcome"]) == (capacity, outcome)
    xs, ys = city(capacity, year), city(outcome, year)
    years = sorted(set(xs) & set(ys))
    assert len(years) >= 2

    result = analysis(ctx)
    frame = result.frame
    assert frame["year"].tolist() == years
    assert frame[capacity].tolist() == [xs[y][0] for y in years]
    assert frame[outcome].tolist() == [ys[y][0] for y in years]
    flags = [xs[y][1] == "illustrative" or ys[y][1] == "illustrative" for y in years]
    assert frame["illustrative"].tolist() == flags
    assert result.table_illustrative == flags
    assert result.illustrative == any(flags)
    assert result.table is not None and list(result.table.columns) == list(frame.columns)
    assert result.figure is not None

    a, b = years[0], years[-1]
    assert f"{a}—{b}年" in result.text_zh
    assert f"From {a} to {b}" in result.text_en
    dx, dy = xs[b][0] - xs[a][0], ys[b][0] - ys[a][0]
    xi, yi = ctx.plan.indicator(capacity), ctx.plan.indicator(outcome)
    dxd, dyd = indicator_decimals(xi), indicator_decimals(yi)  # each indicator's decimals
    assert f"{xi.name_zh}变化+{dx:,.{dxd}f}{xi.unit_zh}" in result.text_zh
    if yi.is_percentage:
        assert f"{yi.name_zh}变化+{dy:.{dyd}f}个百分点" in result.text_zh
        assert f"{yi.name_en} by +{dy:.{dyd}f} pp" in result.text_en
    else:
        assert f"{yi.name_zh}变化+{dy:,.{dyd}f}{yi.unit_zh}" in result.text_zh


def test_captions_come_from_the_binding(context, analysis):
    ctx = context("environment", 2025)
    result = analysis(ctx)
    assert result.caption_zh == "污水处理能力与集中处理率（逐年）"
    assert result.caption_en == "Sewage treatment capacity against the treatment rate, by year"
    e01, e02 = ctx.plan.indicator("E01"), ctx.plan.indicator("E02")
    assert result.table_caption_zh == f"表：{e01.name_zh}与{e02.name_zh}（逐年）"
    assert result.table_caption_en == f"Table: {e01.name_en} and {e02.name_en}, by year"
    assert result.text_en.startswith("Has the added treatment capacity raised the treatment rate?")


@pytest.mark.parametrize("year", [2025, 2023])
def test_targets_met_or_not(context, city, analysis, year):
    """R01 is an increase of 1135 on its 2020 value; R02 a level of 20 (years)."""
    ctx = context("resilience", year)
    r01, r02 = city("R01", year), city("R02", year)
    last = max(set(r01) & set(r02))
    capacity_met = r01[last][0] >= r01[2020][0] + 1135
    outcome_met = r02[last][0] >= 20
    text = analysis(ctx).text_en
    assert ("R02 meets its target while R01 does not yet" in text) == (
        outcome_met and not capacity_met
    )
    assert ("R01 meets its target while R02 does not" in text) == (capacity_met and not outcome_met)
