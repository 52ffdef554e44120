"""One sentence per indicator: its verdicts and the numbers behind them, in Chinese and English.

Every sentence states the verdict together with the numbers it rests on (the value and its year,
the baseline, the target, completion against time elapsed, the international category and the
growth rates behind it), so that a reader can check it against the table.  Values that are
illustrative are said to be so in the sentence itself.  An analysts' threshold (the plan gives no
figure) is named as such.

Each indicator kind has its sentence function, registered by kind name in :data:`SENTENCES`
(the keys are those of :data:`healthcheck.kinds.KINDS`; a test asserts it).  A sentence function
returns the clauses of the sentence; :func:`indicator_sentence` joins them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from healthcheck.text.i18n import MISSED_DESPITE_PACE, MISSED_DESPITE_PACE_SHORT, Lang, label
from healthcheck.text.narrative.fields import integer, isna, number
from healthcheck.text.numbers import (
    fmt_percent,
    fmt_pp,
    fmt_rate,
    fmt_ratio,
    signed_value,
    value_text,
)

if TYPE_CHECKING:
    from healthcheck.inputs.plan import Indicator

__all__ = [
    "SENTENCES",
    "Sentence",
    "cumulative_sentence",
    "growth_sentence",
    "increase_sentence",
    "indicator_sentence",
    "indicator_sentences",
    "level_sentence",
    "milestone_sentence",
    "missed_despite_pace",
    "trend_sentence",
]

#: the key under which :func:`indicator_sentence` hands its sentence function the framework's
#: threshold of "on track" (a ratio, e.g. 0.95), read by the final-assessment clause
ON_TRACK = "on_track_threshold"


def missed_despite_pace(on_track: float | None, lang: Lang) -> str:
    """A final "not achieved" beside a sufficient pace, in words: "the period's pace was at
    least 95 % of what was needed, yet the target was missed", the percentage being the
    framework's threshold of "on track" (``on_track``); without it, the short form."""
    k = 0 if lang == "zh" else 1
    if on_track is None:
        return MISSED_DESPITE_PACE_SHORT[k]
    return MISSED_DESPITE_PACE[k].format(pace=fmt_percent(on_track, lang, 0))


#: a kind's sentence: (indicator, assessment row, language) -> the clauses of the sentence
Sentence = Callable[["Indicator", Mapping[str, Any], Lang], list[str]]


@dataclass(frozen=True)
class _Facts:
    """What every sentence reads from the row: the name, the verdict, the years and values."""

    ind: Indicator
    lang: Lang
    verdict: str
    t: int | None  # the year of the value
    yt: float | None  # the value
    y0: float | None  # the baseline
    yT: float | None  # the target value
    t0: int  # the baseline year
    T: int  # the target year
    report: int  # the year of the check

    @property
    def zh(self) -> bool:
        return self.lang == "zh"

    @property
    def name(self) -> str:
        return self.ind.name_zh if self.zh else self.ind.name_en

    def value(self, x: float | None, like: float | None = None) -> str:
        return value_text(x, self.ind, self.lang, like)


def _facts(ind: Indicator, row: Mapping[str, Any], lang: Lang) -> _Facts:
    t = integer(row, "year")
    T = integer(row, "target_year") or int(ind.target_year)
    return _Facts(
        ind=ind,
        lang=lang,
        verdict=str(row.get("schedule_verdict") or "insufficient_data"),
        t=t,
        yt=number(row, "value"),
        y0=number(row, "baseline"),
        yT=number(row, "target_value"),
        t0=integer(row, "baseline_year") or int(ind.baseline_year),
        T=T,
        report=integer(row, "report_year") or t or T,
    )


def _no_verdict(f: _Facts) -> list[str]:
    return [f"{f.name}：数据不足，未作判定" if f.zh else f"{f.name}: insufficient data, no verdict"]


def _no_value(f: _Facts) -> bool:
    return f.verdict == "insufficient_data" and (f.yt is None or f.t is None)


# --------------------------------------------------------------------------------------------
# The sentence of each kind


def milestone_sentence(ind: Indicator, row: Mapping[str, Any], lang: Lang) -> list[str]:
    """A milestone: done in which year, or not yet done by the year of the check."""
    f = _facts(ind, row, lang)
    done = integer(row, "done_year")
    if f.verdict == "done" and done is not None:
        return [f"{f.name}：已于{done}年完成" if f.zh else f"{f.name}: done in {done}"]
    if f.verdict == "not_done":
        by = f.t or f.report
        return [
            f"{f.name}：截至{by}年尚未完成（目标年份{f.T}年）"
            if f.zh
            else f"{f.name}: not yet done by {by} (due by {f.T})"
        ]
    return _no_verdict(f)


def trend_sentence(ind: Indicator, row: Mapping[str, Any], lang: Lang) -> list[str]:
    """A rise every year: the value, its change on the previous year, the verdict."""
    f = _facts(ind, row, lang)
    if _no_value(f):
        return _no_verdict(f)
    base_year, base = integer(row, "baseline_year"), number(row, "baseline")
    if base_year is not None and base is not None and f.yt is not None and f.t != base_year:
        change = signed_value(f.yt - base, ind, lang)
        v = label("verdict", f.verdict, lang)
        if f.zh:
            first = (
                f"{f.name}{f.t}年为{f.value(f.yt)}，较{base_year}年基期（{f.value(base)}）"
                f"{change}，按整个期间判定为“{v}”"
            )
        else:
            first = (
                f"{f.name}: {f.value(f.yt)} in {f.t}, {change} on the {base_year} baseline "
                f"({f.value(base)}); over the whole period: {v}"
            )
    else:
        first = (
            f"{f.name}{f.t}年为{f.value(f.yt)}，无可比较的基期数值"
            if f.zh
            else f"{f.name}: {f.value(f.yt)} in {f.t}, with no baseline value to compare"
        )
    return [first, _intl_clause(row, lang, final=f.report >= f.T)]


def level_sentence(ind: Indicator, row: Mapping[str, Any], lang: Lang) -> list[str]:
    """A level to reach: the value against the baseline and the target."""
    f = _facts(ind, row, lang)
    if _no_value(f):
        return _no_verdict(f)
    return _targeted(f, row, _value_in_year(f), baseline=True)


def growth_sentence(ind: Indicator, row: Mapping[str, Any], lang: Lang) -> list[str]:
    """A growth by X %: said as a level (the target is the baseline times the growth)."""
    return level_sentence(ind, row, lang)


def increase_sentence(ind: Indicator, row: Mapping[str, Any], lang: Lang) -> list[str]:
    """An increase: the value, the amount added since the baseline, the target."""
    f = _facts(ind, row, lang)
    if _no_value(f):
        return _no_verdict(f)
    what = _value_in_year(f)
    if f.y0 is not None and f.yt is not None:
        added = f.value(f.yt - f.y0)
        what += f"，较{f.t0}年新增{added}" if f.zh else f", {added} added since {f.t0}"
    return _targeted(f, row, what, baseline=True)


def cumulative_sentence(ind: Indicator, row: Mapping[str, Any], lang: Lang) -> list[str]:
    """A total from the baseline: the running sum of the annual amounts against the target."""
    f = _facts(ind, row, lang)
    if _no_value(f):
        return _no_verdict(f)
    if f.t is not None and f.t <= f.t0:
        what = (
            f"{f.name}：{f.t0}年以后尚无年度数值"
            if f.zh
            else f"{f.name}: no annual amount after {f.t0}"
        )
    else:
        what = (
            f"{f.name}{f.t0 + 1}—{f.t}年累计{f.value(f.yt)}"
            if f.zh
            else f"{f.name}: {f.value(f.yt)} in total over {f.t0 + 1}–{f.t}"
        )
    return _targeted(f, row, what, baseline=False)


#: the sentence of each indicator kind, by kind name (the keys of healthcheck.kinds.KINDS)
SENTENCES: dict[str, Sentence] = {
    "level": level_sentence,
    "increase": increase_sentence,
    "growth": growth_sentence,
    "cumulative": cumulative_sentence,
    "trend": trend_sentence,
    "milestone": milestone_sentence,
}


# --------------------------------------------------------------------------------------------
# The clauses of the targeted kinds


def _value_in_year(f: _Facts) -> str:
    v = f.value(f.yt, f.yT)
    return f"{f.name}{f.t}年为{v}" if f.zh else f"{f.name}: {v} in {f.t}"


def _targeted(f: _Facts, row: Mapping[str, Any], what: str, *, baseline: bool) -> list[str]:
    """The clauses of a kind with a target value: the value with its baseline and target, the
    schedule verdict, the international category, the projection to the target year."""
    final = f.report >= f.T
    base = _baseline_clause(f) if baseline else ""
    return [
        what + base + _target_clause(f),
        _schedule_clause(f, row, final),
        _intl_clause(row, f.lang, final=final),
        _projection_clause(f, row, final),
    ]


def _baseline_clause(f: _Facts) -> str:
    if f.y0 is None:
        return ""
    v = f.value(f.y0, f.yT)
    return f"（{f.t0}年基线{v}）" if f.zh else f" (baseline {f.t0}: {v})"


def _target_clause(f: _Facts) -> str:
    note = ""
    if f.ind.goal_is_analysts:
        note = (
            "（规划未给出数值，该目标值为分析组设定的阈值）"
            if f.zh
            else " (the plan gives no figure: this is the analysts' threshold)"
        )
    if f.zh:
        if f.yT is None:
            return f"，{f.T}年目标值无法确定{note}"
        return f"，{f.T}年目标为{f.value(f.yT, f.yT)}{note}"
    if f.yT is None:
        return f"; the {f.T} target value cannot be set{note}"
    return f", against a {f.T} target of {f.value(f.yT, f.yT)}{note}"


def _schedule_clause(f: _Facts, row: Mapping[str, Any], final: bool) -> str:
    c, e, g = number(row, "completion"), number(row, "time_elapsed"), number(row, "schedule_gap")
    v = label("verdict", f.verdict, f.lang)
    lang = f.lang
    meaningless = row.get("completion_meaningful") is False
    if meaningless:
        c = None
    if f.verdict in ("achieved", "not_achieved") and final:
        why = ""
        if meaningless:
            why = (
                "（基期值接近目标，完成率无意义）"
                if f.zh
                else " (baseline close to target: completion rate not meaningful)"
            )
        if f.zh:
            return f"终期判定为“{v}”" + (
                f"（完成率{fmt_percent(c, lang)}）" if c is not None else why
            )
        return f"final verdict: {v}" + (
            f" (completion {fmt_percent(c, lang)})" if c is not None else why
        )
    if f.verdict == "achieved":
        return "已提前达成目标" if f.zh else "the target is already met"
    if c is not None and e is not None:
        if f.zh:
            return (
                f"完成率{fmt_percent(c, lang)}，时序进度{fmt_percent(e, lang)}，"
                f"判定为“{v}”（进度差{fmt_pp(g, lang)}）"
            )
        return (
            f"completion {fmt_percent(c, lang)} against {fmt_percent(e, lang)} of the time "
            f"elapsed: {v} (gap {fmt_pp(g, lang)})"
        )
    return f"判定为“{v}”" if f.zh else f"verdict: {v}"


def _projection_clause(f: _Facts, row: Mapping[str, Any], final: bool) -> str:
    proj = number(row, "projected_value")
    if proj is None or final or f.verdict == "achieved" or f.yT is None:
        return ""
    likely = row.get("likely_met")
    known = likely is not None and not isna(likely)
    p = f.value(proj, f.yT)
    if f.zh:
        text = f"按{f.t0}—{f.t}年的线性趋势，{f.T}年预计为{p}"
        if known:
            text += "，有望实现目标" if bool(likely) else "，按此趋势难以实现目标"
        return text
    text = f"on the linear trend of {f.t0}–{f.t}, {f.T} would reach {p}"
    if known:
        text += ", enough to meet the target" if bool(likely) else ", short of the target"
    return text


def _intl_clause(row: Mapping[str, Any], lang: Lang, *, final: bool = False) -> str:
    """The international (Open SDG) category and the growth rates or ratio behind it; in a
    final assessment, as the trajectory over the period (never a bare positive word beside a
    final "not achieved")."""
    cat = row.get("international_category")
    if not cat or isna(cat):
        return ""
    zh = lang == "zh"
    if not final:
        text = (
            f"年均增速对比（国际方法）为“{label('category', cat, lang)}”"
            if zh
            else f"trajectory (Open SDG): {label('category', cat, lang)}"
        )
        return text + _intl_measure(row, lang)
    words = label("category_final", cat, lang)
    if cat == "on_track" and row.get("schedule_verdict") == "not_achieved":
        words = missed_despite_pace(number(row, ON_TRACK), lang)
    text = f"期间趋势：{words}" if zh else f"trend over the period: {words}"
    return text + _intl_measure(row, lang)


def _intl_measure(row: Mapping[str, Any], lang: Lang) -> str:
    zh = lang == "zh"
    obs, req = number(row, "cagr_observed"), number(row, "cagr_required")
    ratio = number(row, "cagr_ratio")
    method = str(row.get("intl_method") or "")
    if method == "cagr_ratio" and obs is not None and req is not None:
        if zh:
            tail = f"，实际与所需增速之比{fmt_ratio(ratio)}）" if ratio is not None else "）"
            return f"（年均增速{fmt_rate(obs, lang)}，达标所需{fmt_rate(req, lang)}" + tail
        tail = (
            f", ratio of actual to required growth {fmt_ratio(ratio)})"
            if ratio is not None
            else ")"
        )
        return (
            f" (average annual growth {fmt_rate(obs, lang)} against {fmt_rate(req, lang)} "
            "required" + tail
        )
    if method == "cagr" and obs is not None:
        r = fmt_rate(obs, lang)
        return f"（年均增速{r}）" if zh else f" (average annual growth {r})"
    measure = number(row, "intl_measure")
    if method == "linear_ratio" and measure is not None:
        return (
            f"（实际与所需年均增量之比{fmt_ratio(measure)}）"
            if zh
            else f" (observed to required average annual change {fmt_ratio(measure)})"
        )
    return ""


# --------------------------------------------------------------------------------------------
# The sentence


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


def indicator_sentence(
    ind: Indicator,
    row: Mapping[str, Any],
    lang: Lang,
    *,
    illustrative: bool = False,
    on_track: float | None = None,
) -> str:
    """One sentence on one indicator: its verdicts and the numbers behind them (``on_track``:
    the framework's threshold of "on track", named where a final "not achieved" sits beside a
    sufficient pace)."""
    if on_track is not None:
        row = {**row, ON_TRACK: on_track}
    try:
        sentence = SENTENCES[ind.kind]
    except KeyError:
        raise KeyError(
            f"no sentence for indicator kind {ind.kind!r} ({ind.id}); known: {', '.join(SENTENCES)}"
        ) from None
    return _finish(sentence(ind, row, lang), illustrative, lang)


def indicator_sentences(
    ind: Indicator,
    row: Mapping[str, Any],
    *,
    illustrative: bool = False,
    on_track: float | None = None,
) -> tuple[str, str]:
    """The sentence in Chinese and in English."""
    return (
        indicator_sentence(ind, row, "zh", illustrative=illustrative, on_track=on_track),
        indicator_sentence(ind, row, "en", illustrative=illustrative, on_track=on_track),
    )
