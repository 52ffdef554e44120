"""The look shared by every form: the fills, the first sheet's instructions, row heights and
the print set-up."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from healthcheck.inputs.plan import Plan

__all__ = ["FILL", "HEAD", "NAMES", "cover_lines", "instructions", "print_setup", "row_height"]

FILL = PatternFill("solid", fgColor="FFF2CC")  # the cells to fill: pale yellow
HEAD = PatternFill("solid", fgColor="D9E1F2")  # row 1, the labels
NAMES = PatternFill("solid", fgColor="EDEDED")  # row 2, the column names


def print_setup(ws: Worksheet, landscape: bool) -> None:
    """A4, one page wide."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


def cover_lines(
    plan: Plan, year: int, deadline: dt.date | None, part: tuple[str, str]
) -> list[tuple[str, str]]:
    """The first lines of a form's instructions: title, part, plan, year, deadline."""
    due_zh = f"{deadline.year}年{deadline.month}月{deadline.day}日" if deadline else "（另行通知）"
    due_en = f"{deadline.day} {deadline:%B %Y}" if deadline else "(to be announced)"
    return [
        (f"{plan.city_zh}{year}年城市体检数据填报表", f"{plan.city_en}: data for {year}"),
        (f"填报部分：{part[0]}", f"Part: {part[1]}"),
        (f"规划：{plan.title_zh}", f"Plan: {plan.title_en}"),
        (f"数据年份：{year}年", f"Data year: {year}"),
        (f"报送截止日期：{due_zh}", f"Return by: {due_en}"),
    ]


def instructions(ws: Worksheet, lines: list[tuple[str, str]], headings: Collection[int]) -> None:
    """The instructions sheet: each (Chinese, English) line as two rows, the English in grey;
    line 0 is the title, the lines numbered in ``headings`` bold; ("", "") a blank row."""
    width = 70  # fits an A4 page upright
    ws.column_dimensions["A"].width = width
    for n, (zh, en) in enumerate(lines):
        if not zh:
            ws.append([None])
            continue
        size = 14 if n == 0 else None
        for text, color in ((zh, None), (en, "595959")):
            ws.append([text])
            cell = ws.cell(ws.max_row, 1)
            cell.font = Font(bold=n == 0 or n in headings, size=size, color=color)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            ws.row_dimensions[ws.max_row].height = row_height([(text, width)], size or 11)
    print_setup(ws, landscape=False)
    ws.protection.sheet = True


def row_height(cells: list[tuple[str, float]], size: float = 11) -> float:
    """A row height (points) that shows every wrapped ``(text, column width)`` whole: Excel and
    LibreOffice keep the height stored in the file, and openpyxl stores none of its own.  A
    CJK character counts 1.8 widths, another 1.2 (generous: a row too tall hides nothing)."""
    lines = 1
    for text, width in cells:
        n = sum(
            max(1, math.ceil(sum(1.8 if ord(ch) > 0x2E7F else 1.2 for ch in part) / (width - 2)))
            for part in text.split("\n")
        )
        lines = max(lines, n)
    return round(lines * size * 1.35 + 2, 1)
