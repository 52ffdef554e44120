"""The shipped example, as CI runs it: ``healthcheck batch examples/batch.toml --workers 2``
(three years of the default plan and the national demonstration, built for real), run once
per test session by the ``example_batch`` fixture, whose reports the report tests read too."""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

import pandas as pd
import pytest

from healthcheck.batch.compare import load_report
from healthcheck.batch.refs import ReportRef
from tests.conftest import ROOT, ExampleBatch

BIN = Path(sys.executable).parent


@pytest.mark.e2e
def test_the_example_batch_builds_every_report_and_compares(example_batch: ExampleBatch) -> None:
    out = example_batch.out
    assert example_batch.returncode == 0, example_batch.stderr[-3000:]
    assert "6 built, 0 failed" in example_batch.stdout
    assert "dashboard http://" in example_batch.stderr  # the local cluster's dashboard
    with (out / "batch-summary.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [(r["label"], r["framework"], r["status"]) for r in rows] == [
        ("武汉 2023", "plan_targets", "ok"),
        ("武汉 2024", "plan_targets", "ok"),
        ("武汉 2025", "plan_targets", "ok"),
        ("武汉 国家体检 2025", "mohurd_2025", "ok"),
        ("江岸区 2025", "plan_targets", "ok"),
        ("东西湖区 2025", "plan_targets", "ok"),
    ]
    for row in rows:
        assert Path(row["pdf"]).read_bytes()[:5] == b"%PDF-" and Path(row["xlsx"]).is_file()
        assert row["counts"], row  # verdict counts (plan) or grade counts (national)
    body = json.loads((out / "batch-summary.json").read_text(encoding="utf-8"))
    grades = body["reports"][3]["grades"]
    assert sum(grades.values()) > 0
    # the three years of the plan's targets are compared, and the two districts apart (a city
    # is not ranked among its districts); the national report alone is not
    names = sorted(Path(p).name for p in body["comparison"])
    assert names == sorted(
        f"comparison-plan_targets{group}.{ext}"
        for group in ("", "-districts")
        for ext in ("csv", "html", "xlsx")
    )
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="comparison/comparison-plan_targets.html"' in index
    assert 'href="wuhan-2024/2024/report.pdf"' in index
    _check_comparison(out)
    _check_district_comparison(out)


def _check_comparison(out: Path) -> None:
    """The comparison of the plan's three years: the values of each report's own results, the
    better year ranked first by the indicator's direction, one chart per ranked indicator."""
    frame = pd.read_csv(out / "comparison" / "comparison-plan_targets.csv",
                        encoding="utf-8-sig", dtype={"rank": "Int64"})  # fmt: skip
    assert set(frame["ranked_among"]) == {"all years"}  # one project's years: a time series
    years = (2023, 2024, 2025)
    results = {
        y: load_report(ReportRef(str(y), "plan_targets", y, out / f"wuhan-{y}" / str(y),
                                 ROOT / "data" / "plan", ROOT / "data")).rows
        for y in years
    }  # fmt: skip
    assert len(frame) == 3 * len(results[2025])
    for ident, g in frame.groupby("indicator"):
        values = {int(r.year): r.value for r in g.itertuples()}
        assert values == pytest.approx({y: results[y][ident].value for y in years}, nan_ok=True)
        ranked = g.dropna(subset=["rank"]).set_index("year")["rank"]
        known = {y: v for y, v in values.items() if v == v}
        if len(ranked) == 3 and len(set(known.values())) == 3:
            best = (max if g["direction"].iloc[0] == "up" else min)(known, key=known.__getitem__)
            assert ranked[best] == 1, ident
    html = (out / "comparison" / "comparison-plan_targets.html").read_text("utf-8")
    ranked_ids = set(frame.dropna(subset=["rank"])["indicator"])
    sections = dict(re.findall(r'<section id="(\w+)">(.*?)</section>', html, re.S))
    assert ranked_ids and {i for i, b in sections.items() if "<svg" in b} == ranked_ids
    assert all(sections[i].count("<svg") == 1 for i in ranked_ids)


def _check_district_comparison(out: Path) -> None:
    """The two districts ranked on each indicator both assess, with their own values; an
    indicator of one zone's districts (S07 central, S08 new) is in one report only, unranked."""
    frame = pd.read_csv(out / "comparison" / "comparison-plan_targets-districts.csv",
                        encoding="utf-8-sig", dtype={"rank": "Int64"})  # fmt: skip
    assert set(frame["ranked_among"].dropna().astype(str)) == {"2025"}  # a year, not a series
    codes = {"江岸区 2025": "420102", "东西湖区 2025": "420112"}
    rows = {
        label: load_report(ReportRef(label, "plan_targets", 2025,
                                     out / f"district-{code}-2025" / "2025",
                                     ROOT / "data" / "plan", ROOT / "data", code)).rows
        for label, code in codes.items()
    }  # fmt: skip
    assert "S07" in rows["江岸区 2025"] and "S07" not in rows["东西湖区 2025"]
    assert "S08" in rows["东西湖区 2025"] and "S08" not in rows["江岸区 2025"]
    m11 = frame[frame["indicator"] == "M11"].set_index("report")
    assert {r: m11.loc[r, "value"] for r in codes} == pytest.approx(
        {r: rows[r]["M11"].value for r in codes}
    )
    best = max(codes, key=lambda r: rows[r]["M11"].value)  # up: the higher value first
    assert m11.loc[best, "rank"] == 1
    s07 = frame[frame["indicator"] == "S07"]
    assert s07["rank"].isna().all()  # one district has it: nothing to rank it against
