"""Generated text: one sentence per indicator and the paragraphs of a domain and of the summary,
in Chinese and in English, from the assessment.

Every sentence states the verdict together with the numbers it rests on (the value and its year,
the baseline, the target, completion against time elapsed, the international category and the
growth rates behind it), so that a reader can check it against the table.  Values that are
illustrative are said to be so in the sentence itself.  An analysts' threshold (the plan gives no
figure) is named as such.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from healthcheck.text.i18n import Lang, finite, fmt_number, fmt_percent, fmt_pp, fmt_value, label

__all__ = [
    "changes_paragraph",
    "district_sentence",
    "domain_paragraph",
    "indicator_sentence",
    "indicator_sentences",
    "shortfall_paragraph",
    "summary_paragraph",
    "value_text",
]

ZH_SEP = "、"


def _num(row: Mapping[str, Any], key: str) -> float | None:
    return finite(row.get(key))


def _int(row: Mapping[str, Any], key: str) -> int | None:
    v = _num(row, key)
    return None if v is None else int(v)


def _decimals(x: float) -> int:
    text = f"{x:.6f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def value_text(x: float | None, ind: Any, lang: Lang, like: float | None = None) -> str:
    """A value with the indicator's unit, as the language writes it.

    Next to a target ``like``, the value keeps at least the target's decimals, and more where
    needed to tell the two apart (99.9986 % is never printed as the target 99.999 %)."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "—"
    precise = like is not None and (_decimals(like) > 2 or ind.is_percentage)
    if ind.is_percentage or (precise and abs(x) < 1000):
        digits = max(_decimals(like) if like is not None else 1, 1 if ind.is_percentage else 0)
        if like is not None:
            while (
                digits < 6 and abs(x - like) > 1e-12 and f"{x:.{digits}f}" == f"{like:.{digits}f}"
            ):
                digits += 1
        text = f"{x:.{digits}f}"
        if like is None and "." in text:
            text = text.rstrip("0").rstrip(".")
        if ind.is_percentage:
            return text + "%"
        unit = ind.unit_zh if lang == "zh" else f" {ind.unit_en}"
        return (text + unit).rstrip()
    if not ind.unit_zh and not ind.unit_en:
        return fmt_number(x, lang)
    return fmt_value(x, ind.unit_zh, ind.unit_en, lang)


def _signed(x: float, ind: Any, lang: Lang) -> str:
    text = value_text(abs(x), ind, lang)
    sign = "+" if x > 0 else ("−" if x < 0 else "±")
    return sign + text


def _verdict(key: str | None, lang: Lang) -> str:
    return label("verdict", key, lang)


def _category(key: str | None, lang: Lang) -> str:
    return label("category", key, lang)


def _rate(x: float | None, lang: Lang) -> str:
    """An annual growth rate, signed: +3.2% / −1.0 %."""
    if x is None:
        return "—"
    pct = x * 100
    digits = 1 if abs(pct) >= 0.1 or pct == 0 else min(4, 1 - int(math.floor(math.log10(abs(pct)))))
    return f"{pct:+.{digits}f}".replace("-", "−") + "%"


def indicator_sentence(
    ind: Any, row: Mapping[str, Any], lang: Lang, *, illustrative: bool = False
) -> str:
    """One sentence on one indicator: its verdicts and the numbers behind them."""
    zh = lang == "zh"
    name = ind.name_zh if zh else ind.name_en
    verdict = str(row.get("schedule_verdict") or "insufficient_data")
    t = _int(row, "year")
    yt = _num(row, "value")
    y0 = _num(row, "baseline")
    yT = _num(row, "target_value")
    t0 = _int(row, "baseline_year") or int(ind.baseline_year)
    T = _int(row, "target_year") or int(ind.target_year)
    report = _int(row, "report_year") or t or T
    parts: list[str] = []

    if ind.kind == "milestone":
        done = _int(row, "done_year")
        if verdict == "done" and done is not None:
            parts.append(f"{name}：已于{done}年完成" if zh else f"{name}: done in {done}")
        elif verdict == "not_done":
            parts.append(
                f"{name}：截至{t or report}年尚未完成（目标年份{T}年）"
                if zh
                else f"{name}: not yet done by {t or report} (due by {T})"
            )
        else:
            parts.append(
                f"{name}：数据不足，未作判定" if zh else f"{name}: insufficient data, no verdict"
            )
        return _finish(parts, illustrative, lang)

    if verdict == "insufficient_data" and (yt is None or t is None):
        parts.append(
            f"{name}：数据不足，未作判定" if zh else f"{name}: insufficient data, no verdict"
        )
        return _finish(parts, illustrative, lang)

    if ind.kind == "trend":
        prev_year, prev = _int(row, "previous_year"), _num(row, "previous_value")
        if prev_year is not None and prev is not None and yt is not None:
            diff = yt - prev
            if zh:
                parts.append(
                    f"{name}{t}年为{value_text(yt, ind, lang)}，较{prev_year}年"
                    f"（{value_text(prev, ind, lang)}）{_signed(diff, ind, lang)}，"
                    f"判定为“{_verdict(verdict, lang)}”"
                )
            else:
                parts.append(
                    f"{name}: {value_text(yt, ind, lang)} in {t}, "
                    f"{_signed(diff, ind, lang)} on {prev_year} ({value_text(prev, ind, lang)}): "
                    f"{_verdict(verdict, lang)}"
                )
        else:
            parts.append(
                f"{name}{t}年为{value_text(yt, ind, lang)}，无可比较的上一年数值"
                if zh
                else f"{name}: {value_text(yt, ind, lang)} in {t}, with no earlier year to compare"
            )
        parts.append(_intl_clause(row, lang))
        return _finish(parts, illustrative, lang)

    # targeted kinds: level, increase, growth, cumulative
    final = report >= T
    goal_note = ""
    if ind.goal_is_analysts:
        goal_note = (
            "（规划未给出数值，该目标值为分析组设定的阈值）"
            if zh
            else (" (the plan gives no figure: this is the analysts' threshold)")
        )
    if ind.kind == "cumulative":
        what = (
            f"{name}{t0 + 1}—{t}年累计{value_text(yt, ind, lang)}"
            if zh
            else f"{name}: {value_text(yt, ind, lang)} in total over {t0 + 1}–{t}"
        )
        if t is not None and t <= t0:
            what = (
                f"{name}：{t0}年以后尚无年度数值" if zh else f"{name}: no annual amount after {t0}"
            )
    else:
        what = (
            f"{name}{t}年为{value_text(yt, ind, lang, yT)}"
            if zh
            else f"{name}: {value_text(yt, ind, lang, yT)} in {t}"
        )
        if ind.kind == "increase" and y0 is not None and yt is not None:
            what += (
                f"，较{t0}年新增{value_text(yt - y0, ind, lang)}"
                if zh
                else f", {value_text(yt - y0, ind, lang)} added since {t0}"
            )
    if zh:
        tgt = (
            f"，{T}年目标为{value_text(yT, ind, lang, yT)}{goal_note}"
            if yT is not None
            else f"，{T}年目标值无法确定{goal_note}"
        )
        base = (
            f"（{t0}年基线{value_text(y0, ind, lang, yT)}）"
            if y0 is not None and ind.kind != "cumulative"
            else ""
        )
    else:
        tgt = (
            f", against a {T} target of {value_text(yT, ind, lang, yT)}{goal_note}"
            if yT is not None
            else f"; the {T} target value cannot be set{goal_note}"
        )
        base = (
            f" (baseline {t0}: {value_text(y0, ind, lang, yT)})"
            if y0 is not None and ind.kind != "cumulative"
            else ""
        )
    parts.append(what + base + tgt)

    c, e, g = _num(row, "completion"), _num(row, "time_elapsed"), _num(row, "schedule_gap")
    v = _verdict(verdict, lang)
    if verdict in ("achieved", "not_achieved") and final:
        if zh:
            s = f"终期判定为“{v}”"
            if c is not None:
                s += f"（完成率{fmt_percent(c, lang)}）"
        else:
            s = f"final verdict: {v}"
            if c is not None:
                s += f" (completion {fmt_percent(c, lang)})"
        parts.append(s)
    elif verdict == "achieved":
        parts.append("已提前达成目标" if zh else "the target is already met")
    elif c is not None and e is not None:
        if zh:
            parts.append(
                f"完成率{fmt_percent(c, lang)}，时序进度{fmt_percent(e, lang)}，"
                f"判定为“{v}”（进度差{fmt_pp(g, lang)}）"
            )
        else:
            parts.append(
                f"completion {fmt_percent(c, lang)} against {fmt_percent(e, lang)} of the time "
                f"elapsed: {v} (gap {fmt_pp(g, lang)})"
            )
    else:
        parts.append(f"判定为“{v}”" if zh else f"verdict: {v}")
    parts.append(_intl_clause(row, lang))

    proj = _num(row, "projected_value")
    if proj is not None and not final and verdict != "achieved" and yT is not None:
        likely = row.get("likely_met")
        if zh:
            s = f"按{t0}—{t}年的线性趋势，{T}年预计为{value_text(proj, ind, lang, yT)}"
            if likely is not None and not _isna(likely):
                s += "，有望实现目标" if bool(likely) else "，按此趋势难以实现目标"
        else:
            s = (
                f"on the linear trend of {t0}–{t}, {T} would reach "
                f"{value_text(proj, ind, lang, yT)}"
            )
            if likely is not None and not _isna(likely):
                s += ", enough to meet the target" if bool(likely) else ", short of the target"
        parts.append(s)
    return _finish(parts, illustrative, lang)


def _isna(x: Any) -> bool:
    try:
        return x is None or (isinstance(x, float) and math.isnan(x)) or str(x) == "<NA>"
    except TypeError:
        return False


def _intl_clause(row: Mapping[str, Any], lang: Lang) -> str:
    cat = row.get("international_category")
    if not cat or _isna(cat):
        return ""
    zh = lang == "zh"
    obs, req = _num(row, "cagr_observed"), _num(row, "cagr_required")
    ratio = _num(row, "cagr_ratio")
    method = str(row.get("intl_method") or "")
    text = (
        f"国际分类为“{_category(cat, lang)}”"
        if zh
        else f"international category: {_category(cat, lang)}"
    )
    if method == "cagr_ratio" and obs is not None and req is not None:
        text += (
            (
                f"（年均增速{_rate(obs, lang)}，所需{_rate(req, lang)}"
                + (f"，比值{ratio:.2f}）" if ratio is not None else "）")
            )
            if zh
            else (
                f" (average annual growth {_rate(obs, lang)} against {_rate(req, lang)} required"
                + (f", ratio {ratio:.2f})" if ratio is not None else ")")
            )
        )
    elif method == "cagr" and obs is not None:
        text += (
            f"（年均增速{_rate(obs, lang)}）"
            if zh
            else f" (average annual growth {_rate(obs, lang)})"
        )
    elif method == "linear_ratio":
        measure = _num(row, "intl_measure")
        if measure is not None:
            text += (
                f"（实际与所需年均增量之比{measure:.2f}）"
                if zh
                else f" (observed to required average annual change {measure:.2f})"
            )
    return text


def _finish(parts: Sequence[str], illustrative: bool, lang: Lang) -> str:
    parts = [p for p in parts if p]
    if lang == "zh":
        text = "；".join(parts) + "。"
        if illustrative:
            text += "（所用数值含示意数据，并非公开发布的统计数。）"
        return text
    text = "; ".join(parts)
    text = text[0].upper() + text[1:] + "."
    if illustrative:
        text += " (Uses illustrative values, not published statistics.)"
    return text


def indicator_sentences(
    ind: Any, row: Mapping[str, Any], *, illustrative: bool = False
) -> tuple[str, str]:
    """The sentence in Chinese and in English."""
    return (
        indicator_sentence(ind, row, "zh", illustrative=illustrative),
        indicator_sentence(ind, row, "en", illustrative=illustrative),
    )


# --------------------------------------------------------------------------------------------
# Paragraphs


def _counts(rows: Iterable[Mapping[str, Any]], key: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in rows:
        v = r.get(key)
        k = str(v) if v and not _isna(v) else "not_assessed"
        out[k] = out.get(k, 0) + 1
    return out


def _count_list(counts: Mapping[str, int], table: str, lang: Lang) -> str:
    items = []
    for k, n in counts.items():
        if k == "not_assessed":
            name = "未评估" if lang == "zh" else "not assessed"
        else:
            name = label(table, k, lang)
        items.append(f"{name}{n}项" if lang == "zh" else f"{n} {name}")
    if lang == "zh":
        return ZH_SEP.join(items)
    return ", ".join(items[:-1]) + (" and " if len(items) > 1 else "") + items[-1] if items else ""


def domain_paragraph(
    title: tuple[str, str],
    rows: Sequence[Mapping[str, Any]],
    names: Mapping[str, tuple[str, str]],
    lang: Lang,
    *,
    illustrative_share: float = 0.0,
) -> str:
    """The opening paragraph of a domain: how many indicators, the counts of both verdicts,
    and the shortfalls (worst schedule gap first)."""
    zh = lang == "zh"
    n = len(rows)
    sched = _counts(rows, "schedule_verdict")
    intl = _counts([r for r in rows if r.get("kind") != "milestone"], "international_category")
    short = _shortfall_rows(rows)
    if zh:
        text = f"“{title[0]}”领域共{n}项指标。时序进度判定：{_count_list(sched, 'verdict', lang)}。"
        if intl:
            text += f"国际分类（建设事项除外）：{_count_list(intl, 'category', lang)}。"
        if short:
            text += (
                "列入问题清单的有："
                + ZH_SEP.join(f"{r['id']} {names[r['id']][0]}" for r in short)
                + "。"
            )
        else:
            text += "本领域没有指标列入问题清单。"
        if illustrative_share > 0:
            text += (
                f"注意：本领域{fmt_percent(illustrative_share, lang, 0)}的数值为示意数据，"
                "判定仅演示方法，不代表实际进展。"
            )
        return text
    text = (
        f"The domain “{title[1]}” has {n} indicator{'s' if n != 1 else ''}. "
        f"Schedule verdicts: {_count_list(sched, 'verdict', lang)}. "
    )
    if intl:
        text += (
            f"International categories (milestones excepted): "
            f"{_count_list(intl, 'category', lang)}. "
        )
    if short:
        text += (
            "On the list of shortfalls: "
            + "; ".join(f"{r['id']} {names[r['id']][1]}" for r in short)
            + "."
        )
    else:
        text += "No indicator of this domain is on the list of shortfalls."
    if illustrative_share > 0:
        text += (
            f" Note: {fmt_percent(illustrative_share, lang, 0)} of the values in this domain "
            "are illustrative; the verdicts demonstrate the method and say nothing about "
            "actual progress."
        )
    return text


SHORTFALL_VERDICTS = ("behind", "moving_away", "not_achieved", "not_done")


def _shortfall_rows(rows: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    out = []
    for r in rows:
        v = r.get("schedule_verdict")
        d = r.get("direction")
        if v in SHORTFALL_VERDICTS or (v == "fell" and d == "up") or (v == "rose" and d == "down"):
            out.append(r)
    return sorted(
        out, key=lambda r: (_num(r, "schedule_gap") is None, _num(r, "schedule_gap") or 0.0)
    )


def shortfall_paragraph(
    rows: Sequence[Mapping[str, Any]], names: Mapping[str, tuple[str, str]], lang: Lang
) -> str:
    """The 问题清单 as a sentence: worst schedule gap first."""
    zh = lang == "zh"
    if not rows:
        return (
            "本年度没有指标列入问题清单。" if zh else "No indicator is on the list of shortfalls."
        )
    items = []
    for r in rows[:8]:
        g = _num(r, "schedule_gap")
        v = _verdict(str(r.get("schedule_verdict")), lang)
        name = names[r["id"]][0 if zh else 1]
        gap = (
            f"，进度差{fmt_pp(g, lang)}"
            if zh and g is not None
            else (f", gap {fmt_pp(g, lang)}" if g is not None else "")
        )
        items.append(f"{r['id']} {name}（{v}{gap}）" if zh else f"{r['id']} {name} ({v}{gap})")
    more = len(rows) - len(items)
    if zh:
        text = f"问题清单共{len(rows)}项，按进度差由大到小依次为：" + ZH_SEP.join(items)
        return text + (f"等（另有{more}项见表）。" if more else "。")
    text = (
        f"The list of shortfalls has {len(rows)} indicator{'s' if len(rows) != 1 else ''}, "
        "worst schedule gap first: " + "; ".join(items)
    )
    return text + (f"; and {more} more (see the table)." if more else ".")


def summary_paragraph(
    city: tuple[str, str],
    year: int,
    rows: Sequence[Mapping[str, Any]],
    lang: Lang,
    *,
    illustrative_share: float = 0.0,
) -> str:
    """The executive summary's opening: the counts of both verdict systems for the city."""
    zh = lang == "zh"
    n = len(rows)
    sched = _counts(rows, "schedule_verdict")
    intl = _counts([r for r in rows if r.get("kind") != "milestone"], "international_category")
    if zh:
        text = (
            f"{year}年城市体检共评估{city[0]}{n}项规划指标。时序进度判定："
            f"{_count_list(sched, 'verdict', lang)}；国际分类（建设事项除外）："
            f"{_count_list(intl, 'category', lang)}。"
        )
        if illustrative_share > 0:
            text += (
                f"{fmt_percent(illustrative_share, lang, 0)}的数值为示意数据（未找到公开发布的"
                "数值），相关判定只演示方法。"
            )
        return text
    text = (
        f"The {year} health check assesses {n} targets of {city[1]}'s plan. Schedule "
        f"verdicts: {_count_list(sched, 'verdict', lang)}. International categories "
        f"(milestones excepted): {_count_list(intl, 'category', lang)}."
    )
    if illustrative_share > 0:
        text += (
            f" {fmt_percent(illustrative_share, lang, 0)} of the values are illustrative "
            "(no published figure was found); verdicts resting on them only demonstrate the "
            "method."
        )
    return text


def changes_paragraph(
    changes: Sequence[Mapping[str, Any]],
    names: Mapping[str, tuple[str, str]],
    year: int,
    lang: Lang,
    *,
    previous_available: bool = True,
) -> str:
    """The verdicts that changed against the previous year's check."""
    zh = lang == "zh"
    prev = year - 1
    if not previous_available:
        return (
            f"数据中没有{prev}年及以前的数值，无法与上一年度体检比较。"
            if zh
            else f"The data has no value for {prev} or before: no comparison with the previous "
            "year's check."
        )
    moved = [c for c in changes if c.get("schedule_from") != c.get("schedule_to")]
    if not moved:
        return (
            f"与{prev}年体检相比，各指标的时序进度判定没有变化。"
            if zh
            else f"No schedule verdict changed against the {prev} check."
        )
    items = []
    for c in moved[:10]:
        a, b = _verdict(c.get("schedule_from"), lang), _verdict(c.get("schedule_to"), lang)
        name = names[c["id"]][0 if zh else 1]
        items.append(f"{c['id']} {name}（{a}→{b}）" if zh else f"{c['id']} {name} ({a} → {b})")
    more = len(moved) - len(items)
    if zh:
        text = f"与{prev}年体检相比，{len(moved)}项指标的时序进度判定发生变化：" + ZH_SEP.join(
            items
        )
        return text + (f"等（另有{more}项见表）。" if more else "。")
    text = (
        f"Against the {prev} check, {len(moved)} schedule verdict"
        f"{'s' if len(moved) != 1 else ''} changed: " + "; ".join(items)
    )
    return text + (f"; and {more} more (see the table)." if more else ".")


def district_sentence(ind: Any, rows: Sequence[Mapping[str, Any]], lang: Lang) -> str:
    """The districts of one indicator: how many meet the city goal, the best and the worst."""
    zh = lang == "zh"
    rows = [r for r in rows if _num(r, "value") is not None]
    name = ind.name_zh if zh else ind.name_en
    if not rows:
        return f"{name}：无分区数据。" if zh else f"{name}: no district values."
    ranked = sorted(rows, key=lambda r: _num(r, "rank") or 99)
    best, worst = ranked[0], ranked[-1]

    def who(r: Mapping[str, Any]) -> str:
        nm = r["name_zh"] if zh else r["name_en"]
        return (
            f"{nm}（{value_text(_num(r, 'value'), ind, lang)}）"
            if zh
            else f"{nm} ({value_text(_num(r, 'value'), ind, lang)})"
        )

    meets = [r for r in rows if r.get("meets") is True or str(r.get("meets")) == "True"]
    has_target = any(_num(r, "target") is not None for r in rows)
    if zh:
        text = f"{name}：{len(rows)}个区中，"
        if has_target:
            text += f"{len(meets)}个区达到{'分析组阈值' if ind.goal_is_analysts else '目标'}；"
        return text + f"最好的是{who(best)}，最差的是{who(worst)}。"
    text = f"{name}: of {len(rows)} districts, "
    if has_target:
        text += (
            f"{len(meets)} meet the {'analysts’ threshold' if ind.goal_is_analysts else 'target'}; "
        )
    return text + f"best {who(best)}, worst {who(worst)}."
