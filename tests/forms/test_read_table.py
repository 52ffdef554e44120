"""The cell rules of ledger and survey forms (the whole forms: tests/forms/test_collect_table.py):
what a cell becomes in the CSV file, and what is refused."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from healthcheck.forms import layout as L
from healthcheck.forms.national import TableColumn
from healthcheck.forms.read_table import canonical, table_cell

LON = TableColumn("lon", "经度", "Longitude", rule=L.ValueRule("decimal", 73, 136, "经度", "lon"))


def value_of(value: object, column: TableColumn, form: str = "ledger") -> tuple[str, object]:
    ws = openpyxl.Workbook().active
    assert ws is not None
    ws["A1"] = value
    return table_cell(ws["A1"], column, form)


@pytest.mark.parametrize(
    ("column", "text", "numeric", "want"),
    [("severity", "一般", False, "general"), ("severity", "very serious", False, "very_serious"),
     ("status", "整治中", False, "in_progress"), ("unit_type", "building", False, "楼栋"),
     ("severity", "很严重", False, "很严重"), ("lon", "114.28450", True, "114.2845"),
     ("quantity", "1.0", True, "1"), ("lon", "east", True, "east"), ("note", " x ", False, "x")],
)  # fmt: skip
def test_canonical_spelling(column: str, text: str, numeric: bool, want: str) -> None:
    assert canonical("ledger", column, text, numeric) == want


def test_the_survey_keeps_its_codes() -> None:
    assert canonical("survey", "status", "整治中") == "整治中"  # not the ledger's status


def test_cells() -> None:
    text = TableColumn("residence", "居住年限", "Residence")
    assert value_of("1-5", text) == ("1-5", None)
    assert value_of(420103003004.0, text) == ("420103003004", None)
    assert value_of(114.2845, LON) == ("114.2845", None)
    assert value_of("114,3", LON)[1] is not None  # a decimal comma: not a number
    assert value_of(200, LON) == ("", ("'200'", "lon / 经度 (the form's rule: a pasted value "
                                       "skips Excel's check)"))  # fmt: skip
    assert value_of("=1+1", text) == ("", ("a formula '=1+1'", "a typed entry (the form puts "
                                           "no formula here; paste values only)"))  # fmt: skip
    found, why = value_of(dt.datetime(2026, 1, 5), text)
    assert found == "" and why is not None
    assert why[0] == "a date or time (2026-01-05, stored as 46027)"
    assert value_of(True, text)[1] is not None
    assert value_of(None, text) == ("", None)


def test_dates_excel_made_in_date_columns() -> None:
    found = TableColumn("found", "发现日期", "Found")
    due = TableColumn("due", "整治期限", "Due")
    assert value_of(dt.datetime(2025, 3, 4), found) == ("2025-03-04", None)
    assert value_of(dt.datetime(2025, 12, 1), due) == ("2025-12", None)
    assert value_of(dt.datetime(2025, 12, 5), due)[1] is not None  # not a month
    assert value_of(dt.datetime(2025, 3, 4, 10, 30), found)[1] is not None  # a time of day
