"""The district ranking (一区一表): districts ranked best first, coloured by zone, with the
target as a line; illustrative values hatched."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from healthcheck.charts.style import (
    COLORS,
    ZONE_STYLES,
    bilingual,
    category_patch,
    category_style,
    figure_title,
    illustrative_patch,
    legend_below,
    new_figure,
    plain_axis,
    short_number,
    unit_label,
)
from healthcheck.inputs.status import is_illustrative

if TYPE_CHECKING:
    from healthcheck.inputs.plan import Indicator, Plan

__all__ = ["district_ranking"]


def district_ranking(
    plan: Plan,
    rows: pd.DataFrame,
    ind: Indicator,
    *,
    statuses: Mapping[str, str] | None = None,
) -> Figure:
    """Districts ranked (best first, in the desired direction), coloured by zone, with the
    target as a line; illustrative values hatched.

    ``rows``: the indicator's rows of ``assess_districts`` (area, value, rank, year, target,
    name_zh, name_en, zone); ``statuses``: district code -> status of the value shown.
    """
    statuses = dict(statuses or {})
    data = rows.dropna(subset=["value"]).copy()
    data["rank"] = pd.to_numeric(data["rank"], errors="coerce")
    data = data.sort_values(["rank", "area"], na_position="last").reset_index(drop=True)
    n = max(len(data), 1)
    fig, ax = new_figure(3.4 + 0.5 * n)
    zones = _bars(ax, plan, data, statuses)
    ax.set_yticks(range(len(data)))
    ax.set_yticklabels(
        [
            f"{int(r['rank'])}. {r['name_zh']} {r['name_en']}"
            if pd.notna(r["rank"])
            else f"{r['name_zh']} {r['name_en']}"
            for _, r in data.iterrows()
        ],
        fontsize=8,
    )
    ax.set_ylim(len(data) - 0.5, -0.5)
    handles: list[Artist] = []
    target = _target(data, ind)
    if target is not None:
        ax.axvline(target, color=COLORS["target"], linewidth=1.2, zorder=3)
        who = "分析组阈值 analysts' threshold" if ind.goal_is_analysts else "目标 target"
        handles.append(
            Line2D(
                [],
                [],
                color=COLORS["target"],
                linewidth=1.2,
                label=f"{who}: {short_number(target, 6)}",
            )
        )
    zone_names = dict(getattr(plan, "zones", {}) or {})
    for z in zones:
        zh, en = zone_names.get(z, (z, z))
        handles.append(category_patch(z, f"{zh} {en}", styles=_zone_styles(z)))
    if any(is_illustrative(statuses.get(str(a))) for a in data["area"]):
        handles.append(illustrative_patch("#555555", hatch="///"))
    _value_axis(ax, data, ind, target)
    years = sorted({int(y) for y in data["year"].dropna()}) if len(data) else []
    when = f" {years[-1]}" if len(years) == 1 else ""
    figure_title(
        fig,
        bilingual(
            f"{ind.id} {ind.name_zh}：各区排名{when}", f"{ind.name_en}: districts ranked{when}"
        ),
    )
    legend_below(fig, handles, ncol=4)
    return fig


def _bars(ax: Axes, plan: Plan, data: pd.DataFrame, statuses: Mapping[str, str]) -> list[str]:
    """One bar per district, its value at the right; returns the zones drawn, in order."""
    used_zones: list[str] = []
    for i, (_, r) in enumerate(data.iterrows()):
        zone = str(r.get("zone") or plan.district(str(r["area"])).zone)
        style = category_style(zone, _zone_styles(zone))
        if is_illustrative(statuses.get(str(r["area"]))):
            # illustrative: "///" over the zone's fill and hatch (the zone stays readable when
            # every value is illustrative)
            style["hatch"] = "///" + (style["hatch"] or "")
        ax.barh(i, r["value"], height=0.62, edgecolor="#4D4D4D", linewidth=0.7, zorder=2, **style)
        ax.text(
            1.01,
            i,
            short_number(float(r["value"])),
            va="center",
            ha="left",
            fontsize=8,
            transform=ax.get_yaxis_transform(),
        )
        if zone not in used_zones:
            used_zones.append(zone)
    return used_zones


def _zone_styles(zone: str) -> dict[str, tuple[str, str]]:
    """The zones' fills and hatches; a zone outside :data:`ZONE_STYLES` is plain blue."""
    return {zone: ZONE_STYLES.get(zone, (COLORS["observed"], ""))}


def _target(data: pd.DataFrame, ind: Indicator) -> float | None:
    """The target line: the rows' target, else a level indicator's goal."""
    if "target" in data and data["target"].notna().any():
        return float(data["target"].dropna().iloc[0])
    if ind.kind == "level" and ind.goal is not None:
        return float(ind.goal)
    return None


def _value_axis(ax: Axes, data: pd.DataFrame, ind: Indicator, target: float | None) -> None:
    """The x range from 0 (or the lowest value) to the highest value or the target, and the
    unit with the direction of "better"."""
    vals = [float(v) for v in data["value"]] + ([target] if target is not None else [])
    if vals:
        lo = min(0.0, min(vals))
        hi = max(vals)
        ax.set_xlim(lo, hi * 1.04 if hi > 0 else 1)
    else:
        ax.text(0.5, 0.5, "无数据 no data", transform=ax.transAxes, ha="center")
    better = "越高越好 higher is better" if ind.direction == "up" else "越低越好 lower is better"
    ax.set_xlabel(f"{unit_label(ind.unit_zh, ind.unit_en)}（{better}）")
    plain_axis(ax, "x")
    ax.grid(axis="y", visible=False)
