"""Annual amounts of a cumulative target against the average pace the target needs.

The amount done each year since the baseline, the average yearly amount the cumulative target
needs over the whole period, and the yearly amount it needs from now on.

Parameter: ``indicator`` (an indicator of kind ``cumulative`` with a goal).
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from healthcheck.analyses import AnalysisContext, Missing, city_series
from healthcheck.charts import (
    COLORS,
    bilingual,
    figure_title,
    legend_below,
    new_figure,
    short_number,
    status_bar,
    status_bar_handles,
    unit_label,
)
from healthcheck.inputs.plan import Indicator
from healthcheck.text import value_text

CAPTION = (
    "{indicator_zh}：年度完成量与所需年均量",
    "{indicator_en}: annual amounts against the pace needed",
)
TABLE_CAPTION = ("表：年度完成量与累计量", "Table: annual amounts and running sum")


def compute(ctx: AnalysisContext, *, indicator: str, **_: object) -> pd.DataFrame:
    """One row per year from the year after the baseline to the report year (or the target
    year): the annual amount, the running sum and the value's status."""
    ind = _indicator(ctx, indicator)
    s = city_series(ctx, ind.id)
    years = [y for y in range(ind.baseline_year + 1, min(ctx.year, ind.target_year) + 1) if y in s]
    return pd.DataFrame(
        {
            "year": years,
            "annual": [s[y][0] for y in years],
            "running_sum": [sum(s[z][0] for z in years if z <= y) for y in years],
            "status": [s[y][1] for y in years],
        }
    )


def _indicator(ctx: AnalysisContext, indicator: str) -> Indicator:
    if indicator not in {i.id for i in ctx.plan.indicators}:
        raise Missing(indicator)
    ind = ctx.plan.indicator(indicator)
    if ind.kind != "cumulative" or ind.goal is None:
        raise Missing(f"{indicator} is not a cumulative target with a goal")
    return ind


class Pace(NamedTuple):
    """What the figure and the paragraph state."""

    total: float  #: done so far
    average: float  #: done per year so far
    goal: float
    needed: float  #: per year, over the whole period
    last: int  #: the last year with an amount (the baseline year if none)
    from_now: float | None  #: per year from now on; None in the target year


def pace(frame: pd.DataFrame, ind: Indicator) -> Pace:
    t0, T = int(ind.baseline_year), int(ind.target_year)
    annual = [float(v) for v in frame["annual"]]
    total = sum(annual)
    goal = float(ind.goal or 0.0)
    last = int(frame["year"].iloc[-1]) if len(frame) else t0
    return Pace(
        total=total,
        average=total / len(annual) if annual else 0.0,
        goal=goal,
        needed=goal / (T - t0),
        last=last,
        from_now=(goal - total) / (T - last) if last < T else None,
    )


def draw(frame: pd.DataFrame, ctx: AnalysisContext, *, indicator: str, **_: object) -> Figure:
    ind = ctx.plan.indicator(indicator)
    t0, T = int(ind.baseline_year), int(ind.target_year)
    needed, from_now, last = (p := pace(frame, ind)).needed, p.from_now, p.last
    fig, ax = new_figure(8.5)
    handles: list[Artist] = []
    for y, v, st in zip(
        frame["year"].tolist(), frame["annual"].tolist(), frame["status"], strict=True
    ):
        status_bar(ax, y, v, st == "illustrative", width=0.6, linewidth=0.7)
        ax.text(
            y,
            v / 2,
            short_number(v),
            ha="center",
            va="center",
            fontsize=8,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5},
        )
    handles += status_bar_handles(frame["status"])
    ax.axhline(needed, color=COLORS["target"], linewidth=1.2)
    handles.append(
        Line2D(
            [],
            [],
            color=COLORS["target"],
            label=f"所需年均 needed per year {t0 + 1}–{T}: {short_number(needed)}",
        )
    )
    if from_now is not None:
        ax.plot(
            [last + 0.5, T + 0.4],
            [from_now, from_now],
            color=COLORS["projection"],
            linestyle=(0, (5, 2)),
            linewidth=1.4,
        )
        handles.append(
            Line2D(
                [],
                [],
                color=COLORS["projection"],
                linestyle=(0, (5, 2)),
                label=f"今后所需年均 needed per year from {last + 1}: {short_number(from_now)}",
            )
        )
    if not len(frame):
        ax.text(
            0.5,
            0.5,
            "尚无年度数值 no annual amount yet",
            transform=ax.transAxes,
            ha="center",
            va="center",
            color="#777777",
        )
    ax.set_xticks(range(t0 + 1, T + 1))
    ax.set_xlim(t0 + 0.4, T + 0.6)
    ax.set_ylim(0, max([needed, from_now or 0, *frame["annual"].tolist()]) * 1.15)
    ax.set_ylabel(unit_label(ind.unit_zh, ind.unit_en))
    ax.set_xlabel("年份 Year")
    ax.grid(axis="x", visible=False)
    figure_title(
        fig,
        bilingual(
            f"{ind.id} {ind.name_zh}：年度完成量与所需年均量",
            f"{ind.name_en}: annual amounts against the yearly pace needed",
        ),
    )
    legend_below(fig, handles, ncol=2)
    return fig


def describe(
    frame: pd.DataFrame, ctx: AnalysisContext, *, indicator: str, **_: object
) -> tuple[str, str]:
    ind = ctx.plan.indicator(indicator)
    total, avg, goal, needed, last, from_now = pace(frame, ind)
    start = int(ind.baseline_year) + 1
    zh = (
        f"{start}—{last}年累计完成{value_text(total, ind, 'zh')}，年均"
        f"{value_text(avg, ind, 'zh')}；实现{value_text(goal, ind, 'zh')}的目标平均每年需"
        f"{value_text(needed, ind, 'zh')}"
    )
    en = (
        f"{start}–{last}: {value_text(total, ind, 'en')} in total, "
        f"{value_text(avg, ind, 'en')} a year; the target of {value_text(goal, ind, 'en')} "
        f"needs {value_text(needed, ind, 'en')} a year on average"
    )
    if from_now is not None:
        zh += f"，今后每年需{value_text(from_now, ind, 'zh')}。"
        en += f"; from now on {value_text(from_now, ind, 'en')} a year."
    else:
        zh += "。"
        en += "."
    return zh, en
