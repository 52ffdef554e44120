"""Ledger and survey forms collected: the national demo's forms for 2025 (the real writer, from
a data folder holding 2024), filled by a script from its 2025 ledger and survey responses as a
bureau and four survey teams would, collected back: the same files, byte for byte.  And the same
forms with mistakes: every one located, nothing written."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from healthcheck.cli import main
from healthcheck.forms import layout as L
from healthcheck.forms.write import write_forms
from healthcheck.inputs.ledgers import DIFFICULTIES, REMEDIES, SEVERITIES, STATES
from healthcheck.inputs.plan import load_plan
from healthcheck.inputs.system import LEVELS
from tests.conftest import DEFAULT_DATA

PROJECT = DEFAULT_DATA.parent / "examples" / "wuhan-national"
LEDGER = PROJECT / "data" / "ledgers" / "2025.csv"
SURVEY = PROJECT / "data" / "survey" / "2025.csv"
TEAMS = 4  # survey teams, each returning its copy of 问卷调查.xlsx (500 rows each)
#: the drop-downs' spelling of the ledger's enumerations (what a bureau picks)
ZH = {c: {k: zh for k, (zh, _) in v.items()} for c, v in
      (("severity", SEVERITIES), ("difficulty", DIFFICULTIES), ("remedy", REMEDIES),
       ("status", STATES))}  # fmt: skip
NUMBERS = ("lon", "lat", "quantity")


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The national demo's forms for 2025, written once from its data without 2025."""
    base = tmp_path_factory.mktemp("national")
    data = base / "source"
    shutil.copytree(PROJECT / "data", data)
    for name in ("ledgers/2025.csv", "survey/2025.csv", "observations/2025.csv"):
        (data / name).unlink()
    out = base / "forms"
    paths = write_forms(PROJECT / "plan", data, out, 2025)
    assert {p.stem for p in paths} >= {L.LEDGER_FORM, L.SURVEY_FORM}
    return out


@pytest.fixture
def forms(written: Path, tmp_path: Path) -> tuple[Path, list[Path]]:
    """A fresh copy of the ledger form and the survey teams' copies (same name, own folder)."""
    ledger = tmp_path / "returned" / f"{L.LEDGER_FORM}.xlsx"
    ledger.parent.mkdir(parents=True)
    shutil.copy(written / ledger.name, ledger)
    teams = []
    for n in range(1, TEAMS + 1):
        path = tmp_path / "returned" / f"team-{n}" / f"{L.SURVEY_FORM}.xlsx"
        path.parent.mkdir()
        shutil.copy(written / path.name, path)
        teams.append(path)
    return ledger, teams


def level_sheets() -> dict[str, str]:
    """indicator -> the ledger form's sheet (its level's Chinese name)."""
    plan = load_plan(PROJECT / "plan")
    assert plan.system is not None
    return {i.id: LEVELS[i.level][0] for i in plan.system.indicators}


def fill_ledger(path: Path) -> None:
    """Update the carried rows and add the year's new problems in the empty rows, from 2025.csv,
    as a bureau would: enumerations from the drop-downs, coordinates as numbers."""
    rows = {r["problem_id"]: r for r in rows_of(LEDGER)}
    sheet_of = level_sheets()
    wb = openpyxl.load_workbook(path)
    header = list(rows_of(LEDGER)[0])
    free: dict[str, int] = {}  # the first empty row of each sheet
    carried: dict[str, int] = {}  # the row of each carried problem
    for name in {sheet_of[r["indicator"]] for r in rows.values()}:
        ws = wb[name]
        for r in range(L.FIRST_DATA_ROW, ws.max_row + 1):
            if ws.cell(r, 1).value is None:
                free[name] = r
                break
            carried[ws.cell(r, 1).value] = r
    for pid, row in rows.items():
        ws = wb[sheet_of[row["indicator"]]]
        at = carried.get(pid)
        if at is None:
            at = free[ws.title]
            free[ws.title] += 1
        for j, col in enumerate(header, start=1):
            text = row[col]
            value: object = ZH.get(col, {}).get(text, text) or None
            if col in NUMBERS and text:
                value = float(text)
            ws.cell(at, j, value)
    wb.save(path)


def fill_survey(teams: list[Path]) -> None:
    """The responses shared among the teams in order; answers as the numbers a pick gives."""
    rows = rows_of(SURVEY)
    header = list(rows[0])
    share = -(-len(rows) // TEAMS)
    for n, path in enumerate(teams):
        wb = openpyxl.load_workbook(path)
        ws = wb[L.SURVEY_SHEET]
        for i, row in enumerate(rows[n * share : (n + 1) * share]):
            for j, col in enumerate(header, start=1):
                text = row[col]
                value: object = int(text) if col.startswith("SURVEY") and text else text or None
                ws.cell(L.FIRST_DATA_ROW + i, j, value)
        wb.save(path)


def data_folder(tmp_path: Path) -> Path:
    """The demo's data without the 2025 ledger and responses."""
    data = tmp_path / "data"
    shutil.copytree(PROJECT / "data", data)
    (data / "ledgers" / "2025.csv").unlink()
    (data / "survey" / "2025.csv").unlink()
    return data


def run(*args: object):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def collect(paths: list[Path], data: Path, *more: object):  # type: ignore[no-untyped-def]
    return run("collect", *paths, "--plan", PROJECT / "plan", "--data", data, *more)


def test_roundtrip_gives_the_same_ledger_and_survey_files(
    forms: tuple[Path, list[Path]], tmp_path: Path
) -> None:
    ledger, teams = forms
    fill_ledger(ledger)
    fill_survey(teams)
    data = data_folder(tmp_path)
    res = collect([ledger, *teams], data)  # no --year: the forms say 2025
    assert res.exit_code == 0, res.output
    assert (data / "ledgers" / "2025.csv").read_bytes() == LEDGER.read_bytes()
    assert (data / "survey" / "2025.csv").read_bytes() == SURVEY.read_bytes()
    n_ledger, n_survey = len(rows_of(LEDGER)), len(rows_of(SURVEY))
    assert f"collected {n_ledger} ledger rows from 1 workbook(s)" in res.output
    assert f"collected {n_survey} survey rows from {TEAMS} workbook(s)" in res.output
    assert f"0 changed, {n_survey} added, 0 unchanged; validate: ok" in res.output


def test_collecting_into_the_existing_files_updates_rows_in_place(
    forms: tuple[Path, list[Path]], tmp_path: Path
) -> None:
    """A ledger file holding the year's rows with their status stale: rows replaced where they
    are; the same forms collected again change nothing (and rewrite nothing)."""
    ledger, teams = forms
    fill_ledger(ledger)
    fill_survey(teams[:1])
    data = data_folder(tmp_path)
    rows = rows_of(LEDGER)
    stale = [dict(r, status="open", closed="") for r in rows]
    with (data / "ledgers" / "2025.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(stale)
    res = collect([ledger, teams[0]], data, "--year", 2025)
    assert res.exit_code == 0, res.output
    assert (data / "ledgers" / "2025.csv").read_bytes() == LEDGER.read_bytes()
    changed = sum(r["status"] != "open" for r in rows)
    assert f"{changed} changed, 0 added, {len(rows) - changed} unchanged" in res.output
    before = (data / "ledgers" / "2025.csv").stat().st_mtime_ns
    again = collect([ledger, teams[0]], data)
    assert again.exit_code == 0, again.output
    assert f"0 changed, 0 added, {len(rows)} unchanged" in again.output
    assert (data / "ledgers" / "2025.csv").stat().st_mtime_ns == before


def cell(ws, name: str, row: int):  # type: ignore[no-untyped-def]
    header = [c.value for c in ws[L.NAME_ROW]]
    return ws.cell(row, header.index(name) + 1)


def test_every_ledger_and_survey_mistake_is_located(
    forms: tuple[Path, list[Path]], tmp_path: Path
) -> None:
    ledger, teams = forms
    fill_ledger(ledger)
    fill_survey(teams[:2])
    wb = openpyxl.load_workbook(ledger)
    ws = wb["住房"]
    carried_id = ws["A3"].value
    ws["A3"] = "2025-EDITED"  # a carried row's id edited
    cell(ws, "lon", 4).value = "=114+0.3"  # a typed formula
    cell(ws, "lat", 5).value = 95  # outside the form's rule (pasted)
    cell(ws, "quantity", 6).value = "1,5"  # text that is not a number
    cell(ws, "due", 8).value = dt.datetime(2025, 12, 1)  # a date Excel made: YYYY-MM, accepted
    ws.row_dimensions[10].hidden = True  # a hidden row
    cell(ws, "indicator", 11).value = "N10"  # another level's indicator
    ws.merge_cells("L12:M12")  # merged cells
    last = max(r for r in range(L.FIRST_DATA_ROW, ws.max_row + 1) if ws.cell(r, 1).value)
    cell(ws, "problem_id", last + 1).value = None  # a new row without its id
    cell(ws, "problem_zh", last + 1).value = "新问题"
    wb["街区"].title = "Blocks"  # a sheet renamed
    wb.save(ledger)
    wb = openpyxl.load_workbook(teams[0])
    ws = wb[L.SURVEY_SHEET]
    cell(ws, "residence", 3).value = dt.datetime(2026, 1, 5)  # Excel made 1-5 a date
    ws.cell(L.FIRST_DATA_ROW + L.BLANK_ROWS, 1).value = "R09999"  # below the form's rows
    wb.save(teams[0])
    wb = openpyxl.load_workbook(teams[1])  # team 2 re-entered one of team 1's respondents
    ws = wb[L.SURVEY_SHEET]
    first = openpyxl.load_workbook(teams[0], read_only=True)[L.SURVEY_SHEET]
    copied = [c.value for c in next(first.iter_rows(min_row=6, max_row=6))]
    for j, v in enumerate(copied, start=1):
        ws.cell(3, j, v)
    cell(ws, "SURVEY2025-02", 3).value = 1 if copied[11] != 1 else 2
    wb.save(teams[1])
    old = tmp_path / "old" / f"{L.LEDGER_FORM}.xlsx"  # a form of another version of the plan
    old.parent.mkdir()
    shutil.copy(ledger, old)
    wb = openpyxl.load_workbook(old)
    wb[L.META_SHEET]["B3"] = "0123456789abcdef"
    wb.save(old)

    data = data_folder(tmp_path)
    before = sorted(p.name for p in (data / "ledgers").iterdir())
    res = collect([ledger, *teams[:2], old], data)
    assert res.exit_code == 2
    lines = res.stderr.splitlines()
    assert lines[-1].endswith("nothing was written.")
    got = {x.split(": found")[0]: x for x in lines[:-1]}
    lg, t1, t2 = str(ledger), str(teams[0]), str(teams[1])
    sheet = "住房"
    expected = {
        f"{lg}:{sheet}!A3",  # id edited
        f"{lg}:{sheet}!I4",  # formula
        f"{lg}:{sheet}!J5",  # latitude outside the rule
        f"{lg}:{sheet}!K6",  # not a number
        f"{lg}:{sheet}!A10",  # hidden
        f"{lg}:{sheet}!B11",  # another level's indicator
        f"{lg}:{sheet}!L12:M12",  # merged
        f"{lg}:{sheet}!A{last + 1}",  # no id
        f"{lg}:街区",  # renamed
        f"{t1}:{L.SURVEY_SHEET}!I3",  # a date made of 1-5
        f"{t1}:{L.SURVEY_SHEET}!A{L.FIRST_DATA_ROW + L.BLANK_ROWS}",  # below the rows
        f"{t2}:{L.SURVEY_SHEET}!L3",  # one respondent, two answers: both named
        f"{old}:_form",  # another plan
    }
    assert set(got) == expected, sorted(set(got) ^ expected)
    assert (
        f"found the id '2025-EDITED'; expected {carried_id}, as the form wrote it"
        in (got[f"{lg}:{sheet}!A3"])
    )
    assert f"but {t1}:{L.SURVEY_SHEET}!L6 gives" in got[f"{t2}:{L.SURVEY_SHEET}!L3"]
    assert "a form written for another plan" in got[f"{old}:_form"]
    assert sorted(p.name for p in (data / "ledgers").iterdir()) == before
    assert not (data / "survey" / "2025.csv").exists()


def test_the_inputs_own_checks_are_located_in_the_file_and_the_workbook(
    forms: tuple[Path, list[Path]], tmp_path: Path
) -> None:
    """Cells the reader takes as text, refused by the ledger's and the survey's checks once
    merged: each located at the workbook's cell, naming the line of the file as collected."""
    ledger, teams = forms
    fill_ledger(ledger)
    fill_survey(teams[:1])
    wb = openpyxl.load_workbook(ledger)
    ws = wb["住房"]
    cell(ws, "found", 7).value = "2025-13-40"
    cell(ws, "severity", 9).value = "很严重"
    wb.save(ledger)
    wb = openpyxl.load_workbook(teams[0])
    ws = wb[L.SURVEY_SHEET]
    cell(ws, "SURVEY2025-01", 4).value = 7
    cell(ws, "district", 5).value = 420199
    wb.save(teams[0])
    data = data_folder(tmp_path)
    res = collect([ledger, teams[0]], data)
    assert res.exit_code == 2
    text = res.stderr
    file = data / "ledgers" / "2025.csv"
    assert f"{ledger}:住房!V7: found '2025-13-40'; expected a date YYYY-MM-DD" in text
    assert f"({file} (as collected), line " in text
    assert f"{ledger}:住房!N9: found '很严重'; expected one of very_serious" in text
    survey = data / "survey" / "2025.csv"
    assert f"{teams[0]}:问卷!K4: found '7'; expected an answer of the scale" in text
    assert f"{teams[0]}:问卷!B5: found '420199'; expected a district code" in text
    assert f"({survey} (as collected), line 3, column SURVEY2025-01)" in text, text
    assert not file.exists() and not survey.exists()


def test_forms_of_different_years_are_refused_without_year(
    forms: tuple[Path, list[Path]], tmp_path: Path
) -> None:
    ledger, teams = forms
    fill_ledger(ledger)
    wb = openpyxl.load_workbook(teams[0])
    wb[L.META_SHEET]["B4"] = 2026
    wb.save(teams[0])
    data = data_folder(tmp_path)
    res = collect([ledger, teams[0]], data)
    assert res.exit_code == 2
    assert f"{ledger}:_form: found a form for 2025; expected forms of one year (these are " \
        "for 2025, 2026)" in res.stderr  # fmt: skip
    assert f"{teams[0]}:_form: found a form for 2026; expected forms of one year" in res.stderr
    res = collect([ledger, teams[0]], data, "--year", "2026")
    assert f"{ledger}:_form: found a form for 2025; expected a form for 2026 (--year)" in (
        res.stderr
    )


def test_a_blank_survey_form_makes_no_file(forms: tuple[Path, list[Path]], tmp_path: Path) -> None:
    _, teams = forms
    data = data_folder(tmp_path)
    res = collect([teams[0]], data)
    assert res.exit_code == 0, res.output
    path = data / "survey" / "2025.csv"
    assert f"no survey rows in 1 workbook(s): {path} left as it is" in res.output
    assert not path.exists()
