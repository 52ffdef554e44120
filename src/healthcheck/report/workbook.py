"""The workbook (report.xlsx): a first sheet "说明 About" (the sheets, the statuses, the formats
and the sources), the scorecard, one sheet per domain, the districts, the data and every
notebook table whole (each named as the PDF names it).

For an analyst: numbers are numbers with number formats (:mod:`.sheets`), every sheet is an
Excel table (a ListObject, with its filter buttons) under a frozen header row, and column widths
count a Chinese character as two.  Text is always stored as text, never as a formula, and a
text that begins like a formula carries Excel's quote prefix, so that editing the cell keeps it
text (:func:`healthcheck.spreadsheet.keep_text`).  Written with openpyxl (the project's Excel
library; its ``Table`` writes the ListObject).

Provenance as in the PDF: "示意数据 Illustrative" marks a value whose own status is
illustrative; "判定依据含示意数据 Verdict rests on illustrative values" names the years of the
illustrative values a verdict rests on.  A row with either is shaded.  Member dates and the
document's times come from the report year, so equal inputs give equal bytes."""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as XlCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from healthcheck.report import sheets
from healthcheck.report.document import Document
from healthcheck.report.sheets import ILLUSTRATIVE, VERDICT_ILLUSTRATIVE, Num, Sheet
from healthcheck.report.sheets_national import national_scorecard
from healthcheck.spreadsheet import keep_text
from healthcheck.tables import display_width

__all__ = [
    "ILLUSTRATIVE",
    "VERDICT_ILLUSTRATIVE",
    "render",
    "table_name",
    "text_width",
    "workbook_bytes",
]

_FLAG = PatternFill("solid", fgColor="FFF2CC")
_STYLE = "TableStyleLight9"
#: column widths, in characters of the default font (a CJK character counts two)
MIN_WIDTH, MAX_WIDTH, MAX_HEAD_WIDTH = 6.0, 60.0, 28.0
#: the height of a line of wrapped text, in points (11-point text, Chinese included)
LINE_HEIGHT = 15.0


def _sheets(doc: Document) -> list[Sheet]:
    res = doc.report.results
    u = sheets.units(doc)
    national = res.framework == "mohurd_2025"
    scorecard = national_scorecard if national else sheets.scorecard
    card = scorecard(doc, "scorecard", res.rows.values(), u)
    card.about_zh, card.about_en = (
        ("全部指标的定级：数值、参考值、城市的选择、定级及其理由",
         "Every indicator's grade: value, reference, the city's choice, grade and reason")
        if national
        else ("全部指标的评估：现值、基期值、目标值、完成率、进度差与两项判定",
              "Every indicator's assessment: value, baseline, target, completion, schedule "
              "gap and both verdicts")
    )  # fmt: skip
    out = [card]
    for d in res.plan.domains:
        mine = [res.rows[i.id] for i in res.plan.indicators_of(d.id)]
        sheet = scorecard(doc, d.id[:31], mine, u)
        sheet.about_zh = f"{d.title_zh}领域的指标（列同 scorecard）"
        sheet.about_en = f"The indicators of {d.title_en} (the columns of the scorecard)"
        out.append(sheet)
    dist = sheets.districts(doc, u)
    dist.about_zh = "各区数值、全市目标、与目标之差、是否达标及在各区中的排名（1为最好）"
    dist.about_en = ("District values, the city target, the gap to it, whether it is met and "
                     "the rank among the districts (1 = best)")  # fmt: skip
    data = sheets.data(doc, u)
    one = res.plan.district_report is not None  # a district's report: its own values
    data.about_zh = (
        f"报告使用的全部{'全区' if one else '全市'}数值（{doc.report.year}年及以前，含背景数据），"
        "附状态、来源与备注"
    )
    data.about_en = (f"Every {'district' if one else 'city-level'} value the report uses (up to "
                     f"{doc.report.year}, context series included), with its status, source "
                     "and note")  # fmt: skip
    # the national check compares no districts, nor has a district's report any below it
    out += [data] if national or not res.plan.districts else [dist, data]
    out += sheets.notebook_tables(doc, {s.name for s in out})
    return [sheets.about(doc, out), *out]


def text_width(text: str) -> int:
    """The width of ``text`` in characters of a Latin font: a wide (CJK) character counts two;
    the longest line of a text with line breaks."""
    return max((display_width(line) for line in text.splitlines()), default=0)


def table_name(sheet: str, taken: set[str]) -> str:
    """A valid, unique name for the Excel table of ``sheet``: letters, digits and underscores,
    starting ``tbl_`` (never a cell reference such as ``A1`` or ``R1C1``); unique ignoring case."""
    base = "tbl_" + (re.sub(r"[^0-9A-Za-z_]+", "_", sheet).strip("_") or "sheet")
    name, n = base[:250], 1
    while name.lower() in taken:
        n += 1
        name = f"{base[:245]}_{n}"
    taken.add(name.lower())
    return name


def _put(cell: XlCell, value: Any, fmt: str | None) -> int:
    """Write a value; return its width in characters."""
    if value is None:
        return 0
    if isinstance(value, Num):
        cell.value, cell.number_format = value.value, value.fmt
        return len(f"{value.value:,.3f}") + 1
    if isinstance(value, str):
        cell.value = value
        keep_text(cell)
        return text_width(value)
    cell.value = value
    if fmt and not isinstance(value, bool):
        cell.number_format = fmt
    return len(f"{value:,}") + 2 if isinstance(value, int | float) else len(str(value))


def _heights(ws: Worksheet, sheet: Sheet, widths: list[float]) -> None:
    """The height of the header and of each row with wrapped text, from its lines
    (spreadsheet programs do not all fit the height of a row when they open a file)."""
    pairs = zip(sheet.cols, widths, strict=True)
    head = max(math.ceil(text_width(c.head) / max(1.0, w - 2)) for c, w in pairs)
    if head > 1:  # the header wraps
        ws.row_dimensions[1].height = LINE_HEIGHT * head
    wrapped = [k for k, c in enumerate(sheet.cols) if c.wrap]
    for j, row in enumerate(sheet.rows, start=2):
        texts = [(t, widths[k]) for k in wrapped if isinstance(t := row[k], str)]
        lines = max((math.ceil(text_width(t) / max(1.0, w - 2)) for t, w in texts), default=1)
        if lines > 1:
            ws.row_dimensions[j].height = LINE_HEIGHT * lines


def _write(ws: Worksheet, sheet: Sheet, taken: set[str]) -> None:
    widths = []
    for k, col in enumerate(sheet.cols, start=1):
        head = ws.cell(1, k)
        _put(head, col.head, None)
        head.font = Font(bold=True)
        head.alignment = Alignment(wrap_text=True, vertical="top")
        widths.append(min(MAX_HEAD_WIDTH, text_width(col.head) + 2))
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top") if any(c.wrap for c in sheet.cols) else None
    for j, (row, flagged) in enumerate(zip(sheet.rows, sheet.flagged, strict=True), start=2):
        for k, (value, col) in enumerate(zip(row, sheet.cols, strict=True), start=1):
            cell = ws.cell(j, k)
            widths[k - 1] = max(widths[k - 1], _put(cell, value, col.fmt) + 2)
            if col.wrap:
                cell.alignment = wrap
            elif top:
                cell.alignment = top
            if flagged:
                cell.fill = _FLAG
    for k, (w, col) in enumerate(zip(widths, sheet.cols, strict=True), start=1):
        widths[k - 1] = max(MIN_WIDTH, min(col.wrap or MAX_WIDTH, w))
        ws.column_dimensions[get_column_letter(k)].width = widths[k - 1]
    _heights(ws, sheet, widths)
    last = max(2, len(sheet.rows) + 1)  # a table has at least one (empty) data row
    ref = f"A1:{get_column_letter(len(sheet.cols))}{last}"
    table = Table(displayName=table_name(sheet.name, taken), ref=ref)
    table.tableStyleInfo = TableStyleInfo(name=_STYLE, showRowStripes=True)
    ws.add_table(table)
    ws.freeze_panes = "A2" if sheet.name == "说明 About" else "B2"


def render(doc: Document) -> dict[str, bytes]:
    """report.xlsx."""
    data = workbook_bytes(
        _sheets(doc),
        year=doc.report.year,
        creator=doc.report.plan.author_en or "healthcheck",
        title=doc.context["title_en"],
    )
    return {"report.xlsx": data}


def workbook_bytes(sheets: Sequence[Sheet], *, year: int, creator: str, title: str) -> bytes:
    """A workbook of ``sheets`` in the report's conventions (numbers as numbers, text never a
    formula, an Excel table with filter buttons under a frozen header per sheet, shaded
    illustrative rows), dated the last day of ``year`` so that equal sheets give equal bytes."""
    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for sheet in sheets:
        _write(book.create_sheet(sheet.name), sheet, taken)
    props = book.properties
    stamp = dt.datetime(year, 12, 31)
    props.created = stamp
    props.modified = stamp
    props.creator = creator
    props.title = title
    buf = io.BytesIO()
    book.save(buf)
    return _normalise_zip(buf.getvalue(), year)


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
