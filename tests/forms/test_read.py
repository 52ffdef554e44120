"""Reading returned forms: every case of a bureau's workbook, each located by sheet and cell.

The forms here are built with openpyxl from :mod:`healthcheck.forms.layout` alone (the writer
has its own tests; the round trip uses it), so that each case is one small edit of a good form.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from healthcheck.forms.layout import (
    CITY_SHEET,
    COLUMNS,
    DISTRICT_SHEET,
    FIRST_DATA_ROW,
    META_SHEET,
    MILESTONE,
    NAME_ROW,
    NON_NEGATIVE,
    PERCENT,
    FormMeta,
    FormRow,
    column_index,
    meta_rows,
)
from healthcheck.forms.read import read_forms

RULES = {"S01": PERCENT, "M01": MILESTONE, "T05": NON_NEGATIVE}
CITY = [("S01", ""), ("M01", ""), ("T05", "")]
DISTRICTS = [("S01", "420102"), ("S01", "420103")]


def make_form(  # type: ignore[no-untyped-def]
    path: Path,
    fill: dict[tuple[str, str], tuple[object, ...]],
    year: int = 2025,
    city: list[tuple[str, str]] = CITY,
    districts: list[tuple[str, str]] = DISTRICTS,
    digest: str = "digest",
):
    """A form of ``city`` and ``districts`` rows; ``fill`` gives (value, status, source, note)
    by key.  Returns the open workbook saved at ``path`` (edit it and save again)."""
    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    rows = []
    for sheet, keys in ((CITY_SHEET, city), (DISTRICT_SHEET, districts)):
        ws = wb.create_sheet(sheet)
        for c in COLUMNS:
            ws.cell(1, column_index(c.name), c.label)
            ws.cell(NAME_ROW, column_index(c.name), c.name)
        for n, (ind, area) in enumerate(keys):
            r = FIRST_DATA_ROW + n
            ws.cell(r, column_index("indicator"), ind)
            ws.cell(r, column_index("area"), area or None)
            for name, v in zip(
                ("value", "status", "source", "note"), fill.get((ind, area), ()), strict=False
            ):
                ws.cell(r, column_index(name), v)
            rows.append(FormRow(sheet, r, ind, area))
    meta = wb.create_sheet(META_SHEET)
    for line in meta_rows(FormMeta("plan", digest, year, "domain", "S", rows=tuple(rows))):
        meta.append(line)
    meta.sheet_state = "hidden"
    wb.save(path)
    return wb


GOOD = {
    ("S01", ""): (91.5, "official", "统计公报 2025", ""),
    ("M01", ""): (1, "reported", "news", "done"),
    ("T05", ""): ("1,234", "estimate", "derived", ""),
    ("S01", "420102"): ("９２．５", "illustrative", "", ""),
    ("S01", "420103"): (None, None, None, None),
}


def messages(paths: list[Path], year: int = 2025) -> list[str]:
    return sorted(str(p) for p in read_forms(paths, year, RULES).problems)


def test_a_good_form_gives_its_values_and_counts_the_empty_rows(tmp_path: Path) -> None:
    make_form(tmp_path / "S.xlsx", GOOD)
    out = read_forms([tmp_path / "S.xlsx"], 2025, RULES)
    assert out.problems == []
    got = {(v.indicator, v.area): (v.value, v.status, v.source) for v in out.values}
    assert got == {
        ("S01", ""): (91.5, "official", "统计公报 2025"),
        ("M01", ""): (1.0, "reported", "news"),
        ("T05", ""): (1234.0, "estimate", "derived"),  # a number stored as text, grouped
        ("S01", "420102"): (92.5, "illustrative", ""),  # full-width digits
    }
    assert out.empty == 1
    assert out.values[0].where == f"{tmp_path / 'S.xlsx'}:城市!K3"


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("S.xls", "an Excel 97-2003 workbook (.xls)"),
        ("S.ods", "an OpenDocument spreadsheet (.ods)"),
        ("S.xlsm", "a macro-enabled workbook (.xlsm; its macros are never run)"),
    ],
)
def test_other_formats_are_refused_unopened(tmp_path: Path, name: str, found: str) -> None:
    (tmp_path / name).write_bytes(b"not read")
    assert messages([tmp_path / name]) == [
        f"{tmp_path / name}:: found {found}; expected an .xlsx workbook as `healthcheck forms` "
        "wrote it (in Excel: Save As > Excel Workbook)"
    ]


def test_a_file_that_is_not_a_workbook(tmp_path: Path) -> None:
    (tmp_path / "S.xlsx").write_text("hello")
    [msg] = messages([tmp_path / "S.xlsx"])
    assert msg.startswith(f"{tmp_path / 'S.xlsx'}:: found a file that is not a workbook")


def edited(tmp_path: Path, edit, fill=GOOD) -> list[str]:  # type: ignore[no-untyped-def]
    path = tmp_path / "S.xlsx"
    wb = make_form(path, fill)
    edit(wb)
    wb.save(path)
    return [m.removeprefix(f"{path}:") for m in messages([path])]


def test_a_typed_formula_is_refused_and_located(tmp_path: Path) -> None:
    def edit(wb):  # type: ignore[no-untyped-def]
        wb[CITY_SHEET]["K3"] = "=90+1.5"
        wb[CITY_SHEET]["M4"] = "=A1"

    assert edited(tmp_path, edit) == [
        "城市!K3: found a formula '=90+1.5'; expected a typed entry (the form puts no formula "
        "here; paste values only)",
        "城市!M4: found a formula '=A1'; expected a typed entry (the form puts no formula "
        "here; paste values only)",
    ]


def test_a_date_made_of_a_number_is_refused_with_the_hint(tmp_path: Path) -> None:
    def edit(wb):  # type: ignore[no-untyped-def]
        wb[CITY_SHEET]["K5"] = dt.datetime(1903, 5, 18)

    [msg] = edited(tmp_path, edit)
    assert msg.startswith(
        "城市!K5: found a date or time (1903-05-18, stored as 1234); expected a number"
    )
    assert "set the cell's format to Number" in msg


def test_text_that_is_not_a_number_says_why(tmp_path: Path) -> None:
    def edit(wb):  # type: ignore[no-untyped-def]
        wb[CITY_SHEET]["K3"] = "95%"
        wb[CITY_SHEET]["K5"] = "1,5"

    assert edited(tmp_path, edit) == [
        "城市!K3: found '95%' (a number with the unit or text '%' typed in); expected a bare "
        "number with '.' as decimal point",
        "城市!K5: found '1,5' (not a number); expected a bare number with '.' as decimal point",
    ]


def test_a_minus_sign_u2212_is_a_minus(tmp_path: Path) -> None:
    def edit(wb):  # type: ignore[no-untyped-def]
        wb[CITY_SHEET]["K5"] = "\u22123"

    assert edited(tmp_path, edit) == [
        f"城市!K5: found '-3'; expected {NON_NEGATIVE.text_en} / {NON_NEGATIVE.text_zh} (the "
        "form's rule: a pasted value skips Excel's check)"
    ]


def test_values_outside_the_validation_are_refused(tmp_path: Path) -> None:
    def edit(wb):  # type: ignore[no-untyped-def]
        wb[CITY_SHEET]["K3"] = 101
        wb[CITY_SHEET]["K4"] = 0.5
        wb[DISTRICT_SHEET]["L3"] = "final"

    assert edited(tmp_path, edit) == [
        "分区!L3: found 'final'; expected one of official, reported, estimate, illustrative "
        "(the drop-down)",
        f"城市!K3: found '101'; expected {PERCENT.text_en} / {PERCENT.text_zh} (the form's rule: "
        "a pasted value skips Excel's check)",
        f"城市!K4: found '0.5'; expected {MILESTONE.text_en} / {MILESTONE.text_zh} (the form's "
        "rule: a pasted value skips Excel's check)",
    ]


def test_a_sourced_status_needs_its_source(tmp_path: Path) -> None:
    def edit(wb):  # type: ignore[no-untyped-def]
        wb[CITY_SHEET]["M3"] = None

    assert edited(tmp_path, edit) == [
        "城市!M3: found an empty cell; expected the source of an official value (publisher, "
        "title, date; address)"
    ]


def test_merged_and_hidden_rows(tmp_path: Path) -> None:
    def edit(wb):  # type: ignore[no-untyped-def]
        wb[CITY_SHEET].merge_cells("K4:K5")
        wb[DISTRICT_SHEET].row_dimensions[3].hidden = True
        wb[DISTRICT_SHEET].row_dimensions[4].hidden = True

    assert edited(tmp_path, edit) == [
        "分区!A3: found a hidden row (and 1 more hidden rows below); expected every row of the "
        "form visible (unhide the rows or clear the filter, and check their values)",
        "城市!K4:K5: found merged cells K4:K5; expected one cell per column and row (unmerge them)",
    ]


def test_a_sheet_renamed(tmp_path: Path) -> None:
    def edit(wb):  # type: ignore[no-untyped-def]
        wb[DISTRICT_SHEET].title = "Sheet1"

    assert edited(tmp_path, edit) == [
        "分区: found no sheet '分区' (the sheets are: 说明, 城市, Sheet1); expected the form's "
        "sheets with their names (a sheet renamed or deleted: use a fresh form)"
    ]


def test_a_sheet_deleted(tmp_path: Path) -> None:
    def edit(wb):  # type: ignore[no-untyped-def]
        del wb[CITY_SHEET]

    assert edited(tmp_path, edit) == [
        "城市: found no sheet '城市' (the sheets are: 说明, 分区); expected the form's sheets "
        "with their names (a sheet renamed or deleted: use a fresh form)"
    ]


def test_the_hidden_sheet_deleted(tmp_path: Path) -> None:
    def edit(wb):  # type: ignore[no-untyped-def]
        del wb[META_SHEET]

    assert edited(tmp_path, edit) == [
        ": found no hidden sheet '_form'; expected a form written by `healthcheck forms` "
        "(copy the values into a fresh form)"
    ]


def test_rows_inserted_and_deleted(tmp_path: Path) -> None:
    def edit(wb):  # type: ignore[no-untyped-def]
        wb[CITY_SHEET].insert_rows(4)
        wb[CITY_SHEET]["A4"] = "S99"
        wb[DISTRICT_SHEET].delete_rows(3)

    assert edited(tmp_path, edit) == [
        "分区!A3: found the id S01/420103 in row 3; expected S01/420102, as the form wrote it "
        "(rows inserted, deleted or moved: use a fresh form)",
        "分区!A4: found an empty row; expected S01/420103, as the form wrote it (a row deleted "
        "or cleared: use a fresh form)",
        "城市!A4: found the id S99 in row 4 (and 2 more rows below out of place); expected M01, "
        "as the form wrote it (rows inserted, deleted or moved: use a fresh form)",
    ]


def test_an_id_changed(tmp_path: Path) -> None:
    def edit(wb):  # type: ignore[no-untyped-def]
        wb[CITY_SHEET]["A4"] = "M02"

    assert edited(tmp_path, edit) == [
        "城市!A4: found the id M02; expected M01, as the form wrote it (ids are not edited)"
    ]


def test_a_form_of_another_year(tmp_path: Path) -> None:
    make_form(tmp_path / "S.xlsx", GOOD, year=2024)
    assert messages([tmp_path / "S.xlsx"]) == [
        f"{tmp_path / 'S.xlsx'}:_form: found a form for 2024; expected a form for 2025"
    ]


def test_two_workbooks_disagreeing_are_both_named(tmp_path: Path) -> None:
    make_form(tmp_path / "A.xlsx", GOOD)
    other = {**GOOD, ("S01", ""): (92, "official", "another bulletin", "")}
    make_form(tmp_path / "B.xlsx", other)
    assert messages([tmp_path / "A.xlsx", tmp_path / "B.xlsx"]) == [
        f"{tmp_path / 'B.xlsx'}:城市!K3: found 92 (official) for S01 (city), but "
        f"{tmp_path / 'A.xlsx'}:城市!K3 gives 91.5 (official); expected one value per indicator "
        "and area across the workbooks, with one source and note (correct one of the two)"
    ]


def test_two_workbooks_giving_one_value_from_two_sources_are_both_named(tmp_path: Path) -> None:
    """Keeping the first source silently would lose the second: it is a problem too."""
    make_form(tmp_path / "A.xlsx", GOOD)
    other = {**GOOD, ("S01", ""): (91.5, "official", "another bulletin", "")}
    make_form(tmp_path / "B.xlsx", other)
    [message] = messages([tmp_path / "A.xlsx", tmp_path / "B.xlsx"])
    assert message.startswith(f"{tmp_path / 'B.xlsx'}:城市!K3: found 91.5 (official) with source")
    assert "'another bulletin'" in message and "'统计公报 2025'" in message
    assert f"{tmp_path / 'A.xlsx'}:城市!K3 gives 91.5 (official)" in message


def test_every_problem_of_every_workbook_at_once(tmp_path: Path) -> None:
    (tmp_path / "X.ods").write_bytes(b"")
    wb = make_form(tmp_path / "S.xlsx", GOOD)
    wb[CITY_SHEET]["K3"] = "=1"
    wb[CITY_SHEET]["K5"] = dt.date(2025, 1, 1)
    wb.save(tmp_path / "S.xlsx")
    out = read_forms([tmp_path / "X.ods", tmp_path / "S.xlsx"], 2025, RULES)
    assert [p.column for p in out.problems] == [None, "城市!K3", "城市!K5"]
    assert {(v.indicator, v.area) for v in out.values} == {("M01", ""), ("S01", "420102")}
