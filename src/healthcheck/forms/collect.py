"""Collecting returned forms into the year's files, in their canonical form.

:func:`collect` opens every form, checks what its hidden ``_form`` sheet records (the layout
version, the plan's digest, the year), reads each by its kind -- observation forms
(:mod:`healthcheck.forms.read`) into ``observations/<year>.csv``, ledger and survey forms
(:mod:`healthcheck.forms.read_table`, :mod:`healthcheck.forms.collect_table`) into
``ledgers/<year>.csv`` and ``survey/<year>.csv`` -- and checks each merged file with the
input's own checks.  Only when no workbook and no merged file has a problem is anything
written: each file atomically (a temporary file renamed over the old one, so the previous file
stays until the new one is complete), and only if its text changed.

The canonical form keeps ``git diff`` to what changed: the columns of the observation files, one
row per indicator and area in the file's existing order (a row whose value, status, source and
note are unchanged keeps its bytes, e.g. ``91.50``), new rows after them in the plan's order
(the city, then the districts), numbers in their shortest form without exponent (``1234``,
``0.00001``), UTF-8 without BOM, ``\\n`` line ends, quoting only where CSV needs it.

Workbooks are told apart by their path, never their name alone: two ``问卷调查.xlsx`` of two
survey teams are two forms, located by their paths; the same file given twice is read once.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from openpyxl.workbook.workbook import Workbook

from healthcheck.errors import InputError, Problem
from healthcheck.files import atomic_write_text, observation_folder
from healthcheck.forms.collect_table import merge_table, table_path, unique_rows
from healthcheck.forms.layout import META_SHEET, FormMeta, ValueRule, format_value, value_rule
from healthcheck.forms.read import (
    CellProblem,
    Value,
    merge_values,
    open_form,
    read_observation_form,
    year_problem,
)
from healthcheck.forms.read_table import read_table_form
from healthcheck.forms.write import current_digest
from healthcheck.inputs.csvfile import LINE, read_csv_strict
from healthcheck.inputs.plan import Plan
from healthcheck.inputs.spec import OBSERVATION_COLUMNS, check_observations, parse_number

__all__ = ["Collected", "collect", "format_value", "merge_rows", "plan_rules"]

#: the kinds of form, in the order their files are collected
KINDS = ("observations", "ledger", "survey")


@dataclass(frozen=True)
class Collected:
    """What :func:`collect` did for one file."""

    path: Path
    form: str  # "observations", "ledger" or "survey"
    workbooks: int
    values: int  # values (ledger and survey: rows) read from the forms
    empty: int  # observation rows left empty (nothing collected from them)
    changed: int
    added: int
    unchanged: int


@dataclass(frozen=True)
class _Form:
    path: Path
    wb: Workbook
    meta: FormMeta


def plan_rules(plan: Plan) -> dict[str, ValueRule]:
    """The rule on the value of every series of the plan (as the forms validate it)."""
    rules = {i.id: value_rule(i.kind, i.unit_zh, i.unit_en) for i in plan.indicators}
    rules.update({c.id: value_rule("context") for c in plan.context})
    return rules


def collect(
    paths: Iterable[str | Path], year: int | None, plan: Plan, data_dir: str | Path
) -> list[Collected]:
    """Read the forms ``paths`` and write the merged files of ``data_dir`` for ``year`` (None:
    the year the forms record, all the same); raise :class:`InputError` with every problem of
    every form and merged file (nothing written)."""
    given = list(dict.fromkeys(Path(p) for p in paths))
    forms, problems = _open_forms(given, plan)
    try:
        kept, year, more = _one_year(forms, year)
        problems += more
        pending: list[tuple[Collected, str]] = []
        if year is not None:
            pending, more = _merge_all(kept, year, plan, Path(data_dir))
            problems += more
    finally:
        for f in forms:
            f.wb.close()
    if problems:
        order = {str(p): n for n, p in enumerate(given)}
        raise InputError(sorted(problems, key=lambda p: order.get(p.file, len(order))))
    for done, text in pending:
        if not text:
            continue
        if not done.path.exists() or done.path.read_text(encoding="utf-8") != text:
            atomic_write_text(done.path, text)  # the same text is not rewritten: its date stays
    return [done for done, _ in pending]


def _open_forms(paths: list[Path], plan: Plan) -> tuple[list[_Form], list[Problem]]:
    """The forms that open and were written for the current plan; the problems of the rest
    (the same file under two names is read once)."""
    forms: list[_Form] = []
    problems: list[Problem] = []
    seen: set[Path] = set()
    digest = current_digest(plan)
    for path in paths:
        real = path.resolve()
        if real in seen:
            continue
        seen.add(real)
        wb, meta, more = open_form(path)
        problems += more
        if wb is None or meta is None:
            continue
        if meta.plan_digest != digest:
            problems.append(_other_plan(str(path), meta, plan, digest))
            wb.close()
            continue
        forms.append(_Form(path, wb, meta))
    return forms, problems


def _other_plan(file: str, meta: FormMeta, plan: Plan, digest: str) -> Problem:
    title = plan.title_zh or plan.title_en
    return CellProblem(
        file, None, META_SHEET,
        f"a form written for another plan or version of the plan ('{meta.plan_title}', "
        f"digest {meta.plan_digest})",
        f"a form of the current plan ('{title}', digest {digest}): its indicators, units, "
        "districts or survey changed since the form was written; copy the values into a "
        "fresh form (`healthcheck forms`)",
    )  # fmt: skip


def _one_year(
    forms: list[_Form], year: int | None
) -> tuple[list[_Form], int | None, list[Problem]]:
    """The forms of the year, the year, and the problems of the others: with ``year`` given,
    forms of another year; without, every form when they record different years."""
    if year is not None:
        other = [f for f in forms if f.meta.year != year]
        problems = [year_problem(str(f.path), f.meta.year, f"a form for {year} (--year)")
                    for f in other]  # fmt: skip
        return [f for f in forms if f.meta.year == year], year, problems
    years = sorted({f.meta.year for f in forms})
    if len(years) <= 1:
        return forms, years[0] if years else None, []
    listing = ", ".join(map(str, years))
    problems = [
        year_problem(str(f.path), f.meta.year,
                     f"forms of one year (these are for {listing}): collect each year's forms "
                     "on their own, or give --year")
        for f in forms
    ]  # fmt: skip
    return [], None, problems


def _merge_all(
    forms: list[_Form], year: int, plan: Plan, data_dir: Path
) -> tuple[list[tuple[Collected, str]], list[Problem]]:
    """Each kind's merged file and what was done, or the problems."""
    pending: list[tuple[Collected, str]] = []
    problems: list[Problem] = []
    for kind in KINDS:
        mine = [f for f in forms if f.meta.form == kind]
        if not mine:
            continue
        if kind == "observations":
            done, text, more = _merge_observations(mine, year, plan, data_dir)
        else:
            done, text, more = _merge_tables(kind, mine, year, plan, data_dir)
        problems += more
        if done is not None:
            pending.append((done, text))
    return pending, problems


def _merge_observations(
    forms: list[_Form], year: int, plan: Plan, data_dir: Path
) -> tuple[Collected | None, str, list[Problem]]:
    rules = plan_rules(plan)
    reading = merge_values(read_observation_form(f.wb, f.meta, str(f.path), rules) for f in forms)
    if reading.problems:
        return None, "", reading.problems
    path = observation_folder(data_dir) / f"{year}.csv"
    try:
        header, old = _existing(path)
        rows, counts = merge_rows(header, old, reading.values, year, _plan_order(plan))
        text = _csv_text([header, *rows])
        _check(text, path, year, plan)
    except InputError as exc:
        return None, "", exc.problems
    done = Collected(path, "observations", len(forms), len(reading.values), reading.empty, *counts)
    return done, text, []


def _merge_tables(
    kind: str, forms: list[_Form], year: int, plan: Plan, data_dir: Path
) -> tuple[Collected | None, str, list[Problem]]:
    rows, problems = [], []
    for f in forms:
        one = read_table_form(f.wb, f.meta, str(f.path), plan)
        rows += one.rows
        problems += one.problems
    rows, more = unique_rows(rows)
    problems += more
    if problems:
        return None, "", problems
    if not rows:  # forms returned empty: no file made, none changed
        return Collected(table_path(kind, data_dir, year), kind, len(forms), 0, 0, 0, 0, 0), "", []
    merged, problems = merge_table(kind, rows, plan, data_dir, year)
    if merged is None:
        return None, "", problems
    counts = (merged.changed, merged.added, merged.unchanged)
    return Collected(merged.path, kind, len(forms), merged.rows, 0, *counts), merged.text, []


def _existing(path: Path) -> tuple[list[str], list[list[str]]]:
    """The header and rows of the year's file as they are (the observation columns if new)."""
    if not path.exists():
        return list(OBSERVATION_COLUMNS), []
    frame, problems = read_csv_strict(path)
    if frame is None or problems:
        raise InputError(problems)
    header = [str(c) for c in frame.columns if c != LINE]
    missing = [c for c in OBSERVATION_COLUMNS if c not in header]
    if missing:  # only "note" may be missing from a valid file: add it
        header += missing
        for c in missing:
            frame[c] = ""
    return header, frame[header].astype(str).values.tolist()


def _plan_order(plan: Plan) -> dict[tuple[str, str], int]:
    """The position of each (series, area) a new row may take: city rows first."""
    ids = [i.id for i in plan.indicators] + [c.id for c in plan.context]
    areas = [""] + [d.code for d in plan.districts]
    return {(s, a): n for n, (a, s) in enumerate((a, s) for a in areas for s in ids)}


def merge_rows(
    header: list[str],
    old: list[list[str]],
    values: list[Value],
    year: int,
    order: dict[tuple[str, str], int],
) -> tuple[list[list[str]], tuple[int, int, int]]:
    """The file's rows with the collected ``values`` merged in; (changed, added, unchanged)."""
    col = {c: n for n, c in enumerate(header)}
    at = {(r[col["indicator"]].strip(), r[col["area"]].strip()): n for n, r in enumerate(old)}
    rows = [list(r) for r in old]
    changed = unchanged = 0
    new: list[list[str]] = []
    for v in values:
        cells = {
            "indicator": v.indicator,
            "year": str(year),
            "area": v.area,
            "value": format_value(v.value),
            "status": v.status,
            "source": v.source,
            "note": v.note,
        }
        n = at.get((v.indicator, v.area))
        if n is None:
            new.append([cells.get(c, "") for c in header])
        elif _same(rows[n], col, v):
            unchanged += 1
        else:
            rows[n] = [cells.get(c, rows[n][i]) for i, c in enumerate(header)]
            changed += 1
    new.sort(key=lambda r: order.get((r[col["indicator"]], r[col["area"]]), len(order)))
    return rows + new, (changed, len(new), unchanged)


def _same(row: list[str], col: dict[str, int], v: Value) -> bool:
    number, _ = parse_number(row[col["value"]])
    return (number, row[col["status"]], row[col["source"]], row[col["note"]]) == (
        v.value,
        v.status,
        v.source,
        v.note,
    )


def _csv_text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _check(text: str, path: Path, year: int, plan: Plan) -> None:
    """The observation file's checks (as ``healthcheck validate``) on the text to write."""
    import pandas as pd

    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    frame = pd.DataFrame(list(reader), columns=header, dtype=str)
    frame[LINE] = range(2, len(frame) + 2)
    kinds = {i.id: (i.kind, i.is_percentage) for i in plan.indicators}
    kinds.update({c.id: ("context", False) for c in plan.context})
    _, problems = check_observations(
        frame,
        f"{path} (as collected)",
        file_year=year,
        series=kinds,
        areas={d.code for d in plan.districts},
        city_code=plan.city_code,
    )
    if problems:
        raise InputError(problems + [_hint(path)])


def _hint(path: Path) -> Problem:
    return Problem(str(path), None, None, "the problems above in the merged file",
                   "a valid file: correct the forms, or the rows of the file that were "
                   "already there")  # fmt: skip
