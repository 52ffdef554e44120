"""The building blocks that several charts share: a value series drawn by status, a bar by
status, the running sum of annual amounts, grouped bars and a year-labelled scatter."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from healthcheck.charts.style import (
    COLORS,
    ILLUSTRATIVE_DASH,
    SERIES_HATCHES,
    figure_title,
    legend_below,
    lightness,
    marker_style,
    new_figure,
    no_data,
    pad_y,
    plain_axis,
    short_number,
    status_handles,
)
from healthcheck.inputs.status import ILLUSTRATIVE, PUBLISHED, is_illustrative

__all__ = [
    "bar_compare_chart",
    "draw_series",
    "running_sum",
    "scatter_years_chart",
    "series_frame",
    "status_bar",
    "status_bar_handles",
]

#: the status given to values that come without one
DEFAULT_STATUS = PUBLISHED[0]


def series_frame(points: pd.DataFrame | Mapping[int, float] | None) -> pd.DataFrame:
    """Observations as a frame year, value, status (sorted, NaN dropped); a mapping year ->
    value, or a frame without status, is taken as published."""
    if points is None:
        return pd.DataFrame({"year": [], "value": [], "status": []})
    if isinstance(points, Mapping):
        points = pd.DataFrame(
            {"year": list(points), "value": list(points.values()), "status": DEFAULT_STATUS}
        )
    df = points.loc[:, [c for c in ("year", "value", "status") if c in points.columns]].copy()
    if "status" not in df:
        df["status"] = DEFAULT_STATUS
    df["year"] = pd.to_numeric(df["year"]).astype(int)
    df["value"] = pd.to_numeric(df["value"], errors="coerce")
    df["status"] = df["status"].fillna(DEFAULT_STATUS).astype(str)
    return df[df["value"].notna()].sort_values("year").reset_index(drop=True)


def draw_series(ax: Axes, df: pd.DataFrame, color: str | None = None, zorder: int = 4) -> set[str]:
    """Draw observations: markers by status; solid segments between published values, a
    lighter dashed segment wherever an illustrative value is involved.  Returns the statuses
    drawn (for :func:`~healthcheck.charts.style.status_handles`)."""
    color = color or COLORS["observed"]
    light = COLORS["illustrative"]
    ys, vs, ss = list(df["year"]), list(df["value"]), list(df["status"])
    for i in range(len(ys) - 1):
        illustrative = is_illustrative(ss[i]) or is_illustrative(ss[i + 1])
        ax.plot(
            ys[i : i + 2],
            vs[i : i + 2],
            color=light if illustrative else color,
            linestyle=ILLUSTRATIVE_DASH if illustrative else "-",
            linewidth=1.1 if illustrative else 1.5,
            zorder=zorder - 1,
        )
    for y, v, s in zip(ys, vs, ss, strict=True):
        ax.plot([y], [v], linestyle="none", zorder=zorder, **marker_style(s, color))
    return set(ss)


def status_bar(
    ax: Axes,
    x: float,
    value: float,
    illustrative: bool,
    *,
    width: float = 0.55,
    linewidth: float = 0.6,
) -> None:
    """One bar in the house style: filled where the value is published, hollow and hatched
    where it is illustrative, so the two cannot be mistaken for each other."""
    ax.bar(
        x,
        value,
        width=width,
        color="white" if illustrative else COLORS["annual"],
        edgecolor=COLORS["observed"] if illustrative else COLORS["annual"],
        hatch="////" if illustrative else None,
        linewidth=linewidth,
        zorder=2,
    )


def status_bar_handles(statuses: Iterable[str]) -> list[Artist]:
    """Legend entries for :func:`status_bar` bars: one per style actually drawn."""
    return status_handles(statuses, bars=True)


def running_sum(df: pd.DataFrame, t0: int) -> pd.DataFrame:
    """Running sum of annual amounts from t0+1 (t0 = 0), stopping at the first missing year;
    the status of each sum is the status of that year's amount (illustrative if any summed
    amount is)."""
    amounts = {
        int(y): (float(v), s) for y, v, s in zip(df["year"], df["value"], df["status"], strict=True)
    }
    # the baseline's 0 is a definition, not a statistic: it takes the status of the first
    # amount, so a series of illustrative amounts is not drawn as if it started from a fact
    first = amounts.get(t0 + 1, (0.0, DEFAULT_STATUS))[1]
    rows = [(t0, 0.0, first)]
    total, any_illustrative, y = 0.0, False, t0 + 1
    while y in amounts:
        v, s = amounts[y]
        total += v
        any_illustrative |= is_illustrative(s)
        rows.append((y, total, ILLUSTRATIVE if any_illustrative else s))
        y += 1
    return pd.DataFrame(rows, columns=["year", "value", "status"])


def bar_compare_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None], str]],
    *,
    title: str,
    xlabel: str,
    height_cm: float | None = None,
    notes: Sequence[str] = (),
    reference: tuple[float, str] | None = None,
    fmt: Callable[[float], str] | None = None,
) -> Figure:
    """Grouped horizontal bars: for each label, one bar per series (label, values, colour).

    ``fmt`` formats the value printed at the end of each bar (default: :func:`short_number`).
    """
    fmt = fmt or short_number
    n = len(labels)
    k = max(len(series), 1)
    lines = max([str(lab).count("\n") + 1 for lab in labels] or [1])
    per_label = max(0.36 * k + 0.12, 0.37 * lines + 0.12)
    fig, ax = new_figure(height_cm or (3.2 + per_label * max(n, 3)))
    h = 0.8 / k
    handles: list[Artist] = []
    allv = []
    for j, (name, values, color) in enumerate(series):
        for i, v in enumerate(values):
            y = i + (j - (k - 1) / 2) * h
            if v is None or not math.isfinite(v):
                ax.text(0, y, " —", va="center", fontsize=8, color="#777777")
                continue
            allv.append(v)
            ax.barh(y, v, height=h * 0.92, zorder=2, **_series_style(j, color))
            ax.text(
                v,
                y,
                f" {fmt(v)}" if v >= 0 else f"{fmt(v)} ",
                va="center",
                ha="left" if v >= 0 else "right",
                fontsize=8,
            )
        handles.append(Patch(**_series_style(j, color), label=name))
    if reference is not None:
        ax.axvline(reference[0], color=COLORS["target"], linewidth=1.0)
        handles.append(Line2D([], [], color=COLORS["target"], label=reference[1]))
        allv.append(reference[0])
    ax.axvline(0, color="#666666", linewidth=0.6)
    ax.set_yticks(range(n))
    ax.set_yticklabels(list(labels), fontsize=8)
    ax.set_ylim(max(n, 1) - 0.5, -0.5)
    if not n:
        no_data(ax)
    if allv:
        lo, hi = min([0.0, *allv]), max([0.0, *allv])
        span = (hi - lo) or 1.0
        ax.set_xlim(lo - (0.16 * span if lo < 0 else 0), hi + (0.16 * span if hi > 0 else 0.02))
    ax.set_xlabel(xlabel)
    plain_axis(ax, "x")
    ax.grid(axis="y", visible=False)
    figure_title(fig, title)
    for note in notes:
        handles.append(Line2D([], [], linestyle="none", label=note))
    legend_below(fig, handles, ncol=2)
    return fig


def _series_style(j: int, color: str) -> dict[str, Any]:
    """The ``j``-th series of grouped bars: its colour, and from the second on a hatch of
    :data:`~healthcheck.charts.style.SERIES_HATCHES`, so that the series stay apart in grey."""
    hatch = SERIES_HATCHES[j % len(SERIES_HATCHES)]
    return {
        "facecolor": color,
        "edgecolor": "#4D4D4D",
        "linewidth": 0.4,
        "hatch": hatch or None,
        "hatchcolor": "white" if lightness(color) < 128 else "#262626",
    }


def scatter_years_chart(
    frame: pd.DataFrame,
    *,
    x: str,
    y: str,
    xlabel: str,
    ylabel: str,
    title: str,
    xref: tuple[float, str] | None = None,
    yref: tuple[float, str] | None = None,
) -> Figure:
    """One point per year (x against y), joined in time order and labelled with the year;
    hollow where a value is illustrative.  ``frame`` has year, x, y, illustrative."""
    fig, ax = new_figure(9.5)
    df = frame.dropna(subset=[x, y]).sort_values("year")
    handles: list[Artist] = []
    ax.plot(df[x], df[y], color=COLORS["schedule"], linewidth=0.8, zorder=2)
    for k, (_, r) in enumerate(df.iterrows()):
        style = marker_style(
            ILLUSTRATIVE if r.get("illustrative") else DEFAULT_STATUS, COLORS["observed"]
        )
        ax.plot([r[x]], [r[y]], linestyle="none", markersize=6, zorder=4, **style)
        # year labels alternately above and below, so that neighbouring years do not collide
        ax.annotate(
            str(int(r["year"])),
            (r[x], r[y]),
            xytext=(4, 5 if k % 2 == 0 else -5),
            textcoords="offset points",
            va="bottom" if k % 2 == 0 else "top",
            fontsize=8,
            color=COLORS["text"],
        )
    handles += status_handles(
        {ILLUSTRATIVE if v else DEFAULT_STATUS for v in df.get("illustrative", [])}
    )
    if xref is not None:
        ax.axvline(xref[0], color=COLORS["target"], linewidth=1.0, linestyle=(0, (5, 2)))
        handles.append(Line2D([], [], color=COLORS["target"], linestyle=(0, (5, 2)), label=xref[1]))
    if yref is not None:
        ax.axhline(yref[0], color=COLORS["target"], linewidth=1.0)
        handles.append(Line2D([], [], color=COLORS["target"], label=yref[1]))
    if df.empty:
        no_data(ax)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    plain_axis(ax, "x")
    plain_axis(ax, "y")
    pad_y(ax, 0.1)
    lo, hi = ax.get_xlim()
    ax.set_xlim(lo - (hi - lo) * 0.04, hi + (hi - lo) * 0.08)
    figure_title(fig, title)
    legend_below(fig, handles, ncol=2)
    return fig
