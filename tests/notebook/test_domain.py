"""A domain's context: what it writes is what the report reads, provenance from inputs.status."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from healthcheck.inputs import status
from healthcheck.kinds import KINDS
from healthcheck.notebook import DomainContext, open_domain
from healthcheck.notebook.domain import ASSESSMENT_TABLE_COLUMNS
from healthcheck.notebook.record import columns_of
from tests.conftest import good_rows

ROOT = Path(__file__).resolve().parents[2]
PLAN_DIR = ROOT / "data" / "plan"
DATA_DIR = ROOT / "data"


def small_figure(label: str = "x"):
    fig, ax = plt.subplots(figsize=(2, 1))
    ax.plot([0, 1], [0, 1], label=label)
    ax.set_title(label)
    return fig


@pytest.fixture(scope="module")
def spatial(tmp_path_factory) -> DomainContext:
    """The spatial domain of the default data (it has district values), written once."""
    out = tmp_path_factory.mktemp("build")
    ctx = open_domain("spatial", year=2025, plan_dir=PLAN_DIR, data_dir=DATA_DIR, out_dir=out)
    ctx.overview()
    ctx.table()
    ctx.write()
    return ctx


def test_results_hold_every_indicator_of_the_domain(spatial):
    res = spatial.store.read("spatial")
    plan = spatial.plan
    assert res.framework == plan.framework and res.year == 2025
    assert (res.title_zh, res.title_en) == (spatial.domain.title_zh, spatial.domain.title_en)
    assert [r.id for r in res.indicators] == [i.id for i in plan.indicators_of("spatial")]
    for row in res.indicators:
        ind = plan.indicator(row.id)
        assessed = spatial.row(row.id)
        assert (row.kind, row.direction, row.name_zh, row.unit_en) == (
            ind.kind,
            ind.direction,
            ind.name_zh,
            ind.unit_en,
        )
        assert (row.kind_zh, row.kind_en) == (KINDS[ind.kind].label_zh, KINDS[ind.kind].label_en)
        assert row.value == assessed["value"] and row.year == assessed["year"]
        assert row.schedule_verdict == assessed["schedule_verdict"]
        assert row.value_status == assessed["value_status"]
        # every assessment column, as JSON scalars
        assert set(assessed) <= set(row.assessment)
        assert row.sentence_zh and row.sentence_en
        assert row.figure is None  # no chart drawn in this test


def test_provenance_agrees_with_inputs_status(spatial):
    res = spatial.store.read("spatial")
    for row in res.indicators:
        ind = spatial.plan.indicator(row.id)
        value_year = row.year or 2025
        expected = status.illustrative_years(ind, spatial.points(row.id), value_year)
        assert row.illustrative_years == expected
        assert row.illustrative == bool(expected) == spatial.illustrative(row.id)
    table = next(t for t in res.tables if t.id == "assessment")
    assert table.illustrative == [r.illustrative for r in res.indicators]


def test_district_rows(spatial):
    res = spatial.store.read("spatial")
    frame = spatial.districts
    assert len(res.districts) == len(frame) > 0
    for row in res.districts:
        ind = spatial.plan.indicator(row.id)
        assert row.illustrative == status.district_illustrative(
            ind, spatial.obs, row.area, row.year
        )
        ranked = frame[(frame["id"] == row.id) & frame["rank"].notna()]
        assert row.of == len(ranked)
        assert row.rank is None or 1 <= row.rank <= row.of
    statuses = spatial.district_statuses(res.districts[0].id)
    assert set(statuses.values()) <= {"illustrative", "official"}


def test_kind_words_and_target_values(spatial):
    res = spatial.store.read("spatial")
    for row in res.indicators:
        words = KINDS[row.kind].target_words(row.target_year or 0, "zh")
        if words is not None:
            assert row.target_zh == words
        elif row.target_value is not None:
            assert row.target_zh and row.target_zh != "—"


def test_assessment_table_columns_are_typed(spatial):
    res = spatial.store.read("spatial")
    table = next(t for t in res.tables if t.id == "assessment")
    assert [c.name for c in table.columns] == list(ASSESSMENT_TABLE_COLUMNS)
    types = {c.name: c.type for c in table.columns}
    assert types["completion"] == "fraction" and types["id"] == "text"
    assert types["illustrative"] == "bool"
    rows = spatial.store.table_rows("spatial", table)
    assert rows[0] == list(ASSESSMENT_TABLE_COLUMNS) and len(rows) - 1 == len(res.indicators)


@pytest.fixture
def alpha(small_plan_dir, write_obs, tmp_path) -> DomainContext:
    """The small plan's domain "alpha": A02's 2022 value and A01's values in district 420102
    are illustrative, the rest published."""
    for year in range(2020, 2026):
        rows = good_rows(year)
        if year == 2022:
            rows = [
                r.replace(",reported,", ",illustrative,") if r.startswith("A02,") else r
                for r in rows
            ]
        rows.append(f"A01,{year},420112,{50 + year - 2020},official,bulletin,")
        data = write_obs(year, rows)
    return open_domain(
        "alpha", year=2025, plan_dir=small_plan_dir, data_dir=data, out_dir=tmp_path / "build"
    )


def test_provenance_of_a_small_plan(alpha):
    alpha.table()
    alpha.write()
    res = alpha.store.read("alpha")
    flags = {r.id: (r.illustrative, r.illustrative_years, r.value_status) for r in res.indicators}
    assert flags == {
        "A01": (False, [], "official"),
        "A02": (True, [2022], "reported"),
        "A03": (False, [], "official"),
    }
    assert next(t for t in res.tables if t.id == "assessment").illustrative == [False, True, False]
    districts = {(d.id, d.area): (d.illustrative, d.rank, d.of) for d in res.districts}
    assert districts == {("A01", "420102"): (True, 1, 2), ("A01", "420112"): (False, 2, 2)}
    assert alpha.district_statuses("A01") == {"420102": "illustrative", "420112": "official"}
    milestone = next(r for r in res.indicators if r.id == "A03")
    assert (milestone.target_zh, milestone.target_en) == ("2025年前完成", "done by 2025")
    a01 = next(r for r in res.indicators if r.id == "A01")
    assert (a01.target_zh, a01.target_en) == ("90.0%", "90.0%")  # a percentage: one decimal


def test_analyst_additions_reach_the_results(alpha):
    ctx = alpha
    ctx.overview()
    ctx.add_figure(small_figure(), "extra", caption_zh="附图", caption_en="Extra figure")
    frame = pd.DataFrame({"district": ["江岸区", "江汉区"], "area": [1.5, 2.0]})
    ctx.add_table(
        frame, "extra", caption_zh="附表", caption_en="Extra table", illustrative=[True, False]
    )
    ctx.add_text(key="note", zh="分析组的说明。", en="The analysts' note.")
    ctx.write()
    res = ctx.store.read("alpha")
    fig = next(f for f in res.figures if f.id == "extra")
    assert (fig.origin, fig.kind, fig.caption_en) == ("analyst", "analyst", "Extra figure")
    assert ctx.store.file("alpha", fig.path).read_bytes().startswith(b"<?xml")
    table = next(t for t in res.tables if t.id == "extra")
    assert table.origin == "analyst" and table.illustrative == [True, False]
    assert [(c.name, c.type) for c in table.columns] == [("district", "text"), ("area", "number")]
    text = {p.key: p for p in res.text}
    assert text["note"].origin == "analyst" and text["note"].en == "The analysts' note."
    assert text["overview"].origin == "generated"


def test_a_cell_run_twice_replaces_what_it_recorded(alpha):
    ctx = alpha
    ctx.overview()
    ctx.add_text(key="note", zh="初稿。", en="Draft.")
    ctx.add_figure(small_figure("first"), "extra", caption_zh="一", caption_en="first")
    first = (ctx.folder / "figures" / "extra.svg").read_bytes()
    ctx.overview()
    ctx.add_text(key="note", zh="定稿。", en="Final.")
    ctx.add_figure(small_figure("second"), "extra", caption_zh="二", caption_en="second")
    ctx.write()
    res = ctx.store.read("alpha")
    assert [p.key for p in res.text] == ["overview", "note"]
    assert res.text[1].en == "Final."
    assert [f.id for f in res.figures] == ["extra"] and res.figures[0].caption_en == "second"
    assert (ctx.folder / "figures" / "extra.svg").read_bytes() != first


def test_table_flags_must_match_the_rows(alpha):
    with pytest.raises(ValueError, match="'t': 1 illustrative flags for 2 rows"):
        alpha.add_table(
            pd.DataFrame({"a": [1, 2]}), "t", caption_zh="表", caption_en="T", illustrative=[True]
        )
    # without flags: the frame's own illustrative column
    alpha.add_table(
        pd.DataFrame({"a": [1, 2], "illustrative": [False, True]}),
        "t",
        caption_zh="表",
        caption_en="T",
    )
    assert alpha.recorder.tables["t"].illustrative == [False, True]


def test_opening_a_domain_empties_its_folder(alpha):
    alpha.add_figure(small_figure(), "stale", caption_zh="旧", caption_en="old")
    assert (alpha.folder / "figures" / "stale.svg").is_file()
    layout = alpha.store.layout
    again = open_domain(
        "alpha",
        year=2025,
        plan_dir=alpha.plan.path or "",
        data_dir=alpha.data_dir,
        out_dir=layout.out_dir,
    )
    assert not (again.folder / "figures" / "stale.svg").exists()


def test_column_types():
    frame = pd.DataFrame(
        {
            "id": ["A", "B"],
            "year": pd.array([2020, None], dtype="Int64"),
            "value": [1.5, None],
            "completion": [0.5, 0.7],
            "meets": pd.array([True, None], dtype="boolean"),
            "flag": [True, False],
            "mixed": [1, None],
            "objects": pd.Series([3, 4], dtype=object),
        }
    )
    assert {c.name: c.type for c in columns_of(frame)} == {
        "id": "text",
        "year": "integer",
        "value": "number",
        "completion": "fraction",
        "meets": "bool",
        "flag": "bool",
        "mixed": "number",
        "objects": "integer",
    }
