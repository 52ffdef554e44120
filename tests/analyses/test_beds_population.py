"""beds_population (public_services: P01 beds per 1000 residents, POP in 10 000 residents)."""

from __future__ import annotations

import numpy as np
import pytest

GOAL, T = 8.8, 2025


def pc(x: float) -> str:
    return f"{x * 100:+.1f}%".replace("-", "−")


@pytest.mark.parametrize("year", [2025, 2023])
def test_numbers(context, city, observations, analysis, year):
    ctx = context("public_services", year)
    assert ctx.domain.analysis.params == {"beds": "P01", "population": "POP"}
    rate, pop = city("P01", year), city("POP", year)
    years = sorted(set(rate) & set(pop))
    implied = {y: rate[y][0] * pop[y][0] * 10 for y in years}  # per 1000 x 10 000 residents

    result = analysis(ctx)
    frame = result.frame
    observed = frame[frame["row"] == "observed"]
    assert observed["year"].tolist() == years
    assert observed["population_10k"].tolist() == [pop[y][0] for y in years]
    assert observed["beds_implied"].tolist() == pytest.approx([implied[y] for y in years])

    # the target year: population on a least-squares line (or the value of the year itself)
    if years[-1] < T:
        slope, intercept = np.polyfit(years, [pop[y][0] for y in years], 1)
        pop_t = slope * T + intercept
    else:
        pop_t = pop[T][0]
    needed = frame[frame["row"] != "observed"].iloc[0]
    assert int(needed["year"]) == T
    assert needed["population_10k"] == pytest.approx(pop_t)
    assert needed["beds_implied"] == pytest.approx(GOAL * pop_t * 10)

    flags = [rate[y][1] == "illustrative" or pop[y][1] == "illustrative" for y in years]
    # the target year's row rests on the population values it is projected from
    used = years if years[-1] < T else [T]
    assert result.table_illustrative == [*flags, any(pop[y][1] == "illustrative" for y in used)]
    assert result.illustrative == any(flags)

    first, last = years[0], years[-1]
    zh = result.text_zh
    assert f"{first}—{last}年，常住人口变化{pc(pop[last][0] / pop[first][0] - 1)}" in zh
    assert f"床位总量变化{pc(implied[last] / implied[first] - 1)}" in zh
    assert f"每千人口床位数变化{pc(rate[last][0] / rate[first][0] - 1)}" in zh
    assert f"约{pop_t:.0f}万人计" in zh
    assert f"需床位约{GOAL * pop_t * 10 / 1e4:.1f}万张" in zh
    assert f"多约{(GOAL * pop_t * 10 - implied[last]) / 1e4:.1f}万张" in zh
    note = observations[
        (observations["indicator"] == "POP")
        & (observations["area"] == "")
        & (observations["year"] == first)
    ]["note"].iloc[0]
    assert ("人口普查数" in zh) == ("census" in note.lower())
