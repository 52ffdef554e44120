"""The locator map of a district's report: the city's districts, the district filled dark.

The district is named in a label set apart at the map's edge with a leader line to it (a
central district is a few millimetres wide at the city's scale, too small to hold its name);
its zone's districts are a shade darker than the others.  Like every map of the report it
carries water, a scale bar, a north arrow, "示意图 / schematic map" (or the approval number)
and the boundaries' source.  Dark against light reads in grey-scale print.
"""

from __future__ import annotations

import geopandas as gpd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from healthcheck.charts.geo import approval_note, load_water, source_line
from healthcheck.charts.map_elements import (
    WATER,
    WATER_EDGE,
    draw_water,
    north_arrow,
    scale_bar,
)
from healthcheck.charts.style import CM, setup_style

__all__ = ["locator_map"]

WIDTH_CM, HEIGHT_CM = 12.0, 11.0
LAND, ZONE, SUBJECT = "#FCFBF8", "#ABA493", "#1F3A5F"
BOUNDARY = "#8A8A8A"
#: the map's axes in the figure (cm): left, bottom, width, height
AXES_CM = (0.2, 2.3, 11.6, 8.5)


def locator_map(
    geo: gpd.GeoDataFrame,
    code: str,
    *,
    zone_name: tuple[str, str] = ("", ""),
    approval: str | None = None,
    water: gpd.GeoDataFrame | None = None,
) -> Figure:
    """The city's districts (:func:`~healthcheck.charts.geo.load_districts`) with district
    ``code`` filled dark and labelled; the other districts of its zone (``zone_name``, e.g.
    ("中心城区", "central districts")) a shade darker than the rest."""
    setup_style()
    if water is None and geo.attrs.get("water"):
        water = load_water(geo.attrs["water"], geo.crs)
    subject = geo[geo["code"] == code]
    if subject.empty:
        raise KeyError(f"district {code} is not in the boundaries")
    zone = subject["zone"].iloc[0]
    fig = Figure(figsize=(WIDTH_CM * CM, HEIGHT_CM * CM))
    left, bottom, width, height = AXES_CM
    ax = fig.add_axes((left / WIDTH_CM, bottom / HEIGHT_CM, width / WIDTH_CM, height / HEIGHT_CM))
    fills = [SUBJECT if c == code else ZONE if z == zone else LAND
             for c, z in zip(geo["code"], geo["zone"], strict=True)]  # fmt: skip
    geo.plot(ax=ax, color=fills, edgecolor=BOUNDARY, linewidth=0.4, zorder=2)
    x0, y0, x1, y1 = geo.total_bounds
    pad = 0.04 * max(x1 - x0, y1 - y0)
    ax.set_xlim(x0 - pad, x1 + pad)
    ax.set_ylim(y0 - pad, y1 + pad)
    ax.set_aspect("equal")
    ax.set_axis_off()
    scale = max((x1 - x0 + 2 * pad) / width, (y1 - y0 + 2 * pad) / height)  # data units per cm
    wet = draw_water(ax, water, geo.union_all(), scale)
    subject.plot(ax=ax, color=SUBJECT, edgecolor="#FFFFFF", linewidth=0.6, zorder=4)
    _label(ax, subject, (x0, y0, x1, y1))
    north_arrow(ax, x=0.04, y=0.97)
    scale_bar(ax, geo.crs)
    _legend(fig, subject, zone_name, bool(wet))
    fig.text(0.2 / WIDTH_CM, 0.75 / HEIGHT_CM, approval_note(approval), ha="left",
             va="bottom", fontsize=8, color="#1A1A1A")  # fmt: skip
    source = source_line(geo, water)
    if source:
        fig.text(0.2 / WIDTH_CM, 0.15 / HEIGHT_CM, source, ha="left", va="bottom",
                 fontsize=7, color="#777777", wrap=True)  # fmt: skip
    return fig


def _label(
    ax: object, subject: gpd.GeoDataFrame, bounds: tuple[float, float, float, float]
) -> None:
    """The district's name at the map's left or right edge (the side nearer to it), level
    with it (below the north arrow), with a leader line to a point inside it."""
    x0, _, x1, _ = bounds
    point = subject.geometry.iloc[0].representative_point()
    left = point.x < (x0 + x1) / 2
    bottom, top = ax.get_ylim()  # type: ignore[attr-defined]
    level = min(0.8, max(0.1, (point.y - bottom) / (top - bottom)))
    text = f"{subject['name_zh'].iloc[0]}\n{subject['name_en'].iloc[0]}"
    ax.annotate(  # type: ignore[attr-defined]
        text,
        xy=(point.x, point.y),
        xytext=(0.01 if left else 0.99, level),
        textcoords=("axes fraction", "axes fraction"),
        ha="left" if left else "right",
        va="center",
        fontsize=9,
        fontweight="bold",
        color=SUBJECT,
        arrowprops={
            "arrowstyle": "-",
            "color": SUBJECT,
            "linewidth": 0.8,
            "shrinkA": 2,
            "shrinkB": 0,
        },  # fmt: skip
        bbox={
            "boxstyle": "round,pad=0.25",
            "facecolor": "#FFFFFF",
            "edgecolor": SUBJECT,
            "linewidth": 0.6,
        },  # fmt: skip
        zorder=9,
    )


def _legend(fig: Figure, subject: gpd.GeoDataFrame, zone: tuple[str, str], water: bool) -> None:
    name_zh, name_en = subject["name_zh"].iloc[0], subject["name_en"].iloc[0]
    handles = [Patch(facecolor=SUBJECT, edgecolor=BOUNDARY, linewidth=0.4,
                     label=f"{name_zh} {name_en}")]  # fmt: skip
    if zone[0]:
        handles.append(Patch(facecolor=ZONE, edgecolor=BOUNDARY, linewidth=0.4,
                             label=f"{zone[0]}其他区 other {zone[1]}"))  # fmt: skip
    handles.append(Patch(facecolor=LAND, edgecolor=BOUNDARY, linewidth=0.4,
                         label="其他区 other districts"))  # fmt: skip
    if water:
        handles.append(Patch(facecolor=WATER, edgecolor=WATER_EDGE, linewidth=0.4,
                             label="水系 water"))  # fmt: skip
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.2 / WIDTH_CM,
               2.2 / HEIGHT_CM), ncol=2, fontsize=7.5, frameon=False, handlelength=1.2,
               columnspacing=1.2)  # fmt: skip
