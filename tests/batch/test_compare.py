"""The comparison across the reports of a batch (healthcheck.batch.compare): ranks with
directions, ties, missing values, illustrative flags, comparability, cohorts; the CSV, the
workbook and the page written from results on disk; and (e2e) real builds of the default plan
for two years."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl import load_workbook

from healthcheck.batch.compare import (
    COLUMNS,
    Loaded,
    comparison_frame,
    group_by_framework,
    load_report,
    write_comparison,
)
from healthcheck.batch.compare_page import prefix_ids
from healthcheck.batch.refs import ReportRef
from healthcheck.errors import BuildError
from healthcheck.layout import BuildLayout
from healthcheck.results.model import DomainResults, IndicatorRow
from healthcheck.results.store import FileStore
from tests.conftest import ExampleBatch

ROOT = Path(__file__).resolve().parents[2]


def row(ident: str, value: float | None, **kw: Any) -> IndicatorRow:
    base: dict[str, Any] = {
        "id": ident, "domain": "alpha", "kind": "level", "direction": "up",
        "name_zh": f"指标{ident}", "name_en": f"Indicator {ident}", "unit_zh": "%",
        "unit_en": "%", "report_year": 2025, "year": 2025 if value is not None else None,
        "value": value, "value_status": "official" if value is not None else None,
        "schedule_verdict": "achieved",
    }  # fmt: skip
    return IndicatorRow(**{**base, **kw})


def loaded(label: str, rows: list[IndicatorRow], *, year: int = 2025, plan: str = "",
           framework: str = "plan_targets", **kw: Any) -> Loaded:  # fmt: skip
    ref = ReportRef(label, framework, year, Path(f"/b/{label}/{year}"),
                    Path(plan or f"/p/{label}"), Path(f"/d/{plan or label}"))  # fmt: skip
    return Loaded(ref=ref, rows={r.id: r for r in rows}, **kw)


def of(frame: pd.DataFrame, ident: str) -> dict[str, dict[str, Any]]:
    """The rows of one indicator, by report label."""
    return {r["report"]: r for r in frame[frame["indicator"] == ident].to_dict("records")}


# --------------------------------------------------------------------------------------------
# The ranking


def test_ranks_follow_the_direction() -> None:
    frame = comparison_frame([
        loaded("甲", [row("U", 10.0), row("D", 10.0, direction="down")]),
        loaded("乙", [row("U", 30.0), row("D", 30.0, direction="down")]),
        loaded("丙", [row("U", 20.0), row("D", 20.0, direction="down")]),
    ])  # fmt: skip
    assert list(frame.columns) == list(COLUMNS)
    up, down = of(frame, "U"), of(frame, "D")
    assert {k: v["rank"] for k, v in up.items()} == {"乙": 1, "丙": 2, "甲": 3}
    assert {k: v["rank"] for k, v in down.items()} == {"甲": 1, "丙": 2, "乙": 3}
    assert all(v["ranked_of"] == 3 and not v["tied"] for v in up.values())
    # best first within the indicator
    assert list(frame[frame["indicator"] == "U"]["report"]) == ["乙", "丙", "甲"]


def test_ties_share_the_best_rank_and_skip_the_next() -> None:
    frame = comparison_frame([
        loaded("a", [row("U", 5.0)]), loaded("b", [row("U", 5.0)]),
        loaded("c", [row("U", 1.0)]), loaded("d", [row("U", 9.0)]),
    ])  # fmt: skip
    u = of(frame, "U")
    assert {k: v["rank"] for k, v in u.items()} == {"d": 1, "a": 2, "b": 2, "c": 4}
    assert u["a"]["tied"] and u["b"]["tied"] and not u["c"]["tied"]
    assert "tied" in u["a"]["note"] and "tied" not in u["d"]["note"]


def test_missing_values_are_listed_unranked_and_said() -> None:
    frame = comparison_frame([
        loaded("a", [row("U", 5.0), row("V", 1.0)]),
        loaded("b", [row("U", None)]),   # the value missing
        loaded("c", [row("U", 7.0), row("V", 2.0)]),
        loaded("d", [row("V", 3.0)]),    # the indicator missing
    ])  # fmt: skip
    u = of(frame, "U")
    assert pd.isna(u["b"]["rank"]) and "no value" in u["b"]["note"]
    assert pd.isna(u["d"]["rank"]) and "not in this report" in u["d"]["note"]
    assert (u["c"]["rank"], u["a"]["rank"], u["a"]["ranked_of"]) == (1, 2, 2)
    assert list(frame[frame["indicator"] == "U"]["report"])[-2:] == ["b", "d"]  # last
    assert of(frame, "V")["b"]["note"].endswith("not in this report")


def test_illustrative_values_are_ranked_and_flagged() -> None:
    frame = comparison_frame([
        loaded("a", [row("U", 5.0, value_status="illustrative")]),
        loaded("b", [row("U", 6.0, illustrative=True)]),  # the verdict rests on one
        loaded("c", [row("U", 7.0)]),
    ])  # fmt: skip
    u = of(frame, "U")
    assert u["a"]["illustrative"] and u["b"]["illustrative"] and not u["c"]["illustrative"]
    assert u["a"]["rank"] == 3 and "illustrative" in u["a"]["note"]
    assert "illustrative" not in u["c"]["note"]


def test_different_units_or_names_are_not_ranked() -> None:
    frame = comparison_frame([
        loaded("a", [row("U", 5.0), row("N", 1.0)]),
        loaded("b", [row("U", 6.0, unit_zh="万人", unit_en="10k"),
                     row("N", 2.0, name_en="Another thing")]),
    ])  # fmt: skip
    for ident in ("U", "N"):
        rows = of(frame, ident)
        assert all(pd.isna(r["rank"]) for r in rows.values())
        assert all("differ" in r["note"] for r in rows.values())


def test_a_city_added_indicator_is_ranked_only_within_one_project() -> None:
    cities = comparison_frame([
        loaded("a", [row("X01", 5.0)], framework="mohurd_2025", added=frozenset({"X01"})),
        loaded("b", [row("X01", 6.0)], framework="mohurd_2025"),
    ])  # fmt: skip
    assert all("city added" in r["note"] and pd.isna(r["rank"])
               for r in of(cities, "X01").values())  # fmt: skip
    years = comparison_frame([
        loaded("a", [row("X01", 5.0)], year=2024, plan="/p/one", added=frozenset({"X01"})),
        loaded("a", [row("X01", 6.0)], year=2025, plan="/p/one", added=frozenset({"X01"})),
    ])  # fmt: skip
    assert sorted(years["rank"].tolist()) == [1, 2]


def test_ledger_counts_are_ranked_only_within_one_city() -> None:
    """N01 counts the buildings with a hazard in the city's own sample of 社区: a count of
    another city's sample is not comparable, the same city's years are."""
    ledger = frozenset({"N01"})
    cities = comparison_frame([
        loaded("a", [row("N01", 3.0, direction="down")], framework="mohurd_2025", ledger=ledger),
        loaded("b", [row("N01", 1.0, direction="down")], framework="mohurd_2025", ledger=ledger),
    ])  # fmt: skip
    assert cities["rank"].isna().all() and cities["note"].str.contains("own sample").all()
    years = comparison_frame([
        loaded("a", [row("N01", 3.0, direction="down")], year=2024, plan="/p/a", ledger=ledger),
        loaded("a", [row("N01", 1.0, direction="down")], year=2025, plan="/p/a", ledger=ledger),
    ])  # fmt: skip
    assert years.set_index("year")["rank"].to_dict() == {2025: 1, 2024: 2}


def test_reports_rank_among_their_year_unless_a_time_series() -> None:
    mixed = comparison_frame([
        loaded("a", [row("U", 1.0)], year=2024), loaded("b", [row("U", 2.0)], year=2024),
        loaded("c", [row("U", 9.0)], year=2025), loaded("d", [row("U", 3.0)], year=2025),
        loaded("e", [row("U", 4.0)], year=2023),
    ])  # fmt: skip
    u = of(mixed, "U")
    assert {k: v["rank"] for k, v in u.items() if k != "e"} == {"b": 1, "a": 2, "c": 1, "d": 2}
    assert u["a"]["ranked_among"] == "2024" and u["c"]["ranked_of"] == 2
    assert pd.isna(u["e"]["rank"]) and "fewer than two" in u["e"]["note"]
    series = comparison_frame([
        loaded("p", [row("U", 1.0)], year=2023, plan="/p/one"),
        loaded("p", [row("U", 3.0)], year=2024, plan="/p/one"),
        loaded("p", [row("U", 2.0, year=2024)], year=2025, plan="/p/one"),
    ])  # fmt: skip
    assert series["ranked_among"].unique().tolist() == ["all years"]
    assert series.set_index("year")["rank"].to_dict() == {2024: 1, 2025: 2, 2023: 3}
    older = series[series["year"] == 2025].iloc[0]
    assert "value of 2024" in older["note"]


def test_national_rows_carry_grades_applicability_and_thresholds() -> None:
    frame = comparison_frame([
        loaded("a", [row("N30", 90.0, grade="good"), row("N31", 5.0, grade="fair")],
               framework="mohurd_2025", thresholds=frozenset({"N30"})),
        loaded("b", [row("N30", 95.0, grade="very_good"),
                     row("N31", 7.0, applicable=False)], framework="mohurd_2025"),
    ])  # fmt: skip
    n30, n31 = of(frame, "N30"), of(frame, "N31")
    assert (n30["b"]["verdict"], n30["b"]["rank"], n30["a"]["rank"]) == ("very_good", 1, 2)
    assert "own threshold" in n30["a"]["note"] and "own threshold" not in n30["b"]["note"]
    assert pd.isna(n31["b"]["rank"]) and pd.isna(n31["b"]["value"])
    assert "not applicable" in n31["b"]["note"]
    assert "fewer than two" in n31["a"]["note"]


def test_a_label_given_twice_is_made_unique() -> None:
    frame = comparison_frame([loaded("a", [row("U", 1.0)]), loaded("a", [row("U", 2.0)])])
    assert frame.set_index("report")["rank"].to_dict() == {"a (2)": 1, "a": 2}


def test_groups_by_framework_in_order() -> None:
    refs = [loaded(x, [], framework=f).ref for x, f in
            (("a", "plan_targets"), ("b", "mohurd_2025"), ("c", "plan_targets"))]  # fmt: skip
    groups = group_by_framework(refs)
    assert {k: [r.label for r in v] for k, v in groups.items()} == {
        "plan_targets": ["a", "c"], "mohurd_2025": ["b"]}  # fmt: skip


def test_prefixed_ids_keep_their_references() -> None:
    svg = '<g id="axes_1"><path clip-path="url(#p1)"/><use xlink:href="#m2"/></g><x id="p1"/>'
    out = prefix_ids(svg, "c-T01-")
    assert 'id="c-T01-axes_1"' in out and "url(#c-T01-p1)" in out
    assert 'href="#c-T01-m2"' in out and 'id="c-T01-p1"' in out


# --------------------------------------------------------------------------------------------
# Written from results on disk (results built through the store, the small plan)


def write_results(out: Path, year: int, values: dict[str, tuple[float | None, str]]) -> Path:
    """A report year's results (one domain) under ``out``: ``values`` id -> (value, status)."""
    store = FileStore(BuildLayout(out, year))
    rows = [row(i, v, value_status=s if v is not None else None, report_year=year,
                year=year if v is not None else None,
                direction="down" if i == "A02" else "up",
                schedule_verdict="behind" if v is None or v < 50 else "achieved")
            for i, (v, s) in values.items()]  # fmt: skip
    store.write(DomainResults(framework="plan_targets", domain="alpha", year=year,
                              title_zh="甲", title_en="Alpha", indicators=rows))  # fmt: skip
    return out / str(year)


@pytest.fixture
def three_reports(tmp_path: Path, small_plan_dir: Path) -> list[ReportRef]:
    specs = {
        "=HYPERLINK(\"x\")": {"A01": (70.0, "official"), "A02": (12.0, "official"),
                              "A03": (1.0, "official")},
        "乙区": {"A01": (80.0, "illustrative"), "A02": (12.0, "reported"),
                 "A03": (None, "official")},
        "丙区": {"A01": (75.5, "official"), "A02": (9.5, "estimate"),
                 "A03": (0.0, "official")},
    }  # fmt: skip
    refs = []
    for k, (label, values) in enumerate(specs.items()):
        build = write_results(tmp_path / f"build{k}", 2025, values)
        refs.append(ReportRef(label, "plan_targets", 2025, build, small_plan_dir,
                              tmp_path / f"data{k}"))  # fmt: skip
    return refs


def test_writes_csv_workbook_and_page(tmp_path: Path, three_reports: list[ReportRef]) -> None:
    out = tmp_path / "out"
    paths = write_comparison(out, three_reports)
    assert [p.name for p in paths] == [
        "comparison-plan_targets.csv", "comparison-plan_targets.xlsx",
        "comparison-plan_targets.html"]  # fmt: skip
    raw = paths[0].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert "verdict" in table[0] and len(table) == 9
    a01 = {r["report"]: r for r in table if r["indicator"] == "A01"}
    assert a01["乙区"]["rank"] == "1" and a01["乙区"]["illustrative"] == "True"
    evil = '\'=HYPERLINK("x")'  # formula-safe: quoted, never run
    assert a01[evil]["rank"] == "3"
    a02 = {r["report"]: r for r in table if r["indicator"] == "A02"}  # down: lowest first
    assert (a02["丙区"]["rank"], a02["乙区"]["rank"], a02[evil]["rank"]) == ("1", "2", "2")
    a03 = {r["report"]: r for r in table if r["indicator"] == "A03"}
    assert a03["乙区"]["rank"] == "" and "no value" in a03["乙区"]["note"]


def test_workbook_numbers_header_filter(tmp_path: Path, three_reports: list[ReportRef]) -> None:
    xlsx = write_comparison(tmp_path / "out", three_reports)[1]
    book = load_workbook(xlsx)
    assert book.sheetnames == ["说明 About", "reports", "comparison"]
    ws = book["comparison"]
    heads = [c.value for c in ws[1]]
    value, rank, report = (heads.index(h) for h in ("数值 value", "排名 rank", "报告 report"))
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert all(type(r[value]) in (int, float) for r in rows if r[value] is not None)
    assert any(r[value] == 75.5 for r in rows)
    assert {type(r[rank]) for r in rows} <= {int, type(None)}
    assert ws.freeze_panes == "B2" and ws.tables  # a ListObject: filter buttons
    assert ws.tables[next(iter(ws.tables))].ref == f"A1:R{len(rows) + 1}"
    evil = next(c for c in ws[f"{chr(65 + report)}"] if str(c.value).startswith("="))
    assert evil.data_type == "s" and evil.quotePrefix  # text, never a formula
    shaded = [r[0].fill.fgColor.rgb for r in ws.iter_rows(min_row=2)
              if r[heads.index("状态 status")].value == "示意数据 illustrative"]  # fmt: skip
    assert shaded and all(c.endswith("FFF2CC") for c in shaded)


def test_page_has_one_chart_per_ranked_indicator(
    tmp_path: Path, three_reports: list[ReportRef]
) -> None:
    html = write_comparison(tmp_path / "out", three_reports)[2].read_text("utf-8")
    sections = re.findall(r'<section id="(\w+)">(.*?)</section>', html, re.S)
    charts = {ident: body.count("<svg") for ident, body in sections}
    assert charts == {"A01": 1, "A02": 1, "A03": 1}  # A03 ranks two reports: 1 and 0
    assert "reports without a value: 乙区" in html
    assert "=HYPERLINK(&#34;x&#34;)" in html or "=HYPERLINK(&quot;x&quot;)" in html
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))  # charts inline share no id


def test_unranked_indicator_has_no_chart(tmp_path: Path, three_reports: list[ReportRef]) -> None:
    refs = three_reports[:2]  # A03: one value only
    html = write_comparison(tmp_path / "out", refs)[2].read_text("utf-8")
    body = dict(re.findall(r'<section id="(\w+)">(.*?)</section>', html, re.S))
    assert "<svg" not in body["A03"] and "fewer than two" in body["A03"]
    assert body["A01"].count("<svg") == 1


def test_single_report_frameworks_write_nothing(
    tmp_path: Path, three_reports: list[ReportRef]
) -> None:
    assert write_comparison(tmp_path / "out", three_reports[:1]) == []


def test_a_missing_build_is_a_build_error(tmp_path: Path, small_plan_dir: Path) -> None:
    ref = ReportRef("x", "plan_targets", 2025, tmp_path / "nowhere", small_plan_dir, tmp_path)
    with pytest.raises(BuildError, match="nowhere"):
        load_report(ref)


# --------------------------------------------------------------------------------------------
# e2e: the default plan's years are compared in tests/batch/test_example.py (the shipped batch
# builds 2023-2025 anyway); here the national demonstration for two years: its 2025 report from
# the shipped batch, its 2024 report built here


@pytest.fixture(scope="session")
def national_two_years(
    tmp_path_factory: pytest.TempPathFactory, example_batch: ExampleBatch
) -> list[ReportRef]:
    """The national demonstration's reports of 2024 and 2025."""
    from healthcheck.pipeline import build

    assert example_batch.returncode == 0, example_batch.stderr[-3000:]
    demo = ROOT / "examples" / "wuhan-national"
    out = tmp_path_factory.mktemp("compare-national")
    build(plan_dir=demo / "plan", data_dir=demo / "data", out_dir=out, year=2024,
          notebooks_dir=ROOT / "notebooks", progress=False)  # fmt: skip
    year_dirs = {2024: out / "2024", 2025: example_batch.year_dir("wuhan-national-2025")}
    return [ReportRef(f"武汉 {year}", "mohurd_2025", year, year_dirs[year], demo / "plan",
                      demo / "data") for year in (2024, 2025)]  # fmt: skip


@pytest.mark.e2e
def test_national_demo_two_years(tmp_path: Path, national_two_years: list[ReportRef]) -> None:
    """The national framework: grades in the table, the city's threshold said, its own
    indicator ranked across its own years; with one city, no peers file."""
    from healthcheck.batch.peers import write_peers

    paths = write_comparison(tmp_path, national_two_years)
    assert [p.name for p in paths][0] == "comparison-mohurd_2025.csv"
    frame = pd.read_csv(paths[0], encoding="utf-8-sig", dtype={"rank": "Int64"})
    assert "grade" in frame.columns and "verdict" not in frame.columns
    grades = {(r.indicator, int(r.year)): r.grade for r in frame.itertuples()}
    rows = load_report(national_two_years[1]).rows
    assert all(grades[(i, 2025)] == (r.grade or None) or (pd.isna(grades[(i, 2025)])
               and r.grade is None) for i, r in rows.items())  # fmt: skip
    n43 = frame[(frame["indicator"] == "N43")]  # the city's threshold, the same every year
    assert n43["rank"].notna().all() and not n43["note"].str.contains("own threshold").any()
    x01 = frame[frame["indicator"] == "X01"].dropna(subset=["value"])
    assert len(x01) == 2 and x01["rank"].notna().all()  # one city's own years: ranked
    assert write_peers(tmp_path, national_two_years) == []  # one city: no peer
    assert not (tmp_path / "peers").exists()
