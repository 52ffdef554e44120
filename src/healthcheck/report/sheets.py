"""The contents of the workbook's sheets, as typed cells: what :mod:`.workbook` writes.

Every number is a number, with the number format it is shown in (:class:`Num`); a percentage
(an indicator whose unit is %, a completion rate, a notebook column of type ``fraction``) is a
fraction in Excel's percent format, so 93.4 % is stored as 0.934.  Units are in the headers
where a column has one unit, else in the unit columns beside the values.  Codes and names, and
Chinese and English, are separate columns.  The decimals of an indicator's values come from
one function, :func:`indicator_decimals`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from healthcheck.inputs.plan import Indicator, Plan
from healthcheck.kinds import kind
from healthcheck.report.context.data import observation_rows, source_of
from healthcheck.report.context.districts import district_rows
from healthcheck.report.context.formatting import text
from healthcheck.report.context.tabular import sheet_name
from healthcheck.report.document import Document
from healthcheck.results.model import IndicatorRow, Table
from healthcheck.text import STATUS, decimals, finite
from healthcheck.text.numbers import indicator_decimals as text_indicator_decimals

__all__ = [
    "ILLUSTRATIVE",
    "VERDICT_ILLUSTRATIVE",
    "Col",
    "Num",
    "Sheet",
    "indicator_decimals",
    "number_format",
]

ILLUSTRATIVE = "示意数据 Illustrative"
VERDICT_ILLUSTRATIVE = "判定依据含示意数据 Verdict rests on illustrative values"
_ILLUS = "示意 illustrative"
#: the most decimals a value is shown with
MAX_DECIMALS = 3
#: a schedule gap in percentage points, signed as the report signs (U+2212 below zero)
GAP_FORMAT = '+0.0;"\u2212"0.0;0.0'
PERCENT_FORMAT = '0.0%;"\u2212"0.0%;0.0%'
YEAR_FORMAT = "0"
_MILESTONE_UNIT = ("1 = 已完成，0 = 未完成", "1 = done, 0 = not yet")


class Num(NamedTuple):
    """A number and the format it is shown in."""

    value: float
    fmt: str


Cell = str | int | float | bool | Num | None


@dataclass(frozen=True)
class Col:
    """A column: its header, the number format of its plain numbers (a :class:`Num` has its
    own), and whether its text wraps (at most ``wrap`` characters wide)."""

    head: str
    fmt: str | None = None
    wrap: int = 0


@dataclass
class Sheet:
    """A sheet: its name, its columns, its rows and which rows show illustrative values
    (shaded)."""

    name: str
    cols: list[Col]
    rows: list[list[Cell]] = field(default_factory=list)
    flagged: list[bool] = field(default_factory=list)
    about_zh: str = ""
    about_en: str = ""

    def add(self, cells: list[Cell], flagged: bool = False) -> None:
        if len(cells) != len(self.cols):
            raise ValueError(f"sheet {self.name}: {len(cells)} cells for {len(self.cols)} columns")
        self.rows.append(cells)
        self.flagged.append(flagged)


def number_format(digits: int, percent: bool = False, signed: bool = False) -> str:
    """``0.0%`` for a percentage with one decimal, ``#,##0.00`` for a number with two; below
    zero with the minus sign U+2212, as the report writes it; ``signed``: ``+`` above zero."""
    tail = "." + "0" * digits if digits > 0 else ""
    base = f"0{tail}%" if percent else f"#,##0{tail}"
    return f'{"+" if signed else ""}{base};"\u2212"{base};{base}'


def indicator_decimals(ind: Indicator, values: Iterable[float | None] = ()) -> int:
    """The decimals of an indicator's values in the workbook: the report's policy
    (:func:`healthcheck.text.numbers.indicator_decimals`: the plan's ``decimals`` column, else
    the target's), or more where a value of the data has more (as the PDF's data appendix
    does: a workbook never hides a figure's digits), at most :data:`MAX_DECIMALS`."""
    return min(MAX_DECIMALS, max(text_indicator_decimals(ind), _decimals(values)))


def _decimals(values: Iterable[float | None]) -> int:
    found = [decimals(f) for v in values if (f := finite(v)) is not None]
    return min(MAX_DECIMALS, max(found, default=0))


class _Units:
    """Each series' unit, percent rule and number format (indicators and context series)."""

    def __init__(self, plan: Plan, values: dict[str, list[float | None]]) -> None:
        self.unit: dict[str, tuple[str, str]] = {}
        self.percent: dict[str, bool] = {}
        self.digits: dict[str, int] = {}
        for i in plan.indicators:
            milestone = kind(i.kind).family == "milestone"
            self.unit[i.id] = _MILESTONE_UNIT if milestone else (i.unit_zh, i.unit_en)
            self.percent[i.id] = i.is_percentage
            self.digits[i.id] = indicator_decimals(i, values.get(i.id, []))
        for c in plan.context:
            self.unit[c.id] = (c.unit_zh, c.unit_en)
            self.percent[c.id] = c.unit_zh.strip() == "%"
            self.digits[c.id] = _decimals(values.get(c.id, []))

    def num(self, sid: str, x: float | None) -> Num | None:
        """A value of series ``sid`` as a number in its format (a percentage as a fraction)."""
        v = finite(x)
        if v is None:
            return None
        pct = self.percent.get(sid, False)
        fmt = number_format(self.digits.get(sid, MAX_DECIMALS), pct)
        return Num(round(v / 100 if pct else v, 12), fmt)

    def signed(self, sid: str, x: float | None) -> Num | None:
        """A change of a value of ``sid``: signed; in percentage points for a percentage."""
        v = finite(x)
        if v is None:
            return None
        v = round(v, 10)  # a difference: no 3.400000000000006
        if self.percent.get(sid):
            return Num(v, '+0.0" pp";"\u2212"0.0" pp";0.0" pp"')
        return Num(v, number_format(self.digits.get(sid, MAX_DECIMALS), signed=True))


def _series_values(doc: Document) -> dict[str, list[float | None]]:
    out: dict[str, list[float | None]] = {}
    res = doc.report.results
    for r in res.rows.values():
        out.setdefault(r.id, []).extend([r.value, r.baseline, r.target_value])
    for d in district_rows(doc.report):
        out.setdefault(d.id, []).extend([d.value, d.target])
    obs = res.observations
    if not obs.empty:
        for sid, v in zip(obs["indicator"], obs["value"], strict=True):
            out.setdefault(str(sid), []).append(finite(v))
    return out


def units(doc: Document) -> _Units:
    return _Units(doc.report.plan, _series_values(doc))


_SCORECARD = [
    Col("编号 ID"), Col("领域代码 Domain code"), Col("领域 Domain (zh)"), Col("领域 Domain (en)"),
    Col("指标 Indicator (zh)"), Col("指标 Indicator (en)"), Col("单位 Unit (zh)"),
    Col("单位 Unit (en)"), Col("基期年 Baseline year", YEAR_FORMAT), Col("基期值 Baseline"),
    Col("年份 Year", YEAR_FORMAT), Col("现值 Value"), Col("现值状态 Value status"),
    Col("目标年 Target year", YEAR_FORMAT), Col("目标值 Target"), Col("目标来源 Target set by"),
    Col("完成率 Completion (%)", PERCENT_FORMAT), Col("完成率说明 Completion note (zh)"),
    Col("完成率说明 Completion note (en)"), Col("进度差（百分点）Schedule gap (pp)", GAP_FORMAT),
    Col("时序判定代码 Schedule verdict code"), Col("时序判定 Schedule verdict (zh)"),
    Col("时序判定 Schedule verdict (en)"), Col("年均增速对比代码 Trajectory category code"),
    Col("年均增速对比 Trajectory category (zh)"), Col("年均增速对比 Trajectory category (en)"),
    Col(ILLUSTRATIVE), Col(VERDICT_ILLUSTRATIVE), Col("说明 Note (zh)"), Col("说明 Note (en)"),
]  # fmt: skip


def scorecard(doc: Document, name: str, rows: Iterable[IndicatorRow], u: _Units) -> Sheet:
    """One row per indicator: its identity, values, completion, gap and both verdicts."""
    plan, views = doc.report.plan, doc.report.views
    sheet = Sheet(name, list(_SCORECARD))
    for r in rows:
        v, ind, dom = views[r.id], plan.indicator(r.id), plan.domain(r.domain)
        unit = u.unit.get(r.id, (r.unit_zh, r.unit_en))
        note = (v["completion_note_zh"], v["completion_note_en"])
        comp = None if note[0] or r.completion is None else round(r.completion, 6)
        gap = v["gap_value"]
        sheet.add([
            r.id, r.domain, dom.title_zh, dom.title_en, v["name_zh"], v["name_en"], *unit,
            v["baseline_year"], u.num(r.id, r.baseline), r.year, u.num(r.id, r.value),
            r.value_status or "", r.target_year or ind.target_year, u.num(r.id, r.target_value),
            "分析组 analysts" if v["analysts"] else "规划 plan", comp, *note,
            round(gap * 100, 3) if gap is not None else None,
            r.schedule_verdict, v["verdict"]["zh"], v["verdict"]["en"],
            r.international_category or "", v["category"]["zh"], v["category"]["en"],
            _ILLUS if v["value_illustrative"] else "",
            ", ".join(str(y) for y in v["illustrative_years"]) if v["verdict_illustrative"] else "",
            v["sentence_zh"], v["sentence_en"],
        ], flagged=bool(v["value_illustrative"] or v["verdict_illustrative"]))  # fmt: skip
    return sheet


_DISTRICTS = [
    Col("区代码 District code"), Col("区 District (zh)"), Col("区 District (en)"),
    Col("编号 ID"), Col("指标 Indicator (zh)"), Col("指标 Indicator (en)"),
    Col("单位 Unit (zh)"), Col("单位 Unit (en)"), Col("年份 Year", YEAR_FORMAT),
    Col("现值 Value"), Col("全市目标 City target"), Col("目标来源 Target set by"),
    Col("与目标之差 Gap to target"), Col("达标 Meets target"),
    Col("排名（1为最好）Rank (1 = best)", YEAR_FORMAT),
    Col("参与排名区数 Districts ranked", YEAR_FORMAT),
    Col(ILLUSTRATIVE), Col("备注 Note"),
]  # fmt: skip


def districts(doc: Document, u: _Units) -> Sheet:
    """One row per district and indicator."""
    plan, views = doc.report.plan, doc.report.views
    names = {d.code: (d.name_zh, d.name_en) for d in plan.districts}
    sheet = Sheet("districts", list(_DISTRICTS))
    for r in district_rows(doc.report):
        v = views[r.id]
        zh, en = names.get(r.area, (r.name_zh, r.name_en))
        sheet.add([
            r.area, zh, en, r.id, v["name_zh"], v["name_en"], *u.unit.get(r.id, ("", "")),
            r.year, u.num(r.id, r.value), u.num(r.id, r.target),
            "" if r.target is None else ("分析组 analysts" if r.target_source == "analyst"
                                         else "规划 plan"),
            u.signed(r.id, r.gap),
            "" if r.meets is None else ("是 yes" if r.meets else "否 no"),
            r.rank, r.of or None, _ILLUS if r.illustrative else "", r.note,
        ], flagged=r.illustrative)  # fmt: skip
    return sheet


_DATA = [
    Col("编号 ID"), Col("指标 Indicator (zh)"), Col("指标 Indicator (en)"), Col("单位 Unit (zh)"),
    Col("单位 Unit (en)"), Col("年份 Year", YEAR_FORMAT), Col("数值 Value"),
    Col("状态代码 Status code"), Col("状态 Status (zh)"), Col("状态 Status (en)"),
    Col("来源 Source"), Col("备注 Note"), Col(ILLUSTRATIVE),
]  # fmt: skip


def data(doc: Document, u: _Units) -> Sheet:
    """Every city-level value the report uses, up to the report year, with its status."""
    rows = observation_rows(doc.report.plan, doc.report.results.observations, doc.report.year)
    sheet = Sheet("data", list(_DATA))
    for r in rows:
        sheet.add([
            r["id"], r["name_zh"], r["name_en"], *u.unit.get(r["id"], ("", "")), r["year"],
            u.num(r["id"], r["raw"]), r["status"], r["status_zh"], r["status_en"], r["source"],
            r["note"], _ILLUS if r["illustrative"] else "",
        ], flagged=r["illustrative"])  # fmt: skip
    return sheet


#: what each status means (README, "Data")
STATUS_MEANING: dict[str, tuple[str, str]] = {
    "official": ("统计公报或政府部门发布的数值", "a statistical bulletin or a government body"),
    "reported": ("新闻报道公开的数值", "a published news report of a figure"),
    "estimate": ("分析组据公开数值推算，备注说明推算方法",
                 "derived by the analysts from published figures; the note says how"),
    "illustrative": ("无公开数值处的示意值，不是实际数据；报告在出现处逐页标注",
                     "a placeholder where nothing was published, not a real figure; the report "
                     "marks it on every page it appears"),
}  # fmt: skip

_ABOUT = [Col("类别 Section"), Col("项目 Item", wrap=40), Col("说明 Description (zh)", wrap=60),
          Col("说明 Description (en)", wrap=60)]  # fmt: skip
_FORMATS = [
    ("数值 Numbers",
     "数值以数字保存，可直接计算；百分比以百分比格式保存（93.4%存为0.934）；单位见列标题或“单位”列",
     "Numbers are stored as numbers; a percentage is in the percent format (93.4% is stored as "
     "0.934); units are in the column headers or the Unit columns"),
    ("进度差 Schedule gap",
     "完成率减时间进度，以百分点计；负号为“−”",
     "Completion minus the time elapsed, in percentage points; below zero signed “−”"),
    ("示意数据 Illustrative",
     "含示意数据的行以浅黄色标出；“示意数据”列标出数值本身为示意数据，"
     "“判定依据含示意数据”列列出判定所依据的示意数据年份",
     "Rows with illustrative values are shaded light yellow; the column “Illustrative” marks a "
     "value that is itself illustrative, the column “Verdict rests on illustrative values” the "
     "years of the illustrative values a verdict rests on"),
    ("文本 Text",
     "以 = + - @ 开头的备注或来源按文本保存，不作为公式计算；"
     "CSV文件（tables/）中此类文本前加单引号 '",
     "A note or source beginning with = + - @ is stored as text, never run as a formula; in the "
     "CSV files (tables/) such a text has a single quote ' before it"),
]  # fmt: skip


def about(doc: Document, sheets: list[Sheet]) -> Sheet:
    """The first sheet: the report, the sheets, the statuses, the formats and the sources."""
    ctx = doc.context
    sheet = Sheet("说明 About", list(_ABOUT))
    sheet.add(["报告 Report", "标题 Title", ctx["title_zh"], ctx["title_en"]])
    for s in sheets:
        sheet.add(["工作表 Sheet", s.name, s.about_zh, s.about_en])
    for code, (zh, en) in STATUS.items():
        mzh, men = STATUS_MEANING.get(code, ("", ""))
        sheet.add(["状态 Status", code, f"{zh}：{mzh}", f"{en}: {men}"])
    for item, zh, en in _FORMATS:
        sheet.add(["格式 Formats", item, zh, en])
    for source, n, statuses in _sources(doc):
        zh = "、".join(STATUS.get(s, (s, s))[0] for s in statuses)
        en = ", ".join(STATUS.get(s, (s, s))[1] for s in statuses)
        sheet.add(["来源 Source", source, f"{n}个数值（{zh}）",
                   f"{n} value{'' if n == 1 else 's'} ({en})"])  # fmt: skip
    return sheet


def _sources(doc: Document) -> list[tuple[str, int, list[str]]]:
    """Every source of the values up to the report year (city and districts), most values
    first, with the statuses of its values."""
    obs = doc.report.results.observations
    if obs.empty:
        return []
    counts: Counter[str] = Counter()
    statuses: dict[str, set[str]] = {}
    for r in obs.to_dict("records"):
        year = finite(r.get("year"))
        if year is None or year > doc.report.year:
            continue
        status = str(r.get("status") or "")
        source, _ = source_of(status, text(r.get("source")), text(r.get("note")))
        if source:
            counts[source] += 1
            statuses.setdefault(source, set()).add(status)
    order = list(STATUS)
    return [(s, n, sorted(statuses[s], key=lambda x: (order.index(x) if x in order else 99, x)))
            for s, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]  # fmt: skip


_BOOL = {"true": "是 yes", "false": "否 no", "1": "是 yes", "0": "否 no", "1.0": "是 yes",
         "0.0": "否 no"}  # fmt: skip


def notebook_tables(doc: Document, taken: set[str]) -> list[Sheet]:
    """Each domain's notebook tables, whole, as the sheets the PDF names
    (:func:`healthcheck.report.context.tabular.sheet_name`), typed by their columns."""
    res = doc.report.results
    out: list[Sheet] = []
    for dom in res.domains:
        for t in dom.tables:
            name = sheet_name(dom.domain, t)
            if name in taken:
                continue
            taken.add(name)
            rows = res.store.table_rows(dom.domain, t)
            if rows:
                out.append(_notebook_sheet(name, t, rows))
    return out


def _notebook_sheet(name: str, table: Table, rows: list[list[str]]) -> Sheet:
    header, body = rows[0], [r + [""] * (len(rows[0]) - len(r)) for r in rows[1:]]
    typed = {c.name: c for c in table.columns}
    cols, kinds = [], []
    for k, h in enumerate(header):
        c = typed.get(h)
        typ: str = c.type if c is not None else "text"
        if typ == "fraction" and "gap" in h.split("_"):  # a gap between fractions, as the PDF
            typ = "gap"
        label = f"{c.label_zh} {c.label_en}".strip() if c is not None else ""
        head = (label or h) + {"fraction": " (%)", "gap": " (pp)"}.get(typ, "")
        cols.append(Col(head, _column_format(h, typ, [r[k] for r in body])))
        kinds.append(typ)
    sheet = Sheet(name, _unique(cols), about_zh=table.caption_zh, about_en=table.caption_en)
    flags = list(table.illustrative) if len(table.illustrative) == len(body) else []
    for j, r in enumerate(body):
        sheet.add([_typed(s, typ) for s, typ in zip(r, kinds, strict=True)],
                  flagged=bool(flags and flags[j]))  # fmt: skip
    return sheet


def _column_format(name: str, typ: str, cells: list[str]) -> str | None:
    """The number format of a notebook table's column: years without a thousands separator,
    numbers in the decimals of their data, fractions as %, gaps in percentage points."""
    if typ in ("number", "integer") and name.lower().endswith("year"):
        return YEAR_FORMAT
    if typ == "number":
        return number_format(_decimals(_float(s) for s in cells))
    return {"integer": "#,##0", "fraction": PERCENT_FORMAT, "gap": GAP_FORMAT}.get(typ)


def _float(s: str) -> float | None:
    try:
        return finite(float(s))
    except ValueError:
        return None


def _typed(s: str, typ: str) -> Cell:
    """A CSV cell of a notebook table by its column's type; text where it does not parse."""
    if not s.strip():
        return None
    if typ == "bool":
        return _BOOL.get(s.strip().lower(), s)
    if typ == "text":
        return s
    v = _float(s)
    if v is None:
        return s
    if typ == "gap":
        return round(v * 100, 10)
    return int(v) if typ == "integer" and v.is_integer() else v


def _unique(cols: list[Col]) -> list[Col]:
    """Headers made unique (an Excel table's columns must be, ignoring case)."""
    seen: set[str] = set()
    out = []
    for c in cols:
        head, n = c.head or "column", 1
        while head.lower() in seen:
            n += 1
            head = f"{c.head or 'column'} ({n})"
        seen.add(head.lower())
        out.append(Col(head, c.fmt, c.wrap))
    return out
