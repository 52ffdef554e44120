"""The layout of a fill-in form: the one description the writer and the reader share.

A form is an ``.xlsx`` workbook written by :mod:`healthcheck.forms.write` for one group of
indicators (a domain, or a responsible unit) and one data year, and read back by
:mod:`healthcheck.forms.read`.  Its sheets, in order:

* ``说明`` -- bilingual instructions, the plan, the year and the deadline (no data);
* ``城市`` -- one row per indicator, the city's value;
* ``分区`` -- one row per indicator x district in the indicator's district scope (only where
  the group has such rows);
* ``_form`` -- hidden: the form's metadata and the rows it was written with.

Every data sheet has two header rows: row 1 bilingual labels, row 2 the machine column names
(the observation file's ``indicator``, ``area``, ``value``, ``status``, ``source``, ``note``, plus
read-only reference columns); data start on row 3.  Only the columns in :data:`FILL_COLUMNS`
are to be filled; every other cell is locked (sheet protection without a password).

The ``_form`` sheet holds key / value pairs in columns A:B from row 1 (:data:`META_KEYS`), then,
from row :data:`META_ROWS_HEADER`, a table ``sheet, row, indicator, area``: every data row the
form was written with, so that the reader can tell inserted or deleted rows, a renamed sheet
or a changed id.  :func:`meta_rows` writes it and :func:`read_meta` reads it back.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from healthcheck.inputs.status import STATUSES
from healthcheck.kinds import kind as kind_of

__all__ = [
    "COLUMNS",
    "CITY_SHEET",
    "DISTRICT_SHEET",
    "FILL_COLUMNS",
    "FIRST_DATA_ROW",
    "FORM_VERSION",
    "INSTRUCTIONS_SHEET",
    "LABEL_ROW",
    "META_KEYS",
    "META_ROWS_HEADER",
    "META_SHEET",
    "NAME_ROW",
    "STATUSES",
    "Column",
    "BLANK_ROWS",
    "FormMeta",
    "LEDGER_FORM",
    "LEDGER_LABELS",
    "SURVEY_FORM",
    "SURVEY_LABELS",
    "SURVEY_SHEET",
    "FormRow",
    "ValueRule",
    "column_letter",
    "format_value",
    "column_index",
    "meta_rows",
    "plan_digest",
    "read_meta",
    "value_rule",
]

#: bumped whenever the layout changes in a way a reader must know about (2: ``fill_rows``, the
#: ledger's carried rows in the rows table, the plan digest of :func:`healthcheck.forms.write.
#: current_digest`)
FORM_VERSION = 2

INSTRUCTIONS_SHEET = "说明"
CITY_SHEET = "城市"
DISTRICT_SHEET = "分区"
META_SHEET = "_form"
#: the data sheets, in the order they appear
DATA_SHEETS: tuple[str, ...] = (CITY_SHEET, DISTRICT_SHEET)

LABEL_ROW = 1  # bilingual labels
NAME_ROW = 2  # machine column names
FIRST_DATA_ROW = 3


@dataclass(frozen=True)
class Column:
    """One column of a data sheet: its machine name (row 2), its labels (row 1), its width."""

    name: str
    label_zh: str
    label_en: str
    width: float
    fill: bool = False

    @property
    def label(self) -> str:
        return f"{self.label_zh}\n{self.label_en}"


#: the columns of both data sheets, in order (the city sheet's ``area`` cells are empty)
COLUMNS: tuple[Column, ...] = (
    Column("indicator", "指标编号", "Indicator", 10),
    Column("area", "区划代码", "Area code", 10),
    Column("area_name", "区域", "Area", 12),
    Column("name_zh", "指标名称", "Name (Chinese)", 30),
    Column("name_en", "指标名称（英文）", "Name (English)", 30),
    Column("unit", "单位", "Unit", 10),
    Column("definition", "填报说明", "What to report", 34),
    Column("last_value", "上年值", "Last year's value", 12),
    Column("last_status", "上年来源类型", "Last year's status", 14),
    Column("last_source", "上年数据来源", "Last year's source", 26),
    Column("value", "本年值", "Value", 12, fill=True),
    Column("status", "来源类型", "Status", 13, fill=True),
    Column("source", "数据来源", "Source", 28, fill=True),
    Column("note", "备注", "Note", 24, fill=True),
)
COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)
FILL_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.fill)


def column_index(name: str) -> int:
    """The 1-based column of ``name`` on a data sheet."""
    return COLUMN_NAMES.index(name) + 1


def column_letter(name: str) -> str:
    """The column letter of ``name`` on a data sheet (A, B, …; fewer than 27 columns)."""
    return chr(ord("A") + COLUMN_NAMES.index(name))


# --- validation of the value, by kind ------------------------------------------------------


@dataclass(frozen=True)
class ValueRule:
    """What Excel accepts in a row's ``value`` cell (openpyxl DataValidation terms)."""

    type: Literal["decimal", "whole"]
    minimum: float | None
    maximum: float | None
    text_zh: str
    text_en: str

    @property
    def operator(self) -> str:
        if self.maximum is None:
            return "greaterThanOrEqual"
        return "between"

    def accepts(self, value: float) -> bool:
        if self.type == "whole" and value != int(value):
            return False
        if self.minimum is not None and value < self.minimum:
            return False
        return self.maximum is None or value <= self.maximum


PERCENT = ValueRule("decimal", 0, 100, "0 至 100 之间的数值（百分数）", "a percentage, 0 to 100")
NON_NEGATIVE = ValueRule("decimal", 0, None, "不小于 0 的数值", "a number of 0 or more")
MILESTONE = ValueRule("whole", 0, 1, "1（已完成）或 0（未完成）", "1 (done) or 0 (not yet)")
#: a context series (population, GDP): any number
ANY_NUMBER = ValueRule("decimal", None, None, "数值", "a number")


def value_rule(kind: str, unit_zh: str = "", unit_en: str = "") -> ValueRule:
    """The rule on the value of an indicator of ``kind`` with this unit (``"context"``: a
    context series).  The same rules as the observation file's checks (inputs/spec.py)."""
    if kind == "context":
        return ANY_NUMBER
    if kind_of(kind).family == "milestone":
        return MILESTONE
    if unit_zh.strip() == "%" or unit_en.strip() == "%":
        return PERCENT
    return NON_NEGATIVE


def format_value(x: float) -> str:
    """A value as the observation files write it: shortest, no exponent, no trailing zeros."""
    text = format(Decimal(repr(float(x))), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# --- the hidden metadata sheet -------------------------------------------------------------


@dataclass(frozen=True)
class FormRow:
    """One data row the form was written with."""

    sheet: str
    row: int
    indicator: str
    area: str  # "" for the city


@dataclass(frozen=True)
class FormMeta:
    """What ``_form`` records: where the form comes from, and its rows."""

    plan_title: str
    plan_digest: str
    year: int
    group_by: Literal["domain", "owner"]
    group: str
    deadline: str = ""
    form_version: int = FORM_VERSION
    rows: tuple[FormRow, ...] = ()
    #: what the form collects: "observations", "ledger" (问题台账) or "survey" (问卷)
    form: str = "observations"
    #: a ledger or survey form's rows to fill, per sheet: (sheet, first row, last row)
    fill_rows: tuple[tuple[str, int, int], ...] = ()


#: the keys of ``_form`` column A, rows 1.., in order
META_KEYS: tuple[str, ...] = (
    "form_version", "plan_title", "plan_digest", "year", "group_by", "group", "deadline",
    "form", "fill_rows",
)  # fmt: skip
#: the row of ``_form`` holding the header ``sheet, row, indicator, area`` of the rows table
META_ROWS_HEADER = len(META_KEYS) + 2
META_ROWS_COLUMNS: tuple[str, ...] = ("sheet", "row", "indicator", "area")


def meta_rows(meta: FormMeta) -> list[list[str | int]]:
    """The rows of the ``_form`` sheet, from row 1 (a blank row between the two parts)."""
    values: dict[str, str | int] = {
        "form_version": meta.form_version,
        "plan_title": meta.plan_title,
        "plan_digest": meta.plan_digest,
        "year": meta.year,
        "group_by": meta.group_by,
        "group": meta.group,
        "deadline": meta.deadline,
        "form": meta.form,
        "fill_rows": json.dumps(
            {sheet: [first, last] for sheet, first, last in meta.fill_rows}, ensure_ascii=False
        ),
    }
    out: list[list[str | int]] = [[k, values[k]] for k in META_KEYS]
    out.append([])
    out.append(list(META_ROWS_COLUMNS))
    out += [[r.sheet, r.row, r.indicator, r.area] for r in meta.rows]
    return out


def read_meta(rows: Iterable[Sequence[object]]) -> FormMeta:
    """The metadata from the ``_form`` sheet's values (rows of cells, from row 1).

    Raises ValueError naming what is missing or malformed (the reader locates it)."""
    table = [list(r) for r in rows]
    pairs = {str(r[0]): r[1] if len(r) > 1 else None for r in table[: len(META_KEYS)] if r}
    version = str(pairs.get("form_version"))
    if version != str(FORM_VERSION):
        raise ValueError(f"a form of layout version {version} (this healthcheck reads version "
                         f"{FORM_VERSION}: write fresh forms)")  # fmt: skip
    missing = [k for k in META_KEYS if k not in pairs]
    if missing:
        raise ValueError(f"_form lacks {', '.join(missing)}")
    body = table[META_ROWS_HEADER:]
    form_rows = tuple(
        FormRow(str(r[0]), int(str(r[1])), str(r[2]), "" if r[3] is None else str(r[3]))
        for r in body
        if r and r[0] not in (None, "")
    )
    group_by = str(pairs["group_by"])
    if group_by not in ("domain", "owner"):
        raise ValueError(f"_form group_by is {group_by!r}")
    return FormMeta(
        plan_title=str(pairs["plan_title"] or ""),
        plan_digest=str(pairs["plan_digest"] or ""),
        year=int(str(pairs["year"])),
        group_by=group_by,  # type: ignore[arg-type]
        group=str(pairs["group"] or ""),
        deadline=str(pairs["deadline"] or ""),
        form_version=int(str(pairs["form_version"])),
        rows=form_rows,
        form=str(pairs["form"] or "observations"),
        fill_rows=_fill_rows(pairs["fill_rows"]),
    )


def _fill_rows(text: object) -> tuple[tuple[str, int, int], ...]:
    found = json.loads(str(text or "{}"))
    return tuple((str(k), int(v[0]), int(v[1])) for k, v in found.items())


def plan_digest(items: Iterable[Sequence[str]]) -> str:
    """A short digest of what a form depends on (tuples of texts, in any order), so that a form
    written for another plan or version of the plan is recognised."""
    text = json.dumps(sorted(tuple(i) for i in items), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# --- the national check's other inputs: problem ledgers and survey responses ---------------

#: the file names (without .xlsx) of the ledger and survey forms
LEDGER_FORM = "问题台账"
SURVEY_FORM = "问卷调查"
#: the survey form's data sheet; a ledger form has one sheet per level, named by the level's
#: Chinese name (healthcheck.inputs.system.LEVELS: 住房, 小区（社区）, 街区)
SURVEY_SHEET = "问卷"
#: the empty rows, unlocked, a ledger or survey sheet offers (from FIRST_DATA_ROW)
BLANK_ROWS = 500
#: the ledger's columns (healthcheck.inputs.ledgers.LEDGER_COLUMNS): (zh, en) labels of row 1
LEDGER_LABELS: dict[str, tuple[str, str]] = {
    "problem_id": ("问题编号", "Problem id"), "indicator": ("指标编号", "Indicator"),
    "district": ("区", "District code"), "street": ("街道", "Sub-district code"),
    "community": ("社区", "Community code"), "unit_type": ("对象类型", "Unit type"),
    "unit_id": ("对象编号", "Unit id"), "unit_name": ("对象名称", "Unit name"),
    "lon": ("经度", "Longitude"), "lat": ("纬度", "Latitude"), "quantity": ("数量", "Quantity"),
    "problem_zh": ("问题描述", "Problem (Chinese)"), "problem_en": ("问题描述（英文）", "Problem"),
    "severity": ("问题程度", "Severity"), "difficulty": ("治理难度", "Difficulty"),
    "remedy": ("整治类型", "Remedy"), "recommendation_zh": ("整治建议", "Recommendation (Chinese)"),
    "recommendation_en": ("整治建议（英文）", "Recommendation"),
    "responsible_zh": ("责任单位", "Responsible unit (Chinese)"),
    "responsible_en": ("责任单位（英文）", "Responsible unit"),
    "status": ("整治状态", "Status"), "found": ("发现日期", "Found (YYYY-MM-DD)"),
    "due": ("整治期限", "Due (YYYY-MM)"), "closed": ("完成日期", "Closed (YYYY-MM-DD)"),
    "carried_from": ("延续自", "Carried from"), "data_status": ("来源类型", "Data status"),
    "source": ("数据来源", "Source"),
}  # fmt: skip
#: the survey sheet's fixed columns (then one column per item, labelled by the item's text)
SURVEY_LABELS: dict[str, tuple[str, str]] = {
    "respondent_id": ("问卷编号", "Respondent id"), "district": ("区", "District code"),
    "street": ("街道", "Sub-district code"), "community": ("社区", "Community code"),
    "sex": ("性别", "Sex"), "age_group": ("年龄", "Age group"),
    "occupation": ("职业", "Occupation"), "income": ("收入", "Income"),
    "residence": ("居住年限", "Years of residence"), "status": ("来源类型", "Status"),
}  # fmt: skip
