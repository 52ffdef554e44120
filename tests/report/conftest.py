"""A one-chapter fixture for the report's tests: one domain (transport) with three indicators
of the default plan, two districts, observations, and its results written through the results
store (:class:`FileStore`) into ``tmp_path`` -- text under every placing key, an analyst's
paragraph and figure, an SVG chart, a map, a table with per-row illustrative flags, district
rows and the summary."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from healthcheck.inputs.plan import Plan, load_plan
from healthcheck.layout import SUMMARY, BuildLayout
from healthcheck.results.model import (
    Column,
    DistrictRow,
    DomainResults,
    Figure,
    IndicatorRow,
    Paragraph,
    SummaryResults,
    Table,
)
from healthcheck.results.store import FileStore
from tests.conftest import ExampleBatch

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
YEAR = 2025
EVIL = '<img src="http://example.com/x.png"> <a href="file:///etc/passwd">link</a>'
ANALYST_ZH = "分析组认为应优先建设高速公路连接线。"
ANALYST_EN = "The analysts recommend building the expressway links first."
#: the columns of the 整治建议清单 the issue asks for, in order
REMEDIATION_HEADS = (
    "问题涉及指标",
    "指标结果",
    "存在问题",
    "整治建议",
    "责任单位",
    "完成时限",
    "类型",
)


@pytest.fixture(scope="session")
def small_plan() -> Plan:
    plan = load_plan(ROOT / "data" / "plan")
    keep = ("T01", "T05", "T06")
    return dataclasses.replace(
        plan,
        domains=(plan.domain("transport"),),
        indicators=tuple(plan.indicator(i) for i in keep),
        districts=plan.districts[:2],
        context=(),
    )


def make_observations(plan: Plan) -> pd.DataFrame:
    """T01 published; T05 illustrative in 2020 only (its 2025 value an estimate); T06
    illustrative throughout; district values of T06."""
    rows: list[dict[str, Any]] = []
    series = {
        "T01": {y: 9000 + 1500 * (y - 2020) for y in range(2020, 2026)},
        "T05": {y: 873 + 20 * (y - 2020) for y in range(2020, 2026)},
        "T06": {y: 80 + 2 * (y - 2020) for y in range(2020, 2026)},
    }
    for sid, values in series.items():
        for y, v in values.items():
            status = {"T01": "official", "T06": "illustrative"}.get(sid, "estimate")
            if sid == "T05" and y == 2020:
                status = "illustrative"
            source = f"统计公报 bulletin {y}"
            rows.append({"indicator": sid, "year": y, "area": "", "value": float(v),
                         "status": status, "source": source, "note": ""})  # fmt: skip
    rows[7]["note"] = EVIL
    for k, d in enumerate(plan.districts):
        rows.append({"indicator": "T06", "year": 2025, "area": d.code, "value": 90.0 + 5 * k,
                     "status": "illustrative" if k == 0 else "official",
                     "source": "区统计 district", "note": ""})  # fmt: skip
    return pd.DataFrame(rows)


def _svg(width_pt: float = 260, label: str = "") -> bytes:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width_pt}pt" height="120pt" '
        f'viewBox="0 0 {width_pt} 120"><rect width="{width_pt}" height="120" fill="#fff"/>'
        f'<polyline points="10,100 60,80 110,60 160,50" fill="none" stroke="#1f5fa8"/>'
        f"<!-- {label} --></svg>"
    ).encode()


def _row(plan: Plan, rid: str, **kw: Any) -> IndicatorRow:
    ind = plan.indicator(rid)
    base = {
        "id": rid, "domain": ind.domain, "kind": ind.kind, "direction": ind.direction,
        "name_zh": ind.name_zh, "name_en": ind.name_en, "unit_zh": ind.unit_zh,
        "unit_en": ind.unit_en, "report_year": YEAR, "baseline_year": 2020,
        "target_year": 2025, "year": 2025, "target_value": ind.target, "time_elapsed": 1.0,
        "sentence_zh": f"{ind.name_zh}的判定句。", "sentence_en": f"{ind.name_en}: a sentence.",
        "assessment": {"cagr_observed": 0.02},
    }  # fmt: skip
    return IndicatorRow(**{**base, **kw})


def domain_results(store: FileStore, plan: Plan) -> DomainResults:
    name = "transport"
    store.clear(name)
    figures = [
        Figure(id="T01", path=store.save_figure(name, "T01", _svg(label="T01")),
               kind="indicator", indicator="T01", caption_zh="T01 铁路旅客发送量",
               caption_en="T01 Railway passenger departures"),
        Figure(id="T05", path=store.save_figure(name, "T05", _svg(label="T05")),
               kind="indicator", indicator="T05", caption_zh="T05 高速公路通车总里程",
               caption_en="T05 Expressway length", illustrative=True),
        Figure(id="transport-analysis", path=store.save_figure(name, "a", _svg(420, "a")),
               kind="analysis", caption_zh="恢复程度", caption_en="Recovery"),
        Figure(id="T06-map", path=store.save_figure(name, "T06-map", _svg(420, "map")),
               kind="map", indicator="T06", caption_zh="T06 分区地图",
               caption_en="T06 by district", illustrative=True),
        Figure(id="analyst-links", path=store.save_figure(name, "links", _svg(420, "links")),
               kind="analyst", caption_zh="分析组自绘：连接线", caption_en="Analysts' own: links",
               origin="analyst"),
    ]  # fmt: skip
    frame = pd.DataFrame({"id": ["T01", "T05", "T06"], "value": [16500.0, 973.0, 90.0],
                          "status": ["official", "estimate", "示意 illustrative"]})  # fmt: skip
    table = Table(id="values", path=store.save_table(name, "values", frame),
                  caption_zh="现值", caption_en="Current values",
                  columns=[Column(name="id"), Column(name="value", type="number"),
                           Column(name="status")],
                  illustrative=[False, False, True])  # fmt: skip
    rows = [
        _row(plan, "T01", value=16500.0, baseline=9000.0, completion=0.83,
             schedule_gap=-0.17, schedule_verdict="not_achieved",
             international_category="progress_needs_acceleration", value_status="official",
             figure="T01"),
        _row(plan, "T05", value=973.0, baseline=873.0, completion=0.79, schedule_gap=-0.21,
             schedule_verdict="not_achieved", international_category="limited_progress",
             value_status="estimate", illustrative=True, illustrative_years=[2020],
             figure="T05"),
        _row(plan, "T06", value=90.0, baseline=80.0, completion=0.67, schedule_gap=-0.33,
             schedule_verdict="not_achieved", international_category="limited_progress",
             value_status="illustrative", illustrative=True,
             illustrative_years=[2020, 2021, 2022, 2023, 2024, 2025]),
    ]  # fmt: skip
    districts = [
        DistrictRow(id="T06", area=d.code, name_zh=d.name_zh, name_en=d.name_en,
                    zone=d.zone, year=2025, value=90.0 + 5 * k, target=95.0,
                    target_source="plan", gap=5.0 * k - 5, meets=k > 0, rank=2 - k, of=2,
                    illustrative=k == 0)
        for k, d in enumerate(plan.districts)
    ]  # fmt: skip
    text = [
        Paragraph(key="overview", zh="综合交通领域概况。", en="Transport at a glance."),
        Paragraph(key="analysis", zh="恢复程度分析段落。", en="Recovery analysis paragraph."),
        Paragraph(key="districts-T06", zh="T06分区段落。", en="T06 districts paragraph."),
        Paragraph(key="analyst-1", zh=ANALYST_ZH, en=ANALYST_EN, origin="analyst"),
        Paragraph(key="analyst-2", zh=EVIL, en=EVIL, origin="analyst"),
    ]  # fmt: skip
    return DomainResults(
        framework="plan_targets", domain=name, year=YEAR, title_zh="综合交通",
        title_en="Transport hubs and networks", text=text, indicators=rows,
        figures=figures, tables=[table], districts=districts,
    )  # fmt: skip


def summary_results(store: FileStore) -> SummaryResults:
    store.clear(SUMMARY)
    fig = Figure(id="counts", path=store.save_figure(SUMMARY, "counts", _svg(420, "counts")),
                 kind="summary", caption_zh="判定数量", caption_en="Verdict counts")  # fmt: skip
    sched = {"not_achieved": 3, "achieved": 0}
    intl = {"progress_needs_acceleration": 1, "limited_progress": 2}
    return SummaryResults(
        framework="plan_targets", domain=SUMMARY, year=YEAR, title_zh="总体评估",
        title_en="Executive summary",
        text=[Paragraph(key="overview", zh="总体概况。", en="Overall.")],
        figures=[fig],
        counts={"schedule_verdict": {"transport": sched, "__all__": sched},
                "international_category": {"transport": intl, "__all__": intl}},
        shortfalls=["T06", "T05", "T01"],
        method={"thresholds_target": [0.95, 0.6, 0.0], "thresholds_trend": [0.015, 0.005, 0.0],
                "zero_target": 0.001, "near_baseline": 0.02, "completion_max": 2.0,
                "far_short": 0.1},
    )  # fmt: skip


@pytest.fixture
def observations(small_plan: Plan) -> pd.DataFrame:
    return make_observations(small_plan)


def write_store(out: Path, plan: Plan) -> FileStore:
    """The fixture's results, written through the store into ``out/2025``."""
    store = FileStore(BuildLayout(out, YEAR))
    store.write(domain_results(store, plan))
    store.write(summary_results(store))
    return store


@pytest.fixture
def store(tmp_path: Path, small_plan: Plan) -> FileStore:
    return write_store(tmp_path / "out", small_plan)


@pytest.fixture
def rewrite(store: FileStore) -> Callable[..., None]:
    """Rewrite the fixture's domain results with some fields replaced."""

    def go(**changes: Any) -> None:
        res = store.read("transport")
        store.write(res.model_copy(update=changes))

    return go


@pytest.fixture(scope="session")
def texts() -> dict[str, str]:
    """The fixture's texts the tests look for."""
    return {"evil": EVIL, "analyst_zh": ANALYST_ZH, "analyst_en": ANALYST_EN}


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory, small_plan: Plan) -> dict[str, Path]:
    """Every output of the fixture, rendered once (real WeasyPrint)."""
    from healthcheck.report import render_report

    store = write_store(tmp_path_factory.mktemp("rendered"), small_plan)
    return render_report(small_plan, make_observations(small_plan), store,
                         template_dir=TEMPLATES)  # fmt: skip


# --------------------------------------------------------------------------------------------
# The default project's full-size report (e2e): built once per session


@pytest.fixture(scope="session")
def built(example_batch: ExampleBatch) -> Path:
    """The year folder of the default project's 2025 report, as the example batch built it
    (the same bytes as ``healthcheck report``: ``tests/batch/test_cluster.py``)."""
    assert example_batch.returncode == 0, example_batch.stderr[-3000:]
    return example_batch.year_dir("wuhan-2025")


@pytest.fixture(scope="session")
def default_pdf(built: Path) -> Path:
    """The default report's PDF, rendered by the build with this checkout's templates."""
    return built / "report.pdf"
