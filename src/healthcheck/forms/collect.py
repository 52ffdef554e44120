"""Collecting returned forms into the year's observation file, in its canonical form.

:func:`collect` reads the forms (:mod:`healthcheck.forms.read`), merges their values into
``observations/<year>.csv`` and writes it atomically (a temporary file renamed over the old one,
so the previous file stays until the new one is complete), after the merged rows have passed the
observation file's own checks.  On any problem nothing is written.

The canonical form keeps ``git diff`` to what changed: the columns of the observation files, one
row per indicator and area in the file's existing order (a row whose value, status, source and
note are unchanged keeps its bytes, e.g. ``91.50``), new rows after them in the plan's order
(the city, then the districts), numbers in their shortest form without exponent (``1234``,
``0.00001``), UTF-8 without BOM, ``\\n`` line ends, quoting only where CSV needs it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from healthcheck.errors import InputError, Problem
from healthcheck.files import atomic_write_text, observation_folder
from healthcheck.forms.layout import ValueRule, value_rule
from healthcheck.forms.read import Value, read_forms
from healthcheck.inputs.csvfile import LINE, read_csv_strict
from healthcheck.inputs.plan import Plan
from healthcheck.inputs.spec import OBSERVATION_COLUMNS, check_observations, parse_number

__all__ = ["Collected", "collect", "format_value", "merge_rows", "plan_rules"]


@dataclass(frozen=True)
class Collected:
    """What :func:`collect` did."""

    path: Path
    values: int  # values read from the forms
    empty: int  # fill rows left empty (nothing collected from them)
    changed: int
    added: int
    unchanged: int


def plan_rules(plan: Plan) -> dict[str, ValueRule]:
    """The rule on the value of every series of the plan (as the forms validate it)."""
    rules = {i.id: value_rule(i.kind, i.unit_zh, i.unit_en) for i in plan.indicators}
    rules.update({c.id: value_rule("context") for c in plan.context})
    return rules


def collect(paths: Iterable[str | Path], year: int, plan: Plan, data_dir: str | Path) -> Collected:
    """Read the forms ``paths`` and write the merged ``observations/<year>.csv`` of
    ``data_dir``; raise :class:`InputError` with every problem (nothing written)."""
    reading = read_forms(paths, year, plan_rules(plan))
    if reading.problems:
        raise InputError(reading.problems)
    folder = observation_folder(data_dir)
    path = folder / f"{year}.csv"
    header, old = _existing(path)
    rows, counts = merge_rows(header, old, reading.values, year, _plan_order(plan))
    text = _csv_text([header, *rows])
    _check(text, path, year, plan)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        atomic_write_text(path, text)  # the same text is not rewritten: its date stays
    return Collected(path, len(reading.values), reading.empty, *counts)


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


def format_value(x: float) -> str:
    """A value as the observation files write it: shortest, no exponent, no trailing zeros."""
    text = format(Decimal(repr(float(x))), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


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
