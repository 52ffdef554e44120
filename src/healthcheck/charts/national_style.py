"""The vocabulary and the styles of the national 城市体检's figures
(:mod:`~healthcheck.charts.national`, :mod:`~healthcheck.charts.problem_map`): the levels, the
grades, the dimension ratings, the remedies and the problem classes, each with its bilingual
words and its fill and hatch (apart in grey-scale print: lightness and hatch, never hue alone).

The figures accept the engine's keys (``very_good``, ``time_bound``, …) or the manual's Chinese
words (很好, 限时解决, …); :func:`key_of` turns either into the key.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

__all__ = [
    "CLASSES",
    "GRADES",
    "GRADE_STYLES",
    "LEVELS",
    "LEVEL_NAMES",
    "LEVEL_STYLES",
    "RATINGS",
    "REMEDIES",
    "STATUSES",
    "STATUS_STYLES",
    "is_all",
    "key_of",
    "require_columns",
    "words",
]

#: the sub-city levels of the ledgers, in the manual's order: (zh, en)
LEVELS: dict[str, tuple[str, str]] = {
    "housing": ("住房", "housing"),
    "community": ("小区（社区）", "community"),
    "block": ("街区", "block"),
}
#: all four levels of the framework (the plan's domains): (zh, en)
LEVEL_NAMES: dict[str, tuple[str, str]] = {**LEVELS, "city": ("城区（城市）", "city")}
#: the four grades of an indicator, best first
GRADES: dict[str, tuple[str, str]] = {
    "very_good": ("很好", "very good"),
    "good": ("较好", "good"),
    "fair": ("一般", "fair"),
    "insufficient": ("不足", "insufficient"),
}
#: the rating of a dimension (第五章 表3), best first
RATINGS: dict[str, tuple[str, str]] = {
    "excellent": ("优", "excellent"),
    "good": ("良", "good"),
    "fair": ("中", "fair"),
    "poor": ("差", "poor"),
}
REMEDIES: dict[str, tuple[str, str]] = {
    "time_bound": ("限时解决", "time-bound"),
    "best_effort": ("尽力解决", "best effort"),
}
CLASSES: dict[str, tuple[str, str]] = {
    "bottom_line": ("底线型", "bottom-line"),
    "improvement": ("提升型", "improvement"),
}
STATUSES: dict[str, tuple[str, str]] = {
    "done": ("已完成", "done"),
    "late": ("逾期完成", "done late"),
    "in_progress": ("整治中", "in progress"),
    "open": ("未整治", "not started"),
    "not_done": ("未完成", "not done"),
}

#: fill and hatch of each grade, good -> bad: plain fills for the good grades, hatches for the
#: ones that need attention (as :data:`~healthcheck.charts.style.CATEGORY_STYLES`)
GRADE_STYLES: dict[str, tuple[str, str]] = {
    "very_good": ("#009E73", ""),
    "good": ("#A6DCC4", ""),
    "fair": ("#F0E442", "++"),
    "insufficient": ("#D55E00", "xxx"),
}
#: fill and hatch of each level's segment in the ledger bars
LEVEL_STYLES: dict[str, tuple[str, str]] = {
    "housing": ("#0072B2", ""),
    "community": ("#9AD9BD", "----"),
    "block": ("#E69F00", "xxx"),
}
#: fill and hatch of each status in the remediation chart, in drawing order: done plain and
#: dark, done late light with upright lines, in progress light and lined, not started (or not
#: done) crossed
STATUS_STYLES: dict[str, tuple[str, str]] = {
    "done": ("#009E73", ""),
    "late": ("#B9D7EE", "|||"),
    "in_progress": ("#F7D58F", "----"),
    "open": ("#D55E00", "xxx"),
    "not_done": ("#E69F00", "xxx"),
}

#: words that mean "all" in the remediation frame
_ALL = ("all", "overall", "total", "合计", "总体")
#: other spellings of the keys (English variants the engine or a CSV may use)
_ALIASES: dict[str, str] = {
    "very good": "very_good",
    "verygood": "very_good",
    "bottom-line": "bottom_line",
    "bottomline": "bottom_line",
    "time-bound": "time_bound",
    "best-effort": "best_effort",
    "in-progress": "in_progress",
    "限时": "time_bound",
    "尽力": "best_effort",
    "小区": "community",
    "社区": "community",
    "城区": "city",
    "城市": "city",
}


def key_of(value: Any, table: Mapping[str, tuple[str, str]]) -> str | None:
    """The key of ``value`` in ``table`` (the key itself, its Chinese word, its English word
    or a known alias); None for an empty value; a ValueError for one the table does not know."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    text = str(value).strip()
    if not text or text.lower() in ("nan", "none", "<na>"):
        return None
    low = text.lower()
    if low in table:
        return low
    alias = _ALIASES.get(low)
    if alias in table:
        return alias
    for key, (zh, en) in table.items():
        if text == zh or low == en.lower():
            return key
    known = ", ".join(f"{k} ({zh})" for k, (zh, _en) in table.items())
    raise ValueError(f"unknown value {text!r}; expected one of {known}")


def is_all(value: Any) -> bool:
    """Whether a remediation row is the overall one."""
    return str(value).strip().lower() in _ALL


def words(key: str, table: Mapping[str, tuple[str, str]], sep: str = " ") -> str:
    """The Chinese and English words of ``key``: "较好 good"."""
    zh, en = table[key]
    return f"{zh}{sep}{en}"


def require_columns(frame: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    """A ValueError naming ``what`` and the columns ``frame`` lacks."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        has = ", ".join(map(str, frame.columns))
        raise ValueError(f"{what}: missing column(s) {', '.join(missing)}; has {has}")
