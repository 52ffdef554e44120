"""The districts' geometry for the maps, the map's legal note and the boundaries' attribution.

Geometry: ``<data>/geo/*.geojson`` (WGS84, property ``code`` = the district's administrative
code), projected to CGCS2000 / 3-degree Gauss-Kruger CM 114E (EPSG:4547, right for Wuhan;
another city may pass ``crs``) and simplified together as a coverage (no gaps, no overlaps),
which keeps each map's SVG small.

Water (optional): ``<data>/geo/*water*.geojson`` (WGS84, properties ``name_zh``, ``name_en``,
``kind`` = ``lake`` | ``river`` (areas) | ``river_line`` (centrelines)), projected the same way
and clipped to the city by the map.  Each file may carry a top-level ``source`` member
``{"zh": …, "en": …}``, the short name of its source for the map's source line
(:func:`source_line`); the full provenance is in ``SOURCE.md`` beside it.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import shapely
from pyproj import CRS, Geod, Transformer

from healthcheck.errors import InputError, Problem
from healthcheck.files import input_file_problem

if TYPE_CHECKING:
    from healthcheck.inputs.plan import Plan

__all__ = [
    "DEFAULT_CRS",
    "approval_note",
    "load_districts",
    "load_water",
    "map_note",
    "metres_per_unit",
    "source_line",
]

DEFAULT_CRS = "EPSG:4547"
WATER_GLOB = "*water*.geojson"
WATER_KINDS = ("lake", "river", "river_line")


def load_districts(
    data_dir: str | Path,
    plan: Plan,
    *,
    crs: str = DEFAULT_CRS,
    tolerance: float = 150.0,
) -> gpd.GeoDataFrame:
    """The plan's districts with their geometry, projected and simplified (``tolerance`` m).

    Reads the one ``*.geojson`` of ``<data_dir>/geo/``; every district of the plan must be in
    it (matched on the ``code`` property).  Columns: code, name_zh, name_en, zone, geometry;
    ``attrs``: ``attribution`` (the boundaries' attribution), ``source`` (their short source,
    zh and en, or None) and ``water`` (the path of the water layer, "" if none).
    """
    path = _geojson(Path(data_dir) / "geo")
    raw = gpd.read_file(path)
    if "code" not in raw.columns:
        raise InputError(
            [
                Problem(
                    str(path),
                    None,
                    "code",
                    "no such property",
                    "the district's administrative code in 'code'",
                )
            ]
        )
    raw["code"] = raw["code"].astype(str).str.strip()
    wanted = [d.code for d in plan.districts]
    missing = [c for c in wanted if c not in set(raw["code"])]
    if missing:
        raise InputError(
            [
                Problem(
                    str(path),
                    None,
                    "code",
                    f"no feature for {c}",
                    "one feature per district of plan.yaml",
                )
                for c in missing
            ]
        )
    geo = raw[raw["code"].isin(wanted)].dissolve(by="code", as_index=False)
    geo = geo.to_crs(crs)
    simplified = shapely.coverage_simplify(geo.geometry.values, tolerance)
    geo = gpd.GeoDataFrame(
        {
            "code": geo["code"].values,
            "name_zh": [plan.district(c).name_zh for c in geo["code"]],
            "name_en": [plan.district(c).name_en for c in geo["code"]],
            "zone": [plan.district(c).zone for c in geo["code"]],
        },
        geometry=shapely.make_valid(simplified),
        crs=geo.crs,
    )
    order = {c: i for i, c in enumerate(wanted)}
    geo = geo.sort_values("code", key=lambda s: s.map(order)).reset_index(drop=True)
    geo.attrs["attribution"] = attribution(path)
    geo.attrs["source"] = _source(path)
    water = sorted(path.parent.glob(WATER_GLOB))
    geo.attrs["water"] = str(water[0]) if water else ""
    return geo


def load_water(path: str | Path, crs: str = DEFAULT_CRS) -> gpd.GeoDataFrame:
    """The water layer at ``path`` projected to ``crs``: columns name_zh, name_en, kind,
    geometry; ``attrs["source"]`` as for the districts.  Cached (the file is read once per
    process); an input error names the file if ``kind`` is missing or unknown."""
    return _load_water(str(path), str(crs)).copy()


@lru_cache(maxsize=4)
def _load_water(path: str, crs: str) -> gpd.GeoDataFrame:
    raw = gpd.read_file(path)
    kinds = set(raw["kind"]) if "kind" in raw.columns else {None}
    if not kinds <= set(WATER_KINDS):
        raise InputError(
            [
                Problem(
                    path,
                    None,
                    "kind",
                    f"unknown kind {sorted(map(str, kinds - set(WATER_KINDS)))}",
                    " | ".join(WATER_KINDS),
                )
            ]
        )
    for col in ("name_zh", "name_en"):
        if col not in raw.columns:
            raw[col] = ""
    water = raw[["name_zh", "name_en", "kind", "geometry"]].to_crs(crs)
    water = water[~water.geometry.is_empty].reset_index(drop=True)
    water.attrs["source"] = _source(Path(path))
    return water


def metres_per_unit(crs: Any, x: float, y: float) -> float:
    """Metres on the ground per unit of ``crs`` along x at (x, y): the geodesic length of a
    short east-west step there, divided by the step (for a scale bar that is right for any
    projection, or for longitude in degrees)."""
    crs = CRS.from_user_input(crs)
    to_lonlat = Transformer.from_crs(crs, crs.geodetic_crs, always_xy=True)
    step = 1e-3 if crs.is_geographic else 1000.0
    lon0, lat0 = to_lonlat.transform(x - step / 2, y)
    lon1, lat1 = to_lonlat.transform(x + step / 2, y)
    _az, _back, dist = Geod(ellps="WGS84").inv(lon0, lat0, lon1, lat1)
    if not math.isfinite(dist) or dist <= 0:
        raise ValueError(f"no scale at ({x}, {y}) in {crs.name}")
    return float(dist / step)


def _geojson(folder: Path) -> Path:
    """The first ``*.geojson`` of ``folder``; an input error if there is none."""
    files = (
        sorted(f for f in folder.glob("*.geojson") if not f.match(WATER_GLOB))
        if folder.is_dir()
        else []
    )
    every = sorted(folder.glob("*.geojson")) if folder.is_dir() else []
    refused = [p for p in map(input_file_problem, every) if p is not None]
    if refused:  # a FIFO, a folder, a link out of geo/ (the boundaries or the water): never read
        raise InputError(refused)
    if not files:
        raise InputError(
            [
                Problem(
                    str(folder),
                    None,
                    None,
                    "no *.geojson file",
                    "the district boundaries, e.g. geo/wuhan-districts.geojson",
                )
            ]
        )
    return files[0]


def map_note(plan: Plan) -> str:
    """The map's legal note: the approval number if the plan gives one, else "schematic"."""
    return approval_note(getattr(plan, "map_approval", None))


def approval_note(approval: str | None) -> str:
    """The legal note of a map with the approval number ``approval`` (审图号; may be None)."""
    if approval:
        return f"审图号：{approval}"
    return "示意图 / schematic map"


def source_line(districts: gpd.GeoDataFrame, water: gpd.GeoDataFrame | None = None) -> str:
    """The map's short bilingual source line: "底图：…；水系：… / Boundaries: …; water: …"
    from the files' ``source`` members; the boundaries' attribution if they have none."""
    base = districts.attrs.get("source")
    if not base:
        return str(districts.attrs.get("attribution", ""))
    zh, en = f"底图：{base['zh']}", f"Boundaries: {base['en']}"
    wet = water.attrs.get("source") if water is not None and len(water) else None
    if wet:
        zh, en = f"{zh}；水系：{wet['zh']}", f"{en}; water: {wet['en']}"
    return f"{zh} / {en}"


def _source(path: Path) -> dict[str, str] | None:
    """The file's top-level ``source`` member ({"zh": …, "en": …}), else None."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    src = doc.get("source") if isinstance(doc, dict) else None
    if isinstance(src, dict) and src.get("zh") and src.get("en"):
        return {"zh": str(src["zh"]).strip(), "en": str(src["en"]).strip()}
    return None


def attribution(path: Path) -> str:
    """The boundaries' attribution: the GeoJSON's top-level ``attribution`` member, else the
    quoted sentence after "Attribution" in ``SOURCE.md`` beside it; "" if neither."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(doc.get("attribution"), str):
            return doc["attribution"].strip()
    except (OSError, ValueError):
        pass
    source = path.with_name("SOURCE.md")
    if source.is_file():
        text = " ".join(source.read_text(encoding="utf-8").split())
        m = re.search(r'Attribution[^"]*"([^"]+)"', text)
        if m:
            return m.group(1).strip()
    return ""
