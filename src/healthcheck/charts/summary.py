"""The charts across indicators: the progress board of a domain and the verdict counts of
the summary."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from healthcheck.charts.style import (
    COLORS,
    WIDTH_CM,
    bilingual,
    category_patch,
    category_style,
    figure_title,
    illustrative_patch,
    legend_below,
    lightness,
    new_figure,
    no_data,
    plain_axis,
)
from healthcheck.text import finite, label

__all__ = ["progress_board", "verdict_counts_chart"]

#: the board's axis stops at this completion (%); longer bars are cut, their value printed
BOARD_MAX = 160.0
#: ... and at this one below 0
BOARD_MIN = -60.0


def progress_board(
    rows: Sequence[Mapping[str, Any]],
    names: Mapping[str, tuple[str, str]],
    title_zh: str,
    title_en: str,
) -> Figure:
    """Completion against time elapsed, one bar per targeted indicator: how far each target
    is from its schedule.  ``names`` maps id -> (zh, en); a row flagged ``illustrative`` is
    hatched."""
    data = [r for r in rows if finite(r.get("completion")) is not None]
    n = max(len(data), 1)
    labels = [bilingual(f"{r['id']} {names[r['id']][0]}", names[r["id"]][1], 72) for r in data]
    lines = max([lab.count("\n") + 1 for lab in labels] or [1])
    fig, ax = new_figure(3.4 + max(0.5, 0.37 * lines + 0.12) * n)
    if not data:
        no_data(ax)
    # the axis stops at 160 % (or at the lowest value below 0): longer bars are cut, their value
    # printed at the edge
    cs = [(finite(r.get("completion")) or 0.0) * 100 for r in data]
    hi = min(max([100.0, *cs]), BOARD_MAX) + 22
    lo = max(min([0.0, *cs]), BOARD_MIN) - (8 if min([0.0, *cs]) < 0 else 0)
    for i, r in enumerate(data):
        _board_bar(ax, i, r, cs[i], lo, hi)
    ax.set_yticks(range(len(data)))
    ax.set_yticklabels(labels, fontsize=8)
    ax.set_ylim(len(data) - 0.5, -0.5)
    ax.axvline(100, color=COLORS["target"], linewidth=1.0)
    ax.axvline(0, color="#666666", linewidth=0.6)
    ax.set_xlabel("完成率 completion (%)")
    plain_axis(ax, "x")
    ax.grid(axis="y", visible=False)
    ax.set_xlim(lo, hi)
    figure_title(fig, bilingual(title_zh, title_en))
    legend_below(fig, _board_handles(data), ncol=3)
    return fig


def _board_bar(ax: Axes, i: int, r: Mapping[str, Any], c: float, lo: float, hi: float) -> None:
    """Row ``i``: the bar of completion ``c`` (%), the tick of time elapsed, the value."""
    e = finite(r.get("time_elapsed"))
    verdict = str(r.get("schedule_verdict") or "")
    shown = min(max(c, lo), hi - 22)
    style = category_style(verdict)
    if r.get("illustrative"):  # illustrative: the verdict's hatch crossed by "////"
        style["hatch"] = (style["hatch"] or "") + "////"
    ax.barh(i, shown, height=0.6, edgecolor="#555555", linewidth=0.5, zorder=2, **style)
    if e is not None:
        ax.plot(
            [e * 100, e * 100],
            [i - 0.4, i + 0.4],
            color=COLORS["text"],
            linewidth=1.4,
            zorder=3,
        )
    if shown != c:  # cut: the value inside the bar's end
        ax.text(
            shown - 2,
            i,
            f"{c:.0f}% (截断 cut)",
            va="center",
            ha="right",
            fontsize=8,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
            zorder=4,
        )
    else:
        x = max(shown, 0, (e or 0) * 100) + 2
        ax.text(x, i, f"{c:.0f}%", va="center", fontsize=8)


def _board_handles(data: Sequence[Mapping[str, Any]]) -> list[Artist]:
    """One entry per verdict shown (in order of appearance), time elapsed, illustrative."""
    verdicts = dict.fromkeys(str(r.get("schedule_verdict") or "") for r in data)
    handles: list[Artist] = [
        category_patch(v, f"{label('verdict', v, 'zh')} {label('verdict', v, 'en')}")
        for v in verdicts
    ]
    handles.append(
        Line2D([], [], color=COLORS["text"], linewidth=1.4, label="时序进度 time elapsed")
    )
    if any(r.get("illustrative") for r in data):
        handles.append(illustrative_patch("#555555"))
    return handles


def verdict_counts_chart(
    counts: pd.DataFrame, domains: Sequence[tuple[str, str, str]], by: str
) -> Figure:
    """Stacked bars: per domain, the share of indicators with each verdict (or category), the
    counts written in the segments and the domain's total at the end.

    ``counts`` is an ``assess.rollup`` frame; ``domains`` lists (id, zh, en) in order, the city
    (``__all__``) last; ``by`` is "verdict", "category" or "category_final" (the label table;
    the last for a final assessment, where the category is the trend over the period).
    """
    n = len(domains)
    labels = [bilingual(zh, en, 64) for _d, zh, en in domains]
    lines = max([lab.count("\n") + 1 for lab in labels] or [1])
    fig, ax = new_figure(3.6 + max(0.5, 0.37 * lines + 0.12) * n)
    verdicts = [
        v
        for v in dict.fromkeys(counts["verdict"])
        if counts.loc[counts["verdict"] == v, "count"].sum() > 0
    ]
    for i, (dom, _zh, _en) in enumerate(domains):
        _stacked_bar(ax, i, counts[counts["domain"] == dom].set_index("verdict"), verdicts)
    ax.set_yticks(range(n))
    ax.set_yticklabels(labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("比例 share (%)，数字为指标数 numbers are counts")
    plain_axis(ax, "x")
    ax.grid(axis="y", visible=False)
    table = by if by in ("verdict", "category_final") else "category"
    if by == "verdict":
        title = bilingual("时序进度判定（按领域）", "Schedule verdicts by domain")
    elif by == "category_final":
        title = bilingual(
            "期间趋势（年均增速对比，按领域）", "Trend over the period (trajectory, by domain)"
        )
    else:
        title = bilingual(
            "年均增速对比（Open SDG，按领域）", "Trajectory categories (Open SDG) by domain"
        )
    figure_title(fig, title)
    handles = [
        category_patch(
            v,
            f"{label(table, v, 'zh')} {label(table, v, 'en')}"
            if v != "not_assessed"
            else "未评估 not assessed",
            edgecolor="white",
        )
        for v in verdicts
    ]
    legend_below(fig, handles, ncol=3)
    return fig


def _stacked_bar(ax: Axes, i: int, sub: pd.DataFrame, verdicts: Sequence[str]) -> None:
    """Row ``i``: shares (the bar is 100 %), each segment labelled with its count where it is
    wide enough, and the total at the end."""
    axes_cm = WIDTH_CM * 0.55
    left = 0.0
    total = int(sub["count"].sum()) if len(sub) else 0
    for v in verdicts:
        k = int(sub["count"].get(v, 0)) if len(sub) else 0
        if not k or not total:
            continue
        share = k / total * 100
        style = category_style(v)
        ax.barh(i, share, left=left, height=0.62, edgecolor="white", linewidth=0.6, zorder=2,
                **style)  # fmt: skip
        if share / 100 * axes_cm >= 0.3:  # the count, on a white ground where it is hatched
            ax.text(
                left + share / 2,
                i,
                str(k),
                ha="center",
                va="center",
                fontsize=8,
                color="white"
                if lightness(style["facecolor"]) < 110 and not style["hatch"]
                else "#1A1A1A",
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6}
                if style["hatch"]
                else None,
            )
        left += share
    ax.text(101.5, i, f"n={total}", ha="left", va="center", fontsize=8)
