"""The districts' geometry: projected, simplified, every district of the plan present; the
map's legal note."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from healthcheck.charts import load_districts, map_note
from healthcheck.charts.geo import attribution
from healthcheck.errors import InputError

DATA = Path(__file__).resolve().parents[2] / "data"


def test_load_districts_projects_and_simplifies(geo, plan):
    assert len(geo) == 13
    assert set(geo["code"]) == {d.code for d in plan.districts}
    assert geo.crs.is_projected
    assert geo.geometry.is_valid.all()
    n = sum(len(g.exterior.coords) for poly in geo.geometry for g in getattr(poly, "geoms", [poly]))
    assert n < 5000
    area_km2 = geo.area.sum() / 1e6
    assert 8000 < area_km2 < 9000


def test_missing_district_in_the_geometry_is_an_input_error(tmp_path, plan):
    src = json.loads((DATA / "geo" / "wuhan-districts.geojson").read_text(encoding="utf-8"))
    src["features"] = src["features"][1:]
    (tmp_path / "geo").mkdir()
    (tmp_path / "geo" / "d.geojson").write_text(json.dumps(src), encoding="utf-8")
    with pytest.raises(InputError, match="no feature for 420102"):
        load_districts(tmp_path, plan)


def test_no_geometry_file_is_an_input_error_naming_the_folder(tmp_path, plan):
    with pytest.raises(InputError, match="no \\*.geojson file") as err:
        load_districts(tmp_path, plan)
    assert str(tmp_path / "geo") in str(err.value)


def test_map_note_is_the_approval_number_if_any(plan):
    assert map_note(plan) == "示意图 / schematic map"
    approved = dataclasses.replace(plan, map_approval="GS(2025)1234号")
    assert map_note(approved) == "审图号：GS(2025)1234号"


def test_attribution_from_the_geojson_else_source_md(tmp_path, geo):
    assert geo.attrs["attribution"]  # the project's boundaries carry one
    path = tmp_path / "d.geojson"
    path.write_text(json.dumps({"attribution": " Map data (c) someone "}), encoding="utf-8")
    assert attribution(path) == "Map data (c) someone"
    path.write_text("{}", encoding="utf-8")
    assert attribution(path) == ""
    (tmp_path / "SOURCE.md").write_text('Attribution: "Boundaries by X"\n', encoding="utf-8")
    assert attribution(path) == "Boundaries by X"
