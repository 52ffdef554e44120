"""The ranking of one indicator across the reports of a batch (cities, districts or years): one
dot per report on a common value axis, best first, its rank and value beside it.

Grey-scale safe by shape, never by colour alone: published values are filled dots, estimates
filled triangles, illustrative values hollow dots (:func:`~healthcheck.charts.style.marker_style`)
with their legend entry; a tie shares its rank ("=" before it)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from healthcheck.charts.style import (
    COLORS,
    bilingual,
    figure_title,
    legend_below,
    marker_style,
    new_figure,
    plain_axis,
    short_number,
    status_handles,
    unit_label,
    value_range,
)

__all__ = ["MARKER_SIZE", "RankedValue", "comparison_chart"]

#: the size of a dot, in points (the legend's too)
MARKER_SIZE = 7.0


@dataclass(frozen=True)
class RankedValue:
    """One report's value of the indicator: its label (a city, a district or a year), the
    value, its rank (None: shown unranked), whether it shares the rank, and the status of the
    value (official, reported, estimate, illustrative)."""

    label: str
    value: float
    rank: int | None
    status: str
    tied: bool = False


def comparison_chart(
    values: Sequence[RankedValue],
    *,
    ident: str,
    name_zh: str,
    name_en: str,
    unit_zh: str,
    unit_en: str,
    direction: str,
) -> Figure:
    """A dot chart of ``values`` in the order given (top to bottom): a line from the axis
    base to each dot, the value at the right, "rank. label" on the left."""
    n = max(len(values), 1)
    fig, ax = new_figure(3.0 + 0.62 * n)
    lo, hi = value_range([v.value for v in values])
    for i, v in enumerate(values):
        color = COLORS["observed"]
        ax.plot([lo, v.value], [i, i], color="#BDBDBD", linewidth=0.8, zorder=1)
        ax.plot([v.value], [i], linestyle="none", markersize=MARKER_SIZE, zorder=3,
                **marker_style(v.status, color))  # fmt: skip
        ax.text(1.01, i, short_number(v.value), va="center", ha="left", fontsize=8,
                transform=ax.get_yaxis_transform())  # fmt: skip
    ax.set_yticks(range(len(values)))
    ax.set_yticklabels([_tick(v) for v in values], fontsize=8)
    ax.set_ylim(len(values) - 0.5, -0.5)
    ax.set_xlim(lo, hi)
    better = "越高越好 higher is better" if direction == "up" else "越低越好 lower is better"
    ax.set_xlabel(f"{unit_label(unit_zh, unit_en)}（{better}）".strip())
    plain_axis(ax, "x")
    ax.grid(axis="y", visible=False)
    figure_title(fig, bilingual(f"{ident} {name_zh}：排名", f"{name_en}: ranking"))
    legend_below(fig, _handles({v.status for v in values}), ncol=3)
    return fig


def _handles(statuses: set[str]) -> list[Artist]:
    """The statuses' legend entries as the dots are drawn: the marker alone, at its size."""
    handles = status_handles(statuses)
    for h in handles:
        if isinstance(h, Line2D):
            h.set_linestyle("none")
            h.set_markersize(MARKER_SIZE)
    return handles


def _tick(v: RankedValue) -> str:
    if v.rank is None:
        return f"– {v.label}"
    return f"{'=' if v.tied else ''}{v.rank}. {v.label}"
