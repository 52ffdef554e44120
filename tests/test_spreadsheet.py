"""The formula-injection rule: a workbook cell that holds a string is text, whatever it begins
with (the CSV half is tested with the report's files in tests/report/test_workbook_types.py)."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from healthcheck.spreadsheet import keep_text


@pytest.mark.parametrize(
    ("typed", "stored", "prefix"),
    [
        ('=HYPERLINK("http://x","y")', '=HYPERLINK("http://x","y")', True),
        ("=cmd|'/C calc'!A0", "=cmd|'/C calc'!A0", True),
        ("@SUM(1)", "@SUM(1)", True),
        ("-2+3", "-2+3", True),
        ("\t=1+1", "\t=1+1", True),
        ("\r=1+1", "\n=1+1", False),  # a CR does not survive the XML: written as a line feed
        (" =1+1", " =1+1", False),  # a leading space: no spreadsheet runs it (LibreOffice, Excel)
        ("-3.5", "-3.5", False),  # a number typed as text is no formula
        ("plain", "plain", False),
    ],
)
def test_a_string_is_written_as_text_never_a_formula(typed: str, stored: str, prefix: bool):
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append([typed, 2.5])  # openpyxl itself takes "=..." for a formula
    for cell in ws[1]:
        keep_text(cell)
    buf = io.BytesIO()
    wb.save(buf)
    back = load_workbook(buf).active
    assert back is not None
    text, number = back["A1"], back["B1"]
    assert (text.value, text.data_type, bool(text.quotePrefix)) == (stored, "s", prefix)
    assert (number.value, number.data_type) == (2.5, "n")
