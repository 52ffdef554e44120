"""The look shared by every form: the fills and the print set-up."""

from __future__ import annotations

from openpyxl.styles import PatternFill
from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["FILL", "HEAD", "NAMES", "print_setup"]

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
