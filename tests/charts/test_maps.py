"""District maps: labels that never overlap, the schematic note, scope, illustrative values."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

from healthcheck.charts import district_map, map_note, save_svg
from healthcheck.inputs.plan import load_plan

ROOT = Path(__file__).resolve().parents[2]
PLAN = load_plan(ROOT / "data" / "plan")


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


@pytest.mark.parametrize("ind_id", ["S04", "S07", "S08", "P01"])
def test_labels_never_overlap_and_stay_in_the_figure(geo, rows_for, ind_id):
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


def test_schematic_note_unless_an_approval_number(geo, rows_for):
    fig = district_map(PLAN, geo, rows_for("S04"), PLAN.indicator("S04"))
    assert "示意图 / schematic map" in figure_text(fig)
    approved = dataclasses.replace(PLAN, map_approval="GS(2025)1234号")
    assert map_note(approved) == "审图号：GS(2025)1234号"
    fig = district_map(approved, geo, rows_for("S04"), approved.indicator("S04"))
    text = figure_text(fig)
    assert "审图号：GS(2025)1234号" in text and "schematic" not in text


def test_out_of_scope_districts_are_not_applicable(geo, rows_for):
    fig = district_map(PLAN, geo, rows_for("S07"), PLAN.indicator("S07"))
    text = figure_text(fig)
    assert "不适用 not applicable" in text
    assert "分钟 minutes" in text  # the legend carries the unit in both languages
    fig = district_map(PLAN, geo, rows_for("S04", missing=("420113",)), PLAN.indicator("S04"))
    text = figure_text(fig)
    assert "无数据 no data" in text and "not applicable" not in text


def test_illustrative_values_are_hatched_and_said(geo, rows_for, tmp_path):
    rows = rows_for("P01")
    statuses = {code: "illustrative" for code in rows["area"]}
    fig = district_map(PLAN, geo, rows, PLAN.indicator("P01"), statuses=statuses)
    assert "示意数据 illustrative" in figure_text(fig)
    path = save_svg(fig, tmp_path / "m.svg")
    size = path.stat().st_size
    assert 20_000 < size < 260_000
