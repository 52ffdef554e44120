"""The workbook (report.xlsx): the scorecard, one sheet per domain, the districts and the data.

Provenance as in the PDF: "示意数据 Illustrative" marks a value whose own status is
illustrative; "判定依据含示意数据 Verdict rests on illustrative values" names the years of the
illustrative values a verdict rests on.  A row with either is shaded.  Member dates and the
document's times come from the report year, so equal inputs give equal bytes."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable
from typing import Any

import pandas as pd
from openpyxl.styles import Alignment, Font, PatternFill

from healthcheck.report.context.data import observation_rows
from healthcheck.report.context.districts import district_views
from healthcheck.report.context.tabular import sheet_name
from healthcheck.report.document import Document
from healthcheck.results.model import IndicatorRow

__all__ = ["render"]

ILLUSTRATIVE = "示意数据 Illustrative"
VERDICT_ILLUSTRATIVE = "判定依据含示意数据 Verdict rests on illustrative values"
_FLAGS = (ILLUSTRATIVE, VERDICT_ILLUSTRATIVE)
_ILLUS = "示意 illustrative"

_HEAD = {
    "id": "编号 ID", "indicator": "指标 Indicator (zh)", "indicator_en": "指标 Indicator (en)",
    "domain": "领域 Domain", "unit": "单位 Unit", "year": "年份 Year", "value": "现值 Value",
    "baseline": "基期值 Baseline", "target": "目标值 Target", "completion": "完成率 Completion",
    "gap": "进度差(百分点) Schedule gap (pp)", "verdict": "时序判定 Schedule verdict",
    "category": "国际分类 International category", "sentence_zh": "说明 Note (zh)",
    "sentence_en": "说明 Note (en)", "status": "状态 Status", "source": "来源 Source",
    "remark": "备注 Note", "area": "区 District", "rank": "排名 Rank",
    "meets": "达标 Meets target", "threshold_by": "目标来源 Target set by",
}  # fmt: skip


def _scorecard(rows: Iterable[IndicatorRow], views: dict[str, dict[str, Any]]) -> pd.DataFrame:
    out = []
    for r in rows:
        v = views[r.id]
        out.append({
            _HEAD["id"]: r.id, _HEAD["domain"]: r.domain,
            _HEAD["indicator"]: v["name_zh"], _HEAD["indicator_en"]: v["name_en"],
            _HEAD["unit"]: f"{r.unit_zh} / {r.unit_en}" if r.unit_zh else "",
            _HEAD["baseline"]: r.baseline, _HEAD["year"]: r.year, _HEAD["value"]: r.value,
            _HEAD["target"]: r.target_value,
            _HEAD["threshold_by"]: "分析组 analysts" if v["analysts"] else "规划 plan",
            _HEAD["completion"]: f"{v['completion_note_zh']} {v['completion_note_en']}"
            if v["completion_note_zh"]
            else round(r.completion, 6) if r.completion is not None else None,
            _HEAD["gap"]: round(r.schedule_gap * 100, 3) if r.schedule_gap is not None else None,
            _HEAD["verdict"]: f"{v['verdict']['sym']} {v['verdict']['zh']} {v['verdict']['en']}",
            _HEAD["category"]: f"{v['category']['sym']} {v['category']['zh']} "
            f"{v['category']['en']}",
            ILLUSTRATIVE: _ILLUS if v["value_illustrative"] else "",
            VERDICT_ILLUSTRATIVE: ", ".join(str(y) for y in v["illustrative_years"])
            if v["verdict_illustrative"] else "",
            _HEAD["sentence_zh"]: v["sentence_zh"], _HEAD["sentence_en"]: v["sentence_en"],
        })  # fmt: skip
    return pd.DataFrame(out)


def _districts(doc: Document) -> pd.DataFrame:
    rows = []
    for d in district_views(doc.report):
        for r in d["rows"]:
            rows.append({
                _HEAD["area"]: f"{d['name_zh']} {d['name_en']} ({d['code']})",
                _HEAD["id"]: r["id"], _HEAD["indicator"]: r["name_zh"],
                _HEAD["indicator_en"]: r["name_en"], _HEAD["year"]: r["year"],
                _HEAD["value"]: f"{r['value_zh']} / {r['value_en']}",
                _HEAD["target"]: f"{r['target_zh']} / {r['target_en']}",
                _HEAD["meets"]: "" if r["meets"] is None else ("是 yes" if r["meets"] else "否 no"),
                _HEAD["rank"]: f"{r['rank']}/{r['of']}" if r["rank"] else "",
                ILLUSTRATIVE: _ILLUS if r["illustrative"] else "",
            })  # fmt: skip
    return pd.DataFrame(rows)


def _data(doc: Document) -> pd.DataFrame:
    rows = observation_rows(doc.report.plan, doc.report.results.observations, doc.report.year)
    return pd.DataFrame([{
        _HEAD["id"]: r["id"], _HEAD["indicator"]: r["name_zh"], _HEAD["indicator_en"]: r["name_en"],
        _HEAD["year"]: r["year"], _HEAD["value"]: f"{r['value_zh']} / {r['value_en']}",
        _HEAD["status"]: f"{r['status_zh']} {r['status_en']}", _HEAD["source"]: r["source"],
        _HEAD["remark"]: r["note"], ILLUSTRATIVE: _ILLUS if r["illustrative"] else "",
    } for r in rows])  # fmt: skip


def _sheets(doc: Document) -> list[tuple[str, pd.DataFrame]]:
    res, views = doc.report.results, doc.report.views
    sheets = [("scorecard", _scorecard(res.rows.values(), views))]
    for d in res.plan.domains:
        mine = [res.rows[i.id] for i in res.plan.indicators_of(d.id)]
        sheets.append((d.id[:31], _scorecard(mine, views)))
    sheets.append(("districts", _districts(doc)))
    sheets.append(("data", _data(doc)))
    return sheets + _notebook_tables(doc)


def _notebook_tables(doc: Document) -> list[tuple[str, pd.DataFrame]]:
    """Each domain's notebook tables, whole, as the sheets the PDF names
    (:func:`healthcheck.report.context.tabular.sheet_name`)."""
    res = doc.report.results
    out: list[tuple[str, pd.DataFrame]] = []
    taken = {"scorecard", "districts", "data", *(d.id[:31] for d in res.plan.domains)}
    for dom in res.domains:
        for t in dom.tables:
            name = sheet_name(dom.domain, t)
            if name in taken:
                continue
            taken.add(name)
            rows = res.store.table_rows(dom.domain, t)
            if rows:
                out.append((name, pd.DataFrame(rows[1:], columns=rows[0])))
    return out


def _format(ws: Any, frame: pd.DataFrame) -> None:
    flag = PatternFill("solid", fgColor="FFF2CC")
    ws.freeze_panes = "B2"
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    cols = list(frame.columns)
    for k, col in enumerate(cols, start=1):
        width = max([len(str(col))] + [len(str(x)) for x in frame[col].head(200)])
        ws.column_dimensions[ws.cell(1, k).column_letter].width = min(48, width + 2)
    marks = [cols.index(c) for c in _FLAGS if c in cols]
    for row in ws.iter_rows(min_row=2):
        if any(row[k].value for k in marks):
            for cell in row:
                cell.fill = flag


def render(doc: Document) -> dict[str, bytes]:
    """report.xlsx."""
    year = doc.report.year
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for name, frame in _sheets(doc):
            frame.to_excel(writer, sheet_name=name, index=False)
            _format(writer.sheets[name], frame)
        props = writer.book.properties
        stamp = dt.datetime(year, 12, 31)
        props.created = stamp
        props.modified = stamp
        props.creator = doc.report.plan.author_en or "healthcheck"
        props.title = doc.context["title_en"]
    return {"report.xlsx": _normalise_zip(buf.getvalue(), year)}


def _normalise_zip(data: bytes, year: int) -> bytes:
    """The workbook with fixed member dates and core.xml times, so equal inputs give equal
    bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    stamp = f"{year}-12-31T00:00:00Z"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms)",
                    rb"\g<1>" + stamp.encode() + rb"\g<2>",
                    body,
                )
            zi = zipfile.ZipInfo(info.filename, date_time=(year, 12, 31, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, body)
    return out.getvalue()
