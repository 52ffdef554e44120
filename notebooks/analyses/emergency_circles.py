"""Emergency circles: each zone's response time against its own target.

For every indicator that applies to one zone only (a ``district_scope`` in ``plan.yaml``): the
city series against the zone's target, and the zone's districts in the latest year, with how
many meet the target and which is worst.

Parameter (optional): ``indicators``, the ids to consider (default: the domain's); only
indicators of kind ``level`` with a district scope are shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from healthcheck.analyses import AnalysisContext, Missing, city_series, pick_indicators, records
from healthcheck.charts import (
    COLORS,
    bilingual,
    figure_title,
    illustrative_marker,
    legend_below,
    new_figure,
    short_number,
    unit_label,
)
from healthcheck.inputs.plan import Indicator
from healthcheck.text import value_text
from healthcheck.text.narrative import count_en, count_zh

CAPTION = (
    "医疗急救圈：中心城区与新城区分别对照各自目标",
    "Emergency circles: central and new districts, each against its own target",
)
TABLE_CAPTION = ("表：急救反应时间分区域达标情况", "Table: emergency response time by zone")
#: the table leaves out the per-row illustrative flag (the results carry it)
TABLE_COLUMNS = (
    "id",
    "zone",
    "zone_zh",
    "zone_en",
    "target",
    "city_value",
    "city_year",
    "districts",
    "districts_meeting",
    "worst_district_zh",
    "worst_district_en",
    "worst_value",
    "median",
)
COLORS_BY_ZONE = ("central", "new", "projection", "fell")
DASHED = (0, (5, 2))


def scoped(ctx: AnalysisContext, ids: Sequence[str] | None = None) -> list[Indicator]:
    """The indicators shown: kind level, with a district scope."""
    return [i for i in pick_indicators(ctx, ids) if i.district_scope and i.kind == "level"]


def compute(
    ctx: AnalysisContext, *, indicators: Sequence[str] | None = None, **_: object
) -> pd.DataFrame:
    """One row per scoped indicator: its zone, target, city value, and its districts (how many,
    how many meet the target, the worst, the median)."""
    inds = scoped(ctx, indicators)
    if not inds:
        raise Missing("indicators with a district scope")
    return pd.DataFrame([_zone_row(ctx, ind) for ind in inds])


def _zone_districts(ctx: AnalysisContext, ind: Indicator) -> pd.DataFrame:
    return ctx.districts[ctx.districts["id"] == ind.id].sort_values("value")


def _zone_row(ctx: AnalysisContext, ind: Indicator) -> dict[str, Any]:
    zone = str(ind.district_scope)
    zh, en = dict(ctx.plan.zones).get(zone, (zone, zone))
    d = _zone_districts(ctx, ind)
    statuses = ctx.district_statuses(ind.id) if len(d) else {}
    meets = int(d["meets"].fillna(False).astype(bool).sum()) if len(d) else 0
    row = ctx.row(ind.id)
    worst = None
    if len(d):
        worst = d.iloc[-1] if ind.direction == "down" else d.iloc[0]
    city = city_series(ctx, ind.id)
    return {
        "id": ind.id,
        "zone": zone,
        "zone_zh": zh,
        "zone_en": en,
        "target": ind.goal,
        "city_value": row["value"],
        "city_year": row["year"],
        "districts": len(d),
        "districts_meeting": meets,
        "worst_district_zh": None if worst is None else worst["name_zh"],
        "worst_district_en": None if worst is None else worst["name_en"],
        "worst_value": None if worst is None else float(worst["value"]),
        "median": float(d["value"].median()) if len(d) else None,
        "illustrative": any(st == "illustrative" for _, st in city.values())
        or any(statuses.get(str(a)) == "illustrative" for a in d["area"]),
    }


def draw(frame: pd.DataFrame, ctx: AnalysisContext, **_: object) -> Figure:
    inds = [ctx.plan.indicator(i) for i in frame["id"]]
    fig, (ax, bx) = new_figure(9.5, ncols=2, width_ratios=[1.15, 1])
    handles: list[Artist] = []
    for k, (ind, r) in enumerate(zip(inds, records(frame), strict=True)):
        color = COLORS[COLORS_BY_ZONE[k % len(COLORS_BY_ZONE)]]
        _draw_city(ax, city_series(ctx, ind.id), ind.goal, color)
        handles.append(
            Line2D([], [], color=color, marker="o", label=f"{r['zone_zh']} {r['zone_en']}")
        )
        handles.append(
            Line2D(
                [],
                [],
                color=color,
                linestyle=DASHED,
                label=f"{r['zone_zh']}目标 target: {short_number(ind.goal, 6)}",
            )
        )
        _draw_districts(bx, ctx, ind, k, color)
    _axes(ctx, ax, bx, inds)
    if any(frame["illustrative"]):
        handles.append(illustrative_marker())
    figure_title(
        fig,
        bilingual(
            "医疗急救圈：中心城区与新城区各对照其目标",
            "Emergency circles: central and new districts, each against its own target",
        ),
    )
    legend_below(fig, handles, ncol=3)
    return fig


def _draw_city(ax: Axes, s: dict[int, tuple[float, str]], goal: float | None, color: str) -> None:
    years = sorted(s)
    if years:
        ax.plot(years, [s[y][0] for y in years], color=color, linewidth=1.4, zorder=3)
        for y in years:
            v, st = s[y]
            ax.plot(
                [y],
                [v],
                marker="o",
                linestyle="none",
                mec=color,
                mfc="white" if st == "illustrative" else color,
                mew=1.1,
                zorder=4,
            )
    if goal is not None:
        ax.axhline(goal, color=color, linestyle=DASHED, linewidth=1.0)


def _draw_districts(bx: Axes, ctx: AnalysisContext, ind: Indicator, k: int, color: str) -> None:
    d = _zone_districts(ctx, ind)
    statuses = ctx.district_statuses(ind.id) if len(d) else {}
    xs = [k + (j - (len(d) - 1) / 2) * 0.07 for j in range(len(d))]
    for x, (_, r) in zip(xs, d.iterrows(), strict=True):
        hollow = statuses.get(str(r["area"])) == "illustrative"
        bx.plot(
            [x],
            [r["value"]],
            marker="o",
            linestyle="none",
            mec=color,
            mfc="white" if hollow else color,
            mew=1.1,
            markersize=5,
            zorder=4,
        )
    if ind.goal is not None:
        bx.plot(
            [k - 0.4, k + 0.4], [ind.goal, ind.goal], color=color, linestyle=DASHED, linewidth=1.2
        )


def _axes(ctx: AnalysisContext, ax: Axes, bx: Axes, inds: list[Indicator]) -> None:
    zones = dict(ctx.plan.zones)
    unit = unit_label(inds[0].unit_zh, inds[0].unit_en)
    ax.set_ylabel(unit)
    ax.set_xlabel("年份 Year")
    ax.set_title(bilingual("全市（分区域）逐年", "City series by zone", 30), loc="left")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    bx.set_xticks(range(len(inds)))
    bx.set_xticklabels([bilingual(*zones.get(str(i.district_scope), ("", "")), 16) for i in inds])
    bx.set_xlim(-0.6, len(inds) - 0.4)
    bx.set_ylabel(unit)
    yr = sorted({int(y) for y in ctx.districts["year"].dropna()})
    bx.set_title(bilingual(f"各区 {yr[-1] if yr else ''}", "Districts", 30), loc="left")
    bx.grid(axis="x", visible=False)
    lo = min(ax.get_ylim()[0], bx.get_ylim()[0])
    hi = max(ax.get_ylim()[1], bx.get_ylim()[1])
    ax.set_ylim(lo, hi)
    bx.set_ylim(lo, hi)


def describe(frame: pd.DataFrame, ctx: AnalysisContext, **_: object) -> tuple[str, str]:
    zh_parts, en_parts = [], []
    for r in records(frame):
        ind = ctx.plan.indicator(r["id"])
        if not r["districts"]:
            zh_parts.append(f"{r['zone_zh']}没有分区数据")
            en_parts.append(f"the {r['zone_en']} have no district values")
            continue
        meeting, n = int(r["districts_meeting"]), int(r["districts"])
        goal_zh = f"达到{value_text(r['target'], ind, 'zh')}的目标"
        goal_en = f"the target of {value_text(r['target'], ind, 'en')}"
        zh_parts.append(
            f"{r['zone_zh']}{count_zh(meeting, n, goal_zh)}，"
            f"最差的是{r['worst_district_zh']}（{value_text(r['worst_value'], ind, 'zh')}）"
        )
        en_parts.append(
            f"in the {r['zone_en']}, {count_en(meeting, n, goal_en)}, the worst being "
            f"{r['worst_district_en']} ({value_text(r['worst_value'], ind, 'en')})"
        )
    zh = "急救圈按区域分别设定目标：" + "；".join(zh_parts) + "。"
    en = "The emergency circles have one target per zone: " + "; ".join(en_parts) + "."
    return zh, en
