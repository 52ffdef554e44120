"""The summary's context: the numbers the report needs are in its results, from the engine."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import matplotlib.pyplot as plt
import pytest

from healthcheck.engine import (
    THRESHOLDS_NO_TARGET,
    THRESHOLDS_TARGET,
    ZERO_TARGET_REPLACEMENT,
    final_switch,
    shortfalls,
)
from healthcheck.inputs import status
from healthcheck.layout import BuildLayout
from healthcheck.notebook import SummaryContext, open_summary
from healthcheck.results import FileStore

ROOT = Path(__file__).resolve().parents[2]
PLAN_DIR = ROOT / "data" / "plan"
DATA_DIR = ROOT / "data"


@pytest.fixture(scope="module")
def summary(tmp_path_factory) -> SummaryContext:
    """The summary of the default data, written without any of the display cells."""
    out = tmp_path_factory.mktemp("build")
    ctx = open_summary(year=2025, plan_dir=PLAN_DIR, data_dir=DATA_DIR, out_dir=out)
    ctx.write()
    return ctx


def test_counts_both_systems(summary):
    res = summary.store.read_summary()
    plan = summary.plan
    assert set(res.counts) == {"schedule_verdict", "international_category"}
    sched = res.counts["schedule_verdict"]
    assert set(sched) == {d.id for d in plan.domains} | {"__all__"}
    assert sum(sched["__all__"].values()) == len(plan.indicators)
    for dom in plan.domains:
        assert sum(sched[dom.id].values()) == len(plan.indicators_of(dom.id))
    intl = res.counts["international_category"]
    milestones = sum(1 for i in plan.indicators if i.kind == "milestone")
    assert sum(intl["__all__"].values()) == len(plan.indicators) - milestones


def test_shortfalls_are_the_engines(summary):
    res = summary.store.read_summary()
    assert res.shortfalls == list(shortfalls(summary.assessed)["id"])
    assert res.shortfalls  # the default data has some


def test_changes_method_and_share(summary):
    res = summary.store.read_summary()
    assert res.previous_available is True
    assert res.changes and all(
        c.schedule_from != c.schedule_to or c.category_from != c.category_to for c in res.changes
    )
    assert res.method["thresholds_target"] == list(THRESHOLDS_TARGET)
    assert res.method["thresholds_trend"] == list(THRESHOLDS_NO_TARGET)
    assert res.method["zero_target"] == ZERO_TARGET_REPLACEMENT
    assert res.method["far_short"] == 0.1 and res.method["near_baseline"] == 0.02
    ids = [i.id for i in summary.plan.indicators]
    assert res.illustrative_share == status.illustrative_share(summary.obs, ids, 2025)
    assert res.framework == summary.plan.framework


def test_the_switch_to_final_verdicts_is_not_listed(summary):
    # 2025 is the target year: ahead -> achieved and behind -> not achieved are said once
    res = summary.store.read_summary()
    every = summary.change_table()
    assert len(every) > len(res.changes) > 0
    switched = int(every["final_switch"].sum())
    assert [c.id for c in res.changes] == list(every.loc[~every["final_switch"], "id"])
    for c in res.changes:
        assert not final_switch(c.schedule_from, c.schedule_to, c.category_from, c.category_to)
    summary.changes()
    text = {p.key: p for p in summary.results().text}["changes"]
    assert f"{switched}项指标按上年进度顺延" in text.zh and "不逐一列出" in text.zh
    assert f"{len(res.changes)}项指标的判定发生实质变化" in text.zh


def test_rows_carry_what_the_rules_need(summary):
    res = summary.store.read_summary()
    rows = {r.id: r for r in res.indicators}
    assert rows["M11"].assessment["completion_meaningful"] is False
    assert rows["T10"].assessment["distance"] == 2.0
    assert rows["T10"].assessment["distance_class"] == "far"
    assert rows["E07"].schedule_verdict == "fell_overall"
    # furthest from the target (as a share of it) first; trends and milestones last
    shares = [rows[i].assessment.get("distance_share") for i in res.shortfalls]
    known = [x for x in shares if x is not None]
    assert known == sorted(known, reverse=True) and shares[: len(known)] == known
    assert res.shortfalls[-1] == "E07"
    # S07 moved slightly away (gap -106 pp) but is 1.49 minutes from 10: far, not the worst
    assert rows["S07"].assessment["distance_class"] == "far"
    assert res.shortfalls.index("T02") < res.shortfalls.index("S07")


def test_indicator_rows_and_provenance(summary):
    res = summary.store.read_summary()
    assert [r.id for r in res.indicators] == [i.id for i in summary.plan.indicators]
    for row in res.indicators:
        ind = summary.plan.indicator(row.id)
        points = summary.obs[(summary.obs["indicator"] == row.id) & (summary.obs["area"] == "")]
        expected = status.illustrative_years(ind, points, row.year or 2025)
        assert row.illustrative_years == expected and row.illustrative == bool(expected)


def test_display_cells_record_figures_tables_and_text(summary, tmp_path):
    # the same assessment, recorded afresh into another folder
    ctx = dataclasses.replace(summary, store=FileStore(BuildLayout(tmp_path, 2025)))
    assert not ctx.recorder.text
    ctx.overview()
    view = ctx.shortfalls()  # counts() draws two more charts: the e2e run covers it
    ctx.changes()
    fig, ax = plt.subplots(figsize=(2, 1))
    ctx.add_figure(fig, "note", caption_zh="附图", caption_en="Extra")
    ctx.add_text(key="note", zh="说明。", en="A note.")
    ctx.write()
    res = ctx.store.read_summary()
    assert [p.key for p in res.text] == ["overview", "shortfalls", "changes", "note"]
    assert {f.id for f in res.figures} == {"shortfalls", "note"}
    assert {f.origin for f in res.figures if f.id != "note"} == {"generated"}
    assert next(f for f in res.figures if f.id == "note").origin == "analyst"
    tables = {t.id: t for t in res.tables}
    assert set(tables) == {"shortfalls", "changes"}
    short = tables["shortfalls"]
    rows = ctx.store.table_rows("summary", short)
    assert [r[1] for r in rows[1:]] == res.shortfalls == list(view["id"])
    flags = {r.id: r.illustrative for r in res.indicators}
    assert short.illustrative == [flags[i] for i in res.shortfalls]
    assert len(tables["changes"].illustrative) == len(res.changes)


def test_findings_reach_the_results(summary):
    """The analysts' findings file of the year (data/findings/2025.csv) is read through the
    inputs and written, typed, into the summary's results: one per shortfall at least."""
    res = summary.store.read_summary()
    by_id = {f.indicator: f for f in res.findings}
    assert set(res.shortfalls) <= set(by_id)
    t10 = by_id["T10"]
    assert t10.cause_zh and t10.cause_en and t10.recommendation_zh and t10.unit_en
    assert t10.remedy_class in ("time_bound", "best_effort") and t10.deadline[:4].isdigit()
    assert all(f.illustrative and f.status == "illustrative" for f in res.findings)
    table = summary.findings()
    assert list(table["indicator"])[: len(res.shortfalls)] == res.shortfalls  # list's order


def test_no_findings_file_means_no_findings(tmp_path):
    data = tmp_path / "data"
    (data / "observations").mkdir(parents=True)
    for f in (DATA_DIR / "observations").glob("*.csv"):
        (data / "observations" / f.name).write_bytes(f.read_bytes())
    ctx = open_summary(year=2025, plan_dir=PLAN_DIR, data_dir=data, out_dir=tmp_path / "out")
    ctx.write()
    assert ctx.store.read_summary().findings == []
