"""Reading returned ledger and survey forms: one row per problem (问题台账) or respondent (问卷).

A ledger or survey form is a table (:mod:`healthcheck.forms.national`): row 2 names the CSV
columns, and the rows to fill run from :data:`~healthcheck.forms.layout.FIRST_DATA_ROW` to the
last row its ``_form`` sheet records for the sheet (``fill_rows``): yellow, unlocked, the rest of
the sheet locked.  **A row is read when any of its cells holds something**, and must then carry
its key (``problem_id``, ``respondent_id``); rows left empty are skipped.  The ledger's rows
carried from last year are recorded in ``_form`` by their problem id, so that a carried row
cleared, an id edited or rows inserted above it are told apart from a row merely filled in.

Each cell becomes the CSV file's text: enumerations in any accepted spelling become their id
(``一般`` → ``general``), numbers their shortest form (:func:`~healthcheck.forms.layout.
format_value`), a date Excel made of a ``found``/``closed`` cell ``YYYY-MM-DD`` and of a ``due``
cell ``YYYY-MM``.  Refused, located by sheet and cell: formulas, dates in any other column
(Excel turns ``1-5`` into 5 January), true/false and error values, numbers outside the form's
rule, an indicator of another level's sheet, hidden rows, merged cells, entries below the form's
rows, a renamed or deleted sheet, an edited header.  The rest -- codes, dates, enumerations --
is checked by the input's own checks once the rows are merged (:mod:`healthcheck.forms.
collect_table`), and located back to the cell.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from healthcheck.errors import Problem
from healthcheck.forms import layout as L
from healthcheck.forms.national import TableColumn, ledger_sheets, survey_sheets
from healthcheck.forms.read import (
    CellProblem,
    cell_text,
    date_text,
    merged_problems,
    missing_sheet,
    show_cell,
)
from healthcheck.inputs.ledgers import DIFFICULTIES, REMEDIES, SEVERITIES, STATES, UNIT_TYPES
from healthcheck.inputs.plan import Plan
from healthcheck.inputs.spec import parse_number

__all__ = [
    "KEYS", "TableReading", "TableRow", "canonical", "read_table_form", "table_cell",
    "table_columns",
]  # fmt: skip

#: the key column of each kind of table form
KEYS = {"ledger": "problem_id", "survey": "respondent_id"}
#: the ledger's enumerated columns: every accepted spelling -> the id the CSV file holds
LEDGER_ENUMS: dict[str, dict[str, str]] = {
    col: {s: k for k, names in values.items() for s in (k, *names)}
    for col, values in (("severity", SEVERITIES), ("difficulty", DIFFICULTIES),
                        ("remedy", REMEDIES), ("status", STATES), ("unit_type", UNIT_TYPES))
}  # fmt: skip
DAY_COLUMNS = frozenset({"found", "closed"})
MONTH_COLUMNS = frozenset({"due"})
FORMULA = "a typed entry (the form puts no formula here; paste values only)"


@dataclass(frozen=True)
class TableRow:
    """One filled row of a ledger or survey form: its key, the CSV text of each column, and
    where it came from."""

    key: str
    cells: dict[str, str]
    file: str
    sheet: str
    row: int
    letters: dict[str, str]  # CSV column -> the sheet's column letter

    def at(self, column: str) -> str:
        """``file:sheet!E7`` of ``column`` on this row."""
        return f"{self.file}:{self.sheet}!{self.letters.get(column, 'A')}{self.row}"


@dataclass
class TableReading:
    """The rows read from table forms, and the problems found."""

    rows: list[TableRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def table_columns(plan: Plan, form: str) -> dict[str, list[TableColumn]]:
    """The sheets of a ``form`` ("ledger" or "survey") of ``plan``, with their columns."""
    if plan.system is None:
        return {}
    return ledger_sheets(plan) if form == "ledger" else survey_sheets(plan)


def canonical(form: str, column: str, text: str, numeric: bool = False) -> str:
    """``text`` as the CSV file writes it: an enumeration's id, a number's shortest form."""
    text = text.strip()
    if numeric and text:
        number, why = parse_number(text)
        return text if why is not None or number is None else L.format_value(number)
    if form == "ledger" and column in LEDGER_ENUMS:
        return LEDGER_ENUMS[column].get(text, text)
    return text


def read_table_form(wb: Workbook, meta: L.FormMeta, file: str, plan: Plan) -> TableReading:
    """The filled rows of a ledger or survey form, and its problems."""
    out = TableReading()
    sheets = table_columns(plan, meta.form)
    for sheet, first, last in meta.fill_rows:
        if sheet not in wb.sheetnames:
            out.problems.append(missing_sheet(file, sheet, wb))
            continue
        columns = sheets.get(sheet)
        if columns is None:  # the plan changed since: the digest says so too
            continue
        recorded = {r.row: r.indicator for r in meta.rows if r.sheet == sheet}
        _read_sheet(wb[sheet], file, meta.form, columns, recorded, (first, last), out)
    return out


def _at(file: str, sheet: str, letter: str, row: int, found: str, expected: str) -> CellProblem:
    return CellProblem(file, row, f"{sheet}!{letter}{row}", found, expected)


def _read_sheet(
    ws: Worksheet,
    file: str,
    form: str,
    columns: list[TableColumn],
    recorded: dict[int, str],
    span: tuple[int, int],
    out: TableReading,
) -> None:
    first, last = span
    header = _header_problem(ws, file, columns)
    if header is not None:
        out.problems.append(header)
        return
    out.problems += merged_problems(ws, file)
    filled = _filled_rows(ws, len(columns), first, max(last, ws.max_row))
    below = sorted(r for r in filled if r > last)
    if below:
        out.problems.append(
            _at(file, ws.title, "A", below[0], f"an entry below the form's rows{_more(below)}",
                f"entries in rows {first}–{last} only (the cells below are locked: for more "
                "rows, fill another copy of the form)")
        )  # fmt: skip
    hidden = [r for r in sorted(filled) if r <= last and ws.row_dimensions[r].hidden]
    if hidden:
        out.problems.append(
            _at(file, ws.title, "A", hidden[0], f"a hidden row{_more(hidden)}",
                "every filled row visible (unhide the rows or clear the filter, and check "
                "their values)")
        )  # fmt: skip
    keys = {r: cell_text(cells[0].value) for r, cells in filled.items()}
    bad = _recorded_problems(file, ws.title, recorded, keys, out)
    letters = {c.name: get_column_letter(n) for n, c in enumerate(columns, start=1)}
    for r in sorted(filled):
        if r <= last and r not in hidden and r not in bad:
            _read_row(filled[r], file, ws.title, r, form, columns, letters, out)


def _more(rows: list[int]) -> str:
    return f" (and {len(rows) - 1} more below)" if len(rows) > 1 else ""


def _header_problem(ws: Worksheet, file: str, columns: list[TableColumn]) -> Problem | None:
    for n, col in enumerate(columns, start=1):
        cell = ws.cell(L.NAME_ROW, n)
        if cell.value != col.name:
            return _at(file, ws.title, get_column_letter(n), L.NAME_ROW, show_cell(cell.value),
                       f"the column name '{col.name}' (a column inserted, deleted or renamed: "
                       "use a fresh form)")  # fmt: skip
    return None


def _filled_rows(ws: Worksheet, width: int, first: int, last: int) -> dict[int, tuple[Cell, ...]]:
    """The rows from ``first`` to ``last`` with anything in their first ``width`` cells."""
    out = {}
    for r, cells in enumerate(
        ws.iter_rows(min_row=first, max_row=last, max_col=width), start=first
    ):
        if any(c.value is not None and str(c.value).strip() != "" for c in cells):
            out[r] = cells
    return out


def _recorded_problems(
    file: str, sheet: str, recorded: dict[int, str], keys: dict[int, str], out: TableReading
) -> set[int]:
    """The carried rows no longer as the form wrote them: moved (rows inserted, deleted or
    sorted above them: the first one, with a count), cleared, or their id edited.  The rows
    not to read."""
    where = {k: r for r, k in keys.items() if k}
    moved = [r for r, k in sorted(recorded.items()) if keys.get(r) != k and k in where]
    bad: set[int] = set()
    if moved:
        r, k = moved[0], recorded[moved[0]]
        more = f" (and {len(moved) - 1} more carried rows out of place)" if len(moved) > 1 else ""
        out.problems.append(
            _at(file, sheet, "A", r, f"{show_cell(keys.get(r))}{more}",
                f"the carried problem {k}, as the form wrote it (now in row {where[k]}: rows "
                "inserted, deleted or sorted: use a fresh form)")
        )  # fmt: skip
        bad |= set(keys)  # nothing of a sheet out of place is read
    for r, k in sorted(recorded.items()):
        if keys.get(r) == k or k in where:
            continue
        bad.add(r)
        if r not in keys:
            found, expected = (
                "an empty row",
                (
                    f"the carried problem {k}, as the form wrote it (a problem carried from last "
                    "year stays in the ledger: update its status, do not clear the row)"
                ),
            )
        else:
            found, expected = (
                f"the id {show_cell(keys[r])}",
                (
                    f"{k}, as the form wrote it (ids are not edited; a new problem goes in an "
                    "empty row)"
                ),
            )
        out.problems.append(_at(file, sheet, "A", r, found, expected))
    return bad


def _read_row(
    cells: tuple[Cell, ...],
    file: str,
    sheet: str,
    r: int,
    form: str,
    columns: list[TableColumn],
    letters: Mapping[str, str],
    out: TableReading,
) -> None:
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    for col, cell in zip(columns, cells, strict=False):
        text, why = table_cell(cell, col, form)
        if why is not None:
            problems.append(_at(file, sheet, letters[col.name], r, *why))
        texts[col.name] = text
    key = columns[0].name
    if not texts.get(key) and not any(p.column == f"{sheet}!A{r}" for p in problems):
        problems.append(_at(file, sheet, "A", r, "an empty cell",
                            f"the row's {key} (every filled row has one)"))  # fmt: skip
    ind = next((c for c in columns if c.name == "indicator"), None)
    if ind is not None and texts.get("indicator") and texts["indicator"] not in ind.choices:
        problems.append(
            _at(file, sheet, letters["indicator"], r, show_cell(texts["indicator"]),
                f"an indicator of this sheet's level ({', '.join(ind.choices)}): a problem of "
                "another level goes on that level's sheet")
        )  # fmt: skip
    if problems:
        out.problems += problems
        return
    for col in columns:
        texts.setdefault(col.name, "")
    out.rows.append(TableRow(texts[key], texts, file, sheet, r, dict(letters)))


def table_cell(cell: Cell, col: TableColumn, form: str) -> tuple[str, tuple[str, str] | None]:
    """The CSV text of a cell, or why it cannot be read: (found, expected)."""
    v = cell.value
    if cell.data_type == "f":
        return "", (f"a formula '{v}'", FORMULA)
    if v is None:
        return "", None
    if isinstance(v, bool):
        return "", (f"a true/false value ({v})", "text, a code or a number")
    if cell.data_type == "e":
        return "", (f"an error value {v}", "text, a code or a number")
    if isinstance(v, dt.datetime | dt.date | dt.time | dt.timedelta):
        return _date_cell(v, col.name)
    if col.rule is not None:
        return _number_cell(v, col.rule)
    return canonical(form, col.name, cell_text(v)), None


def _date_cell(
    v: dt.datetime | dt.date | dt.time | dt.timedelta, column: str
) -> tuple[str, tuple[str, str] | None]:
    day = v.date() if isinstance(v, dt.datetime) else v
    midnight = not isinstance(v, dt.datetime) or v.time() == dt.time()
    if isinstance(day, dt.date) and midnight:
        if column in DAY_COLUMNS:
            return day.isoformat(), None
        if column in MONTH_COLUMNS and day.day == 1:
            return f"{day.year:04d}-{day.month:02d}", None
    return "", (
        f"a date or time ({date_text(v)})",
        "text as typed: Excel made a date of it (format the cell as Text and type it again)",
    )


def _number_cell(v: object, rule: L.ValueRule) -> tuple[str, tuple[str, str] | None]:
    if isinstance(v, int | float):
        number: float | None = float(v)
    else:
        number, why = parse_number(str(v))
        if why is not None:
            return "", (why, "a bare number with '.' as decimal point")
    if number is None:
        return "", None
    if not rule.accepts(number):
        return "", (
            f"'{L.format_value(number)}'",
            f"{rule.text_en} / {rule.text_zh} (the form's rule: a pasted value skips Excel's "
            "check)",
        )
    return L.format_value(number), None
