"""The sampling rules of the manual (第一章 二.2 and 专栏4), checked on the usable responses.

Each check states its rule, the number found and pass / fail, and what a failure means for the
results.  A value exactly on a bound passes ("不少于", "不超过", "浮动不超过").
"""

from __future__ import annotations

import pandas as pd

from healthcheck.inputs.survey_spec import Quotas
from healthcheck.results.model import SurveyCheck

__all__ = ["sampling_checks"]

#: a bound is met within this (shares are computed in floating point)
_EPS = 1e-9

_MEANING = {
    "community": (
        "样本过少的社区不单独报告得分；全市及区级得分仍可用。",
        "The 社区 with too few responses get no score of their own; the city and "
        "district scores remain usable.",
    ),
    "total": (
        "样本总量不足，得分的置信区间较宽，区域间差异较难判别。",
        "With fewer responses than required the intervals are wider and differences "
        "between areas are harder to tell apart.",
    ),
    "rate": (
        "样本量与建成区人口的比例不在手册范围内：比例偏低时区间较宽，偏高不影响结果。",
        "The sample is outside the manual's share of the population: too few widens the "
        "intervals; too many does not harm the results.",
    ),
    "female": (
        "女性样本偏多；按性别加权后得分仍代表全体居民，但有效样本量减少。",
        "Women are over-represented; the weighting to the population corrects the "
        "scores, at the cost of a smaller effective sample.",
    ),
    "age": (
        "年龄结构偏离手册要求；按年龄加权可校正得分，但该年龄组权重较大、区间较宽。",
        "The age profile departs from the manual's; the weighting by age corrects the "
        "scores, but that group's large weights widen the intervals.",
    ),
    "government": (
        "党政机关或事业人员占比过高，其评价可能与其他居民不同，得分可能偏高。",
        "Too many respondents work for government or public institutions; their "
        "views may differ from other residents' and the scores may be biased.",
    ),
    "income": (
        "缺少部分收入群体，得分不能代表这些居民的评价。",
        "Some income groups are missing: the scores do not represent their views.",
    ),
}


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _check(
    cid: str, rule: tuple[str, str], found: tuple[str, str], passed: bool, meaning: str
) -> SurveyCheck:
    zh, en = _MEANING[meaning]
    return SurveyCheck(
        id=cid,
        rule_zh=rule[0],
        rule_en=rule[1],
        found_zh=found[0],
        found_en=found[1],
        passed=passed,
        meaning_zh="" if passed else zh,
        meaning_en="" if passed else en,
    )


def _size_checks(r: pd.DataFrame, q: Quotas, population: float | None) -> list[SurveyCheck]:
    n = len(r)
    per = r.groupby("community").size()
    low = per[per < q.per_community_min]
    out = [
        _check(
            "per_community",
            (f"每个社区不少于{q.per_community_min}份", f"at least {q.per_community_min} per 社区"),
            (
                f"{len(per)}个社区，最少{int(per.min()) if len(per) else 0}份，{len(low)}个不足",
                f"{len(per)} 社区, fewest {int(per.min()) if len(per) else 0}, {len(low)} below",
            ),
            len(low) == 0,
            "community",
        )
    ]
    out.append(
        _check(
            "total",
            (f"样本总量不少于{q.total_min:,}份", f"at least {q.total_min:,} in all"),
            (f"{n:,}份", f"{n:,}"),
            n >= q.total_min,
            "total",
        )
    )
    if population:
        rate = n / population
        lo, hi = q.rate_min * 1000, q.rate_max * 1000
        out.append(
            _check(
                "rate",
                (f"占建成区人口{lo:g}‰–{hi:g}‰", f"{lo:g}‰–{hi:g}‰ of the built-up population"),
                (
                    f"{rate * 1000:.2f}‰（人口{population:,.0f}）",
                    f"{rate * 1000:.2f}‰ (of {population:,.0f})",
                ),
                q.rate_min - _EPS <= rate <= q.rate_max + _EPS,
                "rate",
            )
        )
    return out


def _profile_checks(r: pd.DataFrame, q: Quotas) -> list[SurveyCheck]:
    n = max(len(r), 1)
    female = float((r["sex"] == "female").sum()) / n
    out = [
        _check(
            "female",
            (f"女性不超过{_pct(q.female_max)}", f"women at most {_pct(q.female_max)}"),
            (_pct(female), _pct(female)),
            female <= q.female_max + _EPS,
            "female",
        )
    ]
    tol = q.age.tolerance
    for group, target in q.age.shares.items():
        share = float((r["age_group"] == group).sum()) / n
        out.append(
            _check(
                f"age_{group}",
                (
                    f"{group}岁约{_pct(target)}（±{_pct(tol)}）",
                    f"aged {group} about {_pct(target)} (±{_pct(tol)})",
                ),
                (_pct(share), _pct(share)),
                abs(share - target) <= tol + _EPS,
                "age",
            )
        )
    gov = float((r["occupation"] == "government").sum()) / n
    out.append(
        _check(
            "government",
            (
                f"党政机关或事业人员不超过{_pct(q.government_max)}",
                f"government and public institutions at most {_pct(q.government_max)}",
            ),
            (_pct(gov), _pct(gov)),
            gov <= q.government_max + _EPS,
            "government",
        )
    )
    absent = [g for g in q.incomes if not (r["income"] == g).any()]
    names = {"low": ("低", "low"), "middle": ("中", "middle"), "high": ("高", "high")}
    out.append(
        _check(
            "income",
            ("低、中、高收入群体均有", "low, middle and high incomes all present"),
            (
                "均有" if not absent else "缺" + "、".join(names.get(g, (g, g))[0] for g in absent),
                "all present"
                if not absent
                else "missing " + ", ".join(names.get(g, (g, g))[1] for g in absent),
            ),
            not absent,
            "income",
        )
    )
    return out


def sampling_checks(
    responses: pd.DataFrame, quotas: Quotas, population: float | None
) -> list[SurveyCheck]:
    """Every sampling rule on the usable ``responses`` (columns community, sex, age_group,
    occupation, income); ``population`` is the population the sample is drawn from (the
    margins' total; None: the share of the population is not checked)."""
    return _size_checks(responses, quotas, population) + _profile_checks(responses, quotas)
