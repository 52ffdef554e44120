"""The words and sentences of the national 城市体检 (framework ``mohurd_2025``), in Chinese and
in English: the grades (很好 / 较好 / 一般 / 不足), the dimension ratings (优 / 良 / 中 / 差), the
levels, the ledger's classes, and the sentences the report builds from them.

The words are the manual's; the English follows the manual's meaning (不足 is "insufficient",
a shortfall, not "poor", which the ratings use for 差).  Every sentence takes numbers already
counted; none decides anything.
"""

from __future__ import annotations

from typing import Literal

from healthcheck.text.numbers import fmt_percent

Lang = Literal["zh", "en"]

__all__ = [
    "GRADE",
    "LEVEL",
    "PROBLEM_CLASS",
    "RATING",
    "REMEDY",
    "SEVERITY",
    "STATUS",
    "UNIT_LEVEL",
    "coverage_sentence",
    "grade_change",
    "grade_counts_sentence",
    "ledger_sentence",
    "nat_label",
    "no_survey_sentence",
    "rating_sentence",
    "remediation_sentence",
]

#: grades of a 城区 indicator: (zh, en, symbol readable in grey-scale)
GRADE: dict[str, tuple[str, str, str]] = {
    "very_good": ("很好", "very good", "◎"),
    "good": ("较好", "good", "○"),
    "fair": ("一般", "fair", "△"),
    "insufficient": ("不足", "insufficient", "×"),
}
#: ratings of a dimension (第五章 表3)
RATING: dict[str, tuple[str, str, str]] = {
    "excellent": ("优", "excellent", "◎"),
    "good": ("良", "good", "○"),
    "fair": ("中", "fair", "△"),
    "poor": ("差", "poor", "×"),
}
#: the levels of the check (the plan's domains)
LEVEL: dict[str, tuple[str, str, str]] = {
    "housing": ("住房", "housing", ""),
    "community": ("小区（社区）", "community", ""),
    "block": ("街区", "block", ""),
    "city": ("城区（城市）", "city", ""),
}
PROBLEM_CLASS: dict[str, tuple[str, str, str]] = {
    "bottom_line": ("底线型", "bottom-line", ""),
    "improvement": ("提升型", "improvement", ""),
}
REMEDY: dict[str, tuple[str, str, str]] = {
    "time_bound": ("限时解决", "fix by the deadline", ""),
    "best_effort": ("尽力解决", "best effort", ""),
}
SEVERITY: dict[str, tuple[str, str, str]] = {
    "very_serious": ("非常严重", "very serious", ""),
    "serious": ("严重", "serious", ""),
    "general": ("一般", "moderate", ""),
}
STATUS: dict[str, tuple[str, str, str]] = {
    "open": ("未整治", "open", ""),
    "in_progress": ("整治中", "in progress", ""),
    "done": ("已完成", "done", ""),
}
#: the units the ledger's counts are made in
UNIT_LEVEL: dict[str, tuple[str, str, str]] = {
    "community": ("社区", "community", ""),
    "street": ("街道", "street", ""),
    "city": ("全市", "city", ""),
}
_TABLES = {
    "grade": GRADE, "rating": RATING, "level": LEVEL, "problem_class": PROBLEM_CLASS,
    "remedy": REMEDY, "severity": SEVERITY, "status": STATUS, "unit_level": UNIT_LEVEL,
}  # fmt: skip


def nat_label(table: str, key: str | None, lang: Lang) -> str:
    """The word of ``key`` in ``table`` ("grade", "rating", "level", …); "—" for none, the key
    itself for one the table does not know (a new code shows, it is never hidden)."""
    if not key:
        return "—"
    found = _TABLES[table].get(key)
    if found is None:
        return key
    return found[0] if lang == "zh" else found[1]


def grade_change(
    default: str | None, expert: str | None, final: str | None, downgraded: bool, lang: Lang
) -> str:
    """How the final grade came about, when it is not simply the default rule's: the expert
    panel's grade in place of the rule's, and a step lowered by the survey; "" otherwise."""
    parts = []
    if expert and expert != default:
        rule = nat_label("grade", default, lang)
        if lang == "zh":
            parts.append(f"专家定级{nat_label('grade', expert, 'zh')}（默认规则为{rule}）")
        else:
            parts.append(f"expert grade {nat_label('grade', expert, 'en')} (rule: {rule})")
    if downgraded:
        parts.append(
            "居民评分低于60分，降一级"
            if lang == "zh"
            else "lowered one step: residents' score below 60"
        )
    return ("；" if lang == "zh" else "; ").join(parts)


def grade_counts_sentence(counts: dict[str, int], not_graded: int, lang: Lang) -> str:
    """ "30项指标中，很好5项、较好12项、一般8项、不足3项，2项未定级。"""
    graded = sum(counts.values())
    total = graded + not_graded
    if lang == "zh":
        body = "、".join(f"{GRADE[g][0]}{counts.get(g, 0)}项" for g in GRADE)
        tail = f"，{not_graded}项未定级或不适用" if not_graded else ""
        return f"{total}项指标中，{body}{tail}。"
    body = ", ".join(f"{counts.get(g, 0)} {GRADE[g][1]}" for g in GRADE)
    tail = f"; {not_graded} not graded or not applicable" if not_graded else ""
    return f"Of {total} indicators: {body}{tail}."


def rating_sentence(ratings: list[tuple[str, str, str | None]], lang: Lang) -> str:
    """The dimensions' ratings in one sentence: (dimension_zh, dimension_en, rating) each."""
    if not ratings:
        return ""
    if lang == "zh":
        body = "，".join(
            f"{zh}{nat_label('rating', r, 'zh') if r else '未评价'}" for zh, _, r in ratings
        )
        return f"各维度评价：{body}。"
    body = "; ".join(
        f"{en} {nat_label('rating', r, 'en') if r else 'not rated'}" for _, en, r in ratings
    )
    return f"Ratings by dimension: {body}."


def ledger_sentence(
    level: str, records: int, units: int, problems: int, closed: int, lang: Lang
) -> str:
    """A level's ledger in a sentence: the records that count, in how many 社区, how many
    indicators judged a problem for the city; and the records of problems carried forward
    and done this year (listed in the ledger, no longer counted)."""
    name = nat_label("level", level, lang)
    if lang == "zh":
        tail = f"另有{closed}条为上年转入、本年已完成整治的记录，不再计入。" if closed else ""
        if not records:
            return f"{name}维度问题台账本年度无待整治问题。{tail}"
        return (
            f"{name}维度问题台账共{records}条记录，涉及{units}个社区；"
            f"按全市判定，{problems}项指标存在问题。{tail}"
        )
    tail = (
        f" {closed} more record{'s' if closed != 1 else ''} of problems carried forward and "
        "done this year no longer count."
        if closed
        else ""
    )
    if not records:
        return f"The {name} ledger has no open problem this year.{tail}"
    return (
        f"The {name} ledger holds {records} record{'s' if records != 1 else ''} in {units} "
        f"communit{'ies' if units != 1 else 'y'}; judged for the city, {problems} "
        f"indicator{'s are' if problems != 1 else ' is'} a problem.{tail}"
    )


def remediation_sentence(
    previous_year: int,
    totals: dict[str, tuple[int, int, float | None]],
    carried: int,
    lang: Lang,
) -> str:
    """问题整治完成率 in a sentence: (total, done, rate) for time_bound, best_effort, overall."""
    tb, be, al = totals["time_bound"], totals["best_effort"], totals["overall"]
    if lang == "zh":
        return (
            f"{previous_year}年问题台账共{al[0]}项问题，至本年度已完成整治{al[1]}项，"
            f"问题整治完成率{fmt_percent(al[2], 'zh')}；其中限时解决{tb[0]}项、完成{tb[1]}项"
            f"（{fmt_percent(tb[2], 'zh')}），尽力解决{be[0]}项、完成{be[1]}项"
            f"（{fmt_percent(be[2], 'zh')}）。未完成的{carried}项已转入本年度台账并标注。"
        )
    return (
        f"Of the {al[0]} problems of the {previous_year} ledger, {al[1]} have been remedied: a "
        f"remediation rate of {fmt_percent(al[2], 'en')}; fix-by-deadline {tb[1]} of {tb[0]} "
        f"({fmt_percent(tb[2], 'en')}), best effort {be[1]} of {be[0]} "
        f"({fmt_percent(be[2], 'en')}). The {carried} not done are carried forward into this "
        f"year's ledger and marked."
    )


def coverage_sentence(
    streets: int, communities: int, communities_total: int | None, lang: Lang
) -> str:
    """The scope of the sub-city check: the sample of 社区 and 街道 covered, with the share of
    the register when it lists more 社区 than were checked."""
    share = communities / communities_total if communities_total and communities_total > 0 else None
    if lang == "zh":
        tail = (
            f"，占登记社区（{communities_total}个）的{fmt_percent(share, 'zh', 0)}"
            if share is not None and share < 1
            else ""
        )
        return f"住房、小区（社区）、街区维度体检覆盖{streets}个街道的{communities}个社区{tail}。"
    tail = (
        f", {fmt_percent(share, 'en', 0)} of the {communities_total} registered"
        if share is not None and share < 1
        else ""
    )
    return (
        f"The housing, community and block levels cover {communities} "
        f"communit{'ies' if communities != 1 else 'y'} in {streets} "
        f"street{'s' if streets != 1 else ''}{tail}."
    )


def no_survey_sentence(lang: Lang) -> str:
    """Said once when no survey results were given."""
    if lang == "zh":
        return (
            "本年度未提供居民调查问卷结果，因此各项指标均未按“居民评分低于60分降一级”的规则"
            "调整，提升型问题仅按台账计数判定。"
        )
    return (
        "No resident survey results were given this year, so no grade was lowered by the rule "
        "“a residents' score below 60 lowers the grade one step”, and improvement-type problems "
        "are judged by the ledger's counts alone."
    )
