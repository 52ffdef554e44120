"""Write the fill-in forms of a data year: one workbook per domain (or responsible unit).

:func:`write_forms` reads the plan (and, where the data folder has it, last year's
observations), groups the series -- the plan's indicators by domain or by ``owner``, the context
series (population, GDP) in a workbook of their own -- and writes one ``.xlsx`` per group in the
layout of :mod:`healthcheck.forms.layout`.  The same inputs give the same bytes.

An indicator gets district rows where the data holds a district value of it in any year, or
where plan.yaml gives it a district scope; the rows are its scope's districts.  A national plan
asks here for its observed indicators only, and :mod:`healthcheck.forms.national` adds the
problem-ledger and survey forms.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Literal

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from healthcheck.errors import InputError, Problem
from healthcheck.files import atomic_write_bytes, observation_files, observation_folder
from healthcheck.forms import layout as L
from healthcheck.forms.national import write_national_forms
from healthcheck.forms.style import (
    FILL,
    HEAD,
    NAMES,
    cover_lines,
    instructions,
    print_setup,
    row_height,
)  # fmt: skip
from healthcheck.inputs.observations import load_observations
from healthcheck.inputs.plan import District, Indicator, Plan, load_plan
from healthcheck.inputs.survey_spec import load_survey_spec
from healthcheck.report.workbook import _normalise_zip as reproducible_zip
from healthcheck.spreadsheet import keep_text

__all__ = [
    "Series", "current_digest", "default_year", "file_names", "form_groups", "write_forms",
]  # fmt: skip

GroupBy = Literal["domain", "owner"]
CONTEXT_GROUP = "context"

#: the data columns whose text wraps (the row is made tall enough for them)
WRAPPED = frozenset({"area_name", "name_zh", "name_en", "definition", "last_source"})
STATUS_TEXT: dict[str, tuple[str, str]] = {
    "official": (
        "official 官方：统计公报、政府部门发布或提供的数据",
        "official: a statistical bulletin or a government body",
    ),
    "reported": ("reported 报道：公开新闻报道的数据", "reported: a published news report"),
    "estimate": ("estimate 估算：根据公开数据推算", "estimate: derived from published figures"),
    "illustrative": (
        "illustrative 示意：暂无数据时的占位值",
        "illustrative: a placeholder where nothing was published",
    ),
}
#: the first sheet's "how to fill in" lines, Chinese and English
HOW_TO: tuple[tuple[str, str], ...] = (
    (
        "“城市”表填写全市数值，“分区”表（如有）填写各区数值；每行一个指标（及区）。",
        "Sheet 城市 takes the city's values, sheet 分区 (where present) each district's; "
        "one row per indicator (and district).",
    ),
    (
        "只填写黄色单元格：本年值、来源类型、数据来源、备注；其余单元格已锁定，仅供参考。",
        "Fill only the yellow cells: value, status, source, note; the other cells are locked, "
        "for reference.",
    ),
    (
        "本年值只填数字，不带单位，不填公式；单位见“单位”列。暂无数据的行留空。",
        "Type the value as a bare number in the unit shown, never a formula; leave the row "
        "empty where there is no figure.",
    ),
    (
        "百分数填 0–100 之间的数（如 95.5）；数量、能力等填不小于 0 的数；"
        "建设事项填 1（已完成）或 0（未完成）。",
        "Percentages: 0 to 100 (e.g. 95.5); counts and capacities: 0 or more; "
        "milestones: 1 (done) or 0 (not yet).",
    ),
    (
        "请勿插入、删除、移动行，也勿修改工作表名称和第 2 行的列名：数据按这些位置读取。",
        "Do not insert, delete or move rows, rename sheets or change the column names of "
        "row 2: the data are read by them.",
    ),
    (
        "“上年值”“上年来源类型”“上年数据来源”列出上年报送的数据，供核对。",
        "The last year's columns show the figures returned last year, for checking.",
    ),
    (
        "官方、报道、估算的数值须填写数据来源（文件名称、发布单位或网址）。",
        "A value with status official, reported or estimate names its source (the document, "
        "the body or the address).",
    ),
)


@dataclass(frozen=True)
class Series:
    """One series a form asks for: an indicator of the plan, or a context series."""

    id: str
    name_zh: str
    name_en: str
    unit_zh: str
    unit_en: str
    kind: str  # a kind of healthcheck.kinds, or "context"
    definition: str
    districts: tuple[District, ...]  # the district rows; () = city only

    @property
    def rule(self) -> L.ValueRule:
        return L.value_rule(self.kind, self.unit_zh, self.unit_en)


@dataclass(frozen=True)
class Group:
    """The series of one workbook."""

    id: str  # domain id or owner name
    title_zh: str
    title_en: str
    series: tuple[Series, ...]


def write_forms(
    plan_dir: Path,
    data_dir: Path,
    out_dir: Path,
    year: int,
    by: GroupBy = "domain",
    deadline: dt.date | None = None,
) -> list[Path]:
    """Write the forms of ``year`` into ``out_dir``; the paths written, in the groups' order."""
    plan = load_plan(plan_dir)
    obs = _observations(plan, data_dir)
    groups = form_groups(plan, obs, by)
    last = _last_values(obs, year - 1)
    digest = current_digest(plan)
    written = []
    reserved = {L.LEDGER_FORM, L.SURVEY_FORM} if plan.system is not None else set()
    names = file_names([g.title_zh for g in groups], reserved)
    for group, name in zip(groups, names, strict=True):
        data = workbook_bytes(plan, group, year, by, deadline, last, digest)
        path = out_dir / f"{name}.xlsx"
        atomic_write_bytes(path, data)
        written.append(path)
    return written + write_national_forms(plan, data_dir, out_dir, year, deadline, digest)


def default_year(data_dir: Path, today: dt.date | None = None) -> int:
    """The year forms ask for by default: the year after the latest observation file (the
    data of a year are collected in the next), or without one, last calendar year."""
    years = observation_files(data_dir)
    return max(years) + 1 if years else (today or dt.date.today()).year - 1


def _observations(plan: Plan, data_dir: Path) -> pd.DataFrame | None:
    """The data folder's observations (checked: a located InputError); None without any."""
    folder = observation_folder(data_dir)
    if not folder.is_dir() or not any(folder.glob("*.csv")):
        return None
    return load_observations(data_dir, plan)


def _last_values(obs: pd.DataFrame | None, year: int) -> dict[tuple[str, str], tuple]:
    """(indicator, area) -> (value, status, source) of ``year``."""
    if obs is None:
        return {}
    rows = obs[obs["year"] == year]
    return {
        (str(r.indicator), str(r.area)): (float(str(r.value)), str(r.status), str(r.source))
        for r in rows.itertuples()
    }


def form_groups(plan: Plan, obs: pd.DataFrame | None, by: GroupBy) -> list[Group]:
    """The workbooks to write: the plan's indicators by domain (plan order) or by owner (in
    the order of their first indicator), then the context series."""
    with_districts = set() if obs is None else set(obs.loc[obs["area"] != "", "indicator"])
    scoped = {i.id for i in plan.indicators if i.district_scope is not None}

    def series(ind_id: str) -> Series:
        ind = plan.indicator(ind_id)
        rule = L.value_rule(ind.kind, ind.unit_zh, ind.unit_en)
        goal = f"规划目标：{ind.target_text_zh}" if ind.target_text_zh else ""
        text = "\n".join(t for t in (f"{rule.text_zh}\n{rule.text_en}", goal) if t)
        districts = plan.districts_of(ind) if ind_id in with_districts | scoped else ()
        unit = ind.unit_zh or ind.unit_en
        return Series(ind.id, ind.name_zh, ind.name_en, unit, ind.unit_en, ind.kind, text,
                      districts)  # fmt: skip

    observed = _observed(plan)
    groups: list[Group] = []
    if by == "domain":
        for dom in plan.domains:
            members = tuple(series(i.id) for i in observed if i.domain == dom.id)
            if members:
                groups.append(Group(dom.id, dom.title_zh, dom.title_en, members))
    else:
        _check_owners(plan, observed)
        owners = list(dict.fromkeys(i.owner for i in observed))
        for owner in owners:
            members = tuple(series(i.id) for i in observed if i.owner == owner)
            groups.append(Group(owner, owner, owner, members))
    context = tuple(
        Series(
            c.id,
            c.name_zh,
            c.name_en,
            c.unit_zh,
            c.unit_en,
            "context",
            f"{L.ANY_NUMBER.text_zh}\n{L.ANY_NUMBER.text_en}",
            plan.districts if c.id in with_districts else (),
        )  # fmt: skip
        for c in plan.context
    )
    if context:
        groups.append(Group(CONTEXT_GROUP, "背景数据", "Context series", context))
    return groups


def _observed(plan: Plan) -> list[Indicator]:
    """The indicators whose values are observed (in a national plan, not those counted from
    the problem ledgers or derived: their forms are the ledger's)."""
    if plan.system is None:
        return list(plan.indicators)
    source = {s.id: s.source_of_value for s in plan.system.indicators}
    return [i for i in plan.indicators if source.get(i.id, "observed") == "observed"]


def _check_owners(plan: Plan, indicators: list[Indicator]) -> None:
    missing = [i.id for i in indicators if not i.owner]
    if missing:
        file = str((plan.path or Path(".")) / "indicators.csv")
        found = f"no owner for {', '.join(missing[:8])}" + (" …" if len(missing) > 8 else "")
        raise InputError(
            [Problem(file, None, "owner", found, "a responsible unit for every indicator")]
        )


def current_digest(plan: Plan) -> str:
    """The digest every form of ``plan`` records and ``collect`` compares with the plan it is
    given: the series (id, kind, units, districts in scope), the districts, and for a national
    plan the system's indicators (level, source of value) and the survey's items and answer
    codes.  Names, targets and definitions are left out: a form stays good when only they
    change."""
    items: list[tuple[str, ...]] = [
        ("indicator", i.id, i.kind, i.unit_zh, i.unit_en,
         ",".join(d.code for d in plan.districts_of(i)))
        for i in plan.indicators
    ]  # fmt: skip
    items += [("context", c.id, c.unit_zh, c.unit_en) for c in plan.context]
    items += [("district", d.code) for d in plan.districts]
    if plan.system is not None:
        items += [("system", s.id, s.level, s.source_of_value) for s in plan.system.indicators]
        spec = load_survey_spec(plan.framework, plan.path)
        items += [("survey", *spec.item_ids), ("answers", *spec.scale, *spec.missing)]
    return L.plan_digest(items)


def file_names(
    titles: Sequence[str], reserved: set[str] | frozenset[str] = frozenset()
) -> list[str]:
    """A file name (without ``.xlsx``) per title, all different even where the file system
    ignores case: a title that comes out as an earlier one's name (``交通/局``, ``交通:局``) or a
    ``reserved`` one gets ``-2``, ``-3`` …, so that no form overwrites another."""
    taken = {r.casefold() for r in reserved}
    out = []
    for title in titles:
        base = name = _file_name(title)
        n = 1
        while name.casefold() in taken:
            n += 1
            name = f"{base}-{n}"
        taken.add(name.casefold())
        out.append(name)
    return out


def _file_name(title: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", title).strip("_") or "form"


# --- one workbook ----------------------------------------------------------------------------


def workbook_bytes(
    plan: Plan,
    group: Group,
    year: int,
    by: GroupBy,
    deadline: dt.date | None,
    last: dict[tuple[str, str], tuple],
    digest: str,
) -> bytes:
    """The ``.xlsx`` bytes of one group's form (fixed properties and zip dates)."""
    wb = Workbook()
    info = wb.active
    assert info is not None
    info.title = L.INSTRUCTIONS_SHEET
    _instructions(info, plan, group, year, deadline)
    rows: list[L.FormRow] = []
    city: list[tuple[Series, District | None]] = [(s, None) for s in group.series]
    districts: list[tuple[Series, District | None]] = [
        (s, d) for s in group.series for d in s.districts
    ]
    for name, items in ((L.CITY_SHEET, city), (L.DISTRICT_SHEET, districts)):
        if items:
            rows += _data_sheet(wb.create_sheet(name), items, last, plan)
    meta = wb.create_sheet(L.META_SHEET)
    form = L.FormMeta(
        plan_title=plan.title_zh or plan.title_en,
        plan_digest=digest,
        year=year,
        group_by=by,
        group=group.id,
        deadline=deadline.isoformat() if deadline else "",
        rows=tuple(rows),
    )
    for r in L.meta_rows(form):
        meta.append(r)
    meta.sheet_state = "hidden"
    meta.protection.sheet = True
    stamp = dt.datetime(year, 1, 1)
    wb.properties.creator = "healthcheck"
    wb.properties.lastModifiedBy = "healthcheck"
    wb.properties.title = f"{plan.city_zh}{year}年{group.title_zh}数据填报表"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    buf = io.BytesIO()
    wb.save(buf)
    return reproducible_zip(buf.getvalue(), year)


def _instructions(
    ws: Worksheet, plan: Plan, group: Group, year: int, deadline: dt.date | None
) -> None:
    lines = cover_lines(plan, year, deadline, (group.title_zh, group.title_en))
    lines += [("", ""), ("填写方法", "How to fill in"), *HOW_TO, ("", "")]
    lines += [("来源类型（下拉选择）", "Status (pick from the list)")]
    lines += [STATUS_TEXT[s] for s in L.STATUSES]
    instructions(ws, lines, headings={6, 8 + len(HOW_TO)})


def _data_sheet(
    ws: Worksheet,
    items: list[tuple[Series, District | None]],
    last: dict[tuple[str, str], tuple],
    plan: Plan,
) -> list[L.FormRow]:
    """Header rows, one row per item, validation, protection; the rows written."""
    ws.append([c.label for c in L.COLUMNS])
    ws.append([c.name for c in L.COLUMNS])
    for col in L.COLUMNS:
        head = ws.cell(L.LABEL_ROW, L.column_index(col.name))
        head.font = Font(bold=True)
        head.fill = FILL if col.fill else HEAD
        head.alignment = Alignment(wrap_text=True, vertical="center")
        name = ws.cell(L.NAME_ROW, L.column_index(col.name))
        name.font = Font(color="595959", size=9)
        name.fill = NAMES
        ws.column_dimensions[L.column_letter(col.name)].width = col.width
    ws.row_dimensions[L.LABEL_ROW].height = 45  # three lines: a long English label wraps
    written: list[L.FormRow] = []
    rules: dict[L.ValueRule, list[int]] = {}
    for n, (s, d) in enumerate(items):
        row = L.FIRST_DATA_ROW + n
        area = d.code if d else ""
        value, status, source = last.get((s.id, area), (None, None, None))
        ws.append([
            s.id, area or None, d.name_zh if d else "全市",
            s.name_zh, s.name_en, s.unit_zh or None, s.definition, value, status, source,
        ])  # fmt: skip
        for cell in ws[row]:
            keep_text(cell)  # a source "=HYPERLINK(...)" is text, not a formula
        for name in L.FILL_COLUMNS:
            cell = ws.cell(row, L.column_index(name))
            cell.fill = FILL
            cell.protection = Protection(locked=False)
        for col in L.COLUMNS:
            ws.cell(row, L.column_index(col.name)).alignment = Alignment(
                wrap_text=col.name in WRAPPED, vertical="top"
            )
        ws.row_dimensions[row].height = row_height(
            [(str(ws.cell(row, L.column_index(c.name)).value or ""), c.width) for c in L.COLUMNS
             if c.name in WRAPPED]
        )  # fmt: skip
        rules.setdefault(s.rule, []).append(row)
        written.append(L.FormRow(ws.title, row, s.id, area))
    last_row = L.FIRST_DATA_ROW + len(items) - 1
    for rule, cells in rules.items():
        ws.add_data_validation(_value_validation(rule, cells))
    status = DataValidation(
        type="list", formula1=f'"{",".join(L.STATUSES)}"', allow_blank=True,
        showErrorMessage=True, errorTitle="来源类型 Status",
        error="请从下拉列表选择。Pick one from the list.",
    )  # fmt: skip
    status.add(
        f"{L.column_letter('status')}{L.FIRST_DATA_ROW}:{L.column_letter('status')}{last_row}"
    )
    ws.add_data_validation(status)
    ws.freeze_panes = f"{L.column_letter('name_zh')}{L.FIRST_DATA_ROW}"
    ws.auto_filter.ref = f"A{L.NAME_ROW}:{L.column_letter(L.COLUMNS[-1].name)}{last_row}"
    print_setup(ws, landscape=True)
    ws.print_title_rows = f"{L.LABEL_ROW}:{L.NAME_ROW}"
    ws.protection.sheet = True
    ws.protection.autoFilter = False  # filtering and sorting allowed on the protected sheet
    ws.protection.sort = False
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    return written


def _value_validation(rule: L.ValueRule, rows: list[int]) -> DataValidation:
    """The validation of the value cells of ``rows`` (runs of rows as one range each)."""
    low = -1e15 if rule.minimum is None else rule.minimum
    high = 1e15 if rule.maximum is None else rule.maximum
    operator = "between" if rule.maximum is not None or rule.minimum is None else rule.operator
    dv = DataValidation(
        type=rule.type, operator=operator,
        formula1=_number(low), formula2=_number(high) if operator == "between" else None,
        allow_blank=True, showErrorMessage=True, showInputMessage=True,
        errorTitle="数值超出范围 Out of range", error=f"{rule.text_zh}。{rule.text_en}.",
        promptTitle="本年值 Value", prompt=f"{rule.text_zh}。{rule.text_en}.",
    )  # fmt: skip
    col = L.column_letter("value")
    for _, run in groupby(enumerate(rows), key=lambda t: t[1] - t[0]):
        found = [r for _, r in run]
        first, last = found[0], found[-1]
        dv.add(f"{col}{first}:{col}{last}" if last > first else f"{col}{first}")
    return dv


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))
