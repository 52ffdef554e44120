"""District maps: geometry, labels that never overlap, the schematic note, scope, rankings."""

from __future__ import annotations

import dataclasses
import itertools
import json
import random
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

from healthcheck.charts.figures import save_svg
from healthcheck.charts.maps import district_map, district_ranking, load_districts, map_note
from healthcheck.errors import InputError
from healthcheck.inputs.plan import load_plan

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
PLAN = load_plan(DATA / "plan")


@pytest.fixture(scope="module")
def geo():
    return load_districts(DATA, PLAN)


def rows_for(ind_id: str, seed: int = 1, missing: tuple[str, ...] = ()) -> pd.DataFrame:
    """District rows as assess_districts gives them, with made-up values."""
    ind = PLAN.indicator(ind_id)
    rnd = random.Random(seed)
    out = []
    for d in PLAN.districts_of(ind):
        if d.code in missing:
            continue
        v = (ind.goal or 10) * rnd.uniform(0.8, 1.2)
        out.append(
            {
                "id": ind_id,
                "area": d.code,
                "name_zh": d.name_zh,
                "name_en": d.name_en,
                "zone": d.zone,
                "year": 2024,
                "value": v,
                "target": ind.goal,
                "gap": ind.sign * (v - ind.goal),
                "meets": ind.sign * (v - ind.goal) >= 0,
            }
        )
    df = pd.DataFrame(out)
    df["rank"] = (df["value"] * ind.sign).rank(ascending=False, method="min").astype(int)
    return df


def label_boxes(fig):
    """Window extents of the district labels (texts that start with a district's name)."""
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    names = {d.name_zh for d in PLAN.districts}
    boxes = []
    for t in fig.findobj(Text):
        first = t.get_text().split("\n")[0]
        if first in names and t.get_visible():
            patch = t.get_bbox_patch()
            box = patch.get_window_extent(renderer) if patch else t.get_window_extent(renderer)
            boxes.append((first, box))
    return boxes, fig.get_window_extent(renderer)


def test_load_districts_projects_and_simplifies(geo):
    assert len(geo) == 13
    assert set(geo["code"]) == {d.code for d in PLAN.districts}
    assert geo.crs.is_projected
    assert geo.geometry.is_valid.all()
    n = sum(len(g.exterior.coords) for poly in geo.geometry for g in getattr(poly, "geoms", [poly]))
    assert n < 5000
    area_km2 = geo.area.sum() / 1e6
    assert 8000 < area_km2 < 9000


def test_missing_district_in_the_geometry_is_an_input_error(tmp_path):
    src = json.loads((DATA / "geo" / "wuhan-districts.geojson").read_text(encoding="utf-8"))
    src["features"] = src["features"][1:]
    (tmp_path / "geo").mkdir()
    (tmp_path / "geo" / "d.geojson").write_text(json.dumps(src), encoding="utf-8")
    with pytest.raises(InputError, match="no feature for 420102"):
        load_districts(tmp_path, PLAN)


@pytest.mark.parametrize("ind_id", ["S04", "S07", "S08", "P01"])
def test_labels_never_overlap_and_stay_in_the_figure(geo, ind_id):
    fig = district_map(PLAN, geo, rows_for(ind_id), PLAN.indicator(ind_id))
    boxes, frame = label_boxes(fig)
    ind = PLAN.indicator(ind_id)
    in_scope = {d.name_zh for d in PLAN.districts_of(ind)}
    # every district is named, in both languages, at least once
    named = {name for name, _ in boxes}
    if ind.district_scope is None or ind.district_scope == "central":
        assert named == {d.name_zh for d in PLAN.districts}
    else:
        assert in_scope <= named
    for (a, ba), (b, bb) in itertools.combinations(boxes, 2):
        assert not ba.overlaps(bb), f"labels of {a} and {b} overlap"
    for name, box in boxes:
        assert frame.x0 - 1 <= box.x0 and box.x1 <= frame.x1 + 1, f"{name} leaves the figure"
        assert frame.y0 - 1 <= box.y0 and box.y1 <= frame.y1 + 1, f"{name} leaves the figure"


def figure_text(fig) -> str:
    return "\n".join(t.get_text() for t in fig.findobj(Text))


def test_schematic_note_unless_an_approval_number(geo):
    fig = district_map(PLAN, geo, rows_for("S04"), PLAN.indicator("S04"))
    assert "示意图 / schematic map" in figure_text(fig)
    approved = dataclasses.replace(PLAN, map_approval="GS(2025)1234号")
    assert map_note(approved) == "审图号：GS(2025)1234号"
    fig = district_map(approved, geo, rows_for("S04"), approved.indicator("S04"))
    text = figure_text(fig)
    assert "审图号：GS(2025)1234号" in text and "schematic" not in text


def test_out_of_scope_districts_are_not_applicable(geo):
    fig = district_map(PLAN, geo, rows_for("S07"), PLAN.indicator("S07"))
    text = figure_text(fig)
    assert "不适用 not applicable" in text
    assert "分钟 minutes" in text  # the legend carries the unit in both languages
    fig = district_map(PLAN, geo, rows_for("S04", missing=("420113",)), PLAN.indicator("S04"))
    text = figure_text(fig)
    assert "无数据 no data" in text and "not applicable" not in text


def test_illustrative_values_are_hatched_and_said(geo, tmp_path):
    rows = rows_for("P01")
    statuses = {code: "illustrative" for code in rows["area"]}
    fig = district_map(PLAN, geo, rows, PLAN.indicator("P01"), statuses=statuses)
    assert "示意数据 illustrative" in figure_text(fig)
    path = save_svg(fig, tmp_path / "m.svg")
    size = path.stat().st_size
    assert 20_000 < size < 260_000


def test_ranking_orders_best_first_with_the_target(geo, tmp_path):
    ind = PLAN.indicator("S07")  # lower is better
    rows = rows_for("S07")
    fig = district_ranking(PLAN, rows, ind)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    best = rows.sort_values("value").iloc[0]
    assert labels[0].startswith("1. ") and best["name_zh"] in labels[0]
    assert len(labels) == len(rows) == 7
    text = figure_text(fig)
    assert "目标 target: 10" in text and "中心城区 central districts" in text
    assert "lower is better" in text
    save_svg(fig, tmp_path / "r.svg")
