#!/usr/bin/env python3
"""Time ``healthcheck collect`` on full sets of returned forms, and what a values-only reader
would save.

    .venv/bin/python benchmarks/collect.py [--reps 3]

Two cases, each written by the real writer and filled by a script from the data (as in
``tests/forms``): the default plan's observation forms of 2025 (nine workbooks, every value of
``data/observations/2025.csv``), and the national demo's ledger form (80 problems) with four
survey teams' copies of the survey form (1,999 respondents, 500 rows x 56 columns each).  Each
is collected into a copy of the data folder without the year's files (read, merged, checked,
written).  Prints the median wall-clock seconds of :func:`healthcheck.forms.collect.collect`,
and of openpyxl's load alone of the same workbooks (the part a faster reader could replace);
with ``python-calamine`` importable (it is not a dependency), also calamine's read of every
sheet's values.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl

from healthcheck.forms import layout as L
from healthcheck.forms.collect import collect
from healthcheck.forms.write import write_forms
from healthcheck.inputs.ledgers import DIFFICULTIES, REMEDIES, SEVERITIES, STATES
from healthcheck.inputs.plan import Plan, load_plan
from healthcheck.inputs.system import LEVELS

ROOT = Path(__file__).resolve().parents[1]
NATIONAL = ROOT / "examples" / "wuhan-national"
ZH = {c: {k: zh for k, (zh, _) in v.items()} for c, v in
      (("severity", SEVERITIES), ("difficulty", DIFFICULTIES), ("remedy", REMEDIES),
       ("status", STATES))}  # fmt: skip


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _data(src: Path, dest: Path, drop: list[str]) -> Path:
    shutil.copytree(src, dest)
    for name in drop:
        (dest / name).unlink()
    return dest


def default_forms(tmp: Path) -> tuple[list[Path], Plan, Path]:
    """The default plan's forms of 2025, filled; the plan; a data folder without 2025."""
    data = _data(ROOT / "data", tmp / "source", ["observations/2025.csv"])
    forms = write_forms(ROOT / "data" / "plan", data, tmp / "forms", 2025)
    obs = {(r["indicator"], r["area"]): r for r in _rows(ROOT / "data/observations/2025.csv")}
    for path in forms:
        wb = openpyxl.load_workbook(path)
        for ws in (wb[s] for s in (L.CITY_SHEET, L.DISTRICT_SHEET) if s in wb.sheetnames):
            for r in range(L.FIRST_DATA_ROW, ws.max_row + 1):
                key = (str(ws.cell(r, 1).value), str(ws.cell(r, 2).value or ""))
                for name in ("value", "status", "source", "note"):
                    text = obs[key][name]
                    value = float(text) if name == "value" else text or None
                    ws.cell(r, L.column_index(name), value)
        wb.save(path)
    return forms, load_plan(ROOT / "data" / "plan"), data


def national_forms(tmp: Path) -> tuple[list[Path], Plan, Path]:
    """The national demo's ledger form and four survey teams' forms of 2025, filled."""
    drop = ["ledgers/2025.csv", "survey/2025.csv", "observations/2025.csv"]
    data = _data(NATIONAL / "data", tmp / "source", drop)
    written = tmp / "written"
    write_forms(NATIONAL / "plan", data, written, 2025)
    plan = load_plan(NATIONAL / "plan")
    assert plan.system is not None
    level = {i.id: LEVELS[i.level][0] for i in plan.system.indicators}
    ledger = tmp / f"{L.LEDGER_FORM}.xlsx"
    shutil.copy(written / ledger.name, ledger)
    wb = openpyxl.load_workbook(ledger)
    where = {ws.cell(r, 1).value: (ws.title, r) for ws in wb.worksheets[1:-1]
             for r in range(L.FIRST_DATA_ROW, ws.max_row + 1) if ws.cell(r, 1).value}  # fmt: skip
    free = {ws.title: L.FIRST_DATA_ROW + sum(s == ws.title for s, _ in where.values())
            for ws in wb.worksheets[1:-1]}  # fmt: skip
    for row in _rows(NATIONAL / "data/ledgers/2025.csv"):
        sheet, r = where.get(row["problem_id"], (level[row["indicator"]], 0))
        if not r:
            r, free[sheet] = free[sheet], free[sheet] + 1
        for j, (col, text) in enumerate(row.items(), start=1):
            value: object = ZH.get(col, {}).get(text, text) or None
            wb[sheet].cell(r, j, float(text) if col in ("lon", "lat", "quantity") and text
                           else value)  # fmt: skip
    wb.save(ledger)
    responses = _rows(NATIONAL / "data/survey/2025.csv")
    teams = []
    for n in range(4):
        path = tmp / f"team-{n + 1}" / f"{L.SURVEY_FORM}.xlsx"
        path.parent.mkdir()
        shutil.copy(written / path.name, path)
        wb = openpyxl.load_workbook(path)
        ws = wb[L.SURVEY_SHEET]
        for i, row in enumerate(responses[n * 500 : (n + 1) * 500]):
            for j, (col, text) in enumerate(row.items(), start=1):
                answer = col.startswith("SURVEY") and text
                ws.cell(L.FIRST_DATA_ROW + i, j, int(text) if answer else text or None)
        wb.save(path)
        teams.append(path)
    return [ledger, *teams], plan, data


def _median(fn: Callable[[], object], reps: int) -> float:
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _calamine(forms: list[Path]) -> None:
    from python_calamine import CalamineWorkbook  # type: ignore[import-not-found]

    for path in forms:
        wb = CalamineWorkbook.from_path(str(path))
        for name in wb.sheet_names:
            wb.get_sheet_by_name(name).to_python()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    try:
        import python_calamine  # type: ignore[import-not-found]  # noqa: F401

        calamine = True
    except ImportError:
        calamine = False
    for name, make in (("default plan", default_forms), ("national ledger+survey", national_forms)):
        with tempfile.TemporaryDirectory(prefix="hc-collect-") as tmp:
            forms, plan, source = make(Path(tmp))
            folders = iter([shutil.copytree(source, Path(tmp) / f"data-{n}")
                            for n in range(args.reps)])  # fmt: skip
            total = _median(
                lambda f=forms, p=plan, d=folders: collect(f, 2025, p, next(d)), args.reps
            )
            load = _median(lambda f=forms: [openpyxl.load_workbook(p).close() for p in f],
                           args.reps)  # fmt: skip
            line = (
                f"{name}: {len(forms)} workbooks; collect {total:.2f} s, openpyxl load {load:.2f} s"
            )
            if calamine:
                line += (
                    f", calamine values {_median(lambda f=forms: _calamine(f), args.reps):.2f} s"
                )
            print(line)


if __name__ == "__main__":
    main()
