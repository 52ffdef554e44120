"""The fill-in forms: sheets, header rows, validation by kind, protection, last year's values,
reproducible bytes, --by owner, a bad plan folder; and LibreOffice opens them."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result
from openpyxl.worksheet.worksheet import Worksheet

from healthcheck.cli import main
from healthcheck.forms import layout as L
from healthcheck.forms.write import default_year, file_names, write_forms
from tests.conftest import DEFAULT_DATA, DEFAULT_PLAN, good_rows


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def forms(small_plan_dir: Path, write_obs: Callable[..., Path], tmp_path: Path) -> list[Path]:
    data = write_obs(2025, good_rows(2025))
    return write_forms(small_plan_dir, data, tmp_path / "forms", 2026)


def _rows(ws: Worksheet) -> list[dict[str, object]]:
    names = [c.value for c in ws[L.NAME_ROW]]
    return [
        dict(zip(names, r, strict=True))
        for r in ws.iter_rows(min_row=L.FIRST_DATA_ROW, values_only=True)
    ]


def test_one_workbook_per_domain_and_one_for_the_context_series(forms: list[Path]) -> None:
    assert [p.name for p in forms] == ["甲领域.xlsx", "乙领域.xlsx", "背景数据.xlsx"]
    wb = openpyxl.load_workbook(forms[0])
    assert wb.sheetnames == [L.INSTRUCTIONS_SHEET, L.CITY_SHEET, L.DISTRICT_SHEET, L.META_SHEET]
    assert wb[L.META_SHEET].sheet_state == "hidden"
    # beta has no district values and no district scope: no district sheet
    assert L.DISTRICT_SHEET not in openpyxl.load_workbook(forms[1]).sheetnames
    text = "\n".join(str(c.value) for row in wb[L.INSTRUCTIONS_SHEET].iter_rows() for c in row)
    for words in ("测试市2026年", "Data year: 2026", "测试规划", "Test plan", "甲领域", "(to be"):
        assert words in text


def test_header_rows_name_the_observation_columns(forms: list[Path]) -> None:
    ws = openpyxl.load_workbook(forms[0])[L.CITY_SHEET]
    names = [c.value for c in ws[L.NAME_ROW]]
    assert names == [c.name for c in L.COLUMNS]
    for column in ("indicator", "area", "value", "status", "source", "note"):
        assert column in names
    labels = [c.value for c in ws[L.LABEL_ROW]]
    assert labels[names.index("value")] == "本年值\nValue"
    assert [r["indicator"] for r in _rows(ws)] == ["A01", "A02", "A03"]
    assert {r["area"] for r in _rows(ws)} == {None}


def test_district_rows_follow_the_district_scope(forms: list[Path]) -> None:
    ws = openpyxl.load_workbook(forms[0])[L.DISTRICT_SHEET]
    got = [(r["indicator"], r["area"], r["area_name"]) for r in _rows(ws)]
    # A01 has district data (both districts); A02 is scoped to the central zone
    assert got == [("A01", "420102", "江岸区"), ("A01", "420112", "东西湖区"),
                   ("A02", "420102", "江岸区")]  # fmt: skip


def test_last_years_value_status_and_source(forms: list[Path]) -> None:
    wb = openpyxl.load_workbook(forms[0])
    city = {r["indicator"]: r for r in _rows(wb[L.CITY_SHEET])}
    assert city["A01"]["last_value"] == 85
    assert city["A01"]["last_status"] == "official"
    assert str(city["A01"]["last_source"]).startswith("Test bureau, bulletin")
    assert city["A03"]["last_value"] == 1
    district = _rows(wb[L.DISTRICT_SHEET])
    assert (district[0]["last_value"], district[0]["last_status"]) == (95, "illustrative")
    assert district[1]["last_value"] is None  # 东西湖区 had no value
    assert all(r[c] is None for r in district for c in L.FILL_COLUMNS)


def _validations(ws: Worksheet) -> dict[str, tuple[str, str | None, str | None, str | None]]:
    """Cell -> (type, operator, formula1, formula2) of its data validation."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            for row in ws[rng.coord] if ":" in rng.coord else [[ws[rng.coord]]]:
                for cell in row:
                    out[cell.coordinate] = (dv.type, dv.operator, dv.formula1, dv.formula2)
    return out


def test_value_validation_by_kind_and_the_status_list(forms: list[Path]) -> None:
    v = L.column_letter("value")
    s = L.column_letter("status")
    alpha = _validations(openpyxl.load_workbook(forms[0])[L.CITY_SHEET])
    assert alpha[f"{v}3"] == ("decimal", "between", "0", "100")  # A01, %
    assert alpha[f"{v}4"] == ("decimal", "greaterThanOrEqual", "0", None)  # A02, minutes
    assert alpha[f"{v}5"] == ("whole", "between", "0", "1")  # A03, milestone
    assert alpha[f"{s}3"][0] == "list"
    assert alpha[f"{s}5"][2] == '"official,reported,estimate,illustrative"'
    beta = _validations(openpyxl.load_workbook(forms[1])[L.CITY_SHEET])
    assert {beta[f"{v}{r}"] for r in (3, 4, 5)} == {("decimal", "greaterThanOrEqual", "0", None)}
    context = _validations(openpyxl.load_workbook(forms[2])[L.CITY_SHEET])
    assert context[f"{v}3"][0] == "decimal" and context[f"{v}3"][2] == "-1000000000000000"


def test_value_rules_accept_what_the_observation_checks_accept() -> None:
    assert L.value_rule("level", "%", "%").accepts(100)
    assert not L.value_rule("level", "%", "%").accepts(100.5)
    assert not L.value_rule("trend", "天", "days").accepts(-1)
    assert L.value_rule("milestone").accepts(1)
    assert not L.value_rule("milestone").accepts(0.5)
    assert L.value_rule("context", "亿元", "").accepts(-3)


def test_labels_are_locked_and_fill_cells_unlocked_and_highlighted(forms: list[Path]) -> None:
    ws = openpyxl.load_workbook(forms[0])[L.CITY_SHEET]
    assert ws.protection.sheet and not ws.protection.password
    assert ws.freeze_panes == f"{L.column_letter('name_zh')}{L.FIRST_DATA_ROW}"
    assert ws.auto_filter.ref == f"A{L.NAME_ROW}:N5"
    for row in range(L.FIRST_DATA_ROW, 6):
        for col in L.COLUMNS:
            cell = ws.cell(row, L.column_index(col.name))
            assert cell.protection.locked is not col.fill, cell.coordinate
            highlighted = cell.fill.fgColor.rgb == "00FFF2CC"
            assert highlighted is col.fill, cell.coordinate


def test_the_form_sheet_lists_the_rows_written(forms: list[Path]) -> None:
    wb = openpyxl.load_workbook(forms[0])
    meta = L.read_meta(wb[L.META_SHEET].iter_rows(values_only=True))
    assert (meta.year, meta.group_by, meta.group, meta.form_version) == (2026, "domain", "alpha", 2)
    assert meta.plan_title == "测试规划" and len(meta.plan_digest) == 16
    assert meta.rows[0] == L.FormRow(L.CITY_SHEET, 3, "A01", "")
    assert meta.rows[-1] == L.FormRow(L.DISTRICT_SHEET, 5, "A02", "420102")
    for r in meta.rows:
        assert wb[r.sheet].cell(r.row, L.column_index("indicator")).value == r.indicator


def test_same_inputs_same_bytes(
    small_plan_dir: Path, write_obs: Callable[..., Path], tmp_path: Path
) -> None:
    data = write_obs(2025, good_rows(2025))
    first = write_forms(small_plan_dir, data, tmp_path / "a", 2026)
    second = write_forms(small_plan_dir, data, tmp_path / "b", 2026)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    other = write_forms(small_plan_dir, data, tmp_path / "c", 2027)
    assert first[0].read_bytes() != other[0].read_bytes()


def test_by_owner(small_plan_dir: Path, write_obs: Callable[..., Path], tmp_path: Path) -> None:
    data = write_obs(2025, good_rows(2025))
    csv_path = small_plan_dir / "indicators.csv"
    rows = list(csv.reader(csv_path.open(encoding="utf-8")))
    owners = [
        "市自然资源和规划局",
        "市应急管理局",
        "市自然资源和规划局",
        "市水务局",
        "市住房和城市更新局",
        "市生态环境局",
    ]
    rows[0].append("owner")
    for row, owner in zip(rows[1:], owners, strict=True):
        row.append(owner)
    with csv_path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    out = str(tmp_path / "out")
    res = run("forms", "--year", "2026", "--plan", str(small_plan_dir), "--data", str(data),
              "--out", out, "--by", "owner", "--deadline", "2027-02-05")  # fmt: skip
    assert res.exit_code == 0, res.output
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == sorted({f"{o}.xlsx" for o in owners} | {"背景数据.xlsx"})
    wb = openpyxl.load_workbook(tmp_path / "out" / "市自然资源和规划局.xlsx")
    assert [r["indicator"] for r in _rows(wb[L.CITY_SHEET])] == ["A01", "A03"]
    meta = L.read_meta(wb[L.META_SHEET].iter_rows(values_only=True))
    assert (meta.group_by, meta.group, meta.deadline) == (
        "owner",
        "市自然资源和规划局",
        "2027-02-05",
    )
    text = " ".join(str(c.value) for row in wb[L.INSTRUCTIONS_SHEET].iter_rows() for c in row)
    assert "2027年2月5日" in text and "5 February 2027" in text


def test_by_owner_without_owners_is_located(small_plan_dir: Path, tmp_path: Path) -> None:
    nodata, out = str(tmp_path / "nodata"), str(tmp_path / "out")
    res = run("forms", "--year", "2026", "--plan", str(small_plan_dir), "--data", nodata,
              "--out", out, "--by", "owner")  # fmt: skip
    assert res.exit_code == 2
    assert f"{small_plan_dir / 'indicators.csv'}::owner: found no owner for A01, A02" in res.output
    assert not (tmp_path / "out").exists()


def test_bad_plan_folder_is_located(tmp_path: Path) -> None:
    missing = tmp_path / "noplan"
    res = run("forms", "--year", "2026", "--plan", str(missing), "--out", str(tmp_path / "out"))
    assert res.exit_code == 2
    assert f"{missing}::: found no such folder; expected a plan folder" in res.output
    assert "Traceback" not in res.output
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "indicators.csv").write_text("id,domain\nX1,alpha\n", encoding="utf-8")
    res = run("forms", "--year", "2026", "--plan", str(bad), "--out", str(tmp_path / "out"))
    assert res.exit_code == 2
    assert f"{bad / 'indicators.csv'}:1:name_zh: found " in res.output
    assert not (tmp_path / "out").exists()


def test_bad_data_is_located(
    small_plan_dir: Path, write_obs: Callable[..., Path], tmp_path: Path
) -> None:
    data = write_obs(2025, ["A01,2025,,abc,official,bulletin,"])
    res = run("forms", "--year", "2026", "--plan", str(small_plan_dir), "--data", str(data),
              "--out", str(tmp_path / "out"))  # fmt: skip
    assert res.exit_code == 2
    assert f"{data / 'observations' / '2025.csv'}:2:value: found 'abc'" in res.output
    assert not (tmp_path / "out").exists()


def test_default_plan_forms_have_a_row_for_every_value(tmp_path: Path) -> None:
    """Every (indicator, area) of every data year has its row: the round trip can be exact."""
    paths = write_forms(DEFAULT_PLAN, DEFAULT_DATA, tmp_path, 2026)
    assert len(paths) == 9  # eight domains and the context series
    found: list[tuple[object, object]] = []
    for path in paths:
        wb = openpyxl.load_workbook(path)
        for sheet in (L.CITY_SHEET, L.DISTRICT_SHEET):
            if sheet in wb.sheetnames:
                found += [(r["indicator"], r["area"] or "") for r in _rows(wb[sheet])]
    rows = set(found)
    assert len(found) == len(rows)  # each (indicator, area) asked for once
    for year in range(2020, 2026):
        with (DEFAULT_DATA / "observations" / f"{year}.csv").open(encoding="utf-8") as f:
            values = {(r["indicator"], r["area"]) for r in csv.DictReader(f)}
        assert values <= rows, sorted(values - rows)[:5]


def test_libreoffice_opens_the_forms(forms: list[Path], tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui"
        )
    out = tmp_path / "csv"
    # CSV filter options: comma, quote, UTF-8, from row 1, …; the last one is the sheet number
    options = "44,34,76,1,,0,false,true,false,false,false,2"
    # the second sheet (城市)
    res = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
         "--convert-to", f"csv:Text - txt - csv (StarCalc):{options}",
         "--outdir", str(out), str(forms[0])],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    made = list(out.glob("*.csv"))
    assert len(made) == 1, (res.stdout, res.stderr)
    rows = list(csv.reader(made[0].open(encoding="utf-8")))
    assert rows[L.NAME_ROW - 1] == [c.name for c in L.COLUMNS]
    assert [r[0] for r in rows[L.FIRST_DATA_ROW - 1 :]] == ["A01", "A02", "A03"]
    assert rows[L.FIRST_DATA_ROW - 1][L.column_index("last_value") - 1] == "85"


def test_libreoffice_opens_the_national_forms(tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui"
        )
    project = DEFAULT_DATA.parent / "examples" / "wuhan-national"
    write_forms(project / "plan", project / "data", tmp_path / "forms", 2026)
    out = tmp_path / "csv"
    for name in (L.LEDGER_FORM, L.SURVEY_FORM):
        res = subprocess.run(
            [soffice, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
             "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,"
             "false,false,2", "--outdir", str(out), str(tmp_path / "forms" / f"{name}.xlsx")],
            capture_output=True, text=True, timeout=180, check=False,
        )  # fmt: skip
        assert res.returncode == 0, res.stderr
        # LibreOffice names the file of one sheet <workbook>-<sheet>.csv
        (made,) = out.glob(f"{name}*.csv")
        rows = list(csv.reader(made.open(encoding="utf-8")))
        assert rows[L.NAME_ROW - 1][0] in ("problem_id", "respondent_id")


def test_national_forms_ask_for_the_observed_indicators_only(tmp_path: Path) -> None:
    project = DEFAULT_DATA.parent / "examples" / "wuhan-national"
    paths = write_forms(project / "plan", project / "data", tmp_path, 2026)
    ids = set()
    for path in paths:
        if path.stem in (L.LEDGER_FORM, L.SURVEY_FORM):
            continue
        ids |= {r["indicator"] for r in _rows(openpyxl.load_workbook(path)[L.CITY_SHEET])}
    with (project / "data" / "observations" / "2025.csv").open(encoding="utf-8") as f:
        observed = {r["indicator"] for r in csv.DictReader(f)}
    assert ids == observed  # N01–N21 and the like come from the problem ledgers
    assert "N01" not in ids


def test_national_ledger_and_survey_forms(tmp_path: Path) -> None:
    project = DEFAULT_DATA.parent / "examples" / "wuhan-national"
    paths = write_forms(project / "plan", project / "data", tmp_path, 2026)
    assert {p.name for p in paths} >= {f"{L.LEDGER_FORM}.xlsx", f"{L.SURVEY_FORM}.xlsx"}
    ledger = openpyxl.load_workbook(tmp_path / f"{L.LEDGER_FORM}.xlsx")
    assert ledger.sheetnames == [L.INSTRUCTIONS_SHEET, "住房", "小区（社区）", "街区", L.META_SHEET]
    with (project / "data" / "ledgers" / "2025.csv").open(encoding="utf-8") as f:
        header = next(csv.reader(f))
    ws = ledger["住房"]
    assert [c.value for c in ws[L.NAME_ROW]] == header
    lists = {str(d.sqref).split(":")[0]: d.formula1 for d in ws.data_validations.dataValidation}
    assert lists["B3"] == '"N01,N02,N03,N04,N05,N06,N07,N08,N09"'  # the level's ids
    assert lists["N3"] == '"非常严重,严重,一般"'
    assert ws["A3"].number_format == "@" and ws["A3"].protection.locked is False
    # last year's problems not done are carried over, in the drop-downs' spelling
    with (project / "data" / "ledgers" / "2025.csv").open(encoding="utf-8") as f:
        open_ids = {r["problem_id"] for r in csv.DictReader(f) if r["status"] != "done"}
    carried = {
        r[0]: r
        for name in ("住房", "小区（社区）", "街区")
        for r in ledger[name].iter_rows(min_row=L.FIRST_DATA_ROW, values_only=True)
        if r[0]
    }
    assert set(carried) == open_ids
    some = next(iter(carried.values()))
    assert some[header.index("status")] in ("未整治", "整治中")
    assert some[header.index("carried_from")] in ("2024", "2025")
    assert isinstance(some[header.index("lon")], float)
    assert ws.protection.sheet
    meta = L.read_meta(ledger[L.META_SHEET].iter_rows(values_only=True))
    assert (meta.form, meta.year) == ("ledger", 2026)
    # the carried rows are recorded by problem id, and the rows to fill of each level
    assert {r.indicator for r in meta.rows} == open_ids
    for r in meta.rows:
        assert ledger[r.sheet].cell(r.row, 1).value == r.indicator
    fill = {sheet: (first, last) for sheet, first, last in meta.fill_rows}
    assert set(fill) == {"住房", "小区（社区）", "街区"}
    assert fill["住房"] == (3, 2 + sum(r.sheet == "住房" for r in meta.rows) + L.BLANK_ROWS)
    assert ws.cell(fill["住房"][1], 1).protection.locked is False
    assert ws.cell(fill["住房"][1] + 1, 1).protection.locked is True
    text = " ".join(str(c.value) for row in ledger[L.INSTRUCTIONS_SHEET].iter_rows() for c in row)
    assert "问题台账" in text and "problem ledger" in text and "Data year: 2026" in text
    survey = openpyxl.load_workbook(tmp_path / f"{L.SURVEY_FORM}.xlsx")[L.SURVEY_SHEET]
    with (project / "data" / "survey" / "2025.csv").open(encoding="utf-8") as f:
        header = next(csv.reader(f))
    assert [c.value for c in survey[L.NAME_ROW]] == header
    assert survey.cell(L.LABEL_ROW, header.index("SURVEY2025-01") + 1).value == (
        "建筑安全、燃气安全\nBuilding safety and gas safety"
    )


#: texts a spreadsheet would run (OWASP's triggers), as a source or a problem may hold them
HOSTILE = ['=HYPERLINK("http://x","y")', "=cmd|'/C calc'!A0", "@SUM(1)", "-2+3", "+1+1"]


def test_last_years_hostile_source_is_text_in_the_form(
    small_plan_dir: Path, write_obs: Callable[..., Path], tmp_path: Path
) -> None:
    """openpyxl reads a string that begins with = as a formula: a source
    ``=HYPERLINK(...)`` was written into the form as one."""
    rows = good_rows(2025)
    for k, text in enumerate(HOSTILE):
        cells = next(csv.reader([rows[k]]))
        cells[5] = text
        rows[k] = ",".join('"' + c.replace('"', '""') + '"' for c in cells)
    data = write_obs(2025, rows)
    paths = write_forms(small_plan_dir, data, tmp_path / "forms", 2026)
    cells = [
        c for p in paths for ws in openpyxl.load_workbook(p) for row in ws.iter_rows() for c in row
    ]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    sources = {c.value: c for c in cells if c.value in HOSTILE}
    assert set(sources) == set(HOSTILE)
    assert all(c.data_type == "s" and c.quotePrefix for c in sources.values())


def test_a_carried_ledger_problem_is_text_in_the_national_form(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(DEFAULT_DATA.parent / "examples" / "wuhan-national", project)
    path = project / "data" / "ledgers" / "2025.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    col, status = rows[0].index("problem_en"), rows[0].index("status")
    open_rows = [r for r in rows[1:] if r[status] != "done"][: len(HOSTILE)]
    for r, text in zip(open_rows, HOSTILE, strict=True):
        r[col] = text
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    write_forms(project / "plan", project / "data", tmp_path / "forms", 2026)
    ledger = openpyxl.load_workbook(tmp_path / "forms" / f"{L.LEDGER_FORM}.xlsx")
    cells = [c for ws in ledger for row in ws.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    hostile = [c for c in cells if c.value in HOSTILE]
    assert {c.value for c in hostile} == set(HOSTILE)
    assert all(c.data_type == "s" and c.quotePrefix for c in hostile)


def test_forms_default_to_the_year_after_the_latest_data(
    small_plan_dir: Path, write_obs: Callable[..., Path], tmp_path: Path
) -> None:
    data = write_obs(2025, good_rows(2025))
    out = tmp_path / "out"
    res = run("forms", "--plan", str(small_plan_dir), "--data", str(data), "--out", str(out))
    assert res.exit_code == 0, res.output
    assert f"for 2026 into {out}" in res.output
    meta = L.read_meta(openpyxl.load_workbook(next(out.glob("*.xlsx")))[L.META_SHEET].values)
    assert meta.year == 2026
    assert default_year(tmp_path / "nodata", today=dt.date(2027, 1, 15)) == 2026
    assert "the year after the latest observation file" in " ".join(
        run("forms", "--help").output.split()
    )


def test_file_names_never_repeat() -> None:
    """Two owners whose names come out as one file name (or as a national form's, or differ
    in case only) get their own files: no form overwrites another."""
    assert file_names(["交通/局", "交通:局", "Water", "WATER", "问题台账"], {"问题台账"}) == [
        "交通_局", "交通_局-2", "Water", "WATER-2", "问题台账-2",
    ]  # fmt: skip
