"""The districts' geometry for the maps, the map's legal note and the boundaries' attribution.

Geometry: ``<data>/geo/*.geojson`` (WGS84, property ``code`` = the district's administrative
code), projected to CGCS2000 / 3-degree Gauss-Kruger CM 114E (EPSG:4547, right for Wuhan;
another city may pass ``crs``) and simplified together as a coverage (no gaps, no overlaps),
which keeps each map's SVG small.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import shapely

from healthcheck.errors import InputError, Problem

if TYPE_CHECKING:
    from healthcheck.inputs.plan import Plan

__all__ = ["DEFAULT_CRS", "load_districts", "map_note"]

DEFAULT_CRS = "EPSG:4547"


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
    ``attrs["attribution"]``: the boundaries' attribution.
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
    return geo


def _geojson(folder: Path) -> Path:
    """The first ``*.geojson`` of ``folder``; an input error if there is none."""
    files = sorted(folder.glob("*.geojson")) if folder.is_dir() else []
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
    approval = getattr(plan, "map_approval", None)
    if approval:
        return f"审图号：{approval}"
    return "示意图 / schematic map"


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
