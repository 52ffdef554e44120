"""One chart per indicator, in the form its kind asks for (methods.md).

- level: the level, the baseline, the target line, the schedule path (t0, y0) -> (T, yT), and
  the least-squares projection to T as a dashed line (when the latest value is before T; the
  caption says so, :func:`indicator_caption`);
- increase: the same, with the target y0 + X and an "added so far" annotation;
- growth: the same, with the target y0 x (1 + X %);
- cumulative: annual amounts as bars and their running sum against the target;
- trend: the level, and the change on the previous year as bars coloured rose / fell;
- milestone: a step line, not done / done, by year.

:data:`CHARTS` registers each kind's chart by name; a test asserts that its keys are those of
:data:`healthcheck.kinds.KINDS`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FuncFormatter

from healthcheck.charts.primitives import draw_series, running_sum, series_frame, status_bar
from healthcheck.charts.style import (
    COLORS,
    MOVE_STYLES,
    SCHEDULE_DASH,
    bilingual,
    caption_notes,
    category_patch,
    category_style,
    figure_title,
    illustrative_patch,
    legend_below,
    new_figure,
    no_data,
    note_caption,
    plain_axis,
    setup_style,
    short_number,
    status_handles,
    unit_label,
    value_axis,
    year_axis,
)
from healthcheck.inputs.status import is_illustrative
from healthcheck.kinds import kind
from healthcheck.text import finite

if TYPE_CHECKING:
    from healthcheck.inputs.plan import Indicator

__all__ = ["CHARTS", "IndicatorChart", "indicator_caption", "indicator_chart"]

Row = Mapping[str, Any]
#: a kind's chart: (indicator, its observations as year/value/status, its assessment row)
IndicatorChart = Callable[["Indicator", pd.DataFrame, Row], Figure]


def indicator_chart(
    ind: Indicator, points: pd.DataFrame | Mapping[int, float] | None, row: Row
) -> Figure:
    """The chart of one indicator, in the form of its kind (:data:`CHARTS`).

    ``ind`` is the plan's :class:`~healthcheck.inputs.plan.Indicator`; ``points`` its city-level
    observations (year, value, status; for a cumulative target the annual amounts); ``row``
    its assessment (``assess_plan`` row as a mapping).
    """
    setup_style()
    return CHARTS[kind(ind.kind).name](ind, series_frame(points), row)


def indicator_caption(ind: Indicator, fig: Figure) -> tuple[str, str]:
    """The caption (zh, en) of the chart ``fig`` of ``ind``: the kind's caption, then what
    this chart drew beyond it and where its value axis starts
    (:func:`~healthcheck.charts.style.caption_notes`), so that a caption never promises a line
    that is not drawn nor hides an axis that does not start at zero."""
    k = kind(ind.kind)
    notes = caption_notes(fig)
    zh = f"{ind.id} {ind.name_zh}：{k.caption_zh}" + "".join(f"；{z}" for z, _e in notes)
    en = f"{ind.id} {ind.name_en}: {k.caption_en}" + "".join(f"; {e}" for _z, e in notes)
    return zh, en


# --------------------------------------------------------------------------------------------
# Shared parts


def _num(row: Row, key: str) -> float | None:
    return finite(row.get(key))


def _int(row: Row, key: str) -> int | None:
    v = _num(row, key)
    return None if v is None else int(v)


def _title(fig: Figure, ind: Indicator) -> None:
    figure_title(fig, bilingual(f"{ind.id} {ind.name_zh}", ind.name_en))


def _horizon(ind: Indicator, row: Row) -> int:
    """The last year shown: min(report year, T) -- the engine uses no later value (A1)."""
    T = int(ind.target_year)
    report = _int(row, "report_year")
    return T if report is None else min(report, T)


def _years_span(ind: Indicator, df: pd.DataFrame) -> tuple[int, int]:
    t0, T = int(ind.baseline_year), int(ind.target_year)
    years = list(df["year"]) if len(df) else []
    return min([t0, *years]), T


def _target_label(ind: Indicator, row: Row, yT: float) -> str:
    T = int(ind.target_year)
    t0 = int(ind.baseline_year)
    goal = ind.goal
    from_baseline = kind(ind.kind).target_from_baseline
    if from_baseline == "add" and goal is not None:
        return f"目标 target {T}: {t0}年+{short_number(goal, 6)} = {short_number(yT)}"
    if from_baseline == "grow" and goal is not None:
        factor = 1 + float(goal) / 100
        return f"目标 target {T}: {t0}年×{short_number(factor, 6)} = {short_number(yT)}"
    if row.get("target_source") == "analyst" or (ind.target is None and goal is not None):
        return f"分析组阈值 analysts' threshold {T}: {short_number(yT, 6)}"
    return f"目标 target {T}: {short_number(yT, 6)}"


def _baseline_line(
    ax: Axes, y0: float, label: str, handles: list[Artist], zorder: int | None
) -> None:
    """The baseline as a dotted line (``zorder`` None: matplotlib's default)."""
    color, width, dots = COLORS["baseline"], 0.8, (0, (1, 1.5))
    if zorder is None:
        ax.axhline(y0, color=color, linewidth=width, linestyle=dots)
    else:
        ax.axhline(y0, color=color, linewidth=width, linestyle=dots, zorder=zorder)
    handles.append(Line2D([], [], color=color, linewidth=width, linestyle=dots, label=label))


def _schedule_path(ax: Axes, t0: int, T: int, y0: float, yT: float, handles: list[Artist]) -> None:
    style: dict[str, Any] = {
        "color": COLORS["schedule"],
        "linewidth": 0.9,
        "linestyle": SCHEDULE_DASH,
    }
    ax.plot([t0, T], [y0, yT], zorder=2, **style)
    handles.append(Line2D([], [], **style, label=f"时序进度 schedule path {t0}–{T}"))


def _reference_lines(
    ax: Axes, ind: Indicator, row: Row, y0: float | None, yT: float | None, handles: list[Artist]
) -> None:
    """The baseline (where ``y0``), the target and the schedule path from the baseline."""
    t0, T = int(ind.baseline_year), int(ind.target_year)
    if y0 is not None:
        _baseline_line(ax, y0, f"基线 baseline {t0}: {short_number(y0)}", handles, zorder=1)
    if yT is not None:
        ax.axhline(yT, color=COLORS["target"], linewidth=1.1, zorder=2)
        handles.append(
            Line2D([], [], color=COLORS["target"], linewidth=1.1, label=_target_label(ind, row, yT))
        )
        if y0 is not None:
            _schedule_path(ax, t0, T, y0, yT, handles)


def _percent(ind: Indicator) -> bool:
    return ind.unit_en.strip() == "%"


def _shown_projection(ind: Indicator, row: Row) -> float | None:
    """The projected value where :func:`_projection` draws it."""
    t = _int(row, "year")
    return _num(row, "projected_value") if t is not None and t < int(ind.target_year) else None


def _projection(
    ax: Axes, ind: Indicator, row: Row, t: int | None, yt: float | None, handles: list[Artist]
) -> None:
    T = int(ind.target_year)
    proj = _num(row, "projected_value")
    if proj is None or t is None or yt is None or t >= T:
        return
    ax.plot(
        [t, T],
        [yt, proj],
        color=COLORS["projection"],
        linestyle=(0, (5, 2)),
        linewidth=1.3,
        zorder=3,
    )
    ax.plot(
        [T],
        [proj],
        marker="D",
        mfc="white",
        mec=COLORS["projection"],
        mew=1.1,
        markersize=4.5,
        linestyle="none",
        zorder=3,
    )
    handles.append(
        Line2D(
            [],
            [],
            color=COLORS["projection"],
            linestyle=(0, (5, 2)),
            linewidth=1.3,
            marker="D",
            mfc="white",
            mec=COLORS["projection"],
            markersize=4,
            label=f"线性外推 projection {T}: {short_number(proj)}",
        )
    )
    note_caption(ax.figure, f"虚线为至{T}年的线性外推", f"dashed: linear projection to {T}")


# --------------------------------------------------------------------------------------------
# The charts of the kinds


def _added_so_far(
    ax: Axes, ind: Indicator, t: int, y0: float, yt: float, handles: list[Artist]
) -> None:
    """An arrow from the baseline to the latest value: the amount added so far."""
    added = yt - y0
    x = t + 0.18
    ax.annotate(
        "",
        xy=(x, yt),
        xytext=(x, y0),
        arrowprops={
            "arrowstyle": "-|>",
            "color": COLORS["text"],
            "lw": 0.9,
            "shrinkA": 0,
            "shrinkB": 0,
            "mutation_scale": 8,
        },
    )
    handles.append(
        Line2D(
            [],
            [],
            color=COLORS["text"],
            linewidth=0.9,
            marker=">",
            markersize=4,
            label=f"已新增 added so far {int(ind.baseline_year)}–{t}: "
            f"{'+' if added >= 0 else ''}{short_number(added)}",
        )
    )


def _level_chart(ind: Indicator, df: pd.DataFrame, row: Row) -> Figure:
    """level, increase, growth: the level against the target and the schedule path."""
    fig, ax = new_figure(8.6)
    y0, yT = _num(row, "baseline"), _num(row, "target_value")
    shown = df[df["year"] <= _horizon(ind, row)]
    first, last = _years_span(ind, shown)
    handles: list[Artist] = []
    statuses = draw_series(ax, shown) if len(shown) else set()
    handles += status_handles(statuses)
    _reference_lines(ax, ind, row, y0, yT, handles)
    t, yt = _int(row, "year"), _num(row, "value")
    _projection(ax, ind, row, t, yt, handles)
    if kind(ind.kind).reports_added and y0 is not None and t is not None and yt is not None:
        _added_so_far(ax, ind, t, y0, yt, handles)
    if not len(shown):
        no_data(ax)
    year_axis(ax, first, last)
    ax.set_ylabel(unit_label(ind.unit_zh, ind.unit_en))
    plain_axis(ax)
    value_axis(ax, [*shown["value"], y0, yT, _shown_projection(ind, row)], percent=_percent(ind))
    _title(fig, ind)
    legend_below(fig, handles)
    return fig


def _cumulative_chart(ind: Indicator, df: pd.DataFrame, row: Row) -> Figure:
    """Annual amounts as bars, their running sum as a line, against the target."""
    fig, ax = new_figure(8.6)
    t0, T = int(ind.baseline_year), int(ind.target_year)
    annual = df[(df["year"] > t0) & (df["year"] <= _horizon(ind, row))]
    handles: list[Artist] = []
    for y, v, s in zip(annual["year"], annual["value"], annual["status"], strict=True):
        status_bar(ax, y, v, is_illustrative(s))
    handles += status_handles(annual["status"], bars=True)
    cum = running_sum(annual, t0)
    statuses = draw_series(ax, cum) if len(cum) > 1 else set()
    handles += status_handles(statuses, what="累计 running sum")
    yT = _num(row, "target_value")
    _reference_lines(ax, ind, row, None, yT, handles)
    if yT is not None:
        _schedule_path(ax, t0, T, 0, yT, handles)
    t, yt = _int(row, "year"), _num(row, "value")
    _projection(ax, ind, row, t, yt, handles)
    if not len(annual):
        no_data(ax)
    year_axis(ax, t0, T)
    ax.set_ylim(bottom=0)
    ax.set_ylabel(unit_label(ind.unit_zh, ind.unit_en))
    plain_axis(ax)
    lo, hi = ax.get_ylim()
    ax.set_ylim(0, hi * 1.06)
    _title(fig, ind)
    legend_below(fig, handles)
    return fig


_MOVE = {"rose": ("上升", "rose"), "unchanged": ("持平", "unchanged"), "fell": ("下降", "fell")}


def _trend_chart(ind: Indicator, df: pd.DataFrame, row: Row) -> Figure:
    """The level above, the change on the previous year below."""
    fig, (ax, bx) = new_figure(11.0, nrows=2, sharex=True, height_ratios=[3, 2])
    t0, T = int(ind.baseline_year), int(ind.target_year)
    shown = df[df["year"] <= _horizon(ind, row)]
    first = min([t0, *list(shown["year"])]) if len(shown) else t0
    handles: list[Artist] = []
    statuses = draw_series(ax, shown) if len(shown) else set()
    handles += status_handles(statuses)
    y0 = _num(row, "baseline")
    if y0 is not None:
        _baseline_line(ax, y0, f"基线 baseline {t0}: {short_number(y0)}", handles, zorder=None)
    ax.set_ylabel(unit_label(ind.unit_zh, ind.unit_en))
    plain_axis(ax)
    _projection(ax, ind, row, _int(row, "year"), _num(row, "value"), handles)
    value_axis(ax, [*shown["value"], y0, _shown_projection(ind, row)], percent=_percent(ind))
    _title(fig, ind)
    _year_on_year(bx, shown, handles)
    bx.set_ylabel("较上年 change")
    plain_axis(bx)
    year_axis(bx, first, T)
    ax.tick_params(labelbottom=False)
    ax.set_xlabel("")
    legend_below(fig, handles, ncol=3)
    return fig


def _year_on_year(bx: Axes, shown: pd.DataFrame, handles: list[Artist]) -> None:
    """The change on the previous year as bars: rose, unchanged, fell; hatched where an
    illustrative value is involved."""
    ys, vs, ss = list(shown["year"]), list(shown["value"]), list(shown["status"])
    used = set()
    deltas = []
    involved = [is_illustrative(ss[i]) or is_illustrative(ss[i - 1]) for i in range(1, len(ss))]
    for i in range(1, len(ys)):
        d = vs[i] - vs[i - 1]
        key = "unchanged" if math.isclose(d, 0, abs_tol=1e-12) else ("rose" if d > 0 else "fell")
        illustrative = involved[i - 1]
        used.add(key)
        deltas.append(d)
        style = category_style(key, MOVE_STYLES)
        if illustrative:  # hollow, "////" over the move's own hatch
            style.update(facecolor="white", hatchcolor="#4D4D4D")
            style["hatch"] = "////" + (style["hatch"] or "")
        bx.bar(ys[i], d, width=0.55, edgecolor="#4D4D4D", linewidth=0.6, zorder=2, **style)
        bx.annotate(
            f"{'+' if d > 0 else ''}{short_number(d)}",
            (ys[i], d),
            xytext=(0, 2 if d >= 0 else -2),
            textcoords="offset points",
            ha="center",
            va="bottom" if d >= 0 else "top",
            fontsize=8,
            color=COLORS["text"],
        )
    bx.axhline(0, color="#666666", linewidth=0.6)
    if deltas:
        hi = max(max(deltas), 0)
        lo = min(min(deltas), 0)
        span = (hi - lo) or 1.0
        bx.set_ylim(lo - 0.3 * span, hi + 0.3 * span)
    else:
        no_data(bx)
    for key in ("rose", "unchanged", "fell"):
        if key in used:
            handles.append(
                category_patch(
                    key,
                    f"较上年{_MOVE[key][0]} {_MOVE[key][1]} on previous year",
                    styles=MOVE_STYLES,
                    edgecolor="#4D4D4D",
                )
            )
    if any(involved):
        handles.append(
            illustrative_patch("#777777", label="含示意数据 involves illustrative values")
        )


def _milestone_handles(illustrative: bool, T: int) -> list[Artist]:
    """Done and not yet done are written in the cells; the legend says the rest."""
    handles: list[Artist] = [
        Patch(facecolor=COLORS["rose"], edgecolor="#4D4D4D", linewidth=0.5, label="已完成 done"),
        Patch(facecolor="white", edgecolor="#4D4D4D", linewidth=0.5, label="未完成 not yet done"),
    ]
    if illustrative:
        handles.append(illustrative_patch("#4D4D4D"))
    handles.append(
        Patch(facecolor="white", edgecolor=COLORS["target"], linewidth=2.0,
              label=f"目标年 target year {T}")
    )  # fmt: skip
    return handles


def _milestone_cell(ax: Axes, year: int, value: float | None, status: str, target: bool) -> None:
    """One year of the strip: filled and "已完成 done" once done, white and "未完成 not yet"
    before, hatched where the value is illustrative, "—" where there is no value; the target
    year outlined."""
    done = value is not None and value >= 1
    illustrative = value is not None and is_illustrative(status)
    ax.add_patch(
        Rectangle(
            (year - 0.46, 0.1),
            0.92,
            0.8,
            facecolor=COLORS["rose"] if done and not illustrative else "white",
            edgecolor=COLORS["target"] if target else "#4D4D4D",
            linewidth=2.0 if target else 0.6,
            hatch="////" if illustrative else None,
            hatchcolor=COLORS["rose"] if done else "#9A9A9A",
        )
    )
    text = "—" if value is None else "已完成\ndone" if done else "未完成\nnot yet"
    ax.text(
        year,
        0.5,
        text,
        ha="center",
        va="center",
        fontsize=8,
        color="white" if done and not illustrative else COLORS["text"],
        bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.8} if illustrative else None,
    )


def _milestone_chart(ind: Indicator, df: pd.DataFrame, row: Row) -> Figure:
    """Done or not, by year, as one compact row of cells; once done stays done (B8)."""
    T = int(ind.target_year)
    first, _last = _years_span(ind, df)
    shown = df[df["year"] <= _horizon(ind, row)].copy()
    done_year = _int(row, "done_year")
    if done_year is not None:  # once done stays done (B8)
        shown.loc[shown["year"] >= done_year, "value"] = 1.0
    fig, ax = new_figure(4.2)
    values = {int(y): (float(v), str(s)) for y, v, s in zip(
        shown["year"], shown["value"], shown["status"], strict=True)}  # fmt: skip
    for year in range(first, T + 1):
        value, status = values.get(year, (None, ""))
        _milestone_cell(ax, year, value, status, year == T)
    ax.set_xlim(first - 0.5, T + 0.5)
    ax.set_ylim(0, 1)
    ax.set_xticks(range(first, T + 1))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{int(round(v))}"))
    ax.tick_params(axis="x", length=0)
    ax.set_yticks([])
    ax.grid(False)
    for side in ax.spines.values():
        side.set_visible(False)
    if done_year is not None:
        ax.set_xlabel(f"{done_year}年完成 done in {done_year}")
    _title(fig, ind)
    illustrative = any(is_illustrative(s) for s in shown["status"])
    legend_below(fig, _milestone_handles(illustrative, T), ncol=4)
    return fig


#: each kind's chart, by kind name (the keys of :data:`healthcheck.kinds.KINDS`)
CHARTS: dict[str, IndicatorChart] = {
    "level": _level_chart,
    "increase": _level_chart,
    "growth": _level_chart,
    "cumulative": _cumulative_chart,
    "trend": _trend_chart,
    "milestone": _milestone_chart,
}
