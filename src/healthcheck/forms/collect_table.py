"""Collecting ledger and survey forms into ``ledgers/<year>.csv`` and ``survey/<year>.csv``.

The rows read from the forms (:mod:`healthcheck.forms.read_table`) are keyed by ``problem_id``
(``respondent_id``): two workbooks giving one key differently is a problem naming both cells
(the same row twice is taken once).  They are merged into the year's file as it is: a row of
the same key is replaced in place (an unchanged row keeps its bytes), a new one goes after the
others in key order -- a new file holds its rows in key order, the form's columns in order.
The merged text is then checked by the input's own checks (:func:`~healthcheck.inputs.ledgers.
check_ledger`, :func:`~healthcheck.inputs.survey.check_responses`); each problem is located in
the file as collected and, for a row that came from a form, at the workbook's cell.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from healthcheck.errors import Problem
from healthcheck.forms.read import CellProblem
from healthcheck.forms.read_table import KEYS, TableRow, canonical, table_columns
from healthcheck.inputs.csvfile import LINE, read_csv_strict
from healthcheck.inputs.ledgers import LedgerContext, check_ledger
from healthcheck.inputs.national import district_bounds
from healthcheck.inputs.plan import Plan
from healthcheck.inputs.survey import check_responses, responses_path
from healthcheck.inputs.survey_spec import load_survey_spec
from healthcheck.inputs.units import read_units

__all__ = ["Merged", "merge_table", "table_path", "unique_rows"]


@dataclass(frozen=True)
class Merged:
    """The text to write for one table file, and what changed."""

    path: Path
    text: str
    rows: int  # rows read from the forms
    changed: int
    added: int
    unchanged: int


def table_path(form: str, data_dir: Path, year: int) -> Path:
    if form == "ledger":
        return Path(data_dir) / "ledgers" / f"{year}.csv"
    return responses_path(Path(data_dir), year)


def unique_rows(rows: Sequence[TableRow]) -> tuple[list[TableRow], list[Problem]]:
    """One row per key; a key given twice differently is a problem naming both cells."""
    seen: dict[str, TableRow] = {}
    out, problems = [], []
    for row in rows:
        first = seen.get(row.key)
        if first is None:
            seen[row.key] = row
            out.append(row)
        elif first.cells != row.cells:
            problems.append(_conflict(first, row))
    return out, problems


def _conflict(first: TableRow, second: TableRow) -> Problem:
    cols = [c for c in second.cells if second.cells[c] != first.cells.get(c, "")]
    col = cols[0]
    more = f" (and {len(cols) - 1} more columns differ)" if len(cols) > 1 else ""
    return CellProblem(
        second.file,
        second.row,
        f"{second.sheet}!{second.letters[col]}{second.row}",
        f"{_show(second.cells[col])} in {col} for {second.key}, but {first.at(col)} gives "
        f"{_show(first.cells.get(col, ''))}{more}",
        "one row per id across the workbooks, the same in both (correct one of the two)",
    )


def _show(text: str) -> str:
    return f"'{text}'" if text else "an empty cell"


def merge_table(
    form: str, rows: Sequence[TableRow], plan: Plan, data_dir: Path, year: int
) -> tuple[Merged | None, list[Problem]]:
    """The year's file with ``rows`` merged in, checked; (None, problems) on any problem."""
    path = table_path(form, data_dir, year)
    columns = [c for c in next(iter(table_columns(plan, form).values()))]
    numeric = {c.name for c in columns if c.rule is not None}
    header, old, problems = _existing(path, [c.name for c in columns])
    if problems:
        return None, problems
    key = KEYS[form]
    col = {c: n for n, c in enumerate(header)}
    at = {r[col[key]].strip(): n for n, r in enumerate(old)}
    out = [list(r) for r in old]
    origin: dict[int, TableRow] = {}  # line of the file -> the form row it came from
    changed = unchanged = 0
    new: list[TableRow] = []
    for row in rows:
        n = at.get(row.key)
        if n is None:
            new.append(row)
            continue
        origin[n + 2] = row
        if all(canonical(form, c, out[n][i], c in numeric) == row.cells.get(c, out[n][i])
               for i, c in enumerate(header)):  # fmt: skip
            unchanged += 1
        else:
            out[n] = [row.cells.get(c, out[n][i]) for i, c in enumerate(header)]
            changed += 1
    for row in sorted(new, key=lambda r: r.key):
        origin[len(out) + 2] = row
        out.append([row.cells.get(c, "") for c in header])
    text = _csv_text([header, *out])
    problems = _check(form, text, path, plan, data_dir, year)
    if problems:
        return None, [_locate(p, origin) for p in problems]
    return Merged(path, text, len(rows), changed, len(new), unchanged), []


def _existing(path: Path, columns: list[str]) -> tuple[list[str], list[list[str]], list[Problem]]:
    """The header and rows of the year's file as they are (the form's columns if new); a
    column of the form the file lacks is added at the end."""
    if not path.exists():
        return columns, [], []
    frame, problems = read_csv_strict(path)
    if frame is None or problems:
        return [], [], problems
    header = [str(c) for c in frame.columns if c != LINE]
    for c in columns:
        if c not in header:
            header.append(c)
            frame[c] = ""
    return header, frame[header].astype(str).values.tolist(), []


def _csv_text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _frame(text: str) -> pd.DataFrame:
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    frame = pd.DataFrame(list(reader), columns=header, dtype=object).astype(str)
    frame[LINE] = range(2, len(frame) + 2)
    return frame


def _check(
    form: str, text: str, path: Path, plan: Plan, data_dir: Path, year: int
) -> list[Problem]:
    """The input's own checks of the text to write, located in ``<path> (as collected)``."""
    file = f"{path} (as collected)"
    districts = {d.code: d for d in plan.districts}
    units, problems = read_units((plan.path or Path(".")) / "units.csv", set(districts))
    frame = _frame(text)
    if form == "ledger":
        assert plan.system is not None
        ctx = LedgerContext(
            {i.id for i in plan.system.indicators if i.level != "city"},
            set(districts),
            units,
            district_bounds(data_dir, set(districts)),
        )
        return problems + check_ledger(frame, file, year, ctx)[1]
    spec = load_survey_spec(plan.framework, plan.path)
    return problems + check_responses(frame, file, spec, districts, units)


def _locate(p: Problem, origin: dict[int, TableRow]) -> Problem:
    """A problem of the merged file at the workbook cell its row came from (where it did)."""
    row = origin.get(p.row) if p.row is not None else None
    if row is None or p.column not in row.letters:
        return p
    return CellProblem(
        row.file,
        row.row,
        f"{row.sheet}!{row.letters[p.column]}{row.row}",
        p.found,
        f"{p.expected} ({p.file}, line {p.row}, column {p.column})",
    )
