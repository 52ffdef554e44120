"""Hospital beds against population growth.

The beds a per-resident rate implies (rate x population), the population and the rate itself,
as an index of the first common year; and the beds the target rate needs in the target year at
the population projected by a least-squares line.

Parameters: ``beds`` (an indicator of beds per 1000 residents) and ``population`` (a series in
10 000 residents).
"""

from __future__ import annotations

import pandas as pd
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from healthcheck.analyses import AnalysisContext, Missing, city_series, need
from healthcheck.charts import (
    COLORS,
    bilingual,
    figure_title,
    illustrative_marker,
    legend_below,
    new_figure,
    short_number,
)

CAPTION = ("床位与人口增长（指数）", "Hospital beds against population growth (index)")
TABLE_CAPTION = (
    "表：人口、每千人口床位数与推算床位总量",
    "Table: population, beds per 1000 and implied beds",
)
#: beds per 1000 residents x population in 10 000 residents = beds / 10
BEDS_PER_RATE_UNIT = 10
OBSERVED = "observed"
NEEDED = "needed at target (projected population)"


def compute(ctx: AnalysisContext, *, beds: str, population: str, **_: object) -> pd.DataFrame:
    """One row per common year (population, rate, implied beds), then the target year's
    projected population with the beds the target rate needs (``row`` tells them apart)."""
    need(ctx, beds, population)
    rate, pop = city_series(ctx, beds), city_series(ctx, population)
    years = sorted(set(rate) & set(pop))
    if len(years) < 2:
        raise Missing(f"{beds} and {population} in two common years")
    frame = pd.DataFrame(
        {
            "year": years,
            "population_10k": [pop[y][0] for y in years],
            "beds_per_1000": [rate[y][0] for y in years],
            "beds_implied": [rate[y][0] * pop[y][0] * BEDS_PER_RATE_UNIT for y in years],
            "illustrative": [
                rate[y][1] == "illustrative" or pop[y][1] == "illustrative" for y in years
            ],
        }
    )
    ind = ctx.plan.indicator(beds)
    T = int(ind.target_year)
    pop_T = _projected(years, pop, T)
    goal = ind.goal
    frame.loc[len(frame)] = {
        "year": T,
        "population_10k": pop_T,
        "beds_per_1000": goal,
        "beds_implied": goal * pop_T * BEDS_PER_RATE_UNIT if goal is not None else None,
        # the goal is the plan's; the population rests on the values it is projected from
        "illustrative": any(pop[y][1] == "illustrative" for y in _projected_from(years, pop, T)),
    }
    frame["row"] = [OBSERVED] * (len(frame) - 1) + [NEEDED]
    return frame


def _projected_from(years: list[int], pop: dict[int, tuple[float, str]], T: int) -> list[int]:
    """The years whose population the projection to year T uses."""
    if years[-1] >= T:
        return [T if T in pop else years[-1]]
    return years


def _projected(years: list[int], pop: dict[int, tuple[float, str]], T: int) -> float:
    """The population in year T: a least-squares line through the years (or the value)."""
    last = years[-1]
    if last >= T:
        return pop[T][0] if T in pop else pop[last][0]
    n = len(years)
    mx = sum(years) / n
    my = sum(pop[y][0] for y in years) / n
    sxx = sum((y - mx) ** 2 for y in years)
    slope = sum((y - mx) * (pop[y][0] - my) for y in years) / sxx if sxx else 0.0
    return my + slope * (T - mx)


def draw(frame: pd.DataFrame, ctx: AnalysisContext, **_: object) -> Figure:
    observed = frame[frame["row"] == OBSERVED]
    needed = frame[frame["row"] == NEEDED].iloc[0]
    t0, T = int(observed["year"].iloc[0]), int(needed["year"])
    fig, ax = new_figure(9.0)
    handles: list[Artist] = []
    for key, name, color in (
        ("population_10k", "常住人口 resident population", COLORS["schedule"]),
        ("beds_implied", "床位总量（推算）beds in total (implied)", COLORS["observed"]),
        ("beds_per_1000", "每千人口床位数 beds per 1000 residents", COLORS["rose"]),
    ):
        base = observed[key].iloc[0]
        idx = [v / base * 100 for v in observed[key]]
        ax.plot(observed["year"], idx, color=color, linewidth=1.5, zorder=3)
        for y, v, il in zip(observed["year"], idx, observed["illustrative"], strict=True):
            ax.plot(
                [y],
                [v],
                marker="o",
                linestyle="none",
                mec=color,
                mfc="white" if il else color,
                mew=1.1,
                zorder=4,
            )
        handles.append(Line2D([], [], color=color, marker="o", label=name))
    if not pd.isna(needed["beds_implied"]):
        idx_T = needed["beds_implied"] / observed["beds_implied"].iloc[0] * 100
        ax.plot(
            [T],
            [idx_T],
            marker="*",
            markersize=10,
            color=COLORS["target"],
            linestyle="none",
            zorder=5,
        )
        handles.append(
            Line2D(
                [],
                [],
                marker="*",
                markersize=9,
                color=COLORS["target"],
                linestyle="none",
                label=f"{T}年达标所需床位 beds needed in {T}",
            )
        )
    if observed["illustrative"].any():
        handles.append(illustrative_marker())
    ax.axhline(100, color="#999999", linewidth=0.6)
    ax.set_ylabel(f"指数 index, {t0} = 100")
    ax.set_xlabel("年份 Year")
    ax.set_xticks(range(t0, T + 1))
    ax.set_xlim(t0 - 0.4, T + 0.4)
    figure_title(fig, bilingual("床位与人口增长", "Hospital beds against population growth"))
    legend_below(fig, handles, ncol=2)
    return fig


def describe(
    frame: pd.DataFrame, ctx: AnalysisContext, *, population: str, **_: object
) -> tuple[str, str]:
    observed = frame[frame["row"] == OBSERVED]
    first, last_row = observed.iloc[0], observed.iloc[-1]
    needed = frame[frame["row"] == NEEDED].iloc[0]
    t0, last, T = int(first["year"]), int(last_row["year"]), int(needed["year"])
    p_growth = last_row["population_10k"] / first["population_10k"] - 1
    b_growth = last_row["beds_implied"] / first["beds_implied"] - 1
    r_growth = last_row["beds_per_1000"] / first["beds_per_1000"] - 1
    zh = (
        f"{t0}—{last}年，常住人口变化{_pc(p_growth)}，按每千人口床位数推算的床位总量变化"
        f"{_pc(b_growth)}，每千人口床位数变化{_pc(r_growth)}。"
    )
    en = (
        f"From {t0} to {last}, the resident population changed by {_pc(p_growth)}, the beds "
        f"implied by the per-1000 rate by {_pc(b_growth)}, and beds per 1000 residents by "
        f"{_pc(r_growth)}."
    )
    if not pd.isna(needed["beds_implied"]):
        zh_more, en_more = _needed_text(needed, last_row, last, T)
        zh += zh_more
        en += en_more
    if _is_census(ctx, population, t0):
        zh += (
            f"注意：{t0}年人口为人口普查数，与其后各年的年末常住人口口径不同，{t0}—{t0 + 1}年的"
            "增幅部分来自口径差异。"
        )
        en += (
            f" Note: the {t0} population is the census count, not a year-end estimate like "
            f"the later years; part of the {t0}–{t0 + 1} growth is a change of definition."
        )
    return zh, en


def _needed_text(needed: pd.Series, last_row: pd.Series, last: int, T: int) -> tuple[str, str]:
    goal, pop_T, need_T = needed["beds_per_1000"], needed["population_10k"], needed["beds_implied"]
    more = need_T - last_row["beds_implied"]
    when = (
        f"按{T}年人口约{pop_T:.0f}万人计"
        if last == T
        else f"按{T}年人口（线性外推）约{pop_T:.0f}万人计"
    )
    zh = (
        f"要在{T}年达到每千人{short_number(goal, 6)}张，{when}，需床位约"
        f"{need_T / 1e4:.1f}万张，比{last}年推算床位数{'多' if more >= 0 else '少'}约"
        f"{abs(more) / 1e4:.1f}万张。"
    )
    en = (
        f" Reaching {short_number(goal, 6)} beds per 1000 residents in {T}, with about "
        f"{pop_T / 100:.2f} million residents"
        f"{'' if last == T else ' (linear projection)'}, takes about {need_T:,.0f} "
        f"beds, {abs(more):,.0f} {'more' if more >= 0 else 'fewer'} than implied for "
        f"{last}."
    )
    return zh, en


def _is_census(ctx: AnalysisContext, population: str, year: int) -> bool:
    """Whether the population of ``year`` is a census count (its note says so)."""
    obs = ctx.obs
    note = obs[(obs["indicator"] == population) & (obs["area"] == "") & (obs["year"] == year)]
    return bool(len(note)) and "census" in str(note["note"].iloc[0]).lower()


def _pc(x: float) -> str:
    """A relative change as a signed percentage: +12.3% / −0.5%."""
    return f"{x * 100:+.1f}%".replace("-", "−")
