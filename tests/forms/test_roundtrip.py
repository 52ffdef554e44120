"""The round trip: the default plan's forms for 2025 (the real writer), filled by a script from
data/observations/2025.csv, collected back: the same file, byte for byte.  And the same forms
filled with one mistake of each kind: every mistake located, nothing written."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from healthcheck.cli import main
from healthcheck.forms.layout import (
    CITY_SHEET,
    DATA_SHEETS,
    DISTRICT_SHEET,
    FIRST_DATA_ROW,
    column_index,
    column_letter,
)
from healthcheck.forms.write import write_forms
from tests.conftest import DEFAULT_DATA, DEFAULT_PLAN

ORIGINAL = DEFAULT_DATA / "observations" / "2025.csv"
FILL = ("value", "status", "source", "note")


def observations() -> dict[tuple[str, str], dict[str, str]]:
    with ORIGINAL.open(encoding="utf-8", newline="") as fh:
        return {(r["indicator"], r["area"]): r for r in csv.DictReader(fh)}


def fill_forms(forms: list[Path]) -> int:
    """Fill every form's rows from 2025.csv as a bureau would (numbers as numbers)."""
    obs, filled = observations(), 0
    for path in forms:
        wb = openpyxl.load_workbook(path)
        for ws in (wb[s] for s in DATA_SHEETS if s in wb.sheetnames):
            for r in range(FIRST_DATA_ROW, ws.max_row + 1):
                ind = ws.cell(r, column_index("indicator")).value
                area = ws.cell(r, column_index("area")).value or ""
                row = obs[(str(ind), str(area))]
                for name in FILL:
                    text = row[name]
                    cell = ws.cell(r, column_index(name))
                    cell.value = float(text) if name == "value" else (text or None)
                filled += 1
        wb.save(path)
    return filled


@pytest.fixture
def forms(tmp_path: Path) -> list[Path]:
    """The default plan's forms for 2025, written from a data folder holding 2020-2024."""
    data = tmp_path / "source"
    (data / "observations").mkdir(parents=True)
    for year in range(2020, 2025):
        shutil.copy(DEFAULT_DATA / "observations" / f"{year}.csv", data / "observations")
    return write_forms(DEFAULT_PLAN, data, tmp_path / "forms", 2025)


def collect(forms: list[Path], data: Path):  # type: ignore[no-untyped-def]
    args = ["collect", *map(str, forms), "--year", "2025", "--plan", str(DEFAULT_PLAN)]
    return CliRunner().invoke(main, [*args, "--data", str(data)], catch_exceptions=False)


def data_folder(tmp_path: Path, stale: bool) -> Path:
    """2020-2024 as they are, and (``stale``) a 2025.csv with every value, status, source and
    note different, in the original's row order: collecting must rewrite every line."""
    data = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA / "observations", data / "observations")
    target = data / "observations" / "2025.csv"
    target.unlink()
    if stale:
        with ORIGINAL.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        for row in rows[1:]:
            row[3:7] = [str(float(row[3]) * 0 + 0.5), "estimate", "stale, 2024", "old note"]
        with target.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows(rows)
    return data


def test_roundtrip_gives_the_same_file_byte_for_byte(forms: list[Path], tmp_path: Path) -> None:
    assert fill_forms(forms) == len(observations())  # every row of 2025.csv has a form row
    data = data_folder(tmp_path, stale=True)
    res = collect(forms, data)
    assert res.exit_code == 0, res.output
    assert (data / "observations" / "2025.csv").read_bytes() == ORIGINAL.read_bytes()
    n = len(observations())
    assert f"{n} changed, 0 added, 0 unchanged; validate: ok" in res.output


def test_roundtrip_into_a_new_year_file_gives_the_same_rows(
    forms: list[Path], tmp_path: Path
) -> None:
    fill_forms(forms)
    data = data_folder(tmp_path, stale=False)
    res = collect(forms, data)
    assert res.exit_code == 0, res.output
    got = (data / "observations" / "2025.csv").read_text(encoding="utf-8").splitlines()
    want = ORIGINAL.read_text(encoding="utf-8").splitlines()
    assert got[0] == want[0] and sorted(got) == sorted(want)
    # city rows first, in the plan's order, as in the file the data script wrote
    assert [x for x in got if ",2025,," in x] == [x for x in want if ",2025,," in x]


def where(forms: list[Path], name: str) -> Path:
    return next(p for p in forms if p.stem == name)


def test_every_mistake_is_located(forms: list[Path], tmp_path: Path) -> None:
    fill_forms(forms)
    traffic, green = where(forms, "综合交通"), where(forms, "公共服务设施")
    copy = tmp_path / "综合交通-2.xlsx"  # a second copy of a form: one value differs
    shutil.copy(traffic, copy)
    v = column_letter("value")
    wb = openpyxl.load_workbook(copy)
    wb[CITY_SHEET][f"{v}10"] = 1.0 + float(wb[CITY_SHEET][f"{v}10"].value)
    wb.save(copy)
    wb = openpyxl.load_workbook(traffic)
    city = wb[CITY_SHEET]
    city[f"{v}3"] = f"{int(city[f'{v}3'].value):,}"  # a number stored as text: accepted
    assert "," in city[f"{v}3"].value
    city[f"{v}4"] = "=350+1"  # a typed formula
    city[f"{v}5"] = dt.datetime(2025, 3, 4)  # a date Excel made of a number
    city[f"{v}6"] = None  # left empty: not collected, not an error
    changed_id = city["A7"].value
    city["A7"] = "T99"  # an id changed
    city.row_dimensions[8].hidden = True  # a hidden row
    city.merge_cells(f"{column_letter('source')}9:{column_letter('note')}9")
    wb.save(traffic)
    wb = openpyxl.load_workbook(green)
    ws = wb[CITY_SHEET]
    percent = next(r for r in range(FIRST_DATA_ROW, ws.max_row + 1) if ws[f"F{r}"].value == "%")
    ws[f"{v}{percent}"] = 120  # outside the validation (pasted)
    wb[DISTRICT_SHEET].insert_rows(FIRST_DATA_ROW + 1)  # a row inserted
    wb[DISTRICT_SHEET][f"A{FIRST_DATA_ROW + 1}"] = "S04"
    wb.save(green)
    renamed = where(forms, "韧性城市")
    wb = openpyxl.load_workbook(renamed)
    wb[CITY_SHEET].title = "City"
    wb.save(renamed)
    xls = tmp_path / "旧表.xls"
    xls.write_bytes(b"")

    data = data_folder(tmp_path, stale=True)
    before = (data / "observations" / "2025.csv").read_bytes()
    res = collect([*forms, copy, xls], data)
    assert res.exit_code == 2
    got = [line.split(": found")[0] for line in res.stderr.splitlines()[:-1]]
    t, g, c, r = str(traffic), str(green), str(copy), str(renamed)
    expected = {
        f"{t}:城市!{v}4",  # formula
        f"{t}:城市!{v}5",  # date
        f"{t}:城市!A7",  # id changed
        f"{t}:城市!A8",  # hidden row
        f"{t}:城市!M9:N9",  # merged
        f"{g}:城市!{v}{percent}",  # outside the validation
        f"{r}:城市",  # sheet renamed
        f"{xls}:",  # .xls refused
        f"{c}:城市!{v}10",  # two workbooks disagree
        f"{c}:城市!{v}9",  # the merge emptied row 9's note: the copy's note differs from it
    }
    assert expected <= set(got)
    inserted = [x for x in got if x.startswith(f"{g}:分区!A")]
    assert inserted == [f"{g}:分区!A{FIRST_DATA_ROW + 1}"]  # the inserted row, once
    assert set(got) - expected == set(inserted)  # nothing else: "13,780", the empty cell pass
    assert (data / "observations" / "2025.csv").read_bytes() == before
    assert f"{t}:城市!A7: found the id T99; expected {changed_id}, as" in res.stderr
    assert f"but {t}:城市!{v}10 gives" in res.stderr
