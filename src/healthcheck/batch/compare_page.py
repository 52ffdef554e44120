"""The comparison's workbook and page: ``comparison-<framework>.xlsx`` (the report's workbook
conventions, :func:`healthcheck.report.workbook.workbook_bytes`) and ``.html`` (a readable,
self-contained page: an overview of ranks and verdicts or grades, then per indicator its dot
chart (:func:`healthcheck.charts.comparison.comparison_chart`, inline SVG), its ranking table
and the reports that lack a value).

Input: the frame of :func:`healthcheck.batch.compare.comparison_frame`; nothing here ranks.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
import pandas as pd

from healthcheck.batch.ranking import (
    CITY_ADDED,
    DIFFERENT,
    ILLUSTRATIVE_NOTE,
    LEDGER_COUNT,
    NATIONAL,
    NO_DIRECTION,
    OWN_THRESHOLD,
    TIED,
    TOO_FEW,
    Loaded,
    grade_column,
    is_series,
    report_labels,
)
from healthcheck.charts.comparison import RankedValue, comparison_chart
from healthcheck.charts.style import unit_label
from healthcheck.charts.svg import svg_bytes
from healthcheck.report.sheets import Col, Num, Sheet, number_format
from healthcheck.report.workbook import workbook_bytes
from healthcheck.text import STATUS, VERDICT, decimals
from healthcheck.text.narrative.national import GRADE

__all__ = ["comparison_page", "comparison_workbook", "prefix_ids", "verdict_label"]

TEMPLATE = "comparison.html.j2"
MAX_DECIMALS = 3
FRAMEWORK_NAMES = {
    "plan_targets": ("规划目标评估", "the plan's targets"),
    "plan_targets-districts": ("规划目标评估（各区报告）", "the plan's targets, district reports"),
    NATIONAL: ("城市体检基础指标体系（2025）", "the national indicator system (2025)"),
}


def verdict_label(framework: str, key: str | None) -> tuple[str, str, str]:
    """(zh, en, grey-scale symbol) of a verdict (plan's targets) or grade (national);
    ("—", "—", "") for none."""
    if not key:
        return "—", "—", ""
    table: dict[str, tuple[str, str, str]] = GRADE if framework == NATIONAL else VERDICT
    return table.get(key, (key, key, ""))


def _num(value: Any, digits: int) -> Num | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return Num(float(value), number_format(digits))


def _int(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _tuples(frame: pd.DataFrame) -> list[Any]:
    """The rows of a frame as named tuples (typed loosely: the columns are mixed)."""
    return list(frame.itertuples(index=False))


def _digits(values: pd.Series) -> int:
    found = [decimals(float(v)) for v in values.dropna()]
    return min(MAX_DECIMALS, max(found, default=0))


# --------------------------------------------------------------------------------------------
# The workbook


def comparison_workbook(frame: pd.DataFrame, framework: str, loaded: Sequence[Loaded]) -> bytes:
    """``comparison-<framework>.xlsx``: "说明 About" (the reports and the rules), "reports" and
    "comparison" (one row per indicator and report; illustrative rows shaded)."""
    digits = {k: _digits(g["value"]) for k, g in frame.groupby("indicator", sort=False)}
    head = "定级 grade" if framework == NATIONAL else "判定 verdict"
    cols = [Col("指标 indicator"), Col("名称 name (zh)", wrap=30), Col("name (en)", wrap=36),
            Col("领域 domain"), Col("方向 direction"), Col("报告 report"), Col("报告年 year", "0"),
            Col("数值 value"), Col("单位 unit (zh)"), Col("unit (en)"),
            Col("数值年 value year", "0"),
            Col("状态 status"), Col(f"{head}"), Col("排名 rank", "0"), Col("参与排名 of", "0"),
            Col("并列 tied"), Col("排名范围 ranked among"), Col("说明 note", wrap=50)]  # fmt: skip
    sheet = Sheet("comparison", cols)
    for r in _tuples(frame):
        zh, en, _sym = verdict_label(framework, r.verdict)
        sheet.add([r.indicator, r.name_zh, r.name_en, r.domain, r.direction, r.report, int(r.year),
                   _num(r.value, digits[r.indicator]), r.unit_zh, r.unit_en, _int(r.value_year),
                   _status(r.status), f"{zh} {en}" if r.verdict else None, _int(r.rank),
                   _int(r.ranked_of), bool(r.tied), r.ranked_among, r.note],
                  flagged=bool(r.illustrative))  # fmt: skip
    reports = Sheet("reports", [Col("报告 report"), Col("报告年 year", "0"), Col("城市 city"),
                                Col("方案 plan", wrap=60), Col("数据 data", wrap=60),
                                Col("构建 build", wrap=60)])  # fmt: skip
    for x, name in zip(loaded, report_labels(loaded), strict=True):
        reports.add([name, x.ref.year, x.city_zh, str(x.ref.plan_dir),
                     str(x.ref.data_dir), str(x.ref.build_dir)])  # fmt: skip
    about = Sheet("说明 About", [Col("项目 item", wrap=30), Col("说明 explanation", wrap=90)])
    for item, text in _rules(framework, loaded):
        about.add([item, text])
    zh, en = FRAMEWORK_NAMES.get(framework, (framework, framework))
    return workbook_bytes(
        [about, reports, sheet],
        year=max(x.ref.year for x in loaded),
        creator="healthcheck",
        title=f"Comparison across reports: {en}",
    )


def _status(key: str) -> str | None:
    if not key:
        return None
    zh, en = STATUS.get(key, (key, key))
    return f"{zh} {en}"


def _rules(framework: str, loaded: Sequence[Loaded]) -> list[tuple[str, str]]:
    """What the comparison's ranks mean, for the About sheet and the page."""
    series = is_series(loaded)
    among = (
        "同一项目的各年份，按年份标注，在全部年份中排名 / years of one project, labelled by "
        "year, ranked over all the years"
        if series
        else "同一报告年的各报告之间排名 / ranked among the reports of the same report year"
    )
    rules = [
        ("排名范围 ranked among", among),
        ("方向 direction", "up：数值越高排名越前；down：越低越前 / up: the highest value "
                          "ranks first; down: the lowest"),
        ("并列 ties", f"{_pair(TIED)}：取并列中的最好名次，其后名次跳过（1, 1, 3）/ tied values "
                    "share the best rank of the tie and the next rank is skipped (1, 1, 3)"),
        ("缺失 missing", "报告无此指标、无数值或本市不适用：列出但不排名 / a report without the "
                       "indicator or its value, or that does not apply it: listed, not ranked"),
        ("不排名 not ranked", "; ".join(_pair(p) for p in (DIFFERENT, CITY_ADDED, LEDGER_COUNT,
                                                           NO_DIRECTION, TOO_FEW))),
        ("示意数据 illustrative", _pair(ILLUSTRATIVE_NOTE) + "（行底色标出 / rows shaded）"),
    ]  # fmt: skip
    if framework == NATIONAL:
        rules.append(("本市阈值 the city's threshold", _pair(OWN_THRESHOLD)))
    return rules


def _pair(p: tuple[str, str]) -> str:
    return f"{p[0]} / {p[1]}"


# --------------------------------------------------------------------------------------------
# The page


def comparison_page(
    frame: pd.DataFrame, framework: str, loaded: Sequence[Loaded], path: Path
) -> str:
    """``comparison-<framework>.html`` (to be written at ``path``: the links to the reports
    are relative to its folder)."""
    series = is_series(loaded)
    zh, en = FRAMEWORK_NAMES.get(framework, (framework, framework))
    shown = dict(zip(report_labels(loaded), report_labels(loaded, by_year=series), strict=True))
    labels = list(shown.values())
    indicators = [
        _indicator(framework, g, series, shown) for _, g in frame.groupby("indicator", sort=False)
    ]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(Path(__file__).parent)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env.get_template(TEMPLATE).render(
        framework=framework, framework_zh=zh, framework_en=en, series=series,
        reports=[_report(x, lab, path) for x, lab in zip(loaded, labels, strict=True)],
        labels=labels, indicators=indicators, rules=_rules(framework, loaded),
        ranked=sum(1 for i in indicators if i["chart"]), column=grade_column(framework),
    )  # fmt: skip


def _report(x: Loaded, label: str, page: Path) -> dict[str, Any]:
    pdf = Path(x.ref.build_dir) / "report.pdf"
    if not pdf.is_file():
        pdf = Path(x.ref.build_dir) / str(x.ref.year) / "report.pdf"
    try:
        href = os.path.relpath(pdf.resolve(), page.resolve().parent)
    except ValueError:  # another drive (Windows)
        href = pdf.resolve().as_uri()
    return {"label": label, "name": x.ref.label, "year": x.ref.year, "city": x.city_zh,
            "href": href.replace(os.sep, "/") if pdf.is_file() else None}  # fmt: skip


def _indicator(
    framework: str, g: pd.DataFrame, series: bool, shown: dict[str, str]
) -> dict[str, Any]:
    """One indicator's part of the page; ``shown``: the report's name in the frame -> on the
    page (its year in a time series)."""
    first = g.iloc[0]
    digits = _digits(g["value"])
    rows = g.sort_values(["year"], kind="stable") if series else g
    entries = []
    for r in _tuples(rows):
        zh, en, sym = verdict_label(framework, r.verdict)
        entries.append({
            "label": shown[r.report], "rank": _int(r.rank),
            "tied": bool(r.tied), "of": _int(r.ranked_of),
            "value": None if pd.isna(r.value) else f"{float(r.value):,.{digits}f}",
            "value_year": _int(r.value_year), "status": _status(r.status) or "—",
            "illustrative": bool(r.illustrative), "verdict": r.verdict or "",
            "verdict_zh": zh, "verdict_en": en, "symbol": sym, "note": r.note,
        })  # fmt: skip
    drawn = [e for e, r in zip(entries, _tuples(rows), strict=True)
             if r.rank is not None and not pd.isna(r.rank)]  # fmt: skip
    chart = None
    if drawn:
        chart = _svg(first, [r for r in _tuples(rows) if not pd.isna(r.rank)], shown)
    return {
        "id": first["indicator"], "name_zh": first["name_zh"], "name_en": first["name_en"],
        "unit": unit_label(str(first["unit_zh"]), str(first["unit_en"])),
        "direction": first["direction"], "entries": entries, "chart": chart,
        "missing": [e["label"] for e in entries if e["value"] is None],
        "unranked": _unranked_reason(g) if not drawn else "",
    }  # fmt: skip


def _unranked_reason(g: pd.DataFrame) -> str:
    """The indicator's reason for not being ranked (the notes of its rows with a value)."""
    notes = [str(n) for n, v in zip(g["note"], g["value"], strict=True) if not pd.isna(v) and n]
    return notes[0] if notes else "无可比数值 / no comparable values"


def _svg(first: pd.Series, rows: list[Any], shown: dict[str, str]) -> markupsafe.Markup:
    values = [
        RankedValue(
            label=shown[r.report],
            value=float(r.value),
            rank=int(r.rank),
            status=r.status or "illustrative",
            tied=bool(r.tied),
        )
        for r in rows
    ]
    fig = comparison_chart(
        values,
        ident=str(first["indicator"]),
        name_zh=str(first["name_zh"]),
        name_en=str(first["name_en"]),
        unit_zh=str(first["unit_zh"]),
        unit_en=str(first["unit_en"]),
        direction=str(first["direction"]),
    )
    text = svg_bytes(fig).decode("utf-8")
    text = prefix_ids(text[text.find("<svg") :], f"c-{first['indicator']}-")
    return markupsafe.Markup(text)  # the chart is ours: matplotlib escapes its text


_ID = re.compile(r'(\bid="|url\(#|href="#)([^"()]+)')


def prefix_ids(svg: str, prefix: str) -> str:
    """The SVG with every id (and reference to one) prefixed: several charts inline in one
    page must not share an id (matplotlib numbers them "figure_1", "axes_1" in every chart)."""
    return _ID.sub(lambda m: m.group(1) + prefix + m.group(2), svg)
