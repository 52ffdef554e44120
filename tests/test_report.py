"""Tests of the report renderer, with real WeasyPrint on a fixture results tree.

The fixture is the default plan (8 domains, 52 indicators, 13 districts) with synthetic
observations and results written through the results contract (``DomainResults``): prose,
indicator rows from the assessment engine, SVG charts, a map, a table per domain and the
summary.  It is built once per session; each test renders into its own copy when it changes
anything.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from healthcheck.engine import assess_plan, shortfalls
from healthcheck.errors import BuildError
from healthcheck.inputs.plan import Plan, load_plan
from healthcheck.report import (
    ReportPaths,
    SafeURLFetcher,
    URLRefused,
    render_report,
    report_inputs,
)
from healthcheck.results import DomainResults, domain_dir, summary_dir

ROOT = Path(__file__).resolve().parents[1]
PLAN_DIR = ROOT / "data" / "plan"
TEMPLATES = ROOT / "templates"
YEAR = 2025

pytestmark = pytest.mark.e2e

EVIL_NOTE = '<img src="http://example.com/x.png"> <a href="file:///etc/passwd">link</a>'


# ---------------------------------------------------------------------------------------------
# The fixture


def _series(ind: Any, k: int) -> dict[int, float]:
    """A plausible series 2020-2025 for an indicator (k varies the shape)."""
    years = range(2020, 2026)
    if ind.kind == "milestone":
        done = 2021 + k % 6
        return {y: 1.0 if y >= done else 0.0 for y in years}
    if ind.kind == "cumulative":
        per = (ind.target or 100) / 5 * (0.7 + 0.1 * (k % 5))
        return {y: 0.0 if y == 2020 else round(per, 1) for y in years}
    if ind.kind == "trend":
        return {y: 280.0 + ((y - 2020) * 3 if k % 2 else (-1) ** y * 2) for y in years}
    goal = ind.goal if ind.goal is not None else 100.0
    if ind.kind == "growth":
        base = 100.0
        goal = base * (1 + (ind.target or 0) / 100)
    elif ind.kind == "increase":
        base = 500.0
        goal = base + (ind.target or 0)
    else:
        base = goal * (0.6 if ind.direction == "up" else 1.4)
    if ind.id == "T01":
        base = 9000.0
    speed = (0.5, 0.8, 1.0, 1.15, -0.2)[k % 5]
    out = {}
    for y in years:
        frac = (y - 2020) / 5 * speed
        out[y] = round(base + (goal - base) * frac, 3)
    if k % 7 == 3:  # a gap in the series
        out.pop(2025)
    return out


def make_observations(plan: Plan) -> pd.DataFrame:
    rows: list[dict[str, Any]] = []
    for k, ind in enumerate(plan.indicators):
        illus = k % 3 == 0
        for y, v in _series(ind, k).items():
            rows.append({
                "indicator": ind.id, "year": y, "area": "", "value": v,
                "status": "illustrative" if illus else ("official" if y % 2 else "reported"),
                "source": "" if illus else f"武汉市统计年鉴{y + 1} Wuhan Statistical Yearbook",
                "note": "illustrative placeholder" if illus else "",
            })  # fmt: skip
    # the airport's value of 2024 carries hostile markup in its note
    for r in rows:
        if r["indicator"] == "T03" and r["year"] == 2024:
            r["note"] = EVIL_NOTE
    for ind in (plan.indicator("S04"), plan.indicator("S07"), plan.indicator("S08"),
                plan.indicator("P01"), plan.indicator("M11")):  # fmt: skip
        for j, d in enumerate(plan.districts_of(ind)):
            goal = ind.goal or 1
            v = goal * (0.8 + 0.04 * j) if ind.direction == "up" else goal * (1.25 - 0.05 * j)
            for y in (2024, 2025):
                rows.append({"indicator": ind.id, "year": y, "area": d.code, "value": round(v, 2),
                             "status": "illustrative" if j % 4 == 0 else "official",
                             "source": "区统计公报 district bulletin", "note": ""})  # fmt: skip
    for y in range(2020, 2026):
        rows.append({"indicator": "POP", "year": y, "area": "", "value": 1232.7 + 10 * (y - 2020),
                     "status": "official", "source": "统计公报 bulletin", "note": ""})  # fmt: skip
    obs = pd.DataFrame(rows)
    obs["file"] = ""
    obs["line"] = 0
    return obs.sort_values(["indicator", "area", "year"], kind="stable").reset_index(drop=True)


def _svg_chart(
    path: Path,
    title: str,
    values: dict[int, float],
    target: float | None,
    width_pt: float = 260,
    height_pt: float = 170,
) -> None:
    """A small line chart as SVG text (what a notebook's matplotlib figure amounts to)."""
    xs = sorted(values)
    ys = [values[x] for x in xs] + ([target] if target is not None else [])
    lo, hi = min(ys), max(ys)
    span = (hi - lo) or 1.0

    def px(x: int) -> float:
        return 30 + (x - 2020) / 5 * (width_pt - 45)

    def py(y: float) -> float:
        return height_pt - 25 - (y - lo) / span * (height_pt - 50)

    pts = " ".join(f"{px(x):.1f},{py(values[x]):.1f}" for x in xs)
    target_line = (
        f'<line x1="30" x2="{width_pt - 15}" y1="{py(target):.1f}" y2="{py(target):.1f}" '
        'stroke="#b3261e" stroke-dasharray="4 3"/>'
        if target is not None
        else ""
    )
    ticks = "".join(
        f'<line x1="{px(x):.1f}" x2="{px(x):.1f}" y1="{height_pt - 25}" y2="{height_pt - 21}" '
        'stroke="#333"/>'
        for x in range(2020, 2026)
    )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width_pt}pt" height="{height_pt}pt" '
        f'viewBox="0 0 {width_pt} {height_pt}">'
        f'<rect width="{width_pt}" height="{height_pt}" fill="#ffffff"/>'
        f'<line x1="30" x2="{width_pt - 15}" y1="{height_pt - 25}" y2="{height_pt - 25}" '
        'stroke="#333"/>'
        f"{ticks}{target_line}"
        f'<polyline points="{pts}" fill="none" stroke="#1f5fa8" stroke-width="2"/>'
        f"<!-- {title} --></svg>"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(svg, encoding="utf-8")


def _add_svg(
    res: DomainResults,
    fig_id: str,
    *,
    values: dict[int, float],
    target: float | None,
    kind: str = "indicator",
    indicator: str | None = None,
    caption_zh: str,
    caption_en: str,
    illustrative: bool = False,
    width_pt: float = 260,
) -> str:
    rel = f"figures/{fig_id}.svg"
    _svg_chart(res.folder / rel, fig_id, values, target, width_pt=width_pt)
    res.data["figures"].append({
        "id": fig_id, "path": rel, "kind": kind, "indicator": indicator,
        "caption_zh": caption_zh, "caption_en": caption_en, "illustrative": illustrative,
    })  # fmt: skip
    return rel


def _indicator_figure(
    res: DomainResults, ind: Any, series: pd.DataFrame, rec: dict[str, Any], illustrative: bool
) -> str:
    """The indicator's chart: the project's own (healthcheck.charts) where it exists."""
    try:
        from healthcheck.charts import indicator_chart
    except ImportError:
        values = dict(zip(series["year"], series["value"], strict=True))
        return _add_svg(
            res,
            ind.id,
            values=values,
            target=rec.get("target_value"),
            indicator=ind.id,
            caption_zh=f"{ind.name_zh}变化趋势",
            caption_en=f"{ind.name_en}: trend",
            illustrative=illustrative,
        )
    fig = indicator_chart(ind, series[["year", "value", "status"]], rec)
    return res.add_figure(
        fig,
        ind.id,
        caption_zh=f"{ind.name_zh}变化趋势",
        caption_en=f"{ind.name_en}: trend",
        indicator=ind.id,
        illustrative=illustrative,
    )


def build_fixture(out: Path, plan: Plan, obs: pd.DataFrame, year: int = YEAR) -> Path:
    """Write a complete results tree (every domain + the summary) under ``out``."""
    assessed = assess_plan(plan, obs, year)
    status = (
        obs[obs["area"] == ""]
        .groupby("indicator")["status"]
        .agg(lambda s: "illustrative" in set(s))
    )
    for d in plan.domains:
        res = DomainResults(
            domain_dir(out, year, d.id), domain=d.id, year=year,
            title_zh=d.title_zh, title_en=d.title_en,
        )  # fmt: skip
        rows = assessed[assessed["domain"] == d.id]
        res.add_text(
            f"{d.title_zh}领域共有{len(rows)}项指标。总体进展平稳，部分指标仍需加快推进。",
            f"The {d.title_en.lower()} domain has {len(rows)} indicators. Progress is steady "
            "overall; some indicators need to move faster.",
        )
        for n, rec in enumerate(rows.to_dict("records")):
            ind = plan.indicator(rec["id"])
            rec = {k: (None if v is pd.NA or (isinstance(v, float) and v != v) else v)
                   for k, v in rec.items()}  # fmt: skip
            figure = None
            series = obs[(obs["indicator"] == ind.id) & (obs["area"] == "")]
            if n < 3:
                figure = _indicator_figure(res, ind, series, rec, bool(status.get(ind.id)))
            res.add_indicator({
                **rec, "name_zh": ind.name_zh, "name_en": ind.name_en,
                "unit_zh": ind.unit_zh, "unit_en": ind.unit_en,
                "illustrative": bool(status.get(ind.id)),
                "sentence_zh": f"{ind.name_zh}：判定为{rec['schedule_verdict']}。",
                "sentence_en": f"{ind.name_en}: verdict {rec['schedule_verdict']}.",
                "figure": figure,
            })  # fmt: skip
        if d.id == "spatial":
            _add_svg(res, "S04-map", values={2020: 1, 2025: 2}, target=None, kind="map",
                     indicator="S04", caption_zh="各区15分钟生活圈覆盖率",
                     caption_en="15-minute life circle coverage by district",
                     illustrative=True, width_pt=420)  # fmt: skip
        table = pd.DataFrame({
            "编号 ID": list(rows["id"]),
            "现值 value": [round(v, 6) if v == v else None for v in rows["value"]],
            "状态 status": ["illustrative" if status.get(i) else "official" for i in rows["id"]],
        })  # fmt: skip
        res.add_table(
            table,
            f"{d.id}-values",
            caption_zh=f"{d.title_zh}指标现值",
            caption_en=f"{d.title_en}: current values",
        )
        if d.id == "transport":  # a table too wide to typeset
            wide = rows[["id", "domain", "kind", "direction", "year", "value", "baseline",
                         "target_value", "completion", "schedule_gap"]]  # fmt: skip
            res.add_table(wide, "assessment", caption_zh="评估明细", caption_en="Assessment rows")
        res.write()
    summ = DomainResults(
        summary_dir(out, year),
        domain="summary",
        year=year,
        title_zh="总体评估",
        title_en="Executive summary",
    )
    summ.add_text("总体来看，多数指标进展符合预期。", "Overall, most indicators are on schedule.")
    summ.set("shortfalls", list(shortfalls(assessed)["id"]))
    summ.set("counts", {})
    summ.set("changes", [])
    summ.write()
    return out / str(year)


@pytest.fixture(scope="session")
def plan() -> Plan:
    return load_plan(PLAN_DIR)


@pytest.fixture(scope="session")
def observations(plan: Plan) -> pd.DataFrame:
    return make_observations(plan)


@pytest.fixture(scope="session")
def fixture_tree(
    tmp_path_factory: pytest.TempPathFactory, plan: Plan, observations: pd.DataFrame
) -> Path:
    """The results tree, built once; tests that change it work on a copy (build_copy)."""
    return build_fixture(tmp_path_factory.mktemp("fixture"), plan, observations)


@pytest.fixture(scope="session")
def rendered(
    tmp_path_factory: pytest.TempPathFactory,
    fixture_tree: Path,
    plan: Plan,
    observations: pd.DataFrame,
) -> tuple[ReportPaths, float]:
    build_dir = tmp_path_factory.mktemp("build") / str(YEAR)
    shutil.copytree(fixture_tree, build_dir)
    start = time.perf_counter()
    paths = render_report(plan, observations, YEAR, build_dir, template_dir=TEMPLATES)
    return paths, time.perf_counter() - start


@pytest.fixture(scope="session")
def pdf_text(rendered: tuple[ReportPaths, float]) -> str:
    paths, _ = rendered
    return subprocess.run(
        ["pdftotext", "-layout", str(paths.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def build_copy(tmp_path: Path, fixture_tree: Path) -> Path:
    build_dir = tmp_path / "out" / str(YEAR)
    shutil.copytree(fixture_tree, build_dir)
    return build_dir


def _squash(text: str) -> str:
    return "".join(text.split())


# ---------------------------------------------------------------------------------------------
# Content


def test_outputs_exist_and_pdf_is_small_and_fast(rendered: tuple[ReportPaths, float]) -> None:
    paths, seconds = rendered
    for p in (paths.pdf, paths.html, paths.xlsx):
        assert p.is_file() and p.stat().st_size > 0
    for name in ("assessment.csv", "districts.csv", "observations.csv"):
        assert (paths.tables / name).is_file()
    size = paths.pdf.stat().st_size
    print(f"\nrender {seconds:.1f} s, PDF {size / 1e6:.2f} MB")
    assert size < 4_000_000
    assert seconds < 60


def test_every_domain_title_in_both_languages(plan: Plan, pdf_text: str) -> None:
    flat = _squash(pdf_text)
    for d in plan.domains:
        assert _squash(d.title_zh) in flat, d.title_zh
        assert _squash(d.title_en) in flat, d.title_en


def test_every_indicator_id_in_the_scorecard(plan: Plan, pdf_text: str) -> None:
    start = pdf_text.index("Scorecard of every indicator")
    end = pdf_text.index("Shortfall list", start)
    scorecard = pdf_text[start:end]
    for ind in plan.indicators:
        assert ind.id in scorecard, ind.id


def test_values_written_as_each_language_writes_them(rendered: tuple[ReportPaths, float]) -> None:
    # T01's target: 18000 (万人次/年) -> 1.8亿人次/年, 180 million trips per year
    pdf_text = subprocess.run(
        ["pdftotext", str(rendered[0].pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = _squash(pdf_text)
    assert "1.8亿人次/年" in flat
    assert "180 million" in pdf_text
    assert "180milliontripsperyear" in flat


def test_cover_banner_footer_and_stage(pdf_text: str) -> None:
    first = pdf_text.split("\f")[0]
    assert "武汉市城市体检报告" in first
    assert "Wuhan City Health Check Report 2025" in first
    assert "终期评估" in first and "Final assessment" in first
    assert "示意数据提示" in first
    pages = pdf_text.split("\f")
    assert "第 2 页，共" in pages[1] and "Page 2 of" in pages[1]
    assert "关于全面提升城市能级和城市品质的实施意见" in first


def test_illustrative_marker_only_on_pages_with_illustrative_values(pdf_text: str) -> None:
    pages = [p for p in pdf_text.split("\f") if p.strip()]
    # the reading guide shows the flag itself, in the legend
    pages = [("" if "How to read this report" in p else p) for p in pages]
    marked = [i for i, p in enumerate(pages) if "This page shows illustrative values" in p]
    flagged = [i for i, p in enumerate(pages) if "示意 illustrative" in p or
               "includes illustrative values" in p]  # fmt: skip
    assert marked, "no page carries the illustrative note"
    assert set(flagged) <= set(marked)
    # the methodology pages show no illustrative value
    methods = [i for i, p in enumerate(pages) if "B.3 时序判定" in p]
    assert methods and not set(methods) & set(marked)


def test_bookmarks_and_metadata(rendered: tuple[ReportPaths, float], plan: Plan) -> None:
    pypdf = pytest.importorskip("pypdf")
    paths, _ = rendered
    reader = pypdf.PdfReader(str(paths.pdf))

    def titles(items: list[Any]) -> list[str]:
        out = []
        for it in items:
            if isinstance(it, list):
                out += titles(it)
            else:
                out.append(it.title)
        return out

    marks = titles(reader.outline)
    joined = "\n".join(marks)
    for d in plan.domains:
        assert d.title_zh in joined and d.title_en in joined
    for word in ("总体评估", "问题清单", "一区一表", "方法说明", "数据说明", "Appendix A",
                 "Appendix B", "Appendix C", "目录"):  # fmt: skip
        assert word in joined, word
    meta = reader.metadata
    assert "武汉市城市体检报告" in meta.title and "Wuhan City Health Check Report" in meta.title
    assert plan.author_zh in meta.author and plan.author_en in meta.author
    assert meta["/CreationDate"].startswith("D:20251231")
    assert meta["/ModDate"].startswith("D:20251231")
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"


def test_methodology_prints_the_thresholds(pdf_text: str) -> None:
    start = pdf_text.index("B.1 符号")
    methods = pdf_text[start:]
    for s in ("0.95", "0.60", "1.5%", "0.5%", "CAGR", "S04", "S05", "S06", "90%"):
        assert s in methods, s
    flat = _squash(methods)
    assert "nottheplan’stargets" in flat and "不是规划的目标值" in flat
    for kind in ("达到值", "新增量", "增幅", "累计量", "逐年提升", "建设事项"):
        assert kind in flat, kind


def test_district_appendix_has_every_district(plan: Plan, pdf_text: str) -> None:
    start = pdf_text.index("District scorecards", pdf_text.index("Contents") + 500)
    app = pdf_text[start:]
    for d in plan.districts:
        assert d.name_zh in app and d.name_en in app


def test_note_with_markup_is_text(pdf_text: str, rendered: tuple[ReportPaths, float]) -> None:
    flat = _squash(pdf_text)
    assert _squash('<img src="http://example.com/x.png">') in flat
    assert _squash('<a href="file:///etc/passwd">link</a>') in flat
    html = rendered[0].html.read_text(encoding="utf-8")
    assert "&lt;img src=" in html and '<img src="http://' not in html


def test_workbook_sheets(rendered: tuple[ReportPaths, float], plan: Plan) -> None:
    paths, _ = rendered
    book = pd.read_excel(paths.xlsx, sheet_name=None)
    assert list(book)[0] == "scorecard"
    for d in plan.domains:
        assert d.id in book
    card = book["scorecard"]
    assert "编号 ID" in card.columns
    assert set(card["编号 ID"]) == {i.id for i in plan.indicators}
    assert (card["示意数据 Illustrative"].fillna("") != "").any()


def test_html_uses_relative_figure_paths(rendered: tuple[ReportPaths, float]) -> None:
    paths, _ = rendered
    html = paths.html.read_text(encoding="utf-8")
    assert 'src="domains/transport/figures/T01.svg"' in html
    assert str(paths.pdf.parent) not in html


def test_shortfall_figures_drawn_once(rendered: tuple[ReportPaths, float], pdf_text: str) -> None:
    html = rendered[0].html.read_text(encoding="utf-8")
    for src in set(re.findall(r'<img src="([^"]+)"', html)):
        assert html.count(f'<img src="{src}"') == 1, src
    assert "见问题清单" in pdf_text and "in the shortfall list (page" in pdf_text


def test_wide_table_listed_not_typeset(pdf_text: str) -> None:
    assert "too wide to print here" in pdf_text
    assert "domains/transport/tables/assessment.csv" in pdf_text


def test_report_inputs_lists_results_and_figures(rendered: tuple[ReportPaths, float]) -> None:
    paths, _ = rendered
    inputs = report_inputs(paths.pdf.parent)
    names = {p.relative_to(paths.pdf.parent).as_posix() for p in inputs}
    assert "summary/results.json" in names
    assert "domains/transport/results.json" in names
    assert "domains/transport/figures/T01.svg" in names
    assert "domains/transport/tables/transport-values.csv" in names


# ---------------------------------------------------------------------------------------------
# Repeatability, safety, failures


def test_two_renders_are_byte_identical(
    build_copy: Path, plan: Plan, observations: pd.DataFrame, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("WARNING", logger="healthcheck.report"):
        a = render_report(plan, observations, YEAR, build_copy, template_dir=TEMPLATES)
    assert not [r for r in caplog.records if "WeasyPrint" in r.getMessage()]
    first = {p: p.read_bytes() for p in (a.pdf, a.xlsx, a.html)}
    b = render_report(plan, observations, YEAR, build_copy, template_dir=TEMPLATES)
    for p in (b.pdf, b.xlsx, b.html):
        assert p.read_bytes() == first[p], p.name


def test_fetcher_refuses_everything_but_the_build(tmp_path: Path) -> None:
    root = tmp_path / "build"
    (root / "figs").mkdir(parents=True)
    (root / "figs" / "a.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    (root / "link.txt").symlink_to(outside)
    fetcher = SafeURLFetcher([root])
    ok = fetcher.fetch((root / "figs" / "a.svg").as_uri())
    assert ok.read().startswith(b"<svg")
    assert fetcher.fetch("data:text/plain;base64,aGk=").read() == b"hi"
    for url in (
        "http://example.com/x.png",
        "https://example.com/x.png",
        "ftp://example.com/x",
        outside.as_uri(),
        "file:///etc/passwd",
        (root / "link.txt").as_uri(),  # a symlink out of the build
        root.as_uri() + "/figs/../../secret.txt",
        (root / "missing.svg").as_uri(),
    ):
        with pytest.raises(URLRefused):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 8


def test_figure_path_leaving_the_results_folder_fails(
    build_copy: Path, plan: Plan, observations: pd.DataFrame
) -> None:
    path = build_copy / "domains" / "transport" / "results.json"
    text = path.read_text(encoding="utf-8").replace(
        '"figures/T01.svg"', '"../../../../../../etc/passwd"', 1
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BuildError, match="leaves its results folder"):
        render_report(plan, observations, YEAR, build_copy, template_dir=TEMPLATES)


def test_external_image_in_a_figure_is_refused(
    build_copy: Path, plan: Plan, observations: pd.DataFrame
) -> None:
    svg = build_copy / "domains" / "transport" / "figures" / "T01.svg"
    svg.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="100pt" height="50pt"><image xlink:href="http://example.com/x.png" '
        'width="10" height="10"/></svg>',
        encoding="utf-8",
    )
    with pytest.raises(BuildError, match="refused"):
        render_report(plan, observations, YEAR, build_copy, template_dir=TEMPLATES)


def test_failed_render_leaves_previous_report(
    build_copy: Path, plan: Plan, observations: pd.DataFrame, tmp_path: Path
) -> None:
    paths = render_report(plan, observations, YEAR, build_copy, template_dir=TEMPLATES)
    before = {p: p.read_bytes() for p in (paths.pdf, paths.html, paths.xlsx)}
    before_tables = {p: p.read_bytes() for p in paths.tables.iterdir()}
    broken = tmp_path / "templates"
    shutil.copytree(TEMPLATES, broken)
    with (broken / "_data.html.j2").open("a", encoding="utf-8") as fh:
        fh.write("{{ no_such_variable.attribute }}\n")
    with pytest.raises(BuildError, match="template"):
        render_report(plan, observations, YEAR, build_copy, template_dir=broken)
    for p, data in before.items():
        assert p.read_bytes() == data
    for p, data in before_tables.items():
        assert p.read_bytes() == data
    leftovers = [p for p in build_copy.rglob(".*.tmp")]
    assert not leftovers


def test_missing_glyph_fails_the_build(
    build_copy: Path, plan: Plan, observations: pd.DataFrame
) -> None:
    obs = observations.copy()
    obs.loc[obs.index[0], "note"] = "private use \ue000 character"
    with pytest.raises(BuildError, match="U\\+E000"):
        render_report(plan, obs, YEAR, build_copy, template_dir=TEMPLATES)
    assert not (build_copy / "report.pdf").exists()


def test_character_outside_noto_fails_the_build(
    build_copy: Path, plan: Plan, observations: pd.DataFrame
) -> None:
    # U+0177 is in no Noto CJK face: fontconfig would take it from another installed font (or
    # draw a box where there is none); either way the build fails
    obs = observations.copy()
    obs.loc[obs.index[0], "note"] = "projected value ŷ"
    with pytest.raises(BuildError, match="(Noto CJK|U\\+0177)"):
        render_report(plan, obs, YEAR, build_copy, template_dir=TEMPLATES)


def test_missing_results_fail_clearly(
    build_copy: Path, plan: Plan, observations: pd.DataFrame
) -> None:
    (build_copy / "domains" / "renewal" / "results.json").unlink()
    with pytest.raises(BuildError, match="(?s)missing results.*renewal"):
        render_report(plan, observations, YEAR, build_copy, template_dir=TEMPLATES)


def test_stale_results_fail_clearly(
    build_copy: Path, plan: Plan, observations: pd.DataFrame
) -> None:
    path = build_copy / "summary" / "results.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"year": 2025', '"year": 2024'))
    with pytest.raises(BuildError, match="stale"):
        render_report(plan, observations, YEAR, build_copy, template_dir=TEMPLATES)


def test_mid_term_report(tmp_path: Path, plan: Plan, observations: pd.DataFrame) -> None:
    build_dir = build_fixture(tmp_path / "out", plan, observations, year=2023)
    paths = render_report(plan, observations, 2023, build_dir, template_dir=TEMPLATES)
    text = subprocess.run(["pdftotext", str(paths.pdf), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    first = text.split("\f")[0]
    assert "中期评估" in first and "Mid-term check" in first
    assert "Final assessment" not in first


@pytest.mark.skipif(
    not (ROOT / "build" / "2025" / "summary" / "results.json").is_file()
    or os.environ.get("HEALTHCHECK_SKIP_REAL_BUILD") == "1",
    reason="no real build in build/2025",
)
def test_real_build_renders(tmp_path: Path) -> None:
    from healthcheck.inputs.observations import load_observations

    real_plan = load_plan(PLAN_DIR)
    obs = load_observations(ROOT / "data", real_plan)
    build_dir = tmp_path / "2025"
    shutil.copytree(ROOT / "build" / "2025" / "domains", build_dir / "domains")
    shutil.copytree(ROOT / "build" / "2025" / "summary", build_dir / "summary")
    paths = render_report(real_plan, obs, 2025, build_dir, template_dir=TEMPLATES)
    assert paths.pdf.stat().st_size < 4_000_000


def test_notebook_table_headers_are_bilingual():
    from healthcheck.inputs.plan import load_plan
    from healthcheck.report import column_label

    plan = load_plan(Path(__file__).resolve().parents[1] / "data" / "plan")
    assert column_label("completion", plan) == "完成率 Completion"
    assert column_label("E01", plan) == "E01 污水处理能力"
    assert column_label("something_new", plan) == "something_new"
    from healthcheck.report import _tidy_cell

    assert _tidy_cell("True") == ("是 yes", False) and _tidy_cell("False") == ("否 no", False)
