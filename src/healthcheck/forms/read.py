"""Reading returned forms: a workbook filled by a bureau → the values it gives, and every problem.

:func:`open_form` opens a workbook and reads what its hidden ``_form`` sheet records (the kind
of form, the year, the plan's digest, the rows written); :func:`read_observation_form` reads an
observation form (ledger and survey forms: :mod:`healthcheck.forms.read_table`), and
:func:`read_forms` reads observation forms of one year and returns the values found with the
problems of all of them at once, each located by file, sheet and cell (``交通.xlsx:城市!K7: found …;
expected …``).  A form is read against what :mod:`healthcheck.forms.layout` says it was written
with (its hidden ``_form`` sheet), so that a renamed or deleted sheet, an edited id, rows
inserted, deleted, hidden or merged are told apart from a value that is merely wrong.

openpyxl reads (not in read-only mode): only it sees formulas, hidden rows and merged cells.
python-calamine reads values about ten times faster, but a form has at most a few thousand rows
(about 0.75 s with openpyxl for 3000), and a second reader for the values alone is not worth it.
Macros are never run: ``.xlsm`` (and ``.xls``, ``.ods``) are refused before anything is opened.
A formula's cached value would be used only in a cell where the form put a formula; the form
puts none in the cells to fill, so a formula there is refused (located).
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.cell.cell import Cell
from openpyxl.utils.datetime import to_excel
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from healthcheck.errors import Problem
from healthcheck.forms.layout import (
    COLUMNS,
    DATA_SHEETS,
    FIRST_DATA_ROW,
    META_SHEET,
    NAME_ROW,
    STATUSES,
    FormMeta,
    ValueRule,
    column_index,
    column_letter,
    read_meta,
)
from healthcheck.inputs.spec import SOURCED, parse_number

__all__ = [
    "CellProblem", "Reading", "Value", "merge_values", "missing_sheet", "open_form",
    "cell_text", "date_text", "merged_problems", "read_forms", "read_observation_form",
    "show_cell", "year_problem",
]  # fmt: skip

#: suffixes refused, with why
REFUSED = {
    ".xlsm": "a macro-enabled workbook (.xlsm; its macros are never run)",
    ".xls": "an Excel 97-2003 workbook (.xls)",
    ".ods": "an OpenDocument spreadsheet (.ods)",
}
SAVE_AS = "an .xlsx workbook as `healthcheck forms` wrote it (in Excel: Save As > Excel Workbook)"


@dataclass(frozen=True, order=True)
class CellProblem(Problem):
    """A problem located in a workbook: ``column`` holds ``sheet!cell`` (or the sheet, or
    nothing), ``row`` the sheet's row for sorting."""

    def __str__(self) -> str:
        where = f"{self.file}:{self.column}" if self.column else f"{self.file}:"
        return f"{where}: found {self.found}; expected {self.expected}"


def _at(file: str, sheet: str, column: str, row: int, found: str, expected: str) -> CellProblem:
    return CellProblem(file, row, f"{sheet}!{column_letter(column)}{row}", found, expected)


@dataclass(frozen=True)
class Value:
    """One value a form gives: an observation row, and the cell it came from."""

    indicator: str
    area: str
    value: float
    status: str
    source: str
    note: str
    where: str  # file:sheet!cell of the value


@dataclass
class Reading:
    """What :func:`read_forms` found: the values, the problems, and the fill rows left empty."""

    values: list[Value] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    empty: int = 0


def read_forms(paths: Iterable[str | Path], year: int, rules: Mapping[str, ValueRule]) -> Reading:
    """Read every form; ``rules`` maps each series the plan has to the rule on its value."""
    return merge_values([_read_form(Path(p), year, rules) for p in paths])


def merge_values(readings: Iterable[Reading]) -> Reading:
    """The readings of several forms as one.  Two workbooks giving the same indicator and area
    differently -- another value, status, source or note -- is a problem naming both (keeping
    one silently would lose the other); the same row twice is taken once."""
    out = Reading()
    seen: dict[tuple[str, str], Value] = {}
    for one in readings:
        out.problems += one.problems
        out.empty += one.empty
        for v in one.values:
            key = (v.indicator, v.area)
            first = seen.get(key)
            if first is None:
                seen[key] = v
                out.values.append(v)
            elif _given(first) != _given(v):
                out.problems.append(_conflict(first, v))
    return out


def _given(v: Value) -> tuple[float, str, str, str]:
    return (v.value, v.status, v.source, v.note)


def _conflict(first: Value, second: Value) -> Problem:
    file, cell = second.where.rsplit(":", 1)
    area = f", area {second.area}" if second.area else " (city)"
    found = f"{_num(second.value)} ({second.status})"
    gives = f"{_num(first.value)} ({first.status})"
    if (first.value, first.status) == (second.value, second.status):
        # the same value, told differently: name what differs
        found += f" with source {second.source!r}, note {second.note!r}"
        gives += f" with source {first.source!r}, note {first.note!r}"
    return CellProblem(
        file,
        None,
        cell,
        f"{found} for {second.indicator}{area}, but {first.where} gives {gives}",
        "one value per indicator and area across the workbooks, with one source and note "
        "(correct one of the two)",
    )


def _num(x: float) -> str:
    return str(int(x)) if x == int(x) else repr(x)


def _read_form(path: Path, year: int, rules: Mapping[str, ValueRule]) -> Reading:
    wb, meta, problems = open_form(path)
    if wb is None or meta is None:
        return Reading(problems=problems)
    try:
        if meta.year != year:
            return Reading(problems=[year_problem(str(path), meta.year, f"a form for {year}")])
        return read_observation_form(wb, meta, str(path), rules)
    finally:
        wb.close()


def year_problem(file: str, year: int, expected: str) -> Problem:
    return CellProblem(file, None, META_SHEET, f"a form for {year}", expected)


def open_form(path: Path) -> tuple[Workbook | None, FormMeta | None, list[Problem]]:
    """The workbook and what its ``_form`` sheet records, or the problems why not (the
    workbook is then closed).  The caller closes an open workbook."""
    wb, problem = _open(path)
    if wb is None:
        return None, None, [problem] if problem else []
    meta, problems = _meta(wb, str(path))
    if meta is None:
        wb.close()
        return None, None, problems
    return wb, meta, problems


def read_observation_form(
    wb: Workbook, meta: FormMeta, file: str, rules: Mapping[str, ValueRule]
) -> Reading:
    """The values of an observation form and its problems."""
    out = Reading()
    for sheet in DATA_SHEETS:
        rows = {r.row: (r.indicator, r.area) for r in meta.rows if r.sheet == sheet}
        if not rows:
            continue
        if sheet not in wb.sheetnames:
            out.problems.append(missing_sheet(file, sheet, wb))
            continue
        _read_sheet(wb[sheet], file, rows, rules, out)
    return out


def _open(path: Path) -> tuple[Workbook | None, Problem | None]:
    file = str(path)
    suffix = path.suffix.lower()
    if suffix in REFUSED:
        return None, CellProblem(file, None, None, REFUSED[suffix], SAVE_AS)
    if suffix != ".xlsx":
        return None, CellProblem(file, None, None, f"a file named '{path.name}'", SAVE_AS)
    if not path.is_file():
        return None, CellProblem(file, None, None, "no such file", "a returned form (.xlsx)")
    try:
        return openpyxl.load_workbook(path, data_only=False, keep_vba=False), None
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as exc:
        return None, CellProblem(
            file, None, None, f"a file that is not a workbook ({exc})", SAVE_AS
        )


def missing_sheet(file: str, sheet: str, wb: Workbook) -> Problem:
    sheets = ", ".join(s for s in wb.sheetnames if s != META_SHEET)
    return CellProblem(
        file,
        None,
        sheet,
        f"no sheet '{sheet}' (the sheets are: {sheets})",
        "the form's sheets with their names (a sheet renamed or deleted: use a fresh form)",
    )


def _meta(wb: Workbook, file: str) -> tuple[FormMeta | None, list[Problem]]:
    if META_SHEET not in wb.sheetnames:
        return None, [
            CellProblem(
                file,
                None,
                None,
                f"no hidden sheet '{META_SHEET}'",
                "a form written by `healthcheck forms` (copy the values into a fresh form)",
            )
        ]
    try:
        meta = read_meta(wb[META_SHEET].iter_rows(values_only=True))
    except (ValueError, IndexError, TypeError) as exc:
        found = (
            str(exc) if str(exc).startswith("a form of") else f"a damaged form description ({exc})"
        )
        return None, [
            CellProblem(file, None, META_SHEET, found,
                        "the hidden sheet as `healthcheck forms` wrote it (use a fresh form)")
        ]  # fmt: skip
    return meta, []


def _read_sheet(
    ws: Worksheet,
    file: str,
    rows: dict[int, tuple[str, str]],
    rules: Mapping[str, ValueRule],
    out: Reading,
) -> None:
    sheet = ws.title
    header = _header_problems(ws, file)
    if header:
        out.problems += header
        return
    out.problems += merged_problems(ws, file)
    found = _row_keys(ws)
    out.problems += _row_problems(file, sheet, rows, found)
    hidden = [r for r in sorted(rows) if found.get(r) == rows[r] and ws.row_dimensions[r].hidden]
    if hidden:
        more = f" (and {len(hidden) - 1} more hidden rows below)" if len(hidden) > 1 else ""
        out.problems.append(
            _at(file, sheet, "indicator", hidden[0], f"a hidden row{more}",
                "every row of the form visible (unhide the rows or clear the filter, and check "
                "their values)")
        )  # fmt: skip
    for r in sorted(rows):
        if found.get(r) == rows[r] and r not in hidden:
            _read_row(ws, file, r, rows[r], rules, out)


def _header_problems(ws: Worksheet, file: str) -> list[Problem]:
    for c in COLUMNS:
        cell = ws.cell(NAME_ROW, column_index(c.name))
        if cell.value != c.name:
            return [
                _at(file, ws.title, c.name, NAME_ROW, show_cell(cell.value),
                    f"the column name '{c.name}' (a column inserted, deleted or renamed: "
                    "use a fresh form)")
            ]  # fmt: skip
    return []


def merged_problems(ws: Worksheet, file: str) -> list[Problem]:
    return [
        CellProblem(
            file,
            rng.min_row,
            f"{ws.title}!{rng.coord}",
            f"merged cells {rng.coord}",
            "one cell per column and row (unmerge them)",
        )
        for rng in ws.merged_cells.ranges
        if rng.max_row >= FIRST_DATA_ROW
    ]


def _row_keys(ws: Worksheet) -> dict[int, tuple[str, str]]:
    """(indicator, area) of every row from the first data row that has either."""
    ci, ca = column_index("indicator"), column_index("area")
    keys = {}
    for r in range(FIRST_DATA_ROW, ws.max_row + 1):
        ind, area = cell_text(ws.cell(r, ci).value), cell_text(ws.cell(r, ca).value)
        if ind or area:
            keys[r] = (ind, area)
    return keys


def _row_problems(
    file: str, sheet: str, rows: dict[int, tuple[str, str]], found: dict[int, tuple[str, str]]
) -> list[Problem]:
    """Rows inserted or deleted (the form's rows no longer where it wrote them: the first such
    row, with the count of those below it) and ids changed (a row where the form wrote
    another id)."""
    problems: list[Problem] = []
    moved = []
    for r, key in sorted(found.items()):
        if rows.get(r) == key:
            continue
        if r in rows and key not in rows.values() and rows[r] not in found.values():
            expected = f"{_key(rows[r])}, as the form wrote it (ids are not edited)"
            problems.append(_at(file, sheet, "indicator", r, f"the id {_key(key)}", expected))
        else:
            moved.append(r)
    if moved:
        r = moved[0]
        more = f" (and {len(moved) - 1} more rows below out of place)" if len(moved) > 1 else ""
        found_text = f"the id {_key(found[r])} in row {r}{more}"
        problems.append(_at(file, sheet, "indicator", r, found_text,
                            f"{_written(rows, r)} (rows inserted, deleted or moved: "
                            "use a fresh form)"))  # fmt: skip
    for r, key in sorted(rows.items()):
        if r not in found:
            problems.append(_at(file, sheet, "indicator", r, "an empty row",
                                f"{_key(key)}, as the form wrote it (a row deleted or "
                                "cleared: use a fresh form)"))  # fmt: skip
    return problems


def _written(rows: dict[int, tuple[str, str]], r: int) -> str:
    return f"{_key(rows[r])}, as the form wrote it" if r in rows else "no row here"


def _key(key: tuple[str, str]) -> str:
    return f"{key[0]}/{key[1]}" if key[1] else key[0]


def _read_row(
    ws: Worksheet,
    file: str,
    r: int,
    key: tuple[str, str],
    rules: Mapping[str, ValueRule],
    out: Reading,
) -> None:
    sheet = ws.title
    cells = {c: ws.cell(r, column_index(c)) for c in ("value", "status", "source", "note")}
    problems: list[Problem] = [
        _at(file, sheet, c, r, f"a formula '{cell.value}'",
            "a typed entry (the form puts no formula here; paste values only)")
        for c, cell in cells.items()
        if cell.data_type == "f"
    ]  # fmt: skip
    if problems:
        out.problems += problems
        return
    value, why = _number(cells["value"])
    if why is not None:
        out.problems.append(_at(file, sheet, "value", r, why[0], why[1]))
        return
    if value is None:
        out.empty += 1
        return
    rule = rules.get(key[0])
    if rule is None:
        out.problems.append(_at(file, sheet, "indicator", r, f"the id {key[0]}",
                                "an indicator of the current plan (the form is of another "
                                "version of the plan: use a fresh form)"))  # fmt: skip
        return
    problems = _checks(file, sheet, r, value, rule, cells)
    if problems:
        out.problems += problems
        return
    out.values.append(
        Value(key[0], key[1], value, cell_text(cells["status"].value),
              cell_text(cells["source"].value), cell_text(cells["note"].value),
              f"{file}:{sheet}!{cells['value'].coordinate}")
    )  # fmt: skip


def _checks(
    file: str, sheet: str, r: int, value: float, rule: ValueRule, cells: dict[str, Cell]
) -> list[Problem]:
    problems: list[Problem] = []
    if not rule.accepts(value):
        problems.append(_at(file, sheet, "value", r, f"'{_num(value)}'",
                            f"{rule.text_en} / {rule.text_zh} (the form's rule: a pasted "
                            "value skips Excel's check)"))  # fmt: skip
    status = cell_text(cells["status"].value)
    if status not in STATUSES:
        problems.append(_at(file, sheet, "status", r, show_cell(cells["status"].value),
                            f"one of {', '.join(STATUSES)} (the drop-down)"))  # fmt: skip
    elif status in SOURCED and not cell_text(cells["source"].value):
        problems.append(_at(file, sheet, "source", r, "an empty cell",
                            f"the source of an {status} value (publisher, title, date; "
                            "address)"))  # fmt: skip
    return problems


def _number(cell: Cell) -> tuple[float | None, tuple[str, str] | None]:
    """The cell's number, None if empty, or (found, expected) of why it is not one."""
    v = cell.value
    if v is None or (isinstance(v, str) and not v.strip()):
        return None, None
    if isinstance(v, bool):
        return None, (f"a true/false value ({v})", "a number")
    if isinstance(v, dt.datetime | dt.date | dt.time | dt.timedelta):
        return None, (
            f"a date or time ({date_text(v)})",
            "a number: Excel showed the number as a date (set the cell's format to Number "
            "and type the value again)",
        )
    if cell.data_type == "e":
        return None, (f"an error value {v}", "a number")
    if isinstance(v, int | float):
        return float(v), None
    number, why = parse_number(str(v))
    if why is not None:
        return None, (why, "a bare number with '.' as decimal point")
    return number, None


def date_text(v: dt.datetime | dt.date | dt.time | dt.timedelta) -> str:
    """A date as found, with the number Excel stores for it (what was probably typed)."""
    if isinstance(v, dt.datetime) and v.time() == dt.time():
        v = v.date()
    try:
        serial = to_excel(v)
    except (TypeError, ValueError):
        return str(v)
    return f"{v}, stored as {_num(float(serial))}"


def cell_text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v == int(v):
        return str(int(v))
    return str(v).strip()


def show_cell(v: object) -> str:
    text = cell_text(v)
    return f"'{text}'" if text else "an empty cell"
