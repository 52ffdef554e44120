"""District maps (一区一表): the choropleth of one indicator's district values.

The map shows every district of the city, each named in Chinese and English.  The small
central districts are drawn a second time, enlarged, on the right, with their names in the
margins and leader lines, so that no label covers another.  Districts outside an indicator's
scope (e.g. the new districts for a central-district target) are grey, "不适用 not applicable";
districts without a value are white, "无数据 no data"; illustrative values are hatched.  The
Yangtze, the Han and the large lakes are drawn over the districts where the project has a water
layer, each map has a scale bar (the inset its own) and a north arrow
(:mod:`~healthcheck.charts.map_elements`).  Every map carries "示意图 / schematic map" unless
the plan file gives the map approval number (审图号), which is then printed instead
(:func:`~healthcheck.charts.geo.map_note`), and a short bilingual source line
(:func:`~healthcheck.charts.geo.source_line`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import matplotlib as mpl
import pandas as pd
import shapely
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.colors import Colormap, Normalize
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from healthcheck.charts.geo import load_water, map_note, source_line
from healthcheck.charts.map_elements import (
    WATER,
    WATER_EDGE,
    draw_water,
    north_arrow,
    on_land,
    scale_bar,
    water_areas,
)
from healthcheck.charts.style import (
    CM,
    COLORS,
    FONT,
    ILLUSTRATIVE_LABEL,
    WIDTH_CM,
    bilingual,
    illustrative_patch,
    setup_style,
    short_number,
    unit_label,
)
from healthcheck.inputs.status import is_illustrative

if TYPE_CHECKING:
    from healthcheck.inputs.plan import Indicator, Plan

__all__ = ["district_map"]

NOT_APPLICABLE = "#D9D9D9"
NO_DATA = "#FFFFFF"
EDGE = "#FFFFFF"
HATCH_EDGE = "#4D4D4D"
HEIGHT_CM = 12.6


def district_map(
    plan: Plan,
    geo: gpd.GeoDataFrame,
    rows: pd.DataFrame,
    ind: Indicator,
    *,
    statuses: Mapping[str, str] | None = None,
    year: int | None = None,
    water: gpd.GeoDataFrame | None = None,
    goal_label: str | None = None,
) -> Figure:
    """The choropleth of one indicator's district values.

    ``geo``: :func:`~healthcheck.charts.geo.load_districts`; ``rows``: the indicator's rows
    of ``assess_districts`` (area, value, year, target, …); ``statuses``: district code ->
    status of the value shown (illustrative ones are hatched); ``water``: the water layer in
    ``geo``'s CRS (default: the one ``load_districts`` found, if any); ``goal_label``: the
    legend's name for the goal's line (default "目标 target", or the analysts' threshold).
    """
    setup_style()
    if water is None and geo.attrs.get("water"):
        water = load_water(geo.attrs["water"], geo.crs)
    statuses = dict(statuses or {})
    height = HEIGHT_CM
    fig = Figure(figsize=(WIDTH_CM * CM, height * CM))
    values = {
        str(a): float(v)
        for a, v in zip(rows["area"], rows["value"], strict=True)
        if v is not None and math.isfinite(float(v))
    }
    scope = _scope_codes(ind, geo)
    target = ind.goal if ind.kind == "level" else None
    norm, cmap = _colour_of(ind, list(values.values()), target)
    geo = geo.copy()

    def fill(code: str) -> str:
        if code not in scope:
            return NOT_APPLICABLE
        if code in values:
            return mpl.colors.to_hex(cmap(norm(values[code])))
        return NO_DATA

    geo["fill"] = [fill(c) for c in geo["code"]]
    geo["hatched"] = [is_illustrative(statuses.get(c)) and c in values for c in geo["code"]]

    years = sorted({int(y) for y in rows["year"].dropna()}) if len(rows) else []
    if not years and year is not None:
        years = [int(year)]
    when = f"{years[-1]}" if len(years) == 1 else (f"{years[0]}–{years[-1]}" if years else "")
    title = bilingual(f"{ind.id} {ind.name_zh}（分区）", f"{ind.name_en}, by district")
    fig.text(0.2 / WIDTH_CM, 1 - 0.15 / height, title, ha="left", va="top", fontsize=9.5)
    top = height - (1.2 if "\n" in title else 0.8)
    _maps(fig, geo, values, ind, scope, top, water)
    _footer(fig, plan, ind, (norm, cmap), target, geo, values, scope, when, water, goal_label)
    return fig


def _maps(
    fig: Figure,
    geo: gpd.GeoDataFrame,
    values: Mapping[str, float],
    ind: Indicator,
    scope: set[str],
    top: float,
    water: gpd.GeoDataFrame | None,
) -> None:
    """The whole city (coarser), and the central districts enlarged on the right where the
    city has zones and the indicator applies to central districts."""
    central = geo[geo["zone"] == "central"]
    zoned = 0 < len(central) < len(geo)
    has_inset = zoned and bool(set(central["code"]) & scope)
    map_bottom = 3.0
    map_h = top - map_bottom
    main_w = 7.6 if has_inset else WIDTH_CM - 0.4
    coarse = geo.copy()
    coarse["geometry"] = shapely.coverage_simplify(geo.geometry.values, 2.5 * _tolerance(geo))
    main = _frame(fig, (0.2, map_bottom, main_w, map_h), coarse.total_bounds, pad=0.03)
    _draw(main.ax, coarse)
    draw_water(main.ax, water, shapely.union_all(coarse.geometry.values), main.scale)
    scale_bar(main.ax, geo.crs)
    north_arrow(main.ax)
    if zoned:
        outline = shapely.union_all(coarse.loc[coarse["zone"] == "central", "geometry"].values)
        gpd.GeoSeries([outline], crs=geo.crs).boundary.plot(
            ax=main.ax, color="#1A1A1A", linewidth=1.0, zorder=5
        )
        _labels_inplace(main, coarse[coarse["zone"] != "central"], coarse, values, ind)
    else:
        _labels_inplace(main, coarse, coarse, values, ind)
    if has_inset:
        inset_left = 0.2 + main_w + 0.2
        _inset(
            fig,
            (inset_left, map_bottom, WIDTH_CM - inset_left - 0.1, map_h),
            central,
            values,
            ind,
            water,
        )


def _colour_of(
    ind: Indicator, values: Sequence[float], target: float | None
) -> tuple[Normalize, Colormap]:
    finite = [v for v in values if v is not None and math.isfinite(v)]
    pool = finite + ([target] if target is not None else [])
    lo, hi = (min(pool), max(pool)) if pool else (0.0, 1.0)
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    span = hi - lo
    norm = Normalize(lo - 0.04 * span, hi + 0.04 * span)
    # yellow to green, no blue: blue is the water's colour on the map
    cmap = mpl.colormaps["YlGn" if ind.direction == "up" else "YlGn_r"]
    return norm, cmap


def _tolerance(geo: gpd.GeoDataFrame) -> float:
    """A simplification tolerance for the whole-city map: 1/800 of the city's extent."""
    minx, miny, maxx, maxy = geo.total_bounds
    return float(max(maxx - minx, maxy - miny) / 800)


def _draw(ax: Axes, geo: gpd.GeoDataFrame) -> None:
    """Fill every district (white borders); illustrative ones hatched, drawn once."""
    plain = geo[~geo["hatched"]]
    if len(plain):
        plain.plot(ax=ax, color=plain["fill"], edgecolor=EDGE, linewidth=0.6, zorder=2)
    hatched = geo[geo["hatched"]]
    if len(hatched):
        with mpl.rc_context({"hatch.linewidth": 0.35}):
            hatched.plot(
                ax=ax,
                color=hatched["fill"],
                edgecolor=EDGE,
                hatch="///",
                hatchcolor=HATCH_EDGE,
                linewidth=0.6,
                zorder=2,
            )


def _scope_codes(ind: Indicator, geo: gpd.GeoDataFrame) -> set[str]:
    scope = getattr(ind, "district_scope", None)
    if scope is None:
        return set(geo["code"])
    return set(geo.loc[geo["zone"] == scope, "code"])


# --------------------------------------------------------------------------------------------
# Layout helpers


@dataclass
class _Frame:
    """An axes placed in cm, showing data limits with one scale (data units per cm)."""

    ax: Axes
    x0: float
    y0: float
    scale: float  # data units per cm


def _frame(
    fig: Figure,
    rect_cm: tuple[float, float, float, float],
    bounds: Sequence[float],
    pad: float = 0.04,
) -> _Frame:
    """Axes at ``rect_cm`` (left, bottom, width, height) showing ``bounds`` at equal scale."""
    fw, fh = fig.get_size_inches() / CM
    left, bottom, w, h = rect_cm
    ax = fig.add_axes((left / fw, bottom / fh, w / fw, h / fh))
    minx, miny, maxx, maxy = bounds
    dx, dy = (maxx - minx) * (1 + 2 * pad), (maxy - miny) * (1 + 2 * pad)
    scale = max(dx / w, dy / h)
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    ax.set_xlim(cx - w * scale / 2, cx + w * scale / 2)
    ax.set_ylim(cy - h * scale / 2, cy + h * scale / 2)
    ax.set_aspect("equal", adjustable="box")
    ax.set_axis_off()
    return _Frame(ax, cx - w * scale / 2, cy - h * scale / 2, scale)


def _label_size(lines: Sequence[str], scale: float) -> tuple[float, float]:
    """Width and height of a label (8 pt text in a padded box) in data units, measured with
    the font itself."""
    w_pt = max(_text_width_pt(t) for t in lines) + 2 * 0.15 * 8 + 2
    h_pt = len(lines) * 8 * 1.05 * 1.2 + 2 * 0.15 * 8 + 1
    return w_pt / 72 * 2.54 * scale, h_pt / 72 * 2.54 * scale


_WIDTHS: dict[str, float] = {}


def _text_width_pt(text: str) -> float:
    """The width of one line of 8 pt text in points, in the house font."""
    if text not in _WIDTHS:
        from matplotlib.font_manager import FontProperties
        from matplotlib.textpath import TextToPath

        w, _h, _d = TextToPath().get_text_width_height_descent(
            text, FontProperties(family=FONT, size=8), ismath=False
        )
        _WIDTHS[text] = w
    return _WIDTHS[text]


def _box(x: float, y: float, w: float, h: float) -> shapely.Polygon:
    return shapely.box(x - w / 2, y - h / 2, x + w / 2, y + h / 2)


def _label_lines(
    name_zh: str, name_en: str, code: str, values: Mapping[str, float], scope: set[str]
) -> list[str]:
    """A district's label: names, then its value ("无数据 no data" if none); a district outside
    the indicator's scope gets its names only (its grey fill says "not applicable")."""
    if code not in scope:
        return [name_zh, name_en]
    if code not in values:
        return [name_zh, name_en, "无数据 no data"]
    return [name_zh, name_en, short_number(values[code])]


def _text(
    ax: Axes, x: float, y: float, lines: Sequence[str], ha: str = "center", va: str = "center"
) -> None:
    ax.text(
        x,
        y,
        "\n".join(lines),
        ha=ha,
        va=va,
        fontsize=8,
        linespacing=1.05,
        zorder=7,
        color="#1A1A1A",
        clip_on=False,
        bbox={
            "boxstyle": "round,pad=0.15",
            "facecolor": "white",
            "edgecolor": "none",
            "alpha": 0.85,
        },
    )


def _anchor(poly: Any) -> Any:
    try:
        return shapely.maximum_inscribed_circle(poly).centroid
    except Exception:  # noqa: BLE001
        return poly.representative_point()


def _candidates(poly: Any) -> list[Any]:
    pts = []
    minx, miny, maxx, maxy = poly.bounds
    for fy in (0.5, 0.4, 0.6, 0.3, 0.7):
        for fx in (0.5, 0.4, 0.6, 0.3, 0.7):
            q = shapely.Point(minx + fx * (maxx - minx), miny + fy * (maxy - miny))
            if poly.contains(q):
                pts.append(q)
    return pts


# --------------------------------------------------------------------------------------------
# Labels on the city map


@dataclass
class _Room:
    """Where labels may go on the city map: the frame, the city, its centre, the central
    districts (kept clear), and the labels placed so far."""

    frame: _Frame
    city: Any
    cx: float
    cy: float
    central: Any
    placed: list[shapely.Polygon]
    xlim: tuple[float, float]
    ylim: tuple[float, float]

    def clamp(self, x: float, y: float, w: float, h: float) -> tuple[float, float]:
        """The nearest centre that keeps a w x h box inside the frame."""
        (x_lo, x_hi), (y_lo, y_hi) = self.xlim, self.ylim
        return min(max(x, x_lo + w / 2), x_hi - w / 2), min(max(y, y_lo + h / 2), y_hi - h / 2)


def _labels_inplace(
    frame: _Frame,
    labelled: gpd.GeoDataFrame,
    geo: gpd.GeoDataFrame,
    values: Mapping[str, float],
    ind: Indicator,
) -> None:
    """Labels at each district's pole of inaccessibility where the label fits inside it,
    else moved outward from the city's centre until clear of the city, with a leader line;
    kept inside the frame, off the central districts, and nudged apart from each other."""
    ax, scale = frame.ax, frame.scale
    scope = _scope_codes(ind, geo)
    city = shapely.union_all(geo.geometry.values)
    cent = geo[geo["zone"] == "central"]
    central = shapely.union_all(cent.geometry.values) if len(cent) < len(geo) else None
    room = _Room(
        frame, city, city.centroid.x, city.centroid.y, central, [], ax.get_xlim(), ax.get_ylim()
    )
    for _, r in labelled.iterrows():
        lines = _label_lines(r["name_zh"], r["name_en"], r["code"], values, scope)
        w, h = _label_size(lines, scale)
        p = _anchor(r.geometry)
        x, y = _first_place(room, r.geometry, p, w, h)
        b = _clear(room, *room.clamp(x, y, w, h), w, h)
        room.placed.append(b)
        cx_b, cy_b = b.centroid.x, b.centroid.y
        if not r.geometry.intersects(shapely.Point(cx_b, cy_b).buffer(0.05 * scale)):
            ax.plot([p.x, cx_b], [p.y, cy_b], color="#555555", linewidth=0.5, zorder=6)
            ax.plot([p.x], [p.y], marker="o", markersize=1.8, color="#1A1A1A", zorder=6)
        _text(ax, cx_b, cy_b, lines)


def _first_place(room: _Room, poly: Any, p: Any, w: float, h: float) -> tuple[float, float]:
    """Inside the district where the label fits (at ``p``, else at a candidate point), else
    moved from ``p`` away from the city's centre until clear of the city."""
    scale = room.frame.scale
    inside = poly.buffer(0.1 * scale)
    if inside.contains(_box(p.x, p.y, w, h)):
        return p.x, p.y
    for q in _candidates(poly):
        if inside.contains(_box(q.x, q.y, w, h)):
            return q.x, q.y
    x, y = p.x, p.y
    dx, dy = p.x - room.cx, p.y - room.cy
    n = math.hypot(dx, dy) or 1.0
    for _ in range(400):
        x, y = x + dx / n * 0.2 * scale, y + dy / n * 0.2 * scale
        if not room.city.intersects(_box(x, y, w, h)):
            break
    return x, y


def _clear(room: _Room, x: float, y: float, w: float, h: float) -> shapely.Polygon:
    """The label's box near (x, y), nudged off the labels placed and the central districts:
    alternate small moves down/up, growing, then sideways away from the centre."""
    scale = room.frame.scale
    b = _box(x, y, w, h)
    for k in range(1, 80):
        blockers = [o for o in room.placed if o.intersects(b)]
        if room.central is not None and room.central.intersects(b):
            blockers.append(room.central)
        if not blockers:
            break
        dy = (k // 2 + 1) * 0.12 * scale * (1 if k % 2 else -1)
        _x, ny = room.clamp(x, y + dy, w, h)
        b = _box(x, ny, w, h)
        if k > 40:
            x = x + (0.12 * scale if x > room.cx else -0.12 * scale)
            x, _y = room.clamp(x, ny, w, h)
            b = _box(x, ny, w, h)
        y = ny if not any(o.intersects(b) for o in room.placed) else y
    return b


# --------------------------------------------------------------------------------------------
# The central districts, enlarged


def _inset(
    fig: Figure,
    rect: tuple[float, float, float, float],
    central: gpd.GeoDataFrame,
    values: Mapping[str, float],
    ind: Indicator,
    water: gpd.GeoDataFrame | None = None,
) -> None:
    """The central districts enlarged; labels in a row above and a row below the map, in the
    order of the districts from west to east, so that leader lines do not cross."""
    left, bottom, w, h = rect
    row_h = (3 * 8 * 1.05 * 1.2 + 2 * 0.15 * 8 + 1) / 72 * 2.54 + 0.1  # cm
    gap = 0.35
    caption_h = 0.45
    fh = h - 2 * (row_h + gap) - caption_h
    frame = _frame(fig, (left, bottom + row_h + gap, w, fh), central.total_bounds, pad=0.02)
    ax, scale = frame.ax, frame.scale
    _draw(ax, central)
    draw_water(ax, water, shapely.union_all(central.geometry.values), scale)
    scale_bar(ax, central.crs, location="lower left")
    gpd.GeoSeries([shapely.union_all(central.geometry.values)], crs=central.crs).boundary.plot(
        ax=ax, color="#1A1A1A", linewidth=0.9, zorder=5
    )
    scope = _scope_codes(ind, central)
    x_lo, x_hi = ax.get_xlim()
    y_lo, y_hi = ax.get_ylim()
    wet = water_areas(water)
    anchors = {r["code"]: _anchor(on_land(r.geometry, wet)) for _, r in central.iterrows()}
    order = sorted(central.itertuples(), key=lambda r: -anchors[r.code].y)
    n_top = (len(order) + 1) // 2
    rows = {"top": order[:n_top], "bottom": order[n_top:]}
    for side, items in rows.items():
        items = sorted(items, key=lambda r: anchors[r.code].x)
        labels = [_label_lines(r.name_zh, r.name_en, r.code, values, scope) for r in items]
        widths = [_label_size(lab, scale)[0] for lab in labels]
        xs = _spread_x([anchors[r.code].x for r in items], widths, x_lo, x_hi, 0.15 * scale)
        ly = y_hi + (gap + row_h / 2) * scale if side == "top" else y_lo - (gap + row_h / 2) * scale
        edge = ly - row_h / 2 * scale if side == "top" else ly + row_h / 2 * scale
        for r, lab, x in zip(items, labels, xs, strict=True):
            p = anchors[r.code]
            ax.plot([p.x, x], [p.y, edge], color="#555555", linewidth=0.5, zorder=6, clip_on=False)
            ax.plot([p.x], [p.y], marker="o", markersize=1.8, color="#1A1A1A", zorder=6)
            _text(ax, x, ly, lab)
    fig.text(
        (left + w / 2) / WIDTH_CM,
        (bottom + h - caption_h / 2) / (fig.get_size_inches()[1] / CM),
        "中心城区（放大） central districts, enlarged",
        ha="center",
        va="center",
        fontsize=8,
        color="#333333",
    )


def _spread_x(
    wanted: list[float], widths: list[float], lo: float, hi: float, gap: float
) -> list[float]:
    """x positions near ``wanted`` (sorted west to east), boxes of ``widths`` not
    overlapping, inside [lo, hi] if they fit."""
    xs = list(wanted)
    for i in range(len(xs)):
        xs[i] = max(xs[i], lo + widths[i] / 2)
        if i:
            xs[i] = max(xs[i], xs[i - 1] + (widths[i - 1] + widths[i]) / 2 + gap)
    for i in range(len(xs) - 1, -1, -1):
        limit = (
            hi - widths[i] / 2
            if i == len(xs) - 1
            else (xs[i + 1] - (widths[i + 1] + widths[i]) / 2 - gap)
        )
        xs[i] = min(xs[i], limit)
    return xs


# --------------------------------------------------------------------------------------------
# The footer: colour bar, legend, legal note, attribution


def _footer(
    fig: Figure,
    plan: Plan,
    ind: Indicator,
    colours: tuple[Normalize, Colormap],
    target: float | None,
    geo: gpd.GeoDataFrame,
    values: Mapping[str, float],
    scope: set[str],
    when: str,
    water: gpd.GeoDataFrame | None = None,
    goal_label: str | None = None,
) -> None:
    fw, height = WIDTH_CM, HEIGHT_CM
    cb = _colour_bar(fig, colours, ind, when)
    handles: list[Artist] = []
    if target is not None and math.isfinite(target):
        cb.ax.axvline(target, color=COLORS["target"], linewidth=1.6)
        who = goal_label or (
            "分析组阈值 analysts' threshold" if ind.goal_is_analysts else "目标 target"
        )
        handles.append(
            Line2D(
                [],
                [],
                color=COLORS["target"],
                linewidth=1.6,
                label=f"{who}: {short_number(target, 6)}",
            )
        )
    handles += _area_handles(plan, geo, values, scope)
    if water is not None and len(water):
        handles.append(
            Patch(facecolor=WATER, edgecolor=WATER_EDGE, linewidth=0.4, label="水系 water")
        )
    _footer_legend(fig, handles)
    fig.text(
        0.2 / fw, 0.9 / height, map_note(plan), ha="left", va="bottom", fontsize=8, color="#1A1A1A"
    )
    source = source_line(geo, water)
    if source:
        fig.text(
            0.2 / fw,
            0.1 / height,
            _wrap(source, (fw - 0.4) / 2.54 * 72),
            ha="left",
            va="bottom",
            fontsize=8,
            color="#777777",
            linespacing=1.1,
        )


def _colour_bar(fig: Figure, colours: tuple[Normalize, Colormap], ind: Indicator, when: str) -> Any:
    """The colour scale at the bottom left, labelled with the unit and the year(s)."""
    fw, height = WIDTH_CM, HEIGHT_CM
    norm, cmap = colours
    cax = fig.add_axes((0.6 / fw, 2.2 / height, 6.2 / fw, 0.28 / height))
    sm = mpl.cm.ScalarMappable(norm=norm, cmap=cmap)
    cb = fig.colorbar(sm, cax=cax, orientation="horizontal")
    cb.outline.set_linewidth(0.4)
    cb.ax.tick_params(labelsize=8, length=2)
    cb.ax.xaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda v, _p: short_number(v)))
    cb.ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(5))
    unit = unit_label(ind.unit_zh, ind.unit_en)
    what = f"{unit}" + (f"（{when}年 / {when}）" if when else "")
    cb.set_label(what, fontsize=8, labelpad=2)
    return cb


def _area_handles(
    plan: Plan, geo: gpd.GeoDataFrame, values: Mapping[str, float], scope: set[str]
) -> list[Artist]:
    """Legend entries for what the areas show: the central outline, not applicable, no
    data, illustrative."""
    handles: list[Artist] = []
    codes = set(geo["code"])
    if 0 < (geo["zone"] == "central").sum() < len(geo):
        zh, en = dict(getattr(plan, "zones", {}) or {}).get(
            "central", ("中心城区", "central districts")
        )
        handles.append(Line2D([], [], color="#1A1A1A", linewidth=1.0, label=f"{zh} {en}"))
    if codes - scope:
        handles.append(
            Patch(
                facecolor=NOT_APPLICABLE,
                edgecolor="#999999",
                linewidth=0.4,
                label="不适用 not applicable",
            )
        )
    if (scope & codes) - set(values):
        handles.append(
            Patch(facecolor=NO_DATA, edgecolor="#999999", linewidth=0.4, label="无数据 no data")
        )
    if geo["hatched"].any():
        handles.append(
            illustrative_patch(HATCH_EDGE, hatch="///", linewidth=0.4, label=ILLUSTRATIVE_LABEL)
        )
    return handles


def _footer_legend(fig: Figure, handles: list[Artist]) -> None:
    """The legend right of the colour bar: two columns only if the two widest entries fit
    beside each other in 8.4 cm."""
    if not handles:
        return
    widths = sorted((_text_width_pt(str(h.get_label())) for h in handles), reverse=True)
    two = len(handles) > 2 and (sum(widths[:2]) + 2 * 26 + 10) / 72 * 2.54 <= 8.4
    fig.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(7.3 / WIDTH_CM, 1.25 / HEIGHT_CM),
        ncol=2 if two else 1,
        frameon=False,
        fontsize=8,
        handlelength=1.6,
        columnspacing=1.0,
        borderaxespad=0.1,
    )


def _wrap(text: str, width_pt: float, max_lines: int = 2) -> str:
    """Break ``text`` at spaces into lines no wider than ``width_pt`` (8 pt text)."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and _text_width_pt(f"{lines[-1]} {word}") <= width_pt:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
    return "\n".join(lines)
