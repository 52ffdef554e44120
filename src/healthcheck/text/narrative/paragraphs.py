"""The paragraphs of the report: a domain's opening, the summary's opening, the list of
shortfalls, the changes against the previous check, and the districts of one indicator.

The paragraphs select nothing: the shortfalls are the rows the engine's shortfall rule selected
and ordered (``healthcheck.engine.shortfalls``), handed in by the caller.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from healthcheck.text.i18n import Lang, label
from healthcheck.text.narrative.fields import isna, number
from healthcheck.text.numbers import fmt_percent, value_text

if TYPE_CHECKING:
    from healthcheck.inputs.plan import Indicator

__all__ = [
    "changes_paragraph",
    "count_en",
    "count_zh",
    "district_sentence",
    "domain_paragraph",
    "share_text",
    "shortfall_paragraph",
    "summary_paragraph",
]

ZH_SEP = "、"

#: a row of the assessment (or of a list built from it), keyed by the engine's column names
Row = Mapping[str, Any]
#: indicator id -> (Chinese name, English name)
Names = Mapping[str, tuple[str, str]]


def _counts(rows: Iterable[Row], key: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in rows:
        v = r.get(key)
        k = str(v) if v and not isna(v) else "not_assessed"
        out[k] = out.get(k, 0) + 1
    return out


def _count_list(counts: Mapping[str, int], table: str, lang: Lang) -> str:
    items = []
    for k, n in counts.items():
        if k == "not_assessed":
            name = "未评估" if lang == "zh" else "not assessed"
        else:
            name = label(table, k, lang)
        # a label with a comma of its own ("总体下降，期间有回升") is quoted, not read as two items
        if ("，" if lang == "zh" else ",") in name:
            name = f"“{name}”"
        items.append(f"{name}{n}项" if lang == "zh" else f"{n} {name}")
    if lang == "zh":
        return ZH_SEP.join(items)
    return ", ".join(items[:-1]) + (" and " if len(items) > 1 else "") + items[-1] if items else ""


def is_final(rows: Iterable[Row]) -> bool:
    """The rows are a final assessment: the report year is the target year or later."""
    for r in rows:
        year, target = r.get("report_year"), r.get("target_year")
        if year is not None and target is not None and not isna(year) and not isna(target):
            return int(year) >= int(target)
    return False


def _verdict_counts(rows: Sequence[Row]) -> tuple[dict[str, int], dict[str, int]]:
    """The counts of the schedule verdicts, and of the international categories (milestones
    have none)."""
    sched = _counts(rows, "schedule_verdict")
    intl = _counts([r for r in rows if r.get("kind") != "milestone"], "international_category")
    return sched, intl


def domain_paragraph(
    title: tuple[str, str],
    rows: Sequence[Row],
    names: Names,
    lang: Lang,
    *,
    shortfalls: Sequence[Row],
    illustrative_share: float = 0.0,
) -> str:
    """The opening paragraph of a domain: how many indicators, the counts of both verdicts,
    and the domain's ``shortfalls`` (rows selected and ordered by the engine's shortfall rule,
    worst schedule gap first)."""
    if lang == "zh":
        return _domain_zh(title[0], rows, names, shortfalls, illustrative_share)
    return _domain_en(title[1], rows, names, shortfalls, illustrative_share)


def _domain_zh_name(title: str) -> str:
    """ "“综合交通”领域"; a title that already says 领域 (a plan without plan.yaml:
    "领域“alpha”") as it is."""
    return title if "领域" in title else f"“{title}”领域"


def _domain_en_name(title: str) -> str:
    """ "The domain “Transport”"; a title that already says so ("Domain “alpha”") as it is."""
    return title if title.lower().startswith("domain") else f"The domain “{title}”"


def _domain_zh(
    title: str, rows: Sequence[Row], names: Names, short: Sequence[Row], share: float
) -> str:
    sched, intl = _verdict_counts(rows)
    final = is_final(rows)
    text = (
        f"{_domain_zh_name(title)}共{len(rows)}项指标。{'终期判定' if final else '时序进度判定'}："
        f"{_count_list(sched, 'verdict', 'zh')}。"
    )
    if intl and final:
        text += (
            f"期间趋势（年均增速对比，建设事项除外）：{_count_list(intl, 'category_final', 'zh')}。"
        )
    elif intl:
        text += f"年均增速对比（国际方法，建设事项除外）：{_count_list(intl, 'category', 'zh')}。"
    if short:
        text += (
            "列入问题清单的有："
            + ZH_SEP.join(f"{r['id']} {names[r['id']][0]}" for r in short)
            + "。"
        )
    else:
        text += "本领域没有指标列入问题清单。"
    if share > 0:
        text += (
            f"注意：本领域{fmt_percent(share, 'zh', 0)}的数值为示意数据，"
            "判定仅演示方法，不代表实际进展。"
        )
    return text


def _domain_en(
    title: str, rows: Sequence[Row], names: Names, short: Sequence[Row], share: float
) -> str:
    sched, intl = _verdict_counts(rows)
    n = len(rows)
    final = is_final(rows)
    text = (
        f"{_domain_en_name(title)} has {n} indicator{'s' if n != 1 else ''}. "
        f"{'Final verdicts' if final else 'Schedule verdicts'}: "
        f"{_count_list(sched, 'verdict', 'en')}. "
    )
    if intl and final:
        text += (
            "Trend over the period (Open SDG trajectory, milestones excepted): "
            f"{_count_list(intl, 'category_final', 'en')}. "
        )
    elif intl:
        text += (
            f"Trajectory (Open SDG, milestones excepted): {_count_list(intl, 'category', 'en')}. "
        )
    if short:
        text += (
            "On the list of shortfalls: "
            + "; ".join(f"{r['id']} {names[r['id']][1]}" for r in short)
            + "."
        )
    else:
        text += "No indicator of this domain is on the list of shortfalls."
    if share > 0:
        text += (
            f" Note: {fmt_percent(share, 'en', 0)} of the values in this domain "
            "are illustrative; the verdicts demonstrate the method and say nothing about "
            "actual progress."
        )
    return text


def shortfall_paragraph(rows: Sequence[Row], names: Names, lang: Lang) -> str:
    """The 问题清单 as a sentence, in the order of ``rows`` (the engine's shortfall rows, worst
    schedule gap first); at most eight are named."""
    zh = lang == "zh"
    if not rows:
        return (
            "本年度没有指标列入问题清单。" if zh else "No indicator is on the list of shortfalls."
        )
    items = []
    for r in rows[:8]:
        share = number(r, "distance_share")
        v = label("verdict", str(r.get("schedule_verdict")), lang)
        name = names[r["id"]][0 if zh else 1]
        if zh:
            far = f"，距目标尚差目标值的{fmt_percent(share, lang)}" if share else ""
            items.append(f"{r['id']} {name}（{v}{far}）")
        else:
            far = f", {fmt_percent(share, lang)} of the target still to go" if share else ""
            items.append(f"{r['id']} {name} ({v}{far})")
    more = len(rows) - len(items)
    if zh:
        text = (
            f"问题清单共{len(rows)}项，按距目标的差距（占目标值的比例）由大到小依次为："
            + ZH_SEP.join(items)
        )
        return text + (f"等（另有{more}项见表）。" if more else "。")
    text = (
        f"The list of shortfalls has {len(rows)} indicator{'s' if len(rows) != 1 else ''}, "
        "furthest from the target (as a share of the target) first: " + "; ".join(items)
    )
    return text + (f"; and {more} more (see the table)." if more else ".")


def share_text(
    counts: tuple[int, int],
    year: int,
    lang: Lang,
    *,
    districts: bool,
    district_report: bool = False,
) -> str:
    """The one statement of the share of illustrative values (the cover, the summary and the
    data appendix print it alike): ``counts`` is (illustrative, all) as
    :func:`healthcheck.inputs.status.illustrative_counts` counts them, ``districts`` whether
    district values are among them.  "98%（2025年及以前的全市与分区指标数值共1206个，其中示意
    数据1182个）" / "98% (1182 of the 1206 city and district values of the indicators up to
    2025)"; ``district_report``: the values of one district ("全区" / "district")."""
    n, total = counts
    share = n / total if total else 0.0
    pct = fmt_percent(share, lang, 0)
    if lang == "zh":
        areas = "全区" if district_report else "全市与分区" if districts else "全市"
        return f"{pct}（{year}年及以前的{areas}指标数值共{total}个，其中示意数据{n}个）"
    areas = "district" if district_report else "city and district" if districts else "city"
    return f"{pct} ({n} of the {total} {areas} values of the indicators up to {year})"


def summary_paragraph(
    city: tuple[str, str],
    year: int,
    rows: Sequence[Row],
    lang: Lang,
    *,
    illustrative: tuple[int, int] = (0, 0),
    districts: bool = False,
    district_report: bool = False,
) -> str:
    """The executive summary's opening: the counts of both verdict systems for the city, and
    the share of illustrative values (``illustrative``: (illustrative, all) values, stated by
    :func:`share_text`)."""
    n = len(rows)
    sched, intl = _verdict_counts(rows)
    share = illustrative[0]
    final = is_final(rows)
    # a sufficient pace beside a missed target (final): said, not left as a positive count
    missed = sum(
        1 for r in rows
        if r.get("international_category") == "on_track"
        and r.get("schedule_verdict") == "not_achieved"
    )  # fmt: skip
    table = "category_final" if final else "category"
    shares = share_text(
        illustrative, year, lang, districts=districts, district_report=district_report
    )
    if lang == "zh":
        text = (
            f"{year}年城市体检共评估{city[0]}{n}项规划指标。"
            f"{'终期判定' if final else '时序进度判定'}：{_count_list(sched, 'verdict', lang)}；"
            f"{'期间趋势（年均增速对比，' if final else '年均增速对比（国际方法，'}建设事项除外）："
            f"{_count_list(intl, table, lang)}。"
        )
        if final and missed:
            text = text[:-1] + f"；期间增速足以达标的{missed}项期末仍未达标。"
        if share > 0:
            text += (
                f"示意数据占比{shares}："
                "示意数据是未找到公开发布数值之处的占位数，据此作出的判定只演示方法。"
            )
        return text
    intl_en = (
        "Trend over the period (Open SDG trajectory, milestones excepted)"
        if final
        else "Trajectory (Open SDG, milestones excepted)"
    )
    name = city[1][0].lower() + city[1][1:] if city[1].startswith("The ") else city[1]
    text = (
        (
            f"The {year} health check assesses {n} of the plan's targets for {name}. "
            if district_report
            else f"The {year} health check assesses {n} targets of {name}'s plan. "
        )
        + f"{'Final verdicts' if final else 'Schedule verdicts'}: "
        f"{_count_list(sched, 'verdict', lang)}. "
        f"{intl_en}: {_count_list(intl, table, lang)}."
    )
    if final and missed:
        which = (
            f"the {missed} with a sufficient pace"
            if missed > 1
            else "the one with a sufficient pace"
        )
        text = text[:-1] + f"; {which} still missed the target."
    if share > 0:
        text += (
            f" Illustrative values: {shares}; "
            "no published figure was found for them, and the verdicts resting on them only "
            "demonstrate the method."
        )
    return text


def changes_paragraph(
    changes: Sequence[Row],
    names: Names,
    year: int,
    lang: Lang,
    *,
    previous_available: bool = True,
    switched: int = 0,
    final: bool = False,
) -> str:
    """The verdicts that changed against the previous year's check (at most ten are named);
    ``switched`` counts the changes that are only the switch to the final verdict in the target
    year (left out of ``changes``), said in one sentence; ``final``: this year's categories
    are named as the trend over the period."""
    zh = lang == "zh"
    prev = year - 1
    if not previous_available:
        return (
            f"数据中没有{prev}年及以前的数值，无法与上一年度体检比较。"
            if zh
            else f"The data has no value for {prev} or before: no comparison with the previous "
            "year's check."
        )
    head = ""
    if switched:
        head = (
            f"{year}年为规划目标年，时序进度判定转为终期结论：{switched}项指标按上年进度"
            "顺延为“已达成”（上年快于时序进度）或“未达成”（上年慢于时序进度或背离目标），"
            "不逐一列出。"
            if zh
            else f"{year} is the plan's target year, so progress verdicts turn into final "
            f"ones: {switched} indicator{'s' if switched != 1 else ''} went the way the "
            f"{prev} check pointed (ahead → achieved; behind or moving away → not achieved), "
            "not listed one by one. "
        )
    moved = [
        c
        for c in changes
        if c.get("schedule_from") != c.get("schedule_to")
        or c.get("category_from") != c.get("category_to")
    ]
    if not moved:
        other = ("其余" if zh else "other ") if switched else ("各" if zh else "")
        if zh:
            return head + f"与{prev}年体检相比，{other}指标的判定没有实质变化。"
        return head + f"No {other}verdict changed against the {prev} check."
    items = []
    for c in moved[:10]:
        items.append(_change_item(c, names, lang, final))
    more = len(moved) - len(items)
    if zh:
        text = (
            head
            + f"与{prev}年体检相比，{len(moved)}项指标的判定发生实质变化："
            + ZH_SEP.join(items)
        )
        return text + (f"等（另有{more}项见表）。" if more else "。")
    text = head + (
        f"Against the {prev} check, {len(moved)} verdict"
        f"{'s' if len(moved) != 1 else ''} changed in substance: " + "; ".join(items)
    )
    return text + (f"; and {more} more (see the table)." if more else ".")


def _change_item(c: Row, names: Names, lang: Lang, final: bool) -> str:
    zh = lang == "zh"
    name = names[c["id"]][0 if zh else 1]
    pairs = []
    if c.get("schedule_from") != c.get("schedule_to"):
        pairs.append(
            (
                label("verdict", c.get("schedule_from"), lang),
                label("verdict", c.get("schedule_to"), lang),
            )
        )
    if c.get("category_from") != c.get("category_to"):
        pairs.append(
            (
                label("category", c.get("category_from"), lang),
                label("category_final" if final else "category", c.get("category_to"), lang),
            )
        )
    moves = ("；" if zh else "; ").join(f"{a}→{b}" if zh else f"{a} → {b}" for a, b in pairs)
    return f"{c['id']} {name}（{moves}）" if zh else f"{c['id']} {name} ({moves})"


def district_sentence(ind: Indicator, rows: Sequence[Row], lang: Lang) -> str:
    """The districts of one indicator: how many meet the city goal, the best and the worst."""
    zh = lang == "zh"
    rows = [r for r in rows if number(r, "value") is not None]
    name = ind.name_zh if zh else ind.name_en
    if not rows:
        return f"{name}：无分区数据。" if zh else f"{name}: no district values."
    ranked = sorted(rows, key=lambda r: number(r, "rank") or 99)
    best, worst = ranked[0], ranked[-1]

    def who(r: Row) -> str:
        nm = r["name_zh"] if zh else r["name_en"]
        v = value_text(number(r, "value"), ind, lang)
        return f"{nm}（{v}）" if zh else f"{nm} ({v})"

    meets = [r for r in rows if r.get("meets") is True or str(r.get("meets")) == "True"]
    has_target = any(number(r, "target") is not None for r in rows)
    n = len(rows)
    if zh:
        text = f"{name}："
        if has_target:
            goal = "分析组阈值" if ind.goal_is_analysts else "目标"
            text += count_zh(len(meets), n, f"达到{goal}") + "；"
        return text + f"最好的是{who(best)}，最差的是{who(worst)}。"
    text = f"{name}: "
    if has_target:
        goal = "analysts’ threshold" if ind.goal_is_analysts else "target"
        text += count_en(len(meets), n, f"the {goal}") + "; "
    return text + f"best {who(best)}, worst {who(worst)}."


def count_zh(k: int, n: int, what: str, unit: str = "个区") -> str:
    """How many of ``n`` districts do ``what``, as Chinese says it: 没有区…, 仅1个区…,
    13个区全部…, 13个区中有8个区…"""
    if n == 1:
        return f"唯一的区{'已' if k else '未'}{what}"
    if k == 0:
        return f"{n}{unit}均未{what}"
    if k == n:
        return f"{n}{unit}全部{what}"
    if k == 1:
        return f"{n}{unit}中仅1{unit}{what}"
    return f"{n}{unit}中有{k}{unit}{what}"


def count_en(k: int, n: int, what: str) -> str:
    """How many of ``n`` districts meet ``what``: none / only 1 / all 13 / 8 of 13."""
    if n == 1:
        return f"the one district {'meets' if k else 'does not meet'} {what}"
    if k == 0:
        return f"none of the {n} districts meets {what}"
    if k == n:
        return f"all {n} districts meet {what}"
    if k == 1:
        return f"only 1 of the {n} districts meets {what}"
    return f"{k} of the {n} districts meet {what}"
