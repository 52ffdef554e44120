"""The 问题地图 of the national 城市体检: the ledgers' problems as category symbols over the
district (and, where given, 街道) boundaries.

One symbol per problem at its coordinates: the **shape** says the level (住房 square, 小区（社区）
circle, 街区 triangle), the **fill** the remedy (限时解决 filled, 尽力解决 hollow), the **colour**
the problem class (底线型 dark wine, 提升型 orange: also apart in grey by lightness).  Problems
at the same point or close to it (a ledger gives one point per unit, and a unit often has
several problems) are moved apart deterministically, each to the free spot nearest its point
on a small sunflower spiral, one marker pitch (2 mm) apart (:func:`dodge`), so that every
problem stays visible and countable; the ones of one kind sit next to each other.
(Aggregating them into one symbol with a count would hide the mix of levels, classes and
remedies at a unit, which is what the map is for.)

The map is zoomed to the problems (the sample 社区 lie in a few 街道) with a margin, and carries
what every map of the report carries (:mod:`~healthcheck.charts.map_elements`): water, a scale
bar, a north arrow, "示意图 / schematic map" or the approval number, and a source line.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from healthcheck.charts.geo import approval_note, load_water, source_line
from healthcheck.charts.map_elements import (
    WATER,
    WATER_EDGE,
    draw_water,
    north_arrow,
    on_land,
    scale_bar,
    water_areas,
)
from healthcheck.charts.national_style import (
    CLASSES,
    LEVELS,
    REMEDIES,
    key_of,
    require_columns,
    words,
)
from healthcheck.charts.style import CM, WIDTH_CM, bilingual, setup_style, text_width

__all__ = ["CLASS_COLORS", "LEVEL_MARKERS", "dodge", "problem_map", "spiral_offsets"]

#: marker and marker size (pt) of each level: about the same area for the three shapes
LEVEL_MARKERS: dict[str, tuple[str, float]] = {
    "housing": ("s", 4.6),
    "community": ("o", 5.2),
    "block": ("^", 6.0),
}
#: the colour of each problem class (dark and light in grey too)
CLASS_COLORS: dict[str, str] = {"bottom_line": "#882255", "improvement": "#E69F00"}
LAND = "#F4F2EC"
BOUNDARY = "#6E6E6E"
#: the least distance between two symbols (cm on the page): closer ones are moved apart
PITCH_CM = 0.2
#: the margin around the problems: a share of their extent, at least this many metres
MARGIN_SHARE, MARGIN_M = 0.12, 500.0
MAP_W_CM = WIDTH_CM - 0.4
FOOTER_CM = 3.6
COLUMNS = ("lon", "lat", "level", "problem_class", "remedy")
GOLDEN = math.pi * (3 - math.sqrt(5))


def problem_map(
    problems: pd.DataFrame,
    districts: gpd.GeoDataFrame,
    *,
    water: gpd.GeoDataFrame | None = None,
    streets: gpd.GeoDataFrame | None = None,
    extent: tuple[float, float, float, float] | None = None,
    approval: str | None = None,
    source_zh: str,
    source_en: str,
    title_zh: str = "问题地图",
    title_en: str = "Problem map",
    indicators: pd.DataFrame | None = None,
    units: pd.DataFrame | None = None,
) -> Figure:
    """The problem map: one symbol per row of ``problems`` (columns lon, lat in WGS-84,
    level, problem_class, remedy; optional problem_id) over ``districts``
    (:func:`~healthcheck.charts.geo.load_districts`; load with ``tolerance=20`` for a map
    of a few 街道).  ``extent``: lon0, lat0, lon1, lat1 shown (default: the problems', with a
    margin); ``approval``: the map approval number (else "示意图 / schematic map");
    ``source_zh``/``source_en``: where the problems come from.  Rows without coordinates
    are not drawn and are counted under the map; no problem at all gives a map that says so.
    ``indicators`` (columns id, level, problem_class; the framework's rows): where the
    ledger (column indicator) lacks level or problem_class, they are taken from here.
    ``units`` (the register units.csv: code, level, name_zh, name_en): each 街道's problems
    (column street) are named with the 街道's name beside them.
    """
    problems = _with_indicator_columns(problems, indicators)
    require_columns(problems, COLUMNS, "problem_map")
    setup_style()
    if water is None and districts.attrs.get("water"):
        water = load_water(districts.attrs["water"], districts.crs)
    points = _points(problems, districts.crs)
    view = _view(points, districts, extent)
    map_h = min(max(MAP_W_CM * (view[3] - view[1]) / (view[2] - view[0]), 7.0), 12.0)
    height = 1.0 + map_h + FOOTER_CM
    fig = Figure(figsize=(WIDTH_CM * CM, height * CM))
    fig.text(0.2 / WIDTH_CM, 1 - 0.15 / height, bilingual(title_zh, title_en), ha="left",
             va="top", fontsize=9.5)  # fmt: skip
    ax = fig.add_axes((0.2 / WIDTH_CM, FOOTER_CM / height, MAP_W_CM / WIDTH_CM, map_h / height))
    scale = _fit(ax, view, map_h)
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    box = shapely.box(x0, y0, x1, y1)
    shown = _base(ax, districts, streets, water, box, scale)
    marks = _symbols(ax, points, scale) if len(points) else np.empty((0, 2))
    named = _street_labels(ax, points, marks, units, scale)
    _district_labels(ax, shown, water_areas(water), np.vstack([marks, named]), scale)
    if not len(points):
        ax.text(0.5, 0.5, "无问题 no problems", transform=ax.transAxes, ha="center",
                va="center", fontsize=9, zorder=9)  # fmt: skip
    scale_bar(ax, districts.crs)
    north_arrow(ax)
    _legends(fig, height, water, streets)
    _footer(fig, height, (len(problems), len(points)), approval, (source_zh, source_en),
            districts, water)  # fmt: skip
    return fig


# --------------------------------------------------------------------------------------------
# Points and extent


def _with_indicator_columns(
    problems: pd.DataFrame, indicators: pd.DataFrame | None
) -> pd.DataFrame:
    """``problems`` with the level and problem_class of their indicator where they lack them."""
    lacking = [c for c in ("level", "problem_class") if c not in problems.columns]
    if not lacking or indicators is None:
        return problems
    require_columns(indicators, ("id", *lacking), "problem_map indicators")
    require_columns(problems, ("indicator",), "problem_map")
    table = indicators.set_index("id")
    unknown = sorted(set(problems["indicator"]) - set(table.index))
    if unknown:
        raise ValueError(f"problem_map: indicator(s) {', '.join(unknown)} not in indicators")
    out = problems.copy()
    for col in lacking:
        out[col] = out["indicator"].map(table[col])
    return out


def _points(problems: pd.DataFrame, crs: Any) -> pd.DataFrame:
    """The problems with coordinates, projected to ``crs`` (x, y) and keyed, in a stable
    order: by place, then level, class, remedy and id (so that one kind sits together)."""
    frame = problems.copy()
    frame["lon"] = pd.to_numeric(frame["lon"], errors="coerce")
    frame["lat"] = pd.to_numeric(frame["lat"], errors="coerce")
    frame = frame[np.isfinite(frame["lon"]) & np.isfinite(frame["lat"])]
    bad = frame[(frame["lon"].abs() > 180) | (frame["lat"].abs() > 90)]
    if len(bad):
        raise ValueError(f"problem_map: lon/lat out of range in rows {list(bad.index)[:5]}")
    for col, table in (("level", LEVELS), ("problem_class", CLASSES), ("remedy", REMEDIES)):
        frame[col] = [key_of(v, table) for v in frame[col]]
    pts = gpd.GeoSeries(gpd.points_from_xy(frame["lon"], frame["lat"]), crs="EPSG:4326")
    pts = pts.to_crs(crs)
    frame["x"], frame["y"] = pts.x.to_numpy(), pts.y.to_numpy()
    frame["place"] = list(zip(frame["x"].round(0), frame["y"].round(0), strict=True))
    order = {k: i for i, k in enumerate(LEVELS)}
    frame["_lv"] = frame["level"].map(order).fillna(9)
    ident = (
        frame["problem_id"].astype(str)
        if "problem_id" in frame
        else pd.Series(range(len(frame)), index=frame.index).astype(str)
    )
    frame["_id"] = ident
    keys = ["place", "_lv", "problem_class", "remedy", "_id"]
    return frame.sort_values(keys, na_position="last").reset_index(drop=True)


def _view(
    points: pd.DataFrame,
    districts: gpd.GeoDataFrame,
    extent: tuple[float, float, float, float] | None,
) -> tuple[float, float, float, float]:
    """What the map shows (in the districts' CRS): ``extent``, else the problems' extent
    with a margin, else the districts."""
    if extent is not None:
        lon0, lat0, lon1, lat1 = extent
        if not (lon0 < lon1 and lat0 < lat1):
            raise ValueError(f"problem_map: extent {extent} is not lon0, lat0, lon1, lat1")
        corners = gpd.GeoSeries(gpd.points_from_xy([lon0, lon1], [lat0, lat1]), crs="EPSG:4326")
        corners = corners.to_crs(districts.crs)
        return (corners.x.min(), corners.y.min(), corners.x.max(), corners.y.max())
    if not len(points):
        x0, y0, x1, y1 = districts.total_bounds
        return (x0, y0, x1, y1)
    x0, x1 = points["x"].min(), points["x"].max()
    y0, y1 = points["y"].min(), points["y"].max()
    margin = max(MARGIN_SHARE * max(x1 - x0, y1 - y0), MARGIN_M)
    return (x0 - margin, y0 - margin, x1 + margin, y1 + margin)


def _fit(ax: Axes, view: Sequence[float], map_h: float) -> float:
    """Show ``view`` at one scale in the axes (MAP_W_CM x ``map_h``); data units per cm."""
    x0, y0, x1, y1 = view
    scale = max((x1 - x0) / MAP_W_CM, (y1 - y0) / map_h)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    ax.set_xlim(cx - MAP_W_CM * scale / 2, cx + MAP_W_CM * scale / 2)
    ax.set_ylim(cy - map_h * scale / 2, cy + map_h * scale / 2)
    ax.set_aspect("equal", adjustable="box")
    ax.set_axis_off()
    return scale


def dodge(xy: np.ndarray, pitch: float, tries: int = 4096, chunk: int = 64) -> np.ndarray:
    """Positions for markers at ``xy`` (in this order), no two closer than ``pitch``: each
    takes the free spot nearest its point on a fine sunflower spiral around it (so a cluster
    grows outwards from its centre, in a stable order).  The spots are tried ``chunk`` at a
    time against the markers already placed within reach, so a few thousand markers take
    seconds, not minutes."""
    steps = spiral_offsets(tries, 0.45 * pitch)
    reach = np.hypot(steps[:, 0], steps[:, 1])
    out = np.empty((len(xy), 2), dtype=float)
    for i, p in enumerate(np.asarray(xy, dtype=float)):
        out[i] = p + steps[-1]  # crowded beyond ``tries``: the last spot
        placed = out[:i]
        dist = np.hypot(placed[:, 0] - p[0], placed[:, 1] - p[1])
        for start in range(0, tries, chunk):
            spots = p + steps[start : start + chunk]
            near = placed[dist < reach[min(start + chunk, tries) - 1] + pitch]
            if not len(near):
                out[i] = spots[0]
                break
            d = np.hypot(spots[:, None, 0] - near[None, :, 0], spots[:, None, 1] - near[None, :, 1])
            free = np.flatnonzero(d.min(axis=1) >= pitch * 0.999)
            if len(free):
                out[i] = spots[free[0]]
                break
    return out


def spiral_offsets(n: int, pitch: float) -> np.ndarray:
    """``n`` offsets (x, y) on a sunflower spiral (Vogel), the first at the centre, no two
    closer than ``pitch``."""
    k = np.arange(n)
    r = pitch * np.sqrt(k)
    return np.c_[r * np.cos(k * GOLDEN), r * np.sin(k * GOLDEN)]


# --------------------------------------------------------------------------------------------
# Drawing


def _base(
    ax: Axes,
    districts: gpd.GeoDataFrame,
    streets: gpd.GeoDataFrame | None,
    water: gpd.GeoDataFrame | None,
    box: Any,
    scale: float,
) -> gpd.GeoDataFrame:
    """The districts (clipped to the view), the 街道 boundaries, the water; returns the
    districts shown."""
    shown = districts.copy()
    shown["geometry"] = shapely.intersection(shown.geometry.values, box)
    shown = shown[~shown.geometry.is_empty & (shown.geometry.area > 0)]
    shown.plot(ax=ax, color=LAND, edgecolor="none", zorder=1)
    draw_water(ax, water, box, scale)
    shown.boundary.plot(ax=ax, color=BOUNDARY, linewidth=1.0, zorder=4)
    if streets is not None and len(streets):
        lines = streets.to_crs(districts.crs).boundary
        lines = gpd.GeoSeries(shapely.intersection(lines.values, box), crs=districts.crs)
        lines[~lines.is_empty].plot(ax=ax, color=BOUNDARY, linewidth=0.5, linestyle=(0, (3, 2)),
                                    zorder=4)  # fmt: skip
    return shown


def _street_labels(
    ax: Axes, points: pd.DataFrame, marks: np.ndarray, units: pd.DataFrame | None, scale: float
) -> np.ndarray:
    """Each 街道's name over its problems (under them where there is no room above, or where
    it would cover another name, the north arrow or the scale bar); returns points of the
    names' boxes (for the districts' names to keep clear of)."""
    if units is None or not len(points) or "street" not in points.columns:
        return np.empty((0, 2))
    require_columns(units, ("code", "name_zh", "name_en"), "problem_map units")
    names = units.assign(code=units["code"].astype(str)).set_index("code")
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    fw, fh = x1 - x0, y1 - y0
    # the north arrow (upper left) and the scale bar (lower right) are kept clear
    boxes: list[Any] = [
        shapely.box(x0, y1 - 0.2 * fh, x0 + 0.1 * fw, y1),
        shapely.box(x1 - 0.3 * fw, y0, x1, y0 + 0.1 * fh),
    ]
    centres = []
    streets = points["street"].astype(str).to_numpy()
    for street in dict.fromkeys(streets):
        if street not in names.index:
            continue
        mine = marks[streets == street]
        zh, en = names.loc[street, "name_zh"], names.loc[street, "name_en"]
        w = max(text_width(str(zh)), text_width(str(en))) * 0.15 * scale  # 8 pt: ~1.5 mm a char
        h = 0.75 * scale
        cx = float(mine[:, 0].mean())
        above = float(mine[:, 1].max()) + 0.25 * scale + h / 2
        below = float(mine[:, 1].min()) - 0.25 * scale - h / 2
        cx = min(max(cx, x0 + w / 2), x1 - w / 2)
        cy = above
        if above + h / 2 > y1 or any(b.intersects(_label_box(cx, above, w, h)) for b in boxes):
            cy = below if below - h / 2 > y0 else above
        boxes.append(_label_box(cx, cy, w, h))
        # points all over the box: the districts' names keep away from all of it
        centres += [
            (cx + dx * w / 2, cy + dy * h / 2)
            for dx in np.linspace(-1, 1, 7)
            for dy in (-1.0, 0.0, 1.0)
        ]
        ax.text(cx, cy, f"{zh}\n{en}", ha="center", va="center", fontsize=8, color="#1A1A1A",
                linespacing=1.05, zorder=7,
                bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "#999999",
                      "linewidth": 0.4, "alpha": 0.9})  # fmt: skip
    return np.array(centres).reshape(-1, 2)


def _label_box(x: float, y: float, w: float, h: float) -> Any:
    return shapely.box(x - w / 2, y - h / 2, x + w / 2, y + h / 2)


def _district_labels(
    ax: Axes, shown: gpd.GeoDataFrame, wet: Any, marks: np.ndarray, scale: float
) -> None:
    """Each district that fills a good part of the view named where its land is farthest
    from the symbols ``marks`` (x, y) and from the edges."""
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    view = shapely.box(x0, y0, x1, y1)
    w, h = x1 - x0, y1 - y0
    # the scale bar (lower right) and the north arrow (upper left) count as marks
    furniture = [(x1 - f * w, y0 + 0.05 * h) for f in (0.05, 0.15, 0.25)] + [
        (x0 + 0.05 * w, y1 - f * h) for f in (0.05, 0.15)
    ]
    marks = np.vstack([marks, np.array(furniture)])
    for _, r in shown.iterrows():
        if r.geometry.area < 0.04 * view.area:
            continue
        room = on_land(r.geometry, wet).buffer(-0.6 * scale)
        text_w = max(text_width(r["name_zh"]), text_width(r["name_en"])) * 0.15 * scale
        size = (text_w, 0.75 * scale)
        spot = _emptiest(room, marks, size) if not room.is_empty else None
        if spot is None:
            spot = r.geometry.representative_point()
        ax.text(spot.x, spot.y, f"{r['name_zh']}\n{r['name_en']}", ha="center", va="center",
                fontsize=8, color="#555555", linespacing=1.05, zorder=5,
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none",
                      "alpha": 0.7})  # fmt: skip


def _emptiest(room: Any, marks: np.ndarray, size: tuple[float, float], n: int = 13) -> Any:
    """The point of an n x n grid over ``room`` (inside it) where a label of ``size`` (w, h)
    is farthest from every mark; None if no grid point is inside."""
    x0, y0, x1, y1 = room.bounds
    grid = [
        shapely.Point(x0 + (i + 0.5) * (x1 - x0) / n, y0 + (j + 0.5) * (y1 - y0) / n)
        for i in range(n)
        for j in range(n)
    ]
    inside = [p for p in grid if room.contains(p)]
    if not inside:
        return None
    if not len(marks):
        return shapely.maximum_inscribed_circle(room).centroid
    half_w, half_h = size[0] / 2, size[1] / 2

    def clearance(p: Any) -> float:
        dx = np.maximum(np.abs(marks[:, 0] - p.x) - half_w, 0)
        dy = np.maximum(np.abs(marks[:, 1] - p.y) - half_h, 0)
        return float(np.hypot(dx, dy).min())

    return max(inside, key=clearance)


def _symbols(ax: Axes, points: pd.DataFrame, scale: float) -> np.ndarray:
    """One marker per problem, none on another (:func:`dodge`); returns where they went."""
    placed = dodge(points[["x", "y"]].to_numpy(), PITCH_CM * scale)
    xs, ys = placed[:, 0], placed[:, 1]
    points = points.assign(px=xs, py=ys)
    for (level, cls, remedy), group in points.groupby(
        ["level", "problem_class", "remedy"], sort=True
    ):
        marker, size = LEVEL_MARKERS[str(level)]
        color = CLASS_COLORS[str(cls)]
        ax.plot(
            group["px"],
            group["py"],
            linestyle="none",
            marker=marker,
            markersize=size,
            mec=color,
            mfc=color if remedy == "time_bound" else "white",
            mew=1.0,
            zorder=6,
        )
    return np.c_[xs, ys]


def _legends(
    fig: Figure,
    height: float,
    water: gpd.GeoDataFrame | None,
    streets: gpd.GeoDataFrame | None,
) -> None:
    """Three legend rows under the map, each after its heading: the levels (shape), the
    remedy (fill) and the class (colour), the base map."""
    grey = "#4D4D4D"
    levels: list[Artist] = [
        Line2D(
            [],
            [],
            linestyle="none",
            marker=m,
            markersize=s,
            mfc="#9A9A9A",
            mec=grey,
            mew=0.8,
            label=words(k, LEVELS),
        )  # fmt: skip
        for k, (m, s) in LEVEL_MARKERS.items()
    ]
    remedies: list[Artist] = [
        Line2D([], [], linestyle="none", marker="o", markersize=5.2, mfc=grey, mec=grey,
               mew=1.0, label=words("time_bound", REMEDIES) + "（实心 filled）"),
        Line2D([], [], linestyle="none", marker="o", markersize=5.2, mfc="white", mec=grey,
               mew=1.0, label=words("best_effort", REMEDIES) + "（空心 hollow）"),
    ]  # fmt: skip
    classes: list[Artist] = [
        Patch(facecolor=c, edgecolor="none", label=words(k, CLASSES))
        for k, c in CLASS_COLORS.items()
    ]
    base: list[Artist] = [Line2D([], [], color=BOUNDARY, linewidth=1.0, label="区界 district")]
    if streets is not None and len(streets):
        base.append(Line2D([], [], color=BOUNDARY, linewidth=0.5, linestyle=(0, (3, 2)),
                           label="街道界 street"))  # fmt: skip
    if water is not None and len(water):
        base.append(Patch(facecolor=WATER, edgecolor=WATER_EDGE, linewidth=0.4, label="水系 water"))
    rows: list[tuple[str, list[Artist]]] = [
        ("层级 level", levels),
        ("整治 remedy", remedies),
        ("类型 class", classes),
        ("底图 base map", base),
    ]
    for i, (head, handles) in enumerate(rows):
        y = FOOTER_CM - 0.4 - 0.45 * i
        fig.text(0.2 / WIDTH_CM, y / height, head, ha="left", va="center", fontsize=8,
                 color="#333333")  # fmt: skip
        fig.legend(handles=handles, loc="center left", bbox_to_anchor=(2.3 / WIDTH_CM, y / height),
                   ncol=len(handles), frameon=False, fontsize=8, handlelength=1.6,
                   handletextpad=0.5, columnspacing=1.1, borderaxespad=0, borderpad=0)  # fmt: skip


def _footer(
    fig: Figure,
    height: float,
    counts: tuple[int, int],
    approval: str | None,
    source: tuple[str, str],
    districts: gpd.GeoDataFrame,
    water: gpd.GeoDataFrame | None,
) -> None:
    """The count of problems with the legal note, then the sources: the problems' and the
    base map's."""
    total, drawn = counts
    note = f"共{total}个问题 / {total} problems"
    if drawn < total:
        note += (
            f"（{total - drawn}个无坐标，未标注 / {total - drawn} without coordinates, not shown）"
        )
    fig.text(0.2 / WIDTH_CM, 1.05 / height, f"{approval_note(approval)}　　{note}", ha="left",
             va="bottom", fontsize=8, color="#1A1A1A")  # fmt: skip
    zh, en = source
    lines = [f"问题：{zh} / Problems: {en}"]
    base = source_line(districts, water)
    if base:
        lines.append(base)
    fig.text(0.2 / WIDTH_CM, 0.1 / height, "\n".join(lines), ha="left", va="bottom",
             fontsize=8, color="#777777", linespacing=1.1)  # fmt: skip
