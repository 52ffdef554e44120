"""Make data/geo/wuhan-water.geojson from GSHHG (run once, by hand; not at build time).

The Yangtze (长江), the Han (汉江) and the large lakes of Wuhan, from GSHHG 2.3.7 (the Global
Self-consistent Hierarchical High-resolution Geography, LGPL-3), read through GMT's ``coast``
and ``select`` modules.  GMT and the full-resolution GSHHG are Debian packages, *not*
dependencies of healthcheck::

    apt-get install -y --no-install-recommends gmt gmt-gshhg-full
    .venv/bin/python scripts/make_water_geometry.py

What it does:

1. dumps, for the extent ``REGION`` (a little more than the city), the level-2 shorelines of
   GSHHG at full resolution (``gmt coast -Df -M -W -A0/2/2+l`` for the lakes, ``+r`` for the
   river-lakes, i.e. the stretches of river wide enough to be drawn as an area) and the
   permanent major rivers of WDBII (``-I1 -I2``) as multisegment text; GMT cuts the shorelines
   at its 1° bins;
2. nodes the pieces together with the extent's frame and builds the faces
   (``shapely.polygonize``); a face is water if GMT says its inner point is (``gmt select
   -Ns/s/k/s/k``: keep points in lakes and ponds);
3. keeps the lakes of at least ``MIN_LAKE_KM2``, the river-lake of the Yangtze, and the river
   lines of levels 1-2 inside the extent, and names them from ``NAMES`` (a point inside or
   near each feature);
4. simplifies in an Albers equal-area projection centred on Wuhan (tolerance ``TOLERANCE_M``,
   topology kept), rounds the WGS84 coordinates to 5 decimals and writes one feature per line
   with the properties ``name_zh``, ``name_en``, ``kind`` (``lake``, ``river`` = an area,
   ``river_line`` = a centreline where GSHHG has no area) and ``area_km2``.

It prints every feature with its area; data/geo/SOURCE.md records them.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import LineString, Point

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "geo" / "wuhan-water.geojson"
REGION = (113.6, 115.2, 29.9, 31.5)  # west, east, south, north: Wuhan is 113.70-115.08 E
AEA = "+proj=aea +lat_1=30 +lat_2=31 +lat_0=30.5 +lon_0=114.4 +datum=WGS84 +units=m +no_defs"
MIN_LAKE_KM2 = 2.0
TOLERANCE_M = 60.0

# (name_zh, name_en, kind, lon, lat): a point on (or within 3 km of) each feature to name.
NAMES = [
    ("长江", "Yangtze", "river", 114.45, 30.68),
    ("长江", "Yangtze", "river_line", 114.15, 30.43),
    ("汉江", "Han", "river_line", 114.10, 30.59),
    ("东湖", "East Lake", "lake", 114.40, 30.56),
    ("汤逊湖", "Tangxun Lake", "lake", 114.36, 30.41),
    ("梁子湖", "Liangzi Lake", "lake", 114.60, 30.22),
    ("斧头湖", "Futou Lake", "lake", 114.22, 29.97),
    ("武湖", "Wu Lake", "lake", 114.48, 30.76),
    ("涨渡湖", "Zhangdu Lake", "lake", 114.67, 30.63),
    ("鲁湖", "Lu Lake", "lake", 114.21, 30.20),
    ("豹澥湖", "Baoxie Lake", "lake", 114.56, 30.42),
    ("沉湖", "Chen Lake", "lake", 113.87, 30.36),
]
# GSHHG has no polygon for 后官湖, 严西湖 or 牛山湖 (the last is part of its 梁子湖); the other
# lakes are left unnamed rather than guessed.


def gmt(*args: str, stdin: str | None = None) -> str:
    r = subprocess.run(["gmt", *args], input=stdin, capture_output=True, text=True, check=True)
    return r.stdout


def region() -> str:
    w, e, s, n = REGION
    return f"-R{w}/{e}/{s}/{n}"


def segments(text: str) -> list[tuple[str, list[tuple[float, float]]]]:
    """GMT multisegment text -> (header, points) per segment."""
    out: list[tuple[str, list[tuple[float, float]]]] = []
    for line in text.splitlines():
        if line.startswith(">"):
            out.append((line[1:].strip(), []))
        elif line.strip() and out:
            x, y = line.split()[:2]
            out[-1][1].append((float(x), float(y)))
    return [(h, pts) for h, pts in out if len(pts) >= 2]


def water_faces(which: str) -> list[shapely.Polygon]:
    """The faces of GSHHG's level-2 shorelines (``which``: ``l`` lakes, ``r`` river-lakes)
    that GMT places in water."""
    lines = [
        LineString(p)
        for _h, p in segments(gmt("coast", region(), "-Df", "-M", "-W", f"-A0/2/2+{which}"))
    ]
    w, e, s, n = REGION
    frame = shapely.box(w, s, e, n)
    noded = shapely.union_all([*lines, frame.boundary])
    faces = list(shapely.get_parts(shapely.polygonize(shapely.get_parts(noded))))
    points = [f.representative_point() for f in faces]
    kept = gmt(
        "select",
        region(),
        "-Df",
        f"-A0/2/2+{which}",
        "-Ns/s/k/s/k",
        stdin="".join(f"{p.x:.9f} {p.y:.9f}\n" for p in points),
    )
    wet = {tuple(round(float(v), 6) for v in ln.split()[:2]) for ln in kept.splitlines() if ln}
    return [f for f, p in zip(faces, points, strict=True) if (round(p.x, 6), round(p.y, 6)) in wet]


def river_lines() -> list[shapely.LineString]:
    """WDBII's permanent major rivers (levels 1-2) inside the extent, merged."""
    w, e, s, n = REGION
    frame = shapely.box(w, s, e, n)
    lines = [LineString(p) for _h, p in segments(gmt("coast", region(), "-Df", "-M", "-I1", "-I2"))]
    merged = shapely.line_merge(shapely.union_all(lines).intersection(frame))
    return [g for g in shapely.get_parts(merged) if g.length > 0.02]


def name_of(geom: shapely.Geometry, kind: str, used: set[int]) -> tuple[str, str]:
    """The name whose point lies on or within about 3 km (0.03°) of ``geom``."""
    for i, (zh, en, k, x, y) in enumerate(NAMES):
        if k == kind and i not in used and geom.distance(Point(x, y)) < 0.03:
            used.add(i)
            return zh, en
    return "", ""


def main() -> None:
    features: list[dict] = []
    used: set[int] = set()
    lakes = gpd.GeoSeries(water_faces("l"), crs=4326).to_crs(AEA)
    rivers = gpd.GeoSeries(water_faces("r"), crs=4326).to_crs(AEA)
    lines = gpd.GeoSeries(river_lines(), crs=4326).to_crs(AEA)
    for kind, series in (("river", rivers), ("lake", lakes), ("river_line", lines)):
        for geom_m in series:
            area = geom_m.area / 1e6
            if kind == "lake" and area < MIN_LAKE_KM2:
                continue
            simple = shapely.simplify(geom_m, TOLERANCE_M, preserve_topology=True)
            geom = gpd.GeoSeries([simple], crs=AEA).to_crs(4326).iloc[0]
            geom = shapely.make_valid(shapely.set_precision(geom, 1e-5))
            zh, en = name_of(geom, kind, used)
            if kind == "river_line" and not zh:
                continue  # only the Yangtze and the Han as lines
            features.append(
                {
                    "type": "Feature",
                    "properties": {
                        "name_zh": zh,
                        "name_en": en,
                        "kind": kind,
                        "area_km2": round(area, 1) if kind != "river_line" else None,
                    },
                    "geometry": shapely.geometry.mapping(geom),
                }
            )
            print(
                f"{kind:<11}{zh or '-':<6}{en or '-':<14}{area:9.1f} km²  "
                f"{shapely.get_num_coordinates(geom):5d} points"
            )
    unused = [NAMES[i][:2] for i in range(len(NAMES)) if i not in used]
    if unused:
        print("names not matched:", unused)
    doc = {
        "type": "FeatureCollection",
        "attribution": "Water: GSHHG 2.3.7 (LGPL-3), Wessel & Smith; simplified",
        "source": {"zh": "GSHHG 2.3.7", "en": "GSHHG 2.3.7"},
        "features": features,
    }
    body = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features)
    head = json.dumps({k: v for k, v in doc.items() if k != "features"}, ensure_ascii=False)
    OUT.write_text(head[:-1] + ',\n"features":[\n' + body + "\n]}\n", encoding="utf-8")
    print(f"{len(features)} features, {OUT.stat().st_size:,} bytes -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
