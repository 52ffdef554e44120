"""What a district map carries besides the districts: water, a scale bar, a north arrow.

- **Water** (:func:`draw_water`): lakes and river areas filled pale blue, river centrelines
  drawn about as wide as the river is on the ground (never thinner than a hairline), clipped to
  the area shown (the city, or the central districts), simplified to 0.1 mm at the map's scale.
- **Scale bar** (:func:`scale_bar`): `matplotlib-scalebar`_, with the metres per data unit
  measured geodesically at the map's centre (:func:`~healthcheck.charts.geo.metres_per_unit`),
  so it is right in any projection.
- **North arrow** (:func:`north_arrow`): "北 N" over an arrow; the maps are drawn north up in
  a conformal projection (Gauss-Krüger), so grid north and true north differ by well under a
  degree at Wuhan.

.. _matplotlib-scalebar: https://github.com/ppinard/matplotlib-scalebar
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import shapely
from matplotlib.axes import Axes
from matplotlib_scalebar.scalebar import ScaleBar

from healthcheck.charts.geo import metres_per_unit
from healthcheck.charts.style import FONT

__all__ = [
    "WATER",
    "WATER_EDGE",
    "draw_water",
    "north_arrow",
    "on_land",
    "scale_bar",
    "water_areas",
]

WATER = "#BFDDF2"
WATER_EDGE = "#5B9BD5"
# Real widths for the centrelines (the Yangtze at Wuhan is 1-2 km wide, the Han 200-400 m).
LINE_WIDTH_M = {"长江": 1100.0, "汉江": 300.0}
DEFAULT_LINE_WIDTH_M = 300.0


def draw_water(ax: Axes, water: gpd.GeoDataFrame | None, within: Any, scale: float) -> int:
    """Draw ``water`` clipped to ``within`` on ``ax`` (``scale``: data units per cm); returns
    the number of features drawn."""
    if water is None or not len(water):
        return 0
    clipped = water.copy()
    # simplified to 0.1 mm at the map's scale: finer detail does not print, and costs render time
    shapes = shapely.simplify(water.geometry.values, 0.01 * scale, preserve_topology=True)
    clipped["geometry"] = shapely.intersection(shapes, within)
    clipped = clipped[~clipped.geometry.is_empty]
    areas = clipped[clipped["kind"] != "river_line"]
    if len(areas):
        areas.plot(ax=ax, color=WATER, edgecolor=WATER_EDGE, linewidth=0.3, zorder=3)
    pt_per_unit = 72 / 2.54 / scale
    for _, r in clipped[clipped["kind"] == "river_line"].iterrows():
        width_m = LINE_WIDTH_M.get(r["name_zh"], DEFAULT_LINE_WIDTH_M)
        lw = max(0.6, width_m * pt_per_unit)
        gpd.GeoSeries([r.geometry], crs=water.crs).plot(
            ax=ax, color=WATER_EDGE, linewidth=lw + 0.6, zorder=3
        )
        gpd.GeoSeries([r.geometry], crs=water.crs).plot(ax=ax, color=WATER, linewidth=lw, zorder=3)
    return len(clipped)


def water_areas(water: gpd.GeoDataFrame | None) -> Any:
    """The union of the water's areas (lakes, river areas), or None."""
    if water is None or not len(water):
        return None
    return shapely.union_all(water.geometry[water["kind"] != "river_line"].values)


def on_land(poly: Any, wet: Any) -> Any:
    """``poly`` less the water (so a label's leader line ends on land), unless that leaves
    less than a fifth of it."""
    if wet is None:
        return poly
    land = shapely.difference(poly, wet)
    return land if land.area > 0.2 * poly.area else poly


def scale_bar(ax: Axes, crs: Any, location: str = "lower right") -> ScaleBar:
    """A scale bar on ``ax`` (data in ``crs``), true at the centre of the axes."""
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    dx = metres_per_unit(crs, (x0 + x1) / 2, (y0 + y1) / 2)
    bar = ScaleBar(
        dx,
        units="m",
        location=location,
        length_fraction=0.22,
        width_fraction=0.012,
        frameon=False,
        color="#1A1A1A",
        border_pad=0.2,
        pad=0.2,
        sep=2,
        font_properties={"family": FONT, "size": 7.5},
    )
    ax.add_artist(bar)
    return bar


def north_arrow(ax: Axes, x: float = 0.05, y: float = 0.96) -> None:
    """An arrow pointing up with "北 N" under its head, its tip at (x, y) in axes fraction."""
    ax.annotate(
        "",
        xy=(x, y),
        xytext=(x, y - 0.09),
        xycoords="axes fraction",
        arrowprops={
            "arrowstyle": "-|>,head_length=0.6,head_width=0.25",
            "color": "#1A1A1A",
            "linewidth": 0.9,
        },
        zorder=8,
    )
    ax.text(
        x,
        y - 0.11,
        "北 N",
        transform=ax.transAxes,
        ha="center",
        va="top",
        fontsize=7.5,
        color="#1A1A1A",
        zorder=8,
    )
