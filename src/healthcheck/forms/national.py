"""The national check's other forms: the problem ledger (问题台账, a sheet per level) and the
resident survey's responses (问卷, a sheet of items).

Both are blank tables: row 1 bilingual labels, row 2 the CSV file's column names
(``ledgers/<year>.csv``, ``survey/<year>.csv``), then :data:`~healthcheck.forms.layout.BLANK_ROWS`
unlocked rows with drop-downs for the enumerated columns.  Code columns are text cells, so that
Excel keeps ``420103003`` and ``30-60`` as typed.  Written by :func:`write_national_forms` where
the plan is a national one (``plan.system``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, replace
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from healthcheck.files import atomic_write_bytes
from healthcheck.forms import layout as L
from healthcheck.forms.style import FILL, HEAD, NAMES, cover_lines, instructions, print_setup
from healthcheck.inputs.ledgers import (
    DIFFICULTIES,
    LEDGER_COLUMNS,
    REMEDIES,
    SEVERITIES,
    STATES,
    UNIT_TYPES,
    ledger_files,
)
from healthcheck.inputs.plan import Plan
from healthcheck.inputs.survey import BACKGROUND, CODES, ID_COLUMNS
from healthcheck.inputs.survey_spec import load_survey_spec
from healthcheck.inputs.system import LEVELS
from healthcheck.report.workbook import _normalise_zip as reproducible_zip
from healthcheck.spreadsheet import keep_text

__all__ = ["TEXT_COLUMNS", "TableColumn", "ledger_sheets", "survey_sheets", "write_national_forms"]

#: the columns kept as text (codes and dates Excel would turn into numbers)
TEXT_COLUMNS = frozenset(
    {"problem_id", "district", "street", "community", "unit_id", "found", "due", "closed",
     "carried_from", "respondent_id", "age_group", "residence"}
)  # fmt: skip

LEDGER_HOW_TO: tuple[tuple[str, str], ...] = (
    (
        "每个层级（住房、小区（社区）、街区）一张表；每行一个问题，按第 2 行的列填写。",
        "One sheet per level (housing, estates and communities, blocks); one row per problem, "
        "in the columns named in row 2.",
    ),
    (
        "问题编号逐年不变：上年未整治完成的问题沿用原编号，“延续自”填原年份。",
        "A problem keeps its id from year to year: one not yet remedied keeps last year's id, "
        "with the year it was first found in 'carried from'.",
    ),
    (
        "日期写作 2026-03-15，整治期限写作 2026-12；区、街道、社区填行政区划代码。",
        "Dates as 2026-03-15, the due month as 2026-12; district, sub-district and community "
        "as their administrative codes.",
    ),
)
SURVEY_HOW_TO: tuple[tuple[str, str], ...] = (
    (
        "每行一份问卷；每个题目一列（第 1 行为题目），答案从下拉列表选择，未作答留空。",
        "One row per respondent; one column per item (its text in row 1); pick the answer "
        "from the list, leave it empty where not answered.",
    ),
    (
        "区、街道、社区填行政区划代码；性别、年龄、职业、收入、居住年限从下拉列表选择。",
        "District, sub-district and community as their codes; sex, age, occupation, income and "
        "years of residence from the lists.",
    ),
)
COMMON_HOW_TO: tuple[tuple[str, str], ...] = (
    (
        "只填写黄色单元格；请勿修改工作表名称和第 2 行的列名：数据按这些名称读取。",
        "Fill only the yellow cells; do not rename the sheets or change the column names of "
        "row 2: the data are read by them.",
    ),
    (
        "来源类型：official 官方、reported 报道、estimate 估算、illustrative 示意。",
        "Status: official, reported, estimate or illustrative.",
    ),
)

#: every spelling of a ledger status -> its id
_ENUM_STATES = {spelling: k for k, names in STATES.items() for spelling in (k, *names)}
#: column -> (id -> the Chinese spelling the drop-downs offer), for the carried rows
_ZH: dict[str, dict[str, str]] = {
    col: {k: zh for k, (zh, _) in values.items()}
    for col, values in (("severity", SEVERITIES), ("difficulty", DIFFICULTIES),
                        ("remedy", REMEDIES), ("status", STATES))
}  # fmt: skip


@dataclass(frozen=True)
class TableColumn:
    """A column of a blank table: its CSV name, labels, and the values it accepts."""

    name: str
    label_zh: str
    label_en: str
    choices: tuple[str, ...] = ()  # a drop-down
    rule: L.ValueRule | None = None  # a number
    width: float = 14


def write_national_forms(
    plan: Plan, data_dir: Path, out_dir: Path, year: int, deadline: dt.date | None, digest: str
) -> list[Path]:
    """The ledger form and the survey form of a national plan (none for another plan).  The
    ledger form starts with last year's problems not yet done, to be updated."""
    if plan.system is None:
        return []
    carried = _carried(data_dir, year)
    written = []
    for name, sheets, form, how_to in (
        (L.LEDGER_FORM, ledger_sheets(plan), "ledger", LEDGER_HOW_TO),
        (L.SURVEY_FORM, survey_sheets(plan), "survey", SURVEY_HOW_TO),
    ):
        if not sheets:
            continue
        meta = L.FormMeta(plan.title_zh or plan.title_en, digest, year, "domain", form,
                          deadline.isoformat() if deadline else "", form=form)  # fmt: skip
        part = (name, "problem ledger" if form == "ledger" else "resident survey responses")
        lines = cover_lines(plan, year, deadline, part)
        lines += [("", ""), ("填写方法", "How to fill in"), *how_to, *COMMON_HOW_TO]
        path = out_dir / f"{name}.xlsx"
        title = f"{plan.city_zh}{year}年{name}"
        atomic_write_bytes(path, _workbook(sheets, meta, title, lines, carried))
        written.append(path)
    return written


def _zh(values: dict[str, tuple[str, str]]) -> tuple[str, ...]:
    return tuple(zh for zh, _ in values.values())


def ledger_sheets(plan: Plan) -> dict[str, list[TableColumn]]:
    """Sheet name (the level) -> columns; only the levels with ledger-counted indicators.
    The ``indicator`` column's choices are the level's indicators."""
    assert plan.system is not None
    districts = tuple(d.code for d in plan.districts)
    choices: dict[str, tuple[str, ...]] = {
        "district": districts, "unit_type": tuple(UNIT_TYPES), "severity": _zh(SEVERITIES),
        "difficulty": _zh(DIFFICULTIES), "remedy": _zh(REMEDIES), "status": _zh(STATES),
        "data_status": L.STATUSES,
    }  # fmt: skip
    rules = {
        "lon": L.ValueRule("decimal", 73, 136, "经度（73–136）", "longitude, 73 to 136"),
        "lat": L.ValueRule("decimal", 3, 54, "纬度（3–54）", "latitude, 3 to 54"),
        "quantity": L.NON_NEGATIVE,
    }
    sheets = {}
    for level, (level_zh, _) in LEVELS.items():
        mine = [i for i in plan.system.indicators if i.level == level]
        if not any(i.source_of_value == "ledger" for i in mine):
            continue  # the city level: no problem ledger
        ids = tuple(i.id for i in mine)  # a problem may be found against any of them
        sheets[level_zh] = [
            TableColumn(c, *L.LEDGER_LABELS[c], choices=ids if c == "indicator" else
                        choices.get(c, ()), rule=rules.get(c),
                        width=28 if c.startswith(("problem_", "recommendation")) else 14)
            for c in LEDGER_COLUMNS
        ]  # fmt: skip
    return sheets


def survey_sheets(plan: Plan) -> dict[str, list[TableColumn]]:
    spec = load_survey_spec(plan.framework, plan.path)
    answers = tuple(spec.scale) + tuple(spec.missing)
    fixed = [
        TableColumn(c, *L.SURVEY_LABELS[c], choices=CODES.get(c, ()))
        for c in (*ID_COLUMNS, *BACKGROUND)
    ]
    fixed.append(TableColumn("status", *L.SURVEY_LABELS["status"], choices=L.STATUSES))
    items = [TableColumn(i.id, i.item_zh, i.item_en, choices=answers, width=12) for i in spec.items]
    return {L.SURVEY_SHEET: fixed + items}


def _workbook(
    sheets: dict[str, list[TableColumn]],
    meta: L.FormMeta,
    title: str,
    lines: list[tuple[str, str]],
    carried: list[dict[str, str]],
) -> bytes:
    wb = Workbook()
    first = wb.active
    assert first is not None
    first.title = L.INSTRUCTIONS_SHEET
    instructions(first, lines, headings={6})
    rows: list[L.FormRow] = []
    fill: list[tuple[str, int, int]] = []
    for name, columns in sheets.items():
        ids = next(c.choices for c in columns if c.name in ("indicator", "respondent_id"))
        mine = [r for r in carried if r.get("indicator") in ids]
        last = _table(wb.create_sheet(name), columns, mine)
        # the carried rows, by problem id: the reader tells rows inserted or ids edited
        rows += [L.FormRow(name, L.FIRST_DATA_ROW + i, r["problem_id"], "")
                 for i, r in enumerate(mine)]  # fmt: skip
        fill.append((name, L.FIRST_DATA_ROW, last))
    meta = replace(meta, rows=tuple(rows), fill_rows=tuple(fill))
    ws = wb.create_sheet(L.META_SHEET)
    for r in L.meta_rows(meta):
        ws.append(r)
    ws.sheet_state = "hidden"
    ws.protection.sheet = True
    stamp = dt.datetime(meta.year, 1, 1)
    wb.properties.creator = wb.properties.lastModifiedBy = "healthcheck"
    wb.properties.title = title
    wb.properties.created = wb.properties.modified = stamp
    buf = io.BytesIO()
    wb.save(buf)
    return reproducible_zip(buf.getvalue(), meta.year)


def _carried(data_dir: Path, year: int) -> list[dict[str, str]]:
    """The rows of last year's ledger not done, with ``carried_from`` the year first found
    (a data folder's ledger has been checked by ``healthcheck validate`` before forms go out)."""
    path = ledger_files(data_dir).get(year - 1)
    if path is None:
        return []
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = [r for r in csv.DictReader(f) if _ENUM_STATES.get(r.get("status", "")) != "done"]
    for r in rows:
        r["carried_from"] = r.get("carried_from") or str(year - 1)
    return rows


def _table(ws: Worksheet, columns: list[TableColumn], prefill: list[dict[str, str]]) -> int:
    """Header rows, the prefilled rows, then BLANK_ROWS unlocked rows; validations,
    protection.  The last row to fill."""
    last = L.FIRST_DATA_ROW + len(prefill) + L.BLANK_ROWS - 1
    ws.append([f"{c.label_zh}\n{c.label_en}" for c in columns])
    ws.append([c.name for c in columns])
    for i, found in enumerate(prefill):
        for j, col in enumerate(columns, start=1):
            text = (found.get(col.name) or "").strip()
            value: str | float | None = _ZH.get(col.name, {}).get(text, text) or None
            if text and col.rule is not None:
                value = float(text)
            keep_text(ws.cell(L.FIRST_DATA_ROW + i, j, value))  # never a formula
    ws.row_dimensions[L.LABEL_ROW].height = 45
    for n, col in enumerate(columns, start=1):
        letter = ws.cell(1, n).column_letter
        ws.column_dimensions[letter].width = col.width
        head, name = ws.cell(L.LABEL_ROW, n), ws.cell(L.NAME_ROW, n)
        head.font, head.fill = Font(bold=True), HEAD
        head.alignment = Alignment(wrap_text=True, vertical="center")
        name.font, name.fill = Font(color="595959", size=9), NAMES
        for row in range(L.FIRST_DATA_ROW, last + 1):
            cell = ws.cell(row, n)
            cell.fill = FILL
            cell.protection = Protection(locked=False)
            if col.name in TEXT_COLUMNS:
                cell.number_format = "@"
        ref = f"{letter}{L.FIRST_DATA_ROW}:{letter}{last}"
        if col.choices:
            dv = DataValidation(type="list", formula1=f'"{",".join(col.choices)}"',
                                allow_blank=True, showErrorMessage=True,
                                errorTitle=f"{col.label_zh} {col.label_en}",
                                error="请从下拉列表选择。Pick one from the list.")  # fmt: skip
            dv.add(ref)
            ws.add_data_validation(dv)
        elif col.rule is not None:
            r = col.rule
            dv = DataValidation(type=r.type, operator=r.operator, formula1=str(r.minimum),
                                formula2=None if r.maximum is None else str(r.maximum),
                                allow_blank=True, showErrorMessage=True,
                                error=f"{r.text_zh}。{r.text_en}.")  # fmt: skip
            dv.add(ref)
            ws.add_data_validation(dv)
    ws.freeze_panes = ws.cell(L.FIRST_DATA_ROW, 2).coordinate
    ws.auto_filter.ref = f"A{L.NAME_ROW}:{ws.cell(1, len(columns)).column_letter}{last}"
    print_setup(ws, landscape=True)
    ws.print_title_rows = f"{L.LABEL_ROW}:{L.NAME_ROW}"
    ws.protection.sheet = True
    ws.protection.autoFilter = ws.protection.sort = False
    ws.protection.formatColumns = ws.protection.formatRows = False
    return last
