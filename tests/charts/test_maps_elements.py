"""District maps: the water layer, the scale bars, the north arrow, the source line and the
schematic note on every map."""

from __future__ import annotations

import json
import math

import geopandas as gpd
import pytest
from matplotlib.colors import to_rgba
from matplotlib.text import Text
from matplotlib_scalebar.scalebar import ScaleBar
from shapely.geometry import Point

from healthcheck.charts import district_map
from healthcheck.charts.geo import load_water, metres_per_unit, source_line
from healthcheck.charts.map_elements import WATER, water_areas
from healthcheck.errors import InputError

INDICATORS = ["S04", "S07", "S08", "P01"]


def figure_text(fig) -> str:
    return "\n".join(t.get_text() for t in fig.findobj(Text))


def water_collections(fig):
    """(axes, collection) for every filled collection in the water colour."""
    out = []
    for ax in fig.axes:
        for c in ax.collections:
            faces = c.get_facecolor()
            if len(faces) and all(tuple(f) == to_rgba(WATER) for f in faces):
                out.append((ax, c))
    return out


def test_the_water_layer_has_the_yangtze_the_han_and_the_large_lakes(geo):
    assert geo.attrs["water"].endswith("wuhan-water.geojson")
    water = load_water(geo.attrs["water"], geo.crs)
    assert water.crs == geo.crs
    names = set(water["name_zh"])
    assert {"长江", "汉江", "东湖", "汤逊湖", "梁子湖", "斧头湖"} <= names
    assert set(water.loc[water["name_zh"] == "长江", "kind"]) == {"river", "river_line"}
    lakes = water[water["kind"] == "lake"]
    assert len(lakes) >= 8 and (lakes.area > 2e6).all()
    # the water lies over the city: the lakes of Wuhan are inside its outline
    city = geo.union_all()
    east_lake = water.loc[water["name_zh"] == "东湖", "geometry"].iloc[0]
    assert city.intersection(east_lake).area > 0.9 * east_lake.area


@pytest.mark.parametrize("ind_id", INDICATORS)
def test_water_is_drawn_within_the_map(geo, plan, rows_for, ind_id):
    fig = district_map(plan, geo, rows_for(ind_id), plan.indicator(ind_id))
    drawn = water_collections(fig)
    maps = [ax for ax in fig.axes if any(isinstance(a, ScaleBar) for a in ax.artists)]
    assert {id(ax) for ax, _ in drawn} == {id(ax) for ax in maps}  # the city (and the inset)
    city = geo.union_all().buffer(1.0)
    for ax, coll in drawn:
        (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
        for path in coll.get_paths():
            ext = path.get_extents()
            assert x0 <= ext.x0 and ext.x1 <= x1 and y0 <= ext.y0 and ext.y1 <= y1
            assert city.contains(Point(*path.vertices.mean(axis=0))) or len(path.vertices) < 4
    assert "水系 water" in figure_text(fig)


def test_no_water_file_no_water(geo, plan, rows_for):
    dry = geo.copy()
    dry.attrs["water"] = ""
    fig = district_map(plan, dry, rows_for("S04"), plan.indicator("S04"))
    assert not water_collections(fig)
    text = figure_text(fig)
    assert "水系" not in text and "底图：cnmaps（高德地图）" in text


def test_scale_bars_are_true_to_a_geodesic_distance(geo, plan, rows_for):
    """The metres per unit of each scale bar equal, within 1 %, the distance between two
    points 10 km apart on the map measured independently (geopandas, in UTM zone 50N)."""
    fig = district_map(plan, geo, rows_for("S04"), plan.indicator("S04"))
    bars = [(ax, a) for ax in fig.axes for a in ax.artists if isinstance(a, ScaleBar)]
    assert len(bars) == 2  # the city, and the central districts enlarged
    for ax, bar in bars:
        assert bar.units == "m"
        (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        pts = gpd.GeoSeries([Point(cx - 5000, cy), Point(cx + 5000, cy)], crs=geo.crs)
        utm = pts.to_crs("EPSG:32650")
        ground = utm.iloc[0].distance(utm.iloc[1])
        assert bar.dx == pytest.approx(ground / 10_000, rel=0.01)


def test_metres_per_degree_of_longitude_at_wuhan():
    # one degree of longitude at 30.5 N on the WGS84 ellipsoid is about 96.0 km
    expected = (
        math.pi
        / 180
        * 6378137
        * math.cos(math.radians(30.5))
        / math.sqrt(1 - 0.00669438 * math.sin(math.radians(30.5)) ** 2)
    )
    assert metres_per_unit("EPSG:4326", 114.3, 30.5) == pytest.approx(expected, rel=1e-3)


@pytest.mark.parametrize("ind_id", INDICATORS)
def test_every_map_has_its_source_line_north_arrow_and_schematic_note(geo, plan, rows_for, ind_id):
    fig = district_map(plan, geo, rows_for(ind_id), plan.indicator(ind_id))
    text = figure_text(fig)
    assert "底图：cnmaps（高德地图）；水系：GSHHG 2.3.7" in text
    assert "Boundaries: cnmaps (Amap); water: GSHHG 2.3.7" in text
    assert "GCJ" not in text  # the conversion is told in SOURCE.md and the methodology
    assert "示意图 / schematic map" in text  # plan.yaml gives no 审图号
    assert "北 N" in text


def test_source_line_falls_back_to_the_attribution(geo):
    bare = geo.copy()
    bare.attrs["source"] = None
    assert source_line(bare) == geo.attrs["attribution"]
    assert source_line(geo) == "底图：cnmaps（高德地图） / Boundaries: cnmaps (Amap)"


def test_unknown_water_kind_is_an_input_error_naming_the_file(tmp_path, geo):
    path = tmp_path / "x-water.geojson"
    feature = {
        "type": "Feature",
        "properties": {"name_zh": "某湖", "name_en": "A lake", "kind": "pond"},
        "geometry": {"type": "Point", "coordinates": [114.3, 30.5]},
    }
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    with pytest.raises(InputError, match="unknown kind") as err:
        load_water(path, geo.crs)
    assert str(path) in str(err.value)


def test_leader_lines_of_the_enlarged_districts_end_on_land(geo, plan, rows_for):
    """The Yangtze's area overlaps 江岸区 and 青山区 (their boundaries run mid-river): their
    labels' leader lines still end on land, at least 1 mm from the water as printed."""
    water = load_water(geo.attrs["water"], geo.crs)
    wet = water_areas(water)
    fig = district_map(plan, geo, rows_for("S04"), plan.indicator("S04"), water=water)
    inset = fig.axes[1]
    width_cm = inset.get_position().width * fig.get_figwidth() * 2.54
    units_per_cm = (inset.get_xlim()[1] - inset.get_xlim()[0]) / width_cm
    dots = [ln for ln in inset.get_lines() if ln.get_marker() == "o"]
    assert len(dots) == 7  # the central districts
    for dot in dots:
        x, y = dot.get_xdata()[0], dot.get_ydata()[0]
        gap_mm = wet.distance(Point(x, y)) / units_per_cm * 10
        assert gap_mm >= 1.0, f"a leader line ends {gap_mm:.1f} mm from the water"
